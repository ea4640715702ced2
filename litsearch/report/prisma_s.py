"""The PRISMA-S search report (Rethlefsen et al. 2021), written from the logged searches.

Items 1–16 are filled from what the store records: each search run's database,
platform, date, exact string, limits, PubMed translation and warnings, record counts,
and deduplication as it stands (:mod:`litsearch.report.dedup_history`). What litsearch
cannot know (peer review, contacts, prior work, ...) is listed as to be completed by the
authors, never guessed.

A run that did not finish is marked unfinished wherever it appears, with how far it got
and how to finish it; a run the user started again from the beginning is counted once
with its re-run, as one search (see :mod:`litsearch.report.searches`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..errors import QueryError
from ..query import get_platform, parse_strategy
from ..store import SearchRun, Store, list_search_runs
from .dedup_history import dedup_section
from .labels import database_label
from .notes import STOPPED_BOX, has_stopped
from .prisma import compute_flow
from .searches import COMPLETE, Search, group_searches, progress_text, resume_hint, state_note
from .versions import load_versions

AUTHORS_NOTE = "*To complete by the authors:*"

#: Identification methods of the databases-and-registers column (item 12 covers these).
DBR_METHODS = ("database", "register")

#: PRISMA-S items litsearch cannot fill, with what the authors should write.
AUTHOR_ITEMS: dict[int, tuple[str, str]] = {
    6: ("Contacts", "say whether further studies or data were sought from authors, experts, "
                    "manufacturers or others, and how."),
    10: ("Search filters", "say whether published search filters were used (as designed or "
                           "modified) and cite them."),
    11: ("Prior work", "say whether search strategies from other reviews were adapted or "
                       "reused, and cite those reviews."),
    14: ("Peer review", "describe any peer review of the search strategies (for example "
                        "PRESS)."),
}


def _fence(text: str, info: str = "text") -> list[str]:
    """Return a Markdown code block that the text cannot close early."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", text.rstrip("\n"), fence]


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _date(run: SearchRun) -> str:
    if run.searched_on:
        return run.searched_on
    return f"{(run.started_at or '')[:10]} (import date; search date not recorded)"


def _name(run: SearchRun) -> str:
    return database_label(run.database)


def search_report(store: Store, title: str = "") -> str:
    """Return the PRISMA-S report as Markdown."""
    runs = list_search_runs(store)
    searches = group_searches(store, runs)
    of_run = {r.id or 0: s for s in searches for r in s.runs}
    counts = {row[0]: (row[1], row[2]) for row in store.execute(
        "SELECT search_run_id, COUNT(*), SUM(is_new) FROM run_records GROUP BY search_run_id")}
    files: dict[int, list[str]] = {}
    for run_id, name in store.execute("SELECT search_run_id, name FROM source_files ORDER BY id"):
        files.setdefault(run_id, []).append(name)
    by_method: dict[str, list[SearchRun]] = {}
    for run in runs:
        by_method.setdefault(run.method, []).append(run)
    out = ["# Search report (PRISMA-S)", ""]
    if title:
        out += [f"Review: {_cell(title)}", ""]
    out += [f"Written by litsearch {__version__} from the searches logged in the review. "
            f"Lines marked {AUTHORS_NOTE} need information litsearch does not record.", "",
            *_warning(searches),
            "## Information sources and methods", "", "### 1. Database name", ""]
    out += _run_table(by_method.get("database", []), counts, of_run) or [
        "No database searches recorded."]
    out += ["", "### 2. Multi-database searching", "", *_multi(by_method.get("database", []))]
    out += ["", "### 3. Study registries", ""]
    out += _run_table(by_method.get("register", []), counts, of_run) or [
        "No study registry searches recorded."]
    for item, heading, methods in ((4, "Online resources and browsing", ("website",
                                                                           "organisation")),
                                   (5, "Citation searching", ("citation",)),
                                   (7, "Other methods", ("other",))):
        found = [r for m in methods for r in by_method.get(m, [])]
        out += ["", f"### {item}. {heading}", ""]
        out += _run_table(found, counts, of_run) or ["None recorded in litsearch."]
        out += ["", f"{AUTHORS_NOTE} describe how these sources were searched or browsed."
                if found else f"{AUTHORS_NOTE} confirm that none were used."]
        if item == 5:
            out += ["", f"### 6. {AUTHOR_ITEMS[6][0]}", "", f"{AUTHORS_NOTE} {AUTHOR_ITEMS[6][1]}"]
    out += ["", "## Search strategies", "", "### 8. Full search strategies", ""]
    for run in runs:
        out += _strategy(run, counts.get(run.id or 0, (0, 0)), files.get(run.id or 0, []),
                         of_run[run.id or 0])
    out += ["### 9. Limits and restrictions", "", *_limits(runs)]
    for item in (10, 11):
        heading, text = AUTHOR_ITEMS[item]
        out += ["", f"### {item}. {heading}", "", f"{AUTHORS_NOTE} {text}"]
    out += ["", "### 12. Updates", "", *_updates(store, [s for s in searches
                                                      if s.run.method in DBR_METHODS])]
    out += ["", "### 13. Dates of searches", "", "| Run | Source | Date searched |",
            "|---:|---|---|"]
    out += [f"| {r.id} | {_cell(_name(r))} | {_cell(_date(r))}{state_note(r, of_run[r.id or 0])} |"
            for r in runs]
    out += ["", "## Peer review", "", f"### 14. {AUTHOR_ITEMS[14][0]}", "",
            f"{AUTHORS_NOTE} {AUTHOR_ITEMS[14][1]}", "", "## Managing records", "",
            "### 15. Total records", "", *_totals(searches), "", "### 16. Deduplication",
            "", *dedup_section(store), *_stopped(store)]
    return "\n".join(out) + "\n"


def _stopped(store: Store) -> list[str]:
    """Say how screening was stopped early, as PRISMA's box note does (none: no lines)."""
    if not has_stopped(store):
        return []
    # The flow's boxes decide which of the stopping rule's exclusions still stand.
    notes = compute_flow(store).notes.get(STOPPED_BOX, [])
    if not notes:
        return []
    return ["", "### Screening stopped early (automation tool)", "",
            *(f"- {_cell(note)}" for note in notes), "",
            "These records are counted in the PRISMA flow diagram as records excluded by "
            "automation tools (`litsearch prisma --explain records_excluded_automation` "
            "lists them)."]


def _warning(searches: list[Search]) -> list[str]:
    """Return a warning naming every search that did not finish (none: no lines)."""
    lines = [f"> **Unfinished search:** run {s.run.id} ({_cell(s.name)}) did not finish: "
             f"{progress_text(s.run, s.stored[s.run.id or 0])}; {resume_hint(s.run)}. Its "
             "records are in the review and counted below, marked unfinished; this report is "
             "not final until the search is finished." for s in searches if s.unfinished]
    return [line for text in lines for line in (text, "")]


def _run_table(runs: Iterable[SearchRun], counts: dict[int, tuple[int, int]],
               of_run: dict[int, Search]) -> list[str]:
    rows = [f"| {r.id} | {_cell(_name(r))} | {_cell(r.platform or '—')} | {_cell(_date(r))} | "
            f"{counts.get(r.id or 0, (0, 0))[0]:,}{state_note(r, of_run[r.id or 0])} |"
            for r in runs]
    if not rows:
        return []
    return ["| Run | Source | Platform | Date searched | Records |", "|---:|---|---|---|---:|",
            *rows]


def _multi(runs: list[SearchRun]) -> list[str]:
    platforms: dict[str, list[str]] = {}
    for run in runs:
        if run.platform:
            names = platforms.setdefault(run.platform, [])
            if _name(run) not in names:
                names.append(_name(run))
    shared = {p: names for p, names in platforms.items() if len(names) > 1}
    if not shared:
        return ["No platform was used for more than one database."]
    lines = [f"- {_cell(p)}: {', '.join(names)}" for p, names in shared.items()]
    return [*lines, "", f"{AUTHORS_NOTE} say whether the databases on each platform were searched "
                        "together in one multi-database search or one at a time."]


def _strategy(run: SearchRun, count: tuple[int, int], files: list[str],
              search: Search) -> list[str]:
    out = [f"#### Run {run.id}: {_cell(_name(run))}", "",
           f"- Platform: {_cell(run.platform or '—')}",
           f"- Method: {run.method} ({'live search' if run.kind == 'api' else 'imported export'})",
           f"- Date searched: {_cell(_date(run))}",
           f"- Records: {count[0]:,} ({count[1] or 0:,} new to the review)"]
    if run.reported_count is not None and run.kind == "api":
        # Only a live search has a count from the source (PubMed's Count). Reviews made
        # before imports stopped storing one hold the rows read there: not a count.
        out.append(f"- Records reported by the source: {run.reported_count:,}")
    out += _status_lines(run, count[0], search)
    if files:
        out.append(f"- Files: {_cell(', '.join(files))}")
    if run.query_source:
        out.append(f"- Strategy file: {_cell(run.query_source)}")
    out.append("")
    if run.query:
        out += ["Search string as run:", "", *_fence(run.query), ""]
    else:
        out += [f"{AUTHORS_NOTE} the search string was not recorded with this run; paste it "
                "exactly as run.", ""]
    if run.translation:
        out += ["PubMed's translation of the search:", "", *_fence(run.translation), ""]
    if run.messages:
        # An import's messages are litsearch's notes on the file (where its date came
        # from), not anything the database said.
        out += ["Notes from the import:" if run.kind == "import" else
                "Warnings from the source:", ""]
        out += [f"- {_cell(m)}" for m in run.messages] + [""]
    return out


def limits_text(run: SearchRun) -> str:
    """Say which limits the run's search string applies, read with the query parser.

    The string as run is the record: limits set in the interface outside the string
    (filters ticked beside the results) are not in it, and this says only what is.
    """
    if not run.query:
        return "unknown: the search string was not recorded"
    try:
        platform = get_platform(run.database, run.platform or "")
        strategy, warnings = parse_strategy(run.query, platform.id)
    except QueryError as exc:
        return f"not read: {exc.message}"
    found = strategy.limits
    parts = []
    if found.year_from or found.year_to:
        parts.append(f"years {found.year_from or '…'}–{found.year_to or 'present'}")
    if found.languages:
        parts.append("languages " + ", ".join(found.languages))
    if found.publication_types:
        parts.append("publication types " + ", ".join(found.publication_types))
    parts += [w.split(" is not kept")[0] for w in warnings if w.startswith("filter ")]
    return "; ".join(parts) if parts else "none in the string"


def _limits(runs: list[SearchRun]) -> list[str]:
    lines = [f"- Run {run.id} ({_cell(_name(run))}): {_cell(limits_text(run))}" for run in runs]
    if not lines:
        return ["No searches recorded."]
    return ["Limits in each search string as run (read from the string):", "", *lines, "",
            f"{AUTHORS_NOTE} justify each limit, and describe any limit set in the interface "
            "outside the search string (those are not recorded), or confirm there were none."]


def _status_lines(run: SearchRun, stored: int, search: Search) -> list[str]:
    """Say whether the run finished and how it relates to the other runs of its search."""
    after = search.restarted_as(run)
    if after is not None:
        state = ("complete, but" if run.status == COMPLETE
                 else f"**unfinished**: {progress_text(run, stored)};")
        return [f"- Status: {state} the same search was started again as run {after.id} "
                "before this run finished, and the runs are reported as one search (item 15)."]
    lines = []
    earlier = ", ".join(str(r.id) for r in search.earlier)
    if search.unfinished:
        lines.append(f"- Status: **unfinished**: {progress_text(run, stored)}; "
                     f"{resume_hint(run)}. The records fetched are in the review.")
    elif run.kind == "api":
        lines.append("- Status: complete")
    if search.earlier:
        lines.append(f"- Started while run {earlier} of the same search had not finished; "
                     f"together: {search.records:,} distinct records ({search.new:,} new to the "
                     "review)")
    if search.leftover:
        lines.append(f"- Records stored only by run {earlier} (this run did not return them): "
                     f"{search.leftover:,}; they stay in the review")
    return lines


def _updates(store: Store, searches: list[Search]) -> list[str]:
    per_db: dict[str, list[Search]] = {}
    for search in searches:
        per_db.setdefault(search.name, []).append(search)
    lines = []
    for name, group in per_db.items():
        if len(group) > 1:
            parts = [f"{_date(s.run)} (run {s.run.id}{state_note(s.run, s)}: "
                     f"{s.records:,} records, {s.new:,} new)" for s in group]
            lines.append(f"- {_cell(name)}: searched {len(group)} times: " + "; ".join(parts))
    for version in load_versions(store):
        lines.append(f"- Review version {version.number} frozen {version.frozen_at[:10]} "
                     f"after search run {version.max_search_run_id}; later runs form the update.")
    if not lines:
        return ["Each search was run once; no update is recorded."]
    return [*lines, "", f"{AUTHORS_NOTE} say how the searches were updated (re-run, alerts)."]


def _totals(searches: list[Search]) -> list[str]:
    """Return the records found per source, each search counted once, with notes."""
    per: dict[tuple[str, str], list[int]] = {}
    marked: set[tuple[str, str]] = set()
    notes = []
    for search in searches:
        key = (search.name, search.run.method)
        got = per.setdefault(key, [0, 0])
        got[0] += search.records
        got[1] += search.new
        if search.unfinished:
            marked.add(key)
            notes.append(f"- {_cell(search.name)}, run {search.run.id}: unfinished: "
                         f"{progress_text(search.run, search.stored[search.run.id or 0])}; "
                         f"{resume_hint(search.run)}. The records fetched are counted above.")
        if search.earlier:
            ids = [str(r.id) for r in search.earlier]
            earlier = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"
            runs = "run" if len(ids) == 1 else "runs"
            note = (f"- {_cell(search.name)}, {runs} {earlier}: the same search was started "
                    f"again as run {search.run.id} before {runs} {earlier} finished; the runs "
                    f"are counted once, as one search ({search.records:,} distinct records).")
            if search.leftover:
                were = "was" if search.leftover == 1 else "were"
                note += (f" Of these, {search.leftover:,} {were} stored only by {runs} {earlier} "
                         f"(run {search.run.id} did not return them) and stay in the review.")
            notes.append(note)
    lines = ["| Source | Method | Records found | New to the review |", "|---|---|---:|---:|"]
    lines += [f"| {_cell(n)} | {m} | {t:,}{' (unfinished)' if (n, m) in marked else ''} | "
              f"{w:,} |" for (n, m), (t, w) in per.items()]
    lines.append(f"| **Total** | | {sum(v[0] for v in per.values()):,}"
                 f"{' (unfinished)' if marked else ''} | {sum(v[1] for v in per.values()):,} |")
    return [*lines, "", *notes] if notes else lines
