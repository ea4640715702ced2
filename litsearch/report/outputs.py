"""One call per command: compute the flow for a project and render it in a format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..outfiles import write_text
from ..project import Project
from .explain import hidden_keys, votes_hidden
from .prisma import PrismaFlow, compute_flow
from .prisma_csv import to_csv, to_json
from .render_md import render_md
from .render_svg import render_svg
from .render_text import render_text
from .versions import Version, freeze_version

#: Output formats of ``litsearch prisma`` and the function writing each.
FORMATS: dict[str, Callable[[PrismaFlow, str], str]] = {
    "text": render_text,
    "md": render_md,
    "svg": render_svg,
    "csv": lambda flow, _title: to_csv(flow),
    "json": to_json,
}

#: File suffix -> format, for ``-o diagram.svg`` without ``--format``.
SUFFIX_FORMATS = {".txt": "text", ".md": "md", ".svg": "svg", ".csv": "csv", ".json": "json"}

#: Formats of ``--explain``: a table on the terminal, or csv/json (to stdout or a file).
EXPLAIN_FORMATS = ("text", "csv", "json")


@dataclass
class PrismaOutput:
    """A computed flow and its rendering."""

    flow: PrismaFlow
    text: str
    format: str
    frozen: Version | None = None
    #: The boxes shown as "hidden" (a blind reviewer's view of unfinished screening).
    hidden: frozenset[str] = frozenset()


def project_flow(project: Project) -> PrismaFlow:
    """Compute the flow of a project (its reviewers decide "removed for other reasons")."""
    return compute_flow(project.store, project.reviewers)


#: Formats that can show a box as "hidden" (the others are data for other tools).
HIDING_FORMATS: dict[str, Callable[[PrismaFlow, str, frozenset[str]], str]] = {
    "text": render_text, "svg": render_svg}


def prisma_output(project: Project, fmt: str = "text", freeze: bool = False,
                  force: bool = False, label: str = "", blind: bool = False) -> PrismaOutput:
    """Compute, optionally freeze, and render the PRISMA flow of a project.

    Args:
        project: The open review.
        fmt: One of FORMATS.
        freeze: After computing, record this version (see versions.py); the rendering
            is of the flow as it stood when frozen.
        force: Freeze even with unfinished screening.
        label: A note kept with the frozen version.
        blind: Blind screening applies (review.toml): while it is unfinished, the boxes
            counted from the votes are hidden (text, svg) or the format refused.

    Raises:
        ReportError: Unknown format, a freeze refused, or a format that would show
            the hidden counts.
    """
    if fmt not in FORMATS:
        raise ReportError(f"--format {fmt}: unknown format.",
                          "Use one of: " + ", ".join(FORMATS) + ".")
    flow = project_flow(project)
    hidden = hidden_keys(flow) if votes_hidden(flow, blind) else frozenset()
    if hidden and fmt not in HIDING_FORMATS:
        raise ReportError(f"--format {fmt} would show counts drawn from every reviewer's "
                          "votes, and screening is blind and unfinished.",
                          "Use text or svg (those boxes say 'hidden'), or write it when "
                          "every record has its votes (blind = true under [screening] in "
                          "review.toml).")
    frozen = freeze_version(project.store, flow, label, force) if freeze else None
    text = HIDING_FORMATS[fmt](flow, project.title, hidden) if hidden else \
        FORMATS[fmt](flow, project.title)
    return PrismaOutput(flow, text, fmt, frozen, hidden)


def check_explain_format(fmt: str, to_file: bool) -> str:
    """Return the format ``--explain`` writes in (csv for a file asked as text).

    Raises:
        ReportError: The format cannot list records.
    """
    if fmt not in EXPLAIN_FORMATS:
        raise ReportError(f"--format {fmt}: --explain lists records as a table, csv or json.",
                          "Use --format csv or --format json (or -o FILE.csv).")
    return "csv" if to_file and fmt == "text" else fmt


def write_output(path: Path, text: str) -> None:
    """Write a report file whole or not at all, creating its folder.

    Raises:
        OutputError: The file or its folder cannot be written.
    """
    write_text(path, text)
