"""PostgreSQL's fast path for the store's bulk inserts: ``COPY ... FROM STDIN``.

The stage packages write a batch with one ``executemany`` of a SQLite-dialect
``INSERT`` (records and their run links, clusters, cluster members, dedup pairs and
keys, a ``store migrate``). On SQLite that stays as it is. On PostgreSQL,
:meth:`~litsearch.store.postgres.PgConnection.executemany` hands such a batch here,
and its rows travel in one ``COPY`` stream (psycopg 3's ``Copy.write_row``, text
format, values escaped by psycopg) instead of one bound ``INSERT`` each:

* a plain ``INSERT`` is copied into the table itself;
* ``INSERT OR IGNORE`` / ``OR REPLACE`` / ``... ON CONFLICT`` is copied into a
  temporary table first and then moved with one ``INSERT ... SELECT`` carrying the
  statement's own conflict clause (``COPY`` has none).

What the rows become is what the ``INSERT`` makes of them: the same values (text
copied byte for byte, floats in their shortest exact form, ``None`` as NULL), the
same ids (given ones kept; identity ids drawn in row order, ``ORDER BY`` the row's
place in the batch), the same triggers and constraints (``COPY`` fires row triggers),
the same errors (text with a NUL byte is refused either way: :func:`nul_refusal`
says so in one line). When two rows of one batch hit the same key of an ``ON
CONFLICT ... DO UPDATE``, PostgreSQL refuses one statement that touches a row twice;
such a batch, a statement this module does not read, a batch below
:data:`COPY_MIN_ROWS` or one outside a transaction (a staged copy is several
statements) goes to ``executemany``.

Measured in ``benchmarks/store_postgres.py`` (import and dedup, with and without) and
``benchmarks/store_sqlalchemy.py`` (the write paths alone).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import StoreError
from .dialect import PRIMARY_KEYS, to_postgres

#: Below this many rows a batch is inserted with executemany: COPY's set-up (and a
#: staged copy's temporary table) costs more than it saves on a handful of rows.
COPY_MIN_ROWS = 100

_INSERT = re.compile(
    r"^\s*INSERT\s+(?:OR\s+(?P<alt>IGNORE|REPLACE)\s+)?INTO\s+(?P<table>[A-Za-z_]\w*)\s*"
    r"\((?P<columns>[\w\s,]+)\)\s*VALUES\s*\((?P<values>[^()]*)\)\s*(?P<tail>.*?)\s*;?\s*$",
    re.I | re.S)
#: A VALUES item COPY can take: a parameter, or a constant written into every row.
_ITEM = re.compile(r"^(?:(?P<param>\?)|(?P<int>-?\d+)|(?P<null>NULL)|'(?P<text>[^',]*)')$",
                   re.I)
_TAIL = re.compile(r"^ON\s+CONFLICT\s*(?:\((?P<keys>[\w\s,]+)\))?\s*DO\s+(?P<action>UPDATE|"
                   r"NOTHING)\b", re.I)
_counter = itertools.count(1)


@dataclass(frozen=True)
class CopyPlan:
    """How one ``INSERT`` statement's rows are copied.

    Attributes:
        table: The target table.
        columns: Its columns, as the statement lists them.
        slots: Per column, the parameter's index in a row, or ``None`` for a constant.
        constants: Per column, the constant written there (when its slot is ``None``).
        staged: True when the rows go through a temporary table (a conflict clause).
        keys: Columns of the conflict target of a ``DO UPDATE`` (a key twice in one
            batch goes to executemany); empty otherwise.
        finish: The ``INSERT ... SELECT`` that moves staged rows, with ``{staging}``
            for the temporary table's name.
    """

    table: str
    columns: tuple[str, ...]
    slots: tuple[int | None, ...]
    constants: tuple[Any, ...]
    staged: bool
    keys: tuple[int, ...]
    finish: str


@lru_cache(maxsize=128)
def plan(sql: str) -> CopyPlan | None:
    """Return how ``sql``'s rows are copied, or None when it is not an INSERT COPY can do.

    >>> p = plan("INSERT INTO run_records (search_run_id, record_id, position, is_new) "
    ...          "VALUES (?, ?, ?, 1)")
    >>> p.columns, p.slots, p.constants[3], p.staged
    (('search_run_id', 'record_id', 'position', 'is_new'), (0, 1, 2, None), 1, False)
    >>> plan("INSERT OR IGNORE INTO dedup_pairs (record_a, record_b) VALUES (?, ?)").finish
    'INSERT INTO dedup_pairs (record_a, record_b) SELECT record_a, record_b FROM {staging} \
ORDER BY copy_row ON CONFLICT DO NOTHING'
    >>> plan("INSERT INTO t (a) VALUES (:a)") is None
    True
    """
    match = _INSERT.match(sql)
    if not match:
        return None
    columns = tuple(c.strip() for c in match["columns"].split(","))
    items = [v.strip() for v in match["values"].split(",")]
    if len(items) != len(columns):
        return None
    slots: list[int | None] = []
    constants: list[Any] = []
    params = 0
    for item in items:
        found = _ITEM.match(item)
        if not found:
            return None
        if found["param"]:
            slots.append(params)
            constants.append(None)
            params += 1
        else:
            slots.append(None)
            constants.append(int(found["int"]) if found["int"] is not None
                             else found["text"])
    tail = match["tail"]
    alt = (match["alt"] or "").upper()
    conflict = _TAIL.match(tail) if tail else None
    if tail and not conflict:
        return None
    keys: tuple[str, ...] = ()
    if alt == "REPLACE":
        keys = PRIMARY_KEYS.get(match["table"], ())
    elif conflict and conflict["action"].upper() == "UPDATE":
        keys = tuple(k.strip() for k in (conflict["keys"] or "").split(",") if k.strip())
    if (alt == "REPLACE" or (conflict and conflict["action"].upper() == "UPDATE")) and (
            not keys or any(k not in columns for k in keys)):
        return None
    finish = ""
    if alt or tail:
        # The statement as PostgreSQL runs it, its VALUES list read from the staging table.
        text = to_postgres(sql)[0][0].removesuffix(" RETURNING id")
        listed = ", ".join(columns)
        text, found = re.subn(r"\bVALUES\s*\([^()]*\)",
                              f"SELECT {listed} FROM {{staging}} ORDER BY copy_row", text,
                              count=1, flags=re.I)
        if not found:
            return None
        finish = text
    return CopyPlan(match["table"], columns, tuple(slots), tuple(constants), bool(finish),
                    tuple(columns.index(k) for k in keys), finish)


def nul_refusal(sql: str, error: Exception) -> StoreError | None:
    """Return the one-line error for text with a NUL byte, which PostgreSQL cannot store.

    psycopg refuses such a value before it is sent (COPY and executemany alike); said
    as a user's error, not a traceback. A SQLite review.db keeps the byte.
    """
    if "NUL (0x00)" not in str(error):
        return None
    found = re.match(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(\w+)", sql, re.I)
    what = f"the {found[1]} being written" if found else "the data being written"
    return StoreError(f"{what} hold a NUL byte (0x00) in a text value, which PostgreSQL "
                      "cannot store; nothing was written.",
                      "Remove the NUL bytes from the file (tr -d '\\000' < in > out) and "
                      "import it again.")


def _rows(how: CopyPlan, rows: list[Any]) -> list[tuple[Any, ...]]:
    """Return each row's values in column order, constants filled in."""
    if all(slot is not None for slot in how.slots):
        return [tuple(row) for row in rows]
    pairs = list(zip(how.slots, how.constants, strict=True))
    return [tuple(row[s] if s is not None else c for s, c in pairs) for row in rows]


def copy_many(connection: Any, sql: str, rows: list[Any]) -> Any | None:
    """Insert ``rows`` with COPY and return the cursor, or None when executemany must.

    Args:
        connection: A :class:`~litsearch.store.postgres.PgConnection`; ``use_copy =
            False`` on it turns COPY off (the benchmark compares both).
        sql: The SQLite-dialect INSERT, with one ``?`` per row value.
        rows: The parameter rows, as executemany takes them.

    Raises:
        psycopg.Error: As executemany raises it (the caller maps it to sqlite3's).
    """
    if (len(rows) < COPY_MIN_ROWS or not getattr(connection, "use_copy", True)
            or not connection.in_transaction):
        return None
    how = plan(sql)
    if how is None:
        return None
    values = _rows(how, rows)
    if how.keys and len({tuple(v[k] for k in how.keys) for v in values}) < len(values):
        return None  # a key twice: DO UPDATE would touch one row twice
    cursor = connection.cursor()
    raw = cursor._cursor  # psycopg's own cursor: COPY is not part of the sqlite3 API
    listed = ", ".join(how.columns)
    if not how.staged:
        with raw.copy(f"COPY {how.table} ({listed}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
        cursor.rowcount = raw.rowcount
        return cursor
    staging = f"litsearch_copy_{next(_counter)}"
    raw.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT 0::bigint AS copy_row, "
                f"{listed} FROM {how.table} WITH NO DATA")
    try:
        with raw.copy(f"COPY {staging} (copy_row, {listed}) FROM STDIN") as copy:
            for k, value in enumerate(values):
                copy.write_row((k, *value))
        raw.execute(how.finish.format(staging=staging))
        cursor.rowcount = raw.rowcount
    finally:
        if not connection.raw.info.transaction_status == \
                connection.psycopg.pq.TransactionStatus.INERROR:
            raw.execute(f"DROP TABLE {staging}")
    return cursor
