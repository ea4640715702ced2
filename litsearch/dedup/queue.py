"""The review queue: doubtful pairs that still need a reviewer's same/different."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Record
from ..store import Store
from ..store.records import get_record
from .membership import manual_decisions, ordered
from .vetoes import VETOES_BY_NAME

#: Plain words for the rules that queue a pair without a veto.
REVIEW_REASONS = {
    "review:band": "similar titles, but not enough else agrees for a merge",
    "review:placement": "same volume, page and year, but other wording",
}


@dataclass
class Pair:
    """A doubtful pair awaiting review.

    Attributes:
        record_a, record_b: Record ids (smallest first).
        score: Title similarity (0-1).
        rule: Why it was queued (``review:band`` or ``<merge rule>+veto:<name>``).
        cluster_a, cluster_b: The clusters the records are in now.
        a, b: The records themselves (None when not loaded).
    """

    record_a: int
    record_b: int
    score: float
    rule: str
    cluster_a: int
    cluster_b: int
    a: Record | None = None
    b: Record | None = None


def _queued(store: Store) -> list[Pair]:
    decided = manual_decisions(store)
    rows = store.execute(
        """
        SELECT p.record_a, p.record_b, p.score, p.rule, ma.cluster_id, mb.cluster_id
        FROM dedup_pairs p
        JOIN cluster_members ma ON ma.record_id = p.record_a
        JOIN cluster_members mb ON mb.record_id = p.record_b
        WHERE p.outcome = 'review' AND ma.cluster_id != mb.cluster_id
        ORDER BY p.score DESC, p.record_a, p.record_b
        """).fetchall()
    # A pair of clusters a reviewer has already told apart is not asked about again.
    members = {rid: cid for rid, cid in store.execute(
        "SELECT record_id, cluster_id FROM cluster_members")} if decided else {}
    seen: set[tuple[int, int]] = {
        ordered(members[a], members[b]) for (a, b), (decision, _r, _t) in decided.items()
        if decision == "different" and a in members and b in members}
    out = []
    for a, b, score, rule, ca, cb in rows:
        # One pair per pair of clusters: deciding it settles the others.
        key = ordered(ca, cb)
        if ordered(a, b) in decided or key in seen:
            continue
        seen.add(key)
        out.append(Pair(a, b, score or 0.0, rule, ca, cb))
    return out


def review_queue(store: Store, load: bool = True) -> list[Pair]:
    """Return the pairs awaiting review, most similar first.

    A pair leaves the queue once a reviewer decided it, or once its records
    ended up in the same cluster.

    Args:
        store: The review database.
        load: Attach the two records to each pair (for display).
    """
    pairs = _queued(store)
    if load:
        for pair in pairs:
            pair.a = get_record(store, pair.record_a)
            pair.b = get_record(store, pair.record_b)
    return pairs


def explain(rule: str) -> str:
    """Say in words why a pair waits for review.

    >>> explain("title+authors+locator+veto:year")
    'would merge (title+authors+locator), but years further apart than dedup.max_year_gap'
    """
    if rule in REVIEW_REASONS:
        return REVIEW_REASONS[rule]
    merge, _, veto = rule.partition("+veto:")
    if veto in VETOES_BY_NAME:
        return f"would merge ({merge}), but {VETOES_BY_NAME[veto].description}"
    return rule


def count_review_pairs(store: Store) -> int:
    """Return how many pairs await review."""
    return len(_queued(store))
