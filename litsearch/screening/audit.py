"""Export the screening audit trail: every decision event, as CSV or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import ScreeningError
from ..outfiles import dict_writer, opened
from ..store import Store

#: Export columns, in order. The record column is named for litsearch, so a file edited
#: elsewhere and imported with ``screen import-decisions`` is matched on it.
#: ``model_version`` and ``shown_rank`` say which ranking the record was shown in
#: (``elas-u4/1/fit-37``, ``file``; docs/ranking.md), empty for a decision made outside
#: the app.
AUDIT_COLUMNS = ("event_id", "litsearch_record_id", "doi", "pmid", "title", "stage", "reviewer",
                 "decision", "reason", "criterion", "note", "resolution", "replaces",
                 "replaced_earlier", "source", "decided_at", "model_version", "shown_rank")
#: Formats :func:`export_decisions` writes.
AUDIT_FORMATS = ("csv", "jsonl")


def iter_decision_events(store: Store) -> Iterator[dict[str, Any]]:
    """Yield every decision event, oldest first, with its record's identifiers."""
    rows = store.execute(
        """SELECT d.id AS event_id, d.record_id AS litsearch_record_id, r.doi, r.pmid, r.title,
                  d.stage, d.reviewer,
                  d.decision, d.reason, d.criterion, d.note, d.resolution, d.replaces,
                  d.source, d.decided_at, d.model_version, d.shown_rank
           FROM decisions d JOIN records r ON r.id = d.record_id ORDER BY d.id""")
    for row in rows:
        event = dict(row)
        event["resolution"] = bool(event["resolution"])
        event["replaced_earlier"] = event["replaces"] is not None
        yield {name: event[name] for name in AUDIT_COLUMNS}


def export_decisions(store: Store, fmt: str, out: str | Path | IO[str], raw: bool = False) -> int:
    """Write every decision event to ``out`` and return how many were written.

    Args:
        store: The review database.
        fmt: "csv" or "jsonl".
        out: A file path or an open text stream.
        raw: CSV cells exactly as stored (for a program); by default a cell a spreadsheet
            would run as a formula gets a quote in front (see :mod:`litsearch.outfiles`).

    Raises:
        ScreeningError: Unknown format.
        OutputError: The file cannot be written (an earlier one is left unchanged).
    """
    if fmt not in AUDIT_FORMATS:
        raise ScreeningError(f"unknown decisions export format '{fmt}'.",
                             f"Use --format {' or --format '.join(AUDIT_FORMATS)}.")
    with opened(out, newline="") as handle:
        return _write(store, fmt, handle, raw)


def _write(store: Store, fmt: str, handle: IO[str], raw: bool) -> int:
    count = 0
    if fmt == "csv":
        writer = dict_writer(handle, AUDIT_COLUMNS, raw, lineterminator="\n")
        writer.writeheader()
        for event in iter_decision_events(store):
            event["resolution"] = int(event["resolution"])
            event["replaced_earlier"] = int(event["replaced_earlier"])
            writer.writerow(event)
            count += 1
    else:
        for event in iter_decision_events(store):
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    return count
