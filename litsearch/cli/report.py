"""Reporting commands: ``prisma`` (the PRISMA 2020 flow) and ``report search`` (PRISMA-S)."""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..errors import ReportError
from ..outfiles import csv_writer
from ..project import Project
from ..report.explain import ExplainRow, blind_explain, explain, records_behind, votes_hidden
from ..report.html import render_html
from ..report.notes import note_mark, numbered
from ..report.outputs import (
    SUFFIX_FORMATS,
    check_explain_format,
    prisma_output,
    project_flow,
    write_output,
)
from ..report.prisma import PrismaFlow
from ..report.prisma_s import search_report
from ..report.progress import flow_progress
from ..report.render_text import BLIND_CHECKS
from ..report.rows import flow_rows, is_box_row, pending_rows
from ..screening.blind import check_viewer, sees_every_vote
from ..screening.decisions import REVIEWER_ENV
from ..screening.policy import policy_from_config
from ..wording import number, plural
from .output import ReviewOption, console, err_console, lower, open_project, styled

#: The ``-o`` options (module-level: a Path default cannot be built in the signature).
FlowOutputOption = typer.Option(None, "--output", "-o",
                                help="Write to this file (its suffix picks the format).")
ReportOutputOption = typer.Option(None, "--output", "-o", help="Write the report to this file.")

#: Records shown per violation before eliding (the rest via --explain).
SHOW_RECORDS = 10

report_app = typer.Typer(
    name="report",
    help="Write review reports: the PRISMA-S search report and the review as a web page.\n\n"
         "The PRISMA 2020 flow diagram is 'litsearch prisma'.\n\nExample:\n\n"
         "    litsearch report search -o outputs/search-report.md",
    no_args_is_help=True,
)


def _blind_to_viewer(project: Project) -> bool:
    """Tell whether blind screening hides the counts from whoever runs ``prisma``.

    The one rule of :func:`~litsearch.screening.blind.sees_every_vote`, as ``status`` and
    ``screen conflicts`` apply it: whoever may settle conflicts sees every count (on
    PostgreSQL a lead or the database's owner; an arbiter named by
    ``$LITSEARCH_REVIEWER``).
    """
    policy = policy_from_config(project.config)
    if not policy.blind:
        return False
    viewer = (os.environ.get(REVIEWER_ENV) or "").strip() or None
    check_viewer(project.store, viewer)
    return not sees_every_vote(project.store, viewer, policy)


def prisma(
    review: Path = ReviewOption,
    fmt: str = typer.Option(None, "--format", "-f",
                            help="text, md, svg, csv (PRISMA2020 R package template) or json. "
                                 "Default: from the -o suffix, else text.",
                            callback=lower),
    output: Path = FlowOutputOption,
    explain_box: str = typer.Option(None, "--explain", metavar="BOX",
                                    help="List the records behind a box (an R package data key "
                                         "such as records_excluded or dbr_excluded)."),
    freeze: bool = typer.Option(False, "--freeze",
                                help="Record this version's included studies and a watermark; "
                                     "later runs count as an update (previous-studies column)."),
    force: bool = typer.Option(False, "--force", help="With --freeze: freeze even though "
                                                     "screening is unfinished."),
    label: str = typer.Option("", "--label", help="With --freeze: a note kept with the version."),
    strict: bool = typer.Option(False, "--strict",
                                help="Exit with code 1, saying why in one line, when an "
                                     "invariant is broken or any stage is unfinished (for "
                                     "scripts and CI)."),
) -> None:
    """Compute the PRISMA 2020 flow diagram from the review and check its arithmetic.

    Every box is counted from the store; broken invariants are printed with the records
    that cause them. The csv format loads into the PRISMA2020 R package and Shiny app.

    Example:

        litsearch prisma --format svg -o outputs/prisma.svg
    """
    if fmt is None and output and output.suffix and output.suffix.lower() not in SUFFIX_FORMATS:
        raise ReportError(f"-o {output}: no format is known for '{output.suffix}'.",
                          f"Name the file {', '.join(SUFFIX_FORMATS)} or give --format.")
    fmt = fmt or (SUFFIX_FORMATS.get(output.suffix.lower(), "text") if output else "text")
    if explain_box and freeze:
        raise ReportError("--explain and --freeze cannot be combined.",
                          "Run 'litsearch prisma --freeze' on its own.")
    if (force or label) and not freeze:
        raise ReportError(f"{'--force' if force else '--label'} only applies with --freeze.",
                          "Add --freeze, or leave the option out.")
    with open_project(review) as project:
        blind = _blind_to_viewer(project)
        if explain_box:
            fmt = check_explain_format(fmt, to_file=output is not None)
            flow = project_flow(project)
            rows = blind_explain(project.store, flow, explain_box) \
                if votes_hidden(flow, blind) else \
                explain(project.store, flow, explain_box)
            if output:
                write_output(output, _explain_text(rows, fmt))
                err_console.print(f"Wrote the {plural(len(rows), 'record')} behind "
                              f"{explain_box} to {output}")
            else:
                _print_explain(rows, explain_box, fmt)
            return
        result = prisma_output(project, fmt, freeze=freeze, force=force, label=label,
                               blind=blind)
        flow = result.flow
        # Blind and unfinished: the checks are not shown (their counts and records
        # tell the other reviewers' votes).
        problems = {} if result.hidden else \
            {id(v): records_behind(project.store, _details(flow, v.record_ids))
             for v in flow.violations}
    # Data written to stdout (csv, json, ...) must stay parseable: messages go to stderr.
    to_stderr = fmt != "text" and not output
    if result.frozen:
        v = result.frozen
        (err_console if to_stderr else console).print(
            f"Froze version {v.number}: {v.studies} studies, {v.reports} reports; "
            f"records after id {v.max_record_id} now count as new.")
    if output:
        write_output(output, result.text)
        err_console.print(f"Wrote the PRISMA 2020 flow ({fmt}) to {output}")
    elif fmt == "text":
        print_flow(flow, project.title, result.hidden)
    else:
        sys.stdout.write(result.text)
    if result.hidden:
        (err_console if to_stderr else console).print(BLIND_CHECKS, markup=False,
                                                      highlight=False)
    else:
        _print_violations(flow, problems, to_stderr=to_stderr)
    if strict:
        _strict(flow)


def _strict(flow: PrismaFlow) -> None:
    """Fail (exit 1) with one line saying why, for scripts and CI."""
    progress = flow_progress(flow)
    errors = [v for v in flow.violations if v.severity == "error"]
    if progress.finished and not errors:
        return
    why = progress.summary() if not progress.finished else \
        f"{plural(len(errors), 'PRISMA invariant')} broken ({', '.join(v.code for v in errors)})."
    err_console.print(f"error: --strict: {why}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _details(flow: PrismaFlow, ids: list[int]) -> dict[int, str]:
    return {rid: flow.statuses.get(rid, "") for rid in ids}


def print_flow(flow: PrismaFlow, title: str, hidden: frozenset[str] = frozenset()) -> None:
    """Print the flow as a table on the terminal, with the --explain key of each box.

    ``hidden`` boxes and lists (a blind reviewer's: counted from the votes) say "hidden".
    """
    progress = flow_progress(flow, hidden)
    table = Table(title=Text(progress.title(f"PRISMA 2020 flow — {title}")),
                  title_justify="left", show_edge=False)
    for col, justify in (("box", "left"), ("n", "right"), ("explain key", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    section = None
    for row in flow_rows(flow):
        if row.section != section:
            section = row.section
            table.add_row(Text(section, style="bold"), "", "", end_section=False)
        # Source names and reasons are user text: never markup ("[Embase] export").
        label = Text("  " * (row.depth + 1) + row.label,
                     style="bold" if row.key is None else "")
        mark = progress.mark(row.key) if is_box_row(flow, row) else ""
        if mark:
            label.append(f"  ({mark})", style="yellow")
        noted = note_mark(flow, row.key, hidden)
        if noted:
            label.append(f" ({noted})")
        table.add_row(label, "hidden" if row.key in hidden else number(row.n), row.key or "")
    if not progress.finished:
        console.print(progress.summary(), style="yellow", markup=False, highlight=False)
    console.print(table)
    for key, text, count in pending_rows(flow, hidden):
        console.print(Text.assemble(("Outside the final boxes:", "yellow"),
                                    f" {text}: {number(count)}  (--explain {key})"))
    # How a box's count was reached when the count alone does not say (an early stop).
    for i, key, text in numbered(flow, hidden):
        console.print(Text.assemble((f"Note {i}", "bold"), f" ({key}): {text}"))


def _print_violations(flow: PrismaFlow, problems: dict[int, list[ExplainRow] | None],
                      to_stderr: bool) -> None:
    out = err_console if to_stderr else console
    if not flow.violations:
        out.print(styled("[green]Checks: every PRISMA invariant holds.[/]"))
        return
    for v in flow.violations:
        colour = "red" if v.severity == "error" else "yellow"
        out.print(Text.assemble((f"✗ invariant {v.code} ({v.severity}):", colour),
                                f" {v.message}"), highlight=False)
        rows = problems[id(v)]
        if rows is None:
            out.print("    (records not listed: screening is blind and unfinished)",
                      highlight=False, markup=False)
            continue
        for row in rows[:SHOW_RECORDS]:
            out.print(f"    record {row.record_id} ({row.database}, {row.detail or '—'}): "
                      f"{row.title[:90]}", highlight=False, markup=False)
        if len(rows) > SHOW_RECORDS:
            out.print(f"    … and {number(len(rows) - SHOW_RECORDS)} more", highlight=False)


def _explain_text(rows: list[ExplainRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
    buf = io.StringIO()
    writer = csv_writer(buf, lineterminator="\n")
    writer.writerow(("record_id", "database", "title", "detail"))
    writer.writerows((r.record_id, r.database, r.title, r.detail) for r in rows)
    return buf.getvalue()


def _print_explain(rows: list[ExplainRow], key: str, fmt: str) -> None:
    if fmt in ("json", "csv"):
        sys.stdout.write(_explain_text(rows, fmt))
        return
    table = Table(title=f"{key}: {plural(len(rows), 'record')}",
                  title_justify="left")
    for col in ("record", "database", "title", "detail"):
        table.add_column(col, justify="right" if col == "record" else "left",
                         overflow="fold")
    for r in rows:
        table.add_row(str(r.record_id), Text(r.database), Text(r.title), Text(r.detail))
    console.print(table)


@report_app.command("search")
def search(
    review: Path = ReviewOption,
    output: Path = ReportOutputOption,
) -> None:
    """Write the PRISMA-S search report (Markdown) from the logged searches.

    Items litsearch cannot know are marked for the authors to complete.

    Example:

        litsearch report search -o outputs/search-report.md
    """
    with open_project(review) as project:
        text = search_report(project.store, project.title)
    if output:
        write_output(output, text)
        err_console.print(f"Wrote the PRISMA-S search report to {output}")
    else:
        sys.stdout.write(text)


@report_app.command("html")
def html(
    review: Path = ReviewOption,
    output: Path = typer.Option(None, "--output", "-o",
                                help="Write the page to this file (default: report.html in "
                                     "the review's outputs folder)."),
    reviewer: str = typer.Option(None, "--reviewer",
                                 help="The reviewer the page is written for (in a blind "
                                      "review, only their votes are shown)."),
    blind: bool = typer.Option(None, "--blind/--no-blind",
                               help="Hide other reviewers' votes while screening is "
                                    "unfinished. Default: the 'blind' key of the screening table "
                                    "in review.toml."),
) -> None:
    """Write the review as one self-contained web page (no server, no network needed).

    The PRISMA 2020 diagram with the records behind every box, the searches as run,
    deduplication, screening agreement and conflicts, and every record with its
    decision trail, searchable offline.

    Example:

        litsearch report html -o outputs/report.html
    """
    with open_project(review) as project, Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
            console=err_console, transient=True) as bar:
        target = output or project.outputs_dir / "report.html"
        task = bar.add_task("Writing the report page", total=None)
        page = render_html(project, reviewer=reviewer, blind=blind,
                           progress=lambda done, total, name: bar.update(
                               task, completed=done, total=total,
                               description=f"Writing the report page: {name}"))
    write_output(target, page)
    err_console.print(f"Wrote the review report page to {target}")


def register(app: typer.Typer) -> None:
    """Add the reporting commands to the app."""
    app.command("prisma")(prisma)
    app.add_typer(report_app)

