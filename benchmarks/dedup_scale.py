"""Deduplication at 100k, 300k and 1M synthetic records (corruptions on): wall, CPU, memory.

Run: ``python -m benchmarks.dedup_scale [--sizes 100000 300000 1000000]``.

The corrupted corpus of each size is generated once, in a process of its own, and
kept under ``benchmarks/.work/`` (pickled in chunks of 10,000 records, the gold
labels first). Each size is then deduplicated in a fresh process: the records are
streamed from that file into :func:`litsearch.dedup.dedupe_records` (prepare,
block, score, cluster), which keeps no record, so the process never holds the
corpus, as ``litsearch dedup`` never loads a review's records all at once.
Reading the file is timed apart and subtracted. Peak memory is the process's
high-water mark (VmHWM). The machine is shared: the load average at the end of
each size is printed, and CPU time is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path

from ._harness import in_fresh_process, peak_mib, write_results

RESULTS = Path(__file__).with_name("results") / "dedup-scale.md"
WORK = Path(__file__).with_name(".work")
_CHUNK = 10_000


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def corpus_path(n: int, seed: int = 0) -> Path:
    """Return the cached corpus file of ``n`` records (made by ``--make``)."""
    return WORK / f"dedup-scale-{n}-seed{seed}.pickle"


def make(n: int, seed: int = 0) -> dict[str, float]:
    """Generate the corrupted corpus of ``n`` records and write it in chunks."""
    from .dedup_accuracy import synthetic

    start, cpu = time.perf_counter(), time.process_time()
    records, gold = synthetic(n, seed=seed)
    path = corpus_path(n, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with part.open("wb") as out:
        pickle.dump(gold, out, protocol=pickle.HIGHEST_PROTOCOL)
        for k in range(0, len(records), _CHUNK):
            pickle.dump(records[k:k + _CHUNK], out, protocol=pickle.HIGHEST_PROTOCOL)
    part.replace(path)
    return {"n": len(records), "wall": time.perf_counter() - start,
            "cpu": time.process_time() - cpu, "peak_mib": peak_mib()}


class _Stream:
    """Records read chunk by chunk from a corpus file, timing the reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wall = self.cpu = 0.0

    def gold(self) -> list[str]:
        with self.path.open("rb") as src:
            return pickle.load(src)

    def __iter__(self) -> Iterator:
        with self.path.open("rb") as src:
            pickle.load(src)  # the gold labels: read after deduplication
            while True:
                start, cpu = time.perf_counter(), time.process_time()
                try:
                    chunk = pickle.load(src)
                except EOFError:
                    return
                finally:
                    self.wall += time.perf_counter() - start
                    self.cpu += time.process_time() - cpu
                yield from chunk
                del chunk


def one(n: int) -> dict[str, float]:
    """Deduplicate the cached corpus of ``n`` records, streamed from its file."""
    from litsearch.dedup import dedupe_records

    from .dedup_accuracy import score_groups

    stream = _Stream(corpus_path(n))
    before = _rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    clusters = dedupe_records(stream)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_mib()
    load = os.getloadavg()[0]
    scores = score_groups(stream.gold(), clusters)
    return {"n": sum(len(c) for c in clusters), "wall": wall - stream.wall,
            "cpu": cpu - stream.cpu, "read_wall": stream.wall, "read_cpu": stream.cpu,
            "rss_before_mib": before, "peak_mib": peak, "load": load,
            "sens": scores["sens"], "fp": scores["fp"], "fp_clusters": scores["fp_clusters"]}


def main() -> None:
    """Run each size in a fresh process and write ``results/dedup-scale.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--make", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one or args.make:
        print(json.dumps(one(args.one) if args.one else make(args.make)))
        return
    lines = ["# Deduplication at scale (synthetic corpus, corruptions on)", "",
             f"cpus={os.cpu_count()}; `python -m benchmarks.dedup_scale`", "",
             "| records | dedupe_records wall (s) | CPU (s) | µs/record (CPU) | "
             "read file CPU (s) | RSS before (MiB) | peak (MiB) | sensitivity | "
             "false-merge clusters | load avg |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in args.sizes:
        if not corpus_path(n).exists():
            made = in_fresh_process("benchmarks.dedup_scale", "--make", str(n))
            print(f"generated {made['n']:,} records: {made['wall']:.0f} s wall, "
                  f"{made['cpu']:.0f} s CPU, peak {made['peak_mib']:.0f} MiB", flush=True)
        r = in_fresh_process("benchmarks.dedup_scale", "--one", str(n))
        lines.append(f"| {int(r['n']):,} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                     f"{1e6 * r['cpu'] / r['n']:.0f} | {r['read_cpu']:.1f} | "
                     f"{r['rss_before_mib']:.0f} | {r['peak_mib']:.0f} | {r['sens']:.4f} | "
                     f"{int(r['fp_clusters'])} | {r['load']:.1f} |")
        print(lines[-1], flush=True)
    write_results(RESULTS, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
