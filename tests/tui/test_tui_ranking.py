"""Relevance order in the app: a slow model never holds up a key; what is stored."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import pytest

from litsearch.models import Record
from litsearch.project import Project
from litsearch.screening import ranking
from litsearch.store import Store
from litsearch.tui.app import make_app

SIZE = (120, 40)
SLOW = 6.0  # seconds a fit of the slow model takes


def _slow(features, labelled, y):
    """A real model (ASReview's default, rebuilt) that takes SLOW seconds per fit: at
    module level, so the app's ranking process can load it (it is passed by name)."""
    time.sleep(SLOW)
    return ranking._elas_u4(features, labelled, y)


@pytest.fixture
def slow_model(monkeypatch):
    monkeypatch.setitem(ranking.MODELS, "slow", _slow)
    return "slow"


@pytest.fixture
def bigger_review(project: Project, seed_review):
    """Twelve records on two topics, so a ranking has something to learn."""
    records = []
    for i in range(12):
        if i % 2:
            records.append(Record(title=f"Rats in chronic stress experiment {i}",
                                  abstract="Rodent hippocampus stress model in the laboratory.",
                                  year=2010 + i, language="en"))
        else:
            records.append(Record(title=f"Spiritual care and meaning-making in GGZ {i}",
                                  abstract="Clients in mental health care on meaning in life.",
                                  year=2010 + i, language="en"))
    ids = seed_review(records)
    project.close()
    return project, ids


def _rows(project):
    with Store(project.db_path) as store:
        return [tuple(r) for r in store.execute(
            "SELECT record_id, decision, model_version, shown_rank FROM decisions ORDER BY id")]


async def _until(predicate, pilot, seconds=30.0):
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "the background ranking never arrived"
        await pilot.pause(0.05)


@contextlib.asynccontextmanager
async def _fitting(project, model, started):
    """Run the app in relevance order and wait, after an include and an exclude, until
    ``started(ranker)``: the slow fit that learns from those two decisions has begun."""
    app = make_app(project.root, reviewer="alice", order="relevance", model=model)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("i", "e", "enter")
        await _until(lambda: started(screen.ranker), pilot)
        yield app, screen, pilot


async def test_a_slow_model_never_blocks_a_key(bigger_review, slow_model):
    project, ids = bigger_review
    # An include and an exclude: the slow fit that learns from them starts.
    async with _fitting(project, slow_model, lambda ranker: ranker.running) as (
            app, screen, pilot):
        fits = screen.ranker.fits
        # The next decision is saved and the next record shown while that fit still
        # runs: had the key waited for the model, the fit would be over.
        await pilot.press("m")
        assert screen.ranker.running and screen.ranker.fits == fits
        assert len(_rows(project)) == 3
        assert "you: 3 done / 9 left" in str(screen.query_one("#status").render())
        # A fit that learned from the include and the exclude (and the maybe, when the
        # first fit ran into the exclude's request).
        await _until(lambda: app.session.ranking is not None
                     and app.session.ranking.version.startswith("slow/1/fit-"), pilot, 60)
        assert "Predicted relevance" in str(screen.query_one("#record").render())
        # The header's stopping estimate is the reviewer's own and says so ("your"):
        # status and `screen --stopping` give the whole review's.
        assert "your estimate" in str(screen.query_one("#status").render())
        # The record on screen stays when a ranking arrives; the one after it is the
        # first of the learned order.
        await pilot.press("i", "i")
    rows = _rows(project)
    assert [r[1] for r in rows] == ["include", "exclude", "maybe", "include", "include"]
    assert rows[4][2].startswith("slow/1/fit-") and rows[4][3] == 1
    # The learned order puts the other meaning-making records (even ids' topic) first.
    assert rows[4][0] in ids[0::2]


async def test_file_order_is_stored_with_each_decision(bigger_review):
    project, ids = bigger_review
    app = make_app(project.root, reviewer="alice", order="file")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "i")
    # ids[0] was skipped, so ids[1] was second among the undecided when decided.
    assert _rows(project) == [(ids[1], "include", "file", 2)]


async def test_blind_reviewers_rankings_are_independent(bigger_review, monkeypatch):
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.order import RelevanceModel, load_texts
    from litsearch.screening.session import ScreeningSession

    project, ids = bigger_review
    project = Project.open(project.root)
    criteria = load_criteria(project.criteria_path)
    alice = ScreeningSession(project.store, criteria, "title-abstract", "alice", blind=True,
                             order="relevance")
    alice.decide("include")  # ids[0]: meaning-making
    alice.decide("exclude")  # ids[1]: rats
    texts = load_texts(project.store.path, alice.queue.ids)
    model = RelevanceModel(alice.queue.ids, texts, [], "elas-u4")
    before = model.rank(alice.labels())
    # Bob decides the opposite on many records; Alice's ranking must not move.
    bob = ScreeningSession(project.store, criteria, "title-abstract", "bob", blind=True,
                           order="relevance")
    for _ in range(8):
        bob.decide("exclude" if bob.current in ids[0::2] else "include")
    alice_again = ScreeningSession(project.store, criteria, "title-abstract", "alice",
                                   blind=True, order="relevance")
    assert alice_again.labels() == alice.labels() == {ids[0]: 1, ids[1]: 0}
    after = model.rank(alice_again.labels())
    assert after.order == before.order and after.scores == before.scores
    assert model.rank(bob.labels()).order != before.order
    project.close()
    await asyncio.sleep(0)


@pytest.mark.parametrize("key,value", [("order", "sideways"), ("model", "bogus")])
def test_a_wrong_screening_setting_in_review_toml_is_named_there(bigger_review, key, value):
    from litsearch.errors import LitsearchError

    project, _ = bigger_review
    config = project.root / "review.toml"
    config.write_text(config.read_text() + f'\n[screening]\n{key} = "{value}"\n')
    with pytest.raises(LitsearchError, match=rf"review.toml: \[screening\] {key} = '{value}'"):
        make_app(project.root, reviewer="alice")


def _gone(pid: int, seconds: float = 20.0) -> bool:
    """True once no process ``pid`` runs (a zombie not yet reaped counts as gone)."""
    end = time.monotonic() + seconds
    while True:
        try:
            status = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if status == "Z":
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.1)


async def test_the_ranking_process_ends_with_the_app(bigger_review, slow_model):
    project, _ = bigger_review
    # The slow fit is running in the worker process when the app closes.
    async with _fitting(project, slow_model,
                        lambda ranker: ranker._worker is not None and ranker.running) as (
            _app, screen, _pilot):
        pid = screen.ranker._worker.process.pid
        assert Path(f"/proc/{pid}").exists()
    assert _gone(pid)


def test_the_ranking_process_ends_when_the_app_is_killed(bigger_review, tmp_path):
    """A killed app (SIGKILL: no unmount, no exit handler) leaves no ranking process,
    even one in the middle of a fit."""
    import os
    import signal
    import subprocess
    import sys

    project, _ = bigger_review
    script = tmp_path / "app.py"
    script.write_text(
        "import sys, threading, time\n"
        "from litsearch.project import Project\n"
        "from litsearch.screening import ranking\n"
        "from litsearch.screening.criteria import load_criteria\n"
        "from litsearch.screening.rank_worker import RankWorker\n"
        "from litsearch.store import Store\n"
        "def stuck(features, labelled, y):  # a fit that is still running when killed\n"
        "    time.sleep(600)\n"
        "def main():\n"
        "    ranking.MODELS['stuck'] = stuck\n"
        "    project = Project.open(sys.argv[1])\n"
        "    units = [r[0] for r in Store(project.db_path).execute('SELECT id FROM records')]\n"
        "    worker = RankWorker(str(project.db_path), units, project.root,\n"
        "                        load_criteria(project.criteria_path), 'stuck')\n"
        "    changes = [(units[0], 'include'), (units[1], 'exclude')]\n"
        "    threading.Thread(target=worker.rank, args=(changes,), daemon=True).start()\n"
        "    print(worker.process.pid, flush=True)\n"
        "    time.sleep(600)\n"
        "if __name__ == '__main__':  # spawn imports this file again in the worker\n"
        "    main()\n")
    app = subprocess.Popen([sys.executable, str(script), str(project.root)],
                           stdout=subprocess.PIPE, text=True)
    pid = None
    try:
        pid = int(app.stdout.readline())
        time.sleep(5)  # the worker starts, reads the texts and enters the fit
        assert Path(f"/proc/{pid}").exists()
        os.kill(app.pid, signal.SIGKILL)
        app.wait(10)
        assert _gone(pid)
    finally:
        if app.poll() is None:
            app.kill()
        if pid is not None and not _gone(pid, 0):  # the failure leaves no process behind
            os.kill(pid, signal.SIGKILL)


async def test_the_ranking_process_learns_exactly_the_reviewers_labels(bigger_review):
    """The app sends the ranking process only the decisions made since its last request;
    through undos and a changed decision the labels it fits and tests on are still
    exactly the session's, in the same order (its stopping test equals one computed
    here from the session's labels)."""
    import numpy as np

    from litsearch.screening.stopping import stop_test

    project, ids = bigger_review
    app = make_app(project.root, reviewer="alice", order="relevance")
    async with app.run_test(size=SIZE) as pilot:
        screen, session = app.screen, app.session
        for keys in (("i",), ("e", "enter"), ("i",), ("m",), ("u",), ("u",), ("e", "enter"),
                     ("/", *f"#{ids[0]}", "enter", "e", "enter"), ("i",)):
            await pilot.press(*keys)
            await pilot.pause()
        ranker = screen.ranker
        await _until(lambda: ranker.fits > 0 and not ranker.running and not ranker.queued,
                     pilot, 60)
        labels = session.labels()
        assert len(labels) == 4 and labels[ids[0]] == 0 and list(labels)[-2] == ids[0]
        expected = stop_test(np.asarray(list(labels.values())), len(session.queue.ids))
        assert screen.stop == expected
        assert screen.stop.screened == 4 and screen.stop.found == sum(labels.values())



async def test_a_record_shown_before_a_ranking_arrived_keeps_the_order_it_was_shown_in(
        bigger_review):
    """The record on screen stays when a ranking arrives, so its decision stores the
    order that put it there (file order, rank 1), not its rank in the new ranking (an
    auditor read 'cold-start/terms, rank 9' for the first record shown)."""
    project, ids = bigger_review
    app = make_app(project.root, reviewer="alice", order="relevance")
    async with app.run_test(size=SIZE) as pilot:
        shown = app.session.current
        await _until(lambda: app.session.ranking is not None, pilot)
        assert app.session.current == shown
        best = next(u for u in app.session.ranking.order if u != shown)
        await pilot.press("i")
        await _until(lambda: len(_rows(project)) == 1, pilot)
        # The next record is the ranking's best: it was shown in that ranking's order.
        assert app.session.current == best
        await pilot.press("e", "enter")
        await _until(lambda: len(_rows(project)) == 2, pilot)
    rows = _rows(project)
    assert rows[0] == (shown, "include", "file", 1)
    assert rows[1][0] == best and rows[1][3] == 1
    assert rows[1][2] == "cold-start/terms"  # one include: nothing to fit a model on


async def test_a_decision_names_the_fit_it_was_shown_in(bigger_review):
    """model_version named the model (elas-u4/1) but not which fit: an auditor could not
    tell which ranking a record was shown in. It names the fit by the number of labels
    it learned from (elas-u4/1/fit-2)."""
    project, _ids = bigger_review
    app = make_app(project.root, reviewer="alice", order="relevance")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.press("e", "enter")  # an include and an exclude: a model can be fitted
        await _until(lambda: app.session.ranking is not None
                     and app.session.ranking.version == "elas-u4/1/fit-2", pilot, 60)
        await pilot.press("i")  # shown before that fit arrived: keeps its order
        after = app.session.current  # chosen from the fit on two labels
        await pilot.press("i")
        await _until(lambda: len(_rows(project)) == 4, pilot)
    rows = _rows(project)
    assert rows[3][0] == after and rows[3][2] == "elas-u4/1/fit-2"
    assert rows[2][2] in ("file", "cold-start/terms", "elas-u4/1/fit-2")


async def test_the_header_counts_maybes_apart_from_includes(bigger_review):
    """A maybe is not an include: the header's count agreed with `status` (incl. 1,
    maybe 1) only after the maybe was changed; it read 'includes 2' before."""
    project, ids = bigger_review
    app = make_app(project.root, reviewer="alice", order="file")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "m")
        status = str(app.screen.query_one("#status").render())
        assert "includes 1 (+1 maybe)" in status
        await pilot.press("u", "i")
        assert "includes 2 ·" in str(app.screen.query_one("#status").render())
