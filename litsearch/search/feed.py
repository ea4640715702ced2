"""Hand PMIDs to EFetch while the search is still collecting them.

A search with more hits than one ESearch returns is split into date parts, one
ESearch each (:mod:`litsearch.search.split`). Waiting for every part before the first
EFetch leaves the rate limit's waits unused: the records of the first parts could be
fetched, parsed and stored meanwhile. :class:`IdFeed` collects PMIDs from a thread
that runs the ESearches, numbers them in the order found (each once) and hands out
EFetch batches as they fill; the search's first ESearch, which already returns up to
9,999 IDs, is handed out at once, so records flow after the second request.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator

from .split import Part

_END = object()


class FeedStopped(Exception):  # noqa: N818 (a signal to the collecting thread, not an error)
    """Raised inside the collecting thread when the fetch side has stopped."""


def batch_plan(count: int, first: int, size: int) -> tuple[bool, int]:
    """Plan the EFetch batches of a split search: as few requests as ``size`` allows.

    Args:
        count: PubMed's Count for the whole search.
        first: IDs the first ESearch returned (handed out at once, in full batches).
        size: The most PMIDs per EFetch.

    Returns:
        ``(flush, rest_size)``: whether the first IDs' short last batch should leave at
        once (only when that costs no extra request), and the batch size for the IDs the
        split finds after them: the fewest batches, of equal size, so that each leaves as
        soon as enough PMIDs are found rather than when the split ends.

    >>> batch_plan(25_000, 9_999, 10_000)
    (True, 7501)
    >>> batch_plan(12_000, 9_999, 2_000)
    (False, 2000)
    """
    flush = -(-first // size) + -(-(count - first) // size) == -(-count // size)
    rest = count - (first if flush else first - first % size)
    return flush, (-(-rest // -(-rest // size)) if rest > 0 else size)


class IdFeed:
    """PMIDs in the order found, each once, handed out as EFetch batches.

    Attributes:
        pmids: Every PMID found so far, each once, in order (positions are 1-based).
        parts: The date parts of a split search, once collecting has finished.
    """

    def __init__(self, size: int, have: Iterable[str] = ()) -> None:
        """Start a feed of batches of ``size``, leaving out the PMIDs in ``have``."""
        self.size = size
        self.have = set(have)
        self.pmids: list[str] = []
        self.parts: list[Part] = []
        self._positions: dict[str, int] = {}
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._batches: queue.Queue[object] = queue.Queue()
        self.stopped = threading.Event()
        #: Set once every part has been searched without error (``pmids`` is final).
        self.complete = threading.Event()

    def add(self, ids: Iterable[str]) -> None:
        """Take PMIDs found by an ESearch; hand out every batch that is now full.

        Raises:
            FeedStopped: The fetch side has stopped; the collecting thread should end.
        """
        if self.stopped.is_set():
            raise FeedStopped
        with self._lock:
            for pmid in ids:
                if pmid in self._positions:
                    continue
                self._positions[pmid] = len(self.pmids) + 1
                self.pmids.append(pmid)
                if pmid not in self.have:
                    self._pending.append(pmid)
            while len(self._pending) >= self.size:
                self._batches.put(self._pending[:self.size])
                del self._pending[:self.size]

    def flush(self) -> None:
        """Hand out the PMIDs waiting for a full batch as a smaller batch."""
        with self._lock:
            if self._pending:
                self._batches.put(self._pending)
                self._pending = []

    def close(self, error: BaseException | None = None) -> None:
        """End the feed: the last batch, then the end (or ``error``) for the fetch side."""
        self.flush()
        self._batches.put(error if error is not None else _END)

    def stop(self) -> None:
        """Tell the collecting thread to stop at its next ESearch."""
        self.stopped.set()

    def positions(self, batch: Iterable[str]) -> dict[str, int]:
        """Return the 1-based position of each PMID of a batch."""
        with self._lock:
            return {pmid: self._positions[pmid] for pmid in batch if pmid in self._positions}

    def __iter__(self) -> Iterator[list[str]]:
        """Yield batches as they fill (blocking), until the feed is closed.

        Raises:
            BaseException: What ended the collecting thread, if it failed.
        """
        while True:
            item = self._batches.get()
            if item is _END:
                self._batches.put(_END)  # every later reader sees the end too
                return
            if isinstance(item, BaseException):
                self._batches.put(item)
                raise item
            yield item  # type: ignore[misc]


def collect_in_background(feed: IdFeed,
                          collect: Callable[[IdFeed], list[Part]]) -> threading.Thread:
    """Run ``collect(feed)`` (the ESearches) in a daemon thread that closes the feed.

    The thread ends the feed with the error ``collect`` raised, so the fetch side
    raises it once the batches found before it are stored.
    """

    def run() -> None:
        try:
            feed.parts = collect(feed)
        except FeedStopped:
            feed.close()
        except BaseException as exc:  # handed to the fetch side, which raises it
            feed.close(exc)
        else:
            feed.complete.set()
            feed.close()

    thread = threading.Thread(target=run, name="litsearch-esearch", daemon=True)
    thread.start()
    return thread
