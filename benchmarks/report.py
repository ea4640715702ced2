"""Time the PRISMA flow and its renderings on a synthetic review of about 100k records.

Run: ``python -m benchmarks.report [n_works]`` (default 62,000 works ≈ 100k records).
Clusters come from the synthetic gold (a perfect dedup); screening decisions are drawn
with a fixed seed. Every step is timed in the same run and compared with
``record_statuses`` alone, the floor PRISMA cannot go below because it reads it.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from litsearch.report.explain import explain
from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_csv import to_csv, to_json
from litsearch.report.prisma_s import search_report
from litsearch.report.render_md import render_md
from litsearch.report.render_svg import render_svg
from litsearch.report.render_text import render_text
from litsearch.screening.status import record_statuses
from litsearch.store import SearchRun, Store, add_records, add_search_run, now
from litsearch.synth.corpus import generate_corpus

REASONS = ("wrong population", "wrong topic", "wrong publication type")


def build(store: Store, n_works: int) -> int:
    """Fill the store; return the number of records."""
    corpus = generate_corpus(n_works, seed=7)
    rng = random.Random(7)
    by_work: dict[str, list[int]] = {}
    with store.transaction():
        for database, records in corpus.items():
            run = add_search_run(store, SearchRun(database=database, searched_on="2026-11-01",
                                                  query=f"{database} strategy"))
            for rid, rec in zip(add_records(store, run, records), records, strict=True):
                by_work.setdefault(rec.extra["synth_work_id"], []).append(rid)
        stamp = now()
        decisions = []
        for members in by_work.values():
            cid = store.execute("INSERT INTO clusters (representative_id, created_at, "
                                "updated_at) VALUES (?, ?, ?)",
                                (members[0], stamp, stamp)).lastrowid
            store.db.executemany("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                                 "VALUES (?, ?, ?)", [(m, cid, stamp) for m in members])
            unit, roll = members[0], rng.random()
            if roll < 0.05:
                decisions.append((unit, "auto", "rules", "exclude", "year"))
            elif roll < 0.92:
                who = "asreview" if roll > 0.90 else "alice"
                decisions.append((unit, "title-abstract", who, "exclude", None))
            else:
                decisions.append((unit, "title-abstract", "alice", "include", None))
                ft = rng.random()
                if ft < 0.05:
                    decisions.append((unit, "full-text", "alice", "not-retrieved", None))
                elif ft < 0.7:
                    decisions.append((unit, "full-text", "alice", "exclude", rng.choice(REASONS)))
                else:
                    decisions.append((unit, "full-text", "alice", "include", None))
        store.db.executemany("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                             "reason, decided_at) VALUES (?, ?, ?, ?, ?, '2026-11-02')",
                             decisions)
        store.execute("INSERT INTO dedup_runs (started_at, method, version) VALUES (?, ?, ?)",
                      (stamp, "gold", "bench"))
    return sum(len(v) for v in corpus.values())


def _time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str]) -> int:
    n_works = int(argv[0]) if argv else 62_000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        n_records = build(store, n_works)
        print(f"built {n_records:,} records in {time.perf_counter() - t0:.1f} s")
        flow = compute_flow(store)
        floor = _time(lambda: record_statuses(store))
        steps = {
            "record_statuses (floor)": floor,
            "compute_flow": _time(lambda: compute_flow(store)),
            "to_csv": _time(lambda: to_csv(flow)),
            "to_json": _time(lambda: to_json(flow)),
            "render_text": _time(lambda: render_text(flow)),
            "render_md": _time(lambda: render_md(flow)),
            "render_svg": _time(lambda: render_svg(flow)),
            "explain records_excluded": _time(lambda: explain(store, flow, "records_excluded")),
            "search_report": _time(lambda: search_report(store)),
        }
        store.close()
    print(f"| step ({n_records:,} records, {flow.n('records_screened'):,} screened) | "
          "best of 3 | × floor |")
    print("|---|---:|---:|")
    for name, secs in steps.items():
        print(f"| {name} | {secs * 1000:,.1f} ms | {secs / floor:.3f} |")
    print(f"violations: {len(flow.violations)}; included: {flow.n('new_studies'):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
