"""Live search commands: ``litsearch search pubmed``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..errors import QueryError
from ..search import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_FORMAT,
    EutilsClient,
    PubMedRunResult,
    count_pubmed,
    rerun_pubmed,
    resume_pubmed,
    review_email,
    search_pubmed,
)
from ..search.parse import ERROR_KINDS
from ..search.state import unfinished_with_query
from ..wording import number, plural
from .output import ReviewOption, console, err_console, lower, open_project, styled

#: NCBI asks software using E-utilities to point users to its disclaimer and copyright notice.
NCBI_NOTICE = ("Records from PubMed through NCBI E-utilities; see NCBI's disclaimer and "
               "copyright notice: https://www.ncbi.nlm.nih.gov/home/about/policies/")

search_app = typer.Typer(help="Run a search live on a database's own interface.\n\nExample:"
                              "\n\n    litsearch search pubmed --email me@example.org --count-only",
                         no_args_is_help=True)


def _read_query(path: Path) -> str:
    try:
        from ..query import read_query
    except ImportError:
        if not path.is_file():
            raise QueryError(f"no stored search string at {path}.",
                             "Write the PubMed string there or pass --query FILE.") from None
        return path.read_text(encoding="utf-8-sig").strip()
    return read_query(path).strip()


def pubmed(
    query: Path = typer.Option(None, "--query", "-q", help="File holding the search string. "
                               "Default: queries/pubmed.txt.", show_default=False),
    count_only: bool = typer.Option(False, "--count-only",
                                    help="Show PubMed's count and reading of the search; "
                                         "fetch and store nothing."),
    email: str = typer.Option(None, "--email", help="Contact e-mail sent to NCBI with every "
                              "request (required: NCBI's usage rules). Default: $NCBI_EMAIL, "
                              "then email under \\[pubmed] in review.toml.",
                              show_default=False),
    api_key: str = typer.Option(None, "--api-key", help="NCBI API key (10 requests a second "
                                "instead of 3). Default: $NCBI_API_KEY.", show_default=False),
    resume: bool = typer.Option(False, "--resume", help="Finish the last interrupted PubMed "
                                "search; records already saved are not fetched again."),
    rerun: int = typer.Option(None, "--rerun", metavar="RUN", help="Run the search stored with "
                              "search run RUN again as a new run (a refresh).",
                              show_default=False),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size",
                                   help="Records per EFetch request (1–10000; smaller loses "
                                        "less on a flaky connection)."),
    fmt: str = typer.Option(DEFAULT_FORMAT, "--format", help="EFetch format: medline (the "
                            "same record fields, a third of the bytes, faster) or xml (PubMed "
                            "XML, kept verbatim with MeSH UIs).", callback=lower),
    review: Path = ReviewOption,
) -> None:
    """Run the review's PubMed search through NCBI E-utilities and store every record.

    The search string is sent exactly as written.
    Its Count, PubMed's translation and every warning PubMed gives are shown and kept.
    Searches past 9,999 hits are split by Entrez date and checked against the Count.
    An interrupted search is finished with --resume.
    Running it again later (or --rerun RUN for an older run's string) records a new run:
    records already in the review are linked, not doubled, and the summary counts the new ones.
    $LITSEARCH_EUTILS_URL points the search at a mirror or a local test server.

    Example:

        litsearch search pubmed --email me@example.org --count-only
    """
    with open_project(review) as project:
        client = EutilsClient.from_env(email=email, api_key=api_key,
                                       default_email=review_email(project.config))
        source = str(query) if query else "queries/pubmed.txt"
        if count_only:
            text = _read_query(query or project.queries_dir / "pubmed.txt")
            result = count_pubmed(client, text)
            _print_count(result, source)
            return
        with Progress(TextColumn("Fetching PubMed records"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err_console,
                      transient=True, disable=not err_console.is_terminal) as bar:
            task = bar.add_task("fetch", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                if resume:
                    if fmt != DEFAULT_FORMAT or batch_size != DEFAULT_BATCH_SIZE:
                        err_console.print(styled(
                            "[yellow]note:[/] --format and --batch-size are not used by "
                            "--resume: the run goes on as it started."), soft_wrap=True)
                    result = resume_pubmed(project.store, client, progress=progress)
                elif rerun is not None:
                    result = rerun_pubmed(project.store, client, rerun, batch_size=batch_size,
                                          fmt=fmt, progress=progress)
                else:
                    text = _read_query(query or project.queries_dir / "pubmed.txt")
                    earlier = unfinished_with_query(project.store, text)
                    if earlier is not None:
                        err_console.print(
                            styled("[yellow]note:[/] search run {} of this string did not "
                                   "finish; this starts it over as a new run ([bold]litsearch "
                                   "search pubmed --resume[/] would have finished it).",
                                   earlier), soft_wrap=True)
                    result = search_pubmed(project.store, client, text, query_source=source,
                                           fmt=fmt, batch_size=batch_size, progress=progress)
            except KeyboardInterrupt:
                err_console.print(styled("[yellow]interrupted[/]: the records saved so far are "
                                         "kept; finish with [bold]litsearch search pubmed "
                                         "--resume[/]."))
                raise typer.Exit(130) from None
    _print_run(result)


def _print_messages(result: PubMedRunResult) -> None:
    for line in result.messages:
        # ErrorList items (a term PubMed could not use) are errors, the rest warnings.
        error = line.split(":", 1)[0] in ERROR_KINDS
        # The search ran: PubMed's own errors are warnings here, like every other one.
        err_console.print(styled("[yellow]warning:[/] PubMed could not use a term: {}" if error
                                 else "[yellow]warning:[/] PubMed: {}", line), soft_wrap=True)


def _print_translation(result: PubMedRunResult) -> None:
    # Field tags like [tiab] would otherwise be read as rich markup and vanish.
    console.print(f"PubMed's translation: {result.translation or '(none given)'}",
                  soft_wrap=True)


def _print_count(result: PubMedRunResult, source: str) -> None:
    console.print(styled("PubMed count: [bold]{}[/] for the search in {}",
                         plural(result.count, "record"), source), soft_wrap=True)
    _print_translation(result)
    _print_messages(result)


def _print_run(result: PubMedRunResult) -> None:
    console.print(styled("PubMed count: [bold]{}[/]", number(result.count)))
    _print_translation(result)
    _print_messages(result)
    parts = f", split into {number(result.parts)} date parts" if result.parts > 1 else ""
    console.print(f"Search run {result.run_id}: {plural(result.records, 'record')} stored "
                  f"({number(result.new)} new, {number(result.already)} already in the "
                  f"review){parts}; {plural(result.requests, 'request')} to NCBI.",
                  soft_wrap=True)
    console.print(NCBI_NOTICE, style="dim", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``search`` command group to the app."""
    search_app.command("pubmed")(pubmed)
    app.add_typer(search_app, name="search")
