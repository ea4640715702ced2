"""Fetch the next EFetch batches while the current one is parsed and stored.

Parsing and storing a batch is CPU work; fetching is mostly waiting (the rate limit,
NCBI building the answer, the transfer). Background threads overlap the two, and with
more than one of them a slow answer does not hold up the next request: the rate
limiter the fetches share, not the answer time, then sets the pace. Answers are
handed over in batch order, so a resumed run stores exactly what a plain one would.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Generator, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Fetches in flight at once. NCBI limits requests per second, not connections; two
#: keep the no-key pace (one request per 0.35 s) with answers taking up to 0.7 s.
WORKERS = 2


def prefetch(fetch: Callable[[list[str]], T], batches: list[list[str]], ahead: int = 1,
             workers: int = WORKERS) -> Iterator[tuple[list[str], T]]:
    """Yield ``(batch, fetch(batch))`` in order, fetching ahead in background threads.

    Args:
        fetch: Fetches one batch (called in a worker thread; must be thread-safe).
        batches: The batches, in the order they are to be yielded.
        ahead: Finished answers that may wait beyond those being fetched.
        workers: Fetches in flight at once.

    Raises:
        BaseException: Whatever ``fetch`` raised, re-raised in the consumer's thread
            when the consumer reaches that batch.
    """
    results: dict[int, tuple[T | None, BaseException | None]] = {}
    state = {"next": 0, "consumed": 0, "stop": False}
    window = max(1, workers) + max(0, ahead)
    changed = threading.Condition()

    def work() -> None:
        while True:
            with changed:
                while not state["stop"] and state["next"] < len(batches) \
                        and state["next"] >= state["consumed"] + window:
                    changed.wait()
                if state["stop"] or state["next"] >= len(batches):
                    return
                index = state["next"]
                state["next"] += 1
            try:
                item: tuple[T | None, BaseException | None] = (fetch(batches[index]), None)
            except BaseException as exc:  # handed to the consumer, who raises it
                item = (None, exc)
            with changed:
                results[index] = item
                if item[1] is not None:
                    state["stop"] = True  # no new batches once one has failed
                changed.notify_all()
                if item[1] is not None:
                    return

    # Daemon threads: an interrupted search (Ctrl-C) exits without waiting for them.
    # Any other exit waits for the requests in flight, so no thread keeps talking to
    # NCBI (outside the caller's rate limit) after the search has returned or failed.
    threads = [threading.Thread(target=work, name=f"litsearch-efetch-{i}", daemon=True)
               for i in range(max(1, min(workers, len(batches))))]
    for thread in threads:
        thread.start()
    interrupted = False
    try:
        for index, batch in enumerate(batches):
            with changed:
                while index not in results:
                    changed.wait()
                body, exc = results.pop(index)
                state["consumed"] = index + 1
                changed.notify_all()
            if exc is not None:
                raise exc
            yield batch, body  # type: ignore[misc]
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        with changed:
            state["stop"] = True
            changed.notify_all()
        if not interrupted:
            for thread in threads:
                thread.join()


def abandon(fetched: Generator) -> None:
    """Stop a :func:`prefetch` at once, without waiting for the requests in flight.

    For Ctrl-C: the interrupt usually lands while the consumer parses or stores, outside
    the generator, which would otherwise wait for its fetch threads when closed.
    """
    with contextlib.suppress(KeyboardInterrupt, StopIteration):
        fetched.throw(KeyboardInterrupt())
