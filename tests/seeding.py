"""Records put in the store as dedup would leave them (one home for every test folder).

Imported as ``import seeding`` (tests/ is on the path, as for ``pgtest``); conftest
modules of different folders cannot import each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from litsearch.models import Record
from litsearch.store import Store, now
from litsearch.store.records import SearchRun, add_records, add_search_run


def seed_records(store: Store, records: Sequence[Record], database: str = "pubmed",
                 groups: Sequence[Sequence[int]] = ()) -> list[int]:
    """Insert records and put them in clusters (singletons, or the 0-based ``groups`` given).

    Dedup is another stage; these rows are what it would write for the same result.
    """
    for record in records:
        record.database = record.database or database
    with store.transaction():
        run = add_search_run(store, SearchRun(database=database))
        ids = add_records(store, run, records)
        grouped = {i for g in groups for i in g}
        clusters = [list(g) for g in groups] + [[i] for i in range(len(ids)) if i not in grouped]
        for members in clusters:
            rep = ids[members[0]]
            cur = store.execute("INSERT INTO clusters (representative_id, created_at, "
                                "updated_at) VALUES (?, ?, ?)", (rep, now(), now()))
            for m in members:
                store.execute("INSERT INTO cluster_members (record_id, cluster_id, rule, "
                              "added_at) VALUES (?, ?, 'test', ?)", (ids[m], cur.lastrowid, now()))
    return ids
