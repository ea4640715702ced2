"""The searches, deduplication and screening sections of the HTML report, as plain data.

Each function reads the store through the functions the other reports use (search
grouping, the dedup report rows, screening status, agreement, conflicts) and returns
dicts and lists the template lays out; nothing here formats HTML.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from typing import Any

from ..dedup.report import report_rows
from ..errors import LitsearchError
from ..screening.agreement import agreement
from ..screening.conflicts import list_conflicts
from ..screening.state import Vote, outcome, plain_rows, unit_map
from ..screening.status import screening_status
from ..store import Store, get_record
from .decisions import exclusion_reason
from .dedup_history import configurations, manual_summary
from .labels import database_label
from .searches import group_searches, state_note

#: Fields compared for a pair a person decided ("the fields that differed").
COMPARED_FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "start_page",
                   "doi", "pmid", "language")


def searches_section(store: Store) -> list[dict[str, Any]]:
    """Return one entry per search run: database, platform, date, string, limits, counts, files."""
    files: dict[int, list[dict[str, Any]]] = {}
    for run_id, name, sha, fmt, read, imported in store.execute(
            "SELECT search_run_id, name, sha256, format, records_read, records_imported "
            "FROM source_files ORDER BY id"):
        files.setdefault(run_id, []).append({"name": name, "sha256": sha, "format": fmt,
                                             "read": read, "imported": imported})
    out = []
    for search in group_searches(store):
        for run in search.runs:
            rid = run.id or 0
            new = store.execute("SELECT COUNT(*) FROM run_records WHERE search_run_id = ? "
                                "AND is_new = 1", (rid,)).fetchone()[0]
            out.append({
                "id": rid, "database": database_label(run.database),
                "platform": run.platform or "", "method": run.method, "kind": run.kind,
                "date": run.searched_on or "",
                "started": run.started_at or "", "query": run.query or "",
                "query_source": run.query_source or "", "translation": run.translation or "",
                "limits": run.limits or {}, "messages": run.messages or [],
                "reported": run.reported_count, "stored": search.stored.get(rid, 0),
                "new": new, "status": run.status, "note": state_note(run, search).strip(" ()"),
                "files": files.get(rid, []),
            })
    return out


def _pair_counts(store: Store) -> tuple[dict[str, list[int]], list[list[Any]]]:
    """Return per database [records, alone, shared, not deduplicated], and clusters per pair.

    A record is *alone* when its cluster holds no record of another database, *shared*
    when it does; a record not yet deduplicated is neither.
    """
    rows = plain_rows(store, "SELECT r.database, m.cluster_id FROM records r "
                             "LEFT JOIN cluster_members m ON m.record_id = r.id")
    per_cluster: dict[int, set[str]] = {}
    for database, cluster in rows:
        if cluster is not None:
            per_cluster.setdefault(cluster, set()).add(database_label(database))
    counts: dict[str, list[int]] = {}
    for database, cluster in rows:
        row = counts.setdefault(database_label(database), [0, 0, 0, 0])
        row[0] += 1
        row[3 if cluster is None else 1 if len(per_cluster[cluster]) == 1 else 2] += 1
    pairs: Counter[tuple[str, str]] = Counter()
    for dbs in per_cluster.values():
        pairs.update(combinations(sorted(dbs), 2))
    return dict(sorted(counts.items())), [[a, b, n] for (a, b), n in sorted(pairs.items())]


def _differences(store: Store, a: int, b: int) -> list[str]:
    ra, rb = get_record(store, a), get_record(store, b)
    if ra is None or rb is None:
        return []
    out = []
    for name in COMPARED_FIELDS:
        va, vb = getattr(ra, name), getattr(rb, name)
        if name == "authors":
            va, vb = [x.display() for x in va], [x.display() for x in vb]
        if (va or None) != (vb or None):
            out.append(name)
    return out


def dedup_section(store: Store) -> dict[str, Any]:
    """Return dedup runs, counts per database pair, merged pairs by rule and manual pairs."""
    per_database, pair_rows = _pair_counts(store)
    rows = report_rows(store)
    merged = [r for r in rows if r["outcome"] == "merged" and not r["manual_decision"]]
    manual = [r for r in rows if r["manual_decision"]]
    for row in manual:
        row["differs"] = _differences(store, int(row["record_a"]), int(row["record_b"]))
    summary = manual_summary(store)
    return {
        "per_database": per_database, "pairs": pair_rows,
        "by_rule": sorted(Counter(str(r["rule"]) for r in merged).items(),
                          key=lambda kv: (-kv[1], kv[0])),
        "merged": [[r["record_a"], r["record_b"], r["score"], r["rule"]] for r in merged],
        "manual": manual, "splits": len(summary.splits),
        "bulk": sum(k["pairs"] for k in summary.bulk.values()),
        "runs": [{"method": c.method, "version": c.version,
                  "settings": json.dumps(c.settings, sort_keys=True), "count": len(c.runs)}
                 for c in configurations(store)],
        "clusters": store.execute("SELECT COUNT(*) FROM clusters").fetchone()[0],
    }


#: Each reviewer's latest own vote per record and stage, resolutions left out: what a
#: conflict was about, even when one of its reviewers settled it (their resolution is
#: then their latest vote, and :func:`~litsearch.screening.state.latest_votes` keeps only it).
_OWN_VOTES_SQL = """
    SELECT d.id, d.record_id, d.stage, d.reviewer, d.decision, d.reason
    FROM decisions d
    JOIN (SELECT MAX(id) AS id FROM decisions WHERE decision != 'note' AND resolution = 0
          AND stage != 'auto' GROUP BY record_id, stage, reviewer) last ON last.id = d.id
    ORDER BY d.id
"""


def _own_votes(store: Store) -> dict[tuple[str, int], dict[str, list[str]]]:
    """Return ``{(stage, unit): {reviewer: [decision, reason]}}``, resolutions left out."""
    unit_of = unit_map(store)
    out: dict[tuple[str, int], dict[str, list[str]]] = {}
    for _, record_id, stage, reviewer, decision, reason in plain_rows(store, _OWN_VOTES_SQL):
        by_reviewer = out.setdefault((stage, unit_of.get(record_id, record_id)), {})
        if decision == "undo":
            by_reviewer.pop(reviewer, None)
        else:
            by_reviewer[reviewer] = [decision, reason or ""]
    return out


def _settled(votes: dict[int, dict[str, Vote]], stage: str,
             own: dict[tuple[str, int], dict[str, list[str]]]) -> list[dict[str, Any]]:
    """Return units whose conflict a resolution vote settled, with every reviewer's own vote."""
    out = []
    for unit, by_reviewer in sorted(votes.items()):
        resolutions = [v for v in by_reviewer.values() if v.resolution]
        if not resolutions:
            continue
        final = max(resolutions, key=lambda v: v.id)
        out.append({"unit": unit, "stage": stage, "by": final.reviewer,
                    "decision": final.decision, "reason": final.reason or "",
                    "votes": [[r, *v] for r, v in sorted(own.get((stage, unit), {}).items())]})
    return out


def reasons(votes: dict[int, dict[str, Vote]], stage: str,
            required: int = 1) -> list[tuple[str, int]]:
    """Count units excluded at a stage by reason (the reason PRISMA reports), each with
    the ``required`` votes of the screening rules."""
    counts: Counter[str] = Counter()
    for by_reviewer in votes.values():
        if outcome(by_reviewer, stage, required) == "exclude":
            counts[exclusion_reason(by_reviewer.values())] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def screening_section(store: Store, votes: dict[str, dict[int, dict[str, Vote]]],
                      viewer: str | None, blind: bool) -> dict[str, Any]:
    """Return progress per stage, agreement, conflicts and exclusion reasons.

    In a blind page only the viewer's own decision counts are kept: agreement,
    conflicts and reasons all show other reviewers' votes.
    """
    status = screening_status(store)
    by_reviewer = status["decisions_by_reviewer"]
    if blind:
        by_reviewer = {k: v for k, v in by_reviewer.items() if k == viewer}
    out: dict[str, Any] = {
        "auto_excluded": status["auto_excluded"],
        "stages": {stage: status[stage] for stage in ("title-abstract", "full-text")},
        "by_reviewer": by_reviewer, "agreement": [], "conflicts": [], "settled": [],
        "reasons": {},
    }
    if blind:
        out["stages"] = {}
        return out
    out["agreement"] = [{"stage": a.stage, "a": a.reviewer_a, "b": a.reviewer_b, "n": a.n,
                         "percent": a.percent, "kappa": a.kappa, "pabak": a.pabak,
                         "band": a.band} for a in agreement(store)]
    own = _own_votes(store)
    for stage in ("title-abstract", "full-text"):
        try:
            conflicts = list_conflicts(store, stage)
        except LitsearchError:  # not deduplicated yet: no conflicts to list by unit
            conflicts = []
        out["conflicts"] += [{"unit": c.record_id, "stage": stage, "title": c.title,
                              "votes": [[r, d, why or ""] for r, (d, why) in c.votes.items()]}
                             for c in conflicts]
        out["settled"] += _settled(votes.get(stage, {}), stage, own)
        out["reasons"][stage] = reasons(votes.get(stage, {}), stage, status[stage][
            "votes_required"])
    return out


def progress_by_day(store: Store, viewer: str | None, blind: bool) -> dict[str, list[list]]:
    """Return ``{stage: [[day, decisions that day], ...]}`` for the human stages."""
    out: dict[str, list[list]] = {}
    for day, stage, reviewer, n in plain_rows(
            store, "SELECT substr(decided_at, 1, 10), stage, reviewer, COUNT(*) FROM decisions "
                   "WHERE stage != 'auto' AND decision NOT IN ('note', 'undo') "
                   "GROUP BY 1, 2, 3 ORDER BY 1"):
        if blind and reviewer != viewer:
            continue
        days = out.setdefault(stage, [])
        if days and days[-1][0] == day:
            days[-1][1] += n
        else:
            days.append([day, n])
    return out
