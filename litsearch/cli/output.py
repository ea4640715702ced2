"""Shared console objects and helpers for CLI output."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from ..project import Project

# Markup off: titles, file names, abstracts and messages may hold "[...]", and a string
# printed is printed as written. Styling comes only from :func:`styled` templates.
console = Console(highlight=False, markup=False, emoji=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False)


def styled(markup: str, *values: object) -> Text:
    """Return a rich markup template as styled text, each ``{}`` slot filled literally.

    The template (written in the code) is the only markup. The values (user text:
    titles, file names, messages) never pass through the markup parser, which would
    read ``[bold]``, ``[/]`` or even a backslash before ``[`` in them; each takes the
    style its slot has in the template.

    >>> styled("[bold]{}[/] found", "[red]x[/] \\\\[").plain
    '[red]x[/] \\\\[ found'
    """
    slots = [f"\ue000{i}\ue001" for i in range(len(values))]
    template = Text.from_markup(markup.format(*slots), emoji=False)
    out = Text(style=template.style, end=template.end)
    plain, done = template.plain, 0
    for slot, value in zip(slots, values, strict=True):
        start = plain.index(slot, done)
        out.append_text(template[done:start])
        piece = Text(str(value))
        for span in template[start:start + len(slot)].spans:
            piece.stylize(span.style)
        out.append_text(piece)
        done = start + len(slot)
    out.append_text(template[done:])
    return out


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


#: The stopping test's recall target and confidence (screen --stopping, screen stop,
#: simulate): one definition, so the three commands cannot drift apart.
TargetOption = typer.Option(0.95, "--target", min=0.5, max=0.999,
                            help="Recall target of the stopping test.")
ConfidenceOption = typer.Option(0.95, "--confidence", min=0.5, max=0.999,
                                help="Confidence of the stopping test.")


def lower(value: str | None) -> str | None:
    """Read a format or stage name in any case: ``--format RIS`` is ``--format ris``.

    Used as the ``callback`` of every option that names one of a fixed set of
    lower-case words; the library still checks the word and lists the choices.
    """
    return value.lower() if isinstance(value, str) else value


def open_project(review: Path | None) -> Project:
    """Open the review named by ``--review``, the environment, or the working folder."""
    return Project.open(review)
