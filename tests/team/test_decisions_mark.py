"""The live panel's look at the decisions table: any new decision changes the mark."""

from __future__ import annotations

from litsearch.screening.decisions import decisions_mark, record_decision
from litsearch.store import Store


def test_every_written_decision_changes_the_mark(tmp_path, seeded_units):
    with Store(tmp_path / "review.db") as store:
        units = seeded_units(store, 3)
        empty = decisions_mark(store)
        assert empty == (0, 0)
        record_decision(store, units[0], "title-abstract", "bob", "include")
        first = decisions_mark(store)
        assert first != empty
        record_decision(store, units[1], "title-abstract", "carol", "exclude")
        assert decisions_mark(store) != first
        # A decision that commits after a later one (its id is lower than the highest):
        # the highest id stays, the count above the window's start does not.
        with store.transaction():
            store.execute("INSERT INTO decisions (id, record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (1000, ?, 'title-abstract', 'dan', 'include', "
                          "'2026-01-01T00:00:00Z')", (units[2],))
        high = decisions_mark(store, since=0)
        with store.transaction():
            store.execute("INSERT INTO decisions (id, record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (900, ?, 'title-abstract', 'erin', 'include', "
                          "'2026-01-01T00:00:00Z')", (units[2],))
        late = decisions_mark(store, since=0)
        assert late[0] == high[0] == 1000 and late[1] == high[1] + 1
