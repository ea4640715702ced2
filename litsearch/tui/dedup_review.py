"""Side-by-side review of doubtful duplicate pairs (``litsearch dedup review``).

Keys: s same, d different, k or space skip, u undo the last decision, A accept every
waiting pair of this pair's kind as same (once a sample of the kind was checked), ? help,
q quit; arrows, PgUp/PgDn, Home/End scroll the pane in focus, and Tab moves the focus
between the pair and the panel above it (why the pair is queued, what differs), which
scrolls too when it is longer than its nine lines. Every decision is written to the
store at once; a bulk accept writes one per pair.

The two records share one table (field, left, right) so their rows line up; the fields
that differ come first and the identifiers next, so at 80x24 what decides the pair is
above the fold and the rest is a scroll away.
"""

from __future__ import annotations

import difflib

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Static

from ..dedup.bulk import KindSample, bulk_accept, kind_sample
from ..dedup.decisions import decide_pair
from ..dedup.queue import Pair, describe_kind, differing_fields, explain, review_queue
from ..errors import DedupError
from ..models import Record
from ..store import Store
from ..store.records import get_record
from ..wording import number, plural

#: The fields shown for each record, in order: (label, function of the record).
FIELDS = (
    ("Title", lambda r: r.title or ""),
    ("Authors", lambda r: "; ".join(a.display() for a in r.authors[:8])
     + (" et al." if len(r.authors) > 8 else "")),
    ("Year", lambda r: str(r.year or "")),
    ("Journal", lambda r: r.journal or ""),
    ("Volume(issue)", lambda r: f"{r.volume or ''}({r.issue or ''})".replace("()", "")),
    ("Pages", lambda r: "-".join(p for p in (r.start_page, r.end_page) if p)),
    ("DOI", lambda r: r.doi or ""),
    ("PMID", lambda r: r.pmid or ""),
    ("Type", lambda r: "; ".join(r.publication_types)),
    ("Database", lambda r: r.database or ""),
    ("Abstract", lambda r: (r.abstract or "")[:600]),
)

#: Labels of :data:`FIELDS` by the names :func:`differing_fields` gives.
DIFFER_LABELS = {"title": "Title", "authors": "Authors", "year": "Year", "journal": "Journal",
                 "volume": "Volume(issue)", "issue": "Volume(issue)", "pages": "Pages",
                 "doi": "DOI", "pmid": "PMID"}

#: Shown right after the differing fields: the identifiers a pair is most often queued by.
IDENTIFIERS = ("DOI", "PMID", "Year", "Database")

#: Style of words or values that differ between the two records.
DIFF_STYLE = "bold black on yellow"


def highlight(mine: str, other: str) -> Text:
    """Return ``mine`` with the words that ``other`` lacks highlighted."""
    text = Text()
    words, others = mine.split(), other.split()
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in words],
                                      b=[w.lower() for w in others], autojunk=False)
    for op, i1, i2, _j1, _j2 in matcher.get_opcodes():
        chunk = " ".join(words[i1:i2])
        if not chunk:
            continue
        if text:
            text.append(" ")
        text.append(chunk, style=None if op == "equal" else DIFF_STYLE)
    return text


def field_order(differ: list[str]) -> list[str]:
    """Order the labels of :data:`FIELDS`: differing fields, identifiers, the rest."""
    first = [DIFFER_LABELS[name] for name in differ if name in DIFFER_LABELS]
    order = dict.fromkeys([*first, *IDENTIFIERS, *(label for label, _ in FIELDS)])
    return list(order)


def pair_table(a: Record, b: Record, heading_a: str, heading_b: str,
               differ: list[str] | None = None) -> Table:
    """Render two records row by row, highlighting what differs, differing fields first.

    A field marked ``≠`` is one the matcher reads as different (filled in both).
    """
    differ = differ or []
    marked = {DIFFER_LABELS[name] for name in differ if name in DIFFER_LABELS}
    table = Table(show_header=True, box=None, expand=True, pad_edge=False,
                  header_style="bold")
    table.add_column("field", style="dim", width=16, no_wrap=True)
    # Fold, not ellipsis: a DOI has no spaces, and its differing end is what matters.
    table.add_column(heading_a, ratio=1, overflow="fold")
    table.add_column(heading_b, ratio=1, overflow="fold")
    getters = dict(FIELDS)
    for label in field_order(differ):
        mine, other = getters[label](a), getters[label](b)
        name = Text(label, style="bold" if label in marked else "dim")
        if label in marked:
            name.append(" ≠", style=DIFF_STYLE)
        table.add_row(name, highlight(mine, other), highlight(other, mine))
    return table


def status_text(waiting: int, pair: Pair, reviewer: str,
                sample: KindSample | None = None) -> Text:
    """Say how many pairs wait and, on lines of their own, why this pair is queued,
    which fields differ, and how far its kind has been checked.

    The reason is the longest part and must never be cut off, so it gets its own
    line and wraps on a narrow terminal (the status bar grows to fit).
    """
    parts: list[str | tuple[str, str]] = [
        f"{plural(waiting, 'pair')} to review · title similarity {pair.score:.2f} · "
        f"reviewer {reviewer}\n", ("Why queued: ", "bold"), explain(pair.rule)]
    if pair.a is not None and pair.b is not None:
        differ = differing_fields(pair.a, pair.b)
        parts += ["\n", ("Differs: ", "bold"), ", ".join(differ) or "nothing filled in both"]
    if pair.untrusted:
        parts += ["\n", ("Unreadable: ", "bold"), ", ".join(pair.untrusted)]
    if sample is not None:
        todo = sample.needed - sample.same
        state = (f"A accepts all {number(len(sample.waiting))} as same" if sample.ready
                 else "a sample pair was different: decide one by one" if sample.different
                 else "too few for a bulk accept: decide one by one" if len(sample.waiting) <= todo
                 else f"decide {todo} more as a sample to accept the rest")
        parts += ["\n", ("Kind: ", "bold"), f"{number(len(sample.waiting))} waiting, "
                  f"{number(sample.same)} checked same, {number(sample.different)} different; "
                  f"{state}"]
    return Text.assemble(*parts)


class DedupReviewApp(App[None]):
    """Review doubtful pairs one at a time and store same / different decisions."""

    CSS_PATH = "dedup_review.tcss"
    TITLE = "litsearch dedup review"
    BINDINGS = [
        Binding("s", "decide('same')", "Same"),
        Binding("d", "decide('different')", "Different"),
        Binding("k", "skip", "Skip"),
        Binding("space", "skip", "Skip", show=False),
        Binding("u", "undo", "Undo"),
        Binding("A", "accept_kind", "Accept kind"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: Store, reviewer: str) -> None:
        super().__init__()
        self.store = store
        self.reviewer = reviewer
        #: Pairs skipped in this session (they stay in the queue for later).
        self.skipped: set[tuple[int, int]] = set()
        #: Pairs decided in this session, latest last (for undo).
        self.history: list[tuple[int, int]] = []
        self.current: Pair | None = None
        self.sample: KindSample | None = None
        self.remaining = 0

    @property
    def decided(self) -> int:
        """Decisions standing from this session."""
        return len(self.history)

    def compose(self) -> ComposeResult:
        yield Header()
        # Two focusable panes: Tab (Textual's focus_next) moves between them.
        with VerticalScroll(id="why"):
            yield Static(id="status")
        with VerticalScroll(id="pair"):
            yield Static(id="compare")
        yield Footer()

    def on_mount(self) -> None:
        # Focused, the pair scrolls with arrows, PgUp/PgDn and Home/End.
        self.query_one("#pair", VerticalScroll).focus()
        self.refresh_pair()

    def refresh_pair(self, prefer: tuple[int, int] | None = None) -> None:
        """Show the next pair awaiting review (or ``prefer`` when it still waits)."""
        queue = review_queue(self.store, load=False, kinds=True)
        waiting = [p for p in queue if (p.record_a, p.record_b) not in self.skipped]
        self.remaining = len(queue)
        chosen = next((p for p in waiting if (p.record_a, p.record_b) == prefer), None)
        self.current = chosen or (waiting[0] if waiting else None)
        status = self.query_one("#status", Static)
        compare = self.query_one("#compare", Static)
        self.query_one("#pair", VerticalScroll).scroll_home(animate=False)
        if self.current is None:
            status.update(f"No pairs left to review ({number(len(queue))} skipped). "
                          f"{plural(self.decided, 'decision')} this session. Press q to quit, "
                          "u to undo.")
            compare.update("")
            return
        pair = self.current
        pair.a = get_record(self.store, pair.record_a)
        pair.b = get_record(self.store, pair.record_b)
        self.sample = kind_sample(self.store, pair.kind)
        status.update(status_text(len(waiting), pair, self.reviewer, self.sample))
        compare.update(pair_table(
            pair.a, pair.b, f"record {pair.record_a} (cluster {pair.cluster_a})",
            f"record {pair.record_b} (cluster {pair.cluster_b})",
            differing_fields(pair.a, pair.b)))

    def action_decide(self, decision: str) -> None:
        """Store same/different for the pair on screen and move on."""
        if self.current is None:
            return
        pair = self.current
        try:
            decide_pair(self.store, pair.record_a, pair.record_b, decision, self.reviewer)
        except DedupError as exc:  # e.g. the two works were screened differently
            self.notify(str(exc), severity="warning", timeout=10, markup=False)
            return
        self.history.append((pair.record_a, pair.record_b))
        self.refresh_pair()

    def action_accept_kind(self) -> None:
        """Accept every waiting pair of the current pair's kind as same (after a sample)."""
        if self.current is None:
            return
        kind = self.current.kind
        try:
            done, refused = bulk_accept(self.store, kind, self.reviewer)
        except DedupError as exc:
            self.notify(str(exc), severity="warning", timeout=10, markup=False)
            return
        self.history.extend(done)
        message = (f"{plural(len(done), 'pair')} of the kind '{describe_kind(kind)}' decided same "
                   "(one decision each; u undoes them one by one).")
        if refused:
            message += f" {len(refused)} refused and still waiting: " + "; ".join(refused[:3])
        self.notify(message, timeout=10, markup=False)
        self.refresh_pair()

    def action_skip(self) -> None:
        """Leave the pair on screen for later and show the next one."""
        if self.current is not None:
            self.skipped.add((self.current.record_a, self.current.record_b))
        self.refresh_pair()

    def action_help(self) -> None:
        """Show the keys."""
        self.push_screen(KeysHelp())

    def action_undo(self) -> None:
        """Withdraw this session's latest decision and show that pair again."""
        if not self.history:
            self.notify("Nothing to undo in this session.")
            return
        a, b = self.history.pop()
        decide_pair(self.store, a, b, "undo", self.reviewer)
        self.refresh_pair(prefer=(a, b))


#: The help screen's rows: (keys, what they do).
HELP_ROWS = (
    ("s", "same work: merge the two records"),
    ("d", "different works: keep them apart"),
    ("k  space", "skip: leave the pair waiting for later"),
    ("u", "undo this session's latest decision"),
    ("A", "accept every waiting pair of this kind as same (after a checked sample)"),
    ("↑ ↓ PgUp PgDn", "scroll the pair (or the panel above it, after Tab)"),
    ("Home End", "top or bottom of the pair"),
    ("Tab", "move between the pair and the panel above it"),
    ("?", "this help"),
    ("q", "quit (every decision is already saved)"),
)


class KeysHelp(ModalScreen[None]):
    """The pair review's keys, and how to read the screen; any key closes it."""

    DEFAULT_CSS = """
    KeysHelp { align: center middle; }
    KeysHelp > Vertical { width: 76; max-width: 100%; height: auto; max-height: 100%;
                          border: round $primary; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for keys, meaning in HELP_ROWS:
            grid.add_row(Text(keys, style="bold"), meaning)
        with Vertical():
            yield Static(Text.assemble(("Keys", "bold"), ("   any key closes this", "dim")))
            yield Static(grid)
            yield Static(Text("Why queued: the rule that put the pair here. Differs: the "
                              "fields both records fill that the matcher reads as different; "
                              "they come first in the table, marked ≠, then DOI, PMID, year "
                              "and database.", style="dim"))

    def on_key(self, event: events.Key) -> None:
        """Close on any key."""
        event.stop()
        self.dismiss(None)


def make_app(store: Store, reviewer: str) -> DedupReviewApp:
    """Build the review app (used by the CLI and by tests)."""
    return DedupReviewApp(store, reviewer)
