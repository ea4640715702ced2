"""Deduplication: identifiers, fuzzy matching, vetoes, clusters and a review queue.

Library API::

    summary = run_dedup(store, settings=None, progress=None)   # incremental
    review_queue(store) -> list[Pair]
    decide_pair(store, a, b, "same" | "different" | "undo", reviewer)
    split_cluster(store, cluster_id, reviewer); undo_split(store, record_id, reviewer)
    dedupe_records(records, settings) -> list[set[int]]        # pure, no store
"""

from importlib import import_module
from typing import Any

#: Public name -> the module defining it. Loaded on first use (PEP 562), so that
#: ``litsearch status`` and the CLI start without numpy and rapidfuzz.
_EXPORTS = {
    "decide_pair": "decisions", "split_cluster": "decisions", "undo_split": "decisions",
    "DedupSummary": "engine", "run_dedup": "engine",
    "dedupe_records": "pipeline",
    "Pair": "queue", "review_queue": "queue",
    "write_report": "report",
    "DedupSettings": "settings",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
