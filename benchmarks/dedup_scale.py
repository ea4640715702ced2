"""Deduplication at 100k, 300k and 1M synthetic records (corruptions on): wall, CPU, memory.

Run: ``python -m benchmarks.dedup_scale [--sizes 100000 300000 1000000]``.

Each size runs in a fresh process (``--one N``): the corrupted corpus is generated
first (not timed), then :func:`litsearch.dedup.dedupe_records` (prepare, block,
score, cluster) is timed. Peak memory is the process's high-water mark (VmHWM),
corpus included, and the resident size before deduplication is given beside it. The
machine is shared: the load average at the end of each size is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from ._harness import in_fresh_process, peak_mib, write_results

RESULTS = Path(__file__).with_name("results") / "dedup-scale.md"


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one(n: int) -> dict[str, float]:
    """Generate ``n`` corrupted records and time their deduplication in this process."""
    from litsearch.dedup import dedupe_records

    from .dedup_accuracy import score_groups, synthetic

    start = time.perf_counter()
    records, gold = synthetic(n)
    made = time.perf_counter() - start
    before = _rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    clusters = dedupe_records(records)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    scores = score_groups(gold, clusters)
    return {"n": len(records), "generate": made, "wall": wall, "cpu": cpu,
            "rss_before_mib": before, "peak_mib": peak_mib(), "load": os.getloadavg()[0],
            "sens": scores["sens"], "fp": scores["fp"]}


def main() -> None:
    """Run each size in a fresh process and write ``results/dedup-scale.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    lines = ["# Deduplication at scale (synthetic corpus, corruptions on)", "",
             f"cpus={os.cpu_count()}; `python -m benchmarks.dedup_scale`", "",
             "| records | generate corpus (s) | dedupe_records wall (s) | CPU (s) | "
             "µs/record (wall) | RSS before (MiB) | peak (MiB) | sensitivity | false merges | "
             "load avg |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in args.sizes:
        r = in_fresh_process("benchmarks.dedup_scale", "--one", str(n))
        lines.append(f"| {int(r['n']):,} | {r['generate']:.0f} | {r['wall']:.1f} | "
                     f"{r['cpu']:.1f} | {1e6 * r['wall'] / r['n']:.0f} | "
                     f"{r['rss_before_mib']:.0f} | {r['peak_mib']:.0f} | {r['sens']:.4f} | "
                     f"{int(r['fp'])} | {r['load']:.1f} |")
        print(lines[-1], flush=True)
    write_results(RESULTS, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
