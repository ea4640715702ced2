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
from ..widgets.key_bar import key_bar
from ..widgets.record_view import STAGE_NAMES, RecordView, render_done, render_record
from ..widgets.side_panel import CriteriaPanel, OthersPanel, render_criteria, render_others
from .dialogs import HelpScreen, MessageModal, ReasonPicker, TextPrompt


class ScreeningScreen(Screen[None]):
    """Turn keys into :class:`ScreeningSession` calls and show the result."""

    def __init__(self, session: ScreeningSession, keymap: dict[str, str], title: str) -> None:
        super().__init__()
        self.session = session
        self.keymap = keymap
        self.review_title = title
        #: The unit drawn last: the record pane scrolls back to the top only for a new one.
        self._drawn: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="body"):
            with VerticalScroll(id="record-pane"):
                yield RecordView(id="record")
            with VerticalScroll(id="side"):
                yield OthersPanel(id="others")
                yield CriteriaPanel(render_criteria(self.session.criteria, self.session.stage),
                                    id="criteria")
        yield Static(id="keys")

    def on_mount(self) -> None:
        """Show the first record and refresh the review's progress now and then."""
        self.refresh_view()
        self.set_interval(5.0, self._refresh_progress)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the key bar to the terminal's width."""
        self.query_one("#keys", Static).update(
            key_bar(self.keymap, self.session.stage, event.size.width))

    def _refresh_progress(self) -> None:
        self.session.queue.refresh_reviewed(self.session.store)
        self._show_status()

    def _show_status(self) -> None:
        s = self.session
        p = s.progress()
        # Progress comes first so that a narrow terminal cuts off the title, not the counts.
        self.query_one("#status", Static).update(Text.assemble(
            (STAGE_NAMES[s.stage], "bold"), f" · {s.reviewer}",
            (" (blind)" if s.blind else ""), " · ",
            (f"you: {p.mine_done} done / {p.mine_left} left", "bold"),
            f" · review: {p.review_done} screened / {p.review_left} left · ",
            (self.review_title, "dim")))

    def refresh_view(self) -> None:
        """Redraw the status line, the record and the others panel."""
        s = self.session
        self._show_status()
        view = self.query_one("#record", RecordView)
        record = s.record()
        if record is None or s.current is None:
            view.update(render_done(s.stage, s.queue.mine, len(s.queue.ids),
                                    keys_for(self.keymap, "undo"), keys_for(self.keymap, "quit")))
            self.query_one("#others", OthersPanel).update("")
            return
        view.update(render_record(s.current, record, s.criteria, s.sources(), s.my_decision()))
        self.query_one("#others", OthersPanel).update(
            render_others(s.others(), s.my_notes(), s.blind))
        if self._drawn != s.current:
            self._drawn = s.current
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
        if self.session.stage != "full-text":
            self.notify("'Report not retrieved' is for full-text screening "
                        "(litsearch screen --stage full-text).", severity="warning", timeout=4)
            return
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
        """Undo the last decision, show that record again and say what was undone."""
        self._run(self.session.undo)
        undone = self.session.last_undone
        if undone is not None:
            self.session.last_undone = None
            unit, decision = undone
            self.notify(f"Undid your {decision or 'decision'} on #{unit}; decide it again.",
                        timeout=4)

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

    def do_override(self) -> None:
        """Ask for a record a rule excluded and the reason, overrule the rule, show it."""
        def typed(text: str | None) -> None:
            if text is not None:
                self._run(self.session.overrule, text)

        self.app.push_screen(TextPrompt("Overrule a rule criterion for one record",
                                        "record id, then why: 258 English paper"), typed)

    def do_help(self) -> None:
        """Show the keys."""
        self.app.push_screen(HelpScreen(self.keymap, self.session.stage))

    def do_quit(self) -> None:
        """Leave (every decision is already saved)."""
        self.app.exit()
