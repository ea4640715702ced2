"""What the import benchmarks share: timing one reader step, its peak memory, running a
step in a fresh process, and writing the results file."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def peak_mib() -> float:
    """Return this process's peak resident memory in MiB.

    /proc's VmHWM belongs to the process image, so it starts afresh at exec; Linux's
    ru_maxrss can carry the parent's high-water mark over the fork that started the step.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reader_step(bare: Callable[[str, Path], int], step: str, fmt: str,
                path: Path) -> dict[str, float]:
    """Time one step in this process: the bare parse, or litsearch's reader for ``fmt``.

    The caller imports the bare parsers' modules first, so imports are not timed.
    """
    from litsearch.importers import get_reader
    from litsearch.importers.source import Source

    start = time.perf_counter()
    if step == "bare":
        count = bare(fmt, path)
    else:
        count = sum(1 for _ in get_reader(fmt).read(Source.from_path(path)))
    return {"seconds": time.perf_counter() - start, "records": count, "peak_mib": peak_mib()}


def in_fresh_process(module: str, *args: str) -> dict[str, float]:
    """Run ``python -m <module> <args>`` and return the JSON it prints (one step)."""
    out = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def write_results(out: Path, text: str) -> None:
    """Write a results file (making its folder) and print it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)


def xlsx_rows(path: Path) -> int:
    """Count the data rows of an .xlsx file with openpyxl alone (a bare parse)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1

