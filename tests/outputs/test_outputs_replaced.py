"""Outputs replaced whole (issue 17.6): a kill or an error half-way leaves the old file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from litsearch.dedup.engine import run_dedup
from litsearch.dedup.report import write_report
from litsearch.importers.pipeline import import_file
from litsearch.outfiles import replacing, write_text
from litsearch.report.export import export_records
from litsearch.report.outputs import write_output
from litsearch.screening.audit import export_decisions
from litsearch.screening.decisions import record_decision
from litsearch.store import Store

OLD = "the earlier version\n"


def _review(tmp_path: Path) -> Store:
    ris = tmp_path / "a.ris"
    ris.write_text("".join(f"TY  - JOUR\nTI  - Study {i % 20} on meaning\nPY  - 2020\n"
                           f"DO  - 10.1/{i % 20}\nER  - \n\n" for i in range(40)),
                   encoding="utf-8")
    store = Store(tmp_path / "review.db")
    import_file(store, ris, "embase")
    run_dedup(store)
    for rid in (1, 2, 3):
        record_decision(store, rid, "title-abstract", "alice", "include")
    return store


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _interrupt_after(first: int):
    calls = {"n": 0}

    def maybe_stop() -> None:
        calls["n"] += 1
        if calls["n"] > first:
            raise KeyboardInterrupt

    return maybe_stop


@pytest.mark.parametrize("writer", ["export", "decisions", "dedup-report"])
def test_interrupted_writers_leave_the_old_file(tmp_path: Path, monkeypatch,
                                                writer: str) -> None:
    store = _review(tmp_path)
    out_dir = tmp_path / "outputs"
    out_dir.mkdir()
    out = out_dir / "out.csv"
    out.write_text(OLD, encoding="utf-8")
    stop = _interrupt_after(1)
    if writer == "export":
        import litsearch.report.export as module

        real_row = module._csv_row
        monkeypatch.setattr(module, "_csv_row", lambda *a: (stop(), real_row(*a))[1])
        call = lambda: export_records(store, "csv", out)  # noqa: E731
    elif writer == "decisions":
        import litsearch.screening.audit as module

        real_events = module.iter_decision_events
        monkeypatch.setattr(module, "iter_decision_events",
                            lambda s: ((stop(), e)[1] for e in real_events(s)))
        call = lambda: export_decisions(store, "csv", out)  # noqa: E731
    else:
        import litsearch.dedup.report as module

        real_rows = module.report_rows
        monkeypatch.setattr(module, "report_rows",
                            lambda s: ((stop(), r)[1] for r in real_rows(s)))
        call = lambda: write_report(store, out)  # noqa: E731
    with pytest.raises(KeyboardInterrupt):
        call()
    assert out.read_text(encoding="utf-8") == OLD
    assert _left(out_dir) == ["out.csv"]  # no temporary file left behind
    monkeypatch.undo()
    call()
    assert out.read_text(encoding="utf-8").count("\n") > 2
    store.close()


def test_write_output_and_replacing_keep_mode_and_links(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    old_mask = os.umask(0o022)
    try:
        write_text(tmp_path / "fresh.txt", "x")
    finally:
        os.umask(old_mask)
    assert (tmp_path / "fresh.txt").stat().st_mode & 0o777 == 0o644
    with pytest.raises(RuntimeError), replacing(target) as handle:
        handle.write("half")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _left(tmp_path) == ["fresh.txt", "link.md", "real.md"]


def test_sigkill_during_an_export_leaves_the_old_file(tmp_path: Path) -> None:
    """A real process killed half-way through writing ``export -o``."""
    store = _review(tmp_path)
    store.close()
    out = tmp_path / "records.csv"
    out.write_text(OLD, encoding="utf-8")
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        import litsearch.report.export as export
        from litsearch.store import Store
        real = export._csv_row
        calls = []
        def slow(*args):
            calls.append(1)
            if len(calls) == 5:
                Path({str(ready)!r}).touch()
                time.sleep(60)
            return real(*args)
        export._csv_row = slow
        export.export_records(Store({str(tmp_path / "review.db")!r}), "csv", {str(out)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "writer never started"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
    assert out.read_text(encoding="utf-8") == OLD
    # The killed writer's temporary file is there until the next write of the same
    # output, which clears it (its process is gone) and replaces the file.
    parts = list(tmp_path.glob(".records.csv.*.part"))
    assert len(parts) == 1
    store = Store(tmp_path / "review.db")
    export_records(store, "csv", out)
    store.close()
    assert not list(tmp_path.glob(".records.csv.*.part"))
    assert out.read_text(encoding="utf-8") != OLD


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    """A .part file of a process that is still running (or of another host) is kept."""
    import socket
    live = tmp_path / f".out.txt.{socket.gethostname()}-{os.getpid()}-abcd1234.part"
    other_host = tmp_path / ".out.txt.elsewhere-1-abcd1234.part"
    live.write_text("x")
    other_host.write_text("x")
    write_text(tmp_path / "out.txt", "new\n")
    assert live.exists() and other_host.exists()
