"""What scoring pairs on workers costs beyond scoring them in one process, part by part.

Run: ``python -m benchmarks.dedup_score_parts [--records 100000] [--profile]
[--only-workers]``.

On the corrupted synthetic corpus of ``dedup_accuracy`` (``synthetic``), the candidate
pairs are scored three ways, each checked to give the very same results:

- ``serial``: ``scoring.score_part`` over the prepared records, one rapidfuzz thread,
  part by part (``SCREEN_CHUNK``), in this process: what one core costs.
- ``packed here``: what a scoring worker does, in this process: the records packed
  (``packed.Packed``, timed apart) and each part scored on the packed records
  (``parallel._score_slice``). The difference from ``serial`` is the workers' overhead,
  without process start, page copying or the machine's other jobs in it.
- ``score_many``: the real thing on two forked workers (CPU of this process and of
  its children).

CPU seconds are given (and wall; the machine is shared: load printed). ``--profile``
prints the top functions of the ``packed here`` run (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time

from litsearch.dedup import parallel, scoring
from litsearch.dedup.blocking import prepared_pairs
from litsearch.dedup.normalise import prepare
from litsearch.dedup.packed import Packed
from litsearch.dedup.settings import DedupSettings
from litsearch.runtime import gc_paused

from .dedup_accuracy import synthetic


def _cpu() -> tuple[float, float]:
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def _timed(label: str, fn):
    (c0, k0), w0 = _cpu(), time.perf_counter()
    out = fn()
    (c1, k1), w1 = _cpu(), time.perf_counter()
    print(f"| {label} | {w1 - w0:.2f} | {c1 - c0:.2f} | {k1 - k0:.2f} | {c1 - c0 + k1 - k0:.2f} |",
          flush=True)
    return out


def _serial(prepared, pairs, settings):
    view = scoring.scoring_columns(prepared)
    step = scoring.SCREEN_CHUNK
    return [r for start in range(0, len(pairs), step)
            for r in scoring.score_part(prepared, view, pairs[start:start + step], settings,
                                        threads=1)]


def _packed_here(packed, pairs, settings):
    parallel._SCORING = (packed, pairs, settings)
    try:
        step = scoring.SCREEN_CHUNK
        return [scoring.PairResult(*r) for start in range(0, len(pairs), step)
                for r in parallel._score_slice(start, min(start + step, len(pairs)))]
    finally:
        parallel._SCORING = None


@gc_paused()
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only-workers", action="store_true",
                        help="time score_many alone (for a whole-process A/B of two versions)")
    args = parser.parse_args()
    records, _gold = synthetic(args.records)
    prepared = [prepare(r) for r in records]
    del records
    settings = DedupSettings()
    pairs = prepared_pairs(prepared, max_block=settings.max_block)
    print(f"{len(prepared):,} records, {len(pairs):,} candidate pairs; "
          f"load {os.getloadavg()[0]:.1f}\n")
    print("| way | wall (s) | CPU main (s) | CPU workers (s) | CPU all (s) |")
    print("|---|---:|---:|---:|---:|")
    if args.only_workers:
        _timed("score_many, 2 workers (+ packing)",
               lambda: parallel.score_many(prepared, pairs, settings, processes=2))
        return
    serial = _timed("serial (one process)", lambda: _serial(prepared, pairs, settings))
    packed = _timed("packing (main, once)", lambda: Packed(prepared))
    here = _timed("packed here (the workers' code)",
                  lambda: _packed_here(packed, pairs, settings))
    assert here == serial
    many = _timed("score_many, 2 workers (+ packing)",
                  lambda: parallel.score_many(prepared, pairs, settings, processes=2))
    assert many == serial
    print(f"\nresults {len(serial):,}, identical each way; load {os.getloadavg()[0]:.1f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(_packed_here, packed, pairs, settings)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
