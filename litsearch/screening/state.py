"""Where each screening unit stands: the latest vote per reviewer and the stage outcome.

Decisions are append-only events; this module folds them into current state.
A decision made on any member of a duplicate cluster counts for the cluster's
representative, so re-running dedup (which may pick another representative)
loses no decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store

#: The reviewer name that rule criteria decisions (`screen --auto`) are stored under.
RULES_REVIEWER = "litsearch-rules"

#: Decisions that agree with each other count as one side: a 'maybe' goes on to full
#: text like an 'include', so 'include' vs 'maybe' is agreement (as Covidence counts it).
SIDE = {"include": "yes", "maybe": "yes", "exclude": "no", "not-retrieved": "not-retrieved"}

_LATEST_DETAIL_SQL = """
    SELECT d.id, d.record_id, d.stage, d.reviewer, d.decision, d.reason, d.resolution
    FROM decisions d
    JOIN (SELECT MAX(id) AS id FROM decisions
          WHERE decision != 'note' {where} GROUP BY record_id, stage, reviewer) last
      ON last.id = d.id
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


def unit_map(store: Store) -> dict[int, int]:
    """Return ``{record_id: representative_id}`` for every deduplicated record."""
    return dict(store.execute(
        "SELECT m.record_id, c.representative_id FROM cluster_members m "
        "JOIN clusters c ON c.id = m.cluster_id WHERE c.representative_id IS NOT NULL"
    ).fetchall())


def latest_votes(store: Store, stage: str | None = None,
                 unit_of: dict[int, int] | None = None) -> dict[int, dict[str, Vote]]:
    """Return ``{unit: {reviewer: vote}}`` at one stage (undone votes left out).

    Args:
        store: The review database.
        stage: The stage; None is not allowed for folding, pass each stage in turn.
        unit_of: A precomputed :func:`unit_map` (saves a query when called repeatedly).
    """
    unit_of = unit_map(store) if unit_of is None else unit_of
    where, params = ("AND stage = ?", (stage,)) if stage else ("", ())
    out: dict[int, dict[str, Vote]] = {}
    for row in store.execute(_LATEST_DETAIL_SQL.format(where=where), params):
        if row[4] == "undo":
            continue
        vote = Vote(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))
        unit = unit_of.get(vote.record_id, vote.record_id)
        votes = out.setdefault(unit, {})
        old = votes.get(vote.reviewer)
        if old is None or old.id < vote.id:
            votes[vote.reviewer] = vote
    return out


def outcome(votes: dict[str, Vote], stage: str) -> str | None:
    """Fold reviewers' votes into the unit's outcome at a stage.

    Returns:
        None (no votes), 'conflict', or the agreed decision: 'include' when all
        include, 'maybe' when include and maybe are mixed, else the shared decision.
        The latest resolution vote, where there is one, decides.
    """
    if not votes:
        return None
    resolutions = [v for v in votes.values() if v.resolution]
    if resolutions:
        return max(resolutions, key=lambda v: v.id).decision
    decisions = {v.decision for v in votes.values()}
    if len({SIDE[d] for d in decisions}) > 1:
        return "conflict"
    if stage == "full-text" and decisions == {"exclude"} and \
            len({(v.reason or "").lower() for v in votes.values()}) > 1:
        return "conflict"
    if decisions == {"include", "maybe"}:
        return "maybe"
    return next(iter(decisions))


def stage_outcomes(store: Store, stage: str,
                   unit_of: dict[int, int] | None = None) -> dict[int, str]:
    """Return ``{unit: outcome}`` for every unit with at least one vote at ``stage``."""
    votes = latest_votes(store, stage, unit_of)
    return {unit: result for unit, v in votes.items() if (result := outcome(v, stage))}


def stage_pool(store: Store, stage: str, units: list[int],
               unit_of: dict[int, int] | None = None) -> list[int]:
    """Return the units that reach ``stage``, in ``units`` order.

    Title/abstract screening sees every unit not excluded by the rule criteria;
    full text sees the units included (or maybe) at title/abstract.
    """
    unit_of = unit_map(store) if unit_of is None else unit_of
    if stage == "title-abstract":
        auto = stage_outcomes(store, "auto", unit_of)
        return [u for u in units if auto.get(u) != "exclude"]
    if stage == "full-text":
        ta = stage_outcomes(store, "title-abstract", unit_of)
        return [u for u in units if ta.get(u) in ("include", "maybe")]
    return list(units)
