"""Threads that keep the screening app in touch with the team, never blocking a key.

* :class:`LiveProgress` reads the team's progress at the stage on a connection of its
  own and hands it to the app: on PostgreSQL as soon as a decision is announced
  (LISTEN/NOTIFY; every writer sends ``NOTIFY litsearch_decisions``), and every few
  seconds anyway; on a review.db by polling every few seconds.
* :class:`Reconnector` writes the decisions kept while the review server was away
  (:class:`~litsearch.screening.outbox.Outbox`), retrying with a growing pause, and
  tells the app when it has caught up.

Both hand their results to the app's thread with ``post`` (``App.call_from_thread``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

from ..errors import LitsearchError
from ..screening.decisions import DECISIONS_CHANNEL
from ..screening.outbox import Outbox
from ..screening.team_progress import TeamProgress, team_progress
from ..store import Store
from ..store.failures import connection_lost

#: Seconds between two readings without a notification (the polling on a review.db).
POLL_SECONDS = 3.0


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
        interval: Seconds between readings without a notification (default
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

    def stop(self) -> None:
        """Stop after the current wait."""
        self._stop.set()

    def _run(self) -> None:
        store: Store | None = None
        #: The server answered the last time: a failure now is news (said once).
        answering = True
        while not self._stop.is_set():
            try:
                if store is None:
                    store = _open(self.where)
                    if store is None:  # the server is away (it answered before)
                        if answering:
                            self.post(self.lost)
                        answering = False
                        self._stop.wait(self.interval)
                        continue
                    answering = True
                    if store.engine == "postgresql":
                        store.db.listen(DECISIONS_CHANNEL)  # type: ignore[attr-defined]
                progress = team_progress(store, self.stage)
                self.readings += 1
                self.post(self.deliver, progress)
                if store.engine == "postgresql":
                    store.db.wait(self.interval)  # type: ignore[attr-defined]
                else:
                    self._stop.wait(self.interval)
            except (sqlite3.Error, LitsearchError) as exc:
                if store is not None:
                    store.close()
                store = None
                if connection_lost(exc) and answering:
                    self.post(self.lost)
                    answering = False
                # Anything else (a review not yet deduplicated): try again later.
                self._stop.wait(self.interval)
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
        refused: Called on the app's thread with the server's refusal of a kept
            decision (it stays kept, in the journal).
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
