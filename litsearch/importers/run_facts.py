"""Settle what an imported search run records: platform, search string and date.

Each fact is taken from what the user stated, else from what the file itself says
(:mod:`litsearch.importers.provenance`), else left unknown with a note that says so:

- Platform: ``--platform`` (or review.toml's), else the platform the file's dialect
  shows. A stated platform that the dialect contradicts is a warning.
- Search string: ``--query``, else the string the export records itself (embase.com),
  else ``queries/<db>.txt`` only when the file comes from the platform that string is
  written for (an EBSCOhost export never takes the Ovid string). Otherwise the run has
  no string, and PRISMA-S and ``status`` say so.
- Date searched: ``--searched-on``, else the export date the file stamps (a stamp of
  the platform the file comes from), else none:
  PRISMA-S then reports the import date, marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import LitsearchError, QueryError
from ..project import Project
from ..query.files import read_sidecar
from ..query.platforms import PLATFORMS, get_platform
from .provenance import export_date, platform_label, platform_of_label


@dataclass
class RunFacts:
    """What a run records, and notes on where each fact came from."""

    platform: str | None = None
    query: str | None = None
    query_source: str | None = None
    searched_on: str | None = None
    notes: list[str] = field(default_factory=list)


def stored_query(project: Project | None, database: str) -> tuple[str | None, str | None]:
    """Return the string in ``queries/<database>.txt`` and its path, or (None, None).

    Raises:
        LitsearchError: The file is not UTF-8 text.
    """
    if project is None or not re.fullmatch(r"[\w.-]+", database):
        return None, None
    path = project.queries_dir / f"{database}.txt"
    if not path.is_file():
        return None, None
    try:
        text = path.read_text(encoding="utf-8-sig").strip()
    except UnicodeDecodeError:
        raise LitsearchError(f"queries/{path.name} is not UTF-8 text.",
                             "Save the search string as UTF-8, or pass --query.") from None
    return text or None, f"queries/{path.name}"


def string_platform(project: Project, database: str, config_platform: str | None) -> str | None:
    """Return the platform ``queries/<database>.txt`` is written for, or None if unknown.

    The platform it was rendered for (``queries/.rendered.json``), else the one the
    database name and review.toml's platform label give.
    """
    rendered = (read_sidecar(project.queries_dir).get(database) or {}).get("platform")
    if rendered in PLATFORMS:
        return PLATFORMS[rendered].family
    try:
        return get_platform(database, config_platform or "").family
    except QueryError:
        return None


def settle(project: Project | None, database: str, file: str, detected: str | None, *,
           platform: str | None, config_platform: str | None, query: str | None,
           query_source: str | None, export_query: str | None, head: str,
           searched_on: str | None, run_id: int | str = "RUN") -> RunFacts:
    """Decide the run's platform, string and date (see the module docstring).

    Args:
        project: The review (None for a bare store: no stored strings).
        database: The ``--db`` name.
        file: The file's name, for notes.
        detected: The platform the file's dialect shows (None when it does not).
        platform: ``--platform``.
        config_platform: review.toml's platform for the database.
        query: ``--query``'s text, with ``query_source`` its file.
        export_query: The string the export records itself.
        head: The start of the file's text, where export dates are stamped.
        searched_on: ``--searched-on``.
        run_id: The run's number, for the undo command the notes give.
    """
    facts = RunFacts(platform=platform or config_platform, query=query,
                     query_source=query_source, searched_on=searched_on)
    named = platform or config_platform
    said = platform_of_label(named)
    where = "--platform" if platform else "review.toml's platform"
    if detected and said and said != detected:
        facts.notes.append(f"{where} says {named!r}, but {file} is an export from "
                           f"{platform_label(detected)} (by its format); check {where}.")
    if not named and detected:
        facts.platform = platform_label(detected)
    if query is not None:
        if export_query and " ".join(query.split()) != " ".join(export_query.split()):
            facts.notes.append(f"{file} records its own search string, which differs from "
                               f"--query; the run keeps --query's.")
    elif export_query:
        # The export's own record of the string is the search exactly as run (PRISMA-S
        # item 8); a stored string that differs is worth a look.
        facts.query, facts.query_source = export_query, f"{file} (the export's own record)"
        stored, path = stored_query(project, database)
        if stored and " ".join(stored.split()) != " ".join(export_query.split()):
            facts.notes.append(f"{file} records its own search string, which differs from "
                               f"{path}; the run keeps the file's: {export_query[:80]!r}.")
    else:
        _attach_stored(facts, project, database, file, detected, config_platform, run_id)
    if searched_on is None:
        day, stamp = export_date(head, detected)
        if day:
            facts.searched_on = day
            facts.notes.append(f"date searched: {day}, from {file}'s {stamp} (pass "
                               "--searched-on if the search was run on another day).")
        else:
            facts.notes.append(f"{file} does not say when the search was run, and no "
                               "--searched-on was given: PRISMA-S reports the import date, "
                               "marked as such. To record the date, take the run back "
                               f"('litsearch import --undo {run_id}') and import the file again "
                               "with --searched-on YYYY-MM-DD.")
    return facts


def _attach_stored(facts: RunFacts, project: Project | None, database: str, file: str,
                   detected: str | None, config_platform: str | None,
                   run_id: int | str) -> None:
    text, path = stored_query(project, database)
    if text is None or project is None:
        return
    written_for = string_platform(project, database, config_platform)
    if detected and written_for == detected:
        facts.query, facts.query_source = text, path
        return
    why = (f"it is written for {platform_label(written_for)} and {file} is an export from "
           f"{platform_label(detected)}" if detected and written_for else
           f"{file} does not show which platform it came from" if written_for else
           f"litsearch cannot tell which platform {path} is written for")
    facts.notes.append(f"{path} was not recorded as this run's search string: {why}. If it is "
                       f"the string you ran, import again with --query {path} (after "
                       f"'litsearch import --undo {run_id}'); PRISMA-S says the string was not "
                       "recorded until then.")
