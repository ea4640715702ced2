"""Ctrl-C and a second run at once (issue 17.7), with real processes and real signals."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litsearch.importers.pipeline import import_file
from litsearch.project import Project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")


def _ris(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(f"TY  - JOUR\nTI  - Meaning in life study {i} number {i * 7919 % 10007}"
                         f"\nAU  - Smith, J\nAU  - Jones, K {i % 97}\nPY  - {2000 + i % 20}\n"
                         f"T2  - Journal {i % 50}\nDO  - 10.1234/x{i}\nER  - \n\n")
    return path


def _start(*args: str) -> subprocess.Popen:
    # Background processes may inherit an ignored SIGINT; a user's terminal never does.
    return subprocess.Popen([sys.executable, "-m", "litsearch", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for(condition, proc: subprocess.Popen, what: str, limit: float = 60,
              stop: bool = False) -> None:
    """Poll until ``condition``; with ``stop`` the process is then paused (SIGSTOP), so a
    short run cannot end before the test acts."""
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the command ended before {what}: {proc.communicate()}")
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)
    if stop:
        proc.send_signal(signal.SIGSTOP)


def _interrupt(proc: subprocess.Popen) -> None:
    """Ctrl-C: SIGINT, then SIGCONT in case the process was paused."""
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGCONT)


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used (Linux /proc), which grows with its work, not the load."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        pytest.skip("needs /proc to tell when the import is under way")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _dedup_lock(db: Path) -> bool:
    try:
        return _count(db, "SELECT COUNT(*) FROM meta WHERE key = 'lock:dedup'") == 1
    except sqlite3.OperationalError:  # busy for a moment while the run takes it
        return False


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A review holding 1,000 records, not yet deduplicated (copied by each test)."""
    root = tmp_path_factory.mktemp("imported") / "review"
    with Project.create(root, title="t") as project:
        import_file(project, _ris(root.parent / "a.ris", 1_000), "embase")
    return root


@pytest.fixture
def review(imported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(imported, tmp_path / "review"))


def test_ctrl_c_during_import_says_nothing_was_stored(tmp_path: Path) -> None:
    root = tmp_path / "review"
    Project.create(root, title="t").close()
    big = _ris(tmp_path / "big.ris", 25_000)
    proc = _start("import", str(big), "--db", "embase", "--review", str(root))
    # Measured here: starting litsearch takes ~0.4 s of CPU, this import ~2.4 s in all;
    # at 1.2 s the file is being read and stored, on a slow machine or a fast one.
    _wait_for(lambda: _cpu_seconds(proc.pid) >= 1.2, proc, "the import was under way",
              stop=True)
    _interrupt(proc)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "stored whole or not at all" in err and "Traceback" not in err
    db = root / "review.db"
    assert _count(db, "SELECT COUNT(*) FROM records") == 0
    assert _count(db, "SELECT COUNT(*) FROM search_runs") == 0


def test_ctrl_c_during_dedup_says_nothing_was_stored(review: Path) -> None:
    db = review / "review.db"
    proc = _start("dedup", "-r", str(review))
    _wait_for(lambda: _dedup_lock(db), proc, "the dedup run started", stop=True)
    _interrupt(proc)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert _count(db, "SELECT COUNT(*) FROM dedup_runs") == 0
    assert _count(db, "SELECT COUNT(*) FROM cluster_members") == 0
    assert not _dedup_lock(db)  # released on the way out


def test_two_dedup_runs_at_once_record_one_run(review: Path) -> None:
    db = review / "review.db"
    first = _start("dedup", "-r", str(review))
    _wait_for(lambda: _dedup_lock(db), first, "the first dedup run started", stop=True)
    second = _start("dedup", "-r", str(review))
    _out, err = second.communicate(timeout=60)
    first.send_signal(signal.SIGCONT)
    assert second.returncode == 2 and "a dedup run is already running" in err
    assert len(err.strip().splitlines()) == 1, err
    _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert _count(db, "SELECT COUNT(*) FROM dedup_runs") == 1
    assert not _dedup_lock(db)


def test_a_lock_left_by_a_killed_run_is_taken_over(review: Path) -> None:
    db = review / "review.db"
    proc = _start("dedup", "-r", str(review))
    _wait_for(lambda: _dedup_lock(db), proc, "the dedup run started", stop=True)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _dedup_lock(db)  # left behind by the killed process
    again = _start("dedup", "-r", str(review))
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert _count(db, "SELECT COUNT(*) FROM dedup_runs") == 1
