"""Which fields were judged untrustworthy, per record and per judged pair.

For the dedup report (columns ``untrusted_a``/``untrusted_b``), the review queue
(pairs grouped by reason and untrusted fields, for a bulk accept) and PRISMA-S:
:func:`trust_summary` is the data PRISMA-S item 16 shows, per field and outcome
(:func:`litsearch.report.dedup_history.trust_lines`, which points to the report's
columns for the per-pair detail).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from ..store import Store
from .loading import load_records
from .normalise import prepare


def untrusted_by_record(store: Store, ids: Collection[int]) -> dict[int, tuple[str, ...]]:
    """Return ``{record_id: ("volume=1)", ...)}`` for these records (empty tuples included)."""
    return {rid: prepare(record).untrusted for rid, record in load_records(store, ids).items()}


def field_names(untrusted: tuple[str, ...]) -> tuple[str, ...]:
    """Return the field names of ``field=value`` notes, sorted and unique.

    >>> field_names(("volume=1)", "issue=12/04/2013", "volume=x"))
    ('issue', 'volume')
    """
    return tuple(sorted({note.partition("=")[0] for note in untrusted}))


def trust_summary(store: Store) -> dict[str, Any]:
    """Return what PRISMA-S reports of untrustworthy fields among the judged pairs.

    Returns:
        ``pairs_judged``: pairs the matcher scored (``dedup_pairs``);
        ``pairs_with_untrusted_fields``: of those, pairs where a record held a field
        the matcher could not use (so it was neither evidence for nor against);
        ``by_field``: such pairs per field name ("volume": 12, ...);
        ``by_outcome``: such pairs per outcome ("merged", "review", "distinct");
        ``pairs``: ``(record_a, record_b, outcome, rule, untrusted_a, untrusted_b)``
        for each such pair, smallest ids first.
    """
    rows = store.execute("SELECT record_a, record_b, outcome, rule FROM dedup_pairs "
                         "ORDER BY record_a, record_b").fetchall()
    notes = untrusted_by_record(store, {r for row in rows for r in row[:2]})
    pairs = [(a, b, outcome, rule, notes.get(a, ()), notes.get(b, ()))
             for a, b, outcome, rule in rows if notes.get(a) or notes.get(b)]
    by_field: Counter[str] = Counter()
    for pair in pairs:
        by_field.update(set(field_names(pair[4] + pair[5])))
    return {"pairs_judged": len(rows), "pairs_with_untrusted_fields": len(pairs),
            "by_field": dict(sorted(by_field.items())),
            "by_outcome": dict(sorted(Counter(p[2] for p in pairs).items())),
            "pairs": pairs}
