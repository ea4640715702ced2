"""``litsearch export decisions``: the screening audit trail."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..screening.audit import export_decisions
from ..screening.blind import refuse_while_blind
from ..wording import plural
from .output import RawOption, ReviewOption, err_console, lower, open_project


def decisions(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or jsonl.",
                            callback=lower),
    output: Path = typer.Option(None, "--output", "-o",
                                help="File to write (default: standard output)."),
    raw: bool = RawOption,
    review: Path = ReviewOption,
) -> None:
    """Export every screening decision event: record, reviewer, stage, decision, reason, time.

    Nothing in the trail is ever updated or deleted: a changed decision, an undo, a note
    and a conflict resolution are events of their own, marked with the event they replace.
    While blind screening (review.toml) is unfinished it is refused: it shows every vote.

    Example:

        litsearch export decisions --format jsonl -o outputs/decisions.jsonl
    """
    with open_project(review) as project:
        refuse_while_blind(project.store, "export decisions")
        count = export_decisions(project.store, fmt, output or sys.stdout, raw=raw)
    if output is not None:
        err_console.print(f"Wrote {plural(count, 'decision event')} ({fmt}) to {output}")


def register(app: typer.Typer) -> None:
    """Add ``decisions`` under the ``export`` group."""
    from .importing import export_app

    export_app.command("decisions")(decisions)
