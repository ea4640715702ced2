"""The SQLite store: migrations, append-only decisions, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from litsearch.errors import StoreError
from litsearch.models import Author, Record
from litsearch.store import SCHEMA_VERSION, SearchRun, Store, add_records, add_search_run, now
from litsearch.store.migrations import MIGRATIONS
from litsearch.store.records import get_record, iter_records, link_record


def _record(title: str, **kw: object) -> Record:
    return Record(title=title, authors=[Author("Smith", "JA")], year=2020, database="pubmed",
                  original=f"TI  - {title}", **kw)


def test_new_store_is_current_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.db")
    assert store.version == SCHEMA_VERSION
    assert store.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.execute("INSERT INTO records (search_run_id, database, original, imported_at) "
                          "VALUES (999, 'x', '', ?)", (now(),))


def test_migrates_an_older_schema_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](raw)  # a database written by schema version 1
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO search_runs (database, started_at) VALUES ('embase', '2024-01-01')")
    raw.execute("INSERT INTO records (search_run_id, position, database, title, original, "
                "imported_at) VALUES (1, 1, 'embase', 'Old record', 'TY  - JOUR', '2024-01-01')")
    raw.close()
    store = Store(path)
    assert store.version == SCHEMA_VERSION
    (record_id, record), = list(iter_records(store))
    assert record.title == "Old record"
    # Version 2 links every existing record to the run that found it.
    assert [tuple(r) for r in store.execute("SELECT search_run_id, record_id, is_new "
                                            "FROM run_records")] == \
        [(1, record_id, 1)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreError, match="newer litsearch"):
        Store(path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        Store(path)


def test_records_round_trip_through_the_store() -> None:
    store = Store()
    with store.transaction():
        run = add_search_run(store, SearchRun(database="pubmed", query="x[tiab]"))
        rec = _record("Meaning in life", doi="10.1/x", keywords=["spirituality"],
                      extra={"XX": ["kept"]}, position=1, line=1)
        (rid,) = add_records(store, run, [rec])
    back = get_record(store, rid)
    assert back is not None
    assert back.title == "Meaning in life" and back.authors == [Author("Smith", "JA")]
    assert back.keywords == ["spirituality"] and back.extra == {"XX": ["kept"]}
    assert back.doi == "10.1/x" and back.position == 1


def test_decisions_are_append_only() -> None:
    store = Store()
    with store.transaction():
        run = add_search_run(store, SearchRun(database="pubmed"))
        (rid,) = add_records(store, run, [_record("A")])
        store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, decided_at) "
                      "VALUES (?, 'title-abstract', 'ann', 'include', ?)", (rid, now()))
    for sql in ("UPDATE decisions SET decision = 'exclude'", "DELETE FROM decisions"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.execute(sql)
    assert [tuple(r) for r in store.execute("SELECT decision FROM decisions")] == [("include",)]


def test_failed_action_rolls_back_whole() -> None:
    store = Store()
    with pytest.raises(RuntimeError):
        with store.transaction():
            run = add_search_run(store, SearchRun(database="scopus"))
            add_records(store, run, [_record("A"), _record("B")])
            raise RuntimeError("parse error in the middle of a file")
    assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
    assert store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0] == 0


def test_refresh_links_instead_of_adding() -> None:
    store = Store()
    with store.transaction():
        first = add_search_run(store, SearchRun(database="pubmed", kind="api"))
        (rid,) = add_records(store, first, [_record("A", pmid="1")])
        second = add_search_run(store, SearchRun(database="pubmed", kind="api"))
        link_record(store, second, rid)
        link_record(store, second, rid)  # linking twice is harmless
    rows = store.execute("SELECT search_run_id, is_new FROM run_records ORDER BY 1").fetchall()
    assert [tuple(r) for r in rows] == [(first, 1), (second, 0)]
    assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
