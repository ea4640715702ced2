"""Review versions for updated reviews: freeze what a version included, then count anew.

``litsearch prisma --freeze`` appends one entry to the ``prisma_versions`` list in the
meta table: the studies and reports the version included and a watermark (the highest
search run id and record id at that moment). From then on the PRISMA flow counts only
records added after the watermark in its "new studies" columns, fills the previous
studies box from the frozen entry, and reports total = previous + new (PRISMA 2020
templates v3 and v4).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from ..errors import ReportError
from ..store import Store, now
from .flow import PrismaFlow, Version
from .labels import UNFINISHED

#: The meta table key holding the JSON list of frozen versions.
META_KEY = "prisma_versions"


def load_versions(store: Store) -> list[Version]:
    """Return the frozen versions, oldest first.

    Raises:
        ReportError: The meta entry is not the JSON list litsearch writes.
    """
    raw = store.get_meta(META_KEY)
    if not raw:
        return []
    try:
        items = json.loads(raw)
        return [Version(**item) for item in items]
    except (ValueError, TypeError) as exc:
        raise ReportError(f"the meta entry '{META_KEY}' is not a list of versions: {exc}",
                          "Restore the review database from a backup.") from exc


def latest_version(store: Store) -> Version | None:
    """Return the most recent frozen version, or None for a new review."""
    versions = load_versions(store)
    return versions[-1] if versions else None


def freeze_version(store: Store, flow: PrismaFlow, label: str = "",
                   force: bool = False) -> Version:
    """Record the current flow's included studies and the watermark as a new version.

    Args:
        store: The review database.
        flow: The flow just computed from ``store``.
        label: A note kept with the version.
        force: Freeze even though a search or screening is unfinished or conflicts
            are unresolved.

    Raises:
        ReportError: A search did not finish, or screening is unfinished (records
            await a decision or reviewers disagree), and ``force`` is not set.
    """
    if flow.unfinished_searches and not force:
        raise ReportError("cannot freeze: a search did not finish ("
                          + "; ".join(flow.unfinished_searches.values()) + ").",
                          "Finish the search first, or freeze anyway with --force.")
    waiting = sum(len(ids) for key, ids in flow.pending.items() if key in UNFINISHED)
    if waiting and not force:
        raise ReportError(f"cannot freeze: {waiting} records still await a decision or have "
                          "unresolved conflicts (see 'litsearch prisma').",
                          "Finish screening, or freeze anyway with --force.")
    with store.transaction():
        versions = load_versions(store)
        based_on = flow.previous.number if flow.previous else 0
        if (versions[-1].number if versions else 0) != based_on:
            raise ReportError("cannot freeze: a newer version was frozen after this flow was "
                              "computed.", "Run 'litsearch prisma --freeze' again.")
        # The watermark is the flow's own snapshot, so a record imported while the flow
        # was being computed counts as new in the next version, never as nowhere.
        version = Version(
            number=len(versions) + 1, frozen_at=now(),
            max_search_run_id=flow.max_search_run_id, max_record_id=flow.max_record_id,
            study_ids=sorted(flow.boxes["total_studies"]),
            report_ids=sorted(flow.boxes["total_reports"]), label=label)
        store.set_meta(META_KEY, json.dumps([asdict(v) for v in [*versions, version]]))
    return version

