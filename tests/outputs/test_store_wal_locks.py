"""Nothing lost if the laptop dies: decisions a screening process committed survive its end,
whatever another litsearch command did to the review meanwhile.

SQLite's locks on review.db are POSIX advisory locks, which the operating system drops
for the whole process as soon as *any* file descriptor of that file is closed in it.
``store.failures.truncated`` read the header with ``open()``/``close()`` each time a
Store opened, so a second Store in the same process (the screening app's live panel
thread) silently took away the first connection's lock. The next litsearch command
that closed its connection (``litsearch status`` in another terminal) then saw itself
as the last one, checkpointed and deleted review.db-wal and -shm, and the screening
process went on committing into a WAL file that no longer had a name: everything it
wrote after that was gone when it was killed (and two such writers would each
checkpoint their own history over the other's).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from litsearch.store import Store

#: A screening process: the main connection, a second one in a daemon thread (the live
#: panel), decisions written one by one after the parent says go.
WRITER = r"""
import sys, threading, time
from litsearch.store import Store
from litsearch.screening.decisions import record_decision
db, n = sys.argv[1], int(sys.argv[2])
store = Store(db, migrate=False)
ids = [r[0] for r in store.execute("SELECT id FROM records ORDER BY id LIMIT ?", (n,))]
opened = threading.Event()
def look():
    other = Store(db, migrate=False)
    opened.set()
    while True:
        other.execute("SELECT COUNT(*) FROM decisions").fetchone()
        time.sleep(0.05)
threading.Thread(target=look, daemon=True).start()
opened.wait()
print("ready", flush=True)
sys.stdin.readline()
for record_id in ids:
    record_decision(store, record_id, "title-abstract", "alice", "include", source="app")
print("written", len(ids), flush=True)
time.sleep(60)
"""


def _ris(path: Path, count: int) -> Path:
    path.write_text("".join(
        f"TY  - JOUR\nTI  - Study {i} of meaning in life\nAU  - Smith, J\nPY  - 2020\n"
        f"DO  - 10.1234/w{i}\nER  - \n\n" for i in range(count)), encoding="utf-8")
    return path


@pytest.fixture
def sqlite_only() -> None:
    if os.environ.get("LITSEARCH_DATABASE_URL"):
        pytest.skip("the review lives on PostgreSQL in this pass: no review.db")


def test_decisions_committed_after_another_command_closed_the_review_survive_a_kill(
        sqlite_only, project, cli, tmp_path: Path) -> None:
    assert cli("import", str(_ris(tmp_path / "a.ris", 8)), "--db", "embase",
               "--review", str(project.root))[0] == 0
    project.close()
    db = str(project.db_path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db, "5"], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == "ready"
        # `litsearch status` in another terminal: opens the review and closes it.
        status = subprocess.run([sys.executable, "-m", "litsearch", "status", "--review",
                                 str(project.root)], capture_output=True, text=True)
        assert status.returncode == 0, status.stderr
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "written 5"
        os.kill(writer.pid, signal.SIGKILL)  # the laptop dies
    finally:
        writer.kill()
        writer.wait()
    with Store(db, migrate=False) as store:
        kept = store.execute("SELECT COUNT(*) FROM decisions WHERE source = 'app'").fetchone()[0]
    assert kept == 5
