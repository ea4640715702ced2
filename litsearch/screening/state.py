"""Where each screening unit stands: the latest vote per reviewer and the stage outcome.

Decisions are append-only events; this module folds them into current state.
A decision made on any member of a duplicate cluster counts for the cluster's
representative, so re-running dedup (which may pick another representative)
loses no decision. The fold follows the team's rules (:mod:`.policy`): a record
with fewer votes than its stage needs is :data:`AWAITING` (a second reviewer),
neither included nor excluded, and does not reach the next stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ScreeningError
from ..store import Store
from .policy import ScreeningPolicy, store_policy

#: The reviewer name that rule criteria decisions (`screen --auto`) are stored under.
RULES_REVIEWER = "litsearch-rules"

#: Reviewer names that mean "an automation tool decided": such a reviewer does not
#: screen in the sense of the vote rules, and its decision needs no second vote.
#: The footnote of PRISMA's "Records excluded" box asks for exclusions by a human
#: and by automation separately; decisions by any other name count as human.
AUTOMATION_NAMES = frozenset({
    "auto", "automation", "rules", "rule", "criteria", "model", "classifier", "asreview",
    "active-learning", "stopping-rule", "llm", "litsearch", RULES_REVIEWER,
})

#: The outcome of a record with fewer independent votes than its stage needs.
AWAITING = "awaiting-second"

#: Decisions that agree with each other count as one side: a 'maybe' goes on to full
#: text like an 'include', so 'include' vs 'maybe' is agreement (as Covidence counts it).
SIDE = {"include": "yes", "maybe": "yes", "exclude": "no", "not-retrieved": "not-retrieved"}

_LATEST_DETAIL_SQL = """
    SELECT d.id, d.record_id, d.stage, d.reviewer, d.decision, d.reason, d.resolution,
           COALESCE(c.representative_id, d.record_id)
    FROM decisions d
    JOIN (SELECT MAX(id) AS id FROM decisions
          WHERE decision != 'note' {where} GROUP BY record_id, stage, reviewer) last
      ON last.id = d.id
    LEFT JOIN cluster_members m ON m.record_id = d.record_id
    LEFT JOIN clusters c ON c.id = m.cluster_id
"""


@dataclass(frozen=True)
class Vote:
    """One reviewer's current decision on a unit at a stage.

    Attributes:
        id: The decision event id.
        record_id: The record the event was made on.
        decision: include, exclude, maybe or not-retrieved.
        reason: The exclusion reason label (or rule id for 'auto').
        resolution: True when this vote resolves a conflict.
    """

    id: int
    record_id: int
    stage: str
    reviewer: str
    decision: str
    reason: str | None
    resolution: bool


def is_automation(reviewer: str | None) -> bool:
    """Tell whether a decision was made by an automation tool, from its reviewer name."""
    value = (reviewer or "").strip().lower()
    return value in AUTOMATION_NAMES or value.startswith(("auto:", "auto-", "model:"))


def plain_rows(store: Store, sql: str, params: tuple = ()) -> list[tuple]:
    """Run a query returning plain tuples (much faster than sqlite3.Row for bulk reads)."""
    cursor = store.db.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def unit_map(store: Store) -> dict[int, int]:
    """Return ``{record_id: representative_id}`` for every deduplicated record."""
    return dict(plain_rows(
        store, "SELECT m.record_id, c.representative_id FROM cluster_members m "
        "JOIN clusters c ON c.id = m.cluster_id WHERE c.representative_id IS NOT NULL"))


def unit_for(store: Store, record_id: int) -> int:
    """Return the screening unit (cluster representative) of one record."""
    row = store.execute(
        "SELECT c.representative_id FROM cluster_members m JOIN clusters c "
        "ON c.id = m.cluster_id WHERE m.record_id = ?", (record_id,)).fetchone()
    return int(row[0]) if row and row[0] is not None else record_id


def latest_votes(store: Store, stage: str | None = None,
                 unit_of: dict[int, int] | None = None) -> dict[int, dict[str, Vote]]:
    """Return ``{unit: {reviewer: vote}}`` at one stage (undone votes left out).

    Args:
        store: The review database.
        stage: The stage; None is not allowed for folding, pass each stage in turn.
        unit_of: A precomputed :func:`unit_map`; without one the database maps
            records to units itself.
    """
    where, params = ("AND stage = ?", (stage,)) if stage else ("", ())
    out: dict[int, dict[str, Vote]] = {}
    for row in plain_rows(store, _LATEST_DETAIL_SQL.format(where=where), params):
        if row[4] == "undo":
            continue
        vote = Vote(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))
        unit = row[7] if unit_of is None else unit_of.get(vote.record_id, vote.record_id)
        votes = out.setdefault(unit, {})
        old = votes.get(vote.reviewer)
        if old is None or old.id < vote.id:
            votes[vote.reviewer] = vote
    return out


def screeners(votes: dict[int, dict[str, Vote]]) -> set[str]:
    """Return who screens at a stage: reviewers (not automation tools) holding a current
    decision there other than a conflict resolution."""
    return {who for unit_votes in votes.values() for who, v in unit_votes.items()
            if not v.resolution and not is_automation(who)}


def required_votes(policy: ScreeningPolicy, stage: str,
                   votes: dict[int, dict[str, Vote]]) -> int:
    """Return the independent votes a record needs at ``stage``, given all its votes."""
    return policy.required(stage, len(screeners(votes)))


def outcome(votes: dict[str, Vote], stage: str, required: int = 1) -> str | None:
    """Fold reviewers' votes into the unit's outcome at a stage.

    Args:
        votes: ``{reviewer: vote}`` on the unit.
        stage: The stage.
        required: Independent votes the stage needs (:func:`required_votes`).

    Returns:
        None (no votes), 'conflict' (the votes disagree), :data:`AWAITING` (the votes
        agree but are fewer than ``required``; a unit only automation tools decided
        needs no second vote), or the agreed decision: 'include' when all include,
        'maybe' when include and maybe are mixed, else the shared decision. The latest
        resolution vote, where there is one, decides (at ``auto``, a reviewer's
        override of a rule, only while no newer rule exclusion follows it).
    """
    if not votes:
        return None
    if stage == "auto":
        # A reviewer's override of a rule holds until a rule excludes the record anew.
        if max(votes.values(), key=lambda v: v.id).resolution:
            return max(votes.values(), key=lambda v: v.id).decision
        votes = {who: v for who, v in votes.items() if not v.resolution}
    resolutions = [v for v in votes.values() if v.resolution]
    if resolutions:
        return max(resolutions, key=lambda v: v.id).decision
    decisions = {v.decision for v in votes.values()}
    if len({SIDE[d] for d in decisions}) > 1:
        return "conflict"
    if stage == "full-text" and decisions == {"exclude"} and \
            len({(v.reason or "").lower() for v in votes.values()}) > 1:
        return "conflict"
    if len(votes) < required and not all(is_automation(who) for who in votes):
        return AWAITING
    if decisions == {"include", "maybe"}:
        return "maybe"
    return next(iter(decisions))


def stage_outcomes(store: Store, stage: str, unit_of: dict[int, int] | None = None,
                   policy: ScreeningPolicy | None = None) -> dict[int, str]:
    """Return ``{unit: outcome}`` for every unit with at least one vote at ``stage``.

    ``policy`` defaults to the review's rules (:func:`~.policy.store_policy`).
    """
    votes = latest_votes(store, stage, unit_of)
    required = required_votes(policy or store_policy(store), stage, votes)
    return {unit: result for unit, v in votes.items() if (result := outcome(v, stage, required))}


def stage_pool(store: Store, stage: str, units: list[int],
               unit_of: dict[int, int] | None = None,
               policy: ScreeningPolicy | None = None) -> list[int]:
    """Return the units that reach ``stage``, in ``units`` order.

    Title/abstract screening sees every unit not excluded by the rule criteria;
    full text sees the units included (or maybe) at title/abstract, with every vote
    the rules require (a unit awaiting a second reviewer stays behind).
    """
    if stage == "title-abstract":
        auto = stage_outcomes(store, "auto", unit_of, policy)
        return [u for u in units if auto.get(u) != "exclude"]
    if stage == "full-text":
        ta = stage_outcomes(store, "title-abstract", unit_of, policy)
        return [u for u in units if ta.get(u) in ("include", "maybe")]
    return list(units)


def check_in_pool(store: Store, unit: int, stage: str) -> None:
    """Fail unless a unit reaches ``stage`` (so a decision on it counts).

    Raises:
        ScreeningError: The rule criteria excluded it (title/abstract), or it was not
            included at title/abstract (full text).
    """
    if stage_pool(store, stage, [unit]):
        return
    if stage == "full-text":
        if stage_outcomes(store, "title-abstract").get(unit) == AWAITING:
            raise ScreeningError(f"record {unit} awaits a second reviewer at title-abstract "
                                 "(the screening rules in review.toml need two votes), so it "
                                 "has no full-text assessment yet.",
                                 f"A second reviewer decides it first: litsearch screen "
                                 f"decide {unit} --include --reviewer NAME.")
        raise ScreeningError(f"record {unit} has not been included at title-abstract, so it "
                             "has no full-text assessment.",
                             f"Include it first: litsearch screen decide {unit} --include.")
    vote = latest_votes(store, "auto").get(unit, {}).get(RULES_REVIEWER)
    rule = f" ('{vote.reason}')" if vote else ""
    raise ScreeningError(f"record {unit} was excluded by a rule criterion{rule} and is not "
                         "screened by hand.",
                         f"To screen it anyway: litsearch screen decide {unit} --include "
                         "--override-rule --reason \"why the rule is wrong here\"; or change "
                         "[rules] in screening/criteria.toml and run 'litsearch screen --auto'.")
