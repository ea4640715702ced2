"""One call per screening command: what ``litsearch screen …`` does, given a Project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ScreeningError
from ..project import Project
from ..store import Store
from ..store.records import now
from .blind import hidden_stages
from .conflicts import resolve_conflict
from .criteria import load_criteria
from .decisions import add_note, check_decision, check_stage, new_client_id, record_decision
from .identity import require_arbiter, reviewer_for
from .imports import ImportResult, import_decisions
from .lookup import resolve_record
from .override import override_rule
from .policy import store_policy
from .roster import require_on_team
from .rules import AutoResult, apply_rules
from .state import AWAITING, check_in_pool, latest_votes, outcome, required_votes
from .status import AUTO_RUN_KEY


@dataclass(frozen=True)
class Decided:
    """A decision made from the command line."""

    record_id: int
    event_id: int
    stage: str
    reviewer: str
    decision: str
    reason: str | None
    #: Where the record stands after it ("awaiting second reviewer (1 of 2 votes)"); ""
    #: while blind screening hides it (it would tell the other reviewers' votes).
    standing: str = ""


def one_decision(include: bool, exclude: str | None, maybe: bool,
                 not_retrieved: bool) -> tuple[str, str | None]:
    """Turn the decision flags into (decision, reason).

    Raises:
        ScreeningError: None or several of the flags were given.
    """
    chosen = [name for name, on in (("include", include), ("exclude", exclude is not None),
                                    ("maybe", maybe), ("not-retrieved", not_retrieved)) if on]
    if len(chosen) != 1:
        raise ScreeningError("give exactly one of --include, --exclude REASON, --maybe, "
                             "--not-retrieved" + (f" (got {', '.join(chosen)})." if chosen
                                                  else "."),
                             'For example: --exclude "wrong population".')
    return chosen[0], (exclude or None) if chosen[0] == "exclude" else None


def decide(project: Project, ref: str, decision: str, reason: str | None,
           reviewer: str | None, stage: str, note: str | None = None,
           override: str | None = None, client_id: str | None = None) -> Decided:
    """Validate and record one decision (and its note) on a record.

    Args:
        override: Overrule the rule criterion that excluded the record, for this
            reason, before deciding (title/abstract only). The override and the
            decision are written together or not at all.
        client_id: The decision's client id (default: a new one), so a retry writes it
            once.

    Raises:
        ScreeningError: Unknown record, reviewer, stage or reason; invalid decision;
            a record a rule excluded (without ``override``); an override of a record no
            rule excluded, or without a reason.
    """
    client_id = client_id or new_client_id()  # made when the command is given
    check_stage(stage)
    criteria = load_criteria(project.criteria_path)
    who = reviewer_for(project.store, project.reviewers, reviewer)
    require_on_team(project.store)
    label = check_decision(criteria, stage, decision, reason)
    unit = resolve_record(project.store, ref)
    if override is not None and stage != "title-abstract":
        raise ScreeningError("--override-rule goes with --stage title-abstract: rules "
                             "exclude records before title/abstract screening.",
                             "Leave out --stage, or --override-rule.")
    with project.store.transaction():
        if override is not None:
            override_rule(project.store, unit, who, override, source="cli")
        check_in_pool(project.store, unit, stage)
        event = record_decision(project.store, unit, stage, who, decision, reason=label,
                                note=note, source="cli", client_id=client_id)
    return Decided(unit, event, stage, who, decision, label, standing(project.store, unit, stage))


def standing(store: Store, unit: int, stage: str) -> str:
    """Say where ``unit`` stands at ``stage`` ("" while blind screening hides it)."""
    if stage in hidden_stages(store):
        return ""
    votes = latest_votes(store, stage)
    required = required_votes(store_policy(store), stage, votes)
    mine = votes.get(unit, {})
    got = outcome(mine, stage, required)
    if got == AWAITING:
        return f"awaiting second reviewer ({len(mine)} of {required} votes)"
    if got == "conflict":
        return f"in conflict (litsearch screen conflicts --stage {stage})"
    return f"{got} at {stage}" + (f" ({len(mine)} of {required} votes)" if required > 1 else "")


def resolve(project: Project, ref: str, decision: str, reason: str | None,
            reviewer: str | None, stage: str, note: str | None = None) -> Decided:
    """Resolve a conflict on a record with a decision marked as resolution.

    Raises:
        ScreeningError: As :func:`decide`; on a team review also a role that is not a lead.
    """
    check_stage(stage)
    criteria = load_criteria(project.criteria_path)
    who = reviewer_for(project.store, project.reviewers, reviewer)
    require_on_team(project.store)
    require_arbiter(project.store)
    unit = resolve_record(project.store, ref)
    label = check_decision(criteria, stage, decision, reason)
    event = resolve_conflict(project.store, criteria, unit, stage, decision, label, who,
                             note=note)
    return Decided(unit, event, stage, who, decision, label)


def auto_screen(project: Project, progress=None) -> AutoResult:
    """Apply the review's rule criteria and note that they ran (for ``status``)."""
    result = apply_rules(project.store, load_criteria(project.criteria_path), progress)
    with project.store.transaction():
        project.store.set_meta(AUTO_RUN_KEY, now())
    return result


def import_file(project: Project, path: Path, stage: str, reviewer: str | None,
                **options: Any) -> ImportResult:
    """Import decisions from a CSV file (see :func:`import_decisions` for ``options``)."""
    check_stage(stage)
    criteria = load_criteria(project.criteria_path)
    require_on_team(project.store)
    return import_decisions(project.store, criteria, path, project.reviewers, stage, reviewer,
                            **options)


def note(project: Project, ref: str, text: str, reviewer: str | None, stage: str) -> int:
    """Attach a note to a record."""
    check_stage(stage)
    who = reviewer_for(project.store, project.reviewers, reviewer)
    require_on_team(project.store)
    return add_note(project.store, resolve_record(project.store, ref), stage, who, text)
