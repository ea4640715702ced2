"""Disagreements between reviewers, and their resolution as decisions of their own."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ScreeningError
from ..store import Store
from .criteria import Criteria
from .decisions import check_decision, check_stage, record_decision
from .lookup import require_dedup
from .state import latest_votes, outcome


@dataclass(frozen=True)
class Conflict:
    """A unit whose reviewers disagree at a stage.

    Attributes:
        record_id: The screening unit (cluster representative).
        title: Its title, for the listing.
        votes: ``{reviewer: (decision, reason)}``.
    """

    record_id: int
    title: str
    votes: dict[str, tuple[str, str | None]]


def list_conflicts(store: Store, stage: str) -> list[Conflict]:
    """Return every unresolved disagreement at ``stage``, by record id.

    Include and maybe agree; exclude against either disagrees; at full text two
    exclusions for different reasons disagree too.

    Raises:
        ScreeningError: Unknown stage, or records not yet deduplicated.
    """
    check_stage(stage)
    unit_of = require_dedup(store)
    out = []
    for unit, votes in sorted(latest_votes(store, stage, unit_of).items()):
        if outcome(votes, stage) != "conflict":
            continue
        title = store.execute("SELECT title FROM records WHERE id = ?", (unit,)).fetchone()
        out.append(Conflict(unit, (title[0] if title else "") or "",
                            {r: (v.decision, v.reason) for r, v in sorted(votes.items())}))
    return out


def resolve_conflict(store: Store, criteria: Criteria, unit: int, stage: str, decision: str,
                     reason: str | None, reviewer: str, note: str | None = None,
                     source: str = "cli") -> int:
    """Settle a disagreement with a decision event marked ``resolution=1``.

    Raises:
        ScreeningError: The record has no conflict at that stage, or the decision is invalid.
    """
    label = check_decision(criteria, stage, decision, reason)
    votes = latest_votes(store, stage).get(unit, {})
    if outcome(votes, stage) != "conflict":
        raise ScreeningError(f"record {unit} has no conflict at {stage}.",
                             f"List them with 'litsearch screen conflicts --stage {stage}'.")
    return record_decision(store, unit, stage, reviewer, decision, reason=label, note=note,
                           resolution=True, source=source)
