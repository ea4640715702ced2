"""The pure deduplication pipeline: prepare, block, score, cluster (no store)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..models import Record
from ..runtime import gc_paused
from .blocking import BlockReport, block_keys, candidate_pairs, prepared_pairs
from .cluster import build_clusters, merge_order
from .normalise import Prepared
from .parallel import prepare_many, score_many
from .scoring import PairResult
from .settings import DedupSettings


def find_pairs(prepared: list[Prepared], settings: DedupSettings, new: list[bool] | None = None,
               progress: Callable[[int, int], None] | None = None,
               report: BlockReport | None = None, consume: bool = False) -> list[PairResult]:
    """Block and score; return merged, review and vetoed pairs among ``prepared``.

    ``report`` is filled with the blocks over the cap and the pairs they did not give.
    With ``consume``, ``prepared`` may be emptied once packed for the scoring workers
    (:func:`~litsearch.dedup.parallel.score_many`).
    """
    pairs = (prepared_pairs(prepared, max_block=settings.max_block, report=report)
             if new is None else
             candidate_pairs([block_keys(p) for p in prepared], new=new,
                             max_block=settings.max_block, report=report))
    return score_many(prepared, pairs, settings, progress=progress, consume=consume)


def clusters_from_pairs(n: int, results: list[PairResult]) -> list[set[int]]:
    """Cluster indices ``0..n-1`` from scored pairs.

    Hard vetoes are cannot-links, and so are pairs waiting for a reviewer: a third
    record matching both must not merge them before a reviewer has (as in the store).
    """
    merges = [(r.i, r.j, merge_order(r.score, r.rule)) for r in results if r.outcome == "merged"]
    cannot = [(r.i, r.j) for r in results if r.outcome in ("distinct", "review")]
    return [set(g) for g in build_clusters(range(n), merges, cannot=cannot)]


@gc_paused()
def dedupe_records(records: Iterable[Record], settings: DedupSettings | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   report: BlockReport | None = None) -> list[set[int]]:
    """Deduplicate records in memory; return clusters of indices (singletons included).

    ``records`` is read once, in order, and no record is kept: a generator or a
    stream from a file deduplicates a million records without holding them all.
    Pairs that would go to manual review stay apart, as they do until a reviewer
    decides them. ``report`` is filled with what the cap on block size left out.

    >>> from litsearch.models import Record
    >>> recs = [Record(title="A trial of X in Y", year=2020, doi="10.1000/a1"),
    ...         Record(title="A trial of X in Y.", year=2020, doi="10.1000/a1"),
    ...         Record(title="Something else entirely", year=2020)]
    >>> sorted(sorted(c) for c in dedupe_records(recs))
    [[0, 1], [2]]
    """
    settings = settings or DedupSettings()
    prepared = list(prepare_many(records))
    n = len(prepared)
    # A gigabyte at a million records: packed for scoring, then let go.
    results = find_pairs(prepared, settings, progress=progress, report=report, consume=True)
    del prepared
    return clusters_from_pairs(n, results)
