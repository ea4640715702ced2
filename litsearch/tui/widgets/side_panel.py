"""The panel beside the record: criteria, reasons, other reviewers' votes, notes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...screening.criteria import Criteria
from ...screening.session import OtherEvent


def render_criteria(criteria: Criteria, stage: str) -> Text:
    """Build the criteria text: inclusion criteria, numbered exclusion reasons, highlights."""
    out = Text()
    if criteria.inclusion:
        out.append("Include when\n", style="bold")
        for line in criteria.inclusion:
            out.append(f"• {line}\n")
        out.append("\n")
    out.append("Exclusion reasons\n", style="bold")
    reasons = criteria.reasons_for(stage)
    for number, reason in enumerate(reasons, 1):
        out.append(f"{number} ", style="bold reverse")
        out.append(f" {reason.label}\n", style="bold")
        if reason.description:
            out.append(f"  {reason.description}\n", style="dim")
    if not reasons:
        out.append("(none: add [[reasons]] to criteria.toml)\n", style="dim")
    if criteria.highlight_include or criteria.highlight_exclude:
        out.append("\nHighlights: ")
        out.append(" on topic ", style="bold black on green")
        out.append(" ")
        out.append(" off topic ", style="bold white on red")
        out.append("\n")
    return out


def render_others(others: list[OtherEvent], notes: list[str], blind: bool) -> Text:
    """Build the text listing other reviewers' decisions and everyone's notes."""
    out = Text()
    if blind:
        out.append("Blind mode: other reviewers' decisions are hidden.\n", style="dim")
    else:
        votes = [o for o in others if o.decision != "note"]
        out.append("Other reviewers\n", style="bold")
        for o in votes:
            out.append(f"{o.reviewer}: {o.decision}" + (f" ({o.reason})" if o.reason else "")
                       + "\n")
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
