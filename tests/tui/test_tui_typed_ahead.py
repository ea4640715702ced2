"""Keys typed ahead land on the records they were typed for: the real app in a terminal.

A student typing ``i e1 i e2 i e1 m`` about 50 ms apart (the real app in a pseudo-terminal,
not Pilot, which waits for the app between keys): in the audit the key after the first
include and exclude was often dropped and every later decision went to the record
before the one it was typed for (record 3 excluded 'wrong topic', record 4 included).
The app's own counts agree with review.db, so nothing shows it. The cause lies in
tui/screens/screening.py / the ranking hand-over (owned elsewhere): marked xfail there.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from litsearch.store import Store

pty = pytest.importorskip("pty")

KEYS = "ie1ie2ie1m"
#: What each record should hold: the keys as decisions on records 1..7 in file order.
EXPECTED = [(1, "include"), (2, "exclude"), (3, "include"), (4, "exclude"),
            (5, "include"), (6, "exclude"), (7, "maybe")]


def _ris(path: Path, count: int) -> Path:
    path.write_text("".join(
        f"TY  - JOUR\nTI  - Study {i} of meaning in life and care\nAU  - Smith, J\n"
        f"PY  - 2020\nDO  - 10.1234/t{i}\nAB  - Meaning-making in outpatient care, "
        f"study {i} of patients and their therapists.\nER  - \n\n"
        for i in range(count)), encoding="utf-8")
    return path


def _pump(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


@pytest.mark.xfail(strict=False, reason=(
    "keys typed ~50 ms apart after the first include+exclude are dropped and the later "
    "ones shift onto the previous record (tui/screens/screening.py, owned elsewhere); "
    "depends on the machine's load"))
def test_keys_typed_ahead_decide_the_records_they_were_typed_for(project, cli,
                                                                  tmp_path) -> None:
    if os.environ.get("LITSEARCH_DATABASE_URL"):
        pytest.skip("a terminal session on a review.db is enough here")
    litsearch = shutil.which("litsearch", path=str(Path(sys.executable).parent))
    if litsearch is None:
        pytest.skip("the litsearch command is not installed beside this Python")
    root = str(project.root)
    assert cli("import", str(_ris(tmp_path / "a.ris", 12)), "--db", "embase", "-r", root)[0] == 0
    assert cli("dedup", "-r", root)[0] == 0
    project.close()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, as a student starts it
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execv(litsearch, [litsearch, "screen", "--reviewer", "alice", "--order", "file",
                             "--review", root])
    try:
        _pump(fd, 8)  # started and showing record 1
        for key in KEYS:
            os.write(fd, key.encode())
            _pump(fd, 0.05)
        _pump(fd, 6)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    with Store(project.db_path, migrate=False) as store:
        stored = [(r[0], r[1]) for r in store.execute(
            "SELECT record_id, decision FROM decisions WHERE stage = 'title-abstract' "
            "ORDER BY id")]
    assert stored == EXPECTED
