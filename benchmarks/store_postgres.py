"""SQLite against PostgreSQL on the same work, side by side in one run.

1. Hot paths: import N synthetic embase.com RIS records, deduplicate them, and record
   500 decisions (key-to-saved: one ``record_decision`` transaction each), on a fresh
   ``review.db``, on a fresh PostgreSQL database on loopback with the bulk inserts through
   COPY (``store/pgcopy.py``, the default) and on another without it (executemany).
   Each of the three runs REPEATS times, interleaved; the medians are reported.
2. Load: R reviewer processes screening at once (500 decisions each) while a lead
   imports 10,000 records and runs dedup; then every decision is counted (none lost or
   doubled) and the key-to-saved p50/p99 reported. 20 reviewers on PostgreSQL, 4 on
   SQLite (one machine).

Needs a PostgreSQL server: ``$LITSEARCH_BENCH_POSTGRES`` (an admin URL), else one is
started with ``tests/pg_server.sh``. Results: ``benchmarks/results/store-postgres.md``.

    python -m benchmarks store_postgres
    python -m benchmarks.store_postgres [N] [--load-only] [--think-ms MS]

``--load-only`` runs part 2 alone; ``--think-ms`` gives each reviewer a mean pause
between two keys (default 0: no pause at all, the hardest case).
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "store-postgres.md"

#: One reviewer process: decide DECISIONS records, timing each write (key-to-saved).
#: THINK: mean pause in seconds between two keys (0: keys back to back, no pause at all);
#: drawn from an exponential distribution, as a person's pauses vary. Like the app, a
#: thread of its own looks at the decisions' mark every second on a second connection
#: (the live team panel's look, where the code has one; its full reading, when the mark
#: changed, is not run here).
REVIEWER = """
import sys, time, json, random, threading
from litsearch.store import Store
from litsearch.screening import decisions
store = Store(sys.argv[1])
who, first, n, think = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
done = threading.Event()
def look():
    with Store(sys.argv[1], migrate=False) as other:
        while not done.wait(1.0):
            decisions.decisions_mark(other, 0)
looker = threading.Thread(target=look, daemon=True)
if hasattr(decisions, "decisions_mark"):
    looker.start()
pause = random.Random(who)
times = []
for k in range(n):
    if think:
        time.sleep(pause.expovariate(1 / think))
    start = time.perf_counter()
    decisions.record_decision(store, first + k, "title-abstract", who,
                              "include" if k % 3 else "exclude", source="bench")
    times.append(time.perf_counter() - start)
done.set()
if looker.is_alive():  # its connection closed before the process ends, as the app does
    looker.join()
store.close()
print(json.dumps(times))
"""


def _server() -> tuple[str, bool]:
    url = os.environ.get("LITSEARCH_BENCH_POSTGRES")
    if url:
        return url, False
    out = subprocess.run([str(HERE.parent / "tests" / "pg_server.sh"), "start"],
                         capture_output=True, text=True, check=False)
    if not out.stdout.strip():
        sys.exit(f"no PostgreSQL server: {out.stderr.strip()}")
    return out.stdout.strip(), True


def _fresh(admin: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return admin.rsplit("/", 1)[0] + "/" + name


def _ris(folder: Path, n: int, seed: int = 7) -> Path:
    from litsearch.synth import generate_corpus, write_embase_ris

    corpus = generate_corpus(4000, databases=("embase",), seed=seed)
    path = folder / f"embase-{n}-{seed}.ris"
    write_embase_ris(itertools.islice(itertools.cycle(corpus["embase"]), n), path)
    return path


#: Runs of each hot-path variant (interleaved; medians reported).
REPEATS = 3


def _hot_paths(location: str, ris: Path, copy: bool = True) -> dict[str, float]:
    from litsearch.dedup.engine import run_dedup
    from litsearch.importers.pipeline import import_file
    from litsearch.screening.decisions import record_decision
    from litsearch.store import Store

    with Store(location) as store:
        if store.engine == "postgresql":
            store.db.use_copy = copy  # read by store/pgcopy.py
        start = time.perf_counter()
        import_file(store, ris, "embase", platform="embase.com", searched_on="2024-05-02")
        imported = time.perf_counter() - start
        start = time.perf_counter()
        run_dedup(store)
        deduped = time.perf_counter() - start
        times = []
        for record_id in range(1, 501):
            t0 = time.perf_counter()
            record_decision(store, record_id, "title-abstract", "alice", "include",
                            source="bench")
            times.append(time.perf_counter() - t0)
    return {"import": imported, "dedup": deduped,
            "key_p50_ms": 1000 * statistics.median(times),
            "key_p99_ms": 1000 * statistics.quantiles(times, n=100)[98]}


def _load(location: str, reviewers: int, lead_ris: Path, seed_ris: Path,
          think: float = 0.0) -> dict[str, float]:
    from litsearch.dedup.engine import run_dedup
    from litsearch.importers.pipeline import import_file
    from litsearch.store import Store

    per = 500
    with Store(location) as store:
        import_file(store, seed_ris, "embase", platform="embase.com", searched_on="2024-05-02")
        run_dedup(store)
    procs = [subprocess.Popen([sys.executable, "-c", REVIEWER, location, f"r{i}", "1",
                               str(per), str(think)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(reviewers)]
    start = time.perf_counter()
    with Store(location) as store:
        import_file(store, lead_ris, "scopus", platform="Scopus", searched_on="2024-05-02")
        run_dedup(store)
    lead = time.perf_counter() - start
    import json

    times: list[float] = []
    errors = 0
    for proc in procs:
        out, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            errors += 1
            print(err[-2000:], file=sys.stderr)
            continue
        times += json.loads(out)
    with Store(location) as store:
        saved = store.execute("SELECT COUNT(*), COUNT(DISTINCT reviewer || ':' || record_id) "
                              "FROM decisions WHERE source = 'bench'").fetchone()
    load_after = os.getloadavg()[0]
    return {"reviewers": reviewers, "think_ms": 1000 * think, "load_1min": load_after,
            "expected": reviewers * per, "saved": saved[0],
            "distinct": saved[1], "errors": errors, "lead_s": lead,
            "key_p50_ms": 1000 * statistics.median(times),
            "key_p99_ms": 1000 * statistics.quantiles(times, n=100)[98]}


#: The hot-path variants, in the table's order.
VARIANTS = ("sqlite", "copy", "executemany")


#: Where the hand-written notes of the results file start (kept when it is rewritten).
NOTES = "## Notes"


def _args(args: list[str]) -> tuple[int, bool, float]:
    n, load_only, think = 10_000, False, 0.0
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--load-only":
            load_only = True
        elif arg == "--think-ms":
            think = float(rest.pop(0)) / 1000
        else:
            n = int(arg)
    return n, load_only, think


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark: ``[N] [--load-only] [--think-ms MS]``."""
    import litsearch

    n, load_only, think = _args(sys.argv[1:] if argv is None else argv)
    code = Path(litsearch.__file__).resolve().parent.parent
    load_before = os.getloadavg()[0]
    admin, started = _server()
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in VARIANTS}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if not load_only:
                ris = _ris(folder, n)
                for k in range(REPEATS):
                    runs["sqlite"].append(_hot_paths(str(folder / f"hot{k}.db"), ris))
                    runs["copy"].append(_hot_paths(_fresh(admin), ris, copy=True))
                    runs["executemany"].append(_hot_paths(_fresh(admin), ris, copy=False))
            seed, lead = _ris(folder, 2000, seed=3), _ris(folder, 10_000, seed=11)
            load = {"sqlite": _load(str(folder / "load.db"), 4, lead, seed, think),
                    "postgresql": _load(_fresh(admin), 20, lead, seed, think)}
    finally:
        if started:
            subprocess.run([str(HERE.parent / "tests" / "pg_server.sh"), "stop"], check=False)
    lines = [f"# SQLite and PostgreSQL side by side ({n:,} records; "
             f"{time.strftime('%Y-%m-%d %H:%M')}, load {load_before:.1f} before the run)", "",
             f"Code: `{code}`.", ""]
    if not load_only:
        lines += _hot_table(runs)
    pace = (f"a pause between two keys drawn at random, mean {1000 * think:.0f} ms"
            if think else "no pause at all between two keys")
    lines += ["", f"Load: each reviewer process keys 500 decisions with {pace}; the lead "
              "imports 10,000 records and runs dedup meanwhile.", "",
              "| load | reviewers | think ms | decisions expected | saved | distinct | errors "
              "| lead import+dedup s | key p50 ms | key p99 ms | load after |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for engine, r in load.items():
        lines.append(f"| {engine} | {r['reviewers']} | {r['think_ms']:.0f} | {r['expected']} "
                     f"| {r['saved']} | {r['distinct']} | {r['errors']} | {r['lead_s']:.1f} | "
                     f"{r['key_p50_ms']:.1f} | {r['key_p99_ms']:.1f} | {r['load_1min']:.1f} |")
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    notes = old[old.index(NOTES):] if NOTES in old else f"{NOTES}\n"
    RESULTS.write_text(text + "\n" + notes, encoding="utf-8")
    print(text)
    return 0


def _hot_table(runs: dict[str, list[dict[str, float]]]) -> list[str]:
    hot = {v: {key: statistics.median(r[key] for r in rs) for key in rs[0]}
           for v, rs in runs.items()}
    lines = [f"Hot paths: median of {REPEATS} interleaved runs each; seconds unless marked "
             "ms. PostgreSQL with COPY (the default) and with executemany.", "",
             "| step | SQLite | PostgreSQL, COPY | ratio | PostgreSQL, executemany | ratio |",
             "|---|---|---|---|---|---|"]
    for key in ("import", "dedup", "key_p50_ms", "key_p99_ms"):
        a, b, c = (hot[v][key] for v in VARIANTS)
        lines.append(f"| {key} | {a:.3f} | {b:.3f} | {b / a:.2f}x | {c:.3f} | {c / a:.2f}x |")
    lines += ["", "Every run: " + "; ".join(
        f"{v} import " + ", ".join(f"{r['import']:.2f}" for r in rs) + " s"
        for v, rs in runs.items())]
    return lines


if __name__ == "__main__":
    sys.exit(main())
