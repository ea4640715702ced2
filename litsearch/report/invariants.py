"""The arithmetic invariants of a PRISMA 2020 flow (screening.md §3.5), checked every time.

Each check compares the sets of records behind the boxes, not just their sizes, so a
violation names the records that cause it (awaiting a decision, reviewers in conflict,
a cluster without a representative, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .labels import UNFINISHED

if TYPE_CHECKING:
    from .flow import PrismaFlow


@dataclass
class Violation:
    """One invariant that does not hold.

    Attributes:
        code: A stable name ("screening", "retrieval-dbr", ...).
        message: The equation with its numbers, in words.
        severity: "error" (the diagram is wrong) or "warning" (it may legitimately differ,
            or the review is unfinished).
        record_ids: The records that cause the difference.
    """

    code: str
    message: str
    severity: str = "error"
    record_ids: list[int] = field(default_factory=list)


def _diff(left: set[int], right: set[int]) -> list[int]:
    return sorted(left ^ right)


def check_flow(flow: PrismaFlow) -> list[Violation]:
    """Return every invariant the flow breaks (an empty list when it is consistent)."""
    b = {k: set(v) for k, v in flow.boxes.items()}
    n = flow.n
    out: list[Violation] = []
    identified = n("database_results") + n("register_results")
    removed = n("duplicates") + n("excluded_automatic") + n("excluded_other")
    if identified - removed != n("records_screened"):
        out.append(Violation(
            "identification",
            f"records identified − removed before screening = records screened: "
            f"{identified} − {removed} ≠ {n('records_screened')}",
            record_ids=sorted(flow.pending["no_representative"])))
    left = b["records_screened"] - b["records_excluded"]
    if left != b["dbr_sought_reports"]:
        out.append(Violation(
            "screening",
            f"records screened − records excluded = reports sought: {n('records_screened')} − "
            f"{n('records_excluded')} ≠ {n('dbr_sought_reports')}",
            severity="warning", record_ids=_diff(left, b["dbr_sought_reports"])))
    if b["records_excluded_human"] | b["records_excluded_automation"] != b["records_excluded"] \
            or n("records_excluded_human") + n("records_excluded_automation") \
            != n("records_excluded"):
        out.append(Violation(
            "excluded-split",
            f"records excluded by a human + by automation = records excluded: "
            f"{n('records_excluded_human')} + {n('records_excluded_automation')} ≠ "
            f"{n('records_excluded')}",
            record_ids=_diff(b["records_excluded_human"] | b["records_excluded_automation"],
                             b["records_excluded"])))
    for col in ("dbr", "other"):
        out += _column_checks(flow, b, col)
    for kind in ("studies", "reports"):
        prev, new, total = n(f"previous_{kind}"), n(f"new_{kind}"), n(f"total_{kind}")
        if prev + new != total:
            out.append(Violation("totals", f"previous {kind} + new {kind} = total {kind}: "
                                           f"{prev} + {new} ≠ {total}"))
    for scope in ("new", "total"):
        if n(f"{scope}_studies") > n(f"{scope}_reports"):
            out.append(Violation("studies-reports", f"{scope} studies ≤ {scope} reports: "
                                 f"{n(f'{scope}_studies')} > {n(f'{scope}_reports')}"))
    for key, code, severity, text in _PENDING_CHECKS:
        ids = flow.pending[key]
        if ids:
            out.append(Violation(code, f"{len(ids)} {text}", severity, sorted(ids)))
    if flow.unfinished_searches:
        ids = flow.pending["unfinished_search"]
        out.append(Violation(
            "unfinished-search",
            f"{len(ids)} records come from searches that did not finish, and the numbers "
            f"will change when they do: {'; '.join(flow.unfinished_searches.values())}",
            "warning", sorted(ids)))
    unfinished = set().union(*(flow.pending[k] for k in UNFINISHED))
    for v in out:
        # A difference made only of records still awaiting a decision is an unfinished
        # review, not a wrong diagram.
        if v.severity == "error" and v.record_ids and set(v.record_ids) <= unfinished:
            v.severity = "warning"
            v.message += " (screening unfinished)"
    return out


def _column_checks(flow: PrismaFlow, b: dict[str, set[int]], col: str) -> list[Violation]:
    out = []
    sought, gone = b[f"{col}_sought_reports"], b[f"{col}_notretrieved_reports"]
    assessed, excluded = b[f"{col}_assessed"], b[f"{col}_excluded"]
    name = "databases and registers" if col == "dbr" else "other methods"
    if sought - gone != assessed:
        out.append(Violation(
            f"retrieval-{col}",
            f"reports sought − not retrieved = reports assessed ({name}): {len(sought)} − "
            f"{len(gone)} ≠ {len(assessed)}", record_ids=_diff(sought - gone, assessed)))
    included = assessed & b["new_reports"]
    if assessed - excluded != included:
        out.append(Violation(
            f"eligibility-{col}",
            f"reports assessed − reports excluded = reports included ({name}): "
            f"{len(assessed)} − {len(excluded)} ≠ {len(included)}",
            record_ids=_diff(assessed - excluded, included)))
    by_reason = sum(len(ids) for ids in flow.reasons[col].values())
    if by_reason != len(excluded):
        out.append(Violation(f"reasons-{col}", f"Σ exclusion reasons = reports excluded "
                             f"({name}): {by_reason} ≠ {len(excluded)}"))
    return out


#: Pending lists reported on their own: (key, code, severity, text after the count).
_PENDING_CHECKS = (
    ("no_representative", "cluster-representative", "error",
     "records are in duplicate clusters whose representative is missing or not a member; "
     "run 'litsearch dedup' again"),
    ("unknown_status", "unknown-status", "error",
     "records have a screening status this report does not know"),
    ("changed_since_freeze", "changed-since-freeze", "warning",
     "records of the frozen version were included or excluded differently after the freeze; "
     "this version counts neither outcome (see --explain changed_since_freeze)"),
    ("not_deduplicated", "not-deduplicated", "warning",
     "records have not been deduplicated yet, so the duplicates box may be too small; "
     "run 'litsearch dedup'"),
)
