"""A PostgreSQL connection that the store uses as it uses ``sqlite3.Connection``.

Every module of litsearch talks to its store through the small part of the
sqlite3 API it needs: ``execute``/``executemany``/``cursor``, rows read by name
or position, ``lastrowid``, ``in_transaction``, sqlite3's exception classes.
:class:`PgConnection` offers that same part over psycopg 3, rewriting each
statement with :mod:`.dialect` (its cursors, rows and errors are in :mod:`.pgcursor`),
so a review on a PostgreSQL server runs the same code as one in ``review.db``.

Writers are serialised, as SQLite's ``BEGIN IMMEDIATE`` serialises them: each
write transaction first takes one transaction-level advisory lock, so ids handed
out from high-water marks (records, runs, clusters) never collide between two
litsearch processes. Readers never wait.

A lost server (a restart, a network drop) is an error of SQLSTATE class 08, which
:func:`~litsearch.store.failures.server_failure` turns into one line; the next
statement outside a transaction connects again (:meth:`PgConnection.reconnect`).
TCP keepalives and a send timeout (:data:`~litsearch.store.pglink.LINK_DEFAULTS`,
unless the URL sets them) make a dropped network fail within seconds rather than hang.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import StoreError
from .pgcopy import copy_many, nul_refusal
from .pgcursor import LOST, PgCursor, bound_params, rewrite, sqlite_error
from .pglink import connect, user_timeout

#: The advisory lock every write transaction takes (an arbitrary, fixed 64-bit key).
WRITE_LOCK = 0x11759EA4C4

#: Serialises two append-only transactions that name the same thing (a reviewer's
#: decision on one record): the second waits until the first has committed. Two int4
#: keys, so never the same lock as WRITE_LOCK's one bigint key.
SERIALISE = "SELECT pg_advisory_xact_lock(1759, hashtext(?))"

#: While a reviewer's decision is written (:meth:`PgConnection.append_together`), a
#: dropped network fails it after 1.5 s instead (the key is kept locally, and the app
#: says the server is away). The acknowledgement comes from the server's kernel, not from
#: PostgreSQL, so a busy server does not delay it; a false alarm (a network losing
#: packets for 1.5 s) only keeps the decision until the retry writes it. Not for the
#: whole link: a bulk COPY to a busy server may wait longer on a full receive window.
KEY_TIMEOUT_MS = 1500


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
        self.raw = connect(psycopg, url)

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
        self.raw = connect(self.psycopg, self.url, again=True)

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
            with user_timeout(self, KEY_TIMEOUT_MS), self.raw.pipeline():
                self.raw.execute("BEGIN")
                if serialise is not None:
                    self.raw.execute(rewrite(SERIALISE)[0][0][1], (serialise,))
                for cursor, (texts, _, numbered), (_, params) in zip(
                        cursors, plans, statements, strict=True):
                    for text, bound in texts:
                        cursor._cursor.execute(bound, bound_params(params, numbered)) if params \
                            else cursor._cursor.execute(text)
                self.raw.execute("COMMIT")
            for cursor, (_, returning, _) in zip(cursors, plans, strict=True):
                cursor._took(returning)
        except self.psycopg.Error as exc:
            lost = bool(self.raw.broken)
            if not lost and self.in_transaction:  # a refusal: the pipeline stopped at it
                self.raw.execute("ROLLBACK")
            raise sqlite_error(exc, lost) from exc
        return cursors

    def executemany(self, sql: str, rows: Iterable[Any]) -> PgCursor:
        """Run one statement for every row of parameters (a bulk INSERT through COPY)."""
        rows = list(rows)
        self.settle()
        try:
            try:
                copied = copy_many(self, sql, rows)
            except self.psycopg.Error as exc:
                raise sqlite_error(exc) from exc
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
