"""The latest screening votes per unit and stage, with what PRISMA needs from them.

The screening stage owns how decisions fold into state
(:mod:`litsearch.screening.state`: a decision on any member of a duplicate cluster
counts for its representative; a resolution vote decides a conflict). This module
reads those votes and only adds the reporting questions: which reason a full-text
exclusion is reported under, and whether an exclusion was made by a person or by
an automation tool.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..screening.state import RULES_REVIEWER, Vote, latest_votes, unit_map
from ..store import Store
from .labels import NO_REASON, is_automation

#: Stages whose votes the flow reads.
STAGES = ("auto", "title-abstract", "full-text")


def stage_votes(store: Store) -> dict[str, dict[int, dict[str, Vote]]]:
    """Return ``{stage: {unit: {reviewer: vote}}}`` for every stage, undone votes left out."""
    unit_of = unit_map(store)
    return {stage: latest_votes(store, stage, unit_of) for stage in STAGES}


def _excludes(votes: Iterable[Vote]) -> list[Vote]:
    return [v for v in votes if v.decision == "exclude"]


def exclusion_reason(votes: Iterable[Vote]) -> str:
    """Return the reason of a full-text exclusion: a resolution's, else the latest one's."""
    excludes = sorted(_excludes(votes), key=lambda v: (v.resolution, v.id), reverse=True)
    for vote in excludes:
        text = (vote.reason or "").strip()
        if text:
            return text[:1].upper() + text[1:]
    return NO_REASON


def excluded_by_automation(votes: Iterable[Vote]) -> bool:
    """Tell whether every excluding vote on a unit came from an automation tool."""
    excludes = _excludes(votes)
    return bool(excludes) and all(is_automation(v.reviewer) for v in excludes)


def removed_by_person(votes: Iterable[Vote], reviewers: frozenset[str]) -> bool:
    """Tell whether a before-screening exclusion was made by one of the review's reviewers."""
    excludes = _excludes(votes)
    return bool(excludes) and all(v.reviewer in reviewers for v in excludes)


def rule_details(store: Store) -> dict[int, str]:
    """Return ``{record id: "rule: what it saw"}`` for every unit a rule excluded.

    Every member of the unit's duplicate cluster is keyed too, so the detail is found
    whichever record a box lists. The text is the rule's decision event: its rule id
    and the value it fired on ("language: language field 'de' names none of en").
    """
    unit_of = unit_map(store)
    members: dict[int, list[int]] = {}
    for record_id, unit in unit_of.items():
        members.setdefault(unit, []).append(record_id)
    out: dict[int, str] = {}
    for unit, votes in latest_votes(store, "auto", unit_of).items():
        excludes = [v for v in votes.values() if v.decision == "exclude"]
        if not excludes:
            continue
        latest = max(excludes, key=lambda v: v.id)
        note = store.execute("SELECT note FROM decisions WHERE id = ?", (latest.id,)).fetchone()
        text = f"{latest.reason or 'rule'}: {(note[0] if note else '') or 'no detail recorded'}"
        if latest.reviewer != RULES_REVIEWER:
            text = f"{text} (by {latest.reviewer})"
        for record_id in members.get(unit, [unit]):
            out[record_id] = text
    return out
