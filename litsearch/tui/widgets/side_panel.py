"""The panel beside the record: criteria, reasons, other reviewers' votes, notes."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...screening.criteria import Criteria
from ...screening.session import OtherEvent
from .record_view import HIGHLIGHT_STYLES


def render_criteria(criteria: Criteria, stage: str) -> Group:
    """Build the criteria: inclusion criteria, numbered exclusion reasons, highlights.

    Bullets and reason numbers sit in a column of their own, so wrapped lines keep
    their indent in a narrow side panel.
    """
    parts: list[RenderableType] = []
    if criteria.inclusion:
        parts.append(Text("Include when", style="bold"))
        parts.append(_hanging([(Text("•"), Text(line)) for line in criteria.inclusion]))
        parts.append(Text())
    parts.append(Text("Exclusion reasons (e + number)", style="bold"))
    rows = []
    for number, reason in enumerate(criteria.reasons_for(stage), 1):
        body = Text(reason.label, style="bold")
        if reason.description:
            body.append("\n" + reason.description, style="dim")
        rows.append((Text(f"{number}", style="bold reverse"), body))
    parts.append(_hanging(rows) if rows else
                 Text("(none: add [[reasons]] to criteria.toml)", style="dim"))
    if criteria.highlight_include or criteria.highlight_exclude:
        parts.append(Text.assemble("\nHighlights: ", (" on topic ", HIGHLIGHT_STYLES["include"]),
                                   " ", (" off topic ", HIGHLIGHT_STYLES["exclude"])))
    return Group(*parts)


def _hanging(rows: list[tuple[Text, Text]]) -> Table:
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for marker, body in rows:
        grid.add_row(marker, body)
    return grid


def render_others(others: list[OtherEvent], notes: list[str], blind: bool) -> Text:
    """Build the text listing other reviewers' decisions and everyone's notes."""
    out = Text()
    if blind:
        out.append("Blind mode: other reviewers' decisions are hidden.\n", style="dim")
    else:
        votes = [o for o in others if o.decision != "note"]
        out.append("Other reviewers\n", style="bold")
        for o in votes:
            why = f" ({o.reason})" if o.reason else ""
            if o.resolution:  # settles the conflict; not a screening vote of its own
                out.append(f"conflict resolved by {o.reviewer}: {o.decision}{why}\n",
                           style="bold")
            else:
                out.append(f"{o.reviewer}: {o.decision}{why}\n")
        if not votes:
            out.append("no decisions yet\n", style="dim")
        for o in others:
            if o.decision == "note":
                out.append(f"note by {o.reviewer}: {o.note}\n", style="italic")
    for note in notes:
        out.append(f"your note: {note}\n", style="italic")
    return out


class CriteriaPanel(Static):
    """The review's criteria, shown beside every record."""


class OthersPanel(Static):
    """Other reviewers' decisions and notes on the shown record."""
