"""Copy a whole review from one store to another: SQLite to PostgreSQL and back.

``litsearch store migrate --to postgresql://…`` moves a review that grew into a team
review onto a server; ``--to sqlite:PATH`` brings one back into a file. Both ends
are opened through :class:`~litsearch.store.Store`, so both are at the current
schema before a row moves. Every table is copied in one transaction on the target,
its rows counted on both sides, and the copy is committed only when every count
agrees: a failed or interrupted copy leaves the target as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import StoreError
from .db import Store
from .dialect import ID_TABLES, PRIMARY_KEYS

#: Tables in the order a copy fills them (a row's references exist before it).
#: Tables a later schema adds and this list does not name are copied after these.
TABLE_ORDER = ("meta", "search_runs", "source_files", "records", "decisions", "run_records",
               "dedup_runs", "clusters", "cluster_members", "dedup_pairs", "dedup_decisions",
               "dedup_keys")

#: Rows per INSERT batch.
BATCH = 5000


@dataclass
class TransferResult:
    """What a copy moved: rows per table (equal on both ends, or nothing is kept)."""

    source: str
    target: str
    rows: dict[str, int]


def _tables(store: Store) -> list[str]:
    if store.engine == "postgresql":
        names = [r[0] for r in store.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE'")]
    else:
        names = [r[0] for r in store.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    names = [n for n in names if n != "litsearch_schema"]
    known = [t for t in TABLE_ORDER if t in names]
    return known + sorted(n for n in names if n not in TABLE_ORDER)


def _order(table: str) -> str:
    """Return the ORDER BY that reads ``table`` by its key: a server hands rows back in
    no set order (rows written at once by two reviewers lie out of id order), and a row
    must come after the one it references (a changed decision after the one it
    replaces)."""
    keys = ("id",) if table in ID_TABLES else PRIMARY_KEYS.get(table, ())
    return f" ORDER BY {', '.join(keys)}" if keys else ""


def _count(store: Store, table: str) -> int:
    return int(store.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def transfer(source: Store, target: Store,
             progress: Callable[[str, int], None] | None = None) -> TransferResult:
    """Copy every row of ``source`` into the empty review database ``target``.

    Raises:
        StoreError: The target already holds a review, the two schemas differ, or a
            table's count differs after the copy (then nothing is kept).
    """
    if source.version != target.version:
        raise StoreError(f"{source.path} is at schema {source.version} and {target.path} at "
                         f"{target.version}.", "Open both with this version of litsearch first.")
    tables = _tables(source)
    missing = [t for t in tables if t not in _tables(target)]
    if missing:
        raise StoreError(f"{target.path} has no table {', '.join(missing)}.",
                         "Migrate into a new, empty database.")
    filled = [t for t in ("records", "search_runs", "decisions") if _count(target, t)]
    if filled:
        raise StoreError(f"{target.path} already holds a review ({', '.join(filled)} are not "
                         "empty); nothing was copied.",
                         "Migrate into a new, empty database (createdb NAME).")
    rows: dict[str, int] = {}
    with target.transaction():
        target.execute("DELETE FROM meta")  # a fresh store's own bookkeeping
        for table in tables:
            cursor = source.db.cursor()
            cursor.row_factory = None
            cursor.execute(f"SELECT * FROM {table}{_order(table)}")
            columns = [d[0] for d in cursor.description]
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' * len(columns))})")
            copied = 0
            while True:
                batch = cursor.fetchmany(BATCH)
                if not batch:
                    break
                target.db.executemany(sql, [tuple(r) for r in batch])
                copied += len(batch)
                if progress is not None:
                    progress(table, copied)
            rows[table] = copied
            if target.engine == "postgresql" and table in ID_TABLES and copied:
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT MAX(id) FROM {table}))")
        for table, copied in rows.items():
            there = _count(target, table)
            if there != copied or _count(source, table) != copied:
                raise StoreError(f"table {table}: {copied} rows read but {there} written; "
                                 "nothing was kept.", "Run the migration again.")
    return TransferResult(source.path, target.path, rows)
