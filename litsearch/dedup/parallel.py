"""Prepare many records, and score their candidate pairs, on every core.

:func:`~litsearch.dedup.normalise.prepare` is pure and per record, and is the
largest single cost of a big run (about 80 µs a record, 40 % of a million-record
run). Chunks of records go to worker processes and their prepared views come
back in input order; only a few chunks are in flight at a time, so a stream of
records is still read once and never held whole. Small inputs are prepared in
this process: starting workers costs more than it saves.

Scoring the candidate pairs (screening, then comparing in Python) is the other
large cost, and it also parts cleanly: :func:`score_many` packs the prepared
records (:mod:`litsearch.dedup.packed`, so that the workers do not copy them),
forks workers that inherit them and the pairs (nothing is sent to them), and
they score parts of the pair list (:func:`~litsearch.dedup.scoring.score_part`)
and send back only the few pairs kept, joined in order.

How workers start is chosen, not left to Python's default (:func:`start_method`):
forked on Linux; elsewhere (macOS, Windows) records are prepared on spawned workers
and pairs are scored in this process, because forking a process whose threads may be
inside system libraries is unsafe there.

Written with :mod:`concurrent.futures` rather than ``Pool.imap``, whose feeder
thread reads the whole input ahead into memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice

import numpy as np

from ..errors import DedupError
from ..models import Record
from . import scoring
from .normalise import Prepared, prepare
from .packed import Packed
from .scoring import PairResult
from .settings import DedupSettings

#: Fewest records worth starting worker processes for (checked on the first chunks).
PARALLEL_MIN = 20_000
#: Records sent to a worker at a time.
CHUNK = 2_000
#: Fewest candidate pairs worth forking scoring workers for.
PARALLEL_PAIRS = 200_000

#: What forked scoring workers read: set just before they fork, cleared after.
_SCORING: tuple[Packed, np.ndarray, DedupSettings] | None = None


def _prepare_chunk(records: list[Record]) -> list[Prepared]:
    return [prepare(r) for r in records]


def _exit_with(parent: int) -> None:
    """Worker start: leave when the parent process is gone.

    A parent killed outright (SIGKILL, an out-of-memory kill) shuts no pool down, and
    its workers would wait on their task queue for ever.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextmanager
def _pool(processes: int, method: str, doing: str) -> Iterator[ProcessPoolExecutor]:
    """A worker pool that stops at once on an error, and tells of a worker that died.

    On Ctrl-C (which reaches the workers too) or any error, the work not yet started is
    dropped: the pool would otherwise do all of it before the error is told (minutes at
    a million records). A worker killed outright (SIGKILL, the out-of-memory killer)
    breaks the pool; that is a one-line error, and the caller has stored nothing yet.
    """
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(method),
                               initializer=_exit_with, initargs=(os.getpid(),))
    try:
        yield pool
    except BrokenProcessPool as exc:
        raise DedupError(
            f"a worker process stopped abruptly (killed, or out of memory) while {doing}; "
            "nothing of this dedup run was saved.",
            hint="Run 'litsearch dedup' again, with more free memory if the system "
                 "killed it.") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def start_method(platform: str = sys.platform) -> str:
    """Return how worker processes start on ``platform``: "fork" on Linux, else "spawn".

    A forked child gets a copy of the parent's memory but only the thread that forked:
    a lock another thread held inside a system library stays locked for ever. macOS's
    system frameworks (the Objective-C runtime; Accelerate, which numpy may use) are
    not safe to use after a fork, which is why Python starts workers with spawn there
    (and Windows has no fork). On Linux, fork is what Python's default has been and what
    these workers were built and measured with: they inherit the loaded modules and
    the packed records, nothing is sent.
    """
    return "fork" if platform.startswith("linux") else "spawn"


def workers() -> int:
    """Return the worker processes to use: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def prepare_many(records: Iterable[Record], processes: int | None = None) -> Iterator[Prepared]:
    """Yield :func:`prepare` of each record, in order, using worker processes when worth it.

    Args:
        records: Read once, in order (a generator or a stream from a file).
        processes: Worker processes; default :func:`workers`. 1 prepares here.
    """
    processes = workers() if processes is None else processes
    source = iter(records)
    head = list(islice(source, PARALLEL_MIN))
    if processes <= 1 or len(head) < PARALLEL_MIN:
        yield from (prepare(r) for r in head)
        yield from (prepare(r) for r in source)
        return
    chunks = _chunks(head, source)
    # Spawned workers each import litsearch first (about a second, measured in
    # benchmarks/results/dedup-scale.md); chunks are sent to them either way.
    with _pool(processes, start_method(), "preparing records") as pool:
        pending: deque[Future[list[Prepared]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_prepare_chunk, chunk))
            del chunk
            if len(pending) >= 2 * processes:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(head: list[Record], rest: Iterator[Record]) -> Iterator[list[Record]]:
    for start in range(0, len(head), CHUNK):
        yield head[start:start + CHUNK]
    head.clear()
    while chunk := list(islice(rest, CHUNK)):
        yield chunk


def _score_slice(start: int, stop: int) -> list[tuple[int, int, str, str, float]]:
    """Worker: score ``pairs[start:stop]`` of the inherited work; results as plain tuples."""
    assert _SCORING is not None, "scoring workers are forked after _SCORING is set"
    packed, pairs, settings = _SCORING
    # One rapidfuzz thread: the workers already use every core.
    return [(r.i, r.j, r.outcome, r.rule, r.score)
            for r in scoring.score_part(packed.records(), packed.columns, pairs[start:stop],
                                        settings, threads=1)]


def score_many(prepared: list[Prepared], pairs: np.ndarray, settings: DedupSettings,
               progress: Callable[[int, int], None] | None = None,
               processes: int | None = None, consume: bool = False) -> list[PairResult]:
    """Return :func:`~litsearch.dedup.scoring.score_pairs` of these pairs, on every core.

    The same results in the same order: the pair list is cut into parts of
    ``scoring.SCREEN_CHUNK``, each scored whole by one worker, and the parts are joined in
    order. Workers are forked (they inherit the packed records, nothing is sent to
    them); where :func:`start_method` is not "fork" (spawned workers would each be sent
    every record), with one core or with few pairs, the pairs are scored here.
    ``progress`` is called with ``(pairs done, pairs)``. With ``consume``, ``prepared``
    is emptied once packed, so that a million records are not held twice.
    """
    global _SCORING
    processes = workers() if processes is None else processes
    if processes <= 1 or len(pairs) < PARALLEL_PAIRS or start_method() != "fork":
        return scoring.score_pairs(prepared, pairs, settings, progress=progress)
    packed = Packed(prepared, consume=consume)
    _SCORING = (packed, pairs, settings)
    step = scoring.SCREEN_CHUNK
    try:
        with _pool(processes, "fork", f"scoring {len(pairs):,} candidate pairs") as pool:
            parts = [pool.submit(_score_slice, start, min(start + step, len(pairs)))
                     for start in range(0, len(pairs), step)]
            results: list[PairResult] = []
            for done, part in enumerate(parts, 1):
                results.extend(PairResult(*r) for r in part.result())
                if progress:
                    progress(min(done * step, len(pairs)), len(pairs))
    finally:
        _SCORING = None
        del packed
    return results
