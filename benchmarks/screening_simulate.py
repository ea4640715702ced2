"""Prioritised screening side by side: ``litsearch simulate`` and ASReview's default model.

Run: ``python -m benchmarks.screening_simulate [--seeds N] [--asreview-seeds M] [--sets A,B]``.

For every labelled set in ../shared/data/screening (both labels where a set has two) it
runs ``litsearch simulate --json`` (a fresh process, timed) and ASReview 3.0.8's default
model (ELAS u4) through its own ``asreview simulate`` in ``benchmarks/.asreview-venv``
(see screening_asreview.py; not a dependency of litsearch), with the same prior rows
(one include, one exclude drawn by seed) and seeds, scored by the same metric code.
ASReview's runs are kept per (set, label, seed) in benchmarks/.work/asreview with the
time they ran and the load average around them, so a re-run adds only the missing ones;
the report names when and at what load each side was timed. With ``--seeds 20`` or more
the same litsearch runs also check the stopping test (95 % recall at 95 % confidence).
Writes benchmarks/results/screening-simulate.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .screening_asreview import _kept, _key, cached_run, ensure_venv, is_cached

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "screening"
RESULTS = Path(__file__).resolve().parent / "results" / "screening-simulate.md"
LITSEARCH = Path(sys.executable).parent / "litsearch"

#: (file, label): every labelled set and label in the shared folder.
SETS = [
    ("Cohen_2006_ACEInhibitors.csv", "label_included"),
    ("Nagtegaal_2019.csv", "label_included"),
    ("Bannach-Brown_2019.csv", "label_included"),
    ("Kitchenham_2010.csv", "label_included"),
    ("Cohen_2006_ACEInhibitors.csv", "label_abstract_screening"),
    ("Nagtegaal_2019.csv", "label_abstract_screening"),
]


def _stamp() -> str:
    return datetime.now(UTC).strftime("%H:%M")


def litsearch_run(path: Path, label: str, seeds: int) -> dict:
    """``litsearch simulate --json`` in a fresh process; adds its wall and CPU seconds,
    when it started and the 1-minute load average before and after."""
    started, load0 = _stamp(), os.getloadavg()[0]
    cpu0 = _children_cpu()
    start = time.perf_counter()
    out = subprocess.run([str(LITSEARCH), "simulate", str(path), "--label", label,
                          "--seeds", str(seeds), "--json"], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout)
    result["wall"] = time.perf_counter() - start
    result["cpu"] = _children_cpu() - cpu0
    result["started"], result["load"] = started, [load0, os.getloadavg()[0]]
    return result


def _wait_for_asreview(chosen: list[tuple[str, str]], seeds: int, until: str) -> None:
    """Wait (until ``until``, HH:MM UTC) for every pair's ASReview seeds to be kept."""
    keys = [_key(DATA / n, lab, s) for n, lab in chosen for s in range(1, seeds + 1)]
    while until:
        missing = [k for k in keys if _kept(k) is None]
        if not missing or datetime.now(UTC).strftime("%H:%M") >= until:
            print(f"ASReview runs still missing: {len(missing)}", flush=True)
            return
        time.sleep(30)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _ms(values: list[float], pct: bool = True) -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return "–"
    k = 100 if pct else 1
    sd = statistics.stdev(vals) if len(vals) > 1 else 0.0
    return f"{statistics.mean(vals) * k:.1f} ± {sd * k:.1f}"


def _rows(path: Path) -> int:
    import csv

    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def main() -> int:  # noqa: C901 - one report, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5, help="litsearch seeds")
    parser.add_argument("--stop-seeds", type=int, default=0, help="litsearch seeds on the "
                        "--stop-sets (20 or more: the same runs check the stopping test)")
    parser.add_argument("--stop-sets", default="", help="comma-separated file stems "
                        "(default: every set)")
    parser.add_argument("--asreview-seeds", type=int, default=5)
    parser.add_argument("--cached-only", action="store_true",
                        help="use only the ASReview runs already kept (no new ones)")
    parser.add_argument("--wait-asreview", default="", help="HH:MM (UTC): after litsearch's "
                        "runs, wait until then for ASReview's runs being kept by another "
                        "process (screening_asreview.py) to reach --asreview-seeds")
    parser.add_argument("--sets", default="", help="comma-separated file stems to run")
    parser.add_argument("--labels", default="", help="comma-separated labels to run")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the report's path")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    chosen = [s for s in SETS if (not args.sets or Path(s[0]).stem in args.sets.split(","))
              and (not args.labels or s[1] in args.labels.split(","))]
    exe = ensure_venv()
    run_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    table, timing, summary, stops = [], [], [], []
    # litsearch first, every pair; then ASReview's runs (kept ones, or run now), so that
    # ASReview runs filling the cache meanwhile (screening_asreview.py) are picked up.
    mine = {}
    for name, label in chosen:
        stop_here = not args.stop_sets or Path(name).stem in args.stop_sets.split(",")
        mine[name, label] = litsearch_run(DATA / name, label,
                                          max(args.seeds, args.stop_seeds * stop_here))
        print(f"{name} {label}: litsearch done ({mine[name, label]['wall']:.0f} s)", flush=True)
    _wait_for_asreview(chosen, args.asreview_seeds, args.wait_asreview)
    for name, label in chosen:
        path = DATA / name
        theirs = [cached_run(exe, path, label, s) for s in range(1, args.asreview_seeds + 1)
                  if not args.cached_only or is_cached(path, label, s)]
        if not theirs:
            print(f"{name} {label}: no ASReview run kept; skipped", flush=True)
            continue
        ours = mine[name, label]
        our_runs = ours["seeds"]
        their_seeds = {r["seed"] for r in theirs}
        common = [r for r in our_runs if r["seed"] in their_seeds]
        stem = Path(name).stem
        # Per run: litsearch's own per-seed time (features built once per process,
        # counted in seed 1) and the process's CPU over its seeds; ASReview: the wall
        # and CPU time of one `asreview simulate` process.
        our_s = statistics.mean(r["seconds"] for r in our_runs)
        their_s = statistics.mean(r["seconds"] for r in theirs)
        our_cpu = ours["cpu"] / len(our_runs)
        their_cpu = statistics.mean(r.get("cpu_seconds", r["seconds"]) for r in theirs)
        five = [r for r in our_runs if r["seed"] <= max(args.seeds, max(their_seeds))]
        for tool, runs, secs, cpu in (("litsearch " + ours["model"], five, our_s, our_cpu),
                                      ("ASReview elas_u4", theirs, their_s, their_cpu)):
            table.append(f"| {stem} | {label} | {tool} | "
                         + ", ".join(str(r["seed"]) for r in runs) + " | "
                         + " | ".join(_ms([r[k] for r in runs]) for k in (
                             "wss95", "wss95_insights", "wss100", "rrf10", "atd"))
                         + f" | {_ms([r['k95'] for r in runs], False)} | {secs:.1f} | "
                         f"{cpu:.1f} |")
        by_seed = {r["seed"]: r["wss95"] for r in theirs}
        paired = [r["wss95"] - by_seed[r["seed"]] for r in common]
        summary.append((stem, label, statistics.mean(r["wss95"] for r in common),
                        statistics.mean(r["wss95"] for r in theirs), their_s / our_s,
                        their_cpu / our_cpu, paired))
        timing.append(f"| {stem} | {label} | " + "; ".join(
            f"seed {r['seed']}: {r.get('started', 'earlier, time not kept')}, load "
            + ("–" if "load" not in r else f"{r['load'][0]:.1f}→{r['load'][1]:.1f}")
            + f", {r['seconds']:.0f} s" for r in theirs)
            + f" | {ours['started']}, load {ours['load'][0]:.1f}→{ours['load'][1]:.1f}, "
            f"{len(our_runs)} seeds in {ours['wall']:.0f} s |")
        if args.stop_seeds and len(our_runs) >= args.stop_seeds:
            stops.append((stem, label, our_runs, _rows(path) - 2))
        print(*table[-2:], timing[-1], sep="\n", flush=True)
    lines = ["# Prioritised screening: litsearch simulate vs ASReview 3.0.8 (ELAS u4)", "",
             f"`python -m benchmarks.screening_simulate {' '.join(sys.argv[1:])}`, run "
             f"started {run_at}. Same prior rows (1 include + 1 exclude drawn by seed) and "
             "seeds, same metric code (litsearch.screening.simulate.metrics); % mean ± sd "
             "over the seeds listed (the second table compares the seeds both ran). s/run: "
             "wall seconds per run (litsearch: its own per-seed time inside one "
             "`litsearch simulate` process, "
             "features built once and counted in seed 1; ASReview: one `asreview "
             "simulate` process). CPU s/run: process CPU seconds per run, which depends far "
             "less on what else the machine runs. Machine: 2 cores shared with other "
             "engineers' work; the load averages below say how busy.", "",
             "| set | label | tool | seeds | WSS@95 | WSS@95 (insights) | WSS@100 | RRF@10 "
             "| ATD | k95 | s/run | CPU s/run |", "|---|---|---|---|---|---|---|---|---|---|---|"
             "---|", *table, "", "## WSS@95 on the same seeds, and the speed ratio", "",
             "Difference per seed: litsearch − ASReview on the same seed (same priors); "
             "± its standard error over the seeds (sd / √seeds); higher / lower: "
             "seeds on which litsearch was above / below.", "",
             "| set | label | litsearch | ASReview | difference | per seed | higher / lower "
             "| speed-up (wall) | speed-up (CPU) |", "|---|---|---|---|---|---|---|---|---|"]
    for stem, label, ours_w, theirs_w, wall_x, cpu_x, paired in summary:
        se = (statistics.stdev(paired) / len(paired) ** 0.5) if len(paired) > 1 else 0.0
        lines.append(f"| {stem} | {label} | {ours_w * 100:.1f} | {theirs_w * 100:.1f} | "
                     f"{(ours_w - theirs_w) * 100:+.1f} ± {se * 100:.1f} | "
                     + ", ".join(f"{d * 100:+.1f}" for d in paired)
                     + f" | {sum(d > 0 for d in paired)} / {sum(d < 0 for d in paired)} | "
                     f"{wall_x:.1f}x | {cpu_x:.1f}x |")
    if summary:
        lines.append(f"| mean | | {statistics.mean(s[2] for s in summary) * 100:.1f} | "
                     f"{statistics.mean(s[3] for s in summary) * 100:.1f} | "
                     f"{statistics.mean(s[2] - s[3] for s in summary) * 100:+.1f} | | | | |")
    lines += ["", "## When each side was timed", "",
              "ASReview's runs are kept between invocations (benchmarks/.work/asreview), "
              "each with its start (UTC) and the 1-minute load average before → after; "
              "litsearch ran in this invocation.", "",
              "| set | label | ASReview runs | litsearch run |", "|---|---|---|---|", *timing]
    if stops:
        lines += ["", f"## Stopping test: 95 % recall at 95 % confidence, {args.stop_seeds} "
                  "seeds per set", "", "The same litsearch runs; the test checked every "
                  "N/200 records. Work saved = 1 − screened at stop / N.", "",
                  "| set | label | runs | stopped | recall ≥ 95 % at stop | recall at stop "
                  "(mean, min) | screened at stop | work saved |",
                  "|---|---|---|---|---|---|---|---|"]
        for stem, label, runs, pool in stops:
            stopped = [r for r in runs if r["stop_screened"] is not None]
            ok = sum(r["stop_recall"] >= 0.95 for r in stopped)
            low = min((r["stop_recall"] for r in stopped), default=None)
            saved = [1 - r["stop_screened"] / pool for r in stopped]
            lines.append(f"| {stem} | {label} | {len(runs)} | {len(stopped)} | "
                         f"{ok}/{len(stopped)} | {_ms([r['stop_recall'] for r in stopped])}, "
                         f"{'–' if low is None else f'{low * 100:.1f}'} | "
                         f"{_ms([r['stop_screened'] for r in stopped], False)} of {pool:,} | "
                         f"{_ms(saved)} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
