"""Decisions keyed while the review server is away: kept here, written once when it is back.

A reviewer on a team review (PostgreSQL) keeps screening when the server restarts or
the network drops. Each decision gets a client id when its key is pressed
(:func:`~litsearch.screening.decisions.new_client_id`); :meth:`Outbox.submit` writes it
at once when nothing is waiting, and otherwise keeps it in memory and in a small
journal file (one JSON line per decision, flushed to disk), so neither a lost
connection nor a crash of the app loses it. :meth:`Outbox.flush` writes the kept
decisions in the order they were keyed; a decision whose first write reached the server
but whose answer was lost is not written twice (the unique client id).

On a review.db the connection is never lost: every decision is written as it is keyed
and the journal is never made.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: one app per reviewer at a time
    fcntl = None  # type: ignore[assignment]

from ..errors import ScreeningError, StoreError
from ..store import Store, now
from ..store.failures import connection_lost, refused_for_good
from .decisions import new_client_id, record_decision
from .roster import require_on_team


@dataclass(frozen=True)
class Pending:
    """One decision event as keyed, with everything needed to write it later."""

    record_id: int
    stage: str
    reviewer: str
    decision: str
    source: str
    reason: str | None = None
    note: str | None = None
    model_version: str | None = None
    shown_rank: int | None = None
    #: Made when the key was pressed: the same decision written twice is one row.
    client_id: str = ""
    #: When the key was pressed (the event's time, however late it is written).
    decided_at: str = ""

    @classmethod
    def keyed(cls, **fields: object) -> Pending:
        """Return a decision keyed now, with a fresh client id."""
        return cls(client_id=new_client_id(), decided_at=now(), **fields)  # type: ignore[arg-type]

    def write(self, store: Store) -> int:
        """Write the event (once, however often called) and return its id.

        Raises:
            StoreError: The server refused it; when the reviewer was taken off the team
                it says so (the server's error is its cause: a refusal for good).
            sqlite3.Error: Any other failure.
        """
        try:
            return record_decision(store, self.record_id, self.stage, self.reviewer,
                                   self.decision, reason=self.reason, note=self.note,
                                   source=self.source, model_version=self.model_version,
                                   shown_rank=self.shown_rank, client_id=self.client_id,
                                   decided_at=self.decided_at)
        except StoreError as exc:
            cause = exc.__cause__
            if str(getattr(cause, "sqlstate", "") or "") != "42501":
                raise
            try:
                require_on_team(store)  # a missing privilege: say whether it is the team's
            except ScreeningError as off:
                # Still a StoreError refused for good (its cause): set aside, not retried.
                raise StoreError(off.message, off.hint, title=off.title) from cause
            raise


def journal_path(database: str, reviewer: str, env: Mapping[str, str] | None = None) -> Path:
    """Return where a reviewer's kept decisions for one review database are journalled.

    In the user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``): the journal is
    this person's, not the review folder's (which a team may share).
    """
    env = os.environ if env is None else env
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in reviewer)
    return base / "litsearch" / "pending" / f"{key}-{safe}.jsonl"


def refused_path(journal: Path) -> Path:
    """Return where the decisions the server refused for good are set aside."""
    return journal.with_name(journal.name.removesuffix(".jsonl") + ".refused.jsonl")


def count_lines(path: Path) -> int:
    """Return how many non-empty lines ``path`` holds (0 when there is no such file)."""
    try:
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    except FileNotFoundError:
        return 0


def journal_summary(database: str, reviewer: str,
                    env: Mapping[str, str] | None = None) -> dict[str, object] | None:
    """Return a reviewer's kept and refused decisions on this machine (None: neither).

    ``{"journal", "kept", "refused_file", "refused"}``: the files and their line counts.
    """
    journal = journal_path(database, reviewer, env)
    refused = refused_path(journal)
    kept, set_aside = count_lines(journal), count_lines(refused)
    if not (kept or set_aside):
        return None
    return {"journal": str(journal), "kept": kept, "refused_file": str(refused),
            "refused": set_aside}


def refusal_reason(item: Pending, exc: BaseException) -> str:
    """Say in one line why the server refused ``item`` for good."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "foreign key" in text.lower():
        return f"record #{item.record_id} is no longer in the review ({text})"
    return f"record #{item.record_id}: {text}"


class Outbox:
    """Decisions not yet written to the review server, in the order they were keyed.

    Thread-safe: the app's thread submits, a background thread flushes. The lock only
    guards the list and the journal, never a network call, so a keypress never waits
    for a retry.

    Args:
        journal: The journal file (None: memory only). Decisions left in it by an
            earlier session are loaded, to be written by the next :meth:`flush`.
    """

    def __init__(self, journal: Path | None = None) -> None:
        self.journal = journal
        self._lock = threading.Lock()
        #: Journal lines that could not be read (a line cut short by a crash mid-write).
        self.unreadable = 0
        self._pending: list[Pending] = self._load()
        #: True from a lost connection until every kept decision is written.
        self.offline = False
        #: How many decisions were kept and later written (for the "caught up" notice).
        self.written_late = 0
        #: Kept decisions the server refused for good since the app last asked
        #: (:meth:`take_refused`), with the reason; each is in :attr:`refused_file`.
        self._refused: list[tuple[Pending, str]] = []

    @property
    def refused_file(self) -> Path | None:
        """Where refused decisions are set aside (None: memory only)."""
        return None if self.journal is None else refused_path(self.journal)

    def take_refused(self) -> list[tuple[Pending, str]]:
        """Return the decisions set aside since the last call, with the reasons."""
        with self._lock:
            taken, self._refused = self._refused, []
        return taken

    @property
    def pending(self) -> list[Pending]:
        """The kept decisions, oldest first (a copy)."""
        with self._lock:
            return list(self._pending)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    def submit(self, store: Store, item: Pending) -> int | None:
        """Write ``item`` now, or keep it when the server is away or others wait.

        Returns:
            The event id, or None when the decision was kept to be written later.

        Raises:
            StoreError, sqlite3.Error: Any failure other than a lost connection (a
                refusal, a bad decision): nothing is kept, as on a review.db.
        """
        with self._lock:
            if self._pending or self.offline:
                self._keep(item)
                return None
        for _attempt in (1, 2):  # the second on a new connection (the client id: once)
            try:
                return item.write(store)
            except (sqlite3.Error, StoreError) as exc:
                if not connection_lost(exc):
                    raise
        with self._lock:
            self.offline = True
            self._keep(item)
        return None

    def went_offline(self) -> None:
        """Note that the server is away (a read failed): decisions are kept from now on."""
        with self._lock:
            self.offline = True

    def flush(self, store: Store) -> int:
        """Write the kept decisions in order; set aside those refused for good.

        Returns:
            How many were written by this call (not counting those set aside:
            :meth:`take_refused`).

        Raises:
            StoreError, sqlite3.Error: A failure that may pass (the connection was
                lost, the server was busy): the rest stay kept, in order.
        """
        written = 0
        while True:
            with self._lock:
                if not self._pending:
                    self.offline = False
                    return written
                item = self._pending[0]
            try:
                item.write(store)  # no lock held: a keypress meanwhile only appends
            except (sqlite3.Error, StoreError) as exc:
                if not refused_for_good(exc):
                    raise
                self._set_aside(item, refusal_reason(item, exc))
                continue
            with self._lock:
                self._pending.pop(0)
                self.written_late += 1
                self._save(item.client_id)
            written += 1

    def _set_aside(self, item: Pending, reason: str) -> None:
        """Move ``item`` from the journal to the refused file (kept, with the reason)."""
        with self._lock:
            self._pending.remove(item)
            self._refused.append((item, reason))
            if self.journal is None:
                return
            with self._journal_lock():
                with refused_path(self.journal).open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps({**asdict(item), "refused": reason,
                                             "refused_at": now()}, ensure_ascii=False) + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
            self._save(item.client_id)

    def _keep(self, item: Pending) -> None:
        self._pending.append(item)
        if self.journal is None:
            return
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        with self._journal_lock(), self.journal.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _save(self, written: str) -> None:
        """Take the decision with client id ``written`` out of the journal.

        The journal is the reviewer's, not this app's: the same reviewer may have a
        second app open on the review, keeping decisions of its own in it. Only the line
        written here is taken out (under a file lock), never the other app's; the file
        is removed when no line is left.
        """
        if self.journal is None:
            return
        with self._journal_lock():
            if not self.journal.is_file():
                return
            lines = self.journal.read_text(encoding="utf-8").splitlines()
            left = [line for line in lines if _client_id(line) != written]
            if not any(_client_id(line) for line in left):
                self.journal.unlink(missing_ok=True)
                return
            spare = self.journal.with_suffix(".tmp")
            spare.write_text("".join(line + "\n" for line in left), encoding="utf-8")
            os.replace(spare, self.journal)

    def _journal_lock(self) -> AbstractContextManager[None]:
        assert self.journal is not None
        return journal_lock(self.journal)

    def _load(self) -> list[Pending]:
        if self.journal is None or not self.journal.is_file():
            return []
        kept = []
        with self._journal_lock():  # another app of this reviewer may be rewriting it
            if not self.journal.is_file():
                return []
            lines = self.journal.read_text(encoding="utf-8").splitlines()
        for line in lines:
            try:
                kept.append(Pending(**json.loads(line)))
            except (ValueError, TypeError):
                # A line cut short by a crash mid-write (that key press never returned):
                # counted, and the app says so.
                self.unreadable += 1
        return kept


@contextmanager
def journal_lock(journal: Path) -> Iterator[None]:
    """Hold a journal's lock file (apps of one reviewer share the journal and its
    refused file; ``litsearch screen refused`` rewrites the latter under it too)."""
    journal.parent.mkdir(parents=True, exist_ok=True)
    with journal.with_suffix(".lock").open("a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _client_id(line: str) -> str | None:
    """Return a journal line's client id (None for a line cut short by a crash)."""
    try:
        found = json.loads(line).get("client_id")
    except (ValueError, AttributeError):
        return None
    return str(found) if found else None
