"""Threads that keep the screening app in touch with the team, never blocking a key.

* :class:`LiveProgress` reads the team's progress at the stage on a connection of its
  own and hands it to the app: within a second of a decision written by anyone (it
  looks every :data:`CHECK_SECONDS` at a cheap mark of the decisions table,
  :func:`~litsearch.screening.decisions.decisions_mark`), and every
  :data:`POLL_SECONDS` anyway. The same on a review.db and on a PostgreSQL server.
  Not LISTEN/NOTIFY: a NOTIFY in the decision's transaction makes PostgreSQL commit
  the notifying transactions one at a time, which cost every reviewer's keypress
  latency with 20 reviewers (``benchmarks/store_postgres.py``); a look per second
  per app costs the server almost nothing.
* :class:`Reconnector` writes the decisions kept while the review server was away
  (:class:`~litsearch.screening.outbox.Outbox`), retrying with a growing pause, and
  tells the app when it has caught up.

Both hand their results to the app's thread with ``post`` (``App.call_from_thread``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable

from ..errors import LitsearchError
from ..screening.decisions import decisions_mark
from ..screening.outbox import Outbox
from ..screening.team_progress import TeamProgress, team_progress
from ..store import Store
from ..store.failures import connection_lost

#: Seconds between two looks at the decisions' mark (a new decision is shown within it).
CHECK_SECONDS = 1.0
#: Seconds between two readings when the mark did not change (a decision committed
#: after many later ones, beyond the mark's window, is shown within it).
POLL_SECONDS = 30.0
#: How many ids below the highest the mark counts (see decisions_mark).
MARK_WINDOW = 5000


def location(store: Store) -> str:
    """Return what opens a second connection to ``store`` (a PostgreSQL URL as given)."""
    return str(store.db.url) if store.engine == "postgresql" else store.path  # type: ignore[attr-defined]


class LiveProgress:
    """Read the team's progress in a thread and deliver it to the app.

    Args:
        where: The review database (:func:`location`).
        stage: The stage screened.
        deliver: Called on the app's thread with each reading.
        lost: Called on the app's thread when the server went away.
        post: Runs a callable on the app's thread.
        interval: Seconds between readings when no decision was written (default
            :data:`POLL_SECONDS`).
    """

    def __init__(self, where: str, stage: str, deliver: Callable[[TeamProgress], None],
                 lost: Callable[[], None], post: Callable[..., object],
                 interval: float | None = None) -> None:
        self.where, self.stage = where, stage
        self.interval = POLL_SECONDS if interval is None else interval
        self.deliver, self.lost, self.post = deliver, lost, post
        self.readings = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="litsearch-live")

    def start(self) -> None:
        """Start reading."""
        self._thread.start()

    def stop(self, wait: float = 1.0) -> None:
        """Stop, and wait (up to ``wait`` seconds) until the thread has closed its connection.

        The app closes the review after this: on a review.db, a process that ended with
        a second connection still open in this thread was seen to lose its last committed
        decisions (benchmarks/store_postgres.py, whose reviewer processes look the same way).
        """
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(wait)

    def _run(self) -> None:
        store: Store | None = None
        #: The server answered the last time: a failure now is news (said once).
        answering = True
        mark: tuple[int, int] | None = None
        since, due = 0, 0.0
        while not self._stop.is_set():
            try:
                if store is None:
                    store = _open(self.where)
                    if store is None:  # the server is away (it answered before)
                        if answering:
                            self.post(self.lost)
                        answering = False
                        self._stop.wait(min(self.interval, CHECK_SECONDS))
                        continue
                    answering, mark = True, None
                seen = decisions_mark(store, since)
                if seen != mark or time.monotonic() >= due:
                    if seen[0] - since > 2 * MARK_WINDOW:  # keep the counted window short
                        since = seen[0] - MARK_WINDOW
                        seen = decisions_mark(store, since)
                    # The mark is read first: a decision written during the reading
                    # changes it, and is read at the next look.
                    progress = team_progress(store, self.stage)
                    mark, due = seen, time.monotonic() + self.interval
                    self.readings += 1
                    if self._stop.is_set():  # the app is waiting in stop(): post nothing
                        break
                    self.post(self.deliver, progress)
                self._stop.wait(min(self.interval, CHECK_SECONDS))
            except (sqlite3.Error, LitsearchError) as exc:
                if store is not None:
                    store.close()
                store = None
                if connection_lost(exc) and answering:
                    self.post(self.lost)
                    answering = False
                # Anything else (a review not yet deduplicated): try again later.
                self._stop.wait(min(self.interval, CHECK_SECONDS))
        if store is not None:
            store.close()


def _open(where: str) -> Store | None:
    """Open a connection of the thread's own; None when the server does not answer."""
    try:
        return Store(where, migrate=False)
    except LitsearchError:
        return None


class Reconnector:
    """Write the kept decisions when the review server is back.

    Args:
        where: The review database (:func:`location`).
        outbox: The decisions kept.
        caught_up: Called on the app's thread with how many were written.
        refused: Called on the app's thread with a failure, other than a lost
            connection, that may pass (a busy server): the decision stays kept, first
            in line. A refusal for good is set aside by the outbox itself.
        post: Runs a callable on the app's thread.
    """

    def __init__(self, where: str, outbox: Outbox, caught_up: Callable[[int], None],
                 refused: Callable[[str], None], post: Callable[..., object]) -> None:
        self.where, self.outbox = where, outbox
        self.caught_up, self.refused, self.post = caught_up, refused, post
        self.attempts = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    @property
    def running(self) -> bool:
        """True while a retry thread is at work."""
        with self._lock:
            return self._thread is not None

    def ensure_running(self) -> None:
        """Start retrying; if a retry is running, have it go round once more at the end."""
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name="litsearch-reconnect")
            self._thread.start()

    def _finished(self) -> bool:
        """Return True (and count the thread as ended) unless another round was asked."""
        with self._lock:
            if self._again:
                self._again = False
                return False
            self._thread = None
            return True

    def _run(self) -> None:
        pause, written = 0.5, 0
        while True:
            self.attempts += 1
            store = _open(self.where)
            if store is None:
                threading.Event().wait(pause)
                pause = min(pause * 2, 5.0)
                continue
            try:
                written += self.outbox.flush(store)
            except (sqlite3.Error, LitsearchError) as exc:
                if not connection_lost(exc):
                    with self._lock:
                        self._thread, self._again = None, False
                    self.post(self.refused, str(exc))
                    return
                # Lost again mid-way: what was written stays written; the rest waits.
                threading.Event().wait(pause)
                continue
            finally:
                store.close()
            if self._finished():
                # Ended before telling the app, so that the app may start another round.
                self.post(self.caught_up, written)
                return
