"""The decisions the review server refused for good: listed, written again, or discarded.

A decision keyed while the server was away and refused when it came back (its record
was taken out by ``litsearch import --undo``, the reviewer was taken off the team) is
set aside in ``<journal>.refused.jsonl`` (:mod:`.outbox`), one JSON line each with the
server's reason. ``litsearch screen refused`` reads that file: it lists the decisions,
writes again those the server now takes (``--retry``: the reviewer was put back on the
team; each once, by its client id) and drops the rest when the reviewer has keyed again
what still applies (``--discard``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import StoreError
from ..store import Store
from ..store.failures import refused_for_good
from .outbox import Pending, journal_lock, refusal_reason, refused_path

#: What the user can do with the file, named wherever its decisions are counted.
REFUSED_HINT = ("'litsearch screen refused' lists them; --retry writes those the server "
                "now takes, --discard drops the file")

_PENDING_FIELDS = frozenset(f.name for f in fields(Pending))


@dataclass(frozen=True)
class Refused:
    """One set-aside decision, as keyed, with why and when the server refused it."""

    item: Pending
    reason: str
    refused_at: str
    #: The line as stored (kept whole when it is written back).
    line: str


def read_refused(journal: Path) -> list[Refused]:
    """Return the decisions set aside beside ``journal``, oldest first ([] when none).

    A line that cannot be read (cut short by a crash) is left out here and kept in the
    file by :func:`retry_refused`.
    """
    return [entry for entry in map(_parse, _lines(journal)) if entry is not None]


def _lines(journal: Path) -> list[str]:
    try:
        text = refused_path(journal).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.splitlines() if line.strip()]


def _parse(line: str) -> Refused | None:
    try:
        data = json.loads(line)
        item = Pending(**{k: v for k, v in data.items() if k in _PENDING_FIELDS})
    except (ValueError, TypeError, AttributeError):
        return None
    return Refused(item, str(data.get("refused", "")), str(data.get("refused_at", "")), line)


def retry_refused(store: Store, journal: Path) -> tuple[int, list[Refused]]:
    """Write each set-aside decision again, in the order keyed; keep those refused again.

    Returns:
        (how many were written, those still refused with the new reason).

    Raises:
        StoreError, sqlite3.Error: A failure that may pass (the connection was lost):
            the decisions not yet written stay in the file.
    """
    written, left = 0, []
    with journal_lock(journal):
        lines = _lines(journal)
        unreadable = [line for line in lines if _parse(line) is None]
        items = read_refused(journal)
        try:
            for n, entry in enumerate(items):
                try:
                    entry.item.write(store)  # once, however often: the client id
                except (sqlite3.Error, StoreError) as exc:
                    if not refused_for_good(exc):
                        left += items[n:]
                        raise
                    reason = refusal_reason(entry.item, exc)
                    line = json.dumps({**json.loads(entry.line), "refused": reason},
                                      ensure_ascii=False)
                    left.append(Refused(entry.item, reason, entry.refused_at, line))
                    continue
                written += 1
        finally:
            _rewrite(journal, unreadable + [entry.line for entry in left])
    return written, left


def discard_refused(journal: Path) -> int:
    """Remove the refused file; return how many decisions it held."""
    with journal_lock(journal):
        held = len(read_refused(journal))
        refused_path(journal).unlink(missing_ok=True)
    return held


def _rewrite(journal: Path, lines: list[str]) -> None:
    path = refused_path(journal)
    if not lines:
        path.unlink(missing_ok=True)
        return
    spare = path.with_suffix(".tmp")
    spare.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(spare, path)
