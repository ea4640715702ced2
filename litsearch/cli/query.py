"""``litsearch query``: render, list, parse and lint search strings."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.padding import Padding
from rich.table import Table

from ..errors import ProjectNotFoundError, QueryError
from ..query import PLATFORMS, LintResult, get_platform, lint_paths, parse_file, render_files
from ..query.detect import FAMILY_NAMES
from ..query.lint import Finding
from ..wording import plural
from .output import ReviewOption, console, err_console, open_project, styled

query_app = typer.Typer(no_args_is_help=True, help="Search strategy: render each database's "
                        "string, parse existing strings, lint them.\n\n"
                        "The strategy lives in queries/strategy.toml (docs/strategy.md)."
                        "\n\nExample:\n\n"
                        "    litsearch query render")

_SEVERITY = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(
    db: list[str] = typer.Option(None, "--db", help="Render only this database (repeat for "
                                 "several). Default: the review's databases."),
    force: bool = typer.Option(False, "--force", help="Overwrite strings edited by hand."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when a rendered string has "
                                "any lint finding."),
    review: Path = ReviewOption,
) -> None:
    """Write queries/<db>.txt for each database from queries/strategy.toml.

    docs/strategy.md documents the strategy file: blocks, fields, proximity,
    headings per vocabulary, searches, limits and per-platform overrides.

    Each string is linted (findings are reported, not fatal unless --strict); notes
    say what to set by hand on the platform.

    A file edited by hand is kept, its difference shown, and the exit code is 1;
    --force replaces it.

    Example:

        litsearch query render --db pubmed --db scopus
    """
    with open_project(review) as project:
        labels = {d["name"]: d.get("platform", "") for d in project.databases}
        targets = [(n, labels.get(n, "")) for n in db] if db else \
            list(labels.items()) or list(PLATFORMS)
        outcomes = render_files(project.queries_dir, targets, force=force, skip_unknown=not db)
    kept = []
    for o in outcomes:
        style = {"kept": "bold red", "overwritten": "yellow", "unchanged": "dim",
                 "skipped": "dim"}.get(
            o.status, "green")
        extra = f" ({o.strings} strings)" if o.strings > 1 else ""
        console.print(styled(f"[{style}]{{}}[/] {{}}{{}}  [dim]{{}}[/]", f"{o.status:>11}",
                             o.path, extra, o.platform))
        for note in o.notes:
            # Padding keeps wrapped note lines under the note, not at column 0.
            console.print(Padding(styled("[dim]note:[/] {}", note), (0, 0, 0, 13),
                                  expand=False))
        print_findings(o.findings, str(o.path), indent=12)
        if o.diff:
            console.print(o.diff, highlight=False, soft_wrap=True)
        if o.status == "kept":
            kept.append(o.db)
    if kept:
        err_console.print(styled("[bold red]kept[/] hand-edited {}: re-run with --force to "
                                 "replace them.", ", ".join(kept)))
        raise typer.Exit(1)
    if strict and any(o.findings for o in outcomes):
        err_console.print(styled("[bold red]lint findings[/] in the rendered strings "
                                 "(--strict)."))
        raise typer.Exit(1)


def dbs(review: Path = ReviewOption) -> None:
    """List the platforms litsearch renders for, with what to know about each.

    In a review, the review column names the databases that use each platform.

    Example:

        litsearch query dbs
    """
    used: dict[str, list[str]] = {}
    try:
        with open_project(review) as project:
            for d in project.databases:
                try:
                    used.setdefault(get_platform(d["name"], d.get("platform", "")).id,
                                    []).append(d["name"])
                except QueryError:
                    continue
    except ProjectNotFoundError:
        pass
    table = Table(title="Search platforms", title_justify="left", show_lines=True)
    for col in ("--db", "platform", "review", "headings", "notes"):
        table.add_column(col)
    for p in PLATFORMS.values():
        table.add_row(p.id, p.label, ", ".join(used.get(p.id, [])) or "-", p.vocabulary or "-",
                      "\n".join(p.notes))
    console.print(table)


def parse(
    file: Path = typer.Argument(..., help="File holding the search string."),
    db: str = typer.Option(..., "--db", help="The platform it was written for, or "
                           "'plain': terms ORed, no field tags (the style of the zingeving "
                           "report's Appendix 1)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the strategy here "
                                "instead of printing it."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
) -> None:
    """Read an existing search string into strategy blocks (TOML).

    The TOML is printed, or written with -o FILE (an existing file is kept unless --force).

    Example:

        litsearch query parse queries/examples/pubmed-gp-care.txt --db pubmed
    """
    text, warnings = parse_file(file, db, output, force)
    for w in warnings:
        err_console.print(styled("[yellow]warning:[/] {}", w))
    if output is None:
        print(text, end="")
    else:
        err_console.print(f"Wrote the strategy to {output}")


def lint(
    file: Path = typer.Argument(None, help="File holding a search string."),
    all_files: bool = typer.Option(False, "--all", help="Lint every queries/<db>.txt of the "
                                   "review."),
    db: str = typer.Option(None, "--db", help="The platform (default: the file's name, "
                           "else the platform whose syntax the string shows, else plain)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too, not only "
                                "on errors."),
    review: Path = ReviewOption,
) -> None:
    """Check search strings for quote, bracket, field, wildcard, precedence and term
    mistakes.

    --all checks queries/strategy.toml and every queries/<db>.txt of the review.

    Each finding has a code, severity, line:col and a fix. The exit code is 1 when
    any finding is an error (with --strict: any finding at all), else 0.

    Example:

        litsearch query lint queries/pubmed.txt --strict
    """
    if all_files:
        with open_project(review) as project:
            results = lint_paths([project.queries_dir], db)
    elif file is not None:
        results = lint_paths([file], db)
    else:
        raise typer.BadParameter("give a FILE or --all.")
    if not results:
        console.print("Nothing to lint: no queries/strategy.toml and no queries/<db>.txt yet. "
                      "Write the strategy, then run 'litsearch query render'.", soft_wrap=True)
    for r in results:
        n = len(r.findings)
        console.print(styled("[bold]{}[/] [dim]({})[/]: {} finding{}", r.path, _chosen(r),
                             n or "no", "s" if n != 1 else ""), soft_wrap=True)
        print_findings(r.findings, str(r.path))
    errors = sum(r.errors for r in results)
    if errors or (strict and any(r.findings for r in results)):
        err_console.print(styled(f"[bold red]{plural(errors, 'error')}[/]"
                                 + ("" if errors else " (warnings count with --strict)") + "."))
        raise typer.Exit(1)


def _chosen(result: LintResult) -> str:
    """Say which platform's rules were used and why (for the lint header)."""
    if result.chosen_by == "syntax":
        name = FAMILY_NAMES.get(result.platform, PLATFORMS[result.platform].label)
        return f"looks like {name} syntax; linted as {result.platform}, --db to choose"
    if result.chosen_by == "none":
        return "no platform's syntax recognised: plain style; --db to choose"
    return result.platform


def print_findings(findings: list[Finding], where: str, indent: int = 2) -> None:
    """Print findings as ``line:col severity code message`` with their fix."""
    pad = " " * indent
    for f in findings:
        colour = _SEVERITY[f.severity]
        console.print(styled(f"{pad}{{}}:{{}} [{colour}]{{}}[/] {{}} {{}}: {{}}", f.line, f.col,
                             f.severity, f.code, f.name, f.message))
        if f.context:
            console.print(styled(pad + "  [dim]|[/] {}", f.context), soft_wrap=True)
            console.print(styled(f"{pad}  [dim]|[/] {' ' * f.caret}[{colour}]^[/]"))
        console.print(styled(pad + "  [dim]fix:[/] {}", f.fix))


def register(app: typer.Typer) -> None:
    """Add the query commands to the app."""
    query_app.command("render")(render)
    query_app.command("dbs")(dbs)
    query_app.command("parse")(parse)
    query_app.command("lint")(lint)
    app.add_typer(query_app, name="query")
