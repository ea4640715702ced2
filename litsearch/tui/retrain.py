"""Relevance ranking in a worker process: a keypress never waits for a model.

After a decision the screen asks :class:`BackgroundRanker` for a new ranking. If no fit
is running one starts with a snapshot of the reviewer's own labels; if one is running, a
second is queued to start when it ends (so at most one runs, and the newest labels
always get their turn). The next record meanwhile comes from the last ranking. The fit
itself runs in a process of its own (:class:`~litsearch.screening.rank_worker.RankWorker`:
in a thread it held the interpreter, and so every key, for tens of ms at 100,000
records); a thread of the app only waits for it, turns its arrays into the new order and
hands that, and the stopping test on the same labels, to the app's thread with
``call_from_thread``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..errors import LitsearchError
from ..screening.order import Ranking
from ..screening.queue import ScreeningQueue
from ..screening.rank_worker import RankResult, RankWorker
from ..screening.session import ScreeningSession
from ..screening.stopping import StopTest
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
        self.running = False
        self.queued = False
        self.fits = 0
        #: The last ranking's timings in the worker (features: first fit only; fit; stop).
        self.seconds: dict[str, float] = {}
        self._terms: dict[int, list[str]] = {}
        self._worker: RankWorker | None = None
        self._closed = False
        self._units = list(session.queue.ids)  # file order: the order of equal scores
        #: The queue whose changes the process has, and how many of them.
        self._sent: tuple[ScreeningQueue, int] | None = None

    def decided(self) -> None:
        """Note one more decision: refit now, or after the fit that is running."""
        self.request()

    def request(self) -> None:
        """Start a fit now, or right after the running one."""
        if self.running:
            self.queued = True
            return
        self.running = True
        # Taken on the app's thread: the decisions since the last request only (the
        # process keeps the labels), all of them the first time or after the queue was
        # rebuilt (overruling a rule) or a request failed (the process may not have them).
        queue = self.session.queue
        fresh = self._sent is None or self._sent[0] is not queue
        start = 0 if fresh or self._sent is None else self._sent[1]
        changes = list(queue.mine.items()) if fresh else queue.changes[start:]
        self._sent = (queue, len(queue.changes))
        current = self.session.current
        unshown = frozenset(queue.unshown)
        threading.Thread(target=self._work, args=(changes, current, fresh, unshown),
                         daemon=True, name="litsearch-ranking").start()

    def _work(self, changes: list[tuple[int, str | None]], current: int | None,
              fresh: bool, unshown: frozenset[int] = frozenset()) -> None:
        try:
            if self._worker is None:
                self._worker = RankWorker(location(self.session.store), self._units,
                                          self.root, self.session.criteria,
                                          self.model_name)
                if self._closed:  # the screen closed while the process started
                    self._worker.close()
                    return
            result = self._worker.rank(changes, current, fresh, unshown)
            ranking = self._ranking(result)
        except LitsearchError as exc:
            self.post(self._done, None, None, None, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - e.g. the process would not start: said
            self.post(self._done, None, None, None,
                      f"the ranking process failed: {type(exc).__name__}: {exc}")
            return
        self.post(self._done, ranking, result.test, result, None)

    def _ranking(self, result: RankResult) -> Ranking:
        """The worker's arrays as a :class:`Ranking`, with the queue's new positions
        (computed here, not on the app's thread: at 100,000 units it takes ms)."""
        order = result.order.tolist()
        scores = dict(zip(order, result.scores.tolist(), strict=True))
        return Ranking(order, scores, result.version,
                       planned=self.session.queue.plan(order))

    def _done(self, ranking: Ranking | None, test: StopTest | None,
              result: RankResult | None, error: str | None) -> None:
        self.running = False
        if error is not None or ranking is None or test is None or result is None:
            self._sent = None  # the next request sends every label again
            self.failed(error or "the ranking failed.")
            return
        self.fits += 1
        self.seconds = result.seconds
        self._terms = result.terms
        self.deliver(ranking, test)
        if self.queued:
            self.queued = False
            self.request()

    def terms_for(self, unit: int) -> list[str]:
        """The words behind a unit's score in the last ranking applied (sent by the worker
        for the current unit and the next ones; none for a unit further away)."""
        return self._terms.get(unit, [])

    def close(self) -> None:
        """End the worker process (the screen's unmount)."""
        self._closed = True
        if self._worker is not None:
            self._worker.close()
