"""The main screening screen: one record, the criteria beside it, progress above."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ...errors import LitsearchError
from ...screening.criteria import Reason
from ...screening.keymap import keys_for
from ...screening.order import Ranking
from ...screening.stopping import StopTest
from ...screening.team_session import TeamSession
from ..retrain import BackgroundRanker
from ..team_link import TeamLink
from ..widgets.key_bar import key_bar
from ..widgets.record_view import STAGE_NAMES, RecordView, render_done, render_record
from ..widgets.side_panel import CriteriaPanel, OthersPanel, render_criteria, render_others
from ..widgets.team_panel import TeamPanel
from .decided import DecidedList
from .dialogs import HelpScreen, ReasonPicker, TextPrompt


class Posted(Message):
    """A background thread's call, to run on the app's thread (ScreeningScreen._post)."""

    def __init__(self, call: Callable[..., object], args: tuple[object, ...]) -> None:
        super().__init__()
        self.call, self.args = call, args


class ScreeningScreen(Screen[None]):
    """Turn keys into :class:`ScreeningSession` calls and show the result."""

    def __init__(self, session: TeamSession, keymap: dict[str, str], title: str,
                 root: Path | None = None, model: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.keymap = keymap
        self.review_title = title
        #: Relevance ranking in a worker process (relevance order only).
        self.ranker: BackgroundRanker | None = None
        if session.order == "relevance":
            self.ranker = BackgroundRanker(session, root, model, self._ranked,
                                           self._post, self._ranking_failed)
        self.stop: StopTest | None = None
        #: The record ``e`` was pressed on, while its reason is asked (None: not asking).
        self._excluding: int | None = None
        #: The unit drawn last: the record pane scrolls back to the top only for a new one.
        self._drawn: int | None = None
        #: Live team progress, and decisions kept while the review server is away.
        self.team = TeamLink(self, session)

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="body"):
            with VerticalScroll(id="record-pane"):
                yield RecordView(id="record")
            with VerticalScroll(id="side"):
                yield TeamPanel(id="team")
                yield OthersPanel(id="others")
                yield CriteriaPanel(render_criteria(self.session.criteria, self.session.stage),
                                    id="criteria")
        yield Static(id="keys")
        yield ReasonPicker(id="reasons", classes="dialog")

    def on_mount(self) -> None:
        """Show the first record; keep the team's progress current from a thread."""
        self.team.start()
        self.refresh_view()
        if self.ranker is not None:
            self.ranker.request()

    def _post(self, call, *args) -> None:
        """Run ``call`` on the app's thread (from the ranking, live or retry thread).

        A message to this screen, not ``App.call_from_thread``: a screen being taken
        down (the app closing) refuses it, so ``call`` never runs once its widgets are
        gone (NoMatches in the thread, seen in full test runs), and the thread never
        waits on the app.
        """
        try:
            self.post_message(Posted(call, args))
        except RuntimeError:  # the app's event loop has closed: nothing to show it on
            pass

    def on_posted(self, message: Posted) -> None:
        """Run a background thread's call (see :meth:`_post`)."""
        message.call(*message.args)

    def _ranked(self, ranking: Ranking, test: StopTest) -> None:
        self.session.apply_ranking(ranking)
        self.stop = test
        self.refresh_view()

    def _ranking_failed(self, message: str) -> None:
        self.notify(f"Ranking stopped: {message} Records stay in their last order.",
                    severity="warning", timeout=6, markup=False)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the key bar to the terminal's width."""
        self.query_one("#keys", Static).update(
            key_bar(self.keymap, self.session.stage, event.size.width))

    def on_unmount(self) -> None:
        """Stop the live progress thread and the ranking process."""
        self.team.stop()
        if self.ranker is not None:
            self.ranker.close()

    def show_team(self) -> None:
        """Redraw the team panel and the status line (from :class:`TeamLink`)."""
        self.query_one("#team", TeamPanel).update(self.team.panel())
        self._show_status()

    def _show_status(self) -> None:
        s = self.session
        p = s.progress()
        away = self.team.status_line()
        # Progress comes first so that a narrow terminal cuts off the title, not the counts.
        self.query_one("#status", Static).update(Text.assemble(
            *((away, "\n") if away else ()),
            (STAGE_NAMES[s.stage], "bold"), f" · {s.reviewer}",
            (" (blind)" if s.blind else ""), " · ",
            (f"you: {p.mine_done} done / {p.mine_left} left", "bold"),
            self._found(), self._estimate(),
            f" · review: {p.review_done} screened / {p.review_left} left"
            + (f" ({p.awaiting_second} await 2nd reviewer)" if p.awaiting_second else "") + " · ",
            (self.review_title, "dim")))

    def _found(self) -> str:
        """Includes found, with the maybes (which the ranking also learns as relevant)
        apart, so that the count agrees with `status`."""
        q = self.session.queue
        return f" · includes {q.found - q.maybes}" + (f" (+{q.maybes} maybe)" if q.maybes
                                                         else "")

    def _estimate(self) -> str:
        t = self.stop
        if t is None:
            return ""
        if t.stop:
            return f" · your {t.target:.0%} recall reached ({t.confidence:.0%} conf.)"
        more = "" if t.more_to_screen is None else f", stop test needs ≥{t.more_to_screen} more"
        # The reviewer's own decisions only (status and `screen --stopping` without
        # --reviewer read the whole review): "your" says which.
        if t.too_early:
            return f" · your estimate: too early (≤{t.remaining_upper} relevant left){more}"
        return (f" · your estimate ~{t.remaining_estimate:.0f} relevant left "
                f"(≤{t.remaining_upper}){more}")

    def refresh_view(self) -> None:
        """Redraw the status line, the record and the others panel."""
        s = self.session
        self.show_team()
        view = self.query_one("#record", RecordView)
        try:
            record = s.record()
        except LitsearchError as exc:  # the server is away and the record is not here
            view.update(Text(str(exc)))
            self.query_one("#others", OthersPanel).update("")
            return
        if record is None or s.current is None:
            view.update(render_done(s.stage, s.queue.mine, len(s.queue.ids),
                                    keys_for(self.keymap, "undo"), keys_for(self.keymap, "quit")))
            self.query_one("#others", OthersPanel).update("")
            return
        view.update(Text.assemble(self._relevance_line(s.current),
                                  render_record(s.current, record, s.criteria, s.sources(),
                                                s.my_decision())))
        self.query_one("#others", OthersPanel).update(
            render_others(s.others(), s.my_notes(), s.blind))
        if self._drawn != s.current:
            self._drawn = s.current
            self.query_one("#record-pane", VerticalScroll).scroll_home(animate=False)
        self.team.check()  # a read may have found the server gone

    def _relevance_line(self, unit: int) -> Text:
        """Predicted relevance and the words behind it, above the record."""
        ranking = self.session.ranking
        if ranking is None or self.ranker is None:
            return Text()
        score = ranking.scores.get(unit)
        if score is None:
            return Text()
        terms = self.ranker.terms_for(unit)
        return Text.assemble(("Predicted relevance ", "dim"), (f"{score:.2f}", "bold"),
                             (f" ({ranking.version})", "dim"),
                             (" · terms: " + ", ".join(terms) if terms else "", "italic"),
                             "\n\n")

    def _run(self, call, *args) -> None:
        # A notice, not a modal: the next key goes to the app (a second / searches again).
        try:
            call(*args)
        except LitsearchError as exc:
            title = "Not done" if exc.title == type(exc).__name__ else exc.title
            self.notify(str(exc), title=title, severity="warning", timeout=8, markup=False)
        self.team.check()
        self.refresh_view()

    def on_key(self, event: events.Key) -> None:
        """Dispatch a key through the keymap (keys are data, see review.toml)."""
        if self._excluding is not None:
            # The reason, read here in the order the keys came: the next keys go on to
            # the next records, however fast they were typed.
            event.stop()
            self._reason_key(event)
            return
        action = self.keymap.get(event.key) or self.keymap.get(event.character or "")
        if action is None:
            return
        event.stop()
        getattr(self, f"do_{action}")()

    def _decide(self, decision: str, reason: str | None = None) -> None:
        queue = self.session.queue
        before = len(queue.changes)
        self._run(self.session.decide, decision, reason)
        # Any decision saved, a changed one too (the count of done ones stays).
        if self.ranker is not None and len(queue.changes) != before:
            self.ranker.decided()

    def do_include(self) -> None:
        """Include the shown record."""
        self._decide("include")

    def do_maybe(self) -> None:
        """Mark the shown record maybe."""
        self._decide("maybe")

    def do_not_retrieved(self) -> None:
        """Record that the report could not be retrieved (full text only)."""
        if self.session.stage != "full-text":
            self.notify("'Report not retrieved' is for full-text screening "
                        "(litsearch screen --stage full-text).", severity="warning", timeout=4)
            return
        self._decide("not-retrieved")

    def do_exclude(self) -> None:
        """Ask for a reason, then exclude."""
        if self.session.current is None:
            self._run(self.session.decide, "exclude")
            return
        self._excluding = self.session.current
        self.query_one("#reasons", ReasonPicker).show(
            self._excluding, self._reasons(), self.session.stage == "full-text")

    def _reasons(self) -> list[Reason]:
        return self.session.criteria.reasons_for(self.session.stage)[:9]

    def _reason_key(self, event: events.Key) -> None:
        """A key while the reasons show: a reason digit, Enter (none) or Escape; others
        are ignored (the reasons stay on screen until one of those)."""
        unit = self._excluding
        reasons = self._reasons()
        if event.key == "escape":
            label: str | None = None
        elif event.key == "enter" and self.session.stage != "full-text":
            label = ""
        elif event.character and event.character.isdigit() \
                and 1 <= int(event.character) <= len(reasons):
            label = reasons[int(event.character) - 1].label
        else:
            return
        self._excluding = None
        self.query_one("#reasons", ReasonPicker).hide()
        if label is None or unit is None:
            return
        # The record the e was pressed on, whatever was drawn since (nothing in this
        # screen moves it, but a decision never goes to a record chosen meanwhile).
        self.session.current = unit
        self._decide("exclude", label or None)

    def do_skip(self) -> None:
        """Move on without deciding."""
        self._run(self.session.skip)

    def do_undo(self) -> None:
        """Undo the last decision, show that record again and say what was undone."""
        self._run(self.session.undo)
        if self.ranker is not None:
            self.ranker.request()
        undone = self.session.last_undone
        if undone is not None:
            self.session.last_undone = None
            unit, decision = undone
            self.notify(f"Undid your {decision or 'decision'} on #{unit}; decide it again.",
                        timeout=4, markup=False)

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

    def do_list(self) -> None:
        """List your decided records; the one picked is shown, to review or change."""
        def picked(unit: int | None) -> None:
            if unit is not None:
                self._run(self.session.open_unit, unit)

        if self.session.offline:
            self.notify("The list of your decisions needs the review server, which is away. "
                        "Go on screening; the status line says when it is back.",
                        title="Server away", severity="warning", timeout=6, markup=False)
            return
        self.app.push_screen(DecidedList(self.session.store, self.session.stage,
                                         self.session.reviewer), picked)

    def do_help(self) -> None:
        """Show the keys."""
        self.app.push_screen(HelpScreen(self.keymap, self.session.stage))

    def do_quit(self) -> None:
        """Leave (every decision is already saved)."""
        self.app.exit()
