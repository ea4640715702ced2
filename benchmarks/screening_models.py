"""Candidate ranking models and retrain schedules on every labelled set, for picking the default.

Run: ``python -m benchmarks.screening_models --candidates A,B --seeds 1,2,3 [--sets S,..]``.

Each candidate is a model from ``litsearch.screening.ranking.MODELS`` and a retrain
schedule (decisions between two fits, given the records labelled so far), replayed by
``litsearch.screening.simulate.replay`` with the same priors and seeds as
``litsearch simulate`` and ASReview's runs (screening_asreview.py). Every run is appended
to benchmarks/.work/models.jsonl (so candidates can be added one at a time); the table
of every run so far is written to benchmarks/results/screening-models.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from litsearch.screening.labelled import load_labelled
from litsearch.screening.order import retrain_every
from litsearch.screening.ranking import CHAR_MODELS, build_features
from litsearch.screening.simulate import draw_priors, metrics, replay

from .screening_asreview import cached_run, is_cached
from .screening_simulate import DATA, SETS

HERE = Path(__file__).resolve().parent
LOG = HERE / ".work" / "models.jsonl"
RESULTS = HERE / "results" / "screening-models.md"

#: Retrain schedules: decisions between two fits, given the records labelled so far.
SCHEDULES = {
    "5%": lambda n: 1 if n < 40 else n // 20,  # the schedule before this session
    "1%": retrain_every,  # every decision below 100 labelled, then every 1 % more
    "each": lambda n: 1,  # ASReview's: a fit after every decision
    # after every decision while fewer than 300 are labelled, then every 1 % more
    "e300": lambda n: 1 if n < 300 else max(1, n // 100),
    "e500": lambda n: 1 if n < 500 else max(1, n // 100),
}


def run(candidates: list[str], seeds: list[int], sets: list[tuple[str, str]]) -> None:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    for name, label in sets:
        data = load_labelled(DATA / name, label)
        cache: dict[bool, object] = {}
        for cand in candidates:
            model, schedule = cand.split("@")
            chars = model in CHAR_MODELS
            if chars not in cache:
                cache[chars] = build_features(data.texts, chars=chars)
            for seed in seeds:
                start = time.perf_counter()
                priors = draw_priors(data.labels, seed)
                order = replay(cache[chars], data.labels, priors, model, seed,
                               SCHEDULES[schedule])
                m = metrics(data.labels[order])
                row = {"set": Path(name).stem, "label": label, "candidate": cand,
                       "seed": seed, "wss95": m.wss95, "wss100": m.wss100,
                       "rrf10": m.rrf10, "seconds": time.perf_counter() - start,
                       "load": os.getloadavg()[0],
                       "at": datetime.now(UTC).strftime("%H:%M")}
                with LOG.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(row) + "\n")
                print(row, flush=True)


def _asreview(stem: str, label: str, seed: int) -> float | None:
    """WSS@95 of ASReview's kept run for (set, label, seed), when a valid one is kept."""
    source = DATA / f"{stem}.csv"
    return (cached_run(Path(), source, label, seed)["wss95"]
            if is_cached(source, label, seed) else None)


def report() -> str:
    rows = [json.loads(line) for line in LOG.read_text().splitlines() if line.strip()]
    latest: dict[tuple, dict] = {}
    for r in rows:  # a re-run of the same (set, label, candidate, seed) replaces the last
        latest[(r["set"], r["label"], r["candidate"], r["seed"])] = r
    cands = sorted({k[2] for k in latest})
    pairs = [(Path(n).stem, lab) for n, lab in SETS]
    lines = ["# Ranking candidates: WSS@95 per set and seed", "",
             "`python -m benchmarks.screening_models` (in-process replays, same priors and "
             "seeds as `litsearch simulate` and the ASReview runs; the model `@` its retrain "
             "schedule: `5%` = a fit after every decision below 40 labelled records, then "
             "after every 5 % more; `1%` = after every decision below 100, then every 1 % "
             "more; `each` = after every decision, as ASReview). WSS@95 in %, per seed "
             "(seed: value), and the seconds of one replay (load average when it ended). "
             "ASReview: its own `asreview simulate` runs (screening_asreview.py). The runs "
             "of 2026-12-07 were made before liblinear was seeded (`random_state=0`), so a "
             "re-run of the same seed then differed by a few tenths; `svm-lr` was stopped "
             "after two sets (a fit cost several times the SVM's at load 10–20).", "",
             "| set | label | candidate | WSS@95 per seed | mean | s/run (load) |",
             "|---|---|---|---|---|---|"]
    for stem, label in pairs:
        for cand in cands:
            runs = sorted((r for k, r in latest.items() if k[:3] == (stem, label, cand)),
                          key=lambda r: r["seed"])
            if not runs:
                continue
            per = ", ".join(f"{r['seed']}: {r['wss95'] * 100:.1f}" for r in runs)
            lines.append(f"| {stem} | {label} | {cand} | {per} | "
                         f"{statistics.mean(r['wss95'] for r in runs) * 100:.1f} | "
                         f"{statistics.mean(r['seconds'] for r in runs):.1f} "
                         f"({statistics.mean(r['load'] for r in runs):.1f}) |")
        theirs = [(s, _asreview(stem, label, s)) for s in range(1, 6)]
        theirs = [(s, w) for s, w in theirs if w is not None]
        if theirs:
            per = ", ".join(f"{s}: {w * 100:.1f}" for s, w in theirs)
            lines.append(f"| {stem} | {label} | ASReview elas_u4 | {per} | "
                         f"{statistics.mean(w for _, w in theirs) * 100:.1f} | |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", default="elas-u4@1%")
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--sets", default="", help="comma-separated file stems")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    if not args.report_only:
        if not DATA.is_dir():
            print(f"skipped: {DATA} is absent")
            return 0
        sets = [s for s in SETS if not args.sets or Path(s[0]).stem in args.sets.split(",")]
        run(args.candidates.split(","), [int(s) for s in args.seeds.split(",")], sets)
    RESULTS.write_text(report(), encoding="utf-8")
    print(RESULTS.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
