"""One reviewer's screening session: the logic behind the screening app's keys.

The Textual app only turns keys into calls on :class:`ScreeningSession` and
shows what it returns, so everything here is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ScreeningError
from ..models import Record
from ..store import Store
from ..store.records import get_record
from .criteria import Criteria
from .decisions import (
    add_note,
    check_decision,
    check_stage,
    record_decision,
    remember_position,
    undo_last,
)
from .queue import ScreeningQueue
from .state import plain_rows, unit_for


@dataclass(frozen=True)
class Progress:
    """Counts shown in the app's header."""

    mine_done: int
    mine_left: int
    review_done: int
    review_left: int


@dataclass(frozen=True)
class OtherEvent:
    """Another reviewer's decision or note on the shown record (hidden in blind mode)."""

    reviewer: str
    decision: str
    reason: str | None
    note: str | None


class ScreeningSession:
    """Screen one stage as one reviewer; every decision is saved as it is made.

    Args:
        store: The review database.
        criteria: The review's criteria (reasons, highlights).
        stage: "title-abstract" or "full-text".
        reviewer: Who is screening.
        blind: Hide other reviewers' decisions and notes.
        source: Stored with each event ("tui", "cli", ...).
    """

    def __init__(self, store: Store, criteria: Criteria, stage: str, reviewer: str,
                 blind: bool = False, source: str = "tui") -> None:
        self.store = store
        self.criteria = criteria
        self.stage = check_stage(stage)
        self.reviewer = reviewer
        self.blind = blind
        self.source = source
        self.queue = ScreeningQueue.load(store, stage, reviewer)
        self.current: int | None = self.queue.resume_point(store)
        self._cache: tuple[int, Record] | None = None

    def record(self) -> Record | None:
        """Return the shown record, read from the database on first use."""
        if self.current is None:
            return None
        if self._cache is None or self._cache[0] != self.current:
            found = get_record(self.store, self.current)
            if found is None:
                raise ScreeningError(f"record {self.current} has disappeared from the review.",
                                     "Run 'litsearch dedup' again, then reopen screening.")
            self._cache = (self.current, found)
        return self._cache[1]

    def my_decision(self) -> str | None:
        """Return this reviewer's current decision on the shown record."""
        return self.queue.mine.get(self.current) if self.current is not None else None

    def others(self) -> list[OtherEvent]:
        """Return other reviewers' decisions and notes on the shown record (none when blind)."""
        if self.current is None or self.blind:
            return []
        rows = self.store.execute(
            """SELECT reviewer, decision, reason, note FROM decisions
               WHERE stage = ? AND reviewer != ? AND record_id IN (
                   SELECT record_id FROM cluster_members WHERE cluster_id =
                       (SELECT cluster_id FROM cluster_members WHERE record_id = ?))
               ORDER BY id""", (self.stage, self.reviewer, self.current)).fetchall()
        latest: dict[str, OtherEvent] = {}
        notes = []
        for reviewer, decision, reason, note in rows:
            if decision == "note":
                notes.append(OtherEvent(reviewer, decision, None, note))
            elif decision == "undo":
                latest.pop(reviewer, None)
            else:
                latest[reviewer] = OtherEvent(reviewer, decision, reason, note)
        return list(latest.values()) + notes

    def sources(self) -> list[str]:
        """Return the databases that found the shown record or its duplicates."""
        if self.current is None:
            return []
        rows = self.store.execute(
            """SELECT DISTINCT r.database FROM records r
               JOIN cluster_members m ON m.record_id = r.id
               WHERE m.cluster_id = (SELECT cluster_id FROM cluster_members WHERE record_id = ?)
               ORDER BY r.database""", (self.current,))
        return [r[0] for r in rows]

    def my_notes(self) -> list[str]:
        """Return this reviewer's notes on the shown record, oldest first."""
        if self.current is None:
            return []
        rows = self.store.execute(
            "SELECT note FROM decisions WHERE record_id = ? AND stage = ? AND reviewer = ? "
            "AND decision = 'note' ORDER BY id", (self.current, self.stage, self.reviewer))
        return [r[0] for r in rows]

    def decide(self, decision: str, reason: str | None = None) -> int:
        """Record a decision on the shown record and move to the next undecided one.

        Raises:
            ScreeningError: Nothing is shown, or the decision is invalid (see
                :func:`~litsearch.screening.decisions.check_decision`).
        """
        unit = self._require_current()
        label = check_decision(self.criteria, self.stage, decision, reason)
        event = record_decision(self.store, unit, self.stage, self.reviewer, decision,
                                reason=label, source=self.source)
        self.queue.mark(unit, decision)
        self.current = self.queue.next_pending(unit)
        return event

    def skip(self) -> None:
        """Move on without deciding; the record comes round again at the end."""
        unit = self._require_current()
        following = self.queue.next_pending(unit)
        self.current = following
        if following is not None:
            remember_position(self.store, self.stage, self.reviewer, following)

    def undo(self) -> int:
        """Undo this reviewer's latest decision at this stage and show that record again.

        Raises:
            ScreeningError: There is nothing to undo.
        """
        unit = undo_last(self.store, self.stage, self.reviewer, source=self.source)
        if unit is None:
            raise ScreeningError("nothing to undo at this stage.", "")
        self.queue.mark(unit, None)
        if unit in self.queue.position:
            self.current = unit
        return unit

    def note(self, text: str) -> int:
        """Attach a note to the shown record."""
        return add_note(self.store, self._require_current(), self.stage, self.reviewer, text,
                        source=self.source)

    def search(self, text: str) -> int:
        """Show the next record (after the shown one) whose id, title, abstract or DOI matches.

        Raises:
            ScreeningError: Nothing in this stage's queue matches.
        """
        text = text.strip()
        if not text:
            raise ScreeningError("type something to search for.", "")
        if text.lstrip("#").isdigit():
            found = {unit_for(self.store, int(text.lstrip("#")))}
        else:
            like = f"%{text}%"
            found = {r[0] for r in plain_rows(
                self.store, "SELECT COALESCE(c.representative_id, r.id) FROM records r "
                "LEFT JOIN cluster_members m ON m.record_id = r.id "
                "LEFT JOIN clusters c ON c.id = m.cluster_id "
                "WHERE r.title LIKE ? OR r.abstract LIKE ? OR r.doi LIKE ? OR r.authors LIKE ?",
                (like, like, like, like))}
        ids = self.queue.ids
        start = self.queue.position.get(self.current, -1) + 1 if self.current is not None else 0
        for step in range(len(ids)):
            unit = ids[(start + step) % len(ids)]
            if unit in found:
                self.current = unit
                return unit
        raise ScreeningError(f"no record at {self.stage} matches '{text}'.", "")

    def progress(self) -> Progress:
        """Return done / left counts for this reviewer and for the review."""
        q = self.queue
        return Progress(q.done, q.left, len(q.reviewed), len(q.ids) - len(q.reviewed))

    def _require_current(self) -> int:
        if self.current is None:
            raise ScreeningError(f"every record at {self.stage} has your decision.",
                                 "Press u to undo the last one, or q to quit.")
        return self.current
