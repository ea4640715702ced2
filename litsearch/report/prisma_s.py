"""The PRISMA-S search report (Rethlefsen et al. 2021), written from the logged searches.

Items 1–16 are filled from what the store records: each search run's database,
platform, date, exact string, limits, PubMed translation and warnings, record counts,
and the latest deduplication run. What litsearch cannot know (peer review, contacts,
prior work, ...) is listed as to be completed by the authors, never guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..store import SearchRun, Store, list_search_runs
from .labels import database_label
from .versions import load_versions

AUTHORS_NOTE = "*To complete by the authors:*"

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
    counts = {row[0]: (row[1], row[2]) for row in store.execute(
        "SELECT search_run_id, COUNT(*), SUM(is_new) FROM run_records GROUP BY search_run_id")}
    files: dict[int, list[str]] = {}
    for run_id, name in store.execute("SELECT search_run_id, name FROM source_files ORDER BY id"):
        files.setdefault(run_id, []).append(name)
    by_method: dict[str, list[SearchRun]] = {}
    for run in runs:
        by_method.setdefault(run.method, []).append(run)
    dbr = by_method.get("database", []) + by_method.get("register", [])
    out = ["# Search report (PRISMA-S)", ""]
    if title:
        out += [f"Review: {_cell(title)}", ""]
    out += [f"Written by litsearch {__version__} from the searches logged in the review. "
            f"Lines marked {AUTHORS_NOTE} need information litsearch does not record.", "",
            "## Information sources and methods", "", "### 1. Database name", ""]
    out += _run_table(by_method.get("database", []), counts) or ["No database searches recorded."]
    out += ["", "### 2. Multi-database searching", "", *_multi(by_method.get("database", []))]
    out += ["", "### 3. Study registries", ""]
    out += _run_table(by_method.get("register", []), counts) or [
        "No study registry searches recorded."]
    for item, heading, methods in ((4, "Online resources and browsing", ("website",
                                                                           "organisation")),
                                   (5, "Citation searching", ("citation",)),
                                   (7, "Other methods", ("other",))):
        found = [r for m in methods for r in by_method.get(m, [])]
        out += ["", f"### {item}. {heading}", ""]
        out += _run_table(found, counts) or ["None recorded in litsearch."]
        out += ["", f"{AUTHORS_NOTE} describe how these sources were searched or browsed."
                if found else f"{AUTHORS_NOTE} confirm that none were used."]
        if item == 5:
            out += ["", f"### 6. {AUTHOR_ITEMS[6][0]}", "", f"{AUTHORS_NOTE} {AUTHOR_ITEMS[6][1]}"]
    out += ["", "## Search strategies", "", "### 8. Full search strategies", ""]
    for run in runs:
        out += _strategy(run, counts.get(run.id, (0, 0)), files.get(run.id or 0, []))
    out += ["### 9. Limits and restrictions", "", *_limits(runs)]
    for item in (10, 11):
        heading, text = AUTHOR_ITEMS[item]
        out += ["", f"### {item}. {heading}", "", f"{AUTHORS_NOTE} {text}"]
    out += ["", "### 12. Updates", "", *_updates(store, dbr, counts)]
    out += ["", "### 13. Dates of searches", "", "| Run | Source | Date searched |",
            "|---:|---|---|"]
    out += [f"| {r.id} | {_cell(_name(r))} | {_cell(_date(r))} |" for r in runs]
    out += ["", "## Peer review", "", f"### 14. {AUTHOR_ITEMS[14][0]}", "",
            f"{AUTHORS_NOTE} {AUTHOR_ITEMS[14][1]}", "", "## Managing records", "",
            "### 15. Total records", "", *_totals(runs, counts), "", "### 16. Deduplication",
            "", *_dedup(store)]
    return "\n".join(out) + "\n"


def _run_table(runs: Iterable[SearchRun], counts: dict[int, tuple[int, int]]) -> list[str]:
    rows = [f"| {r.id} | {_cell(_name(r))} | {_cell(r.platform or '—')} | {_cell(_date(r))} | "
            f"{counts.get(r.id or 0, (0, 0))[0]:,} |" for r in runs]
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


def _strategy(run: SearchRun, count: tuple[int, int], files: list[str]) -> list[str]:
    out = [f"#### Run {run.id}: {_cell(_name(run))}", "",
           f"- Platform: {_cell(run.platform or '—')}",
           f"- Method: {run.method} ({'live search' if run.kind == 'api' else 'imported export'})",
           f"- Date searched: {_cell(_date(run))}",
           f"- Records: {count[0]:,} ({count[1] or 0:,} new to the review)"]
    if run.reported_count is not None:
        out.append(f"- Records reported by the source: {run.reported_count:,}")
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
        out += ["Warnings from the source:", ""]
        out += [f"- {_cell(m)}" for m in run.messages] + [""]
    return out


def _limits(runs: list[SearchRun]) -> list[str]:
    lines = []
    for run in runs:
        if run.limits:
            text = "; ".join(f"{k}: {v if isinstance(v, str) else json.dumps(v)}"
                             for k, v in run.limits.items())
            lines.append(f"- Run {run.id} ({_cell(_name(run))}): {_cell(text)}")
    if not lines:
        return [f"No limits were recorded with the searches. {AUTHORS_NOTE} confirm that no limits "
                "were used, or describe and justify each limit."]
    return [*lines, "", f"{AUTHORS_NOTE} justify each limit."]


def _updates(store: Store, runs: list[SearchRun], counts: dict[int, tuple[int, int]]) -> list[str]:
    per_db: dict[str, list[SearchRun]] = {}
    for run in runs:
        per_db.setdefault(_name(run), []).append(run)
    lines = []
    for name, group in per_db.items():
        if len(group) > 1:
            parts = [f"{_date(r)} (run {r.id}: {counts.get(r.id or 0, (0, 0))[0]:,} records, "
                     f"{counts.get(r.id or 0, (0, 0))[1] or 0:,} new)" for r in group]
            lines.append(f"- {_cell(name)}: searched {len(group)} times: " + "; ".join(parts))
    for version in load_versions(store):
        lines.append(f"- Review version {version.number} frozen {version.frozen_at[:10]} "
                     f"after search run {version.max_search_run_id}; later runs form the update.")
    if not lines:
        return ["Each search was run once; no update is recorded."]
    return [*lines, "", f"{AUTHORS_NOTE} say how the searches were updated (re-run, alerts)."]


def _totals(runs: list[SearchRun], counts: dict[int, tuple[int, int]]) -> list[str]:
    per: dict[tuple[str, str], list[int]] = {}
    for run in runs:
        total, new = counts.get(run.id or 0, (0, 0))
        got = per.setdefault((_name(run), run.method), [0, 0])
        got[0] += total
        got[1] += new or 0
    lines = ["| Source | Method | Records found | New to the review |", "|---|---|---:|---:|"]
    lines += [f"| {_cell(n)} | {m} | {t:,} | {w:,} |" for (n, m), (t, w) in per.items()]
    lines.append(f"| **Total** | | {sum(v[0] for v in per.values()):,} | "
                 f"{sum(v[1] for v in per.values()):,} |")
    return lines


def _dedup(store: Store) -> list[str]:
    row = store.execute("SELECT * FROM dedup_runs ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return ["Records have not been deduplicated yet (run `litsearch dedup`)."]
    settings = json.loads(row["settings"] or "{}")
    manual = store.execute("SELECT COUNT(*) FROM dedup_decisions").fetchone()[0]
    lines = [f"Records were deduplicated across all databases and sources by litsearch "
             f"(software version: {_cell(row['version'])}; method: {_cell(row['method'])}; "
             f"last run {row['started_at'][:10]}), with these settings:", ""]
    if row["records_in"] is not None:
        lines.append(f"- Records in: {row['records_in']:,}; distinct records out: "
                     f"{row['clusters_out'] or 0:,}")
    lines += [f"- {_cell(k)}: {_cell(v if isinstance(v, str) else json.dumps(v))}"
              for k, v in settings.items()]
    lines.append(f"- Pairs decided by hand: {manual:,}")
    return lines
