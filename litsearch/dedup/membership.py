"""Keep ``clusters`` and ``cluster_members`` in step with the evidence in the store.

Evidence is the automatic pairs (``dedup_pairs``) plus the reviewers' decisions
(``dedup_decisions``). Clusters are rebuilt from it for the records concerned,
and existing cluster ids are reused so earlier clusters keep their numbers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from ..models import Record
from ..store import Store, now
from ..store.records import next_id as next_cluster_id
from ..store.records import retire_ids
from .cluster import build_clusters, choose_representative, merge_fields, merge_order
from .loading import id_list, load_records


def ordered(a: int, b: int) -> tuple[int, int]:
    """Return a pair of record ids smallest first (the key pairs are stored under)."""
    return (a, b) if a < b else (b, a)


def manual_decisions(store: Store) -> dict[tuple[int, int], tuple[str, str, str]]:
    """Return the standing manual decision per pair: ``(decision, reviewer, decided_at)``.

    ``undo`` withdraws the latest standing decision on the same pair.
    """
    stacks: dict[tuple[int, int], list[tuple[str, str, str]]] = defaultdict(list)
    rows = store.execute("SELECT record_a, record_b, decision, reviewer, decided_at "
                         "FROM dedup_decisions ORDER BY id")
    for a, b, decision, reviewer, at in rows:
        stack = stacks[ordered(a, b)]
        if decision == "undo":
            if stack:
                stack.pop()
        else:
            stack.append((decision, reviewer, at))
    return {pair: stack[-1] for pair, stack in stacks.items() if stack}


def cluster_of(store: Store, record_ids: Iterable[int]) -> dict[int, int]:
    """Return ``{record_id: cluster_id}`` for the given records that have one."""
    return dict(store.execute("SELECT record_id, cluster_id FROM cluster_members WHERE "
                              "record_id IN (SELECT value FROM json_each(?))",
                              (id_list(set(record_ids)),)).fetchall())


def rebuild(store: Store, scope: Iterable[int] | None = None,
            records: dict[int, Record] | None = None) -> int:
    """Recompute clusters for the records in ``scope`` and every cluster they belong to.

    With ``scope`` None every record in the review is clustered. Call inside a
    transaction. Returns how many clusters were written.
    """
    decisions = manual_decisions(store)
    if scope is None:
        items = {r[0] for r in store.execute("SELECT id FROM records")}
        rows = store.execute("SELECT record_a, record_b, score, rule, outcome FROM dedup_pairs "
                             "ORDER BY id")
    else:
        items = _component(store, set(scope), decisions)
        # Both records of a pair in scope: look up by the first (indexed), check the second.
        rows = store.execute("SELECT record_a, record_b, score, rule, outcome FROM dedup_pairs "
                             "WHERE record_a IN (SELECT value FROM json_each(?)) ORDER BY id",
                             (id_list(items),))
    merges, cannot, best = [], [], {}
    for a, b, score, rule, outcome in rows:
        if a in items and b in items:
            if outcome == "merged":
                merges.append((a, b, merge_order(score, rule)))
                for rid in (a, b):
                    if score is not None and (rid not in best or score > best[rid][1]):
                        best[rid] = (rule, score)
            elif outcome == "distinct" or (outcome == "review" and (a, b) not in decisions):
                # A pair waiting for a reviewer is kept apart like a vetoed one: a third
                # record matching both must not merge it behind the reviewer's back.
                cannot.append((a, b))
    must, different = [], []
    for (a, b), (decision, _reviewer, _at) in decisions.items():
        if a in items and b in items:
            (must if decision == "same" else different).append((a, b))
            if decision == "same":
                best[a] = best[b] = ("manual", 1.0)
    groups = build_clusters(sorted(items), merges, cannot=cannot, must=must, different=different)
    return _write(store, groups, best, records or {})


def _component(store: Store, items: set[int],
               decisions: dict[tuple[int, int], tuple[str, str, str]]) -> set[int]:
    """Return ``items`` with every record linked to them by merge evidence or a cluster.

    A rebuild must see every record the evidence could join to the ones in scope: a
    record once pushed out of a cluster by a decision (a "same" that a cannot-link
    contradicted) comes back when that decision is undone only if it is rebuilt too.
    """
    same = defaultdict(set)
    for (a, b), (decision, _reviewer, _at) in decisions.items():
        if decision == "same":
            same[a].add(b)
            same[b].add(a)
    frontier = set(items)
    while frontier:
        ids = id_list(frontier)
        found = {r[0] for r in store.execute(
            "SELECT record_id FROM cluster_members WHERE cluster_id IN (SELECT cluster_id "
            "FROM cluster_members WHERE record_id IN (SELECT value FROM json_each(?)))", (ids,))}
        found.update(r[0] for r in store.execute(
            "SELECT record_b FROM dedup_pairs WHERE outcome = 'merged' AND record_a IN "
            "(SELECT value FROM json_each(?)) UNION SELECT record_a FROM dedup_pairs WHERE "
            "outcome = 'merged' AND record_b IN (SELECT value FROM json_each(?))", (ids, ids)))
        found.update(other for rid in frontier for other in same.get(rid, ()))
        frontier = found - items
        items |= frontier
    return items


#: Clusters written per batch: their records are read, merged and written together, so
#: a first run over a million records never holds them all (nor their merged fields).
_WRITE_BATCH = 20_000


def _write_batch(store: Store, changed: list[tuple[set[int], int | None]],
                 best: dict[int, tuple[str, float]], known: dict[int, Record], next_id: int,
                 stamp: str) -> int:
    """Write one batch of changed clusters; return the next free cluster id."""
    # Read the members the caller did not pass in one query, not one by one.
    read = load_records(store, {m for members, _ in changed for m in members
                                if m not in known})
    inserts, updates, members_rows = [], [], []
    for members, cid in changed:
        loaded = [(m, known[m] if m in known else read[m]) for m in sorted(members)]
        rep = choose_representative(loaded)
        merged = json.dumps(merge_fields(loaded, rep), ensure_ascii=False, default=str)
        if cid is None:
            cid, next_id = next_id, next_id + 1
            inserts.append((cid, rep, merged, stamp, stamp))
        else:
            updates.append((rep, merged, stamp, cid))
        for m in sorted(members):
            rule, score = best.get(m, ("singleton", None)) if len(members) > 1 \
                else ("singleton", None)
            members_rows.append((m, cid, rule, score, stamp))
    store.db.executemany("INSERT INTO clusters (id, representative_id, merged, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?)", inserts)
    store.db.executemany("UPDATE clusters SET representative_id = ?, merged = ?, updated_at = ? "
                         "WHERE id = ?", updates)
    store.db.executemany(
        "INSERT INTO cluster_members (record_id, cluster_id, rule, score, added_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET cluster_id = "
        "excluded.cluster_id, rule = excluded.rule, score = excluded.score", members_rows)
    return next_id


def _write(store: Store, groups: list[list], best: dict[int, tuple[str, float]],
           records: dict[int, Record]) -> int:
    old = cluster_of(store, [m for g in groups for m in g])
    old_members: dict[int, set[int]] = defaultdict(set)
    for rid, cid in old.items():
        old_members[cid].add(rid)
    used: set[int] = set()
    stamp = now()
    # Ids are handed out here so that new clusters can be inserted in batches.
    next_id = next_cluster_id(store, "clusters")
    changed: list[tuple[set[int], int | None]] = []
    for group in sorted(groups, key=len, reverse=True):
        members = set(group)
        candidates = sorted({old[m] for m in members if m in old},
                            key=lambda c: (-len(old_members[c] & members), c))
        cid = next((c for c in candidates if c not in used), None)
        if cid is not None:
            used.add(cid)
            if old_members[cid] == members:
                continue
        changed.append((members, cid))
    for start in range(0, len(changed), _WRITE_BATCH):
        next_id = _write_batch(store, changed[start:start + _WRITE_BATCH], best, records,
                               next_id, stamp)
    # Clusters left without members (absorbed into others) are removed.
    retire_ids(store, "clusters")  # a cluster number in an earlier export keeps its meaning
    store.execute("DELETE FROM clusters WHERE id NOT IN (SELECT cluster_id FROM cluster_members)")
    return len(changed)
