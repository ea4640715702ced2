"""Import and export commands: ``litsearch import`` and ``litsearch export``."""

from __future__ import annotations

import sys
from datetime import date
from importlib import import_module
from pathlib import Path

import typer
import typer.core
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import ImportFormatError, LitsearchError
from ..importers.pipeline import ImportOptionError, ImportSummary, check_date, import_file
from ..importers.undo import undo_run
from ..report.export import FORMATS, export_records
from ..wording import plural
from .output import RawOption, ReviewOption, console, err_console, lower, open_project, styled

# Typer 0.2x vendors click as ``typer._click``; main() catches that module's UsageError.
_USAGE_ERROR = (getattr(typer.core, "_click", None) or import_module("click")).exceptions.UsageError

#: Parameters of an import that --undo does not take: parameter name -> as the user types it.
_IMPORT_ONLY = {"files": "FILE", "db": "--db", "platform": "--platform",
                "searched_on": "--searched-on", "query": "--query", "fmt": "--format",
                "encoding": "--encoding", "other_method": "--other-method", "new_db": "--new-db"}

#: --other-method values (PRISMA's "other methods" column).
OTHER_METHODS = ("citation", "website", "organisation", "register", "other")


def import_files(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(None, help="Export files (RIS, MEDLINE/nbib, PubMed XML, "
                                                  "CSV, BibTeX, WoS, EndNote XML, ...).",
                                       show_default=False, metavar="FILE"),
    db: str = typer.Option(None, "--db", help="The database searched: one of the databases in "
                           "review.toml (pubmed, embase, ...). Required with FILE.",
                           show_default=False),
    new_db: bool = typer.Option(False, "--new-db", help="Accept a --db that review.toml does "
                                "not list (a new source), instead of refusing it as a typo; "
                                "the import adds it to review.toml's databases."),
    platform: str = typer.Option(None, "--platform",
                                 help="The interface used (Ovid, embase.com, EBSCOhost). "
                                      "Default: review.toml's, else the one the file's format "
                                      "shows; a file from another platform is a warning."),
    searched_on: str = typer.Option(None, "--searched-on",
                                    help="Date the search was run, YYYY-MM-DD. Default: the export "
                                         "date the file stamps (Scopus, Web of Science, ProQuest), "
                                         "else none "
                                         "(reports give the import date, marked as such)."),
    query: Path = typer.Option(None, "--query", help="File holding the exact search string as "
                               "run. Default: the string the export records, else "
                               "queries/<db>.txt when the file comes from the platform that "
                               "string is written for."),
    fmt: str = typer.Option(None, "--format", help="Skip format detection: ris, medline, "
                            "pubmed-xml, csv, bibtex, ...", callback=lower),
    encoding: str = typer.Option(None, "--encoding",
                                 help="Skip encoding detection (utf-8, cp1252, utf-16)."),
    other_method: str = typer.Option(None, "--other-method", callback=lower,
                                     help="Records found by other methods: citation, website, "
                                          "organisation, register or other."),
    undo: int = typer.Option(None, "--undo", metavar="RUN", show_default=False,
                             help="Take back search run RUN (its number in 'litsearch status' "
                                  "and the import summary) and the records only it brought in; "
                                  "refused once screened. The file can then be imported again."),
    review: Path = ReviewOption,
) -> None:
    """Import export files, one search run per file, each in one transaction.

    Format and encoding are detected from the content.
    A file imported before (same SHA-256) is reported and left alone.
    Records without a title, or read from damaged text, are kept and counted as warned.
    A file that is no export, or passes a size limit, is refused whole.
    A wrong file, --db or --format is taken back with --undo RUN before screening.

    Example:

        litsearch import embase.ris --db embase --searched-on 2024-05-02
        litsearch import --undo 3
    """
    if undo is not None:
        _undo(ctx, undo, review)
        return
    if not files:
        raise _USAGE_ERROR("Missing argument 'FILE...' (or give --undo RUN).", ctx=ctx)
    if db is None:
        raise _USAGE_ERROR("Missing option '--db'.", ctx=ctx)
    _check_options(files, searched_on, query, other_method)
    query_text = _read_query(query) if query else None
    summaries: list[ImportSummary] = []
    with open_project(review) as project:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed} records"), TimeElapsedColumn(),
                      console=err_console, transient=True,
                      disable=not err_console.is_terminal) as bar:
            for index, path in enumerate(files):
                task = bar.add_task(path.name, total=None)

                def _advance(done: int, total: int, task: int = task) -> None:
                    bar.update(task, completed=done, total=total or None)

                try:
                    summaries.append(import_file(
                        project, path, db, platform=platform, searched_on=searched_on,
                        query=query_text, query_source=str(query) if query else None,
                        method=other_method or "database", format=fmt, encoding=encoding,
                        progress=_advance, new_db=new_db))
                except LitsearchError as exc:
                    # Files before this one are committed: show them before the error,
                    # and name the files after it, which are not read at all.
                    bar.stop()
                    if summaries:
                        _print_summaries(summaries)
                    rest = [p.name for p in files[index + 1:]]
                    if rest:
                        one = len(rest) == 1
                        exc.hint = (f"{exc.hint} " if exc.hint else "") + (
                            f"{', '.join(rest)} {'was' if one else 'were'} not imported "
                            f"(after this file); import {'it' if one else 'them'} again.")
                    raise
                bar.remove_task(task)
    _print_summaries(summaries)


def _undo(ctx: typer.Context, run_id: int, review: Path | None) -> None:
    """Undo one search run; any import argument or option beside --undo is a usage error."""
    given = [shown for name, shown in _IMPORT_ONLY.items() if ctx.params.get(name)]
    if given:
        raise _USAGE_ERROR(f"--undo takes no {', '.join(given)}.", ctx=ctx)
    with open_project(review) as project:
        summary = undo_run(project.store, run_id)
        report = project.outputs_dir / "dedup-report.csv"
        if report.exists():
            # Its rows name records by id; rewrite it so none points at a removed record.
            # (Imported here: loading dedup would slow every `litsearch import` start.)
            from ..dedup import write_report

            write_report(project.store, report)
    console.print(summary.message(), soft_wrap=True)


def _check_options(files: list[Path], searched_on: str | None, query: Path | None,
                   other_method: str | None) -> None:
    for path in files:
        if not path.exists():
            raise ImportFormatError(f"{path}: no such file.", "Check the path.")
    # A future date is allowed (scenarios, time zones) but is almost always a typo.
    checked = check_date(searched_on)
    if checked is not None and date.fromisoformat(checked) > date.today():
        err_console.print(styled("[yellow]note:[/] --searched-on {} is in the future; check it "
                                 "is the date the search was run.", searched_on), soft_wrap=True)
    if query is not None and not query.is_file():
        raise ImportOptionError(f"--query {query}: no such file.",
                                "Give the file holding the search string as run.")
    if other_method is not None and other_method not in OTHER_METHODS:
        raise ImportOptionError(f"--other-method {other_method!r} is not known.",
                                f"Use one of: {', '.join(OTHER_METHODS)}.")


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ImportOptionError(f"--query {path} is not UTF-8 text.",
                                "Save the search string as UTF-8 (plain text).") from None
    except OSError as exc:
        raise ImportOptionError(f"--query {path}: {exc.strerror}.",
                                "Check the path and its permissions.") from exc


def _print_summaries(summaries: list[ImportSummary]) -> None:
    table = Table(title="Import", title_justify="left")
    for col in ("file", "format", "encoding", "read", "imported", "warned", "run"):
        table.add_column(col, justify="right" if col in ("read", "imported", "warned", "run")
                         else "left", no_wrap=col != "file", overflow="fold")
    for s in summaries:
        if s.already_imported:
            table.add_row(s.file, s.format, "", str(s.read), "already imported", "",
                          str(s.run_id))
        else:
            table.add_row(s.file, s.format, s.encoding, str(s.read), str(s.imported),
                          str(s.warned), str(s.run_id))
    console.print(table)
    notes = dict.fromkeys(note for s in summaries for note in s.notes)
    for note in notes:
        err_console.print(styled("[yellow]note:[/] {}", note), highlight=False, soft_wrap=True)


def export(
    ctx: typer.Context,
    fmt: str = typer.Option("ris", "--format", "-f", help="ris, csv or bibtex.", callback=lower),
    output: Path = typer.Option(None, "--output", "-o",
                                help="File to write. Default: standard output."),
    where: str = typer.Option(None, "--where",
                              help="SQL condition on the exported columns (the CSV header: "
                                   "litsearch_record_id, search_run, year, database, …), e.g. "
                                   "\"year >= 2015\"."),
    included: bool = typer.Option(False, "--included",
                                  help="Only records included at full text."),
    raw: bool = RawOption,
    review: Path = ReviewOption,
) -> None:
    """Export records as RIS, CSV or BibTeX, with dedup cluster and screening status.

    Example:

        litsearch export -f csv -o outputs/records.csv --where "year >= 2015"
    """
    if ctx.invoked_subcommand is not None:
        return
    if fmt not in FORMATS:
        raise LitsearchError(f"--format {fmt!r} is not known.",
                             f"Use one of: {', '.join(FORMATS)}.")
    with open_project(review) as project:
        count = export_records(project.store, fmt, output or sys.stdout, where=where,
                               included_only=included, raw=raw)
    # Always on stderr: standard output may be carrying the export itself.
    where_to = f" to {output}" if output is not None else ""
    err_console.print(f"Wrote {plural(count, 'record')} ({fmt}){where_to}.")
    if included and count == 0 and not where:
        err_console.print("note: --included takes the records included at full text, and no "
                          "record is yet. The records that passed title/abstract: --where "
                          "\"status IN ('included-title-abstract', 'maybe')\".", markup=False)


#: ``litsearch export``: the records export runs when no subcommand is named.
export_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                         rich_markup_mode="rich")
export_app.callback(invoke_without_command=True)(export)


def register(app: typer.Typer) -> None:
    """Add the import and export commands to the app."""
    app.command("import")(import_files)
    app.add_typer(export_app, name="export")
