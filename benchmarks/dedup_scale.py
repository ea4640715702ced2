"""Deduplication at 100k, 300k and 1M synthetic records (corruptions on): wall, CPU, memory.

Run: ``python -m benchmarks.dedup_scale [--sizes 100000 300000 1000000]``.

The corrupted corpus of each size is generated once, in a process of its own, and
kept under ``benchmarks/.work/`` (pickled in chunks of 10,000 records, the gold
labels first). Each size is then deduplicated in a fresh process: the records are
streamed from that file into :func:`litsearch.dedup.dedupe_records` (prepare,
block, score, cluster), which keeps no record, so the process never holds the
corpus, as ``litsearch dedup`` never loads a review's records all at once.
Reading the file is timed apart and subtracted. Records are prepared, and their
candidate pairs scored, on worker processes (:mod:`litsearch.dedup.parallel`): CPU is
given for this process and for the workers, peak memory as this process's high-water
mark (VmHWM) and as the largest sum of PSS over this process and its workers, sampled
every 4 s (forked scoring workers share the parent's pages: their own high-water
marks count those pages again, PSS splits them). The machine is shared: the load
average at the start and end of each size is printed; wall time is what the target
names, CPU the figure that compares.
Each run writes its false-merge clusters to ``.work/false-merges/N.json``;
``--read-false-merges N`` lists them record by record.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ._harness import in_fresh_process, peak_mib, write_results

RESULTS = Path(__file__).with_name("results") / "dedup-scale.md"
WORK = Path(__file__).with_name(".work")
#: The false-merge clusters of each size (record indices into the cached corpus), to read.
FALSE_MERGES = WORK / "false-merges"
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


class _PssPeak(threading.Thread):
    """The largest sum of PSS (MiB) over this process and its children, sampled every 4 s.

    The sampling thread's own CPU time is kept in ``cpu`` (to subtract from this process's).
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = self.cpu = 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(4.0):
            self.peak = max(self.peak, self.sample())
        self.cpu = time.thread_time()

    @staticmethod
    def sample() -> float:
        me = os.getpid()
        pids = [me]
        for task in Path(f"/proc/{me}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
        total = 0
        for pid in pids:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:  # a worker that has just left
                continue
            total += next(int(line.split()[1]) for line in rollup.splitlines()
                          if line.startswith("Pss:"))
        return total / 1024

    def stop(self) -> None:
        self.halt.set()
        self.join()
        self.peak = max(self.peak, self.sample())


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the prepare workers)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def one(n: int) -> dict[str, float]:
    """Deduplicate the cached corpus of ``n`` records, streamed from its file."""
    from litsearch.dedup import dedupe_records
    from litsearch.dedup.blocking import BlockReport

    from .dedup_accuracy import score_groups

    stream = _Stream(corpus_path(n))
    report = BlockReport()
    before = _rss_mib()
    load_before = os.getloadavg()[0]
    sampler = _PssPeak()
    sampler.start()
    start, (cpu, workers) = time.perf_counter(), _cpu()
    clusters = dedupe_records(stream, report=report)
    wall = time.perf_counter() - start
    cpu, workers = (after - was for after, was in zip(_cpu(), (cpu, workers), strict=True))
    sampler.stop()
    peak = peak_mib()
    load = os.getloadavg()[0]
    gold = stream.gold()
    scores = score_groups(gold, clusters)
    mixed = [sorted(c) for c in clusters if len({gold[i] for i in c}) > 1]
    FALSE_MERGES.mkdir(parents=True, exist_ok=True)
    (FALSE_MERGES / f"{n}.json").write_text(json.dumps(mixed), encoding="utf-8")
    return {"n": sum(len(c) for c in clusters), "wall": wall - stream.wall,
            "cpu": cpu - stream.cpu - sampler.cpu, "worker_cpu": workers,
            "read_wall": stream.wall, "read_cpu": stream.cpu, "sampler_cpu": sampler.cpu,
            "rss_before_mib": before, "peak_mib": peak, "pss_peak_mib": sampler.peak,
            "load_before": load_before, "load": load,
            "blocks_split": sum(report.split.values()),
            "unpaired": sum(report.unpaired.values()),
            "sens": scores["sens"], "fp": scores["fp"], "fp_clusters": scores["fp_clusters"]}


def read_false_merges(n: int) -> str:
    """Return the false-merge clusters of the last ``--one n`` run, record by record.

    Each record's fields as exported, and per pair of other works that the rules merge
    the rule and title similarity: to tell a generator collision (two works no reader
    could tell apart) from a rule error.
    """
    from litsearch.dedup.match import classify, compare
    from litsearch.dedup.normalise import prepare
    from litsearch.dedup.settings import DedupSettings

    mixed = json.loads((FALSE_MERGES / f"{n}.json").read_text(encoding="utf-8"))
    stream = _Stream(corpus_path(n))
    gold = stream.gold()
    wanted = {i for c in mixed for i in c}
    records = {k: r for k, r in enumerate(stream) if k in wanted}
    out = [f"# False-merge clusters at {n:,} records ({len(mixed)})", ""]
    for cluster in mixed:
        out.append(f"## {' + '.join(sorted({gold[i] for i in cluster}))}")
        for i in cluster:
            r = records[i]
            names = "; ".join(f"{a.family} {a.initials or ''}".strip() for a in r.authors[:4])
            out.append(f"- [{i}] {gold[i]} {r.database}: {r.title!r} | {names} | {r.journal} "
                       f"{r.year} {r.volume}({r.issue}) {r.start_page}-{r.end_page} "
                       f"doi={r.doi} pmid={r.pmid}")
        prepared = {i: prepare(records[i]) for i in cluster}
        for a in cluster:
            for b in cluster:
                if a < b and gold[a] != gold[b]:
                    outcome, rule, score = classify(compare(prepared[a], prepared[b]),
                                                    DedupSettings())
                    if outcome == "merged":
                        out.append(f"  - merged [{a}]-[{b}]: {rule}, title {score:.2f}")
        out.append("")
    return "\n".join(out)


def main() -> None:
    """Run each size in a fresh process and write ``results/dedup-scale.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--make", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--read-false-merges", type=int, metavar="N",
                        help="list the false-merge clusters of the last run at N records")
    args = parser.parse_args()
    if args.read_false_merges:
        print(read_false_merges(args.read_false_merges))
        return
    if args.one or args.make:
        print(json.dumps(one(args.one) if args.one else make(args.make)))
        return
    lines = ["# Deduplication at scale (synthetic corpus, corruptions on)", "",
             f"cpus={os.cpu_count()}; `python -m benchmarks.dedup_scale`", "",
             "| records | wall (s) | CPU main (s) | CPU workers (s) | µs/record (CPU, all) | "
             "read file CPU (s) | peak main (MiB) | peak all, PSS (MiB) | sensitivity | "
             "false-merge clusters | blocks over the cap | pairs they left out | "
             "load avg start/end |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in args.sizes:
        if not corpus_path(n).exists():
            made = in_fresh_process("benchmarks.dedup_scale", "--make", str(n))
            print(f"generated {made['n']:,} records: {made['wall']:.0f} s wall, "
                  f"{made['cpu']:.0f} s CPU, peak {made['peak_mib']:.0f} MiB", flush=True)
        r = in_fresh_process("benchmarks.dedup_scale", "--one", str(n))
        total = r["cpu"] + r["worker_cpu"]
        lines.append(f"| {int(r['n']):,} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                     f"{r['worker_cpu']:.1f} | {1e6 * total / r['n']:.0f} | "
                     f"{r['read_cpu']:.1f} | {r['peak_mib']:.0f} | {r['pss_peak_mib']:.0f} | "
                     f"{r['sens']:.4f} | {int(r['fp_clusters'])} | {int(r['blocks_split']):,} | "
                     f"{int(r['unpaired']):,} | {r['load_before']:.1f}/{r['load']:.1f} |")
        print(lines[-1], flush=True)
    write_results(RESULTS, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
