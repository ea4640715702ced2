"""The team's progress at a stage, for the screening app's live panel.

Counts only: how many records each reviewer has decided, how many records anyone has,
and the records in conflict. Nobody's votes are in it, so a blind reviewer may see the
counts; the app hides the conflicts from a blind reviewer too (a new conflict on a
record they just decided would tell them the other's vote).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store import Store
from .early_stop import STOPPING_REVIEWER
from .lookup import check_dedup
from .state import latest_votes, outcome


@dataclass(frozen=True)
class TeamProgress:
    """Who has decided how much at one stage.

    Attributes:
        stage: "title-abstract" or "full-text".
        decided: Records with a current decision, per reviewer (resolutions and the
            stopping rule left out), by name.
        reviewed: The units anyone has decided.
        conflicts: The units whose reviewers disagree, unresolved.
    """

    stage: str
    decided: dict[str, int] = field(default_factory=dict)
    reviewed: frozenset[int] = frozenset()
    conflicts: frozenset[int] = frozenset()


def team_progress(store: Store, stage: str) -> TeamProgress:
    """Read the team's progress at ``stage`` (a few queries; run off the app's thread).

    Raises:
        ScreeningError: The review is not deduplicated (as the screening queue).
    """
    check_dedup(store)
    votes = latest_votes(store, stage)
    decided: dict[str, int] = {}
    for by_reviewer in votes.values():
        for reviewer, vote in by_reviewer.items():
            if not vote.resolution and reviewer != STOPPING_REVIEWER:
                decided[reviewer] = decided.get(reviewer, 0) + 1
    # The rule of :func:`~litsearch.screening.conflicts.list_conflicts` on the votes read
    # above: that function reads them again (and every title), which held the app's
    # interpreter for a quarter second every reading at 100,000 records.
    conflicts = frozenset(u for u, v in votes.items() if outcome(v, stage) == "conflict")
    return TeamProgress(stage, dict(sorted(decided.items())), frozenset(votes), conflicts)
