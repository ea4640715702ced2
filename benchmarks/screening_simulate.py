"""Prioritised screening side by side: ``litsearch simulate`` and ASReview's default model.

Run: ``python -m benchmarks.screening_simulate [--seeds N] [--stop-seeds M] [--sets A,B]``.

For every labelled set in ../shared/data/screening (both labels where a set has two) it
runs ``litsearch simulate --json`` (a fresh process, timed) and ASReview 3.0.8's default
model (ELAS u4) through its own ``asreview simulate`` in ``benchmarks/.asreview-venv``
(see screening_asreview.py; not a dependency of litsearch), with the same prior rows
(one include, one exclude drawn by seed) and seeds, scored by the same metric code.
ASReview's runs are kept per (set, label, seed) in benchmarks/.work/asreview, so a re-run
only adds the missing ones. ``--stop-seeds`` adds litsearch runs that check the stopping
test (95 % recall at 95 % confidence). Writes benchmarks/results/screening-simulate.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .screening_asreview import cached_run, ensure_venv, is_cached

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


def litsearch_run(path: Path, label: str, seeds: int) -> dict:
    """``litsearch simulate --json`` in a fresh process; adds its wall seconds."""
    start = time.perf_counter()
    out = subprocess.run([str(LITSEARCH), "simulate", str(path), "--label", label,
                          "--seeds", str(seeds), "--json"], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout)
    result["wall"] = time.perf_counter() - start
    return result


def _ms(values: list[float], pct: bool = True) -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return "–"
    k = 100 if pct else 1
    sd = statistics.stdev(vals) if len(vals) > 1 else 0.0
    return f"{statistics.mean(vals) * k:.1f} ± {sd * k:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--asreview-seeds", type=int, default=None,
                        help="ASReview seeds (default: --seeds; fewer when time is short)")
    parser.add_argument("--stop-seeds", type=int, default=0)
    parser.add_argument("--cached-only", action="store_true",
                        help="use only the ASReview runs already kept (no new ones)")
    parser.add_argument("--sets", default="", help="comma-separated file stems to run")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    chosen = [s for s in SETS if not args.sets or Path(s[0]).stem in args.sets.split(",")]
    exe = ensure_venv()
    lines = ["# Prioritised screening: litsearch simulate vs ASReview 3.0.8 (ELAS u4)", "",
             "Same prior rows (1 include + 1 exclude drawn by seed) and seeds, same metric code "
             "(litsearch.screening.simulate.metrics); % mean ± sd over seeds. Time: seconds per "
             "run (litsearch: its own per-seed time inside one `litsearch simulate` process, "
             "features built once per process and counted in seed 1; ASReview: wall time of "
             "one `asreview simulate`). Machine: 2 shared cores, load from other work varies.",
             "", "| set | label | tool | seeds | WSS@95 | WSS@95 (insights) | WSS@100 | RRF@10 "
             "| ATD | k95 | s/run | speed-up |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    summary = []
    for name, label in chosen:
        path = DATA / name
        a_seeds = args.asreview_seeds or args.seeds
        theirs = [cached_run(exe, path, label, s) for s in range(1, a_seeds + 1)
                  if not args.cached_only or is_cached(path, label, s)]
        if not theirs:
            print(f"{name} {label}: no ASReview run kept; skipped", flush=True)
            continue
        a_seeds = max(r["seed"] for r in theirs)
        ours = litsearch_run(path, label, args.seeds)
        our_runs = ours["seeds"]
        common = [r for r in our_runs if r["seed"] <= a_seeds]
        our_s = statistics.mean(r["seconds"] for r in our_runs)
        their_s = statistics.mean(r["seconds"] for r in theirs)
        for tool, runs, secs, ratio in (("litsearch " + ours["model"], our_runs, our_s,
                                         f"{their_s / our_s:.1f}x"),
                                        ("ASReview elas_u4", theirs, their_s, "1x")):
            lines.append(f"| {Path(name).stem} | {label} | {tool} | {len(runs)} | "
                         + " | ".join(_ms([r[k] for r in runs]) for k in (
                             "wss95", "wss95_insights", "wss100", "rrf10", "atd"))
                         + f" | {_ms([r['k95'] for r in runs], False)} | {secs:.1f} | {ratio} |")
        summary.append((Path(name).stem, label,
                        statistics.mean(r["wss95"] for r in common),
                        statistics.mean(r["wss95"] for r in theirs)))
        print(lines[-2], lines[-1], sep="\n", flush=True)
    lines += ["", "## WSS@95 on the seeds both ran", "", "| set | label | litsearch | ASReview "
              "| difference |", "|---|---|---|---|---|"]
    for stem, label, ours_w, theirs_w in summary:
        lines.append(f"| {stem} | {label} | {ours_w * 100:.1f} | {theirs_w * 100:.1f} | "
                     f"{(ours_w - theirs_w) * 100:+.1f} |")
    if summary:
        lines.append(f"| mean | | {statistics.mean(s[2] for s in summary) * 100:.1f} | "
                     f"{statistics.mean(s[3] for s in summary) * 100:.1f} | |")
    if args.stop_seeds:
        lines += ["", f"## Stopping test: 95 % recall at 95 % confidence, {args.stop_seeds} "
                  "seeds per set", "", "| set | label | runs | stopped | recall ≥ 95 % | "
                  "recall at stop | screened at stop | work saved |", "|---|---|---|---|---|---|"
                  "---|---|"]
        for name, label in chosen:
            runs = litsearch_run(DATA / name, label, args.stop_seeds)["seeds"]
            stopped = [r for r in runs if r["stop_screened"] is not None]
            ok = sum(r["stop_recall"] >= 0.95 for r in stopped)
            total = len(runs)
            pool = _rows(DATA / name) - 2  # N: records less the two priors
            saved = [1 - r["stop_screened"] / pool for r in stopped]
            lines.append(f"| {Path(name).stem} | {label} | {total} | {len(stopped)} | "
                         f"{ok}/{len(stopped)} | {_ms([r['stop_recall'] for r in stopped])} | "
                         f"{_ms([r['stop_screened'] for r in stopped], False)} | "
                         f"{_ms(saved)} |")
            print(lines[-1], flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def _rows(path: Path) -> int:
    import csv

    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


if __name__ == "__main__":
    sys.exit(main())
