"""``litsearch status``: where a review stands, as one JSON-ready dict.

The JSON object (``litsearch status --json``) has these keys:

- ``review``: ``title``, ``root``, ``schema_version``.
- ``records``: ``total`` and ``by_database`` (records per database).
- ``search_runs``: one object per run: ``id``, ``database``, ``platform``, ``method``,
  ``kind``, ``searched_on``, ``status``, ``records`` (records linked to the run),
  ``new_records`` (records the run added that no earlier run had), ``files``,
  ``reported_count`` (records the source reported, or null), ``unfinished`` (true when
  the run did not finish and no later run took its search over: it needs
  ``litsearch search pubmed --resume``), ``superseded_by`` (the later run that started
  the same search again before this one finished, or null), ``progress`` (how far
  an unfinished run got, "19,251 of 25,000 records fetched", or null), ``warned``
  (records read with a warning: no title, or read from damaged text; each keeps its
  reason in ``extra.import_warnings`` and its original text).
- ``dedup``: see :func:`litsearch.dedup.status.dedup_status`.
- ``screening``: see :func:`litsearch.screening.status.screening_status`.
- ``next``: ``command`` to run next and ``why``.
"""

from __future__ import annotations

from typing import Any

from .dedup.status import dedup_status
from .project import Project
from .report.searches import RESUME_COMMAND, group_searches, progress_text
from .screening.status import AUTO_RUN_KEY, screening_status
from .store import SCHEMA_VERSION, Store


def search_status(store: Store) -> list[dict[str, Any]]:
    """Summarise every search run with its record counts and whether it finished."""
    after: dict[int, int] = {}
    unfinished: dict[int, str] = {}
    for search in group_searches(store):
        ids = [r.id or 0 for r in search.runs]
        after.update(zip(ids, ids[1:], strict=False))
        if search.unfinished:
            unfinished[ids[-1]] = progress_text(search.run, search.stored[ids[-1]])
    rows = store.execute(
        """
        SELECT s.id, s.database, s.platform, s.method, s.kind, s.searched_on, s.status,
               s.reported_count,
               (SELECT COUNT(*) FROM run_records rr WHERE rr.search_run_id = s.id) AS records,
               (SELECT COUNT(*) FROM run_records rr WHERE rr.search_run_id = s.id
                                                       AND rr.is_new = 1) AS new_records,
               (SELECT group_concat(name, ', ') FROM source_files f
                 WHERE f.search_run_id = s.id) AS files,
               (SELECT COALESCE(SUM(records_warned), 0) FROM source_files f
                 WHERE f.search_run_id = s.id) AS warned
        FROM search_runs s ORDER BY s.id
        """).fetchall()
    return [{**dict(r), "unfinished": r["id"] in unfinished,
             "superseded_by": after.get(r["id"]), "progress": unfinished.get(r["id"])}
            for r in rows]


def next_step(records: int, dedup: dict[str, Any], screening: dict[str, Any],
              auto_ran: bool = False, runs: list[dict[str, Any]] | None = None
              ) -> dict[str, str]:
    """Pick the command a user should run next, with the reason.

    ``auto_ran`` is True once ``screen --auto`` has run; it is not suggested again.
    ``runs`` (from :func:`search_status`) puts an unfinished PubMed search first.
    """
    stuck = [r for r in runs or () if r["unfinished"] and r["database"] == "pubmed"
             and r["kind"] == "api"]
    if stuck:
        run = stuck[-1]  # --resume finishes the latest unfinished run first
        return {"command": RESUME_COMMAND,
                "why": f"search run {run['id']} (pubmed) did not finish: {run['progress']}"}
    if records == 0:
        return {"command": "litsearch import FILE --db NAME",
                "why": "the review has no records yet (or run 'litsearch search pubmed')"}
    if dedup["records_pending"]:
        return {"command": "litsearch dedup",
                "why": f"{dedup['records_pending']} records have not been deduplicated"}
    if dedup["pairs_awaiting_review"]:
        return {"command": "litsearch dedup --review",
                "why": f"{dedup['pairs_awaiting_review']} doubtful pairs await a decision"}
    ta, ft = screening["title-abstract"], screening["full-text"]
    if ta["awaiting"] == ta["pool"] and not screening["auto_excluded"] and ta["pool"] \
            and not auto_ran:
        return {"command": "litsearch screen --auto", "why": "apply the rule criteria first"}
    if ta["awaiting"] or ta["conflicts"]:
        return {"command": "litsearch screen",
                "why": f"{ta['awaiting']} records await title/abstract screening"}
    if ft["awaiting"] or ft["conflicts"]:
        return {"command": "litsearch screen --stage full-text",
                "why": f"{ft['awaiting']} reports await full-text assessment"}
    return {"command": "litsearch prisma", "why": "screening is complete"}


def review_status(project: Project) -> dict[str, Any]:
    """Return where the review stands, as documented in this module."""
    store = project.store
    by_db = dict(store.execute(
        "SELECT database, COUNT(*) FROM records GROUP BY database ORDER BY database").fetchall())
    total = sum(by_db.values())
    dedup = dedup_status(store)
    screening = screening_status(store)
    runs = search_status(store)
    return {
        "review": {"title": project.title, "root": str(project.root),
                   "schema_version": SCHEMA_VERSION},
        "records": {"total": total, "by_database": by_db},
        "search_runs": runs,
        "dedup": dedup,
        "screening": screening,
        "next": next_step(total, dedup, screening,
                          auto_ran=store.get_meta(AUTO_RUN_KEY) is not None, runs=runs),
    }
