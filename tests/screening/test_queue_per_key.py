"""What the screening app recomputes per key at 100,000 records is kept up to date per
decision instead: the includes count, the labels the ranking process holds, the records
read ahead. Each must stay exactly what a full recount gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.screening.criteria import load_criteria
from litsearch.screening.queue import FOUND, TRAINING_LABEL, ScreeningQueue, apply_changes
from litsearch.screening.team_session import PREFETCH, TeamSession

DECISIONS = ["include", "maybe", "exclude", "not-retrieved", None]


def _recount(queue: ScreeningQueue) -> tuple[int, dict[int, int]]:
    """The includes found and the training labels, counted from ``mine`` afresh."""
    return (sum(1 for d in queue.mine.values() if d in FOUND),
            {u: TRAINING_LABEL[d] for u, d in queue.mine.items() if d in TRAINING_LABEL})


@settings(max_examples=200, deadline=None)
@given(start=st.dictionaries(st.integers(0, 19), st.sampled_from(DECISIONS[:4]), max_size=8),
       marks=st.lists(st.tuples(st.integers(0, 19), st.sampled_from(DECISIONS)), max_size=40),
       cuts=st.lists(st.integers(0, 40), max_size=5))
def test_counts_and_label_changes_match_a_recount(start, marks, cuts):
    """Decisions, changed decisions, undos and reports not retrieved, in any order: the
    header's count equals a recount, and the labels the ranking process builds from the
    changes sent in any batches equal the session's labels, in the same order (the
    stopping test reads that order)."""
    queue = ScreeningQueue("title-abstract", "alice", list(range(20)), dict(start))
    held = dict(_recount(queue)[1])  # what the process got first: every label
    sent = 0
    for i, (unit, decision) in enumerate(marks):
        queue.mark(unit, decision)
        if i in cuts:  # a request to the ranking process: the changes since the last
            apply_changes(held, queue.changes[sent:])
            sent = len(queue.changes)
        found, labels = _recount(queue)
        assert queue.found == found
    apply_changes(held, queue.changes[sent:])
    found, labels = _recount(queue)
    assert list(held.items()) == list(labels.items())
    # A changed decision counts as made last, as a reopened queue orders them.
    latest = {}
    for unit, decision in marks:
        latest.pop(unit, None)
        latest[unit] = decision
    tail = [u for u, d in latest.items() if d in TRAINING_LABEL]
    assert list(labels)[len(labels) - len(tail):] == tail


def test_reopened_queue_has_the_same_count_and_order(review):
    """The count and the order after an undo and a changed decision equal a queue read
    back from the store (what the app shows after reopening)."""
    project, ids = review
    s = TeamSession(project.store, load_criteria(project.criteria_path), "title-abstract",
                    "alice")
    for decision in ("include", "maybe", "exclude", "include"):
        s.decide(decision)
    s.undo()  # ids[3]
    s.open_unit(ids[0])
    s.decide("exclude")  # include -> exclude: one include fewer, and now the latest
    assert s.queue.found == 1
    again = ScreeningQueue.load(project.store, "title-abstract", "alice")
    assert again.found == s.queue.found == 1
    assert list(again.mine.items()) == list(s.queue.mine.items()) == [
        (ids[1], "maybe"), (ids[2], "exclude"), (ids[0], "exclude")]
    assert s.labels() == {ids[1]: 1, ids[2]: 0, ids[0]: 0}


def test_a_decision_reads_one_record_ahead_and_the_next_ones_stay_ready(
        project, seeded, record_factory, monkeypatch):
    """The records read in advance (screened while the server is away) are the next
    PREFETCH undecided ones after every decision, and a decision reads only the one that
    came into that window (before: PREFETCH records per key, walking past those read)."""
    from litsearch.screening import session as session_mod

    ids = seeded(project.store, [record_factory(i) for i in range(3 * PREFETCH)])
    reads: list[int] = []
    real = session_mod.work_record
    monkeypatch.setattr(session_mod, "work_record",
                        lambda store, unit: reads.append(unit) or real(store, unit))
    s = TeamSession(project.store, load_criteria(project.criteria_path), "title-abstract",
                    "alice")
    assert reads == ids[:PREFETCH]
    for n in range(1, PREFETCH + 5):
        reads.clear()
        s.decide("exclude" if n % 3 else "include")
        assert reads == [ids[n + PREFETCH - 1]]
        assert all(u in s._records for u in ids[n:n + PREFETCH])
    # Offline, the reviewer screens on through the records read ahead.
    s.outbox.went_offline()
    for _ in range(PREFETCH):
        s.decide("exclude")
    assert s.queue.done == 2 * PREFETCH + 4


def test_team_progress_finds_the_conflicts_list_conflicts_lists(review):
    """The live panel's conflicts (read from the votes it has already) are exactly the
    ones ``screen conflicts`` lists: disagreements, not agreements, undone or resolved
    ones; full-text exclusions for different reasons."""
    from litsearch.screening.conflicts import list_conflicts, resolve_conflict
    from litsearch.screening.session import ScreeningSession
    from litsearch.screening.team_progress import team_progress

    project, ids = review
    criteria = load_criteria(project.criteria_path)
    plans = {"alice": ["include", "include", "exclude", "maybe", "include", "include"],
             "bob": ["exclude", "include", "include", "include", "exclude", "exclude"]}
    for who, decisions in plans.items():
        s = ScreeningSession(project.store, criteria, "title-abstract", who)
        for decision in decisions:
            s.decide(decision)
    ScreeningSession(project.store, criteria, "title-abstract", "bob").undo()  # ids[5]
    resolve_conflict(project.store, criteria, ids[4], "title-abstract", "include", None,
                     "alice")
    for who, reason in (("alice", "wrong population"), ("bob", "wrong topic")):
        s = ScreeningSession(project.store, criteria, "full-text", who)
        s.open_unit(ids[1])
        s.decide("exclude", reason)
    for stage, expected in (("title-abstract", {ids[0], ids[2]}), ("full-text", {ids[1]})):
        listed = {c.record_id for c in list_conflicts(project.store, stage)}
        progress = team_progress(project.store, stage)
        assert progress.conflicts == listed == expected
    # Alice's latest event on ids[4] is her resolution, which is not a vote.
    assert team_progress(project.store, "title-abstract").decided == {"alice": 5, "bob": 5}
