"""Where screening stands, for ``litsearch status`` and exports."""

from __future__ import annotations

from typing import Any

from ..store import Store
from .policy import store_policy
from .roster import taken_off
from .state import (
    AWAITING,
    latest_votes,
    outcome,
    plain_rows,
    required_votes,
    screeners,
    stage_outcomes,
    unit_map,
)

#: The latest decision per (record, stage, reviewer), ignoring notes. An 'undo' event
#: leaves the record undecided for that reviewer.
LATEST_SQL = """
    SELECT d.record_id, d.stage, d.reviewer, d.decision
    FROM decisions d
    JOIN (SELECT record_id, stage, reviewer, MAX(id) AS id FROM decisions
          WHERE decision != 'note' GROUP BY record_id, stage, reviewer) last ON last.id = d.id
"""

#: Meta key set when ``screen --auto`` last ran, so ``status`` stops suggesting it even
#: when the rules excluded nothing.
AUTO_RUN_KEY = "screening.auto_run_at"


def screening_units(store: Store) -> list[int]:
    """Return the record ids that are screened: cluster representatives once dedup has run."""
    rows = plain_rows(store, "SELECT representative_id FROM clusters "
                             "WHERE representative_id IS NOT NULL")
    return sorted(r[0] for r in rows)


def screening_status(store: Store) -> dict[str, Any]:
    """Count records decided and awaiting at each stage, and decisions per reviewer.

    Returns:
        ``auto_excluded``; for ``title-abstract`` and ``full-text``: ``pool``,
        ``awaiting`` (no decision yet), ``awaiting_second`` (fewer votes than the
        screening rules require: awaiting a second reviewer), ``include``, ``exclude``,
        ``maybe``, ``not-retrieved``, ``conflicts`` (these seven partition the pool),
        ``votes_required``, ``screeners`` (who screens there) and ``second_votes_from``
        (``{screener on the team: awaiting records they have not voted on}``),
        ``off_team`` (screeners taken off the team: their votes count, they give no
        more);
        ``decisions_by_reviewer`` ({reviewer: {stage: n}}).
    """
    policy = store_policy(store)
    units = screening_units(store)
    auto = stage_outcomes(store, "auto", policy=policy)
    per_reviewer: dict[str, dict[str, int]] = {}
    out: dict[str, Any] = {"auto_excluded": sum(1 for u in units if auto.get(u) == "exclude")}
    pool = [u for u in units if auto.get(u) != "exclude"]
    for stage in ("title-abstract", "full-text"):
        votes = latest_votes(store, stage)
        required = required_votes(policy, stage, votes)
        outcomes = {u: o for u, v in votes.items() if (o := outcome(v, stage, required))}
        people = sorted(screeners(votes))
        gone = taken_off(store, people)
        people = [who for who in people if who not in gone]
        counts: dict[str, Any] = {
            "pool": len(pool), "awaiting": 0, "awaiting_second": 0, "include": 0,
            "exclude": 0, "maybe": 0, "not-retrieved": 0, "conflicts": 0}
        missing = dict.fromkeys(people, 0)
        for unit in pool:
            got = outcomes.get(unit)
            key = "awaiting" if got is None else "conflicts" if got == "conflict" else \
                "awaiting_second" if got == AWAITING else got
            counts[key] += 1
            if got == AWAITING:
                for who in people:
                    missing[who] += who not in votes[unit]
        for unit_votes in votes.values():
            for reviewer in unit_votes:
                per_reviewer.setdefault(reviewer, {}).setdefault(stage, 0)
                per_reviewer[reviewer][stage] += 1
        counts.update(votes_required=required, screeners=sorted(people + gone), off_team=gone,
                      second_votes_from={who: n for who, n in missing.items() if n})
        out[stage] = counts
        # Full text sees the units included (or maybe) at title/abstract.
        pool = [u for u in pool if outcomes.get(u) in ("include", "maybe")]
    out["decisions_by_reviewer"] = per_reviewer
    return out


def record_statuses(store: Store) -> dict[int, str]:
    """Return each record's screening status for exports and ``--included``.

    Values: ``unscreened``, ``duplicate`` (a copy whose cluster representative is
    screened), ``excluded-auto``, ``excluded-title-abstract``, ``maybe``,
    ``included-title-abstract``, ``excluded-full-text``, ``not-retrieved``,
    ``included``, ``conflict`` where reviewers disagree at the latest stage, and
    ``awaiting-second-title-abstract`` / ``awaiting-second-full-text`` where a record
    has fewer votes than the screening rules require (a record awaiting its second
    title/abstract vote is that, whatever full-text votes it had before).
    Records not yet deduplicated are their own screening unit.
    """
    unit_of = unit_map(store)
    outcomes = {stage: stage_outcomes(store, stage)
                for stage in ("auto", "title-abstract", "full-text")}
    out: dict[int, str] = {}
    for (record_id,) in store.execute("SELECT id FROM records"):
        unit = unit_of.get(record_id, record_id)
        out[record_id] = "duplicate" if unit != record_id else _unit_status(outcomes, unit)
    return out


def _unit_status(outcomes: dict[str, dict[int, str]], unit: int) -> str:
    if outcomes["title-abstract"].get(unit) == AWAITING:
        return "awaiting-second-title-abstract"
    for stage in ("full-text", "title-abstract"):
        got = outcomes[stage].get(unit)
        if got is None:
            continue
        if got == "include":
            return "included" if stage == "full-text" else "included-title-abstract"
        if got == "exclude":
            return f"excluded-{stage}"
        if got == AWAITING:
            return f"awaiting-second-{stage}"
        return got
    if outcomes["auto"].get(unit) == "exclude":
        return "excluded-auto"
    return "unscreened"
