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
  an unfinished run got, "19,251 of 25,000 records fetched", or null),
  ``query_recorded`` (false when the run has no search string: PRISMA-S says so),
  ``warned`` (records read with a warning: no title, or read from damaged text; each
  keeps its reason in ``extra.import_warnings`` and its original text).
- ``search_report_gaps``: what the PRISMA-S report lacks, one sentence per gap (a
  database search without its string or its date).
- ``dedup``: see :func:`litsearch.dedup.status.dedup_status`.
- ``screening``: see :func:`litsearch.screening.status.screening_status`.
- ``stopping``: the stopping test on the review's title/abstract decisions so far
  (Callaghan & Müller-Hansen 2020; target 95 % recall, 95 % confidence): ``whose``
  (null: every reviewer's decisions; a reviewer's name: theirs only, see below),
  ``screened``, ``pool``, ``found``, ``remaining_estimate``, ``too_early`` (true
  while no sample is evidence yet, p >= 0.5: the estimate is then not shown),
  ``remaining_upper``,
  ``p_value``, ``reached``, ``more_to_screen``, ``irrelevant_in_a_row`` (a heuristic)
  and ``unscreened``; null before the first decision. While blind screening is
  unfinished a reviewer's counts drawn from the votes would tell them how the others
  voted: for a blind reviewer (:func:`~litsearch.screening.blind.counts_viewer`) the
  test is on their own decisions, and the ``screening`` outcome counts of a blind stage
  (``include``, ``exclude``, ``maybe``, ``not-retrieved``, ``conflicts``) are null, with
  ``outcomes_hidden`` true; on a review.db with no reviewer named, ``stopping`` is
  ``{"hidden": true}``.
- ``kept_decisions``: on a team review (PostgreSQL), the connected reviewer's decisions
  on this machine not yet written to the server: ``journal`` and ``kept`` (keyed while
  the server was away, written by the app when it is back), ``refused_file`` and
  ``refused`` (refused by the server for good, set aside with the reason); null when
  there are none.
- ``next``: ``command`` to run next and ``why``; ``also``: other steps that are open
  (doubtful duplicate pairs during screening), each a ``command`` and ``why``.
"""

from __future__ import annotations

from typing import Any

from .dedup.status import dedup_status
from .project import Project
from .report.searches import RESUME_COMMAND, group_searches, progress_text
from .screening.blind import NOBODY, counts_viewer, hidden_stages
from .screening.outbox import journal_summary
from .screening.status import AUTO_RUN_KEY, screening_status
from .store import SCHEMA_VERSION, Store
from .store.team import connected_role
from .wording import plural


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
               s.reported_count, s.query IS NOT NULL AS query_recorded,
               (SELECT COUNT(*) FROM run_records rr WHERE rr.search_run_id = s.id) AS records,
               (SELECT COUNT(*) FROM run_records rr WHERE rr.search_run_id = s.id
                                                       AND rr.is_new = 1) AS new_records,
               (SELECT group_concat(name, ', ') FROM source_files f
                 WHERE f.search_run_id = s.id) AS files,
               (SELECT COALESCE(SUM(records_warned), 0) FROM source_files f
                 WHERE f.search_run_id = s.id) AS warned
        FROM search_runs s ORDER BY s.id
        """).fetchall()
    return [{**dict(r), "query_recorded": bool(r["query_recorded"]),
             "unfinished": r["id"] in unfinished,
             "superseded_by": after.get(r["id"]), "progress": unfinished.get(r["id"])}
            for r in rows]


def search_report_gaps(runs: list[dict[str, Any]]) -> list[str]:
    """Say what the PRISMA-S report lacks per database search: its string or its date."""
    gaps = []
    for run in runs:
        if run["method"] not in ("database", "register"):
            continue
        if not run["query_recorded"]:
            gaps.append(f"search run {run['id']} ({run['database']}) has no search string: "
                        f"import it again with --query FILE (after 'litsearch import --undo "
                        f"{run['id']}'), or paste it into the PRISMA-S report")
        if not run["searched_on"]:
            gaps.append(f"search run {run['id']} ({run['database']}) has no search date: "
                        "PRISMA-S gives the import date; import it again with --searched-on")
    return gaps


def _step(command: str, why: str, also: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"command": command, "why": why, "also": also or []}


def next_step(records: int, dedup: dict[str, Any], screening: dict[str, Any],
              auto_ran: bool = False, runs: list[dict[str, Any]] | None = None
              ) -> dict[str, Any]:
    """Pick the command a user should run next, with the reason: what actually blocks.

    ``auto_ran`` is True once ``screen --auto`` has run; it is not suggested again.
    ``runs`` (from :func:`search_status`) puts an unfinished PubMed search first.
    Doubtful duplicate pairs come first only until screening starts; after that the
    screening that is left comes first and the pairs are listed under ``also`` (they
    must be settled before the PRISMA counts are final).
    """
    stuck = [r for r in runs or () if r["unfinished"] and r["database"] == "pubmed"
             and r["kind"] == "api"]
    if stuck:
        run = stuck[-1]  # --resume finishes the latest unfinished run first
        return _step(RESUME_COMMAND,
                     f"search run {run['id']} (pubmed) did not finish: {run['progress']}")
    if records == 0:
        return _step("litsearch import FILE --db NAME",
                     "the review has no records yet; or run 'litsearch search pubmed'")
    if dedup["records_pending"]:
        return _step("litsearch dedup", f"{plural(dedup['records_pending'], 'record')} "
                                        "not yet deduplicated")
    pairs = dedup["pairs_awaiting_review"]
    review_pairs = _step("litsearch dedup review",
                         f"{plural(pairs, 'doubtful duplicate pair')} waiting for a decision")
    if pairs and not any(screening["decisions_by_reviewer"].values()):
        return review_pairs
    also = [review_pairs] if pairs else []
    ta = screening["title-abstract"]
    if ta["awaiting"] == ta["pool"] and not screening["auto_excluded"] and ta["pool"] \
            and not auto_ran:
        return _step("litsearch screen --auto", "apply the rule criteria first", also)
    for stage, flag, what in (("title-abstract", "", "title/abstract screening"),
                              ("full-text", " --stage full-text", "full-text assessment")):
        counts = screening[stage]
        second = counts.get("awaiting_second", 0)
        if counts["awaiting"] or second:
            return _screen_step(flag, what, counts, also)
        if counts["conflicts"]:
            return _step(f"litsearch screen conflicts{flag}",
                         f"{plural(counts['conflicts'], 'record')} with conflicting "
                         f"decisions at {what}", also)
    if pairs:
        return review_pairs
    return _step("litsearch prisma", "screening is complete")


def _screen_step(flag: str, what: str, counts: dict[str, Any],
                 also: list[dict[str, Any]]) -> dict[str, Any]:
    """The screening left at a stage: records nobody decided, then the second votes the
    screening rules still need (and from whom: the screeners who have not voted on them)."""
    parts = []
    if counts["awaiting"]:
        parts.append(f"{plural(counts['awaiting'], 'record')} waiting for {what}")
    second = counts.get("awaiting_second", 0)
    missing = counts.get("second_votes_from", {})
    if second:
        whom = ", ".join(f"{who}: {n:,}" for who, n in sorted(
            missing.items(), key=lambda kv: (-kv[1], kv[0])))
        parts.append(f"{plural(second, 'record')} awaiting a second reviewer at {what} "
                     f"({counts.get('votes_required', 2)} independent votes required"
                     + (f"; missing from {whom}" if whom else "; nobody else screens yet")
                     + "".join(f"; {who} is off the team" for who in counts.get("off_team", ()))
                     + ")")
    command = f"litsearch screen{flag}"
    if not counts["awaiting"] and second:
        command += f" --reviewer {max(missing, key=missing.__getitem__)}" if missing \
            else " --reviewer NAME"
    return _step(command, "; ".join(parts), also)


#: A stage's counts drawn from the votes, hidden from a blind reviewer.
OUTCOME_KEYS = ("include", "exclude", "maybe", "not-retrieved", "conflicts")


def stopping_status(store: Store, whose: str | None = None) -> dict[str, Any] | None:
    """The stopping test on the title/abstract decisions (None before any).

    ``whose``: None for every reviewer's decisions, a reviewer's name for theirs only,
    :data:`~litsearch.screening.blind.NOBODY` for none (a blind review.db, nobody named).
    """
    from .screening.early_stop import stopping_report

    if whose == NOBODY:
        return {"hidden": True}
    report = stopping_report(store, whose)
    t = report.test
    if t.screened == 0:
        return None
    return {"whose": whose, "target": t.target, "confidence": t.confidence, "screened": t.screened,
            "pool": t.total, "found": t.found,
            "remaining_estimate": round(t.remaining_estimate, 1),
            "too_early": t.too_early,
            "remaining_upper": t.remaining_upper, "p_value": t.p_value, "reached": t.stop,
            "more_to_screen": t.more_to_screen,
            "irrelevant_in_a_row": report.irrelevant_in_a_row,
            # Screened by no person: left, or excluded by the stopping rule (screen stop).
            "unscreened": len(report.unscreened) + len(report.stopped),
            "stopped_by_rule": len(report.stopped)}


def kept_status(store: Store) -> dict[str, Any] | None:
    """The connected reviewer's kept and refused decisions on this machine (team review)."""
    role = connected_role(store)
    return journal_summary(store.path, role) if role is not None else None


def hide_outcomes(store: Store, screening: dict[str, Any], viewer: str | None) -> None:
    """Blank, in place, the outcome counts of every stage blind screening hides from
    ``viewer`` now (each stage asked on its own: a finished title/abstract stage must
    not show the full-text counts of a stage still blind)."""
    for stage in hidden_stages(store):
        if counts_viewer(store, viewer, stage) is not None:
            screening[stage].update(dict.fromkeys(OUTCOME_KEYS), outcomes_hidden=True)


def review_status(project: Project, viewer: str | None = None) -> dict[str, Any]:
    """Return where the review stands, as documented in this module.

    ``viewer``: who asks (``--reviewer``, ``$LITSEARCH_REVIEWER``; on PostgreSQL the
    connected role decides): a blind reviewer sees counts from their own votes only.
    """
    store = project.store
    whose = counts_viewer(store, viewer)
    by_db = dict(store.execute(
        "SELECT database, COUNT(*) FROM records GROUP BY database ORDER BY database").fetchall())
    total = sum(by_db.values())
    dedup = dedup_status(store)
    screening = screening_status(store)
    runs = search_status(store)
    # The next step reads the counts before a blind reviewer's are blanked (it names
    # conflicts only at a finished stage, which blind screening does not hide).
    nxt = next_step(total, dedup, screening,
                    auto_ran=store.get_meta(AUTO_RUN_KEY) is not None, runs=runs)
    hide_outcomes(store, screening, viewer)
    return {
        "review": {"title": project.title, "root": str(project.root),
                   "schema_version": SCHEMA_VERSION},
        "records": {"total": total, "by_database": by_db},
        "search_runs": runs,
        "search_report_gaps": search_report_gaps(runs),
        "dedup": dedup,
        "screening": screening,
        "stopping": stopping_status(store, whose),
        "kept_decisions": kept_status(store),
        "next": nxt,
    }
