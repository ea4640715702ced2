"""Group search runs into searches, so an unfinished run is reported as what it is.

A live PubMed search stays ``status = 'running'`` until every record is stored: it was
interrupted, lost its connection, or PubMed returned fewer records than its Count.
Its records are kept batch by batch (and may be deduplicated and screened), and
``litsearch search pubmed --resume`` finishes it. Users often start the same search
again from the beginning instead; the new run then links the records the first one
stored (``run_records.is_new = 0``). Counting both runs as searches would report the
same records twice, so a run and a later run of the same database with the same string,
started before the first one finished, form one :class:`Search`: one search, several
attempts. That holds even when the first run is resumed to the end afterwards; a search
run again after the earlier run finished is an update, a search of its own.

A search whose last attempt did not finish is *unfinished*: every report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store import SearchRun, Store, list_search_runs
from .labels import database_label

#: search_runs.status of a run that stored every record.
COMPLETE = "complete"

#: The command that finishes an unfinished live PubMed search.
RESUME_COMMAND = "litsearch search pubmed --resume"

#: Distinct records and records first added, over any set of runs (filled in twice).
_UNION_SQL = ("SELECT COUNT(DISTINCT record_id), COUNT(DISTINCT CASE WHEN is_new = 1 "
              "THEN record_id END) FROM run_records WHERE search_run_id IN ({marks})")

#: Records of earlier attempts that the last attempt did not find.
_LEFTOVER_SQL = ("SELECT COUNT(DISTINCT record_id) FROM run_records WHERE search_run_id IN "
                 "({marks}) AND record_id NOT IN (SELECT record_id FROM run_records "
                 "WHERE search_run_id = ?)")


@dataclass
class Search:
    """One search as reported: its runs (attempts), oldest first.

    Attributes:
        runs: Every run of the search; each was started again (as the next one)
            before it finished.
        stored: Records linked to each run, by run id.
        records: Distinct records any of the runs found.
        new: Of those, records one of the runs added to the review first.
        leftover: Records only earlier attempts stored (the last run did not return
            them); they stay in the review.
    """

    runs: list[SearchRun]
    stored: dict[int, int] = field(default_factory=dict)
    records: int = 0
    new: int = 0
    leftover: int = 0

    @property
    def run(self) -> SearchRun:
        """The last attempt: the run that stands for the search."""
        return self.runs[-1]

    @property
    def earlier(self) -> list[SearchRun]:
        """Attempts the search was started again after, before they finished."""
        return self.runs[:-1]

    @property
    def unfinished(self) -> bool:
        """True when the last attempt did not finish."""
        return self.run.status != COMPLETE

    @property
    def name(self) -> str:
        """The database's display name."""
        return database_label(self.run.database)

    def restarted_as(self, run: SearchRun) -> SearchRun | None:
        """Return the run that started the search again before ``run`` finished, if any."""
        at = [r.id for r in self.runs].index(run.id)
        return self.runs[at + 1] if at + 1 < len(self.runs) else None


def group_searches(store: Store, runs: list[SearchRun] | None = None) -> list[Search]:
    """Group the review's search runs into searches, in the order they were started.

    A live (``api``) run joins the latest live search with the same database and the
    same search string (whitespace aside) when that search's last run had not finished
    when this run started; an import, or a run with no stored string, is a search of its
    own.

    Args:
        store: The review database.
        runs: The runs to group (default: every run in the store).
    """
    runs = list_search_runs(store) if runs is None else runs
    counts = {rid: (n, new) for rid, n, new in store.execute(
        "SELECT search_run_id, COUNT(*), COALESCE(SUM(is_new), 0) FROM run_records "
        "GROUP BY search_run_id")}
    searches: list[Search] = []
    latest: dict[tuple[str, str], Search] = {}
    for run in runs:
        # Only a live search is restarted: an imported file with the same string is an
        # export of its own, never a re-run of an unfinished live search.
        key = (run.database, " ".join(run.query.split())) \
            if run.query and run.kind == "api" else None
        search = latest.get(key) if key else None
        if search is not None and _overlaps(search.run, run):
            search.runs.append(run)
        else:
            search = Search([run])
            searches.append(search)
        if key:
            latest[key] = search
    for search in searches:
        search.stored = {r.id or 0: counts.get(r.id or 0, (0, 0))[0] for r in search.runs}
        if len(search.runs) == 1:
            search.records, search.new = counts.get(search.run.id or 0, (0, 0))
            continue
        ids = [r.id or 0 for r in search.runs]
        marks = ",".join("?" * len(ids))
        search.records, search.new = store.execute(_UNION_SQL.format(marks=marks),
                                                   ids).fetchone()
        search.leftover = store.execute(_LEFTOVER_SQL.format(marks=",".join("?" * len(ids[:-1]))),
                                        ids).fetchone()[0]
    return searches


def _overlaps(earlier: SearchRun, later: SearchRun) -> bool:
    """Tell whether ``later`` started before ``earlier`` finished (or it never did)."""
    if earlier.status != COMPLETE or not earlier.finished_at:
        return True
    return earlier.finished_at > (later.started_at or "")


def state_note(run: SearchRun, search: Search) -> str:
    """Return " (unfinished ...)" for a run that did not finish or was started again, else ""."""
    after = search.restarted_as(run)
    if after is None:
        return " (unfinished)" if search.unfinished else ""
    if run.status == COMPLETE:
        return f" (started again as run {after.id} before it finished)"
    return f" (unfinished; started again as run {after.id})"


def progress_text(run: SearchRun, stored: int) -> str:
    """Say how far an unfinished run got ("19,251 of 25,000 records fetched")."""
    if run.reported_count is None:
        return f"{stored:,} records fetched"
    return f"{stored:,} of {run.reported_count:,} records fetched"


def resume_hint(run: SearchRun, quote: str = "`") -> str:
    """Say how to finish an unfinished run (the command between ``quote`` marks)."""
    if run.database == "pubmed" and run.kind == "api":
        return f"finish it with {quote}{RESUME_COMMAND}{quote}"
    return "run the search again and import all of its records"

