"""Relevance ranking in a worker process of its own, so the app's interpreter never waits.

A fit holds Python's interpreter lock for seconds at 100,000 records; in a thread of the
app it held up every key (benchmarks/screening_retrain.py). :class:`RankWorker` starts one
persistent process (``spawn``: never a fork of a threaded app) that reads the texts from
the store itself, builds the features once, keeps one reviewer's labels, and per request
takes the decisions made since the last one (a few ``(unit, decision)`` pairs; all of
them only the first time) and sends back the ranking as arrays, the words behind the
scores of the units shown next, and the stopping test on the same labels.

The process dies with the app: it is a daemon (ended at the app's normal exit), the
app ends it on unmount, and it ends itself when its parent process is gone (a kill).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import LitsearchError, ScreeningError
from .queue import apply_changes
from .stopping import StopTest, shown_first, stop_test

#: Units after the current one whose score-driving words are sent with each ranking
#: (the words need the features, which only the worker holds).
TERMS_AHEAD = 50


@dataclass(frozen=True)
class RankResult:
    """One ranking as the worker sends it: arrays, cheap to pass between processes."""

    order: np.ndarray  # unit ids, best first (stable among equal scores)
    scores: np.ndarray  # 0..1, same order
    version: str
    terms: dict[int, list[str]]  # the words behind a unit's score (current + next units)
    test: StopTest
    seconds: dict[str, float]  # features (first request only), fit, stop


def _watch_parent() -> None:
    """End this process as soon as the app's process is gone (killed: no clean exit)."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="litsearch-parent-watch").start()


def fit_version(version: str, fitted: object, labels: int) -> str:
    """Return the version a decision stores: the model's, and which fit of it.

    A fitted model's version names the number of labels the fit learned from
    (``elas-u4/1/fit-37``), so an auditor can tell which ranking a record was shown in;
    a cold start or file order has no fit (``cold-start/terms``, ``file``).
    """
    return f"{version}/fit-{labels}" if fitted is not None else version


def _serve(conn, db: str, units: list[int], root: str | None, criteria, model: str,
           fit: Callable | None) -> None:
    """The worker process: answer ranking requests until told to stop or the app dies."""
    _watch_parent()
    # It shares the app's terminal: a library's warning printed here would land in the
    # middle of the screen. Failures go back to the app through ``conn`` instead.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    from . import ranking
    from .order import RelevanceModel, load_texts, review_terms

    if fit is not None:  # a model registered in the app at run time
        ranking.MODELS.setdefault(model, fit)
    relevance = None
    labels: dict[int, int] = {}  # the reviewer's, in the order decided
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        fresh, changes, current, unshown = request
        if fresh:
            labels = {}
        apply_changes(labels, changes)
        try:
            seconds = {}
            if relevance is None:
                t0 = time.perf_counter()
                texts = load_texts(db, units)
                terms = review_terms(Path(root) if root else None, criteria)
                relevance = RelevanceModel(units, texts, terms, model)
                seconds["features"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            ranked = relevance.rank(labels)
            seconds["fit"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            ys, before = shown_first(list(labels.values()),
                                     [u not in unshown for u in labels])
            test = stop_test(ys, len(units), ordered_from=before)
            seconds["stop"] = time.perf_counter() - t0
            order = np.asarray(ranked.order, dtype=np.int64)
            ahead = [u for u in ranked.order[: TERMS_AHEAD + len(labels) + 1]
                     if u not in labels][:TERMS_AHEAD]
            if current is not None:
                ahead.append(current)
            words = {u: relevance.terms_for(ranked, u) for u in ahead}
            used = sum(1 for u in labels if u in relevance.row)
            result = RankResult(order, np.asarray([ranked.scores[u] for u in ranked.order]),
                                fit_version(ranked.version, ranked.fitted, used), words, test,
                                seconds)
            conn.send(("ok", result))
        except (LitsearchError, sqlite3.Error) as exc:  # e.g. a team server went away
            conn.send(("error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported in the app, never a silent stop
            conn.send(("error", f"the ranking failed: {type(exc).__name__}: {exc}"))


def _start(process) -> None:
    """Start ``process``. Multiprocessing's resource tracker, started with the first
    process, hands on ``sys.stderr``'s file descriptor; a Textual app has replaced
    ``sys.stderr`` with a capture whose descriptor is -1, which fails, so the tracker is
    started on the real standard error."""
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable and sys.__stderr__ is not None:
        captured, sys.stderr = sys.stderr, sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured
    process.start()


class RankWorker:
    """One persistent ranking process for one reviewer's stage.

    Args:
        db: The store's location (a SQLite path or a PostgreSQL URL).
        units: The stage's units (file order).
        root: The review folder (for the strategy terms of the cold start).
        criteria: The review's criteria (highlight terms of the cold start).
        model: Ranking model name (None: the default).
    """

    def __init__(self, db: str, units: Sequence[int], root, criteria,
                 model: str | None) -> None:
        from .ranking import DEFAULT_MODEL, MODELS

        name = model or DEFAULT_MODEL
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_serve, name="litsearch-ranking", daemon=True,
            args=(child, db, list(units), str(root) if root else None, criteria, name,
                  MODELS.get(name)))
        _start(self.process)
        child.close()
        self._lock = threading.Lock()  # one request at a time

    def rank(self, changes: list[tuple[int, str | None]], current: int | None = None,
             fresh: bool = True, unshown: frozenset[int] = frozenset()) -> RankResult:
        """Rank every unit; blocks this thread (not the interpreter).

        Args:
            changes: The reviewer's decisions as ``(unit, decision or None after an
                undo)``, oldest first (:attr:`~litsearch.screening.queue.ScreeningQueue.
                changes`): all of them when ``fresh``, else those since the last call.
            current: The unit on screen (its score's words are sent too).
            fresh: Forget the labels of earlier calls first.
            unshown: Units whose decision has no shown order (imported or scripted):
                the stopping test counts them as found before its sample, never in it.

        Raises:
            ScreeningError: The worker failed, or is gone.
        """
        with self._lock:
            try:
                self._conn.send((fresh, changes, current, frozenset(unshown)))
                status, payload = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                raise ScreeningError("the ranking process has stopped.",
                                     "Reopen the review to restart it.") from exc
        if status != "ok":
            raise ScreeningError(payload, "The records stay in the last ranking's order.")
        return payload

    def close(self, timeout: float = 2.0) -> None:
        """End the process (it may be mid-fit: it keeps nothing worth waiting for)."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)
        self._conn.close()
