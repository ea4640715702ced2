"""Run deduplication over a review's store, incrementally.

Only records that have not been deduplicated yet (no ``cluster_members`` row)
are matched, against everything already there; earlier clusters and manual
decisions stay. Stored records are not normalised again: their keys come from
the cache (:mod:`litsearch.dedup.keycache`), and only those in a pair worth
comparing with a new record are read and prepared, so a re-run costs about
what its new records cost.
"""

from __future__ import annotations

import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .. import __version__
from ..models import Record
from ..runtime import gc_paused
from ..store import Store, now
from ..store.locks import holding
from .blocking import BlockReport, candidate_pairs
from .keycache import keys_version, neighbourhood, save, screens, stale_ids
from .loading import iter_records, load_records
from .membership import ordered, rebuild
from .normalise import Prepared, prepare
from .parallel import prepare_many, score_many
from .queue import count_review_pairs
from .scoring import PairResult, screen_pairs
from .settings import METHOD, RULES_VERSION, DedupSettings

_PENDING_SQL = ("SELECT id FROM records WHERE id NOT IN (SELECT record_id FROM cluster_members) "
                "ORDER BY id")


@dataclass
class DedupSummary:
    """What a dedup run did and where the review stands after it.

    Attributes:
        run_id: The ``dedup_runs`` row of this run.
        records: Records deduplicated in total.
        new_records: Records matched for the first time in this run.
        clusters: Distinct works (clusters, singletons included).
        duplicates: Records removed as duplicates (records - clusters).
        removed_by_database: Duplicates removed per database pair, e.g. ``"embase+pubmed"``
            (the kept record's database and the removed record's, sorted;
            ``"embase+embase"`` for a copy within one database).
        pairs_merged: Pairs merged automatically in this run.
        pairs_review: Pairs awaiting a reviewer's decision (whole review).
        pairs_vetoed: Similar pairs kept apart by a veto in this run.
        rules: Merged pairs of this run per rule.
        seconds: Wall time of the run.
        rematched: Why every record was matched again (the settings or rules changed
            since the last run), or "" when only new records were matched.
        pairs_candidate: Candidate pairs of this run: pairs sharing a blocking key value
            (DOI, PMID, PMCID, title opening or ending, first author and year, volume and
            first or last page), each screened and, if alike enough, compared. A pair
            that shares no key is never compared, and is not counted: counting it would
            mean comparing every pair.
        blocks_split: Blocking blocks over the cap (``max_block``) split by title.
        records_split: Records of this run in such a block under any key: within that
            block each was paired only with records whose titles open (or, for the
            title-ending key, end) alike, so a duplicate of one whose title differs
            there is found only if another key pairs them.
        pairs_unpaired: Kept for scripts that read it; not shown. Pairs sharing a key
            value in a split block that the split did not pair through that key, summed
            over the keys: a pair sharing two keys counts twice, another key may have
            paired it, and nearly all are pairs of different works (see
            :class:`~litsearch.dedup.blocking.BlockReport`). Not a count of missed
            duplicates.
    """

    run_id: int
    records: int
    new_records: int
    clusters: int
    duplicates: int
    removed_by_database: dict[str, int] = field(default_factory=dict)
    pairs_merged: int = 0
    pairs_review: int = 0
    pairs_vetoed: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    rematched: str = ""
    pairs_candidate: int = 0
    blocks_split: int = 0
    records_split: int = 0
    pairs_unpaired: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as a JSON-ready dict."""
        return asdict(self)


def removed_by_database(store: Store) -> dict[str, int]:
    """Count removed duplicates per (kept database, removed database) pair."""
    rows = store.execute(
        """
        SELECT rep.database, r.database, COUNT(*)
        FROM cluster_members m
        JOIN clusters c ON c.id = m.cluster_id
        JOIN records r ON r.id = m.record_id
        JOIN records rep ON rep.id = c.representative_id
        WHERE m.record_id != c.representative_id
        GROUP BY rep.database, r.database
        """).fetchall()
    counts: Counter[str] = Counter()
    for kept, removed, n in rows:
        counts["+".join(sorted((kept, removed)))] += n
    return dict(sorted(counts.items()))


def _match(store: Store, settings: DedupSettings, pending: list[int], total: int,
           progress: Callable[[int, int], None] | None, report: BlockReport
           ) -> tuple[list[int], list[PairResult], dict[int, Record]]:
    """Score the candidate pairs that involve a pending record.

    Returns:
        The ids the results' indices point into, the results, and the stored records
        read for scoring (for merging; records prepared from the first read are not kept).
    """
    version = keys_version(settings)
    stale = stale_ids(store, version)
    # Records are read one by one and only their prepared view is kept: a first run over
    # a million records never holds them all (clusters read what they merge themselves).
    prepared = _prepare_stored(iter_records(store, None if len(stale) == total else stale))
    with store.transaction():
        made = save(store, version, prepared)
    # Every record in memory (a first run, or the rules changed): block over all of them.
    # Else the new records' neighbourhood from the cache, and screen the pairs on cached
    # values, so that only records in pairs worth comparing are read and prepared.
    keys = made if len(made) == total else neighbourhood(store, version, pending)
    ids = list(keys)  # in id order either way: pairs keep the order of a whole-review run
    fresh = set(pending)
    pairs = candidate_pairs(list(keys.values()), new=[rid in fresh for rid in ids],
                            max_block=settings.max_block, report=report)
    if len(made) != total:
        ids, pairs = _renumber(ids, pairs)
        cached = screens(store, ids)
        views = [cached[rid] for rid in ids]
        locators = [list(column) for column in zip(*(v.locators for v in views), strict=True)]
        pairs = pairs[screen_pairs(views, locators, pairs, settings)]
    ids, pairs = _renumber(ids, pairs)
    records = load_records(store, [rid for rid in ids if rid not in prepared])
    prepared.update((rid, prepare(r)) for rid, r in records.items())
    results = score_many([prepared[rid] for rid in ids], pairs, settings, progress=progress)
    return ids, results, records


def _prepare_stored(rows: Iterable[tuple[int, Record]]) -> dict[int, Prepared]:
    """Prepare stored records (on every core when they are many), keyed by id."""
    order: deque[int] = deque()

    def records() -> Iterator[Record]:
        for rid, record in rows:
            order.append(rid)
            yield record

    # prepare_many reads ahead of what it yields, in order: the oldest id read is this one's.
    return {order.popleft(): p for p in prepare_many(records())}


def _renumber(ids: list[int], pairs: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Keep only the ids that occur in a pair, and number the pairs over them (order kept)."""
    used = np.zeros(len(ids), dtype=bool)
    used[pairs.ravel()] = True
    return [ids[k] for k in np.flatnonzero(used).tolist()], (np.cumsum(used) - 1)[pairs]


def _changed_since_last_run(store: Store, settings: DedupSettings) -> str:
    """Return why the last run's matches no longer hold ("" when they still do).

    Clusters are derived from the automatic matches, which depend on the rules and the
    settings: after either changes, matching only new records would leave the earlier
    ones decided by the old settings (``merge_preprints = true`` would not merge a
    single preprint already deduplicated).
    """
    last = store.execute("SELECT version, settings FROM dedup_runs ORDER BY id DESC "
                         "LIMIT 1").fetchone()
    if last is None or not store.execute("SELECT 1 FROM cluster_members LIMIT 1").fetchone():
        return ""
    rules = f"rules {RULES_VERSION}"
    if not str(last[0]).endswith(rules):
        return f"the dedup rules changed ({str(last[0]).rsplit(', ', 1)[-1]} -> {rules})"
    before, now_ = json.loads(last[1] or "{}"), json.loads(json.dumps(settings.to_dict()))
    changed = sorted(k for k in now_ if before.get(k) != now_[k])
    return f"the [dedup] settings changed ({', '.join(changed)})" if changed else ""


@holding("dedup", "a dedup run")
@gc_paused()
def run_dedup(store: Store, settings: DedupSettings | None = None,
              progress: Callable[[int, int], None] | None = None) -> DedupSummary:
    """Deduplicate the records not yet deduplicated against the whole review.

    The work grows with the new records: stored records are read only when they
    share a blocking key with a new one (their keys are cached in ``dedup_keys``).

    Args:
        store: The review database.
        settings: Thresholds; defaults when None.
        progress: Called with ``(done, total)`` while pairs are scored.

    Returns:
        The run's summary; the run is also recorded in ``dedup_runs``.
    """
    settings = settings or DedupSettings()
    started = time.perf_counter()
    stamp = now()
    rematched = _changed_since_last_run(store, settings)
    if rematched:
        # Every record is matched again; the clusters stay until the rebuild below
        # replaces them, so their ids are reused and exports made before still match.
        with store.transaction():
            store.execute("DELETE FROM dedup_pairs")
        pending = [row[0] for row in store.execute("SELECT id FROM records ORDER BY id")]
    else:
        pending = [row[0] for row in store.execute(_PENDING_SQL)]
    total = int(store.execute("SELECT COUNT(*) FROM records").fetchone()[0])
    ids: list[int] = []
    results: list[PairResult] = []
    records: dict[int, Record] = {}
    report = BlockReport()
    if pending:
        ids, results, records = _match(store, settings, pending, total, progress, report)
    outcomes = Counter(r.outcome for r in results)
    with store.transaction():
        run_id = int(store.execute(
            "INSERT INTO dedup_runs (started_at, method, version, settings, records_in) "
            "VALUES (?, ?, ?, ?, ?)",
            (stamp, METHOD, f"litsearch {__version__}, rules {RULES_VERSION}",
             json.dumps(settings.to_dict()), len(pending))).lastrowid or 0)
        store.db.executemany(
            "INSERT OR IGNORE INTO dedup_pairs (record_a, record_b, score, rule, outcome, "
            "dedup_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*ordered(ids[r.i], ids[r.j]), r.score, r.rule, r.outcome, run_id, stamp)
             for r in results])
        if pending:
            # Only the new records and the clusters they touch can change.
            scope = set(pending)
            scope.update(ids[k] for r in results for k in (r.i, r.j))
            rebuild(store, None if len(scope) == total else scope, records)
        clusters = store.execute(
            "SELECT COUNT(DISTINCT cluster_id) FROM cluster_members").fetchone()[0]
        done = store.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
        summary = DedupSummary(
            run_id=run_id, records=done, new_records=len(pending), clusters=clusters,
            duplicates=done - clusters, removed_by_database=removed_by_database(store),
            pairs_merged=outcomes["merged"], pairs_review=count_review_pairs(store),
            pairs_vetoed=outcomes["distinct"],
            rules=dict(Counter(r.rule for r in results if r.outcome == "merged")),
            seconds=round(time.perf_counter() - started, 3), rematched=rematched,
            pairs_candidate=report.pairs, blocks_split=sum(report.split.values()),
            records_split=report.records_split,
            pairs_unpaired=sum(report.unpaired.values()))
        store.execute("UPDATE dedup_runs SET clusters_out = ?, summary = ? WHERE id = ?",
                      (clusters, json.dumps(summary.to_dict()), run_id))
    return summary
