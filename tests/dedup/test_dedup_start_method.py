"""Worker processes fork only on Linux; elsewhere spawned workers or this process give the same."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from litsearch.dedup import dedupe_records, parallel, scoring
from litsearch.dedup.blocking import prepared_pairs
from litsearch.dedup.normalise import prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.synth import generate_corpus


@pytest.fixture(scope="module")
def corpus():
    made = generate_corpus(300, seed=5, messy=True)
    return [r for db in sorted(made) for r in made[db]]


@pytest.fixture
def pools(monkeypatch):
    """The start method of every worker pool made, with workers forced to start and spawn."""
    started: list[str] = []

    class Noting(ProcessPoolExecutor):
        def __init__(self, *args, mp_context=None, **kwargs):
            started.append(mp_context.get_start_method())
            super().__init__(*args, mp_context=mp_context, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Noting)
    monkeypatch.setattr(parallel, "start_method", lambda platform="": "spawn")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 40)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    return started


@pytest.mark.parametrize(("platform", "method"), [
    ("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn"), ("cygwin", "spawn"),
    ("freebsd14", "spawn")])
def test_workers_fork_on_linux_only(platform, method):
    assert parallel.start_method(platform) == method


def test_records_prepared_on_spawned_workers_equal_records_prepared_here(corpus, pools):
    assert list(parallel.prepare_many(corpus, processes=2)) == [prepare(r) for r in corpus]
    assert pools == ["spawn"]


def test_without_fork_pairs_are_scored_here_with_the_same_results(corpus, pools):
    prepared = [prepare(r) for r in corpus]
    pairs = prepared_pairs(prepared)
    here = scoring.score_pairs(prepared, pairs, DedupSettings())
    assert {r.outcome for r in here} >= {"merged", "distinct"}
    assert parallel.score_many(prepared, pairs, DedupSettings(), processes=2) == here
    assert pools == []  # no pool: spawned workers would each be sent every record


def test_a_run_without_fork_clusters_as_a_run_on_one_core(corpus, pools, monkeypatch):
    spawned = sorted(sorted(c) for c in dedupe_records(corpus))
    assert pools == ["spawn"]
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    assert spawned == sorted(sorted(c) for c in dedupe_records(corpus))
    assert pools == ["spawn"]
