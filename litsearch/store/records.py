"""Reading and writing search runs, imported files and records.

Plain functions over a :class:`~litsearch.store.db.Store`; the caller owns the
transaction (one per user action).
"""

from __future__ import annotations

import json
import json.encoder
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..models import LIST_FIELDS, RECORD_FIELDS, Author, Record
from .db import Store, now


@dataclass
class SearchRun:
    """One search as run: a file imported, or a live PubMed query.

    Attributes:
        database: The database searched ("pubmed", "embase", "psycinfo", ...).
        platform: The interface used ("ovid", "embase.com", "ebsco", "e-utilities").
        method: PRISMA identification method ("database", "register", "citation", ...).
        kind: "import" for a file, "api" for a live search.
        query: The exact string as run, where known.
        searched_on: The date the search was run (YYYY-MM-DD).
    """

    database: str
    platform: str | None = None
    method: str = "database"
    kind: str = "import"
    query: str | None = None
    query_source: str | None = None
    searched_on: str | None = None
    status: str = "complete"
    reported_count: int | None = None
    translation: str | None = None
    messages: list[str] = field(default_factory=list)
    limits: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    id: int | None = None
    started_at: str | None = None
    finished_at: str | None = None


_RUN_COLUMNS = ("database", "platform", "method", "kind", "query", "query_source", "searched_on",
                "status", "reported_count", "translation", "notes")


#: ``meta`` keys holding the highest id a table has handed out. Ids are never reused: a
#: record or run number in an earlier export, report or note must never come to mean
#: another row (SQLite reuses the largest rowid once that row is deleted, as an undone
#: import's are).
HIGH_WATER = {"records": "ids:records", "search_runs": "ids:search_runs",
              "clusters": "ids:clusters"}


def next_id(store: Store, table: str) -> int:
    """Return the id the next row of ``table`` gets: above every id it ever held."""
    top = int(store.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])
    return max(top, int(store.get_meta(HIGH_WATER[table]) or 0)) + 1


def retire_ids(store: Store, table: str) -> None:
    """Remember ``table``'s highest id before rows are deleted (call in the transaction)."""
    top = int(store.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])
    if top > int(store.get_meta(HIGH_WATER[table]) or 0):
        store.set_meta(HIGH_WATER[table], str(top))


def add_search_run(store: Store, run: SearchRun) -> int:
    """Insert a search run and return its id."""
    values = {name: getattr(run, name) for name in _RUN_COLUMNS}
    values["messages"] = json.dumps(run.messages, ensure_ascii=False)
    values["limits"] = json.dumps(run.limits, ensure_ascii=False)
    values["started_at"] = run.started_at or now()
    values["finished_at"] = run.finished_at or (values["started_at"]
                                                if run.status == "complete" else None)
    values["id"] = next_id(store, "search_runs")
    cols = ", ".join(values)
    marks = ", ".join(f":{c}" for c in values)
    store.execute(f"INSERT INTO search_runs ({cols}) VALUES ({marks})", values)
    run.id = int(values["id"])
    return run.id


def update_search_run(store: Store, run_id: int, **changes: Any) -> None:
    """Change columns of a search run (status, counts, messages while a live search runs)."""
    if "messages" in changes:
        changes["messages"] = json.dumps(changes["messages"], ensure_ascii=False)
    if "limits" in changes:
        changes["limits"] = json.dumps(changes["limits"], ensure_ascii=False)
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    store.execute(f"UPDATE search_runs SET {sets} WHERE id = :id", {**changes, "id": run_id})


def get_search_run(store: Store, run_id: int) -> SearchRun | None:
    """Return one search run, or None."""
    row = store.execute("SELECT * FROM search_runs WHERE id = ?", (run_id,)).fetchone()
    return _run_from_row(row) if row else None


def list_search_runs(store: Store) -> list[SearchRun]:
    """Return every search run in the order they were recorded."""
    rows = store.execute("SELECT * FROM search_runs ORDER BY id").fetchall()
    return [_run_from_row(r) for r in rows]


def _run_from_row(row: Any) -> SearchRun:
    data = dict(row)
    data["messages"] = json.loads(data.get("messages") or "[]")
    data["limits"] = json.loads(data.get("limits") or "{}")
    return SearchRun(**{k: v for k, v in data.items() if k in SearchRun.__dataclass_fields__})


def find_file_by_sha(store: Store, sha256: str) -> dict[str, Any] | None:
    """Return the imported file with this SHA-256, or None."""
    row = store.execute("SELECT * FROM source_files WHERE sha256 = ?", (sha256,)).fetchone()
    return dict(row) if row else None


def add_source_file(store: Store, run_id: int, **values: Any) -> int:
    """Insert an imported file's provenance row and return its id."""
    values = {"search_run_id": run_id, "imported_at": now(), **values}
    cols = ", ".join(values)
    marks = ", ".join(f":{c}" for c in values)
    cur = store.execute(f"INSERT INTO source_files ({cols}) VALUES ({marks})", values)
    return int(cur.lastrowid or 0)


#: Insert one record: (search_run_id, source_file_id, imported_at, *record_values(record)).
INSERT_RECORD_SQL = (
    f"INSERT INTO records (id, search_run_id, source_file_id, imported_at, "
    f"{', '.join(RECORD_FIELDS)}) VALUES ({', '.join('?' * (len(RECORD_FIELDS) + 4))})"
)


_LINK_NEW_SQL = ("INSERT INTO run_records (search_run_id, record_id, position, is_new) "
                 "VALUES (?, ?, ?, 1)")


def add_records(store: Store, run_id: int, records: Iterable[Record],
                source_file_id: int | None = None, stamp: str | None = None) -> list[int]:
    """Insert records found by a run, link them to it, and return their ids.

    Two bulk INSERTs (:meth:`Store.insert_many`), whatever the number of records (row
    by row was several times slower for an import or an EFetch batch). Ids are given
    explicitly, above any the table ever held (:func:`next_id`), so the run links are
    written from them. Call inside a transaction.
    """
    batch = list(records)
    if not batch:
        return []
    stamp = stamp or now()
    first = next_id(store, "records")
    store.insert_many([
        (INSERT_RECORD_SQL, [(first + k, run_id, source_file_id, stamp, *record_values(r))
                             for k, r in enumerate(batch)]),
        (_LINK_NEW_SQL, [(run_id, first + k, record.position)
                         for k, record in enumerate(batch)])])
    return list(range(first, first + len(batch)))


_encode = json.encoder.encode_basestring  # type: ignore[attr-defined]
_encode_extra = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _json_strings(values: list[str]) -> str:
    """Return ``json.dumps(values, ensure_ascii=False)`` for a list of strings, faster."""
    if not values:
        return "[]"
    try:
        return "[" + ", ".join(map(_encode, values)) + "]"
    except TypeError:  # not all strings: let json handle it
        return json.dumps(values, ensure_ascii=False)


def _json_authors(authors: list[Author]) -> str:
    """Return the authors as ``Record.to_row`` writes them (same JSON text)."""
    if not authors:
        return "[]"
    return "[" + ", ".join(
        f'{{"family": {_encode(a.family)}, "initials": {_encode(a.initials)}, '
        f'"given": {_encode(a.given)}, "raw": {_encode(a.raw)}}}' for a in authors) + "]"


_FIELD_VALUES = operator.attrgetter(*RECORD_FIELDS)
_AUTHORS = RECORD_FIELDS.index("authors")
_LISTS = tuple(RECORD_FIELDS.index(name) for name in LIST_FIELDS)
_EXTRA = RECORD_FIELDS.index("extra")


def record_values(record: Record) -> tuple[Any, ...]:
    """Return ``record.to_row()`` values in RECORD_FIELDS order, for executemany.

    Built without dataclasses.asdict or a new JSON encoder per value (both dominated
    bulk imports); the text is the same as ``to_row`` writes.
    """
    values = list(_FIELD_VALUES(record))
    values[_AUTHORS] = _json_authors(values[_AUTHORS])
    for index in _LISTS:
        values[index] = _json_strings(values[index])
    values[_EXTRA] = _encode_extra(values[_EXTRA]) if values[_EXTRA] else "{}"
    return tuple(values)


def link_record(store: Store, run_id: int, record_id: int, position: int | None = None) -> None:
    """Link a record already in the review to a later run that found it again."""
    store.execute("INSERT OR IGNORE INTO run_records (search_run_id, record_id, position, is_new) "
                  "VALUES (?, ?, ?, 0)", (run_id, record_id, position))


def get_record(store: Store, record_id: int) -> Record | None:
    """Return one record by id, or None."""
    row = store.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
    return Record.from_row(row) if row else None


def iter_records(store: Store, where: str = "", params: tuple = ()) -> Iterator[tuple[int, Record]]:
    """Yield ``(id, record)`` for every record, optionally filtered by an SQL condition."""
    sql = "SELECT * FROM records" + (f" WHERE {where}" if where else "") + " ORDER BY id"
    for row in store.execute(sql, params):
        yield int(row["id"]), Record.from_row(row)


def count_records(store: Store) -> int:
    """Return how many records the review holds."""
    return int(store.execute("SELECT COUNT(*) FROM records").fetchone()[0])
