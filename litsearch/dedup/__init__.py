"""Deduplication: identifiers, fuzzy matching, vetoes, clusters and a review queue.

Library API::

    summary = run_dedup(store, settings=None, progress=None)   # incremental
    review_queue(store) -> list[Pair]
    decide_pair(store, a, b, "same" | "different" | "undo", reviewer)
    split_cluster(store, cluster_id, reviewer)
    dedupe_records(records, settings) -> list[set[int]]        # pure, no store
"""

from .decisions import decide_pair, split_cluster
from .engine import DedupSummary, run_dedup
from .pipeline import dedupe_records
from .queue import Pair, review_queue
from .report import write_report
from .settings import DedupSettings

__all__ = ["DedupSettings", "DedupSummary", "Pair", "decide_pair", "dedupe_records",
           "review_queue", "run_dedup", "split_cluster", "write_report"]
