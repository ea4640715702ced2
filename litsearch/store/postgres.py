"""A PostgreSQL connection that the store uses as it uses ``sqlite3.Connection``.

Every module of litsearch talks to its store through the small part of the
sqlite3 API it needs: ``execute``/``executemany``/``cursor``, rows read by name
or position, ``lastrowid``, ``in_transaction``, sqlite3's exception classes.
:class:`PgConnection` offers that same part over psycopg 3, rewriting each
statement with :mod:`.dialect`, so a review on a PostgreSQL server runs the same
code as one in ``review.db``.

Writers are serialised, as SQLite's ``BEGIN IMMEDIATE`` serialises them: each
write transaction first takes one transaction-level advisory lock, so ids handed
out from high-water marks (records, runs, clusters) never collide between two
litsearch processes. Readers never wait.

A lost server (a restart, a network drop) is an error of SQLSTATE class 08, which
:func:`~litsearch.store.failures.server_failure` turns into one line; the next
statement outside a transaction connects again (:meth:`PgConnection.reconnect`).
TCP keepalives and a send timeout (:data:`LINK_DEFAULTS`, unless the URL sets them)
make a dropped network fail within seconds rather than hang.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from ..errors import StoreError
from .dialect import placeholders, to_postgres
from .pgcopy import copy_many, nul_refusal

#: The advisory lock every write transaction takes (an arbitrary, fixed 64-bit key).
WRITE_LOCK = 0x11759EA4C4

#: Serialises two append-only transactions that name the same thing (a reviewer's
#: decision on one record): the second waits until the first has committed. Two int4
#: keys, so never the same lock as WRITE_LOCK's one bigint key.
SERIALISE = "SELECT pg_advisory_xact_lock(1759, hashtext(?))"

#: SQLSTATEs read as sqlite3.IntegrityError (the rest as OperationalError): class 23
#: (constraints) and P0001, a trigger's RAISE EXCEPTION (SQLite's RAISE(ABORT) is one).
_INTEGRITY = ("23", "P0001")

#: SQLSTATE given to a statement that failed because the connection is gone
#: (connection_failure); libpq reports a closed socket without any.
LOST = "08006"

#: libpq settings for a team review's link, used unless the URL gives its own: fail a
#: connection attempt after 10 s, a write whose packets go unacknowledged after 5 s, and
#: notice a silent peer (a dropped network) within about 20 s.
LINK_DEFAULTS = {"connect_timeout": "10", "keepalives": "1", "keepalives_idle": "10",
                 "keepalives_interval": "5", "keepalives_count": "2",
                 "tcp_user_timeout": "5000"}
#: While a reviewer's decision is written (:meth:`PgConnection.append_together`), a
#: dropped network fails it after 1.5 s instead (the key is kept locally, and the app
#: says the server is away). The acknowledgement comes from the server's kernel, not from
#: PostgreSQL, so a busy server does not delay it; a false alarm (a network losing
#: packets for 1.5 s) only keeps the decision until the retry writes it. Not for the
#: whole link: a bulk COPY to a busy server may wait longer on a full receive window.
KEY_TIMEOUT_MS = 1500
#: Seconds a connection attempt may take when a broken link is taken up again on a
#: reviewer's key (libpq's least): the key waits no longer before the decision is kept.
RECONNECT_TIMEOUT = "2"


def is_postgres_url(location: str) -> bool:
    """Return True for a ``postgresql://`` (or ``postgres://``) connection URL."""
    return bool(re.match(r"^postgres(?:ql)?://", str(location)))


def redact(url: str) -> str:
    """Return ``url`` without a password, for messages (a password never reaches output).

    libpq reads a password from the user part (``alice:pw@host``) and from the query
    (``?password=pw``); both are left out. An unencoded ``@`` or ``/`` in the password
    (which libpq itself would misread) is taken as part of it: the user part runs to
    the last ``@`` before the query.

    >>> redact("postgresql://alice:s3cret@db.example.org:5432/review?sslmode=require")
    'postgresql://alice@db.example.org:5432/review?sslmode=require'
    >>> redact("postgresql://db.example.org/review?user=alice&password=s3cret")
    'postgresql://db.example.org/review?user=alice'
    """
    head, mark, query = url.partition("?")
    scheme = head.find("://")
    at = head.rfind("@")
    if scheme >= 0 and at > scheme:
        user = head[scheme + 3:at].split(":", 1)[0]
        head = f"{head[:scheme + 3]}{user}{head[at:]}"
    if query:
        kept = [p for p in query.split("&") if not p.lower().startswith("password=")]
        query = "&".join(kept)
        mark = "?" if query else ""
    return head + mark + query


def _password_parts(url: str) -> list[str]:
    """Return the password text a URL holds (user part and query), to scrub from errors."""
    head, _, query = url.partition("?")
    scheme, at = head.find("://"), head.rfind("@")
    parts = []
    if scheme >= 0 and at > scheme and ":" in head[scheme + 3:at]:
        parts.append(head[scheme + 3:at].split(":", 1)[1])
    parts += [p.split("=", 1)[1] for p in query.split("&") if p.lower().startswith("password=")]
    # libpq splits an unencoded '@' or '/' in a password: each piece may reach its error
    # (as a host name); pieces of one to three characters are left, as they say little.
    return [piece for part in parts for piece in {part, *re.split(r"[@/:]", part)}
            if piece == part or len(piece) > 3]


def _redact_urls(text: str) -> str:
    """Return ``text`` with every PostgreSQL URL in it redacted."""
    return re.sub(r"postgres(?:ql)?://\S+", lambda m: redact(m.group()), text)


def scrub(text: str, url: str) -> str:
    """Return ``text`` (a server's or libpq's error) with no part of ``url``'s password."""
    for part in sorted(_password_parts(url), key=len, reverse=True):
        text = text.replace(part, "***")
    return text


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


def _error(exc: Exception, lost: bool = False) -> sqlite3.Error:
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


def _params(params: Any, numbered: bool) -> Any:
    if numbered and params and not isinstance(params, dict):
        return {f"p{i}": v for i, v in enumerate(params, start=1)}
    return params


class PgCursor:
    """The part of ``sqlite3.Cursor`` litsearch uses."""

    def __init__(self, connection: PgConnection) -> None:
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
                    self._cursor.execute(bound, _params(params, numbered))
                else:
                    self._cursor.execute(text)
            self._took(returning)
        except self.connection.psycopg.Error as exc:
            raise _error(exc, self.connection.raw.broken) from exc
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
            raise _error(exc, self.connection.raw.broken) from exc
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


class PgConnection:
    """The part of ``sqlite3.Connection`` litsearch uses, on a PostgreSQL server.

    Args:
        url: A libpq connection URL. The password comes from libpq's own sources
            (``PGPASSWORD``, ``~/.pgpass``, a service file) when the URL has none.
    """

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            import psycopg.conninfo
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL support needs psycopg.",
                             "Install litsearch with its dependencies (pip install "
                             "'psycopg[binary]').") from exc
        self.psycopg = psycopg
        self.url = url
        self.row_factory: Any = sqlite3.Row
        #: Bulk INSERTs running on a thread (:meth:`insert_later`), and their failure.
        self._later: threading.Thread | None = None
        self._later_error: BaseException | None = None
        self.raw = self._connect()

    def _connect(self, again: bool = False) -> Any:
        """Open the psycopg connection (LINK_DEFAULTS under the URL's own settings).

        ``again``: a broken link taken up again (:data:`RECONNECT_TIMEOUT`).
        """
        psycopg = self.psycopg
        from psycopg.types.numeric import FloatLoader, IntDumper

        try:
            defaults = {**LINK_DEFAULTS, "connect_timeout": RECONNECT_TIMEOUT} if again \
                else LINK_DEFAULTS
            params = {**defaults, **psycopg.conninfo.conninfo_to_dict(self.url)}
            raw = psycopg.connect(autocommit=True, **params)
        except psycopg.Error as exc:
            # libpq's reason and its hint are on lines of their own ("Connection
            # refused" / "Is the server running ...?"): one line, both kept.
            reason = " ".join(str(exc).split()) or "refused"
            raise StoreError(f"cannot connect to the review database {redact(self.url)}: "
                             f"{scrub(_redact_urls(reason), self.url)}",
                             "Check the server, the database name and your role; the "
                             "password comes from PGPASSWORD or ~/.pgpass.") from None

        class _NumericLoader(FloatLoader):
            """SUM() over integers is numeric in PostgreSQL: read whole numbers as int."""

            def load(self, data: Any) -> Any:
                value = float(bytes(data))
                return int(value) if value.is_integer() else value

        raw.adapters.register_loader("numeric", _NumericLoader)
        # SQLite stores a Python bool as 0/1; so do litsearch's INTEGER columns here.
        raw.adapters.register_dumper(bool, IntDumper)
        # A record's verbatim original (~2.5 KB) is compressed as it is stored: lz4 costs
        # the server less than the default pglz (measured on an import: about a sixth of
        # its CPU). Asked for only where the server has it (PostgreSQL 14+, built with
        # lz4); values stored either way read the same.
        raw.execute("SELECT set_config('default_toast_compression', 'lz4', false) FROM "
                    "pg_settings WHERE name = 'default_toast_compression' AND "
                    "'lz4' = ANY(enumvals)")
        return raw

    @property
    def lost(self) -> bool:
        """True when the server went away under this connection (a restart, a drop)."""
        return bool(self.raw.broken)

    def reconnect(self) -> None:
        """Connect again after the server went away.

        Raises:
            StoreError: The server is still unreachable.
        """
        try:
            self.raw.close()
        except self.psycopg.Error:  # a broken connection may fail to close: it is gone
            pass
        self.raw = self._connect(again=True)

    def insert_later(self, batches: Sequence[tuple[str, list[Any]]]) -> None:
        """Start bulk INSERTs (:meth:`executemany`, so COPY) on a thread, and return.

        The server inserts one batch of an import while litsearch reads the next from the
        file: two cores at work, not one after the other. Every later use of the
        connection first waits for them (:meth:`settle`) and raises their error, so the
        transaction they are in commits all of it or none.
        """
        self.settle()

        def work() -> None:
            try:
                for sql, rows in batches:
                    self.executemany(sql, rows)
            except BaseException as exc:  # noqa: BLE001 - raised again by settle()
                self._later_error = exc

        self._later = threading.Thread(target=work, daemon=True, name="litsearch-insert")
        self._later.start()

    def settle(self, quiet: bool = False, discard: bool = False) -> None:
        """Wait for the bulk INSERTs of :meth:`insert_later`; raise their error.

        ``quiet``: keep the error for the next call (a question about the connection);
        ``discard``: drop it (the transaction is being rolled back).
        """
        thread = self._later
        if thread is threading.current_thread():
            return
        if thread is not None:
            thread.join()
            self._later = None
        error = self._later_error
        if discard or not quiet:
            self._later_error = None
        if error is not None and not (quiet or discard):
            raise error

    def ensure_connected(self) -> None:
        """Connect again if the link broke; a transaction cut off stays an error.

        Raises:
            sqlite3.OperationalError: The server is still unreachable (SQLSTATE 08006).
        """
        self.settle()
        if not (self.raw.broken or self.raw.closed):
            return
        try:
            self.reconnect()
        except StoreError as exc:
            error = sqlite3.OperationalError(exc.message)
            error.sqlstate = LOST  # type: ignore[attr-defined]
            raise error from None

    @property
    def in_transaction(self) -> bool:
        """True while a transaction is open (never on a connection the server dropped)."""
        self.settle(quiet=True)
        if self.raw.closed:
            return False
        status = self.raw.info.transaction_status
        return status != self.psycopg.pq.TransactionStatus.IDLE

    @property
    def role(self) -> str:
        """The database role this connection logged in as."""
        return str(self.raw.info.user)

    def cursor(self) -> PgCursor:
        """Return a new cursor."""
        return PgCursor(self)

    def execute(self, sql: str, params: Any = ()) -> PgCursor:
        """Run one statement and return its cursor.

        ``BEGIN IMMEDIATE`` also takes the write lock, as SQLite's does; a plain
        ``BEGIN`` (an append-only decision, see ``Store.transaction``) does not.
        """
        if self._later is not None or self._later_error is not None:
            rollback = bool(re.match(r"^\s*ROLLBACK\b", sql, re.I))
            self.settle(discard=rollback)
        cursor = PgCursor(self).execute(sql, params)
        if re.match(r"^\s*BEGIN\s+IMMEDIATE\b", sql, re.I):
            cursor.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        return cursor

    def append_together(self, statements: Sequence[tuple[str, Sequence[Any]]],
                        serialise: str | None = None) -> list[PgCursor]:
        """Run ``statements`` as one transaction in one round trip; return their cursors.

        BEGIN, the statements and COMMIT go to the server together (psycopg's pipeline
        mode) and are answered together: a decision costs one network round trip, not
        one per statement. Without the write lock (an append, as ``BEGIN`` in
        ``Store.transaction(concurrent=True)``); ``serialise`` names what two such
        transactions must do one after the other (:data:`SERIALISE`): the lock is taken
        before the statements start, so they see what the first one committed.

        Raises:
            sqlite3.Error: As :meth:`execute` raises it; the transaction is rolled back.
        """
        self.ensure_connected()
        cursors = [PgCursor(self) for _ in statements]
        plans = [rewrite(sql) for sql, _ in statements]
        try:
            with self._user_timeout(KEY_TIMEOUT_MS), self.raw.pipeline():
                self.raw.execute("BEGIN")
                if serialise is not None:
                    self.raw.execute(rewrite(SERIALISE)[0][0][1], (serialise,))
                for cursor, (texts, _, numbered), (_, params) in zip(
                        cursors, plans, statements, strict=True):
                    for text, bound in texts:
                        cursor._cursor.execute(bound, _params(params, numbered)) if params \
                            else cursor._cursor.execute(text)
                self.raw.execute("COMMIT")
            for cursor, (_, returning, _) in zip(cursors, plans, strict=True):
                cursor._took(returning)
        except self.psycopg.Error as exc:
            lost = bool(self.raw.broken)
            if not lost and self.in_transaction:  # a refusal: the pipeline stopped at it
                self.raw.execute("ROLLBACK")
            raise _error(exc, lost) from exc
        return cursors

    @contextmanager
    def _user_timeout(self, ms: int) -> Iterator[None]:
        """Give the link's TCP_USER_TIMEOUT ``ms`` for a block (unless the URL sets one)."""
        option = getattr(socket, "TCP_USER_TIMEOUT", None)
        if option is None or "tcp_user_timeout" in self.url:
            yield
            return
        try:
            link = socket.socket(fileno=os.dup(self.raw.pgconn.socket))
        except (OSError, self.psycopg.Error):
            yield
            return
        try:
            try:
                link.setsockopt(socket.IPPROTO_TCP, option, ms)
            except OSError:  # not TCP (a Unix socket): nothing to time out
                pass
            yield
        finally:
            try:
                link.setsockopt(socket.IPPROTO_TCP, option,
                                int(LINK_DEFAULTS["tcp_user_timeout"]))
            except OSError:
                pass
            link.close()  # the duplicate descriptor: libpq's own stays open

    def executemany(self, sql: str, rows: Iterable[Any]) -> PgCursor:
        """Run one statement for every row of parameters (a bulk INSERT through COPY)."""
        rows = list(rows)
        self.settle()
        try:
            try:
                copied = copy_many(self, sql, rows)
            except self.psycopg.Error as exc:
                raise _error(exc) from exc
            return copied if copied is not None else PgCursor(self).executemany(sql, rows)
        except sqlite3.OperationalError as exc:
            refusal = nul_refusal(sql, exc)
            if refusal is None:
                raise
            raise refusal from exc

    def commit(self) -> None:
        """Commit (autocommit outside an explicit transaction: nothing to do)."""
        self.settle()
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.settle(discard=True)
        self.raw.close()
