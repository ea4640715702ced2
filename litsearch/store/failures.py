"""Tell apart why the review database cannot be used: disk full, read-only, locked, damaged.

SQLite reports a full disk, a read-only folder and a damaged file in ways that look
alike from outside ("disk I/O error" when the -shm file cannot be made, "unable to
open database file"). Advice that fits one is wrong for another: telling a user to
restore a backup of a database that is fine, because the disk is full, loses work. So
the error code is read first, the file system is asked second (free space, read-only
mount, write permission), and damage is only ever reported after ``PRAGMA
quick_check`` has found it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import ConnectionLostError, StoreError

#: SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26

#: Kinds of failure -> (what happened, what to do). ``{db}`` is the database file.
MESSAGES = {
    "full": ("the disk holding {db} is full ({reason}); nothing of this command was "
             "stored and the review is intact.",
             "Free some disk space and run the command again."),
    "readonly": ("{db} cannot be written: the file or its folder is read-only ({reason}); "
                 "the review is intact.",
                 "Make the review folder writable (SQLite also writes review.db-wal and "
                 "review.db-shm beside it), or copy the review to a writable disk."),
    "locked": ("{db} is locked by another process ({reason}).",
               "Wait for the other litsearch command to finish, or close other litsearch "
               "windows, and try again."),
    "corrupt": ("{db} is damaged: {reason}.",
                "Restore review.db from a backup; the export files in the review folder "
                "can be imported again into a new review ('litsearch init')."),
    "notadb": ("{db} is not a SQLite database ({reason}).",
               "Check --review points at a litsearch review folder; restore review.db "
               "from a backup if it was overwritten."),
    "cantopen": ("cannot open the review database {db} ({reason}).",
                 "Check that the folder exists and is writable."),
    "unusable": ("{db} could not be opened as a review database ({reason}); PRAGMA "
                 "quick_check finds the file intact.",
                 "Check that --review points at a litsearch review, and that this litsearch "
                 "is as new as the one that made it."),
    "io": ("{db} could not be read or written ({reason}); PRAGMA quick_check finds the "
           "database intact.",
           "Check the disk (full, removed, network folder offline) and run the command "
           "again."),
}


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _folder_state(path: Path) -> str | None:
    """Return "full" or "readonly" when the file system says so, else None."""
    folder = path.parent if path.parent.exists() else Path.cwd()
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    if stat.f_flag & os.ST_RDONLY:
        return "readonly"
    if stat.f_bavail * stat.f_frsize < 64 * 1024:
        return "full"
    # root may write anywhere os.access says; a read-only file is read-only for others.
    writable = os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    return None if writable else "readonly"


def quick_check(path: str | Path) -> str | None:
    """Return what ``PRAGMA quick_check`` finds wrong with ``path``, or None when it is fine.

    Opened read-only and immutable, so the check needs neither disk space nor a
    writable folder.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    if rows == ["ok"]:
        return None
    lines = [line.strip() for row in rows for line in str(row).splitlines()
             if line.strip() and not line.startswith("***")]
    found = "; ".join(lines[:2]) + (f" (and {len(lines) - 2} more)" if len(lines) > 2 else "")
    return found or "damage"


def truncated(path: str | Path) -> str | None:
    """Return how ``path`` falls short of the size its SQLite header gives, or None.

    A copy cut short (a full disk, an interrupted transfer) opens without complaint and
    reads until a query reaches a missing page; a write then lands on top of the damage.
    The header's page count is trusted only as SQLite trusts it (change counter equal to
    "version-valid-for"), and not while a -wal file may still hold the missing pages.
    """
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return None  # not readable here: opening it will say why
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages == 0 or header[24:28] != header[92:96] or size >= pages * page_size:
        return None
    return (f"the file is truncated: {size:,} bytes where its header gives "
            f"{pages * page_size:,}")


def classify(exc: BaseException, path: str | Path) -> str | None:
    """Return the kind of an environmental failure (a key of MESSAGES), or None.

    None means the error is not about the disk, the file or a lock (a bug, a bad
    statement) and should not be dressed up as one.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    code, text = _code(exc), str(exc).lower()
    if code == SQLITE_FULL or "disk is full" in text:
        return "full"
    if code == SQLITE_READONLY or "readonly" in text:
        return _folder_state(Path(path)) or "readonly"
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        return "locked"
    if path == ":memory:":
        return None
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk i/o" in text or "unable to open" in text:
        return _folder_state(Path(path)) or "io"
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text \
            or "not a database" in text:
        return "corrupt" if code == SQLITE_CORRUPT or "malformed" in text else "notadb"
    return None


def store_failure(exc: BaseException, path: str | Path,
                  opening: bool = False) -> StoreError | None:
    """Return the one-line StoreError for an environmental failure, or None (see classify).

    With ``opening``, any other SQLite error also gets a StoreError (the database could
    not be set up), saying "restore" only if quick_check finds damage.
    """
    if str(path).startswith("postgres"):
        return server_failure(exc, str(path))
    kind = classify(exc, path)
    if kind is None and opening and isinstance(exc, sqlite3.DatabaseError):
        kind = "corrupt" if path != ":memory:" else "unusable"
    if kind is None:
        return None
    reason = str(exc).rstrip(".") or type(exc).__name__
    if kind in ("io", "corrupt") and not Path(path).is_file():
        kind = "cantopen"
    elif kind in ("io", "corrupt"):
        found = quick_check(path)
        if found is not None:
            kind, reason = "corrupt", f"PRAGMA quick_check reports {found}"
        elif kind == "corrupt":
            # SQLite said damaged (or failed otherwise), the check finds it whole: never
            # say restore.
            kind = "io" if classify(exc, path) else "unusable"
    message, hint = MESSAGES[kind]
    return StoreError(message.format(db=path, reason=reason), hint)


#: A PostgreSQL server's refusals, by SQLSTATE prefix: (message, advice).
SERVER_MESSAGES = {
    "08": ("lost the connection to the review database {db}: {reason}.",
           "Check the network and that the server runs, then run the command again; "
           "nothing after the last saved step was kept."),
    "57P": ("the review database server {db} stopped the connection: {reason}.",
            "Run the command again when the server is back."),
    "42501": ("your database role may not do this in {db}: {reason}.",
              "Reviewers add their own decisions; imports, dedup, conflicts, criteria and "
              "PRISMA versions are for a lead ('litsearch team list')."),
    "57014": ("the review database server {db} cancelled a statement: {reason}.",
              "A statement_timeout set for your role, or an administrator, stopped it; "
              "nothing was half-written. Run the command again, or ask the server's "
              "administrator to raise statement_timeout."),
    "53100": ("the disk of the review database server {db} is full: {reason}.",
              "Ask the server's administrator for space; nothing was half-written."),
    "25006": ("the review database {db} is read-only: {reason}.",
              "Connect to the primary server, not a read-only replica."),
}


#: SQLSTATE prefixes of a server that went away: the connection is gone, not refused.
LOST_STATES = ("08", "57P")


def connection_lost(exc: BaseException) -> bool:
    """Return True when ``exc`` says the review database server went away."""
    if isinstance(exc, ConnectionLostError):
        return True
    state = str(getattr(exc, "sqlstate", "") or "")
    return state.startswith(LOST_STATES)


#: SQLSTATE classes of a refusal that sending the same statement again would only meet
#: again: bad data (22), a broken constraint such as a record no longer in the review
#: (23), a missing privilege or object such as a reviewer taken off the team (42), a
#: trigger's refusal (P0001). Anything else (a lost connection, a lock, a cancelled
#: statement, a server short of resources) may pass on the next try.
REFUSAL_STATES = ("22", "23", "42", "P0001")


def refused_for_good(exc: BaseException) -> bool:
    """Return True when ``exc`` is a refusal that a retry would meet again.

    Told apart from a failure that may pass (a lost connection, a busy server), which
    must be retried in order. The SQLSTATE is read from ``exc`` or, for a StoreError
    made from a server's answer, from the error it was made from.
    """
    if connection_lost(exc):
        return False
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    for error in (exc, exc.__cause__):
        state = str(getattr(error, "sqlstate", "") or "")
        if state.startswith(REFUSAL_STATES):
            return True
    return False


def server_failure(exc: BaseException, url: str) -> StoreError | None:
    """Return the one-line StoreError for a PostgreSQL server's refusal, or None.

    A server that went away gives a :class:`~litsearch.errors.ConnectionLostError`.
    """
    state = str(getattr(exc, "sqlstate", "") or "")
    for prefix, (message, hint) in SERVER_MESSAGES.items():
        if state.startswith(prefix):
            reason = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() \
                else type(exc).__name__
            kind = ConnectionLostError if state.startswith(LOST_STATES) else StoreError
            return kind(message.format(db=url, reason=reason), hint)
    return None
