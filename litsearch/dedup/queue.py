"""The review queue: doubtful pairs that still need a reviewer's same/different.

The likeliest duplicates come first (:func:`likelihood`): pairs sharing an
identifier, then pairs a merge rule would join but for one veto, then pairs at
one place in print, then pairs that only look alike. Each pair carries its *kind*
(why it waits, plus the fields judged untrustworthy), so that a reviewer who has
checked a sample of a kind can accept the rest at once (:mod:`.bulk`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Record
from ..store import Store
from ..store.records import get_record
from .membership import manual_decisions, ordered
from .normalise import prepare
from .trust_report import field_names, untrusted_by_record
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
        untrusted: Fields of either record judged untrustworthy (names, sorted).
        kind: Why it waits and what was unreadable (:func:`pair_kind`).
    """

    record_a: int
    record_b: int
    score: float
    rule: str
    cluster_a: int
    cluster_b: int
    a: Record | None = None
    b: Record | None = None
    untrusted: tuple[str, ...] = ()
    kind: str = ""


def likelihood(rule: str) -> int:
    """Rank a queued pair by how likely it is a duplicate (0 likeliest).

    >>> [likelihood(r) for r in ("id:doi+veto:doi-pages", "title+authors+locator+veto:year",
    ...                          "review:placement", "review:band")]
    [0, 1, 2, 3]
    """
    if rule.startswith("id:"):
        return 0
    if "+veto:" in rule:
        return 1
    return 2 if rule == "review:placement" else 3


def pair_kind(rule: str, untrusted: tuple[str, ...]) -> str:
    """Name the kind of a queued pair: its rule, and the fields that were unreadable.

    >>> pair_kind("id:doi+veto:doi-pages", ("volume",))
    'id:doi+veto:doi-pages; unreadable: volume'
    """
    return f"{rule}; unreadable: {', '.join(untrusted)}" if untrusted else rule


def describe_kind(kind: str) -> str:
    """Say a kind in words (:func:`explain` of its rule, then the unreadable fields)."""
    rule, _, unreadable = kind.partition("; unreadable: ")
    return explain(rule) + (f" (unreadable: {unreadable})" if unreadable else "")


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


def review_queue(store: Store, load: bool = True, kinds: bool = False) -> list[Pair]:
    """Return the pairs awaiting review, likeliest duplicates first, then most similar.

    A pair leaves the queue once a reviewer decided it, or once its records
    ended up in the same cluster.

    Args:
        store: The review database.
        load: Attach the two records to each pair (for display).
        kinds: Fill each pair's ``untrusted`` and ``kind`` (reads the queued records).
    """
    pairs = _queued(store)
    pairs.sort(key=lambda p: (likelihood(p.rule), -p.score, p.record_a, p.record_b))
    if kinds:
        notes = untrusted_by_record(store, {r for p in pairs for r in (p.record_a, p.record_b)})
        for pair in pairs:
            pair.untrusted = field_names(notes.get(pair.record_a, ())
                                         + notes.get(pair.record_b, ()))
            pair.kind = pair_kind(pair.rule, pair.untrusted)
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


#: Fields compared for :func:`differing_fields`: (label, value of a prepared record).
_COMPARED = (
    ("title", lambda p: p.title), ("authors", lambda p: " ".join(p.authors)),
    ("year", lambda p: p.year), ("journal", lambda p: p.journal),
    ("volume", lambda p: p.volume), ("issue", lambda p: f"{p.issue}{p.supplement}"),
    ("pages", lambda p: p.page), ("doi", lambda p: p.doi), ("pmid", lambda p: p.pmid),
)


def differing_fields(a: Record, b: Record) -> list[str]:
    """Name the fields both records fill, read as the matcher reads them, that differ."""
    pa, pb = prepare(a), prepare(b)
    return [name for name, get in _COMPARED
            if get(pa) and get(pb) and get(pa) != get(pb)]
