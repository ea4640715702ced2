"""The stopping rule: ``litsearch screen --stopping`` (the estimate) and ``screen stop``."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ..errors import ScreeningError
from ..screening.decisions import REVIEWER_ENV
from ..wording import number, plural
from .output import ConfidenceOption, ReviewOption, TargetOption, console, open_project


def print_stopping(review: Path | None, reviewer: str | None, target: float,
                   confidence: float) -> None:
    """Print the stopping estimate and test (``litsearch screen --stopping``).

    While title/abstract screening is blind and unfinished a blind reviewer gets the
    estimate from their own decisions (the team's would tell them the others' votes),
    and a review.db with nobody named gets none.
    """
    from ..screening.blind import NOBODY, counts_viewer
    from ..screening.early_stop import stopping_report

    with open_project(review) as project:
        viewer = reviewer or os.environ.get(REVIEWER_ENV) or None
        whose = counts_viewer(project.store, viewer)
        if whose == NOBODY:
            raise ScreeningError(
                "the review's stopping estimate counts every reviewer's votes, and "
                "title-abstract screening is blind and unfinished.",
                "Name yourself (--reviewer NAME) for the estimate from your own decisions; "
                "an arbiter named in review.toml sees the review's.")
        report = stopping_report(project.store, whose or reviewer, target, confidence)
    t = report.test
    blind = " (blind screening: your own decisions only)" if whose else ""
    console.print(f"Stopping estimate for {report.who} at title-abstract{blind}: "
                  f"{number(t.screened)} of {plural(t.total, 'record')} screened, "
                  f"{number(t.found)} relevant found.", markup=False)
    guess = ("too early to say (no stretch of the screening yet holds fewer relevant "
             "records than a recall below the target makes likely)" if t.too_early else
             f"{number(round(t.remaining_estimate))} (median estimate; errs high early, "
             "as ranked records are richer than the rest)")
    console.print(f"  estimated relevant still unscreened: {guess}; at most "
                  f"{number(t.remaining_upper)} at {confidence:.0%} confidence", markup=False)
    console.print(f"  test: {t.summary()}", markup=False)
    if report.unordered:
        console.print(f"  {plural(report.unordered, 'decision')} imported or made with "
                      "`screen decide` carry no shown order: the test counts them as found "
                      "before its sample, never in it.", markup=False)
    if report.stopped:
        console.print(f"  → {plural(len(report.stopped), 'record')} "
                      f"{'was' if len(report.stopped) == 1 else 'were'} excluded by the "
                      "stopping rule (screen stop); PRISMA counts them as excluded by "
                      "automation tools (prisma --explain records_excluded_automation).",
                      markup=False)
    if not report.unscreened and report.stopped:
        pass  # nothing is left to stop
    elif t.stop:
        console.print(f"  → the {target:.0%} recall target is reached; "
                      f"{plural(len(report.unscreened), 'record')} "
                      f"{'is' if len(report.unscreened) == 1 else 'are'} unscreened "
                      "(litsearch screen stop records them as excluded by the stopping rule).",
                      markup=False)
    else:
        more = ("more than the records left" if t.more_to_screen is None
                else f"at least {plural(t.more_to_screen, 'more record')}")
        console.print(f"  → not yet: screen {more} (if none of them is relevant) before the "
                      "test can pass.", markup=False)
    console.print("  heuristic (no guarantee): "
                  f"{plural(report.irrelevant_in_a_row, 'irrelevant record')} in a row.",
                  markup=False)


def stop(
    target: float = TargetOption,
    confidence: float = ConfidenceOption,
    force: bool = typer.Option(False, "--force", help="Stop even though the test has not "
                                                      "reached the target (said in PRISMA)."),
    review: Path = ReviewOption,
) -> None:
    """Stop title/abstract screening: the records nobody screened are excluded by the
    stopping rule, with its method, target, confidence and result, and PRISMA counts them
    as excluded by automation tools.

    Example:

        litsearch screen stop --target 0.95 --confidence 0.95
    """
    from ..screening.early_stop import stop_screening

    with open_project(review) as project:
        report = stop_screening(project.store, target, confidence, force)
    console.print(f"{plural(len(report.unscreened), 'unscreened record')} excluded by the "
                  "stopping rule: "
                  f"{report.test.summary()}.", markup=False)
