"""Compute the PRISMA 2020 flow from the store, every box with the records behind it.

How the boxes are counted (the keys are the PRISMA2020 R package's data keys):

- A record belongs to the column of the search run that first added it
  (``records.search_run_id``, the run whose ``run_records`` link has ``is_new = 1``):
  methods ``database``/``register`` form the databases-and-registers column, the
  others (citation, website, organisation, other) the other-methods column. A refresh
  that finds a record again only links it, so nothing is counted twice.
- Records of a search that did not finish are counted like any other, under the
  source name "PubMed (search unfinished)", and listed as ``unfinished_search``
  (a warning, and no freeze without --force): see identify.py.
- Updated review (a version was frozen): only what the searches after the freeze
  returned is identified: records added after the watermark, and records of the
  previous version that a later run found again (``run_records.is_new = 0``), each once.
  The latter were screened before, so they are removed as duplicates.
- Screening units are duplicate clusters (represented by their representative
  record); a record not yet deduplicated is its own unit. A cluster holding any
  database record is screened in the databases column; a cluster of other-method
  records only, in the other-methods column.
- ``duplicates``: database/register records that are not their cluster's screening
  unit (deduplicated records minus clusters), plus records that duplicate a record of
  a frozen earlier version (including that record itself, when found again).
- ``excluded_automatic``: units whose latest ``auto``-stage decision is ``exclude``;
  ``excluded_other``: the same, when every excluding decision was made by one of the
  review's named reviewers (a person removed it before screening). Default 0.
- ``records_excluded``: title/abstract exclusions, split into those by automation
  tools (reviewer in :data:`~litsearch.report.labels.AUTOMATION_NAMES`)
  and by a human.
- ``*_sought_reports``: units that passed title/abstract screening (include or
  maybe); ``*_notretrieved_reports``: full-text decision ``not-retrieved``;
  ``*_assessed``: units with a full-text include, exclude, maybe or conflict;
  ``*_excluded``: full-text exclusions per reason.
- ``new_studies`` = ``new_reports``: included units (litsearch does not link several
  reports to one study, so each included report counts as a study).
- A unit with fewer votes than the screening rules require (review.toml
  ``[screening] votes``; two once two reviewers screen) awaits a second reviewer:
  ``second_title_abstract`` (screened, neither excluded nor sought) or
  ``second_full_text`` (assessed, neither excluded nor included).
- Anything unfinished (awaiting a decision, reviewers disagreeing, not yet
  deduplicated) is listed in :attr:`PrismaFlow.pending` and breaks an invariant, so it
  is printed with its records rather than silently counted.

Statuses come from :func:`litsearch.screening.status.record_statuses`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..screening.state import Vote, plain_rows
from ..screening.status import record_statuses
from ..store import Store
from .decisions import excluded_by_automation, exclusion_reason, removed_by_person, stage_votes
from .flow import PrismaFlow
from .identify import identify
from .invariants import check_flow
from .labels import KNOWN_STATUSES, PENDING_LABELS
from .notes import box_notes
from .versions import latest_version

#: Names other modules have imported from here; the flow's data types live in flow.py.
__all__ = ["PENDING_LABELS", "PrismaFlow", "compute_flow"]

_PRIORITY = {"old": 0, "dbr": 1, "other": 2}


def compute_flow(store: Store, reviewers: Iterable[str] = ()) -> PrismaFlow:
    """Compute the PRISMA 2020 flow from the store and check its invariants.

    Args:
        store: The review database.
        reviewers: The review's human reviewers; their auto-stage exclusions count as
            "records removed for other reasons".

    Returns:
        The flow, with ``violations`` filled.
    """
    with _snapshot(store):
        flow = _compute(store, frozenset(reviewers))
        flow.notes = box_notes(store, flow)
        return flow


@contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """Read every table from one consistent state while reviewers keep screening."""
    if store.db.in_transaction:
        yield
        return
    store.execute("BEGIN")  # deferred: a read snapshot in WAL mode, no write lock
    try:
        yield
    finally:
        store.execute("COMMIT")


def _compute(store: Store, people: frozenset[str]) -> PrismaFlow:
    flow = PrismaFlow(previous=latest_version(store))
    flow.max_search_run_id, flow.max_record_id = store.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM search_runs), "
        "(SELECT COALESCE(MAX(id), 0) FROM records)").fetchone()
    category = identify(store, flow, flow.previous)
    statuses = record_statuses(store)
    votes = stage_votes(store)
    frozen = set(flow.previous.study_ids) if flow.previous else set()
    for members, rep in _groups(store, category, flow):
        column = min((category[m] for m in members), key=_PRIORITY.__getitem__)
        if column == "old":
            flow.boxes["duplicates"] += [m for m in members if category[m] == "dbr"]
            flow.pending["other_duplicates"] += [m for m in members if category[m] == "other"]
            _check_frozen(flow, members, statuses.get(rep or 0), frozen)
            continue
        own = sorted(m for m in members if category[m] == column)
        keep = rep if rep in own else own[0]
        if column == "dbr":
            flow.boxes["duplicates"] += [m for m in own if m != keep]
        flow.pending["other_duplicates"] += [m for m in members if category[m] == "other"
                                             and (column == "dbr" or m != keep)]
        if rep not in members:
            flow.pending["no_representative"] += sorted(members)
            continue
        status = statuses.get(rep, "unscreened")
        flow.statuses[rep] = flow.statuses[keep] = status
        _place(flow, column, rep, keep, status, votes, people)
    if flow.previous:
        flow.boxes["previous_studies"] = list(flow.previous.study_ids)
        flow.boxes["previous_reports"] = list(flow.previous.report_ids)
    flow.boxes["total_studies"] = flow.boxes["previous_studies"] + flow.boxes["new_studies"]
    flow.boxes["total_reports"] = flow.boxes["previous_reports"] + flow.boxes["new_reports"]
    flow.violations = check_flow(flow)
    return flow


def _check_frozen(flow: PrismaFlow, members: list[int], status: str | None,
                  frozen: set[int]) -> None:
    """Flag a unit of a frozen version whose inclusion changed after the freeze.

    Its new outcome is counted in neither the previous nor the new studies (a freeze
    with --force, or a decision changed later), so the report must say so.
    """
    if (status == "included") != any(m in frozen for m in members):
        flow.pending["changed_since_freeze"] += sorted(members)


def _groups(store: Store, category: dict[int, str],
            flow: PrismaFlow) -> list[tuple[list[int], int | None]]:
    """Return (members, representative) per duplicate cluster; unclustered records alone."""
    clusters: dict[int, tuple[list[int], int | None]] = {}
    clustered: set[int] = set()
    for rid, cid, rep in plain_rows(
            store, "SELECT m.record_id, m.cluster_id, c.representative_id FROM cluster_members m "
                   "JOIN clusters c ON c.id = m.cluster_id ORDER BY m.record_id"):
        clusters.setdefault(cid, ([], rep))[0].append(rid)
        clustered.add(rid)
    groups = list(clusters.values())
    for rid, cat in category.items():
        if rid not in clustered:
            groups.append(([rid], rid))
            if cat != "old":
                flow.pending["not_deduplicated"].append(rid)
    return groups


def _place(flow: PrismaFlow, column: str, unit: int, shown: int, status: str,
           votes: dict[str, dict[int, dict[str, Vote]]], people: frozenset[str]) -> None:
    """Put one screening unit in the boxes of its column.

    ``unit`` (the cluster representative) carries the decisions; ``shown`` is the
    cluster's record of this column, listed in the boxes, so that --explain on a
    databases box lists database records even when dedup chose, say, a citation
    record as the representative.
    """
    box, pending = flow.boxes, flow.pending
    full_text = votes["full-text"].get(unit, {}).values()
    if column == "dbr":
        if status == "excluded-auto":
            removed = removed_by_person(votes["auto"].get(unit, {}).values(), people)
            box["excluded_other" if removed else "excluded_automatic"].append(shown)
            return
        box["records_screened"].append(shown)
        if status not in KNOWN_STATUSES:
            pending["unknown_status"].append(shown)
            return
        if status == "unscreened":
            pending["awaiting_title_abstract"].append(shown)
            return
        if status == "awaiting-second-title-abstract":
            pending["second_title_abstract"].append(shown)
            return
        if status == "excluded-title-abstract":
            box["records_excluded"].append(shown)
            auto = excluded_by_automation(votes["title-abstract"].get(unit, {}).values())
            box["records_excluded_automation" if auto else "records_excluded_human"].append(shown)
            return
    elif status in ("excluded-auto", "excluded-title-abstract"):
        pending["other_excluded_at_screening"].append(shown)
        return
    elif status == "awaiting-second-title-abstract":
        pending["second_title_abstract"].append(shown)
        return
    if status == "conflict" and not full_text:
        pending["conflict_title_abstract"].append(shown)
        return
    prefix = "dbr_" if column == "dbr" else "other_"
    box[prefix + "sought_reports"].append(shown)
    if status in ("unscreened", "included-title-abstract") or (
            status == "maybe" and not full_text):
        pending["awaiting_full_text"].append(shown)
        return
    if status not in KNOWN_STATUSES:
        pending["unknown_status"].append(shown)
        return
    if status == "not-retrieved":
        box[prefix + "notretrieved_reports"].append(shown)
        return
    box[prefix + "assessed"].append(shown)
    if status == "excluded-full-text":
        box[prefix + "excluded"].append(shown)
        flow.reasons[column].setdefault(exclusion_reason(full_text), []).append(shown)
    elif status == "included":
        box["new_studies"].append(shown)
        box["new_reports"].append(shown)
    else:
        pending[{"conflict": "conflict_full_text", "awaiting-second-full-text":
                 "second_full_text"}.get(status, "maybe_full_text")].append(shown)
