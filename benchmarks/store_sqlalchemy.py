"""litsearch's own store layer against SQLAlchemy Core, on the three hot paths, both engines.

The issue asked for a measured choice between keeping SQL hand-written behind the
dialect layer (``store/dialect.py``, ``store/postgres.py`` and the ``store/pg*.py``
modules beside it) and moving to SQLAlchemy Core. Each hot path is written both ways,
doing the same database work on the same data, and timed side by side in one run on
SQLite and on PostgreSQL (loopback):

* **import**: N records and their run links written in one transaction
  (litsearch: ``store.records.add_records``; Core: ``insert()`` with a list of rows,
  its executemany / insertmanyvalues path);
* **dedup load**: dedup's read of every record (``dedup.loading.load_records``, the same
  Record objects built from Core's rows) and its writes in one transaction: N clusters,
  N cluster members (upsert), N/2 pairs (insert or ignore), as ``dedup/membership.py``
  and ``dedup/engine.py`` write them; Core uses each dialect's ``on_conflict_*``;
* **key-to-saved**: K decisions, each its own transaction as the screening app saves a
  key (``screening.decisions.record_decision``: latest event, insert, position in meta).

Every variant runs on a fresh, migrated database, REPEATS times interleaved; medians
are reported. SQLAlchemy is a benchmark-only dependency (``pip install -e '.[bench]'``);
litsearch does not import it. Results: ``benchmarks/results/store-sqlalchemy.md``.

    python -m benchmarks.store_sqlalchemy [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.store_postgres import _fresh, _ris, _server

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "store-sqlalchemy.md"
REPEATS = 3
#: Decisions saved one transaction each (key-to-saved).
KEYS = 300
STAMP = "2026-12-07T00:00:00Z"

#: The statements dedup writes (dedup/membership.py, dedup/engine.py), SQLite dialect.
CLUSTERS_SQL = ("INSERT INTO clusters (id, representative_id, merged, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)")
MEMBERS_SQL = ("INSERT INTO cluster_members (record_id, cluster_id, rule, score, added_at) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET cluster_id = "
               "excluded.cluster_id, rule = excluded.rule, score = excluded.score")
PAIRS_SQL = ("INSERT OR IGNORE INTO dedup_pairs (record_a, record_b, score, rule, outcome, "
             "dedup_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _records(ris: Path) -> list:
    """Read the synthetic file once with litsearch's importer (not timed)."""
    from litsearch.importers.pipeline import import_file
    from litsearch.store import Store
    from litsearch.store.records import iter_records

    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "read.db")) as store:
        import_file(store, ris, "embase", platform="embase.com", searched_on="2024-05-02")
        return [record for _id, record in iter_records(store)]


def _dedup_rows(ids: list[int]) -> tuple[list, list, list]:
    clusters = [(i, i, "{}", STAMP, STAMP) for i in ids]
    members = [(i, i, "singleton", None, STAMP) for i in ids]
    pairs = [(ids[k], ids[k + 1], 0.97, "doi", "merged", None, STAMP)
             for k in range(0, len(ids) - 1, 2)]
    return clusters, members, pairs


# --- litsearch's own layer -------------------------------------------------------------

def litsearch_paths(location: str, records: list, copy: bool = True) -> dict[str, float]:
    from litsearch.dedup.loading import load_records
    from litsearch.screening.decisions import record_decision
    from litsearch.store import Store
    from litsearch.store.records import SearchRun, add_records, add_search_run

    with Store(location) as store:
        if store.engine == "postgresql":
            store.db.use_copy = copy  # read by store/pgcopy.py
        start = time.perf_counter()
        with store.transaction():
            run = add_search_run(store, SearchRun(database="embase"))
            ids = add_records(store, run, records)
        imported = time.perf_counter() - start
        clusters, members, pairs = _dedup_rows(ids)
        start = time.perf_counter()
        loaded = load_records(store)
        with store.transaction():
            store.db.executemany(CLUSTERS_SQL, clusters)
            store.db.executemany(MEMBERS_SQL, members)
            store.db.executemany(PAIRS_SQL, pairs)
        dedup = time.perf_counter() - start
        assert len(loaded) == len(records)
        times = []
        for rid in ids[:KEYS]:
            t0 = time.perf_counter()
            record_decision(store, rid, "title-abstract", "alice", "include", source="bench")
            times.append(time.perf_counter() - t0)
    return _result(imported, dedup, times)


# --- SQLAlchemy Core --------------------------------------------------------------------

def core_paths(location: str, records: list) -> dict[str, float]:
    from sqlalchemy import MetaData, create_engine, event, func, insert, select
    from sqlalchemy.dialects import postgresql, sqlite

    from litsearch.dedup.loading import LOAD_COLUMNS, _record
    from litsearch.models import RECORD_FIELDS
    from litsearch.screening.decisions import position_key
    from litsearch.store import Store
    from litsearch.store.records import record_values

    Store(location).close()  # the migrated schema, made by litsearch
    pg = location.startswith("postgresql://")
    if pg:
        engine = create_engine(location.replace("postgresql://", "postgresql+psycopg://", 1))
        dialect_insert = postgresql.insert
    else:
        engine = create_engine(f"sqlite:///{location}")
        dialect_insert = sqlite.insert

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi, _record_) -> None:  # the settings litsearch's Store uses
            dbapi.execute("PRAGMA foreign_keys = ON")
            dbapi.execute("PRAGMA synchronous = NORMAL")
            dbapi.execute("PRAGMA busy_timeout = 10000")

    meta = MetaData()
    meta.reflect(engine, only=["search_runs", "records", "run_records", "clusters",
                               "cluster_members", "dedup_pairs", "decisions", "meta"])
    t = meta.tables
    rec, links, decisions, kv = t["records"], t["run_records"], t["decisions"], t["meta"]
    with engine.connect() as conn:
        start = time.perf_counter()
        with conn.begin():
            run = conn.execute(insert(t["search_runs"]).values(
                database="embase", started_at=STAMP, finished_at=STAMP)).inserted_primary_key[0]
            first = int(conn.execute(select(func.coalesce(func.max(rec.c.id), 0))).scalar()) + 1
            names = ("id", "search_run_id", "source_file_id", "imported_at", *RECORD_FIELDS)
            conn.execute(insert(rec), [dict(zip(names, (first + k, run, None, STAMP,
                                                        *record_values(r)), strict=True))
                                       for k, r in enumerate(records)])
            conn.execute(insert(links), [{"search_run_id": run, "record_id": first + k,
                                          "position": r.position, "is_new": 1}
                                         for k, r in enumerate(records)])
        imported = time.perf_counter() - start
        ids = list(range(first, first + len(records)))
        clusters, members, pairs = _dedup_rows(ids)
        cols = [rec.c[c] for c in ("id", "authors", "publication_types", "extra",
                                   *LOAD_COLUMNS)]
        start = time.perf_counter()
        loaded = {row[0]: _record(row) for row in conn.execute(select(*cols).order_by(rec.c.id))}
        conn.rollback()  # end the read's implicit transaction, as litsearch's autocommit does
        with conn.begin():
            conn.execute(insert(t["clusters"]), [dict(zip(
                ("id", "representative_id", "merged", "created_at", "updated_at"), c,
                strict=True)) for c in clusters])
            up = dialect_insert(t["cluster_members"])
            conn.execute(up.on_conflict_do_update(index_elements=["record_id"], set_={
                "cluster_id": up.excluded.cluster_id, "rule": up.excluded.rule,
                "score": up.excluded.score}), [dict(zip(
                    ("record_id", "cluster_id", "rule", "score", "added_at"), m, strict=True))
                    for m in members])
            conn.execute(dialect_insert(t["dedup_pairs"]).on_conflict_do_nothing(), [dict(zip(
                ("record_a", "record_b", "score", "rule", "outcome", "dedup_run_id",
                 "created_at"), p, strict=True)) for p in pairs])
        dedup = time.perf_counter() - start
        assert len(loaded) == len(records)
        times = []
        key = position_key("title-abstract", "alice")
        for rid in ids[:KEYS]:
            t0 = time.perf_counter()
            with conn.begin():
                replaces = conn.execute(select(func.max(decisions.c.id)).where(
                    decisions.c.record_id == rid, decisions.c.stage == "title-abstract",
                    decisions.c.reviewer == "alice", decisions.c.decision != "note")).scalar()
                conn.execute(insert(decisions).values(
                    record_id=rid, stage="title-abstract", reviewer="alice",
                    decision="include", replaces=replaces, resolution=0, source="bench",
                    decided_at=STAMP))
                kv_up = dialect_insert(kv).values(key=key, value=str(rid))
                conn.execute(kv_up.on_conflict_do_update(index_elements=["key"],
                                                         set_={"value": kv_up.excluded.value}))
            times.append(time.perf_counter() - t0)
    engine.dispose()
    if not pg:
        with Store(location) as store:  # the same rows as litsearch's path wrote
            assert store.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == KEYS
    return _result(imported, dedup, times)


#: (engine, layer) in the order each repeat runs them.
VARIANTS = (("sqlite", "litsearch"), ("sqlite", "core"), ("postgresql", "litsearch"),
            ("postgresql", "litsearch-executemany"), ("postgresql", "core"))


def _result(imported: float, dedup: float, times: list[float]) -> dict[str, float]:
    return {"import": imported, "dedup_load": dedup,
            "key_p50_ms": 1000 * statistics.median(times),
            "key_p99_ms": 1000 * statistics.quantiles(times, n=100)[98]}


def main(argv: list[str] | None = None) -> int:
    import os
    import subprocess

    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 10_000
    try:
        import sqlalchemy
    except ImportError:
        sys.exit("SQLAlchemy is not installed: pip install -e '.[bench]' (benchmark only)")
    admin, started = _server()
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            records = _records(_ris(folder, n))
            for k in range(REPEATS):
                for engine, layer in VARIANTS:
                    if engine == "sqlite":
                        where = str(folder / f"{layer}{k}.db")
                    else:
                        where = _fresh(admin)
                    paths = core_paths if layer == "core" else litsearch_paths
                    extra = {"copy": False} if layer == "litsearch-executemany" else {}
                    runs.setdefault((engine, layer), []).append(paths(where, records, **extra))
    finally:
        if started:
            subprocess.run([str(HERE.parent / "tests" / "pg_server.sh"), "stop"], check=False)
    med = {key: {m: statistics.median(r[m] for r in rs) for m in rs[0]}
           for key, rs in runs.items()}
    lines = [f"# litsearch's store layer against SQLAlchemy Core ({n:,} records, {KEYS} keys; "
             f"{time.strftime('%Y-%m-%d')}, load {os.getloadavg()[0]:.1f}, "
             f"SQLAlchemy {sqlalchemy.__version__})", "",
             f"Median of {REPEATS} interleaved runs, each on a fresh database; seconds unless "
             "marked ms. Ratio = Core / litsearch (above 1: Core is slower).", "",
             "On PostgreSQL litsearch's bulk inserts go through COPY; the "
             "'litsearch, executemany' column is the same layer with COPY off.", "",
             "| engine | path | litsearch | SQLAlchemy Core | ratio | litsearch, executemany |",
             "|---|---|---|---|---|---|"]
    for engine in ("sqlite", "postgresql"):
        for metric in ("import", "dedup_load", "key_p50_ms", "key_p99_ms"):
            a, b = med[(engine, "litsearch")][metric], med[(engine, "core")][metric]
            c = med.get((engine, "litsearch-executemany"), {}).get(metric)
            lines.append(f"| {engine} | {metric} | {a:.3f} | {b:.3f} | {b / a:.2f}x | "
                         + (f"{c:.3f} |" if c is not None else "(same as litsearch) |"))
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
