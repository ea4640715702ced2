"""``litsearch agreement``: inter-rater agreement per stage and reviewer pair."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from ..screening.agreement import Agreement
from ..screening.agreement import agreement as compute_agreement
from ..screening.blind import blind_note, hidden_from
from ..screening.decisions import REVIEWER_ENV
from ..wording import number, plural
from .output import ReviewOption, console, lower, open_project


def agreement(
    stage: str = typer.Option(None, "--stage", callback=lower,
                              help="Only this stage (default: both)."),
    review: Path = ReviewOption,
) -> None:
    """Print percent agreement, Cohen's kappa and PABAK per stage and reviewer pair.

    Computed from each reviewer's first decision on each record, so a vote changed
    later cannot raise agreement after the fact; the changes and the agreement of the
    current votes are reported beside it. Include and maybe count as agreement;
    resolutions are left out.

    Example:

        litsearch agreement --stage title-abstract
    """
    with open_project(review) as project:
        rows = compute_agreement(project.store, stage)
        # Whoever may settle conflicts sees it (the one rule of screening.blind).
        hidden = hidden_from(project.store,
                             (os.environ.get(REVIEWER_ENV) or "").strip() or None)
    for name, left in hidden.items():
        if stage in (None, name):
            console.print(blind_note(name, left) + " Agreement is computed from them, so it "
                          "is shown then too.", markup=False)
    rows = [a for a in rows if a.stage not in hidden]
    if not rows and hidden:
        return
    if not rows:
        console.print("No records were screened by two reviewers yet.")
        return
    for table in agreement_tables(rows):
        console.print(table)
    for line in agreement_notes(rows):
        console.print(line, markup=False)


def agreement_notes(rows: list[Agreement]) -> list[str]:
    """Say what the numbers are computed from, and what changed since the first votes."""
    lines = ["Computed from each reviewer's first decision on each record."]
    for a in rows:
        if a.changed:
            current = "" if a.current_percent is None else (
                f"; current votes agree on {a.current_percent}%"
                + ("" if a.current_kappa is None else f" (kappa {a.current_kappa:.3f})"))
            lines.append(f"{a.stage}, {a.reviewer_a} × {a.reviewer_b}: {number(a.changed)} of "
                         f"{plural(a.n, 'record')} changed since{current}.")
        if a.could_see:
            lines.append(f"{a.stage}, {a.reviewer_a} × {a.reviewer_b}: "
                         f"{plural(a.could_see, 'first decision')} "
                         f"{'was' if a.could_see == 1 else 'were'} keyed with the other's "
                         "vote on screen (screen "
                         "without --blind), so they may not be independent.")
    return lines


def agreement_tables(rows: list[Agreement]) -> list[Table]:
    """Lay out agreement as one table per stage, readable on an 80-column terminal.

    The stage is in each table's title rather than a column, so neither the stage
    nor the reviewers' names have to be cut short to fit.
    """
    tables = []
    for stage in dict.fromkeys(a.stage for a in rows):
        pairs = [f"{a.reviewer_a} × {a.reviewer_b}" for a in rows if a.stage == stage]
        table = Table(title=f"Inter-rater agreement at {stage}", title_justify="left")
        # A long pair breaks after the "×" rather than pushing the table past the edge.
        table.add_column("reviewers", overflow="fold")
        for col in ("records", "agreement", "kappa", "PABAK"):
            table.add_column(col, justify="right", no_wrap=True)
        table.add_column("Landis & Koch")
        for pair, a in zip(pairs, (a for a in rows if a.stage == stage), strict=True):
            table.add_row(Text(pair), number(a.n), f"{a.percent}%",
                          "–" if a.kappa is None else f"{a.kappa:.3f}",
                          "–" if a.pabak is None else f"{a.pabak:.3f}", a.band)
        tables.append(table)
    return tables
