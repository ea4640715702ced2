"""The team panel: who has decided how much at this stage, and the conflicts (live)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...screening.team_progress import TeamProgress


def render_team(progress: TeamProgress | None, me: str, mine: int, blind: bool,
                new_conflicts: int) -> Text:
    """Build the panel's text.

    Args:
        progress: The latest reading (None before the first).
        me: The reviewer at this keyboard.
        mine: Their own count, from the session (exact at once, before the next reading).
        blind: Hide the conflicts (counts of progress only).
        new_conflicts: Conflicts that appeared since the app opened.
    """
    out = Text("Team progress\n", style="bold")
    counts = dict(progress.decided) if progress is not None else {}
    counts[me] = mine
    for name, count in sorted(counts.items()):
        out.append(f"{name}{' (you)' if name == me else ''}: {count} decided\n")
    if progress is None:
        return out
    if blind:
        out.append("conflicts hidden while screening blind\n", style="dim")
    else:
        out.append(f"conflicts: {len(progress.conflicts)}")
        out.append(f" ({new_conflicts} new)\n" if new_conflicts else "\n",
                   style="bold" if new_conflicts else "")
    return out


class TeamPanel(Static):
    """The team's progress at this stage, kept current by :mod:`litsearch.tui.live`."""
