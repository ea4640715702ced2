"""Every hostile file ends in one line of error (or a clean import) within a time and memory limit.

Each case of :mod:`hostile_corpus` is imported by ``litsearch import`` in a fresh
process whose address space and CPU time are capped (``resource.setrlimit``) and
which is killed after a timeout; a failed import must leave nothing behind.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import CASES, write_corpus  # tests/hostile is on sys.path

#: Per-file limits: far above what a refused file may cost, far below what the attacks
#: cost without the defences (minutes of CPU, gigabytes of memory, forever for a FIFO).
TIMEOUT_S = 30
CPU_S = 20
MEMORY_BYTES = 2 * 1024 * 1024 * 1024
#: Peak resident memory any one import may reach.
MAX_RSS_KIB = 600 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_S, CPU_S))


def _litsearch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A wide terminal: the message is one line however long the list of formats is.
    env = {**os.environ, "COLUMNS": "5000", "LITSEARCH_REVIEW": str(cwd)}
    return subprocess.run([sys.executable, "-m", "litsearch", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S,
                          preexec_fn=_limit, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def empty_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    done = _litsearch("init", str(folder / "review"), "--title", "Hostile", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "review"


def _stored(review: Path) -> tuple[int, int, int]:
    with sqlite3.connect(review / "review.db") as db:
        return tuple(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                     for table in ("search_runs", "records", "source_files"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(case, corpus: Path, empty_review: Path, tmp_path: Path) -> None:
    review = tmp_path / "review"
    shutil.copytree(empty_review, review)
    done = _litsearch("import", str(corpus / case.name), "--db", "embase", cwd=review)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak < MAX_RSS_KIB, f"peak memory {peak / 1024:.0f} MiB"
    assert "Traceback" not in done.stderr
    runs, records, files = _stored(review)
    if case.error is None:
        assert done.returncode == 0, done.stderr
        assert (runs, records, files) == (1, case.records, 1)
        return
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert done.returncode != 0 and len(lines) == 1, done.stderr
    assert lines[0].startswith("error:") and case.error in lines[0], lines[0]
    # A refused file leaves nothing behind: no run, no record, no file row.
    assert (runs, records, files) == (0, 0, 0)
