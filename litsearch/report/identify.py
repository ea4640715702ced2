"""Fill the identification boxes of the PRISMA flow: which search found each record.

A record is identified by the search run that first added it. Records of a search
that did not finish (see :mod:`litsearch.report.searches`) are real records of the
review and stay in the boxes, but their source is named "PubMed (search unfinished)"
in the diagram and they are listed under ``unfinished_search``, which the invariant
checks report and which keeps a version from being frozen: an auditor sees that the
search behind these numbers was never completed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..screening.state import plain_rows
from ..store import Store
from .labels import OTHER_METHOD_KEYS, database_label
from .searches import group_searches, progress_text, resume_hint

if TYPE_CHECKING:
    from .flow import PrismaFlow, Version

#: Added to a source's name for records of a search that did not finish.
UNFINISHED_SOURCE = " (search unfinished)"

#: Records of a frozen version found again by a later run, with the first such run.
_REFOUND_SQL = ("SELECT record_id, MIN(search_run_id) FROM run_records WHERE search_run_id > ? "
                "AND record_id <= ? GROUP BY record_id ORDER BY record_id")

#: search_runs.method -> identification box.
_IDENTIFIED_KEYS = {"database": "database_results", "register": "register_results",
                    **OTHER_METHOD_KEYS}


def identify(store: Store, flow: PrismaFlow, previous: Version | None) -> dict[int, str]:
    """Fill the identification boxes; return each record's column (old, dbr, other)."""
    unfinished: set[int] = set()
    for search in group_searches(store):
        if search.unfinished:
            run = search.run
            unfinished.update(r.id or 0 for r in search.runs)
            flow.unfinished_searches[run.id or 0] = (
                f"run {run.id} ({search.name}): {progress_text(run, search.stored[run.id or 0])}"
                f"; {resume_hint(run, quote=chr(39))}")
    runs = {rid: (database_label(db) + (UNFINISHED_SOURCE if rid in unfinished else ""), method)
            for rid, db, method in store.execute(
                "SELECT id, database, method FROM search_runs ORDER BY id")}
    watermark = previous.max_record_id if previous else 0
    category: dict[int, str] = {}
    for rid, run_id in plain_rows(store, "SELECT id, search_run_id FROM records ORDER BY id"):
        if rid <= watermark:
            category[rid] = "old"
            continue
        category[rid] = "dbr" if runs[run_id][1] in ("database", "register") else "other"
        _identified(flow, rid, *runs[run_id], run_id in unfinished)
    if previous:
        for rid, run_id in plain_rows(store, _REFOUND_SQL,
                                      (previous.max_search_run_id, watermark)):
            name, method = runs[run_id]
            _identified(flow, rid, name, method, run_id in unfinished)
            if method in ("database", "register"):
                flow.boxes["duplicates"].append(rid)
            else:
                flow.pending["other_duplicates"].append(rid)
    return category


def _identified(flow: PrismaFlow, rid: int, name: str, method: str, unfinished: bool) -> None:
    flow.sources.setdefault(method, {}).setdefault(name, []).append(rid)
    flow.boxes[_IDENTIFIED_KEYS.get(method, "other_results")].append(rid)
    if unfinished:
        flow.pending["unfinished_search"].append(rid)
