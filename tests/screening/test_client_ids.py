"""Idempotent decision writes: a client id written twice is one row (both engines)."""

from __future__ import annotations

import json
import shutil

from litsearch.screening import actions
from litsearch.screening.decisions import new_client_id, record_decision
from litsearch.screening.outbox import Outbox, Pending, journal_path


def _rows(store):
    return [tuple(r) for r in store.execute(
        "SELECT record_id, reviewer, decision, replaces, client_id FROM decisions ORDER BY id")]


def test_a_decision_written_twice_with_one_client_id_is_one_row(review):
    project, ids = review
    store = project.store
    cid = new_client_id()
    first = record_decision(store, ids[0], "title-abstract", "alice", "include", client_id=cid)
    again = record_decision(store, ids[0], "title-abstract", "alice", "include", client_id=cid)
    assert again == first
    assert _rows(store) == [(ids[0], "alice", "include", None, cid)]
    # Another client id is another event, replacing the first.
    other = record_decision(store, ids[0], "title-abstract", "alice", "exclude",
                            client_id=new_client_id())
    assert other != first and _rows(store)[1][3] == first
    # Rows without a client id (older rows, imports) never collide with each other.
    record_decision(store, ids[1], "title-abstract", "bob", "include")
    record_decision(store, ids[2], "title-abstract", "bob", "include")
    assert len(_rows(store)) == 4


def test_screen_decide_gives_each_decision_a_client_id(review, cli):
    project, ids = review
    code, _out, err = cli("screen", "decide", str(ids[0]), "--include", "-r", str(project.root))
    assert code == 0, err
    (row,) = _rows(project.store)
    assert len(row[4]) == 36  # a UUID, made when the command was given
    done = actions.decide(project, str(ids[1]), "include", None, None, "title-abstract",
                          client_id=row[4])
    assert done.event_id == project.store.execute("SELECT id FROM decisions").fetchone()[0]
    assert len(_rows(project.store)) == 1  # the same client id: already written


def test_kept_decisions_survive_a_crash_and_are_written_once(review, tmp_path):
    project, ids = review
    store = project.store
    journal = journal_path(store.path, "alice", env={"XDG_CACHE_HOME": str(tmp_path)})
    outbox = Outbox(journal)
    outbox.went_offline()  # the server went away: decisions are kept, not written
    keyed = [Pending.keyed(record_id=u, stage="title-abstract", reviewer="alice",
                           decision=d, source="tui") for u, d in
             ((ids[0], "include"), (ids[1], "exclude"), (ids[0], "undo"))]
    assert [outbox.submit(store, item) for item in keyed] == [None, None, None]
    assert _rows(store) == []
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["client_id"] for line in lines] == [k.client_id for k in keyed]
    # The app crashed: a new one finds the journal; a copy stands for a journal whose
    # rewrite the crash cut off after the decisions were written.
    stale = journal.with_name("stale.jsonl")
    shutil.copy(journal, stale)
    reopened = Outbox(journal)
    assert [p.client_id for p in reopened.pending] == [k.client_id for k in keyed]
    assert reopened.flush(store) == 3
    assert not journal.exists() and not reopened.offline
    written = _rows(store)
    assert [(r[0], r[2], r[4]) for r in written] == [
        (k.record_id, k.decision, k.client_id) for k in keyed]
    assert Outbox(stale).flush(store) == 3  # written again: each is already there
    assert _rows(store) == written
    # Decided at the key press, not when written.
    stamps = [r[0] for r in store.execute("SELECT decided_at FROM decisions ORDER BY id")]
    assert stamps == [k.decided_at for k in keyed]


def test_while_decisions_wait_a_new_one_queues_behind_them(review):
    project, ids = review
    store = project.store
    outbox = Outbox()
    outbox.went_offline()
    first = Pending.keyed(record_id=ids[0], stage="title-abstract", reviewer="alice",
                          decision="include", source="tui")
    assert outbox.submit(store, first) is None
    outbox.offline = False  # the server answers again, but one decision still waits
    second = Pending.keyed(record_id=ids[0], stage="title-abstract", reviewer="alice",
                           decision="exclude", source="tui")
    assert outbox.submit(store, second) is None  # never ahead of the one keyed before it
    assert outbox.flush(store) == 2
    assert [r[2] for r in _rows(store)] == ["include", "exclude"]
    assert _rows(store)[1][3] is not None  # the exclusion replaces the inclusion


def test_a_journal_line_cut_short_is_counted_not_hidden(tmp_path):
    journal = tmp_path / "pending.jsonl"
    whole = Pending.keyed(record_id=1, stage="title-abstract", reviewer="alice",
                          decision="include", source="tui")
    from dataclasses import asdict

    journal.write_text(json.dumps(asdict(whole)) + "\n" + '{"record_id": 2, "sta',
                       encoding="utf-8")
    outbox = Outbox(journal)
    assert [p.client_id for p in outbox.pending] == [whole.client_id]
    assert outbox.unreadable == 1


def test_two_apps_of_one_reviewer_never_drop_each_others_kept_decisions(review, tmp_path):
    """The same reviewer with two screening apps open on one review: one journal.

    Both were offline; the first app back in touch writes its own decisions. It must
    not take the other app's kept decision out of the journal: that app may be closed
    (or crash) before its own retry, and the next app must still find and write it.
    """
    project, ids = review
    store = project.store
    journal = journal_path(store.path, "alice", env={"XDG_CACHE_HOME": str(tmp_path)})
    first, second = Outbox(journal), Outbox(journal)
    first.went_offline()
    second.went_offline()
    mine = Pending.keyed(record_id=ids[0], stage="title-abstract", reviewer="alice",
                         decision="include", source="tui")
    theirs = Pending.keyed(record_id=ids[1], stage="title-abstract", reviewer="alice",
                           decision="exclude", source="tui")
    assert first.submit(store, mine) is None and second.submit(store, theirs) is None
    assert first.flush(store) == 1  # the first app caught up; the second was closed
    reopened = Outbox(journal)
    assert [p.client_id for p in reopened.pending] == [theirs.client_id]
    assert reopened.flush(store) == 1
    assert [(r[0], r[2]) for r in _rows(store)] == [(ids[0], "include"), (ids[1], "exclude")]
    assert not journal.exists()
