"""``litsearch dedup``: find duplicates, review doubtful pairs, split a cluster."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..dedup import (
    DedupSettings,
    DedupSummary,
    decide_pair,
    run_dedup,
    split_cluster,
    undo_split,
    write_report,
)
from ..dedup.queue import count_review_pairs
from ..project import CONFIG_NAME, Project
from ..screening.decisions import pick_reviewer
from ..wording import number, plural
from .output import ReviewOption, console, err_console, open_project, styled

REPORT_NAME = "dedup-report.csv"

#: The old spelling of the review folder (before ``dedup review`` had its own subcommand,
#: ``--review`` opened the pair review). Kept hidden for one version, with a note.
ReviewDirOption = typer.Option(None, "--review-dir", hidden=True, show_default=False)

ReviewerOption = typer.Option(None, "--reviewer",
                              help="Your name, stored with each decision. Default: "
                                   "$LITSEARCH_REVIEWER, or the only reviewer in review.toml.")


def dedup(
    ctx: typer.Context,
    reviewer: str = ReviewerOption,
    split_cluster: int = typer.Option(None, "--split-cluster", metavar="CLUSTER",
                                      help="Put every record of cluster CLUSTER (its number in "
                                           "outputs/dedup-report.csv) back on its own and keep "
                                           "them apart in later runs."),
    split: int = typer.Option(None, "--split", metavar="CLUSTER", hidden=True),
    unsplit: int = typer.Option(None, "--undo-split", metavar="RECORD",
                                help="Take back the latest split that set record RECORD apart "
                                     "(its records are matched by the evidence again)."),
    undo: tuple[int, int] | None = typer.Option(None, "--undo", metavar="RECORD RECORD",
                                         help="Withdraw the standing same/different decision "
                                              "on these two records, from any session; the "
                                              "pair is matched by the evidence again."),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
    review: Path = ReviewOption,
    review_dir: Path = ReviewDirOption,
) -> None:
    """Group duplicate records into clusters; only records new since the last run are matched.

    Exact identifiers first (DOI, PMID, PMCID), then fuzzy title, authors, year,
    journal, volume and pages, with vetoes for errata, Part I/II, generic titles,
    conference abstracts, preprints, different DOIs and year gaps. Doubtful pairs
    wait for 'litsearch dedup review'. Writes outputs/dedup-report.csv.

    Example:

        litsearch dedup
        litsearch dedup review --reviewer reviewer1
        litsearch dedup --split-cluster 12 --reviewer reviewer1
    """
    if ctx.invoked_subcommand is not None:
        return
    if split is not None:
        note("--split is now --split-cluster (it takes a cluster number); --split goes in "
             "the next version.")
        split_cluster = split if split_cluster is None else split_cluster
    with open_project(_folder(review, review_dir)) as project:
        if undo:
            _undo(project, undo, reviewer)
        elif unsplit is not None:
            name = _reviewer(project, reviewer)
            members = undo_split(project.store, unsplit, name)
            write_report(project.store, project.outputs_dir / REPORT_NAME)
            console.print(f"Took back the split of records {', '.join(map(str, members))}; "
                          "they are matched by the evidence again.")
        elif split_cluster is not None:
            _split(project, split_cluster, reviewer)
        else:
            _run(project, as_json)


def review_pairs(
    reviewer: str = ReviewerOption,
    review: Path = ReviewOption,
    review_dir: Path = ReviewDirOption,
) -> None:
    """Review the doubtful pairs side by side: s same, d different, k skip, u undo, q quit.

    The most likely duplicates come first; the reason a pair waits and the fields
    that differ are shown at the top, then DOI, PMID, year and database; arrows,
    PgUp/PgDn and Home/End scroll the rest (Tab moves them to the panel at the top
    and back); ? lists the keys. Every call is stored
    and kept by later runs.
    A accepts every waiting pair of the shown kind (its reason and unreadable fields)
    as same, once 3 pairs of that kind were checked one by one; each pair gets its
    own decision, which u undoes one at a time.

    Example:

        litsearch dedup review --reviewer reviewer1
    """
    with open_project(_folder(review, review_dir)) as project:
        _review(project, reviewer)


def _folder(review: Path | None, review_dir: Path | None) -> Path | None:
    if review_dir is not None:
        note("--review-dir is now --review (or -r), as in every command; --review-dir goes "
             "in the next version.")
    return review if review is not None else review_dir


def note(text: str) -> None:
    """Print a note on standard error (an old spelling, a changed default)."""
    err_console.print(styled("[yellow]note:[/] {}", text), soft_wrap=True)


def _reviewer(project: Project, reviewer: str | None) -> str:
    # As in screening: with several reviewers listed, never file a decision under a guess.
    return pick_reviewer(project.reviewers, reviewer)


def _run(project: Project, as_json: bool) -> None:
    settings = DedupSettings.from_config(project.config, str(project.root / CONFIG_NAME))
    with Progress(TextColumn("scoring pairs"), BarColumn(), TextColumn("{task.completed:,}"),
                  TimeElapsedColumn(), console=err_console, transient=True,
                  disable=not err_console.is_terminal) as bar:
        task = bar.add_task("dedup", total=None)
        summary = run_dedup(project.store, settings,
                            progress=lambda done, total: bar.update(task, completed=done,
                                                                    total=total))
    path = write_report(project.store, project.outputs_dir / REPORT_NAME)
    if as_json:
        print(json.dumps({**summary.to_dict(), "report": str(path)}, indent=2))
        return
    print_summary(summary, path)


def print_summary(summary: DedupSummary, path: Path) -> None:
    """Print a run summary and the removed duplicates per database pair."""
    if summary.rematched:
        console.print(styled("[yellow]note:[/] {}: every record was matched again; manual "
                             "decisions were applied again.", summary.rematched), soft_wrap=True)
    console.print(styled("Deduplicated {} ({} in total) in {} s: [bold]{}[/], {} removed.",
                         plural(summary.new_records, "new record"), number(summary.records),
                         f"{summary.seconds:.1f}", plural(summary.clusters, "work"),
                         plural(summary.duplicates, "duplicate")))
    console.print(f"This run: {plural(summary.pairs_candidate, 'pair')} sharing a blocking "
                  f"key checked, {number(summary.pairs_merged)} merged, "
                  f"{plural(summary.pairs_vetoed, 'similar pair')} kept apart by a veto.")
    if summary.blocks_split:
        console.print(
            f"note: {plural(summary.records_split, 'record')} of this run shared a blocking "
            f"key with more than max_block others ({plural(summary.blocks_split, 'block')}, "
            "e.g. a common title opening): there each was paired only with records whose "
            "titles open alike, so a duplicate whose title opens differently is found only "
            "through another key (DOI, PMID, author and year, pages). A larger max_block in "
            "[dedup] compares more pairs, slower.", markup=False, soft_wrap=True)
    if summary.removed_by_database:
        table = Table(title="Removed per database pair", title_justify="left")
        table.add_column("databases")
        table.add_column("removed", justify="right")
        for pair, n in summary.removed_by_database.items():
            table.add_row(pair, number(n))
        console.print(table)
    if summary.pairs_review:
        waits = "waits for" if summary.pairs_review == 1 else "await"
        console.print(styled("[yellow]{} {} review[/]: litsearch dedup review",
                             plural(summary.pairs_review, "pair"), waits))
    console.print(f"Report: {path}")


def _review(project: Project, reviewer: str | None) -> None:
    from ..tui.dedup_review import make_app

    name = _reviewer(project, reviewer)
    if not count_review_pairs(project.store):
        console.print(styled("No pairs await review. Run [bold]litsearch dedup[/] after new "
                             "imports."))
        return
    app = make_app(project.store, name)
    app.run()
    write_report(project.store, project.outputs_dir / REPORT_NAME)
    console.print(f"{plural(app.decided, 'decision')} saved for {name}; "
                  f"{plural(app.remaining, 'pair')} still "
                  f"{'awaits' if app.remaining == 1 else 'await'} review.")


def _split(project: Project, cluster: int, reviewer: str | None) -> None:
    name = _reviewer(project, reviewer)
    clusters = split_cluster(project.store, cluster, name)
    write_report(project.store, project.outputs_dir / REPORT_NAME)
    console.print(f"Split cluster {cluster} into {plural(len(clusters), 'cluster')} "
                  f"({', '.join(map(str, clusters))}); they stay apart in later runs.")


def _undo(project: Project, pair: tuple[int, int], reviewer: str | None) -> None:
    name = _reviewer(project, reviewer)
    decide_pair(project.store, pair[0], pair[1], "undo", name)
    write_report(project.store, project.outputs_dir / REPORT_NAME)
    console.print(f"Withdrew the decision on records {pair[0]} and {pair[1]}; their clusters "
                  "follow the automatic evidence again.")


#: ``litsearch dedup``: the run when no subcommand is named; ``dedup review`` for the pairs.
dedup_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                        rich_markup_mode="rich")
dedup_app.callback(invoke_without_command=True)(dedup)
dedup_app.command("review")(review_pairs)


def register(app: typer.Typer) -> None:
    """Add the dedup command and its pair review to the CLI."""
    app.add_typer(dedup_app, name="dedup")
