"""A process killed with SIGKILL mid-write leaves a consistent database and loses no commit."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from litsearch.store import Store

WRITER = Path(__file__).with_name("_writer.py")
BATCH = 25


def test_sigkill_during_writes_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    Store(db).close()
    child = subprocess.Popen([sys.executable, str(WRITER), str(db)], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    committed = 0
    deadline = time.monotonic() + 30
    while committed < 20 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if line:
            committed = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert committed >= 20
    store = Store(db)
    assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    runs = store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0]
    records = store.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    links = store.execute("SELECT COUNT(*) FROM run_records").fetchone()[0]
    # Every commit the child reported is there, and no transaction is half-applied.
    assert runs >= committed
    assert records == runs * BATCH == links
