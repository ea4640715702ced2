"""The flow as an ordered list of labelled rows: the shared skeleton of text, Markdown and CLI.

Each row carries the box key it comes from, so every rendering can say which key to
pass to ``litsearch prisma --explain``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .flow import PrismaFlow
from .labels import BOX_LABELS, COLUMN_TITLES, COUNTED_FLAGS, PENDING_LABELS, UPDATED_LABELS


@dataclass(frozen=True)
class Row:
    """One line of the flow.

    Attributes:
        section: The column heading the row sits under.
        band: "Identification", "Screening" or "Included".
        label: Box text.
        n: The count.
        key: The box key for --explain (None for subtotal lines).
        depth: Indentation level (0 = a box, 1 = a part of it, 2 = a part of a part).
    """

    section: str
    band: str
    label: str
    n: int
    key: str | None
    depth: int = 0


def box_label(flow: PrismaFlow, key: str) -> str:
    """Return a box's text, as worded for a new or an updated review."""
    if flow.updated and key in UPDATED_LABELS:
        return UPDATED_LABELS[key]
    return BOX_LABELS[key]


def flow_rows(flow: PrismaFlow) -> list[Row]:
    """Return every row of the flow in reading order."""
    rows: list[Row] = []
    upd = "_updated" if flow.updated else ""
    n = flow.n

    def add(section: str, band: str, key: str, depth: int = 0, label: str = "") -> None:
        rows.append(Row(section, band, label or box_label(flow, key), n(key), key, depth))

    if flow.updated:
        sec = COLUMN_TITLES["previous"]
        add(sec, "Identification", "previous_studies")
        add(sec, "Identification", "previous_reports")
    sec = COLUMN_TITLES["dbr" + upd]
    ident = n("database_results") + n("register_results")
    rows.append(Row(sec, "Identification", "Records identified from:", ident, None))
    for method, key in (("database", "database_results"), ("register", "register_results")):
        add(sec, "Identification", key, 1)
        for name, count in flow.specific(method).items():
            rows.append(Row(sec, "Identification", name, count, f"{method}_specific_results", 2))
    removed = n("duplicates") + n("excluded_automatic") + n("excluded_other")
    rows.append(Row(sec, "Identification", "Records removed before screening:", removed, None))
    for key in ("duplicates", "excluded_automatic", "excluded_other"):
        add(sec, "Identification", key, 1)
    add(sec, "Screening", "records_screened")
    add(sec, "Screening", "records_excluded")
    add(sec, "Screening", "records_excluded_human", 1)
    add(sec, "Screening", "records_excluded_automation", 1)
    _retrieval(rows, flow, sec, "dbr")
    if flow.has_other:
        sec = COLUMN_TITLES["other" + upd]
        keys = ["website_results", "organisation_results", "citations_results"]
        if n("other_results"):
            keys.append("other_results")
        total = sum(n(k) for k in keys)
        rows.append(Row(sec, "Identification", "Records identified from:", total, None))
        for key in keys:
            add(sec, "Identification", key, 1)
        _retrieval(rows, flow, sec, "other")
    sec = "Included"
    add(sec, "Included", "new_studies")
    add(sec, "Included", "new_reports")
    if flow.updated:
        add(sec, "Included", "total_studies")
        add(sec, "Included", "total_reports")
    return rows


def _retrieval(rows: list[Row], flow: PrismaFlow, sec: str, col: str) -> None:
    for suffix in ("sought_reports", "notretrieved_reports", "assessed", "excluded"):
        key = f"{col}_{suffix}"
        rows.append(Row(sec, "Screening", box_label(flow, key), flow.n(key), key))
    for reason, count in flow.reason_counts(col).items():
        rows.append(Row(sec, "Screening", reason, count, f"{col}_excluded", 1))


def is_box_row(flow: PrismaFlow, row: Row) -> bool:
    """Tell whether a row is a box of its own (not a subtotal, source or reason line)."""
    return row.key in BOX_LABELS and row.label == box_label(flow, row.key)


def pending_rows(flow: PrismaFlow, hidden: Collection[str] = ()) -> list[tuple[str, str, int]]:
    """Return ``(key, label, count)`` for every non-empty list of records outside the boxes.

    Lists in ``hidden`` are left out: a blind reviewer may not learn even that one is
    not empty (a conflict there tells how another reviewer voted).
    """
    return [(k, PENDING_LABELS[k], len(v)) for k, v in flow.pending.items()
            if v and k not in COUNTED_FLAGS and k not in hidden]


def short_ids(ids: list[int], limit: int = 20) -> str:
    """Format record ids for a one-line message, eliding past ``limit``."""
    text = ", ".join(str(i) for i in ids[:limit])
    return text + (f", … (+{len(ids) - limit} more)" if len(ids) > limit else "")
