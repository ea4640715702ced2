"""Peak memory of a benchmark step's own process (shared by the import benchmarks)."""

from __future__ import annotations

import resource
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
