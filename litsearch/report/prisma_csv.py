"""The flow as PRISMA2020 R package data: a dict, its template CSV, and JSON.

The CSV is the package's ``inst/extdata/PRISMA.csv`` template (every row, in order,
labels included) with the ``n`` column filled, so ``PRISMA_data(read.csv(f))`` and the
Shiny app's CSV upload read it unchanged. The JSON holds the same keys at the top level
plus a ``litsearch`` object with the details the R package has no place for.

The meta-analysis box (``total_studies_ma``/``total_reports_ma``, PRISMA_flowdiagram's
``meta_analysis=TRUE``) is left out: the store does not record which included studies
enter a meta-analysis, and the template file has no rows for it.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

from ..outfiles import csv_writer
from .flow import PrismaFlow
from .labels import PENDING_LABELS
from .notes import STOPPED_BOX
from .progress import UNFINISHED_TITLE, flow_progress
from .rtemplate import COLUMNS, TEMPLATE_ROWS

#: Boxes whose R value is a plain count.
COUNT_KEYS = (
    "previous_studies", "previous_reports", "database_results", "register_results",
    "website_results", "organisation_results", "citations_results", "duplicates",
    "excluded_automatic", "excluded_other", "records_screened", "records_excluded",
    "dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed", "other_sought_reports",
    "other_notretrieved_reports", "other_assessed", "new_studies", "new_reports",
    "total_studies", "total_reports",
)

#: Website row label used when records from method "other" are folded into it.
WEBSITE_AND_OTHER = "Websites and other sources"


def r_name(text: str) -> str:
    """Make a name safe inside the R package's "Name, n; Name, n" syntax."""
    return re.sub(r"\s*[,;]\s*", " - ", text).strip() or "Unnamed"


def r_pairs(counts: dict[str, int]) -> str:
    """Format ``{name: n}`` as "Name 1, n; Name 2, n" ("0" when empty, as R reads it)."""
    return "; ".join(f"{r_name(k)}, {v}" for k, v in counts.items()) or "0"


def prisma_data(flow: PrismaFlow) -> dict[str, Any]:
    """Return the R package's data: counts, and "Name, n; ..." strings where it wants them."""
    data: dict[str, Any] = {key: flow.n(key) for key in COUNT_KEYS}
    data["database_specific_results"] = r_pairs(flow.specific("database"))
    data["register_specific_results"] = r_pairs(flow.specific("register"))
    data["dbr_excluded"] = r_pairs(flow.reason_counts("dbr"))
    data["other_excluded"] = r_pairs(flow.reason_counts("other"))
    return data


#: Template title boxes (``box`` column) that carry the unfinished mark in their text.
TITLE_BOXES = ("newstud", "othstud")


def to_csv(flow: PrismaFlow) -> str:
    """Return the filled PRISMA2020 template CSV.

    Records of method "other" have no template row; they are added to the website
    row, whose box text then reads "Websites and other sources". While the review is
    unfinished, the column title boxes say so and each box whose count will still
    change has "(in progress)" in its text, so the R package draws the marks too.
    """
    data = prisma_data(flow)
    progress = flow_progress(flow)
    other = flow.n("other_results")
    buf = io.StringIO()
    writer = csv_writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in TEMPLATE_ROWS:
        values = list(row)
        key = values[0]
        if key in data:
            values[7] = str(data[key])
        if key == "website_results" and other:
            values[7] = str(data[key] + other)
            values[4] = WEBSITE_AND_OTHER
        if not progress.finished and values[2] in TITLE_BOXES:
            values[4] = progress.title(values[4])
        if progress.mark(key):
            values[4] = f"{values[4]} ({progress.mark(key)})"
        if key == "records_excluded" and flow.notes.get(STOPPED_BOX):
            # The template has no row for the automation part of this box: its tooltip
            # (shown by the R package's interactive diagram) carries the note.
            values[5] = " ".join([values[5], *flow.notes[STOPPED_BOX]])
        writer.writerow(values)
    return buf.getvalue()


def to_dict(flow: PrismaFlow, title: str = "") -> dict[str, Any]:
    """Return the JSON object: R package keys, plus a ``litsearch`` object with details.

    ``litsearch.title`` and ``litsearch.status`` ("complete" or "unfinished") say
    whether the counts are final; an unfinished flow lists the work left and the
    boxes that will still change (``moving_boxes``).
    """
    out = prisma_data(flow)
    prev = flow.previous
    progress = flow_progress(flow)
    out["litsearch"] = {
        "title": progress.title(f"PRISMA 2020 flow diagram{': ' + title if title else ''}"),
        "status": "complete" if progress.finished else UNFINISHED_TITLE.lower(),
        "updated_review": flow.updated,
        "previous_version": None if prev is None else {
            "number": prev.number, "frozen_at": prev.frozen_at, "label": prev.label,
            "max_search_run_id": prev.max_search_run_id, "max_record_id": prev.max_record_id},
        "other_methods": flow.has_other,
        "databases": flow.specific("database"),
        "registers": flow.specific("register"),
        "other_sources": {m: flow.specific(m) for m in ("website", "organisation", "citation",
                                                         "other") if flow.sources.get(m)},
        "other_results": flow.n("other_results"),
        "records_excluded_human": flow.n("records_excluded_human"),
        "records_excluded_automation": flow.n("records_excluded_automation"),
        "dbr_excluded_reasons": flow.reason_counts("dbr"),
        "other_excluded_reasons": flow.reason_counts("other"),
        "pending": {k: len(v) for k, v in flow.pending.items() if v},
        "pending_labels": {k: PENDING_LABELS[k] for k, v in flow.pending.items() if v},
        "violations": [{"code": v.code, "severity": v.severity, "message": v.message,
                        "record_ids": v.record_ids} for v in flow.violations],
    }
    if not progress.finished:
        out["litsearch"]["unfinished_work"] = progress.work
        out["litsearch"]["moving_boxes"] = progress.moving
        out["litsearch"]["summary"] = progress.summary()
    if flow.notes:  # only then, so reviews without notes keep their JSON unchanged
        out["litsearch"]["notes"] = {k: list(v) for k, v in flow.notes.items()}
    if flow.unfinished_searches:  # only then, so finished reviews keep their JSON unchanged
        out["litsearch"]["unfinished_searches"] = {
            str(k): v for k, v in flow.unfinished_searches.items()}
    return out


def to_json(flow: PrismaFlow, title: str = "") -> str:
    """Return :func:`to_dict` as indented JSON."""
    return json.dumps(to_dict(flow, title), indent=2, ensure_ascii=False) + "\n"
