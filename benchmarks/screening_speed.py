"""How fast the screening app opens and answers a key, at 1,000-odd and 100,000 records.

Run: ``python -m benchmarks.screening_speed [--works N ...]``. Builds reviews from the
synthetic corpus (records clustered by their true work, as a perfect dedup would),
gives reviewer 'alice' decisions on 30% of the units, then measures, in one run:

- open: ``make_app`` plus the first screen drawn (headless), i.e. what a reviewer waits for;
- key: one 'i' keypress through Textual's Pilot until the next record is shown;
- decide: the library call behind a key (``ScreeningSession.decide``), without the UI;
- auto: ``screen --auto`` with the worked example's rule criteria.
Writes benchmarks/results/screening.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litsearch.errors import ScreeningError
from litsearch.project import Project
from litsearch.screening.actions import auto_screen
from litsearch.screening.criteria import load_criteria
from litsearch.screening.session import ScreeningSession
from litsearch.store import now
from litsearch.store.records import SearchRun, add_records, add_search_run
from litsearch.synth.corpus import generate_corpus
from litsearch.tui.app import make_app
from litsearch.tui.screens.screening import ScreeningScreen

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "screening.md"


def build_review(root: Path, n_works: int, include_every: int = 1) -> tuple[int, int]:
    """Create a review holding the synthetic corpus; return (records, units).

    Alice has decided 30 % of the units: every ``include_every``-th of them an include,
    the others excludes (1: all includes, so no ranking model can be fitted).
    """
    project = Project.create(root, title="Benchmark", reviewers=["alice", "bob"])
    (root / "screening" / "criteria.toml").write_text(
        (REPO / "screening" / "criteria.toml").read_text(encoding="utf-8"), encoding="utf-8")
    store = project.store
    corpus = generate_corpus(n_works, seed=7)
    work_units: dict[str, int] = {}
    stamp = now()
    with store.transaction():
        for database, records in corpus.items():
            run = add_search_run(store, SearchRun(database=database))
            ids = add_records(store, run, records)
            for record_id, record in zip(ids, records, strict=True):
                work = record.extra["synth_work_id"]
                if work not in work_units:
                    cur = store.execute("INSERT INTO clusters (representative_id, created_at, "
                                        "updated_at) VALUES (?, ?, ?)", (record_id, stamp, stamp))
                    work_units[work] = int(cur.lastrowid or 0)
                store.execute("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                              "VALUES (?, ?, ?)", (record_id, work_units[work], stamp))
        reps = [r[0] for r in store.execute("SELECT representative_id FROM clusters")]
        for i, unit in enumerate(reps[: len(reps) * 3 // 10]):
            decision = "include" if i % include_every == 0 else "exclude"
            store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, source, "
                          "decided_at) VALUES (?, 'title-abstract', 'alice', ?, 'bench', ?)",
                          (unit, decision, stamp))
    records = store.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    project.close()
    return records, len(reps)


async def _measure_app(root: Path, keys: int) -> tuple[float, list[float], list[float]]:
    """Return (seconds to first screen, handler ms per key, CPU ms per key).

    Pilot's press() sleeps in 20 ms steps until the app is idle, so its wall time says
    little; the key handler's own time and the process CPU time per key (handler, layout
    and rendering, no sleeping) are what a reviewer waits for.
    """
    start = time.perf_counter()
    app = make_app(root, reviewer="alice")
    handler_ms: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        original = ScreeningScreen.on_key

        def timed(screen, event):
            t0 = time.perf_counter()
            original(screen, event)
            handler_ms.append((time.perf_counter() - t0) * 1000)

        # Textual looks handlers up on the class, so the timer wraps the class's method.
        ScreeningScreen.on_key = timed  # type: ignore[method-assign]
        cpu_ms = []
        try:
            for _ in range(keys):
                c0 = time.process_time()
                await pilot.press("i")
                cpu_ms.append((time.process_time() - c0) * 1000)
        finally:
            ScreeningScreen.on_key = original  # type: ignore[method-assign]
    return opened, handler_ms, cpu_ms


#: A fresh process that imports litsearch and Textual, opens the app headless, draws the
#: first screen and exits: what `litsearch screen` costs before the first record shows.
COLD_SCRIPT = """
import asyncio, sys
from litsearch.tui.app import make_app

async def main():
    app = make_app(sys.argv[1], reviewer="alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""


def measure_cold_open(root: Path) -> float:
    """Return the seconds a new process takes to show the first record."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_SCRIPT, str(root)], check=True)
    return time.perf_counter() - t0


def measure_cli_import() -> float:
    """Return the seconds a new process takes to load what ``litsearch screen`` loads."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c",
                    "from litsearch.cli import _modules_for, _register; "
                    "_register(_modules_for(['screen']))"], check=True)
    return time.perf_counter() - t0


def measure_decide(root: Path, keys: int) -> list[float]:
    """Time the library call behind each key, in milliseconds."""
    with Project.open(root) as project:
        session = ScreeningSession(project.store, load_criteria(project.criteria_path),
                                   "title-abstract", "bob")
        times = []
        for _ in range(keys):
            t0 = time.perf_counter()
            session.decide("maybe")
            session.record()
            times.append((time.perf_counter() - t0) * 1000)
    return times


def measure_undo_search(root: Path, keys: int) -> tuple[list[float], list[float], float]:
    """Time undo (u) and search (/) as alice, who holds 30% of the units' decisions, in ms.

    Returns:
        Undo times, times of a search for a common phrase, and the time of a search that
        matches nothing (the worst case: every record is read).
    """
    with Project.open(root) as project:
        session = ScreeningSession(project.store, load_criteria(project.criteria_path),
                                   "title-abstract", "alice")
        undo, search = [], []
        for _ in range(keys):
            t0 = time.perf_counter()
            session.undo()
            session.record()
            undo.append((time.perf_counter() - t0) * 1000)
        for _ in range(max(keys // 10, 5)):
            t0 = time.perf_counter()
            session.search("spiritual care")
            search.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        try:
            session.search("no record says this")
        except ScreeningError:
            pass  # expected: nothing matches
        miss = (time.perf_counter() - t0) * 1000
    return undo, search, miss


def _p95(values: list[float]) -> float:
    return sorted(values)[max(int(len(values) * 0.95) - 1, 0)]


def measure(n_works: int, keys: int) -> dict[str, float]:
    """Build one review and measure it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "review"
        t0 = time.perf_counter()
        records, units = build_review(root, n_works)
        built = time.perf_counter() - t0
        cold = measure_cold_open(root)
        opened, key_ms, cpu_ms = asyncio.run(_measure_app(root, keys))
        decide_ms = measure_decide(root, keys)
        undo_ms, search_ms, miss_ms = measure_undo_search(root, keys)
        with Project.open(root) as project:
            t0 = time.perf_counter()
            auto = auto_screen(project)
            auto_s = time.perf_counter() - t0
    return {"records": records, "units": units, "build_s": built, "open_s": opened,
            "cold_s": cold,
            "key_median_ms": statistics.median(key_ms),
            "key_p95_ms": sorted(key_ms)[int(len(key_ms) * 0.95) - 1],
            "cpu_median_ms": statistics.median(cpu_ms),
            "cpu_p95_ms": sorted(cpu_ms)[int(len(cpu_ms) * 0.95) - 1],
            "decide_median_ms": statistics.median(decide_ms),
            "decide_p95_ms": sorted(decide_ms)[int(len(decide_ms) * 0.95) - 1],
            "undo_median_ms": statistics.median(undo_ms), "undo_p95_ms": _p95(undo_ms),
            "search_median_ms": statistics.median(search_ms), "search_p95_ms": _p95(search_ms),
            "search_miss_ms": miss_ms,
            "auto_s": auto_s, "auto_excluded": sum(auto.excluded.values())}


def main() -> None:
    """Measure each size side by side and write the results table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, nargs="+", default=[700, 62_000])
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    rows = [measure(n, args.keys) for n in args.works]
    cli_import = measure_cli_import()
    base = rows[0]
    lines = ["# Screening speed", "",
             "`python -m benchmarks.screening_speed` — synthetic corpus, records clustered by "
             "true work; alice has decided 30% of units. Targets: open < 2 s, key < 50 ms at "
             "100,000 records.", "",
             "| records | units | cold start (s) | open (s) | key handler median / p95 (ms) "
             "| CPU per key median / p95 (ms) | decide median / p95 (ms) "
             "| undo median / p95 (ms) | search hit median / p95, miss (ms) "
             "| screen --auto (s) | open ratio | key ratio |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['records']:,} | {r['units']:,} | {r['cold_s']:.2f} | {r['open_s']:.2f} | "
            f"{r['key_median_ms']:.1f} / {r['key_p95_ms']:.1f} | "
            f"{r['cpu_median_ms']:.1f} / {r['cpu_p95_ms']:.1f} | "
            f"{r['decide_median_ms']:.2f} / {r['decide_p95_ms']:.2f} | "
            f"{r['undo_median_ms']:.2f} / {r['undo_p95_ms']:.2f} | "
            f"{r['search_median_ms']:.1f} / {r['search_p95_ms']:.1f}, {r['search_miss_ms']:.0f} | "
            f"{r['auto_s']:.1f} | "
            f"{r['open_s'] / base['open_s']:.2f}× | "
            f"{r['key_median_ms'] / base['key_median_ms']:.2f}× |")
    lines += ["", "cold start = a new Python process importing litsearch and Textual, opening "
              "the review and drawing the first record, then exiting (what `litsearch screen` "
              "costs). open = make_app() until the first screen is drawn (headless). key handler = "
              "the screen's on_key for 'i': the decision committed in its own transaction, the "
              "next record fetched and the widgets updated. CPU per key = process CPU time for "
              "one Pilot keypress, which adds Textual's layout and rendering (Pilot's own idle "
              "sleeps excluded). decide = the library call alone (ScreeningSession.decide plus "
              "fetching the next record). undo = ScreeningSession.undo as alice, walking back "
              "through her decisions, plus fetching the record. search = the '/' search "
              "(title, abstract, DOI, authors): hit = 'spiritual care', read in record order "
              "until the next match; miss = a phrase no record has, which reads every record.",
              "", f"The `litsearch` command first imports its CLI (every stage's commands): "
              f"{cli_import:.2f} s in this run, a new process importing litsearch.cli and "
              "exiting. `litsearch screen` costs about that plus cold start minus Python's "
              "own start-up."]
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
