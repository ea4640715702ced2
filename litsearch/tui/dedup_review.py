"""Side-by-side review of doubtful duplicate pairs (``litsearch dedup review``).

Keys: s same, d different, k or space skip, u undo the last decision, A accept every
waiting pair of this pair's kind as same (once a sample of the kind was checked), q quit.
Every decision is written to the store at once; a bulk accept writes one per pair.
"""

from __future__ import annotations

import difflib

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static

from ..dedup.bulk import KindSample, bulk_accept, kind_sample
from ..dedup.decisions import decide_pair
from ..dedup.queue import Pair, describe_kind, differing_fields, explain, review_queue
from ..errors import DedupError
from ..models import Record
from ..store import Store
from ..store.records import get_record

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


def record_table(record: Record, other: Record, heading: str) -> Table:
    """Render one record's fields, highlighting what differs from the other record."""
    table = Table(show_header=False, box=None, expand=True, pad_edge=False)
    table.add_column("field", style="dim", width=13, no_wrap=True)
    # Fold, not ellipsis: a DOI has no spaces, and its differing end is what matters.
    table.add_column("value", ratio=1, overflow="fold")
    table.title = heading
    for label, get in FIELDS:
        table.add_row(label, highlight(get(record), get(other)))
    return table


def status_text(waiting: int, pair: Pair, reviewer: str,
                sample: KindSample | None = None) -> Text:
    """Say how many pairs wait and, on lines of their own, why this pair is queued,
    which fields differ, and how far its kind has been checked.

    The reason is the longest part and must never be cut off, so it gets its own
    line and wraps on a narrow terminal (the status bar grows to fit).
    """
    parts: list[str | tuple[str, str]] = [
        f"{waiting} pair{'s' * (waiting != 1)} to review · title similarity {pair.score:.2f} · "
        f"reviewer {reviewer}\n", ("Why queued: ", "bold"), explain(pair.rule)]
    if pair.a is not None and pair.b is not None:
        differ = differing_fields(pair.a, pair.b)
        parts += ["\n", ("Differs: ", "bold"), ", ".join(differ) or "nothing filled in both"]
    if pair.untrusted:
        parts += ["\n", ("Unreadable: ", "bold"), ", ".join(pair.untrusted)]
    if sample is not None:
        todo = sample.needed - sample.same
        state = (f"A accepts all {len(sample.waiting)} as same" if sample.ready
                 else "a sample pair was different: decide one by one" if sample.different
                 else "too few for a bulk accept: decide one by one" if len(sample.waiting) <= todo
                 else f"decide {todo} more as a sample to accept the rest")
        parts += ["\n", ("Kind: ", "bold"), f"{len(sample.waiting)} waiting, {sample.same} "
                  f"checked same, {sample.different} different; {state}"]
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
        yield Static(id="status")
        with Horizontal(id="pair"):
            yield Static(id="left", classes="record")
            yield Static(id="right", classes="record")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_pair()

    def refresh_pair(self, prefer: tuple[int, int] | None = None) -> None:
        """Show the next pair awaiting review (or ``prefer`` when it still waits)."""
        queue = review_queue(self.store, load=False, kinds=True)
        waiting = [p for p in queue if (p.record_a, p.record_b) not in self.skipped]
        self.remaining = len(queue)
        chosen = next((p for p in waiting if (p.record_a, p.record_b) == prefer), None)
        self.current = chosen or (waiting[0] if waiting else None)
        status = self.query_one("#status", Static)
        left, right = self.query_one("#left", Static), self.query_one("#right", Static)
        if self.current is None:
            status.update(f"No pairs left to review ({len(queue)} skipped). "
                          f"{self.decided} decisions this session. Press q to quit, u to undo.")
            left.update("")
            right.update("")
            return
        pair = self.current
        pair.a = get_record(self.store, pair.record_a)
        pair.b = get_record(self.store, pair.record_b)
        self.sample = kind_sample(self.store, pair.kind)
        status.update(status_text(len(waiting), pair, self.reviewer, self.sample))
        left.update(record_table(pair.a, pair.b, f"record {pair.record_a} "
                                                 f"(cluster {pair.cluster_a})"))
        right.update(record_table(pair.b, pair.a, f"record {pair.record_b} "
                                                  f"(cluster {pair.cluster_b})"))

    def action_decide(self, decision: str) -> None:
        """Store same/different for the pair on screen and move on."""
        if self.current is None:
            return
        pair = self.current
        try:
            decide_pair(self.store, pair.record_a, pair.record_b, decision, self.reviewer)
        except DedupError as exc:  # e.g. the two works were screened differently
            self.notify(str(exc), severity="warning", timeout=10)
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
            self.notify(str(exc), severity="warning", timeout=10)
            return
        self.history.extend(done)
        message = (f"{len(done)} pairs of the kind '{describe_kind(kind)}' decided same "
                   "(one decision each; u undoes them one by one).")
        if refused:
            message += f" {len(refused)} refused and still waiting: " + "; ".join(refused[:3])
        self.notify(message, timeout=10)
        self.refresh_pair()

    def action_skip(self) -> None:
        """Leave the pair on screen for later and show the next one."""
        if self.current is not None:
            self.skipped.add((self.current.record_a, self.current.record_b))
        self.refresh_pair()

    def action_undo(self) -> None:
        """Withdraw this session's latest decision and show that pair again."""
        if not self.history:
            self.notify("Nothing to undo in this session.")
            return
        a, b = self.history.pop()
        decide_pair(self.store, a, b, "undo", self.reviewer)
        self.refresh_pair(prefer=(a, b))


def make_app(store: Store, reviewer: str) -> DedupReviewApp:
    """Build the review app (used by the CLI and by tests)."""
    return DedupReviewApp(store, reviewer)
