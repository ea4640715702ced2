"""A scoring worker that dies, or Ctrl-C, while ``litsearch dedup`` scores on workers."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest
from dedup_fixtures import add

from litsearch.dedup import parallel, scoring
from litsearch.dedup.blocking import prepared_pairs
from litsearch.dedup.normalise import prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.synth import generate_corpus

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="scoring workers are forked")


_SCORE = parallel._score_slice
_RAN = multiprocessing.get_context("fork").Value("i", 0) if "fork" in \
    multiprocessing.get_all_start_methods() else None


def _dying(start: int, stop: int):
    """A worker killed outright (as by the out-of-memory killer) on its third part."""
    if start == 100:
        os.kill(os.getpid(), signal.SIGKILL)
    return _SCORE(start, stop)


def _slow(start: int, stop: int):
    """Ctrl-C reaches a worker in its second part; the other parts take a while."""
    if start == 10:
        raise KeyboardInterrupt
    with _RAN.get_lock():
        _RAN.value += 1
    time.sleep(0.1)
    return _SCORE(start, stop)


def _records(works: int):
    made = generate_corpus(works, seed=3, messy=True)
    return [r for db in sorted(made) for r in made[db]]


def test_a_killed_scoring_worker_is_a_one_line_error_and_nothing_is_stored(
        project, cli, monkeypatch):
    # A worker killed by the system (out of memory) while the pairs are scored: the run
    # says so on one line and stores nothing, never a traceback or half a run.
    add(project.store, _records(150))
    project.close()
    monkeypatch.setattr(parallel, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(scoring, "SCREEN_CHUNK", 50)
    monkeypatch.setattr(parallel, "_score_slice", _dying)
    code, out, err = cli("dedup", cwd=project.root)
    assert code == 2, err
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("error:") and "worker" in line and "nothing" in line
    assert project.store.execute("SELECT COUNT(*) FROM dedup_runs").fetchone()[0] == 0
    assert project.store.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0] == 0


def test_an_interrupt_while_scoring_stops_without_scoring_the_rest(monkeypatch):
    # Ctrl-C reaches the parent and its workers: the parts not yet started are dropped,
    # not all scored (minutes at a million records) before the interrupt is told.
    prepared = [prepare(r) for r in _records(300)]
    pairs = prepared_pairs(prepared)
    monkeypatch.setattr(parallel, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(scoring, "SCREEN_CHUNK", 10)
    parts = -(-len(pairs) // 10)
    assert parts > 40
    _RAN.value = 0
    monkeypatch.setattr(parallel, "_score_slice", _slow)
    with pytest.raises(KeyboardInterrupt):
        parallel.score_many(prepared, pairs, DedupSettings(), processes=2)
    assert _RAN.value < 10, f"{_RAN.value} of {parts} parts scored after the interrupt"
    assert parallel._SCORING is None
