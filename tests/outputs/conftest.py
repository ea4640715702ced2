"""A small disk of its own (tmpfs), to fill up and to make read-only."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


class SmallDisk:
    """A tmpfs mounted for one test: ``fill`` it, make it ``read_only`` and back."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _mount(self, *args: str) -> None:
        subprocess.run(["mount", *args], check=True, capture_output=True)

    def fill(self, leave: int = 0) -> None:
        """Write a filler file until about ``leave`` bytes are free."""
        stat = os.statvfs(self.root)
        free = stat.f_bavail * stat.f_frsize
        with (self.root / f"filler-{uuid.uuid4().hex}").open("wb") as handle:
            try:
                handle.write(b"\0" * max(0, free - leave))
                handle.flush()
            except OSError:
                pass  # the disk is full, as asked

    def empty(self) -> None:
        """Remove the filler files."""
        for path in self.root.glob("filler-*"):
            path.unlink()

    def read_only(self, on: bool = True) -> None:
        self._mount("-o", f"remount,{'ro' if on else 'rw'}", str(self.root))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 4 MB tmpfs at tmp_path/disk; skipped where this user may not mount one."""
    root = tmp_path / "disk"
    root.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(root)],
                            capture_output=True, text=True, check=False) \
        if os.name == "posix" and os.geteuid() == 0 else None
    if result is None or result.returncode != 0:
        reason = result.stderr.strip() if result is not None else "not running as root"
        pytest.skip(f"cannot mount a small tmpfs to fill ({reason}); the injected-error "
                    "tests cover the same messages")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False, capture_output=True)
