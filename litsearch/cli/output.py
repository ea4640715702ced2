"""Shared console objects and helpers for CLI output."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..project import Project

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

#: The ``--review`` option every command takes.
ReviewOption = typer.Option(
    None, "--review", "-r",
    help="The review folder. Default: $LITSEARCH_REVIEW, else the nearest folder above "
         "holding review.toml.",
    show_default=False,
)

#: The ``--raw`` option of the CSV exports (see litsearch.outfiles).
RawOption = typer.Option(
    False, "--raw",
    help="CSV cells exactly as stored, for a program to read. By default a cell starting "
         "with = + - @, tab or carriage return gets a ' in front, so a spreadsheet shows it "
         "as text instead of running it as a formula.",
)


def lower(value: str | None) -> str | None:
    """Read a format or stage name in any case: ``--format RIS`` is ``--format ris``.

    Used as the ``callback`` of every option that names one of a fixed set of
    lower-case words; the library still checks the word and lists the choices.
    """
    return value.lower() if isinstance(value, str) else value


def open_project(review: Path | None) -> Project:
    """Open the review named by ``--review``, the environment, or the working folder."""
    return Project.open(review)
