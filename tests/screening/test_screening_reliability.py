"""Nothing keyed is lost: a screening process killed with SIGKILL; two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from litsearch.store import Store

#: Runs the real app headless and presses 'i' forever, printing a line after each decision.
APP_SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from litsearch.tui.app import make_app

    async def main():
        app = make_app(sys.argv[1], reviewer="alice")
        async with app.run_test(size=(100, 30)) as pilot:
            n = 0
            while True:
                await pilot.press("i")
                n += 1
                print(n, flush=True)

    asyncio.run(main())
""")

#: Decides every record as one reviewer through the library, one transaction each.
WRITER_SCRIPT = textwrap.dedent("""
    import sys
    from litsearch.store import Store
    from litsearch.screening.decisions import record_decision
    store = Store(sys.argv[1])
    for record_id in range(1, int(sys.argv[3]) + 1):
        record_decision(store, record_id, "title-abstract", sys.argv[2],
                        "include" if record_id % 2 else "exclude", source="test")
    print("done", flush=True)
""")


def _location(project) -> str:
    """The review's store: review.db, or its PostgreSQL database in the PostgreSQL pass."""
    return project.database_url or str(project.db_path)


def test_sigkill_loses_no_keyed_decision(project, seeded, record_factory):
    seeded(project.store, [record_factory(i) for i in range(40)])
    project.close()
    proc = subprocess.Popen([sys.executable, "-c", APP_SCRIPT, str(project.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    keyed = 0
    try:
        while keyed < 15:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            keyed = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store(_location(project)) as store:
        if store.engine == "sqlite":
            assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = store.execute("SELECT COUNT(DISTINCT record_id) FROM decisions "
                              "WHERE reviewer = 'alice' AND decision = 'include'").fetchone()[0]
    assert saved >= keyed


def test_two_reviewers_writing_at_once_lose_nothing(project, seeded, record_factory):
    n = 150
    seeded(project.store, [record_factory(i) for i in range(n)])
    project.close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER_SCRIPT, _location(project), who,
                               str(n)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("alice", "bob")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done", err
    with Store(_location(project)) as store:
        rows = store.execute("SELECT reviewer, COUNT(DISTINCT record_id), COUNT(*) FROM decisions "
                             "GROUP BY reviewer ORDER BY reviewer").fetchall()
    assert [tuple(r) for r in rows] == [("alice", n, n), ("bob", n, n)]
