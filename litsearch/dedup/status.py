"""Where deduplication stands, for ``litsearch status``."""

from __future__ import annotations

from typing import Any

from ..store import Store
from .bulk import decision_counts
from .queue import count_review_pairs


def dedup_status(store: Store) -> dict[str, Any]:
    """Count deduplicated records, clusters, duplicates and pairs awaiting review.

    Returns:
        ``records_deduplicated``: records that have been through dedup;
        ``records_pending``: records imported since the last dedup run;
        ``clusters``: distinct works among the deduplicated records;
        ``duplicates``: deduplicated records minus clusters (copies removed);
        ``pairs_awaiting_review``: doubtful pairs with no manual decision yet whose
        records are still in different clusters;
        ``pairs_decided``: standing manual decisions, ``one_by_one`` per decision and
        ``bulk`` per kind with the sample a person checked
        (:func:`litsearch.dedup.bulk.decision_counts`).
    """
    total = store.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    done = store.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
    clusters = store.execute("SELECT COUNT(DISTINCT cluster_id) FROM cluster_members").fetchone()[0]
    return {
        "records_deduplicated": done,
        "records_pending": total - done,
        "clusters": clusters,
        "duplicates": done - clusters,
        "pairs_awaiting_review": count_review_pairs(store),
        "pairs_decided": decision_counts(store).to_dict(),
    }
