"""Manual deduplication decisions: same, different, undo, and splitting a cluster.

Decisions are appended to ``dedup_decisions`` (never changed) with reviewer and
time, and the clusters concerned are rebuilt at once. They outlive re-runs:
every rebuild reads them again.
"""

from __future__ import annotations

from itertools import combinations

from ..errors import DedupError
from ..store import Store, now
from .membership import manual_decisions, ordered, rebuild

#: Values a manual decision may take.
PAIR_DECISIONS = ("same", "different", "undo")


def _check_record(store: Store, record_id: int) -> None:
    if not store.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone():
        raise DedupError(f"record {record_id} does not exist in this review.",
                         "Take record ids from 'litsearch dedup review' or the dedup report.")


#: Each reviewer's standing screening decision on the records of one cluster, per stage.
_SCREENED_SQL = """
    SELECT d.stage, d.decision FROM decisions d
    JOIN cluster_members m ON m.record_id = d.record_id
    WHERE m.cluster_id = (SELECT cluster_id FROM cluster_members WHERE record_id = ?)
      AND d.decision NOT IN ('note', 'undo')
      AND d.id = (SELECT MAX(id) FROM decisions x WHERE x.record_id = d.record_id
                  AND x.stage = d.stage AND x.reviewer = d.reviewer AND x.decision != 'note')
"""


def _check_screening_agrees(store: Store, a: int, b: int) -> None:
    """Refuse to join two works that were screened to different outcomes.

    Joining them makes one a duplicate of the other, so one screened work (an included
    study, say) would silently leave the PRISMA flow.

    Raises:
        DedupError: At some stage the two clusters carry different decisions.
    """
    seen: list[dict[str, set[str]]] = []
    for rid in (a, b):
        stages: dict[str, set[str]] = {}
        for stage, decision in store.execute(_SCREENED_SQL, (rid,)):
            stages.setdefault(stage, set()).add(decision)
        seen.append(stages)
    for stage in seen[0].keys() & seen[1].keys():
        if seen[0][stage] != seen[1][stage]:
            raise DedupError(
                f"records {a} and {b} were screened differently at {stage} "
                f"({'/'.join(sorted(seen[0][stage]))} vs {'/'.join(sorted(seen[1][stage]))}); "
                "as one work, one screened record would leave the PRISMA flow.",
                "Settle the screening first (litsearch screen conflicts), or decide "
                "'different'.")


def decide_pair(store: Store, a: int, b: int, decision: str, reviewer: str,
                basis: str | None = None) -> int:
    """Record that two records are the same work, different works, or undo the last call.

    Args:
        store: The review database.
        a, b: Record ids.
        decision: "same", "different" or "undo" (withdraws the standing decision).
        reviewer: Who decided.
        basis: How it was reached: None for a pair a person looked at,
            ``bulk:<kind>`` for a pair accepted in bulk (:mod:`.bulk`).

    Returns:
        The id of the new ``dedup_decisions`` row.

    Raises:
        DedupError: Unknown decision or record, a record paired with itself, no
            reviewer, or nothing to undo.
    """
    if decision not in PAIR_DECISIONS:
        raise DedupError(f"unknown dedup decision {decision!r}.",
                         f"Use one of: {', '.join(PAIR_DECISIONS)}.")
    if not reviewer or not reviewer.strip():
        raise DedupError("a dedup decision needs a reviewer name.", "Pass --reviewer NAME.")
    if a == b:
        raise DedupError(f"record {a} cannot be compared with itself.", "Pick two records.")
    for rid in (a, b):
        _check_record(store, rid)
    a, b = ordered(a, b)
    if decision == "same":
        _check_screening_agrees(store, a, b)
    with store.transaction():
        if decision == "undo" and (a, b) not in manual_decisions(store):
            raise DedupError(f"records {a} and {b} have no decision to undo.",
                             "Only a standing same/different decision can be undone.")
        row = store.execute("INSERT INTO dedup_decisions (record_a, record_b, decision, "
                            "reviewer, decided_at, basis) VALUES (?, ?, ?, ?, ?, ?)",
                            (a, b, decision, reviewer.strip(), now(), basis))
        rebuild(store, {a, b})
    return int(row.lastrowid or 0)


def standing_basis(store: Store) -> dict[tuple[int, int], str | None]:
    """Return how each standing decision was reached: None (a person looked at the pair)
    or ``bulk:<kind>`` (accepted in bulk), with ``undo`` withdrawing as in
    :func:`~litsearch.dedup.membership.manual_decisions` (same pairs, same order).
    """
    stacks: dict[tuple[int, int], list[str | None]] = {}
    for a, b, decision, basis in store.execute(
            "SELECT record_a, record_b, decision, basis FROM dedup_decisions ORDER BY id"):
        stack = stacks.setdefault(ordered(a, b), [])
        if decision != "undo":
            stack.append(basis)
        elif stack:
            stack.pop()
    return {pair: stack[-1] for pair, stack in stacks.items() if stack}


def split_groups(store: Store) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Find the splits: 3+ records with a "different" row for every pair, in one stamp.

    Returns the pairs of each split by ``(reviewer, decided_at)``. A two-record split
    writes one row, like a single "different" call, and is counted as one either way.
    """
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for a, b, reviewer, at in store.execute(
            "SELECT record_a, record_b, reviewer, decided_at FROM dedup_decisions "
            "WHERE decision = 'different' ORDER BY id"):
        groups.setdefault((reviewer, at), []).append(ordered(a, b))
    found = {}
    for key, pairs in groups.items():
        members = sorted({r for pair in pairs for r in pair})
        if len(members) > 2 and set(pairs) == set(combinations(members, 2)):
            found[key] = pairs
    return found


def decided_how(store: Store) -> dict[tuple[int, int], str]:
    """Say how each standing decision was reached: "one by one" (a person looked at the
    pair), "split" (one of the pairs of a split cluster) or ``bulk:<kind>``.

    Status, the dedup report, PRISMA-S and the web page all count from this.
    """
    bases = standing_basis(store)
    split = {key for key in split_groups(store)}
    how = {}
    for pair, (decision, reviewer, at) in manual_decisions(store).items():
        basis = bases.get(pair)
        how[pair] = basis if basis is not None else (
            "split" if decision == "different" and (reviewer, at) in split else "one by one")
    return how


def split_cluster(store: Store, cluster_id: int, reviewer: str) -> list[int]:
    """Put every record of a cluster back on its own and keep them apart in later runs.

    A 'different' decision is recorded for every pair of its records.

    Returns:
        The ids of the clusters the records are in afterwards.

    Raises:
        DedupError: No such cluster, or it holds a single record.
    """
    if not reviewer or not reviewer.strip():
        raise DedupError("splitting a cluster needs a reviewer name.", "Pass --reviewer NAME.")
    members = [r[0] for r in store.execute(
        "SELECT record_id FROM cluster_members WHERE cluster_id = ? ORDER BY record_id",
        (cluster_id,))]
    if not members:
        raise DedupError(f"cluster {cluster_id} does not exist.",
                         "See cluster ids in outputs/dedup-report.csv or the export.")
    if len(members) == 1:
        raise DedupError(f"cluster {cluster_id} holds a single record; nothing to split.", "")
    stamp = now()
    with store.transaction():
        store.db.executemany(
            "INSERT INTO dedup_decisions (record_a, record_b, decision, reviewer, decided_at) "
            "VALUES (?, ?, 'different', ?, ?)",
            [(a, b, reviewer.strip(), stamp) for a, b in combinations(members, 2)])
        rebuild(store, members)
        rows = store.execute(
            f"SELECT DISTINCT cluster_id FROM cluster_members WHERE record_id IN "
            f"({','.join('?' * len(members))}) ORDER BY cluster_id", tuple(members)).fetchall()
    return [r[0] for r in rows]


def undo_split(store: Store, record_id: int, reviewer: str) -> list[int]:
    """Take back the latest split that set ``record_id`` apart, in one step.

    A split is stored as one "different" decision per pair of its records, written by one
    reviewer at one time; each of those still standing is withdrawn (an ``undo`` row, so
    the audit trail keeps both), and the records are clustered by the evidence again.

    Returns:
        The records of the split, now matched again.

    Raises:
        DedupError: No reviewer, or no standing split involves the record.
    """
    if not reviewer or not reviewer.strip():
        raise DedupError("undoing a split needs a reviewer name.", "Pass --reviewer NAME.")
    _check_record(store, record_id)
    standing = manual_decisions(store)
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pair, (decision, who, at) in standing.items():
        if decision == "different":
            groups.setdefault((who, at), []).append(pair)
    mine = [(key, pairs) for key, pairs in groups.items()
            if any(record_id in pair for pair in pairs) and len(pairs) > 1]
    if not mine:
        raise DedupError(f"no standing split involves record {record_id}.",
                         "A single 'different' call is withdrawn with --undo A B.")
    _key, pairs = max(mine, key=lambda item: item[0][1])  # the latest split
    stamp = now()
    with store.transaction():
        store.db.executemany(
            "INSERT INTO dedup_decisions (record_a, record_b, decision, reviewer, decided_at) "
            "VALUES (?, ?, 'undo', ?, ?)", [(a, b, reviewer.strip(), stamp) for a, b in pairs])
        members = sorted({rid for pair in pairs for rid in pair})
        rebuild(store, members)
    return members

