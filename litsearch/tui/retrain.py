"""Relevance ranking in a background thread: a keypress never waits for a model.

After a decision the screen asks :class:`BackgroundRanker` for a new ranking. If no fit
is running one starts in a thread with a snapshot of the reviewer's own labels; if one
is running, a second is queued to start when it ends (so at most one runs, and the
newest labels always get their turn). The next record meanwhile comes from the last
ranking. A finished ranking, and the stopping test on the same labels, are handed back
to the app's thread with ``call_from_thread``.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ..errors import LitsearchError
from ..screening.order import Ranking, RelevanceModel, load_texts, review_terms
from ..screening.session import ScreeningSession
from ..screening.stopping import StopTest, stop_test
from .live import location


class BackgroundRanker:
    """Keep one reviewer's ranking fresh without blocking the app.

    Args:
        session: The screening session (its labels are read on the app's thread).
        root: The review folder (for the strategy terms of the cold start).
        model: Ranking model name (None: the default).
        deliver: Called on the app's thread with each new ranking and stopping test.
        post: Runs a callable on the app's thread (``App.call_from_thread``).
        failed: Called on the app's thread with an error message.
    """

    def __init__(self, session: ScreeningSession, root, model: str | None,
                 deliver: Callable[[Ranking, StopTest], None],
                 post: Callable[..., object], failed: Callable[[str], None]) -> None:
        self.session = session
        self.root = root
        self.model_name = model
        self.deliver = deliver
        self.post = post
        self.failed = failed
        self.model: RelevanceModel | None = None
        self.running = False
        self.queued = False
        self.fits = 0
        self._units = list(session.queue.ids)
        self._db = location(session.store)  # a team review's URL as given
        # A key's handler gives up the interpreter at every SQLite call and must win it
        # back from the fitting thread; by default that thread keeps it up to 5 ms each
        # time, which added tens of ms to a key at 100,000 records
        # (benchmarks/screening_retrain.py). 0.5 ms hands it back sooner.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.0005))

    def decided(self) -> None:
        """Note one more decision: refit now, or after the fit that is running."""
        self.request()

    def request(self) -> None:
        """Start a fit now, or right after the running one."""
        if self.running:
            self.queued = True
            return
        self.running = True
        labels = self.session.labels()  # snapshot on the app's thread
        threading.Thread(target=self._work, args=(labels,), daemon=True,
                         name="litsearch-ranking").start()

    def _work(self, labels: dict[int, int]) -> None:
        try:
            if self.model is None:
                texts = load_texts(self._db, self._units)
                terms = review_terms(self.root, self.session.criteria)
                self.model = RelevanceModel(self._units, texts, terms, self.model_name)
            ranking = self.model.rank(labels)
            # The new order's queue positions, computed here rather than on the app's thread.
            ranking = replace(ranking, planned=self.session.queue.plan(ranking.order))
            test = stop_test(np.fromiter(labels.values(), dtype=np.int64, count=len(labels)),
                             len(self._units))
        except (LitsearchError, sqlite3.Error) as exc:  # a team review's server went away
            self.post(self._done, None, None, str(exc))
            return
        self.post(self._done, ranking, test, None)

    def _done(self, ranking: Ranking | None, test: StopTest | None, error: str | None) -> None:
        self.running = False
        if error is not None or ranking is None or test is None:
            self.failed(error or "the ranking failed.")
            return
        self.fits += 1
        self.deliver(ranking, test)
        if self.queued:
            self.queued = False
            self.request()

    def terms_for(self, unit: int) -> list[str]:
        """The words behind a unit's score in the last ranking applied."""
        ranking = self.session.ranking
        if self.model is None or ranking is None:
            return []
        return self.model.terms_for(ranking, unit)
