"""Deduplication cost at 10k, 30k and 100k synthetic records (near-linear growth).

Run: ``python -m benchmarks.dedup_speed [--sizes 10000 30000 100000]``.

Records come from :func:`litsearch.synth.generate_corpus` (about 1.6 records per
work, with cross-database variants and traps); the gold is
``extra["synth_work_id"]``. Each size is timed as the pure in-memory
pipeline (:func:`dedupe_records`) and as store runs (:func:`run_dedup`: load
from SQLite, match, write clusters and pairs) on 99 % of the records and then
on the last 1 % added later (an incremental run, as after a PubMed refresh).
The incremental run is timed twice on copies of one store, side by side: with
the key cache the first run filled (``dedup_keys``), and with that cache
emptied, which makes the run load and normalise every stored record as all
runs did before the cache (and refill it); both must give the same pairs and
clusters. Wall and CPU time are both given: the test machine is shared, so the
load average at the end of each size is printed too. Accuracy is reported beside
the timings with the record-level definitions of :mod:`benchmarks.dedup_accuracy`;
false merges are printed as a count, since a specificity rounded to four places
hides one or two.
"""

from __future__ import annotations

import argparse
import os
import time

from litsearch.dedup import dedupe_records, run_dedup
from litsearch.dedup.blocking import block_keys, candidate_pairs
from litsearch.dedup.normalise import prepare
from litsearch.store import Store
from litsearch.store.records import SearchRun, add_records, add_search_run
from litsearch.synth import generate_corpus

from .dedup_accuracy import score_groups


def corpus_records(n_records: int, seed: int = 0) -> list:
    """Return about ``n_records`` synthetic records (all databases, export order)."""
    corpus = generate_corpus(max(1, int(n_records / 1.6)), seed=seed)
    records = [r for db in sorted(corpus) for r in corpus[db]]
    return records[:n_records]


def time_size(n: int) -> dict:
    """Time the pure pipeline and a store run on ``n`` records."""
    records = corpus_records(n)
    gold = [str(r.extra.get("synth_work_id")) for r in records]
    start = time.perf_counter()
    prepared = [prepare(r) for r in records]
    t_prepare = time.perf_counter() - start
    start = time.perf_counter()
    pairs = candidate_pairs([block_keys(p) for p in prepared])
    t_block = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    clusters = dedupe_records(records)
    t_pure, c_pure = time.perf_counter() - start, time.process_time() - cpu
    scores = score_groups(gold, clusters)
    # The store run imports 99 % first and then the last 1 % as a "refresh", timing both.
    split = len(records) - max(1, len(records) // 100)
    with Store(":memory:") as store, Store(":memory:") as cold:
        with store.transaction():
            run = add_search_run(store, SearchRun(database="synth"))
            add_records(store, run, records[:split])
        start, cpu = time.perf_counter(), time.process_time()
        run_dedup(store)
        t_store, c_store = time.perf_counter() - start, time.process_time() - cpu
        with store.transaction():
            run = add_search_run(store, SearchRun(database="synth-refresh"))
            add_records(store, run, records[split:])
        store.db.backup(cold.db)
        cold.execute("DELETE FROM dedup_keys")
        start, cpu = time.perf_counter(), time.process_time()
        summary = run_dedup(store)
        t_incr, c_incr = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        run_dedup(cold)
        t_cold, c_cold = time.perf_counter() - start, time.process_time() - cpu
        same = all(_rows(store, sql) == _rows(cold, sql) for sql in _OUTCOME_SQL)
    return {"n": len(records), "prepare": t_prepare, "block": t_block,
            "pairs": len(pairs), "pure": t_pure, "pure_cpu": c_pure, "store": t_store,
            "store_cpu": c_store, "incremental": t_incr, "incr_cpu": c_incr, "cold": t_cold,
            "cold_cpu": c_cold, "same": same, "load": os.getloadavg()[0],
            "review": summary.pairs_review, **scores}


#: What a dedup run leaves behind; cached and uncached incremental runs must agree on it.
_OUTCOME_SQL = (
    "SELECT record_a, record_b, score, rule, outcome FROM dedup_pairs ORDER BY id",
    "SELECT record_id, cluster_id, rule, score FROM cluster_members ORDER BY record_id",
    "SELECT id, representative_id, merged FROM clusters ORDER BY id",
)


def _rows(store: Store, sql: str) -> list[tuple]:
    return [tuple(r) for r in store.execute(sql)]


def main() -> None:
    """Print a markdown table of timings per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()
    print(f"cpus={os.cpu_count()}")
    print("| records | candidate pairs | pairs/record | prepare (s) | blocking (s) | "
          "dedupe_records wall / CPU (s) | run_dedup 99 % wall / CPU (s) | "
          "+1 % with key cache wall / CPU (s) | +1 % cache emptied wall / CPU (s) | "
          "same result | sensitivity | specificity | false merges | review pairs | load avg |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        r = time_size(n)
        print(f"| {r['n']:,} | {r['pairs']:,} | {r['pairs'] / r['n']:.1f} | {r['prepare']:.1f} | "
              f"{r['block']:.1f} | {r['pure']:.1f} / {r['pure_cpu']:.1f} | "
              f"{r['store']:.1f} / {r['store_cpu']:.1f} | "
              f"{r['incremental']:.2f} / {r['incr_cpu']:.2f} | "
              f"{r['cold']:.2f} / {r['cold_cpu']:.2f} | {'yes' if r['same'] else 'NO'} | "
              f"{r['sens']:.4f} | {r['spec']:.4f} | {r['fp']:,} | {r['review']:,} | "
              f"{r['load']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
