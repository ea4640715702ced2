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
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Fetches in flight at once. NCBI limits requests per second, not connections; two
#: keep the no-key pace (one request per 0.35 s) with answers taking up to 0.7 s.
WORKERS = 2


def prefetch(fetch: Callable[[list[str]], T], batches: Iterable[list[str]], ahead: int = 1,
             workers: int = WORKERS) -> Iterator[tuple[list[str], T]]:
    """Yield ``(batch, fetch(batch))`` in order, fetching ahead in background threads.

    Args:
        fetch: Fetches one batch (called in a worker thread; must be thread-safe).
        batches: The batches, in the order they are to be yielded. May be an iterator
            that blocks until the next batch is known (:class:`~litsearch.search.feed.IdFeed`);
            it is only ever advanced by one thread at a time.
        ahead: Finished answers that may wait beyond those being fetched.
        workers: Fetches in flight at once.

    Raises:
        BaseException: Whatever ``fetch`` (or the batches iterator) raised, re-raised in
            the consumer's thread when the consumer reaches that batch.
    """
    source = iter(batches)
    results: dict[int, tuple[list[str] | None, T | None, BaseException | None]] = {}
    state: dict[str, int | bool | None] = {"next": 0, "consumed": 0, "stop": False,
                                           "total": None}
    window = max(1, workers) + max(0, ahead)
    changed = threading.Condition()
    pull = threading.Lock()  # one thread advances `source` at a time, so indexes follow it

    def take() -> tuple[int, list[str] | None, BaseException | None] | None:
        with pull:
            with changed:
                while not state["stop"] and state["total"] is None \
                        and state["next"] >= state["consumed"] + window:  # type: ignore[operator]
                    changed.wait()
                if state["stop"] or state["total"] is not None:
                    return None
            try:
                batch, error = next(source), None
            except StopIteration:
                with changed:
                    state["total"] = state["next"]
                    changed.notify_all()
                return None
            except BaseException as exc:  # handed to the consumer, who raises it
                batch, error = None, exc
            with changed:
                index = int(state["next"])  # type: ignore[arg-type]
                state["next"] = index + 1
            return index, batch, error

    def work() -> None:
        while (taken := take()) is not None:
            index, batch, error = taken
            body = None
            if error is None:
                try:
                    body = fetch(batch)  # type: ignore[arg-type]
                except BaseException as exc:  # handed to the consumer, who raises it
                    error = exc
            with changed:
                results[index] = (batch, body, error)
                if error is not None:
                    state["stop"] = True  # no new batches once one has failed
                changed.notify_all()
            if error is not None:
                return

    # Daemon threads: an interrupted search (Ctrl-C) exits without waiting for them.
    # Any other exit waits for the requests in flight, so no thread keeps talking to
    # NCBI (outside the caller's rate limit) after the search has returned or failed.
    count = workers if not isinstance(batches, list) else min(workers, len(batches))
    threads = [threading.Thread(target=work, name=f"litsearch-efetch-{i}", daemon=True)
               for i in range(max(1, count))]
    for thread in threads:
        thread.start()
    interrupted = False
    try:
        index = 0
        while True:
            with changed:
                while index not in results and (state["total"] is None
                                                or index < state["total"]):  # type: ignore[operator]
                    changed.wait()
                if index not in results:
                    return  # every batch has been yielded
                batch, body, exc = results.pop(index)
                state["consumed"] = index + 1
                changed.notify_all()
            if exc is not None:
                raise exc
            yield batch, body  # type: ignore[misc]
            index += 1
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
