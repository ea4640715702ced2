"""An early stop: the stopping test, the records it excludes, and PRISMA's numbers."""

from __future__ import annotations

import json

from litsearch.report.explain import explain
from litsearch.report.prisma import compute_flow
from litsearch.screening.decisions import record_decision
from litsearch.screening.early_stop import STOPPING_REVIEWER, stopping_report
from litsearch.store import Store


def _screen(project, seeded, record_factory, includes: int, excludes: int,
            total: int = 300) -> list[int]:
    ids = seeded(project.store, [record_factory(i) for i in range(total)])
    for i, unit in enumerate(ids[: includes + excludes]):
        # As the app stores them: each with the order the record was shown in.
        record_decision(project.store, unit, "title-abstract", "alice",
                        "include" if i < includes else "exclude", source="tui",
                        model_version="file", shown_rank=1)
    return ids


def test_early_stop_is_counted_as_excluded_by_automation(project, cli, seeded, record_factory):
    # 10 includes, then 276 excludes in a pool of 300: the last 276 are a sample of the
    # 290 left, with none of the K_tar = 1 include that a recall below 95 % would need
    # there; p = 14/290 < 0.05.
    ids = _screen(project, seeded, record_factory, 10, 276)
    root = str(project.root)
    project.close()
    code, out, _ = cli("screen", "--stopping", "--review", root)
    assert code == 0 and "reached" in out and "heuristic" in out
    code, out, err = cli("screen", "stop", "--review", root)
    assert code == 0, err
    assert "14 unscreened records excluded by the stopping rule" in out
    with Store(project.database_url or project.db_path) as store:
        flow = compute_flow(store, ["alice"])
        assert flow.n("records_screened") == 300
        assert flow.n("records_excluded") == 290
        assert flow.n("records_excluded_automation") == 14
        assert flow.n("records_excluded_human") == 276
        assert flow.pending["awaiting_title_abstract"] == []
        rows = explain(store, flow, "records_excluded_automation")
        assert sorted(r.record_id for r in rows) == sorted(ids[286:])
        reasons = {r[0] for r in store.execute(
            "SELECT reason FROM decisions WHERE reviewer = ?", (STOPPING_REVIEWER,))}
    (reason,) = reasons
    assert "Callaghan" in reason and "95%" in reason and "reached" in reason
    code, out, _ = cli("status", "--json", "--review", root)
    stop = json.loads(out)["stopping"]
    # No person screened those 14: the stopping rule excluded them.
    assert stop["reached"] and stop["unscreened"] == 14 and stop["found"] == 10


def test_stop_is_refused_before_the_target_unless_forced(project, cli, seeded, record_factory):
    _screen(project, seeded, record_factory, 10, 100)
    root = str(project.root)
    report = stopping_report(project.store)
    assert not report.test.stop and report.test.more_to_screen == 176
    project.close()
    code, _, err = cli("screen", "stop", "--review", root)
    assert code != 0 and "has not reached 95% recall" in err and "176 more" in err
    code, out, _ = cli("screen", "stop", "--force", "--review", root)
    assert code == 0 and "190 unscreened" in out and "not reached" in out
    with Store(project.database_url or project.db_path) as store:
        flow = compute_flow(store, ["alice"])
        assert flow.n("records_excluded_automation") == 190


def test_explain_lists_the_stopping_rule_and_its_test_as_the_detail(project, cli, seeded,
                                                                    record_factory):
    ids = _screen(project, seeded, record_factory, 10, 276)
    root = str(project.root)
    project.close()
    code, _, err = cli("screen", "stop", "--review", root)
    assert code == 0, err
    code, out, err = cli("prisma", "--explain", "records_excluded_automation", "--format", "json",
                         "--review", root)
    assert code == 0, err
    rows = json.loads(out)
    rows = rows["records"] if isinstance(rows, dict) else rows
    assert sorted(r["record_id"] for r in rows) == sorted(ids[286:])
    for row in rows:
        assert row["detail"].startswith(f"{STOPPING_REVIEWER}: ")
        assert "Callaghan" in row["detail"] and "reached" in row["detail"]


def test_a_reopened_session_keeps_the_order_decisions_were_made_in(project, seeded, record_factory):
    # The app's stopping estimate reads the reviewer's labels as a sequence (the last
    # ones screened are the test's sample), so a reopened session must give them in the
    # order they were made, not in record order.
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.session import ScreeningSession

    ids = seeded(project.store, [record_factory(i) for i in range(30)])
    made = ids[::-1][:12]
    for i, unit in enumerate(made):
        record_decision(project.store, unit, "title-abstract", "alice",
                        "include" if i < 3 else "exclude")
    session = ScreeningSession(project.store, load_criteria(project.criteria_path),
                               "title-abstract", "alice", order="relevance")
    assert list(session.labels()) == made
    assert list(session.labels().values()) == [1] * 3 + [0] * 9


def test_after_a_stop_the_app_offers_no_record_the_stopping_rule_excluded(project, seeded,
                                                                          record_factory):
    # Offering them would only make conflicts with the stopping rule's exclusions.
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.early_stop import stop_screening
    from litsearch.screening.session import ScreeningSession

    ids = _screen(project, seeded, record_factory, 10, 276)
    criteria = load_criteria(project.criteria_path)
    stop_screening(project.store)
    alice = ScreeningSession(project.store, criteria, "title-abstract", "alice", order="file")
    assert alice.current is None and alice.queue.mine.keys() == set(ids[:286])
    bob = ScreeningSession(project.store, criteria, "title-abstract", "bob", order="file")
    assert bob.current == ids[0]
    assert ids[286] not in bob.queue.ids and len(bob.queue.ids) == 286


def test_an_early_stop_is_noted_with_its_test_in_every_prisma_form_and_prisma_s(
        project, seeded, record_factory):
    import csv
    import io

    from litsearch.report.prisma_csv import to_csv, to_dict
    from litsearch.report.prisma_s import search_report
    from litsearch.report.render_md import render_md
    from litsearch.report.render_svg import render_svg
    from litsearch.report.render_text import render_text
    from litsearch.screening.early_stop import stop_screening

    _screen(project, seeded, record_factory, 10, 276)
    flow = compute_flow(project.store, ["alice"])
    assert flow.notes == {} and "Notes" not in render_text(flow)
    assert "notes" not in to_dict(flow)["litsearch"]
    assert "stopped early" not in search_report(project.store)
    stop_screening(project.store)
    flow = compute_flow(project.store, ["alice"])
    (note,) = flow.notes["records_excluded_automation"]
    # Method, target, confidence and the test's result, and how many records it excluded.
    for part in ("14 records nobody had screened", "stopping rule", "Callaghan",
                 "recall target 95%", "at 95% confidence", "reached (p = "):
        assert part in note, part
    text = render_text(flow)
    assert "(note 1)" in next(line for line in text.splitlines()
                              if "[records_excluded_automation]" in line)
    assert f"1. [records_excluded_automation] {note}" in text
    md = render_md(flow)
    assert "by automation tools (note 1) |" in md and f"1. `records_excluded_automation`: {note}" \
        in md
    assert "(note 1)" in md[md.index("```mermaid"):]
    svg = render_svg(flow)
    assert 'id="notes"' in svg and "Note 1: Title/abstract screening was stopped early" in svg
    assert "(note 1)" in svg
    # Hidden boxes (a blind page) show no note.
    assert 'id="notes"' not in render_svg(flow, hidden=frozenset({"records_excluded_automation"}))
    rows = {r["data"]: r for r in csv.DictReader(io.StringIO(to_csv(flow)))}
    assert note in rows["records_excluded"]["tooltips"]
    assert to_dict(flow)["litsearch"]["notes"] == {"records_excluded_automation": [note]}
    prisma_s = search_report(project.store)
    assert "### Screening stopped early (automation tool)" in prisma_s
    assert f"- {note}" in prisma_s


def test_the_terminal_prisma_table_notes_the_early_stop(project, cli, seeded, record_factory):
    """`litsearch prisma` on the terminal showed 'by automation tools 14' with no word of
    the stopping rule or its test, which every file rendering gave."""
    _screen(project, seeded, record_factory, 10, 276)
    root = str(project.root)
    project.close()
    code, _, err = cli("screen", "stop", "--review", root)
    assert code == 0, err
    code, out, _ = cli("prisma", "--review", root)
    flat = " ".join(out.split())
    assert "by automation tools (note 1)" in flat
    assert "Note 1 (records_excluded_automation): Title/abstract screening was stopped early: " \
           "14 records nobody had screened" in flat
    assert "recall target 95% at 95% confidence reached (p = " in flat


def test_a_second_stop_excludes_nothing_twice(project, cli, seeded, record_factory):
    """After `screen stop`, `screen --stopping` still said '14 records are unscreened
    (litsearch screen stop records them ...)' and a second `screen stop` stored 14 more
    exclusions of the same records."""
    _screen(project, seeded, record_factory, 10, 276)
    root = str(project.root)
    project.close()
    assert cli("screen", "stop", "--review", root)[0] == 0
    code, out, _ = cli("screen", "--stopping", "--review", root)
    flat = " ".join(out.split())
    assert code == 0 and "14 records are unscreened" not in flat
    assert "14 records were excluded by the stopping rule (screen stop)" in flat
    code, _, err = cli("screen", "stop", "--review", root)
    assert code != 0 and "nothing to stop early" in " ".join(err.split()).lower()
    with Store(project.database_url or project.db_path) as store:
        (n,) = store.execute("SELECT COUNT(*) FROM decisions WHERE reviewer = ?",
                             (STOPPING_REVIEWER,)).fetchone()
    assert n == 14
