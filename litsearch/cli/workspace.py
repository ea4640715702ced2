"""Workspace commands: ``init``, ``status``, ``demo``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from ..dedup.queue import describe_kind
from ..project import Project
from ..screening.decisions import REVIEWER_ENV
from ..screening.refused import REFUSED_HINT
from ..status import review_status
from ..wording import number, plural
from .output import ReviewOption, console, open_project, styled


def init(
    directory: Path = typer.Argument(..., help="Folder to create the review in."),
    title: str = typer.Option("", "--title", "-t", help="The review's title."),
    question: str = typer.Option("", "--question", "-q", help="The review question."),
    reviewer: list[str] = typer.Option(None, "--reviewer",
                                       help="A reviewer's name (repeat for several)."),
) -> None:
    """Create a review workspace: review.toml, queries/strategy.toml, screening/, outputs/.

    queries/strategy.toml and screening/criteria.toml are commented examples to edit
    (docs/strategy.md documents the strategy file).

    An existing review is never overwritten.

    Example:

        litsearch init zingeving --title "Meaning-making in outpatient care"
    """
    project = Project.create(directory, title=title, question=question,
                             reviewers=list(reviewer or []))
    console.print(styled("Created review [bold]{}[/] in {}", project.title, project.root))
    console.print(styled("Next: edit the example strategy in queries/strategy.toml, then "
                         "[bold]litsearch import FILE --db NAME[/] or [bold]litsearch search "
                         "pubmed[/]."))
    project.close()


def status(
    review: Path = ReviewOption,
    as_json: bool = typer.Option(False, "--json", help="Print the status as a JSON object."),
    reviewer: str = typer.Option(None, "--reviewer", show_default=False,
                                 help="Who asks, if not $LITSEARCH_REVIEWER (on a team "
                                      "review: who you are connected as). While screening "
                                      "is blind, a reviewer sees counts from their own "
                                      "decisions only."),
) -> None:
    """Show where the review stands: records, search runs, duplicates, screening, next step.

    The JSON keys are documented in docs/status.md.

    Example:

        litsearch status --json
    """
    with open_project(review) as project:
        report = review_status(project, reviewer or os.environ.get(REVIEWER_ENV) or None)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print_status(report)


def print_status(report: dict[str, Any]) -> None:
    """Render a status dict as rich tables."""
    console.print(styled("[bold]{}[/]  ({})", report["review"]["title"], report["review"]["root"]))
    runs = Table(title=f"Search runs — {plural(report['records']['total'], 'record')}",
                 title_justify="left")
    # The status column only when a run is not complete: at 80 columns it would otherwise
    # squeeze the dates and file names for a column that says "complete" on every row.
    states = [_run_state(run) for run in report["search_runs"]]
    columns = ["run", "database", "platform", "searched", "records", "new", "source"]
    columns += ["status"] if any(state != "complete" for state in states) else []
    for col in columns:
        runs.add_column(col, justify="right" if col in ("run", "records", "new") else "left",
                        no_wrap=col == "searched", min_width=10 if col == "searched" else None)
    for run, state in zip(report["search_runs"], states, strict=True):
        runs.add_row(str(run["id"]), run["database"], run["platform"] or "",
                     run["searched_on"] or "", number(run["records"]), number(run["new_records"]),
                     run["files"] or run["kind"], *([state] if "status" in columns else []))
    console.print(runs)
    for run in report["search_runs"]:
        if run.get("warned"):
            console.print(f"warning: search run {run['id']} ({run['database']}) has "
                          f"{plural(run['warned'], 'record')} read with a warning (no title, or "
                          "damaged text); they are kept with their original text and "
                          "the reason.", style="yellow")
        if run["unfinished"]:
            console.print(styled("[bold yellow]Unfinished:[/] search run {} ({}) stopped at {}; "
                                 "its records are kept, but the search is not complete.",
                                 run["id"], run["database"], run["progress"]))
        elif run["superseded_by"] is not None:
            console.print(f"Search run {run['id']} ({run['database']}) was started again as run "
                          f"{run['superseded_by']} before it finished; reports count them as "
                          "one search.", style="dim")
    for gap in report.get("search_report_gaps", []):
        console.print(styled("[yellow]PRISMA-S:[/] {}", gap), soft_wrap=True)
    d = report["dedup"]
    console.print(f"Dedup: {plural(d['records_deduplicated'], 'record')} in "
                  f"{plural(d['clusters'], 'cluster')}, {plural(d['duplicates'], 'duplicate')}, "
                  f"{number(d['records_pending'])} not yet deduplicated, "
                  f"{plural(d['pairs_awaiting_review'], 'pair')} awaiting review")
    decided = d["pairs_decided"]
    one = decided["one_by_one"]
    if sum(one.values()) or decided["bulk"] or decided["splits"]:
        console.print(f"Dedup decisions: {number(one['same'])} same and "
                      f"{number(one['different'])} different decided one by one; "
                      f"{number(sum(k['pairs'] for k in decided['bulk'].values()))} accepted "
                      "in bulk" + (f"; {plural(decided['splits'], 'cluster')} split"
                                   if decided["splits"] else ""))
        for kind, k in decided["bulk"].items():
            console.print(f"  in bulk: {plural(k['pairs'], 'pair')} of the kind "
                          f"'{describe_kind(kind)}', after {number(k['sample'])} of it "
                          "checked one by one", soft_wrap=True, markup=False)
    s = report["screening"]
    table = Table(title="Screening", title_justify="left",
                  caption="2nd = awaiting second reviewer; n.r. = report not retrieved",
                  caption_justify="left")
    columns = ("pool", "awaiting", "awaiting_second", "include", "exclude", "maybe",
               "not-retrieved", "conflicts")
    headers = ("pool", "to do", "2nd", "incl.", "excl.", "maybe", "n.r.", "confl.")
    table.add_column("stage", no_wrap=True)
    for header in headers:
        table.add_column(header, justify="right")
    for stage in ("title-abstract", "full-text"):
        c = s[stage]
        table.add_row(stage, *("hidden" if c.get(k, 0) is None else number(c.get(k, 0))
                               for k in columns))
    console.print(f"Excluded by rule criteria (automation): {number(s['auto_excluded'])}")
    console.print(table)
    console.print(votes_line(s), markup=False)
    for reviewer, stages in s["decisions_by_reviewer"].items():
        parts = ", ".join(f"{k}: {number(v)}" for k, v in stages.items())
        console.print(f"  {reviewer}: {parts}")
    if any(s[stage].get("outcomes_hidden") for stage in ("title-abstract", "full-text")):
        console.print("Screening is blind and unfinished: the counts drawn from the votes "
                      "are hidden (incl., excl., maybe, n.r., confl.).", markup=False)
    stop = report.get("stopping")
    if stop and stop.get("hidden"):
        console.print("Stopping estimate: hidden while screening is blind and unfinished "
                      "(name yourself with --reviewer NAME for the estimate from your own "
                      "decisions).", markup=False)
    elif stop:
        verdict = ("reached" if stop["reached"] else
                   f"not yet (p = {stop['p_value']:.3g})")
        whose = ("for the review (every reviewer's decisions; the app shows each "
                 "reviewer's own)" if stop.get("whose") is None else
                 f"from {stop['whose']}'s own decisions only (blind screening)")
        console.print(f"Stopping estimate {whose}: {number(stop['found'])} relevant "
                      f"(included or maybe) found in "
                      f"{number(stop['screened'])} of {number(stop['pool'])} screened; "
                      + ("too early to estimate how many are left" if stop["too_early"] else
                         f"about {number(round(stop['remaining_estimate']))} (median "
                         "estimate) left")
                      + f" unscreened (at most {number(stop['remaining_upper'])}); "
                      f"{stop['target']:.0%} recall at {stop['confidence']:.0%} confidence: "
                      f"{verdict}. Details: litsearch screen --stopping", markup=False)
        if stop.get("stopped_by_rule"):
            stopped = plural(stop["stopped_by_rule"], "record")
            console.print(f"Screening was stopped early: {stopped}"
                          " excluded by the stopping rule (prisma --explain "
                          "records_excluded_automation).", markup=False)
    kept = report.get("kept_decisions")
    if kept and kept["kept"]:
        console.print(f"{plural(kept['kept'], 'decision')} keyed while the review server was "
                      f"away not yet written (in {kept['journal']}): open 'litsearch screen' "
                      "to write them.", style="yellow", markup=False, soft_wrap=True)
    if kept and kept["refused"]:
        console.print(f"{plural(kept['refused'], 'kept decision')} refused by the review "
                      f"server, set aside in {kept['refused_file']} (each with the reason; "
                      f"{REFUSED_HINT}).",
                      style="bold red", markup=False, soft_wrap=True)
    nxt = report["next"]
    console.print(styled("Next: [bold]{}[/]  ({})", nxt["command"], nxt["why"]))
    for step in nxt.get("also", ()):
        console.print(styled("Also: [bold]{}[/]  ({})", step["command"], step["why"]))


def _run_state(run: dict[str, Any]) -> str | Text:
    """Return the status cell of a search run: complete, unfinished, or redone."""
    if run["status"] == "complete":
        return "complete"
    if run["superseded_by"] is not None:
        return styled("[yellow]unfinished[/], redone as {}", run["superseded_by"])
    of = f"/{number(run['reported_count'])}" if run["reported_count"] is not None else ""
    return styled("[bold yellow]unfinished[/] {}{}", number(run["records"]), of)


def demo(
    out: Path = typer.Option(Path("demo-review"), "--out", "-o",
                             help="Folder for the demo review (created)."),
    force: bool = typer.Option(False, "--force",
                               help="Replace an earlier demo in that folder (only a demo)."),
) -> None:
    """Run the whole pipeline offline on bundled example exports, into a fresh review.

    Renders the search strategy, imports synthetic PubMed, Embase, PsycINFO, Scopus and Web
    of Science exports, deduplicates, screens (rules, then two scripted reviewers) and writes
    the PRISMA 2020 flow and PRISMA-S report to outputs/.

    Example:

        litsearch demo --out demo-review
    """
    from ..demo.run import run_demo

    with console.status("Running the demo") as spinner:
        result = run_demo(out, force=force, say=lambda line: spinner.update(line))
    table = Table(title=f"Demo review in {result.root}", title_justify="left")
    table.add_column("stage")
    table.add_column("what happened")
    for stage, line in result.steps:
        table.add_row(stage, line)
    console.print(table)
    print_status(result.status)
    from ..report.outputs import project_flow
    from .report import print_flow

    with Project.open(result.root) as project:
        print_flow(project_flow(project), project.title)
    console.print("Outputs: " + ", ".join(p.name for p in result.outputs))
    console.print(styled("Look inside with [bold]litsearch status --review {}[/] or "
                         "[bold]litsearch prisma --review {}[/].", result.root, result.root))


def register(app: typer.Typer) -> None:
    """Add the workspace commands to the app."""
    app.command("init")(init)
    app.command("status")(status)
    app.command("demo")(demo)


def votes_line(screening: dict[str, Any]) -> str:
    """Say how many votes each stage needs and who screens there (the rules in force)."""
    parts = []
    for stage in ("title-abstract", "full-text"):
        c = screening[stage]
        who = c.get("screeners", [])
        parts.append(f"{stage} {number(c.get('votes_required', 1))} "
                     f"({len(who)} screening{': ' + ', '.join(who) if who else ''})")
    return "Votes needed per record: " + "; ".join(parts) + \
        " ([screening] votes in review.toml; see docs/screening.md)."
