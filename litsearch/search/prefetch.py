"""Fetch the next EFetch batch while the current one is parsed and stored.

Parsing and storing a batch is CPU work; fetching the next one is mostly waiting
(the rate limit, NCBI building the answer, the transfer). A background thread
overlaps the two, so a search takes about the longer of them rather than their sum.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()
#: How often a blocked worker checks whether the consumer has gone (seconds).
_POLL = 0.1


def prefetch(fetch: Callable[[list[str]], T], batches: list[list[str]], ahead: int = 1
             ) -> Iterator[tuple[list[str], T]]:
    """Yield ``(batch, fetch(batch))`` in order, fetching ahead in a background thread.

    Args:
        fetch: Fetches one batch (called in the worker thread).
        batches: The batches, in the order they are to be yielded.
        ahead: Finished answers the worker may hold before the consumer takes them.

    Raises:
        BaseException: Whatever ``fetch`` raised, re-raised in the consumer's thread.
    """
    answers: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                answers.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        for batch in batches:
            if stop.is_set():
                return
            try:
                item: object = (batch, fetch(batch), None)
            except BaseException as exc:  # handed to the consumer, who raises it
                put((batch, None, exc))
                return
            if not put(item):
                return
        put(_DONE)

    # A daemon thread: an interrupted search (Ctrl-C) exits without waiting for it.
    worker = threading.Thread(target=work, name="litsearch-efetch", daemon=True)
    worker.start()
    try:
        while True:
            item = answers.get()
            if item is _DONE:
                return
            batch, body, exc = item  # type: ignore[misc]
            if exc is not None:
                raise exc
            yield batch, body
    finally:
        stop.set()
