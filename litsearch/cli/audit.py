"""``litsearch export decisions``: the screening audit trail."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import ScreeningError
from ..screening.audit import export_decisions
from .output import ReviewOption, err_console, lower, open_project


def decisions(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or jsonl.",
                            callback=lower),
    output: Path = typer.Option(None, "--output", "-o",
                                help="File to write (default: standard output)."),
    review: Path = ReviewOption,
) -> None:
    """Export every screening decision event: record, reviewer, stage, decision, reason, time.

    Nothing in the trail is ever updated or deleted: a changed decision, an undo, a note
    and a conflict resolution are events of their own, marked with the event they replace.

    Example:

        litsearch export decisions --format jsonl -o outputs/decisions.jsonl
    """
    with open_project(review) as project:
        try:
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
            count = export_decisions(project.store, fmt, output or sys.stdout)
        except OSError as exc:
            if output is None:
                raise
            # Same wording as the other -o commands (report.outputs.write_output).
            raise ScreeningError(f"-o {output}: cannot write the file "
                                 f"({exc.strerror or type(exc).__name__}).",
                                 "Choose a writable path, or create the folder first.") from exc
    if output is not None:
        err_console.print(f"Wrote {count} decision events ({fmt}) to {output}")


def register(app: typer.Typer) -> None:
    """Add ``decisions`` under the ``export`` group."""
    from .importing import export_app

    export_app.command("decisions")(decisions)
