"""Decisions whose order is not the order records were shown in (imported from another
tool, or made by `screen decide`) are never read as the stopping test's random sample.

A Covidence user exports "included" and "excluded" as two lists and imports them one
after the other: 44 includes, then 656 excludes, of a random 700 from a pool of 1,241
holding 77 relevant (recall 57 %). Read as the screening order, the 656 excludes looked
like a sample of the remainder with no relevant record: `screen --stopping` said about 0
relevant were left, at most 3 at 95 % confidence, while 33 were.
"""

from __future__ import annotations

import csv
import random

from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import record_decision
from litsearch.screening.early_stop import stopping_report
from litsearch.screening.imports import import_decisions


def _pool(project, seeded, record_factory, total=1241, relevant=77):
    ids = seeded(project.store, [record_factory(i) for i in range(total)])
    rng = random.Random(3)
    truth = set(rng.sample(ids, relevant))
    return ids, truth


def _import(project, path, decision):
    return import_decisions(project.store, load_criteria(project.criteria_path), path,
                            ["alice"], reviewer="alice", decision=decision)


def _write(path, units):
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["litsearch_record_id"])
        w.writerows([u] for u in units)


def test_imported_lists_are_not_read_as_a_screening_sample(project, seeded, record_factory,
                                                           tmp_path):
    ids, truth = _pool(project, seeded, record_factory)
    screened = random.Random(5).sample(ids, 700)
    inc = [u for u in screened if u in truth]
    exc = [u for u in screened if u not in truth]
    _write(tmp_path / "included.csv", inc)
    _write(tmp_path / "excluded.csv", exc)
    _import(project, tmp_path / "included.csv", "include")
    _import(project, tmp_path / "excluded.csv", "exclude")
    left = len(truth) - len(inc)
    test = stopping_report(project.store).test
    assert not test.stop
    # No decision has a shown order, so there is no sample: too early to estimate, and
    # the bound is every unscreened record (reading the imported lists as a sample
    # assumed the other tool had screened a random draw, unsaid).
    assert test.too_early and test.sample == 0
    assert test.remaining_upper == test.left >= left


def test_decisions_shown_in_the_app_after_an_import_form_the_sample(project, seeded,
                                                                    record_factory, tmp_path):
    """After the imported ones, the decisions made on records the app showed are the
    sample: 10 includes imported, then 276 excludes screened in the app (file order)."""
    ids = seeded(project.store, [record_factory(i) for i in range(300)])
    _write(tmp_path / "included.csv", ids[:10])
    _import(project, tmp_path / "included.csv", "include")
    for unit in ids[10:286]:
        record_decision(project.store, unit, "title-abstract", "alice", "exclude",
                        source="tui", model_version="file", shown_rank=1)
    test = stopping_report(project.store).test
    assert test.stop and test.sample == 276


def test_screen_stopping_says_imported_decisions_are_not_the_sample(project, cli, seeded,
                                                                     record_factory, tmp_path):
    ids = seeded(project.store, [record_factory(i) for i in range(50)])
    _write(tmp_path / "excluded.csv", ids[:20])
    _import(project, tmp_path / "excluded.csv", "exclude")
    root = str(project.root)
    project.close()
    code, out, err = cli("screen", "--stopping", "--review", root)
    assert code == 0, err
    assert "20 decisions imported or made with `screen decide` carry no shown order" in \
        " ".join(out.split())


def test_the_apps_estimate_does_not_read_imported_lists_as_its_sample(project, seeded,
                                                                      record_factory,
                                                                      tmp_path):
    """The app's header ran the same test on the reviewer's labels in the order held by
    the screening queue, with no word of which were imported: after the includes-then-
    excludes import it said what `screen --stopping` used to say (about 0 left). The
    queue now knows which labels have no shown order, and the ranking process's test
    (the header's) agrees with `screen --stopping --reviewer`."""
    import numpy as np

    from litsearch.screening.queue import TRAINING_LABEL, ScreeningQueue
    from litsearch.screening.rank_worker import RankWorker
    from litsearch.screening.stopping import stop_test
    from litsearch.tui.live import location  # what the app gives its ranking process

    ids, truth = _pool(project, seeded, record_factory, total=400, relevant=40)
    screened = random.Random(5).sample(ids, 200)
    _write(tmp_path / "included.csv", [u for u in screened if u in truth])
    _write(tmp_path / "excluded.csv", [u for u in screened if u not in truth])
    _import(project, tmp_path / "included.csv", "include")
    _import(project, tmp_path / "excluded.csv", "exclude")
    # Then 100 records screened in the app (file order), all excludes.
    rest = [u for u in ids if u not in screened][:100]
    for unit in rest:
        record_decision(project.store, unit, "title-abstract", "alice", "exclude",
                        source="tui", model_version="file", shown_rank=1)
    # And one late correction by `screen decide` (no shown order) of an app decision:
    # it must not throw the 99 others out of the sample.
    record_decision(project.store, rest[0], "title-abstract", "alice", "exclude")
    queue = ScreeningQueue.load(project.store, "title-abstract", "alice")
    assert len(queue.unshown) == 200
    cli_test = stopping_report(project.store, "alice").test
    labels = np.array([TRAINING_LABEL[d] for d in queue.mine.values()])
    naive = stop_test(labels, len(queue.ids))
    assert naive.sample != cli_test.sample  # the order of the lists, read as a sample
    worker = RankWorker(location(project.store), queue.ids, project.root,
                        load_criteria(project.criteria_path), "elas-u4")
    try:
        result = worker.rank(list(queue.mine.items()), None, True, queue.unshown)
    finally:
        worker.close()
    assert result.test.p_value == cli_test.p_value
    assert result.test.sample == cli_test.sample >= 99
    assert result.test.remaining_upper == cli_test.remaining_upper
