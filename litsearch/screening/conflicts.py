"""Disagreements between reviewers, and their resolution as decisions of their own.

Who may settle them is the team's rule (``[screening] arbiter`` in review.toml); on
PostgreSQL a member of the review's lead role may always settle them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ScreeningError
from ..store import Store
from ..store.team import connected_role, list_members
from .criteria import Criteria
from .decisions import check_decision, check_stage, record_decision
from .lookup import require_dedup
from .policy import ScreeningPolicy, store_policy
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
        ScreeningError: ``reviewer`` is not an arbiter, the record has no conflict at
            that stage, or the decision is invalid.
    """
    check_arbiter(store, store_policy(store), reviewer)
    label = check_decision(criteria, stage, decision, reason)
    votes = latest_votes(store, stage).get(unit, {})
    if outcome(votes, stage) != "conflict":
        raise ScreeningError(f"record {unit} has no conflict at {stage}.",
                             f"List them with 'litsearch screen conflicts --stage {stage}'.")
    return record_decision(store, unit, stage, reviewer, decision, reason=label, note=note,
                           resolution=True, source=source)


def is_lead(store: Store) -> bool:
    """Tell whether the connection is a member of the review's lead role (PostgreSQL)."""
    role = connected_role(store)
    return role is not None and any(m.name == role and m.role == "lead"
                                    for m in list_members(store))


def check_arbiter(store: Store, policy: ScreeningPolicy, reviewer: str) -> None:
    """Refuse a conflict resolution by someone the rules do not name as arbiter.

    Raises:
        ScreeningError: review.toml names arbiters, ``reviewer`` is none of them, and
            (on PostgreSQL) the connected role is not a lead.
    """
    if policy.may_settle(reviewer) or is_lead(store):
        return
    raise ScreeningError(f"{reviewer} may not settle conflicts: review.toml names the "
                         f"arbiter{'s' if len(policy.arbiters) > 1 else ''} "
                         f"({', '.join(policy.arbiters)}) under [screening].",
                         f"Ask {' or '.join(policy.arbiters)} to resolve it, or change "
                         "arbiter in review.toml.")
