"""The main screening screen: one record, the criteria beside it, progress above."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...errors import LitsearchError
from ...screening.keymap import keys_for
from ...screening.session import ScreeningSession
from ..widgets.record_view import STAGE_NAMES, RecordView, render_record
from ..widgets.side_panel import CriteriaPanel, OthersPanel, render_criteria, render_others
from .dialogs import HelpScreen, MessageModal, ReasonPicker, TextPrompt

#: Actions shown in the key bar, in order.
KEY_BAR = ("include", "exclude", "maybe", "not_retrieved", "skip", "undo", "note", "search",
           "help", "quit")
_SHORT = {"not_retrieved": "not retrieved"}


class ScreeningScreen(Screen[None]):
    """Turn keys into :class:`ScreeningSession` calls and show the result."""

    def __init__(self, session: ScreeningSession, keymap: dict[str, str], title: str) -> None:
        super().__init__()
        self.session = session
        self.keymap = keymap
        self.review_title = title

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="body"):
            with VerticalScroll(id="record-pane"):
                yield RecordView(id="record")
            with VerticalScroll(id="side"):
                yield OthersPanel(id="others")
                yield CriteriaPanel(render_criteria(self.session.criteria, self.session.stage),
                                    id="criteria")
        yield Static(self._key_bar(), id="keys")

    def on_mount(self) -> None:
        """Show the first record and refresh the review's progress now and then."""
        self.refresh_view()
        self.set_interval(5.0, self._refresh_progress)

    def _key_bar(self) -> Text:
        text = Text()
        for action in KEY_BAR:
            if action == "not_retrieved" and self.session.stage != "full-text":
                continue
            keys = keys_for(self.keymap, action)
            if keys:
                text.append(f" {keys[0]} ", style="bold reverse")
                text.append(f" {_SHORT.get(action, action)}  ")
        return text

    def _refresh_progress(self) -> None:
        self.session.queue.refresh_reviewed(self.session.store)
        self._show_status()

    def _show_status(self) -> None:
        s = self.session
        p = s.progress()
        blind = "  ·  blind" if s.blind else ""
        self.query_one("#status", Static).update(Text.assemble(
            (f"{self.review_title}  ", "bold"),
            f"{STAGE_NAMES[s.stage]} screening  ·  {s.reviewer}{blind}  ·  ",
            (f"you: {p.mine_done} done / {p.mine_left} left", "bold"),
            f"  ·  review: {p.review_done} screened / {p.review_left} left"))

    def refresh_view(self) -> None:
        """Redraw the status line, the record and the others panel."""
        s = self.session
        self._show_status()
        view = self.query_one("#record", RecordView)
        record = s.record()
        if record is None or s.current is None:
            done = len(s.queue.ids)
            view.update(Text(f"All {done} records at {STAGE_NAMES[s.stage]} have your decision."
                             "\n\nPress u to undo the last one, or q to quit.", style="bold"))
            self.query_one("#others", OthersPanel).update("")
            return
        view.update(render_record(s.current, record, s.criteria, s.sources(), s.my_decision()))
        self.query_one("#others", OthersPanel).update(
            render_others(s.others(), s.my_notes(), s.blind))
        self.query_one("#record-pane", VerticalScroll).scroll_home(animate=False)

    def _run(self, call, *args) -> None:
        try:
            call(*args)
        except LitsearchError as exc:
            self.app.push_screen(MessageModal(exc.title, str(exc)))
        self.refresh_view()

    def on_key(self, event: events.Key) -> None:
        """Dispatch a key through the keymap (keys are data, see review.toml)."""
        action = self.keymap.get(event.key) or self.keymap.get(event.character or "")
        if action is None:
            return
        event.stop()
        getattr(self, f"do_{action}")()

    def do_include(self) -> None:
        """Include the shown record."""
        self._run(self.session.decide, "include")

    def do_maybe(self) -> None:
        """Mark the shown record maybe."""
        self._run(self.session.decide, "maybe")

    def do_not_retrieved(self) -> None:
        """Record that the report could not be retrieved (full text only)."""
        self._run(self.session.decide, "not-retrieved")

    def do_exclude(self) -> None:
        """Ask for a reason, then exclude."""
        if self.session.current is None:
            self._run(self.session.decide, "exclude")
            return
        required = self.session.stage == "full-text"

        def picked(label: str | None) -> None:
            if label is not None:
                self._run(self.session.decide, "exclude", label or None)

        self.app.push_screen(ReasonPicker(self.session.criteria.reasons_for(self.session.stage),
                                          required), picked)

    def do_skip(self) -> None:
        """Move on without deciding."""
        self._run(self.session.skip)

    def do_undo(self) -> None:
        """Undo the last decision and show that record again."""
        self._run(self.session.undo)

    def do_note(self) -> None:
        """Ask for a note on the shown record."""
        def typed(text: str | None) -> None:
            if text is not None:
                self._run(self.session.note, text)

        if self.session.current is not None:
            self.app.push_screen(TextPrompt("Note on this record"), typed)

    def do_search(self) -> None:
        """Ask for search text and jump to the next match."""
        def typed(text: str | None) -> None:
            if text is not None:
                self._run(self.session.search, text)

        self.app.push_screen(TextPrompt("Search", "words in title or abstract, a DOI, or #id"),
                             typed)

    def do_help(self) -> None:
        """Show the keys."""
        self.app.push_screen(HelpScreen(self.keymap, self.session.stage))

    def do_quit(self) -> None:
        """Leave (every decision is already saved)."""
        self.app.exit()
