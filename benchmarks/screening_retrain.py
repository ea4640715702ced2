"""Key-to-next-record while the real background retrain runs, and the retrain itself, at scale.

Run: ``python -m benchmarks.screening_retrain [--works N] [--keys K] [--model NAME]``.

Builds a review from the synthetic corpus (``litsearch.synth``; ``--works 62000`` gives
about 100,000 records in 62,000 units, ``--works 100000`` about 163,000 records in
100,000 units) in which alice has decided 30 % of the units (one in 20 an include,
the rest excludes), opens the real app under Textual's Pilot in relevance order and
presses 'i' ``--keys`` times. The app's own background ranker (``tui/retrain.py``)
fits the model in its ranking process after the decisions, exactly as for a reviewer. Measured:

- key-to-next: from the key event's creation (Textual stamps it) until the screen's
  key handler has stored the decision and shown the next record, so it includes any
  time the key waited in the queue behind other work on the app's thread (a new
  ranking being applied, or the fitting thread holding the interpreter);
- key handler's CPU time: the app thread's CPU time in the handler (``thread_time``):
  the handler's own work; wall time beyond it is waiting for a CPU or the interpreter;
- apply: the app-thread part of a finished fit (``_ranked``: the new order applied,
  the view redrawn);
- retrain: one whole background job (first time: the ranking process starts and builds
  the features of every unit first, shown apart), the model's fit and scoring, and the
  stopping test on the labels; the parts are timed in the ranking process itself.

Appends a section to benchmarks/results/screening.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from litsearch.tui import retrain as retrain_mod
from litsearch.tui.app import make_app
from litsearch.tui.screens.screening import ScreeningScreen

from .screening_speed import build_review

RESULTS = Path(__file__).resolve().parent / "results" / "screening.md"
MARK = "## Key-to-next while the model retrains in a worker process"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


class _Timers:
    """Wraps the class methods that the app calls, to time them (restored after)."""

    def __init__(self) -> None:
        self.key_ms: list[float] = []
        self.handler_ms: list[float] = []
        self.handler_cpu_ms: list[float] = []
        self.apply_ms: list[float] = []
        self.job_s: list[float] = []
        self.features_s: list[float] = []
        self.fit_s: list[float] = []
        self.stop_s: list[float] = []
        self.saved: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str, make) -> None:
        original = getattr(owner, name)
        self.saved.append((owner, name, original))
        setattr(owner, name, make(original))

    def restore(self) -> None:
        for owner, name, original in reversed(self.saved):
            setattr(owner, name, original)

    def install(self) -> None:
        from textual._time import get_time

        def on_key(original):
            def timed(screen, event):
                t0, c0 = time.perf_counter(), time.thread_time()
                original(screen, event)
                end = get_time()
                self.handler_ms.append((time.perf_counter() - t0) * 1000)
                self.handler_cpu_ms.append((time.thread_time() - c0) * 1000)
                self.key_ms.append((end - event.time) * 1000)
            return timed

        def clocked(store):
            def make(original):
                def timed(*args, **kwargs):
                    t0 = time.perf_counter()
                    try:
                        return original(*args, **kwargs)
                    finally:
                        store.append(time.perf_counter() - t0)
                return timed
            return make

        self.wrap(ScreeningScreen, "on_key", on_key)
        self.wrap(ScreeningScreen, "_ranked", clocked(self.apply_ms))
        self.wrap(retrain_mod.BackgroundRanker, "_work", clocked(self.job_s))

        def parts(original):  # timed in the ranking process, read when a job ends
            def timed(ranker, ranking, test, result, error):
                if result is not None:
                    if "features" in result.seconds:
                        self.features_s.append(result.seconds["features"])
                    self.fit_s.append(result.seconds["fit"])
                    self.stop_s.append(result.seconds["stop"])
                return original(ranker, ranking, test, result, error)
            return timed

        self.wrap(retrain_mod.BackgroundRanker, "_done", parts)


async def _drive(root: Path, keys: int, model: str | None, timers: _Timers) -> int:
    app = make_app(root, reviewer="alice", order="relevance", model=model)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        ranker = screen.ranker
        deadline = time.monotonic() + 600
        while ranker.fits == 0 and time.monotonic() < deadline:  # the first ranking
            await pilot.pause(0.2)
        for _ in range(keys):
            await pilot.press("i")
        while (ranker.running or ranker.queued) and time.monotonic() < deadline:
            await pilot.pause(0.2)
        return ranker.fits


def measure(n_works: int, keys: int, model: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "review"
        t0 = time.perf_counter()
        records, units = build_review(root, n_works, include_every=20)
        built = time.perf_counter() - t0
        timers = _Timers()
        timers.install()
        load0 = os.getloadavg()[0]
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        try:
            fits = asyncio.run(_drive(root, keys, model, timers))
        finally:
            timers.restore()
    return {"records": records, "units": units, "labelled": units * 3 // 10,
            "build_s": built, "fits": fits, "timers": timers, "started": started,
            "load": (load0, os.getloadavg()[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=62_000)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    from litsearch.screening.ranking import DEFAULT_MODEL

    r = measure(args.works, args.keys, args.model)
    t: _Timers = r["timers"]
    fit_later = t.fit_s[1:] or t.fit_s
    lines = [MARK, "",
             f"`python -m benchmarks.screening_retrain --works {args.works} --keys {args.keys}`"
             f" ({r['started']}, load average {r['load'][0]:.1f} → {r['load'][1]:.1f} on 2 "
             f"shared cores): {r['records']:,} records in {r['units']:,} units, alice has "
             f"decided {r['labelled']:,} (1 in 20 an include); model "
             f"{args.model or DEFAULT_MODEL}; the real app under Pilot in relevance order, "
             f"{len(t.key_ms)} 'i' keys; {r['fits']} background fits ran meanwhile.", "",
             "| what | p50 | p99 | max |", "|---|---:|---:|---:|",
             f"| key-to-next (ms): key event to next record shown | {_pct(t.key_ms, .5):.1f} | "
             f"{_pct(t.key_ms, .99):.1f} | {max(t.key_ms):.1f} |",
             f"| key handler alone (ms) | {_pct(t.handler_ms, .5):.1f} | "
             f"{_pct(t.handler_ms, .99):.1f} | {max(t.handler_ms):.1f} |",
             f"| key handler's CPU time (ms): the app thread's own work, no waiting | "
             f"{_pct(t.handler_cpu_ms, .5):.1f} | {_pct(t.handler_cpu_ms, .99):.1f} | "
             f"{max(t.handler_cpu_ms):.1f} |",
             f"| new ranking applied on the app thread (ms) | "
             f"{_pct(t.apply_ms, .5) * 1000:.1f} | {_pct(t.apply_ms, .99) * 1000:.1f} | "
             f"{max(t.apply_ms) * 1000:.1f} |",
             f"| retrain: model fit + scoring of every unit (s), after the first | "
             f"{_pct(fit_later, .5):.2f} | {_pct(fit_later, .99):.2f} | {max(fit_later):.2f} |",
             f"| stopping test on the labels (s) | {_pct(t.stop_s, .5):.2f} | "
             f"{_pct(t.stop_s, .99):.2f} | {max(t.stop_s):.2f} |",
             f"| whole background job (s) | {_pct(t.job_s, .5):.2f} | {_pct(t.job_s, .99):.2f} "
             f"| {max(t.job_s):.2f} |", "",
             f"The first job also started the ranking process and built the features of "
             f"every unit once: "
             f"{sum(t.features_s):.1f} s (TF-IDF over {r['units']:,} texts), then its fit "
             f"{t.fit_s[0]:.2f} s. Building the review took {r['build_s']:.0f} s (not timed "
             "against any target)."]
    text = "\n".join(lines) + "\n"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if MARK in old:
        old = old[: old.index(MARK)].rstrip() + "\n"
    RESULTS.write_text(old + "\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
