"""Rows, errors and cursors of a PostgreSQL connection, as sqlite3 gives them.

Each SQLite-dialect statement is rewritten once (:func:`rewrite`, cached) by
:mod:`.dialect`; a psycopg error becomes the sqlite3 exception litsearch's code
catches (:func:`sqlite_error`, its SQLSTATE kept); a row reads by position or by
name (:class:`Row`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from .dialect import placeholders, to_postgres

#: SQLSTATEs read as sqlite3.IntegrityError (the rest as OperationalError): class 23
#: (constraints) and P0001, a trigger's RAISE EXCEPTION (SQLite's RAISE(ABORT) is one).
_INTEGRITY = ("23", "P0001")

#: SQLSTATE given to a statement that failed because the connection is gone
#: (connection_failure); libpq reports a closed socket without any.
LOST = "08006"


class Row(tuple):  # noqa: SLOT001 - a tuple with names, like sqlite3.Row
    """A result row read by position or by column name, as ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, names: dict[str, int], values: Sequence[Any]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """Return the column names, in order."""
        return list(self._names)


def sqlite_error(exc: Exception, lost: bool = False) -> sqlite3.Error:
    """Return the sqlite3 exception litsearch's code expects for a psycopg error.

    ``lost``: the connection broke with it (its SQLSTATE is then :data:`LOST`).
    """
    state = getattr(exc, "sqlstate", None) or ""
    if lost and not state.startswith("08"):
        state = LOST
    kind = sqlite3.IntegrityError if state.startswith(_INTEGRITY) else \
        sqlite3.OperationalError
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    error = kind(message)
    error.sqlstate = state  # type: ignore[attr-defined]
    return error


@lru_cache(maxsize=1024)
def rewrite(sql: str) -> tuple[tuple[tuple[str, str], ...], bool, bool]:
    """Return one SQLite-dialect statement as PostgreSQL runs it, rewritten once per text.

    Returns:
        ((statement without parameters, statement with psycopg's placeholders), ...),
        whether the last one ends in ``RETURNING id``, and whether the parameters are
        numbered (SQLite's ``?NNN``: passed by name).
    """
    statements, returning = to_postgres(sql)
    numbered = any(re.search(r"\?\d", text) for text in statements)
    return tuple((text, placeholders(text)) for text in statements), returning, numbered


def bound_params(params: Any, numbered: bool) -> Any:
    """Return ``params`` as psycopg binds them (by name where SQLite's were numbered)."""
    if numbered and params and not isinstance(params, dict):
        return {f"p{i}": v for i, v in enumerate(params, start=1)}
    return params


class PgCursor:
    """The part of ``sqlite3.Cursor`` litsearch uses.

    Args:
        connection: The :class:`~litsearch.store.postgres.PgConnection` it runs on
            (``Any`` here: that module imports this one).
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self._raw = connection.raw
        self._cursor = connection.raw.cursor() if not connection.raw.closed else None
        self.row_factory: Any = connection.row_factory
        self.lastrowid: int | None = None
        self.rowcount = -1

    def execute(self, sql: str, params: Any = ()) -> PgCursor:
        """Run one SQLite-dialect statement (several PostgreSQL ones where needed)."""
        statements, returning, numbered = rewrite(sql)
        self._ready()
        try:
            for text, bound in statements:
                if params:
                    self._cursor.execute(bound, bound_params(params, numbered))
                else:
                    self._cursor.execute(text)
            self._took(returning)
        except self.connection.psycopg.Error as exc:
            raise sqlite_error(exc, self.connection.raw.broken) from exc
        return self

    def _took(self, returning: bool) -> None:
        """Read the row count (and a new row's id) of the statement just run."""
        self.rowcount = self._cursor.rowcount
        if returning and self._cursor.description is not None:
            row = self._cursor.fetchone()
            self.lastrowid = int(row[0]) if row else None

    def executemany(self, sql: str, rows: Iterable[Any]) -> PgCursor:
        """Run one statement for every row of parameters."""
        statements, returning, _numbered = rewrite(sql)
        text = statements[0][1]
        if returning:
            text = text[: -len(" RETURNING id")]
        self._ready()
        try:
            self._cursor.executemany(text, list(rows))
            self.rowcount = self._cursor.rowcount
        except self.connection.psycopg.Error as exc:
            raise sqlite_error(exc, self.connection.raw.broken) from exc
        return self

    def _ready(self) -> None:
        """Connect again if the link broke, and take a cursor on the live connection."""
        self.connection.ensure_connected()
        if self._cursor is None or self._raw is not self.connection.raw:
            self._raw = self.connection.raw
            self._cursor = self._raw.cursor()

    def _row(self, values: Any) -> Any:
        if values is None or self.row_factory is None:
            return values
        names = {col.name: i for i, col in enumerate(self._cursor.description or ())}
        return Row(names, values)

    def fetchone(self) -> Any:
        """Return the next row, or None."""
        if self._cursor is None or self._cursor.description is None:
            return None
        return self._row(self._cursor.fetchone())

    def fetchall(self) -> list[Any]:
        """Return every remaining row."""
        if self._cursor is None or self._cursor.description is None:
            return []
        rows = self._cursor.fetchall()
        if self.row_factory is None:
            return rows
        names = {col.name: i for i, col in enumerate(self._cursor.description)}
        return [Row(names, r) for r in rows]

    def fetchmany(self, size: int = 1000) -> list[Any]:
        """Return up to ``size`` further rows."""
        if self._cursor is None or self._cursor.description is None:
            return []
        return [self._row(r) for r in self._cursor.fetchmany(size)]

    def __iter__(self) -> Iterator[Any]:
        while True:
            rows = self.fetchmany(2000)
            if not rows:
                return
            yield from rows

    @property
    def description(self) -> Any:
        """Column descriptions of the last query (names first), as sqlite3 gives them."""
        return self._cursor.description if self._cursor is not None else None

    def close(self) -> None:
        """Close the cursor."""
        if self._cursor is not None:
            self._cursor.close()

