"""Store an export file in a review: detect, read, normalise, save in one transaction.

A file is imported whole or not at all. Its SHA-256 is recorded, so importing
the same file again changes nothing and says so. Each file becomes one search
run carrying its provenance: database, platform, date searched, the exact query
string, the file's name and hash, and how many records it held.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ImportFormatError, LitsearchError
from ..models import SEARCH_METHODS, Record
from ..project import CONFIG_NAME, Project
from ..review_toml import add_database
from ..runtime import gc_paused
from ..store import Store
from ..store.db import now
from ..store.records import (
    SearchRun,
    add_records,
    add_search_run,
    add_source_file,
    find_file_by_sha,
    get_search_run,
    update_search_run,
)
from ..wording import plural
from . import choose_reader
from .core_text import nul_field
from .provenance import file_platform, mixed_platforms_note, record_platform
from .repeat import same_records_note
from .run_facts import settle
from .source import Source

#: Records written per batch (bounds memory: the file is streamed, never held whole).
BATCH = 2000
#: SQLite page cache while importing, in KiB (the default 2 MiB makes the DOI and PMID
#: index pages of a large file go back and forth to the WAL; this caps it at 32 MiB).
IMPORT_CACHE_KIB = 32768

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportOptionError(LitsearchError):
    """An import option (date, method, database name) is invalid."""


@dataclass
class ImportSummary:
    """What importing one file did.

    Attributes:
        file: The file's name.
        format: The reader used.
        encoding: The encoding the text was decoded with.
        read: Records read from the file.
        imported: Records stored (0 when the file was imported before).
        warned: Records stored with a warning (no title, ...).
        already_imported: True when a file with the same SHA-256 was imported before.
        run_id: The search run the records belong to (the earlier one if already imported).
        sha256: The file's SHA-256.
        notes: Remarks for the user (encoding fallback, unknown database, missing ER).
    """

    file: str
    format: str = ""
    encoding: str = ""
    read: int = 0
    imported: int = 0
    warned: int = 0
    already_imported: bool = False
    run_id: int | None = None
    source_file_id: int | None = None
    sha256: str = ""
    database: str = ""
    notes: list[str] = field(default_factory=list)

    def message(self) -> str:
        """Return a one-line account of the import."""
        if self.already_imported:
            return (f"{self.file}: already imported (same SHA-256, search run {self.run_id}); "
                    "nothing changed.")
        return (f"{self.file}: {self.format}, {self.encoding}: read {self.read}, imported "
                f"{self.imported}, warned {self.warned} (search run {self.run_id}).")


def check_date(value: str | None, flag: str = "--searched-on") -> str | None:
    """Return a YYYY-MM-DD date, or None when none is given (never today by default).

    Raises:
        ImportOptionError: Not a real calendar date.
    """
    if value is None:
        return None
    if not _DATE_RE.match(value):
        raise ImportOptionError(f"{flag} {value!r} is not a date.", "Write it as YYYY-MM-DD.")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ImportOptionError(f"{flag} {value!r} is not a real date.",
                                "Write it as YYYY-MM-DD.") from None
    return value


def _config_platform(project: Project | None, database: str, new_db: bool) -> str | None:
    """Return review.toml's platform for ``database``.

    Raises:
        ImportOptionError: The review lists databases and this is not one of them
            (unless ``new_db``): a typo must not become a source of its own.
    """
    if project is None or not project.databases:
        return None
    for entry in project.databases:
        if str(entry.get("name", "")).lower() == database:
            return entry.get("platform")
    if new_db:
        return None
    names = ", ".join(str(d.get("name")) for d in project.databases)
    raise ImportOptionError(f"--db {database!r} is not one of the review's databases ({names}).",
                            "Use one of those names, or pass --new-db to add a source the "
                            "review did not list.")


def import_file(project_or_store: Project | Store, path: str | Path, database: str,
                platform: str | None = None, searched_on: str | None = None,
                query: str | None = None, query_source: str | None = None,
                method: str = "database", format: str | None = None,
                encoding: str | None = None,
                progress: Callable[[int, int], None] | None = None,
                new_db: bool = False) -> ImportSummary:
    """Import one export file as one search run, in one transaction.

    Args:
        project_or_store: The review (its ``queries/<database>.txt`` supplies the query
            when none is given and the file comes from the platform the string is
            written for: :mod:`litsearch.importers.run_facts`) or a bare store.
        path: The export file.
        database: The database searched ("embase", "pubmed", ...).
        platform: The interface ("Ovid", "embase.com"); default from review.toml, else
            the platform the file's dialect shows.
        searched_on: The date the search was run, YYYY-MM-DD (default: the export date
            the file stamps, else none: reports give the import date, marked as such).
        query: The exact search string as run.
        query_source: Where the query came from (a file name).
        method: PRISMA identification method, one of ``SEARCH_METHODS``.
        format: A reader name, to skip content detection.
        encoding: The file's encoding, to skip detection.
        progress: Called with (records done, 0) as records are stored (total unknown
            until the file is read).
        new_db: Accept a database the review's review.toml does not list (sources of
            other methods are always accepted).

    Returns:
        The summary; ``already_imported`` when the same bytes were imported before.

    Raises:
        ImportFormatError: The file is missing, unrecognised or unreadable (nothing stored).
        ImportOptionError: A bad date, method, an empty database name, or one the
            review does not list (without ``new_db``).
    """
    project = project_or_store if isinstance(project_or_store, Project) else None
    store = project.store if project is not None else project_or_store
    assert isinstance(store, Store)
    database = database.strip().lower()
    if not database:
        raise ImportOptionError("--db is empty.", "Name the database searched, e.g. --db embase.")
    if method not in SEARCH_METHODS:
        raise ImportOptionError(f"unknown method {method!r}.",
                                f"Use one of: {', '.join(SEARCH_METHODS)}.")
    searched_on = check_date(searched_on)
    # Other methods (reference lists, websites, registers) name their source freely.
    config_platform = _config_platform(project, database, new_db or method != "database")
    source = Source.from_path(path, encoding=encoding)
    summary = ImportSummary(file=source.name, sha256=source.sha256, database=database,
                            encoding=source.encoding)
    with store.bulk_cache(IMPORT_CACHE_KIB), gc_paused(), store.transaction():
        _import(store, project, source, summary, path, platform, searched_on, query,
                query_source, method, format, progress, config_platform)
        if project is not None and method == "database":
            # Written before the import commits: a review.toml that cannot take the
            # database (not writable, refused by its check) leaves nothing imported, so
            # the import can be run again (after commit a re-run says "already imported"
            # and the database is never listed).
            _list_new_database(project, store, summary)
    return summary


def _list_new_database(project: Project, store: Store, summary: ImportSummary) -> None:
    """Add a database ``--new-db`` accepted to review.toml, so later imports know it.

    Only when review.toml lists databases (a review that lists none checks no name) and
    this import's run is of that database (a file imported before under another --db
    added nothing).
    """
    database = summary.database
    if not project.databases or any(str(d.get("name", "")).lower() == database
                                    for d in project.databases):
        return
    run = get_search_run(store, summary.run_id) if summary.run_id is not None else None
    if run is None or run.database != database:
        return
    try:
        project.config = add_database(project.root / CONFIG_NAME, database, run.platform)
    except LitsearchError as exc:
        raise type(exc)(f"{exc.message.rstrip('.')}; nothing was imported: --new-db lists "
                        f"{database} in {CONFIG_NAME}.", exc.hint, exc.title) from exc
    store.settings = project.config
    on = f" (platform {run.platform})" if run.platform else ""
    summary.notes.append(f"{database}{on} is now one of the review's databases in "
                         f"{CONFIG_NAME}: later imports name it without --new-db.")


def _import(store: Store, project: Project | None, source: Source, summary: ImportSummary,
            path: str | Path, platform: str | None, searched_on: str | None, query: str | None,
            query_source: str | None, method: str, format: str | None,
            progress: Callable[[int, int], None] | None, config_platform: str | None) -> None:
    """Do the work of :func:`import_file` inside one transaction (fills ``summary``)."""
    database = summary.database
    with store.transaction():
        earlier = find_file_by_sha(store, source.sha256)
        if earlier is not None:
            summary.already_imported = True
            summary.run_id = earlier["search_run_id"]
            summary.source_file_id = earlier["id"]
            summary.format = earlier["format"]
            summary.read = earlier["records_read"]
            before = get_search_run(store, earlier["search_run_id"])
            if before is not None and before.database != database:
                when = f"searched on {before.searched_on}" if before.searched_on \
                    else "search date not recorded"
                summary.notes.append(
                    f"{source.name} was imported before as search run {before.id} for "
                    f"{before.database} ({when}), not {database}; "
                    "nothing changed. One file is one search run: if the first import "
                    f"named the wrong --db, take it back with 'litsearch import --undo "
                    f"{before.id}' and import it again.")
            if not earlier["records_read"]:
                summary.notes.append(
                    f"{source.name} holds no records, so its bytes do not tell one search "
                    f"from another: it is the same file as search run {earlier['search_run_id']}"
                    f" ({earlier['name']}). If it is the export of another search that found "
                    "nothing, add a blank line at its end (the bytes then differ) and import "
                    "it again, to record that search too.")
            return
        reader = choose_reader(source, format)
        summary.format = reader.name
        notes: list[str] = []
        run = SearchRun(database=database, platform=platform or config_platform, method=method,
                        kind="import", query=query, query_source=query_source,
                        searched_on=searched_on, status="running")
        summary.run_id = run_id = add_search_run(store, run)
        summary.source_file_id = file_id = add_source_file(
            store, run_id, path=str(Path(path).resolve()), name=source.name,
            sha256=source.sha256, format=reader.name, encoding=source.encoding,
            size_bytes=source.size)
        batch: list[Record] = []
        stamp = now()
        untitled = 0
        platforms: Counter[str | None] = Counter()
        for record in reader.records(source):
            if (bad := nul_field(record)) is not None:
                where = f"the record at line {record.line}" if record.line else \
                    f"record {record.position or summary.read + 1}"
                raise ImportFormatError(
                    f"{source.name} {where}: binary data (a NUL byte) in {bad}; "
                    "nothing was imported.",
                    "Check that this is the export file (not a binary or damaged copy), "
                    "or remove the NUL bytes (tr -d '\\000' < in > out) and import again.")
            platforms[record_platform(reader.name, record)] += 1
            if record.database and record.database.lower() != database:
                # A platform export names its own source database per record (WoS accession
                # "BCI:" = BIOSIS Previews); keep it beside the --db the user searched.
                record.extra.setdefault("source_database", record.database)
            record.database = database
            summary.read += 1
            if record.warnings:
                summary.warned += 1
                record.extra.setdefault("import_warnings", list(record.warnings))
            untitled += not record.title
            batch.append(record)
            if len(batch) >= BATCH:
                summary.imported += len(add_records(store, run_id, batch, file_id, stamp))
                batch = []
                if progress:
                    progress(summary.read, 0)
        summary.imported += len(add_records(store, run_id, batch, file_id, stamp))
        if progress:
            progress(summary.read, summary.read)
        if summary.read == 0 and format is not None and not (
                reader.holds_frame_only(source) or reader.sniff(source.head)):
            # Not this format at all (a frame without records, or a header row the reader
            # knows, is a search that found nothing): most likely the wrong --format. Stop,
            # so nothing (not even the SHA-256, which would block a corrected import) is
            # stored.
            raise ImportFormatError(
                f"{source.name}: no records read as {reader.name} (--format {format}).",
                "Check the format, or leave --format out: the format is detected from the "
                "content.")
        facts = settle(project, database, source.name, file_platform(platforms),
                       platform=platform, config_platform=config_platform, query=query,
                       query_source=query_source, export_query=source.query, head=source.head,
                       searched_on=searched_on, run_id=run_id)
        notes += facts.notes
        update_search_run(store, run_id, platform=facts.platform, query=facts.query,
                          query_source=facts.query_source, searched_on=facts.searched_on)
        summary.notes = [*source.notes, *notes]
        for extra_note in (mixed_platforms_note(source.name, platforms, run_id, database),
                           same_records_note(store, run_id, database, source.name)):
            if extra_note is not None:
                summary.notes.append(extra_note)
        if summary.read == 0:
            summary.notes.append(f"{source.name} holds no records (an empty {reader.name} "
                                 "export): recorded as a search that found none; PRISMA-S "
                                 "lists it with 0 records.")
        if untitled:
            kept = "has no title; it was" if untitled == 1 else "have no title; they were"
            summary.notes.append(f"{plural(untitled, 'record')} {kept} kept.")
        if summary.warned > untitled:
            one = summary.warned == 1
            summary.notes.append(f"{plural(summary.warned, 'record')} "
                                 f"{'carries' if one else 'carry'} a reading warning; "
                                 f"{'it was' if one else 'they were'} kept, with the warning in "
                                 f"{'its' if one else 'their'} extra fields.")
        store.execute("UPDATE source_files SET records_read = ?, records_imported = ?, "
                      "records_warned = ? WHERE id = ?",
                      (summary.read, summary.imported, summary.warned, file_id))
        # No reported_count: an export holds the records, not the count the source
        # reported for the search (PRISMA-S must not pass one for the other).
        update_search_run(store, run_id, status="complete", finished_at=now(),
                          messages=summary.notes,
                          notes=f"Imported from {source.name} (SHA-256 {source.sha256}), "
                                f"{summary.read} records.")
