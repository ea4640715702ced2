"""Dialogs of the screening app: reason picker, text prompt, help.

Errors are notices (``App.notify``), not modals: a modal would swallow the next key.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...screening.criteria import Reason
from ...screening.keymap import ACTION_LABELS


class ReasonPicker(Static):
    """The exclusion reasons (1-9; Enter: none, where allowed), over the record.

    A widget of the screening screen, not a screen of its own: the screening screen reads
    the reason key itself, in the order the keys came. A modal screen got the keys typed
    ahead after its reason (keys go to whichever screen is on top when the app reads
    them, and it was still on top until it closed), so they were dropped and every later
    key decided the record before the one it was typed for.
    """

    def show(self, unit: int, reasons: list[Reason], required: bool) -> None:
        """Show the reasons for excluding record ``unit``."""
        text = Text(f"Exclude #{unit}: why?", style="bold")
        if required:
            text.append("  A full-text exclusion needs a reason.", style="dim")
        text.append("\n\n")
        for number, reason in enumerate(reasons[:9], 1):
            text.append(f" {number} ", style="bold reverse")
            text.append(f" {reason.label}\n")
        if not reasons:
            text.append("No reasons are listed for this stage: add [[reasons]] to "
                        "screening/criteria.toml.\n", style="dim")
        text.append("\n")
        if not required:
            text.append("Enter", style="bold")
            text.append(" exclude without a reason   ")
        text.append("Esc", style="bold")
        text.append(" cancel")
        self.update(text)
        self.display = True

    def hide(self) -> None:
        """Take the reasons off the screen."""
        self.display = False


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a note, a search); Escape cancels."""

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=self.placeholder, id="prompt")
            yield Static(Text("Enter save · Esc cancel", style="dim"))

    def on_mount(self) -> None:
        """Focus the input without a blinking cursor (keeps snapshots stable)."""
        prompt = self.query_one(Input)
        prompt.cursor_blink = False
        prompt.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the typed text."""
        self.dismiss(event.value)

    def on_key(self, event: events.Key) -> None:
        """Cancel on Escape."""
        if event.key == "escape":
            event.stop()
            self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys and what they do; any key closes it."""

    def __init__(self, keymap: dict[str, str], stage: str) -> None:
        super().__init__()
        self.keymap = keymap
        self.stage = stage

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for key, action in self.keymap.items():
            if action == "not_retrieved" and self.stage != "full-text":
                continue
            grid.add_row(Text(f" {key} ", style="bold reverse"), ACTION_LABELS[action])
        grid.add_row(Text("1-9", style="bold"), "the exclusion reason, after e")
        grid.add_row(Text("↑ ↓ PgUp PgDn", style="bold"), "scroll the record (Tab: criteria)")
        grid.add_row(Text("Home End", style="bold"), "top or bottom of the record")
        with Vertical(classes="dialog help"):
            yield Static(Text.assemble(("Keys", "bold"), ("   any key closes this", "dim")))
            yield Static(grid, classes="gap")
            yield Static(Text("Every decision is saved the moment it is keyed. Change keys in "
                              "review.toml under [screening.keys].", style="dim"), classes="gap")

    def on_key(self, event: events.Key) -> None:
        """Close on any key."""
        event.stop()
        self.dismiss(None)

