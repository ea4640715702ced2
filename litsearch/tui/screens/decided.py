"""The decided list (``l``): your decided records, filtered by decision and reason."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...screening.decided import Decided, decided_records, reasons_used
from ...store import Store

#: Filter keys: key -> decision shown (None: all).
DECISION_KEYS = {"a": None, "i": "include", "e": "exclude", "m": "maybe", "n": "not-retrieved"}


class DecidedList(ModalScreen[int | None]):
    """Pick a decided record to open; dismisses with its unit, or None on Escape."""

    def __init__(self, store: Store, stage: str, reviewer: str) -> None:
        super().__init__()
        self.store, self.stage, self.reviewer = store, stage, reviewer
        self.decision: str | None = None
        self.reason: str | None = None
        self.rows: list[Decided] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog decided"):
            yield Static(id="decided-filter")
            yield OptionList(id="decided-list")
            yield Static(Text("Enter open (then key a new decision to change it) · a all · "
                              "i e m n by decision · r next reason · Esc back", style="dim"),
                         classes="gap")

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def fill(self) -> None:
        """List the records that pass the filters."""
        every = decided_records(self.store, self.stage, self.reviewer, self.decision)
        self.rows = [r for r in every if self.reason is None or r.reason == self.reason]
        self._reasons = reasons_used(every)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(Text.assemble((f"#{r.unit} ", "dim"), (r.decision, "bold"),
                                 (f" ({r.reason})" if r.reason else "", "italic"),
                                 f"  {r.title}"), id=str(r.unit)) for r in self.rows)
        if self.rows:
            options.highlighted = 0
        self.query_one("#decided-filter", Static).update(Text.assemble(
            ("Your decided records", "bold"), f" · {len(self.rows)} shown · decision: ",
            (self.decision or "all", "bold"), " · reason: ", (self.reason or "all", "bold")))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the picked record."""
        self.dismiss(int(event.option.id or 0))

    def on_key(self, event: events.Key) -> None:
        """Filter by decision or reason; Escape goes back."""
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
        elif event.character in DECISION_KEYS:
            event.stop()
            self.decision, self.reason = DECISION_KEYS[event.character], None
            self.fill()
        elif event.character == "r":
            event.stop()
            order = [None, *self._reasons]
            self.reason = order[(order.index(self.reason) + 1) % len(order)] \
                if self.reason in order else None
            self.fill()
