"""Where screening stands, for ``litsearch status``."""

from __future__ import annotations

from typing import Any

from ..store import Store

#: The latest decision per (record, stage, reviewer), ignoring notes. An 'undo' event
#: leaves the record undecided for that reviewer.
LATEST_SQL = """
    SELECT d.record_id, d.stage, d.reviewer, d.decision
    FROM decisions d
    JOIN (SELECT record_id, stage, reviewer, MAX(id) AS id FROM decisions
          WHERE decision != 'note' GROUP BY record_id, stage, reviewer) last ON last.id = d.id
"""


def screening_units(store: Store) -> list[int]:
    """Return the record ids that are screened: cluster representatives once dedup has run."""
    rows = store.execute(
        "SELECT representative_id FROM clusters WHERE representative_id IS NOT NULL").fetchall()
    return [r[0] for r in rows]


def screening_status(store: Store) -> dict[str, Any]:
    """Count records decided and awaiting at each stage, and decisions per reviewer."""
    units = set(screening_units(store))
    latest: dict[str, dict[int, set[str]]] = {"auto": {}, "title-abstract": {}, "full-text": {}}
    per_reviewer: dict[str, dict[str, int]] = {}
    for record_id, stage, reviewer, decision in store.execute(LATEST_SQL):
        if decision == "undo":
            continue
        latest[stage].setdefault(record_id, set()).add(decision)
        if stage != "auto":
            per_reviewer.setdefault(reviewer, {}).setdefault(stage, 0)
            per_reviewer[reviewer][stage] += 1
    auto_excluded = {r for r, d in latest["auto"].items() if "exclude" in d}
    ta_pool = units - auto_excluded
    ta = latest["title-abstract"]
    ta_included = {r for r in ta_pool if ta.get(r) and ta[r] <= {"include", "maybe"}}
    ft = latest["full-text"]

    def _stage(pool: set[int], decided: dict[int, set[str]]) -> dict[str, int]:
        counts = {"pool": len(pool), "awaiting": 0, "include": 0, "exclude": 0, "maybe": 0,
                  "not-retrieved": 0, "conflicts": 0}
        for r in pool:
            got = decided.get(r)
            if not got:
                counts["awaiting"] += 1
            elif len(got) > 1:
                counts["conflicts"] += 1
            else:
                counts[next(iter(got))] += 1
        return counts

    return {
        "auto_excluded": len(auto_excluded & units),
        "title-abstract": _stage(ta_pool, ta),
        "full-text": _stage(ta_included, ft),
        "decisions_by_reviewer": per_reviewer,
    }


def record_statuses(store: Store) -> dict[int, str]:
    """Return each record's screening status for exports and ``--included``.

    Values: ``unscreened``, ``duplicate`` (a copy whose cluster representative is
    screened), ``excluded-auto``, ``excluded-title-abstract``, ``maybe``,
    ``included-title-abstract``, ``excluded-full-text``, ``not-retrieved``,
    ``included``, and ``conflict`` where reviewers disagree at the latest stage.
    Records not yet deduplicated are their own screening unit.
    """
    latest: dict[tuple[int, str], set[str]] = {}
    for record_id, stage, _reviewer, decision in store.execute(LATEST_SQL):
        if decision != "undo":
            latest.setdefault((record_id, stage), set()).add(decision)
    rep_of = dict(store.execute(
        "SELECT m.record_id, c.representative_id FROM cluster_members m "
        "JOIN clusters c ON c.id = m.cluster_id").fetchall())
    out: dict[int, str] = {}
    for (record_id,) in store.execute("SELECT id FROM records"):
        unit = rep_of.get(record_id, record_id)
        if unit != record_id:
            out[record_id] = "duplicate"
            continue
        out[record_id] = _unit_status(latest, unit)
    return out


def _unit_status(latest: dict[tuple[int, str], set[str]], unit: int) -> str:
    for stage, prefix in (("full-text", "full-text"), ("title-abstract", "title-abstract")):
        got = latest.get((unit, stage))
        if not got:
            continue
        if len(got) > 1:
            return "conflict"
        decision = next(iter(got))
        if decision == "include":
            return "included" if stage == "full-text" else "included-title-abstract"
        if decision == "exclude":
            return f"excluded-{prefix}"
        return decision
    if "exclude" in latest.get((unit, "auto"), set()):
        return "excluded-auto"
    return "unscreened"
