"""Decisions as append-only events through a screening session: decide, undo, note, resume."""

from __future__ import annotations

import sqlite3

import pytest

from litsearch.errors import ScreeningError
from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import check_decision, pick_reviewer
from litsearch.screening.session import ScreeningSession
from litsearch.screening.status import record_statuses, screening_status


def _session(project, reviewer="alice", stage="title-abstract", blind=False):
    return ScreeningSession(project.store, load_criteria(project.criteria_path), stage,
                            reviewer, blind=blind)


def _events(project):
    return [tuple(r) for r in project.store.execute(
        "SELECT record_id, stage, reviewer, decision, reason, note, replaces FROM decisions "
        "ORDER BY id")]


def test_decide_moves_on_and_stores_each_event(review):
    project, ids = review
    s = _session(project)
    assert s.current == ids[0] and s.record().doi == "10.1000/jmh.0"
    s.decide("include")
    s.decide("exclude", "Wrong Population")
    s.decide("maybe")
    assert s.current == ids[3]
    assert _events(project) == [
        (ids[0], "title-abstract", "alice", "include", None, None, None),
        (ids[1], "title-abstract", "alice", "exclude", "wrong population", None, None),
        (ids[2], "title-abstract", "alice", "maybe", None, None, None)]
    assert s.progress().mine_done == 3 and s.progress().mine_left == 9


def test_undo_is_an_event_and_walks_back(review):
    project, ids = review
    s = _session(project)
    s.decide("include")
    s.decide("exclude", "wrong topic")
    assert s.undo() == ids[1] and s.current == ids[1]
    assert s.undo() == ids[0] and s.current == ids[0]
    with pytest.raises(ScreeningError, match="nothing to undo"):
        s.undo()
    s.decide("maybe")
    events = _events(project)
    assert [e[3] for e in events] == ["include", "exclude", "undo", "undo", "maybe"]
    assert events[2][6] == 2 and events[4][6] == 4  # each names the event it replaces
    assert record_statuses(project.store)[ids[0]] == "maybe"
    assert record_statuses(project.store)[ids[1]] == "unscreened"


def test_decisions_cannot_be_changed_in_place(review):
    project, _ = review
    _session(project).decide("include")
    for sql in ("UPDATE decisions SET decision = 'exclude'", "DELETE FROM decisions"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            project.store.execute(sql)


def test_notes_skip_and_resume(review):
    project, ids = review
    s = _session(project)
    s.note("check the methods section")
    s.decide("include")
    s.skip()
    assert s.current == ids[2]
    s.decide("exclude")
    s.skip()
    again = _session(project)
    assert again.current == ids[4]  # where alice left off, not the skipped ids[1]
    for _ in range(8):
        again.decide("include")
    assert again.current == ids[1]  # skipped records come round at the end
    again.decide("include")
    assert again.current == ids[3]
    notes = project.store.execute("SELECT record_id, note FROM decisions "
                                  "WHERE decision = 'note'").fetchall()
    assert [tuple(n) for n in notes] == [(ids[0], "check the methods section")]


def test_other_reviewers_are_hidden_in_blind_mode(review):
    project, ids = review
    bob = _session(project, "bob")
    bob.note("population unclear")
    bob.decide("exclude", "wrong population")
    seen = _session(project, "alice").others()
    assert [(o.reviewer, o.decision, o.reason) for o in seen] == [
        ("bob", "exclude", "wrong population"), ("bob", "note", None)]
    assert _session(project, "alice", blind=True).others() == []


def test_full_text_rules(review):
    project, ids = review
    ta = _session(project)
    ta.decide("include")
    ta.decide("maybe")
    ta.decide("exclude")
    ft = _session(project, stage="full-text")
    assert ft.queue.ids == ids[:2]
    with pytest.raises(ScreeningError, match="needs a reason"):
        ft.decide("exclude")
    ft.decide("not-retrieved")
    ft.decide("exclude", "wrong topic")
    assert ft.current is None
    status = screening_status(project.store)
    assert status["full-text"] == {"pool": 2, "awaiting": 0, "awaiting_second": 0,
                                   "include": 0, "exclude": 1, "maybe": 0, "not-retrieved": 1,
                                   "conflicts": 0, "votes_required": 1, "screeners": ["alice"],
                                   "second_votes_from": {}, "off_team": []}
    with pytest.raises(ScreeningError, match="every record at full-text has your decision"):
        ft.decide("include")


def test_check_decision_errors(review):
    project, _ = review
    criteria = load_criteria(project.criteria_path)
    with pytest.raises(ScreeningError, match="unknown decision 'yes'"):
        check_decision(criteria, "title-abstract", "yes", None)
    with pytest.raises(ScreeningError, match="full-text outcome"):
        check_decision(criteria, "title-abstract", "not-retrieved", None)
    with pytest.raises(ScreeningError, match="unknown reason label 'bad'.*'wrong population'"):
        check_decision(criteria, "title-abstract", "exclude", "bad")
    with pytest.raises(ScreeningError, match="unknown screening stage"):
        check_decision(criteria, "abstract", "include", None)


def test_pick_reviewer_order():
    assert pick_reviewer(["alice"], env={}) == "alice"
    with pytest.raises(ScreeningError, match="several reviewers"):
        pick_reviewer(["alice", "bob"], env={})
    assert pick_reviewer(["alice", "bob"], env={"LITSEARCH_REVIEWER": "bob"}) == "bob"
    assert pick_reviewer(["alice", "bob"], "alice", env={"LITSEARCH_REVIEWER": "bob"}) == "alice"
    with pytest.raises(ScreeningError, match="unknown reviewer 'carol'"):
        pick_reviewer(["alice", "bob"], "carol", env={})


def test_decisions_on_a_duplicate_count_for_its_cluster(project, seeded, record_factory):
    ids = seeded(project.store, [record_factory(i) for i in range(3)], groups=[(0, 2)])
    project.store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (?, 'title-abstract', 'bob', 'include', 'x')",
                          (ids[2],))
    s = _session(project, "bob")
    assert s.queue.ids == [ids[0], ids[1]] and s.current == ids[1]
    assert record_statuses(project.store) == {ids[0]: "included-title-abstract",
                                              ids[1]: "unscreened", ids[2]: "duplicate"}


def test_screening_core_does_not_import_the_terminal_libraries():
    import subprocess
    import sys
    code = ("import sys, litsearch.screening.session, litsearch.screening.rules, "
            "litsearch.screening.imports, litsearch.screening.agreement, "
            "litsearch.screening.audit, litsearch.screening.actions, litsearch.screening.keymap; "
            "print(sorted(m for m in ('textual', 'rich', 'typer', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_review_progress_picks_up_another_reviewer(review):
    project, ids = review
    alice = _session(project)
    assert alice.progress().review_done == 0
    from litsearch.screening.decisions import record_decision
    record_decision(project.store, ids[5], "title-abstract", "bob", "exclude")
    record_decision(project.store, ids[6], "full-text", "bob", "include")
    alice.queue.refresh_reviewed(project.store)
    assert alice.progress().review_done == 1 and alice.progress().review_left == 11


def test_search_finds_the_next_match_wrapping_round_and_through_duplicates(
        project, seeded, record_factory):
    records = [record_factory(i) for i in range(5)]
    records[3].title = "Chaplaincy in community teams"  # a duplicate of record 1 (below)
    records[4].abstract = "Chaplaincy and spiritual care for outpatients."
    ids = seeded(project.store, records, groups=[(1, 3)])
    s = _session(project)
    assert s.queue.ids == [ids[0], ids[1], ids[2], ids[4]]
    assert s.search("chaplaincy") == ids[1]  # its duplicate's title matches
    assert s.search("CHAPLAINCY") == ids[4]
    assert s.search("chaplaincy") == ids[1]  # wraps round
    assert s.search(f"#{ids[3]}") == ids[1] and s.search(str(ids[2])) == ids[2]
    s.search("study 2")
    assert s.search("study 2") == ids[2]  # only the shown record matches: stay
    for text, message in (("   ", "type something"), ("no such words", "no record at")):
        with pytest.raises(ScreeningError, match=message):
            s.search(text)
    s.decide("include")
    with pytest.raises(ScreeningError, match="no record at"):
        s.search("#999")
