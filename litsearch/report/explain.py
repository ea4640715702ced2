"""``litsearch prisma --explain BOX``: the records behind any number of the flow."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import ReportError, ScreeningError
from ..screening.state import unit_map
from ..store import Store
from .decisions import rule_details, stage_votes
from .flow import PrismaFlow
from .labels import BOX_LABELS, PENDING_LABELS, UNFINISHED, database_label, is_automation

#: Boxes whose records a blind reviewer may still list while screening is unfinished:
#: identification and dedup, decided by no reviewer.
BLIND_KEYS = frozenset({
    "database_results", "database_specific_results", "register_results",
    "register_specific_results", "website_results", "organisation_results",
    "citations_results", "other_results", "duplicates", "previous_studies",
    "previous_reports", "not_deduplicated", "unfinished_search", "no_representative",
    "other_duplicates"})
#: Of those, the boxes whose detail is not a record's screening outcome (the database's
#: name). The others' detail is each record's status, which tells the other votes.
BLIND_DETAIL_KEYS = frozenset({"database_specific_results", "register_specific_results"})


@dataclass(frozen=True)
class ExplainRow:
    """One record behind a box."""

    record_id: int
    database: str
    title: str
    detail: str


def explain_keys(flow: PrismaFlow) -> list[str]:
    """Return every key ``explain`` accepts."""
    return [*BOX_LABELS, "database_specific_results", "register_specific_results",
            *PENDING_LABELS]


def explain(store: Store, flow: PrismaFlow, key: str) -> list[ExplainRow]:
    """List the records behind a box (record id, database, title, detail).

    Raises:
        ReportError: ``key`` names no box.
    """
    detail: dict[int, str] = {}
    if key in ("database_specific_results", "register_specific_results"):
        method = key.split("_")[0]
        for name, ids in flow.sources.get(method, {}).items():
            detail.update(dict.fromkeys(ids, name))
    elif key in ("dbr_excluded", "other_excluded"):
        for reason, ids in flow.reasons[key.split("_")[0]].items():
            detail.update(dict.fromkeys(ids, reason))
    elif key in ("excluded_automatic", "excluded_other"):
        # Which rule fired, and on what value: the rule's own decision event.
        fired = rule_details(store)
        detail = {rid: fired.get(rid, flow.statuses.get(rid, "")) for rid in flow.boxes[key]}
    elif key == "records_excluded_automation":
        detail = _automation_reasons(store, flow.boxes[key])
    elif key in flow.boxes:
        for rid in flow.boxes[key]:
            detail[rid] = flow.statuses.get(rid, "previous version" if key.startswith(
                ("previous", "total")) else "")
    elif key in flow.pending:
        detail = {rid: flow.statuses.get(rid, "") for rid in flow.pending[key]}
    else:
        raise ReportError(f"--explain {key}: no such box.",
                          "Use one of: " + ", ".join(explain_keys(flow)) + ".")
    return records_behind(store, detail)


def _automation_reasons(store: Store, ids: list[int]) -> dict[int, str]:
    """Who excluded each record at title/abstract by automation, and why (the stopping
    rule's reason names its test and result)."""
    votes = stage_votes(store)["title-abstract"]
    unit_of = unit_map(store)
    detail = {}
    for rid in ids:
        excludes = [v for v in votes.get(unit_of.get(rid, rid), {}).values()
                    if v.decision == "exclude" and is_automation(v.reviewer)]
        detail[rid] = "; ".join(f"{v.reviewer}: {v.reason}" if v.reason else v.reviewer
                                for v in excludes) or "excluded-title-abstract"
    return detail


def records_behind(store: Store, detail: dict[int, str]) -> list[ExplainRow]:
    """Look up database and title of records, keeping a detail text for each."""
    rows = []
    ids = sorted(detail)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for rid, database, title in store.execute(
                f"SELECT id, database, title FROM records WHERE id IN ({marks}) ORDER BY id",
                chunk):
            rows.append(ExplainRow(rid, database_label(database), title or "", detail[rid]))
    return rows


def votes_hidden(flow: PrismaFlow, blind: bool) -> bool:
    """Tell whether a blind review's screening is unfinished, so records' outcomes are hidden."""
    return blind and any(flow.pending[key] for key in UNFINISHED)


def hidden_keys(flow: PrismaFlow) -> frozenset[str]:
    """Return the boxes and lists whose counts a blind reviewer may not see (not BLIND_KEYS)."""
    return (frozenset(BOX_LABELS) | frozenset(explain_keys(flow))) - BLIND_KEYS


def blind_explain(store: Store, flow: PrismaFlow, key: str) -> list[ExplainRow]:
    """List the records behind ``key`` as a blind reviewer may see them: no outcome.

    Raises:
        ScreeningError: ``key`` is a box counted from reviewers' votes.
    """
    if key not in BLIND_KEYS:
        if key not in explain_keys(flow):
            return explain(store, flow, key)  # the usual error for a key that is no box
        raise ScreeningError(f"prisma --explain {key} would show records by the outcome of "
                             "every reviewer's votes, and screening is blind and unfinished.",
                             "Run it when every record has its votes (blind = true under "
                             "[screening] in review.toml), or list an identification box "
                             "(database_results, duplicates).")
    rows = explain(store, flow, key)
    return rows if key in BLIND_DETAIL_KEYS else [replace(r, detail="") for r in rows]
