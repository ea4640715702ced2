"""A screening session that keeps going when the review server goes away.

:class:`TeamSession` is the :class:`~litsearch.screening.session.ScreeningSession` the
app uses. Every event (decision, undo, note) goes through an
:class:`~litsearch.screening.outbox.Outbox`: written at once while the server answers,
kept (in memory and in a journal file) while it does not. The records ahead in the
queue are read in advance, so the reviewer keeps screening through an outage; what
only the server knows (other reviewers' votes, notes, the databases that found a
record) is left out until it is back, and actions that need it (search, the decided
list, overruling a rule) say so instead of waiting.

On a review.db the server never goes away and this behaves exactly as its parent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import ScreeningError, StoreError
from ..models import Record
from ..store.failures import connection_lost
from .outbox import Outbox, Pending
from .session import OtherEvent, ScreeningSession

T = TypeVar("T")

#: How many records ahead of the shown one are read in advance (screened offline).
PREFETCH = 25


def server_away(what: str) -> ScreeningError:
    """Return the error for an action that needs the review server while it is away."""
    return ScreeningError(f"{what} needs the review server, which is away.",
                          "Go on screening; the status line says when it is back.",
                          title="Server away")


class TeamSession(ScreeningSession):
    """Screen one stage as one reviewer, through lost connections.

    Args:
        *args: As :class:`ScreeningSession`.
        outbox: Where events wait while the server is away (default: memory only).
        **kwargs: As :class:`ScreeningSession`.
    """

    def __init__(self, *args: Any, outbox: Outbox | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outbox = outbox if outbox is not None else Outbox()
        self._records: dict[int, Record] = {}
        self.prefetch()

    @property
    def offline(self) -> bool:
        """True while the review server is away (events are kept, not written)."""
        return self.outbox.offline

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        """Run a read; a lost connection turns the session offline and gives ``fallback``.

        A connection the server dropped while it was not in use (a restart the session
        slept through) fails on its first statement; the read is tried once more on a
        new connection before the server counts as away.
        """
        if self.offline:
            return fallback
        for _attempt in (1, 2):
            try:
                return call()
            except (sqlite3.Error, StoreError) as exc:
                if not connection_lost(exc):
                    raise
        self.outbox.went_offline()
        return fallback

    def forget(self, refused: list[Pending]) -> None:
        """Take back the decisions the server refused for good from this session's counts.

        They were counted as decided when keyed; not written, their records are undecided
        again (shown again, to be keyed again if they still apply).
        """
        for item in refused:
            if item.stage == self.stage and self.queue.mine.get(item.record_id) == item.decision:
                self.queue.mark(item.record_id, None)

    def _file(self, unit: int, decision: str, **fields: object) -> int:
        item = Pending.keyed(record_id=unit, stage=self.stage, reviewer=self.reviewer,
                             decision=decision, source=self.source, **fields)
        return self.outbox.submit(self.store, item) or 0

    def prefetch(self) -> None:
        """Read the next records of the queue now, so they can be screened offline.

        The shown record and the undecided ones after it, :data:`PREFETCH` in all; only
        those not read yet are read, so a decision costs one read as a rule (counting
        only unread records walked past those read and read PREFETCH on every key).
        """
        unit, ahead = self.current, []
        for _ in range(PREFETCH):
            if unit is None:
                break
            if unit not in self._records:
                ahead.append(unit)
            unit = self.queue.next_pending(unit)
            if unit == self.current:
                break
        if len(self._records) > 20 * PREFETCH:  # decided ones are not shown again soon
            self._records = {u: r for u, r in self._records.items() if u not in self.queue.mine}
        for unit in ahead:
            found = self._guard(lambda u=unit: self._read(u), None)
            if found is None:
                return
            self._records[unit] = found

    def _read(self, unit: int) -> Record | None:
        current, self.current = self.current, unit
        try:
            return super().record()
        finally:
            self.current = current

    def record(self) -> Record | None:
        """Return the shown record: read in advance, or read now.

        Raises:
            ScreeningError: The server is away and the record was not read in advance.
        """
        if self.current is None:
            return None
        found = self._records.get(self.current)
        if found is None:
            found = self._guard(super().record, None)
            if found is None:
                raise server_away(f"showing record #{self.current}")
            self._records[self.current] = found
        return found

    def decide(self, decision: str, reason: str | None = None) -> int:
        """Decide the shown record (kept, when the server is away) and move on."""
        if self.offline and self.current is not None and self.current not in self._records:
            raise server_away(f"deciding record #{self.current} (its text is not here)")
        event = super().decide(decision, reason)
        self.prefetch()
        return event

    def _after(self, unit: int) -> int | None:
        following = super()._after(unit)
        if not self.offline or following is None or following in self._records:
            return following
        # Offline: the next record read in advance, rather than one that cannot be shown.
        here = following
        while here is not None:
            if here in self._records:
                return here
            here = self.queue.next_pending(here)
            if here == following:
                break
        return following

    def my_decision(self) -> str | None:
        """This reviewer's decision on the shown record (the queue's, when offline)."""
        fallback = self.queue.mine.get(self.current) if self.current is not None else None
        return self._guard(super().my_decision, fallback)

    def others(self) -> list[OtherEvent]:
        """Other reviewers' decisions and notes (none while the server is away)."""
        return self._guard(super().others, [])

    def sources(self) -> list[str]:
        """The databases that found the shown record (none while the server is away)."""
        return self._guard(super().sources, [])

    def my_notes(self) -> list[str]:
        """This reviewer's notes on the shown record (none while the server is away)."""
        return self._guard(super().my_notes, [])

    def skip(self) -> None:
        """Move on without deciding (the place is remembered when the server answers)."""
        if self.offline:
            unit = self._require_current()
            self.current = self._after(unit) if self.return_to is not None \
                else self.queue.next_pending(unit)
            return
        self._guard(super().skip, None)

    def note(self, text: str) -> int:
        """Attach a note to the shown record (kept, when the server is away)."""
        if not text.strip():
            raise ScreeningError("the note is empty.", "Type some text, or press Escape.")
        return self._file(self._require_current(), "note", note=text.strip())

    def undo(self) -> int:
        """Undo the latest decision; while decisions are kept, the latest of those.

        Raises:
            ScreeningError: Nothing to undo, or the decision to undo is on the server
                while it is away.
        """
        if not self.offline and not len(self.outbox):
            result = self._guard(super().undo, None)
            if result is not None:
                return result
        in_force: list[int] = []
        for item in self.outbox.pending:
            if item.reviewer != self.reviewer or item.stage != self.stage \
                    or item.decision == "note":
                continue
            in_force = [u for u in in_force if u != item.record_id]
            if item.decision != "undo":
                in_force.append(item.record_id)
        if not in_force:
            raise server_away("undoing a decision already written")
        unit = in_force[-1]
        self._file(unit, "undo")
        self.last_undone = (unit, self.queue.mine.get(unit))
        self.queue.mark(unit, None)
        if unit in self.queue.position:
            self.current = unit
        return unit

    def search(self, text: str) -> int:
        """Search (see the parent); refused while the server is away."""
        if self.offline:
            raise server_away("searching")
        return super().search(text)

    def overrule(self, text: str) -> int:
        """Overrule a rule criterion (see the parent); refused while the server is away."""
        if self.offline:
            raise server_away("overruling a rule criterion")
        return super().overrule(text)
