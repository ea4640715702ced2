"""Every record of the review as the HTML report ships it: a search index and detail chunks.

The page holds 100,000 records, so records travel as compact JSON arrays: one *index*
row per record (what the search box and the filters read) and *detail* rows in chunks
that the page parses only when a record is opened. Strings that repeat (databases,
statuses, stages, reviewers, decisions, reasons) are stored once in lookup tables and
referred to by position.

Votes follow the screening stage's own folding (:func:`~litsearch.report.decisions.stage_votes`:
a decision on any member of a duplicate cluster counts for its representative), so the
filters see what the PRISMA flow counts. The decision trail is every event, notes and
undos included, in the order they were made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..screening.state import Vote, plain_rows
from ..store import Store
from .decisions import STAGES
from .labels import database_label

#: Records per detail chunk (one ``<script type="application/json">`` each).
CHUNK = 2000

#: Index row layout, shared with report.js (keep the two in step).
INDEX_FIELDS = ("id", "title", "year", "database", "status", "cluster", "votes", "doi")
#: Detail row layout, shared with report.js.
DETAIL_FIELDS = ("authors", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract",
                 "language", "url", "types", "source_id", "runs", "cluster", "trail")
#: Trail event layout, shared with report.js.
TRAIL_FIELDS = ("event", "record", "stage", "reviewer", "decision", "reason", "criterion",
                "note", "resolution", "source", "time", "replaces", "model", "rank")

_RECORDS_SQL = """
    SELECT r.id, r.title, r.year, r.database, r.authors, r.journal, r.volume, r.issue,
           r.start_page, r.end_page, r.doi, r.pmid, r.abstract, r.language, r.url,
           r.publication_types, r.source_record_id, m.cluster_id, m.rule, m.score
    FROM records r LEFT JOIN cluster_members m ON m.record_id = r.id ORDER BY r.id
"""

_TRAIL_SQL = """
    SELECT d.id, d.record_id, d.stage, d.reviewer, d.decision, d.reason, d.criterion, d.note,
           d.resolution, d.source, d.decided_at, d.replaces, d.model_version, d.shown_rank,
           COALESCE(c.representative_id, d.record_id)
    FROM decisions d
    LEFT JOIN cluster_members m ON m.record_id = d.record_id
    LEFT JOIN clusters c ON c.id = m.cluster_id
    ORDER BY d.id
"""


@dataclass
class Lookup:
    """Strings stored once, referred to by position."""

    values: list[str] = field(default_factory=list)
    _pos: dict[str, int] = field(default_factory=dict)

    def __call__(self, value: str) -> int:
        """Return the position of ``value``, adding it on first sight."""
        pos = self._pos.get(value)
        if pos is None:
            pos = self._pos[value] = len(self.values)
            self.values.append(value)
        return pos


@dataclass
class RecordData:
    """The records as the page ships them (see the module docstring)."""

    index: list[list[Any]] = field(default_factory=list)
    details: list[list[Any]] = field(default_factory=list)
    lookups: dict[str, Lookup] = field(default_factory=lambda: {
        name: Lookup() for name in ("database", "status", "stage", "reviewer", "decision",
                                    "reason", "run")})

    def tables(self) -> dict[str, list[str]]:
        """Return the lookup tables by name."""
        return {name: lookup.values for name, lookup in self.lookups.items()}

    def chunks(self) -> list[list[list[Any]]]:
        """Return the detail rows cut into chunks of :data:`CHUNK`."""
        return [self.details[i:i + CHUNK] for i in range(0, len(self.details), CHUNK)]


def _authors(text: str | None) -> str:
    try:
        authors = json.loads(text or "[]")
    except json.JSONDecodeError:
        return text or ""
    names = []
    for a in authors:
        if isinstance(a, dict):
            names.append(f"{a.get('family', '')} {a.get('initials', '')}".strip()
                         or a.get("raw", ""))
        else:
            names.append(str(a))
    return "; ".join(n for n in names if n)


def _strings(text: str | None) -> str:
    try:
        values = json.loads(text or "[]")
    except json.JSONDecodeError:
        return text or ""
    return "; ".join(str(v) for v in values) if isinstance(values, list) else str(values)


def visible(vote_reviewer: str, stage: str, viewer: str | None, blind: bool) -> bool:
    """Tell whether a vote or event is shown: in a blind page only the viewer's own and rules'."""
    return not blind or stage == "auto" or vote_reviewer == viewer


def record_data(store: Store, statuses: dict[int, str],
                votes: dict[str, dict[int, dict[str, Vote]]],
                viewer: str | None = None, blind: bool = False) -> RecordData:
    """Collect every record for the page.

    Args:
        store: The review database.
        statuses: ``record_statuses`` (a duplicate's status is "duplicate").
        votes: :func:`~litsearch.report.decisions.stage_votes` of the store.
        viewer: The reviewer the page is written for (blind pages only).
        blind: Leave out other reviewers' votes and every screening outcome.
    """
    data = RecordData()
    look = data.lookups
    runs_of: dict[int, list[list[int]]] = {}
    run_db = {rid: database_label(db)
              for rid, db in plain_rows(store, "SELECT id, database FROM search_runs")}
    for run_id, record_id, is_new in plain_rows(
            store, "SELECT search_run_id, record_id, is_new FROM run_records "
                   "ORDER BY search_run_id"):
        runs_of.setdefault(record_id, []).append([run_id, is_new])
    members: dict[int, list[int]] = {}
    for record_id, cluster_id in plain_rows(
            store, "SELECT record_id, cluster_id FROM cluster_members ORDER BY record_id"):
        members.setdefault(cluster_id, []).append(record_id)
    trail: dict[int, list[list[Any]]] = {}
    for row in plain_rows(store, _TRAIL_SQL):
        if not visible(row[3], row[2], viewer, blind):
            continue
        trail.setdefault(row[14], []).append(list(row[:14]))
    unit_votes: dict[int, list[list[int]]] = {}
    for stage in STAGES:
        for unit, by_reviewer in votes.get(stage, {}).items():
            for reviewer, vote in sorted(by_reviewer.items()):
                if not visible(reviewer, stage, viewer, blind):
                    continue
                unit_votes.setdefault(unit, []).append(
                    [look["stage"](stage), look["reviewer"](reviewer),
                     look["decision"](vote.decision),
                     look["reason"](vote.reason.strip()) if vote.reason else -1])
    unit_of = {rid: min(ids) for ids in members.values() for rid in ids}
    reps = dict(plain_rows(store, "SELECT id, representative_id FROM clusters"))
    for row in plain_rows(store, _RECORDS_SQL):
        (rid, title, year, database, authors, journal, volume, issue, start, end, doi, pmid,
         abstract, language, url, types, source_id, cluster, rule, score) = row
        unit = (reps.get(cluster) or unit_of.get(rid, rid)) if cluster else rid
        status = "" if blind else statuses.get(rid) or ("duplicate" if unit != rid else "")
        data.index.append([rid, title or "", year, look["database"](database_label(database)),
                           look["status"](status), cluster,
                           unit_votes.get(rid, []) if unit == rid else [], doi or ""])
        pages = "–".join(p for p in (start, end) if p)
        data.details.append([
            _authors(authors), journal or "", volume or "", issue or "", pages, doi or "",
            pmid or "", abstract or "", language or "", url or "", _strings(types),
            source_id or "",
            [[run_id, run_db.get(run_id, ""), is_new] for run_id, is_new in runs_of.get(rid, [])],
            [cluster, unit, rule or "", score, members.get(cluster, [])] if cluster else None,
            trail.get(unit, []),
        ])
    return data
