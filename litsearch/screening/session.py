"""One reviewer's screening session: the logic behind the screening app's keys.

The Textual app only turns keys into calls on :class:`ScreeningSession` and
shows what it returns, so everything here is tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..dedup.loading import work_record
from ..errors import ScreeningError
from ..models import Record
from ..store import Store
from .criteria import Criteria
from .decisions import (
    add_note,
    check_decision,
    check_stage,
    new_client_id,
    record_decision,
    remember_position,
    undo_last,
)
from .order import Ranking, check_order, static_order
from .override import override_rule
from .queue import TRAINING_LABEL, ScreeningQueue
from .state import unit_for

#: Records whose text contains a search (``?1``), read in record order from ``{where}``.
_SEARCH_SQL = ("SELECT id FROM records WHERE {where} AND (title LIKE ?1 OR abstract LIKE ?1 "
               "OR doi LIKE ?1 OR authors LIKE ?1) ORDER BY id")


@dataclass(frozen=True)
class Progress:
    """Counts shown in the app's header."""

    mine_done: int
    mine_left: int
    review_done: int
    review_left: int
    #: Units with fewer votes than the screening rules require (review.toml [screening]).
    awaiting_second: int = 0


@dataclass(frozen=True)
class OtherEvent:
    """Another reviewer's decision or note on the shown record (hidden in blind mode)."""

    reviewer: str
    decision: str
    reason: str | None
    note: str | None
    #: True when the event settles a conflict (a resolution, not the reviewer's own vote).
    resolution: bool = False


class ScreeningSession:
    """Screen one stage as one reviewer; every decision is saved as it is made.

    Args:
        store: The review database.
        criteria: The review's criteria (reasons, highlights).
        stage: "title-abstract" or "full-text".
        reviewer: Who is screening.
        blind: Hide other reviewers' decisions and notes.
        source: Stored with each event ("tui", "cli", ...); "-blind" is added in
            blind mode.
    """

    def __init__(self, store: Store, criteria: Criteria, stage: str, reviewer: str,
                 blind: bool = False, source: str = "tui", order: str = "file",
                 seed: int = 1) -> None:
        self.store = store
        self.criteria = criteria
        self.stage = check_stage(stage)
        self.reviewer = reviewer
        self.blind = blind
        #: A blind session's events say so ("tui-blind"): agreement counts a first
        #: decision keyed with the other's vote on screen as possibly not independent.
        self.source = f"{source}-blind" if blind else source
        self.queue = ScreeningQueue.load(store, stage, reviewer)
        self.order = check_order(order)
        #: What placed the records in their order (stored with each decision): file
        #: order until the first relevance ranking arrives.
        self.order_version = {"random": f"random/{seed}", "relevance": "file"}.get(order, order)
        #: The record on screen when a ranking arrived, with the order and rank it was
        #: shown at: it stays on screen, so its decision stores those, not the new ones.
        self._kept: tuple[int, str, int] | None = None
        if order in ("random", "year"):
            self.queue.reorder(static_order(store, self.queue.ids, order, seed))
        #: The latest relevance ranking applied (None before the first).
        self.ranking: Ranking | None = None
        self._current: int | None = None
        self.current = self.queue.resume_point(store)
        #: The unit and decision the latest :meth:`undo` took back (for the app to say so).
        self.last_undone: tuple[int, str | None] | None = None
        #: Where the reviewer was before a search jumped away (screening goes on from there).
        self.return_to: int | None = None
        #: Called before each write; raises when the reviewer is no longer on the team
        #: (a review.db's app left open: :func:`~litsearch.screening.roster.still_listed`).
        self.on_team: Callable[[], None] = lambda: None
        self._cache: tuple[int, Record] | None = None

    @property
    def current(self) -> int | None:
        """The unit on screen (None when nothing is left)."""
        return self._current

    @current.setter
    def current(self, unit: int | None) -> None:
        if self._kept is not None and self._kept[0] != unit:
            self._kept = None  # shown again later, it is shown in the order of then
        self._current = unit

    def shown_as(self, unit: int) -> tuple[str, int]:
        """The order (its version) and rank ``unit`` was shown at, stored with a decision."""
        if self._kept is not None and self._kept[0] == unit:
            return self._kept[1], self._kept[2]
        return self.order_version, self.queue.pending_rank(unit)

    def record(self) -> Record | None:
        """Return the shown record, read from the database on first use."""
        if self.current is None:
            return None
        if self._cache is None or self._cache[0] != self.current:
            found = work_record(self.store, self.current)  # gaps filled from its duplicates
            if found is None:
                raise ScreeningError(f"record {self.current} has disappeared from the review.",
                                     "Run 'litsearch dedup' again, then reopen screening.")
            self._cache = (self.current, found)
        return self._cache[1]

    def my_decision(self) -> str | None:
        """Return this reviewer's current decision on the shown record, with its reason
        ("exclude (wrong population)"), or None."""
        if self.current is None or self.current not in self.queue.mine:
            return None
        mine = self._votes_on(self.current).get(self.reviewer)
        if mine is None:
            return self.queue.mine[self.current]
        said = mine.decision + (f" ({mine.reason})" if mine.reason else "")
        return f"{said}, as the resolution of a conflict" if mine.resolution else said

    def _votes_on(self, unit: int) -> dict[str, OtherEvent]:
        """The latest decision per reviewer on ``unit`` or its duplicates (undone left out)."""
        latest: dict[str, OtherEvent] = {}
        for event in self._events_on(unit):
            if event.decision == "undo":
                latest.pop(event.reviewer, None)
            elif event.decision != "note":
                latest[event.reviewer] = event
        return latest

    def _events_on(self, unit: int) -> list[OtherEvent]:
        rows = self.store.execute(
            """SELECT reviewer, decision, reason, note, resolution FROM decisions
               WHERE stage = ? AND record_id IN (
                   SELECT record_id FROM cluster_members WHERE cluster_id =
                       (SELECT cluster_id FROM cluster_members WHERE record_id = ?))
               ORDER BY id""", (self.stage, unit)).fetchall()
        return [OtherEvent(r, d, why, note, bool(res)) for r, d, why, note, res in rows]

    def others(self) -> list[OtherEvent]:
        """Return other reviewers' decisions and notes on the shown record (none when blind).

        A conflict resolution is returned as such (``resolution``), never as a vote.
        """
        if self.current is None or self.blind:
            return []
        votes = [v for who, v in self._votes_on(self.current).items() if who != self.reviewer]
        notes = [e for e in self._events_on(self.current)
                 if e.decision == "note" and e.reviewer != self.reviewer]
        return votes + notes

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
        self.on_team()
        version, rank = self.shown_as(unit)
        event = self._file(unit, decision, reason=label, model_version=version,
                           shown_rank=rank)
        self.queue.mark(unit, decision)
        self.current = self._after(unit)
        return event

    def _file(self, unit: int, decision: str, **fields: object) -> int:
        """Write one event keyed now, with a fresh client id (a retry writes it once).

        Returns the event id (a :class:`~litsearch.screening.team_session.TeamSession`
        returns 0 for one kept to be written when the server is back).
        """
        return record_decision(self.store, unit, self.stage, self.reviewer, decision,
                               source=self.source, client_id=new_client_id(),
                               **fields)  # type: ignore[arg-type]

    def _after(self, unit: int) -> int | None:
        """The unit to show after ``unit``: back where the reviewer was before a search
        jumped away, else the next undecided one in screening order."""
        back, self.return_to = self.return_to, None
        if back is not None and back != unit:
            return back if back not in self.queue.mine else self.queue.next_pending(back)
        return (self.queue.first_pending() if self.order == "relevance"
                else self.queue.next_pending(unit))

    def labels(self) -> dict[int, int]:
        """This reviewer's own decisions as 1 (include, maybe) / 0 (exclude), in the order
        made: what the ranking learns from (never another reviewer's)."""
        return {u: TRAINING_LABEL[d] for u, d in self.queue.mine.items()
                if d in TRAINING_LABEL}

    def apply_ranking(self, ranking: Ranking) -> None:
        """Show the records in ``ranking``'s order from the next one on.

        The record on screen stays; only what comes after it changes.
        """
        if self.current is not None and self._kept is None:
            self._kept = (self.current, *self.shown_as(self.current))
        self.ranking = ranking
        self.order_version = ranking.version
        self.queue.reorder(ranking.order, ranking.planned)
        if self.current is None:
            self.current = self.queue.first_pending()

    def skip(self) -> None:
        """Move on without deciding; the record comes round again at the end."""
        unit = self._require_current()
        following = self._after(unit) if self.return_to is not None \
            else self.queue.next_pending(unit)
        self.current = following
        if following is not None:
            remember_position(self.store, self.stage, self.reviewer, following)

    def undo(self) -> int:
        """Undo this reviewer's latest decision at this stage and show that record again.

        Raises:
            ScreeningError: There is nothing to undo.
        """
        self.on_team()
        unit = undo_last(self.store, self.stage, self.reviewer, source=self.source)
        if unit is None:
            raise ScreeningError(f"nothing to undo at {self.stage}.",
                                 "Only your own decisions at this stage can be undone.",
                                 title="Nothing to undo")
        self.last_undone = (unit, self.queue.mine.get(unit))
        self.queue.mark(unit, None)
        if not self._votes_on(unit):  # nobody else has decided it: not screened any more
            self.queue.reviewed.discard(unit)
        if unit in self.queue.position:
            self.current = unit
        return unit

    def note(self, text: str) -> int:
        """Attach a note to the shown record."""
        self.on_team()
        return add_note(self.store, self._require_current(), self.stage, self.reviewer, text,
                        source=self.source)

    def search(self, text: str) -> int:
        """Show the next record whose title, abstract, DOI or authors contain ``text``.

        "Next" is by record number after the shown one, wrapping round; ``#id`` (or a
        bare number) jumps to that record. Records are read in order and the scan stops
        at the first match in this stage's queue, so a common word answers at once even
        in a review of 100,000 records.

        Raises:
            ScreeningError: Nothing in this stage's queue matches.
        """
        text = text.strip()
        if not text:
            raise ScreeningError("type something to search for.",
                                 "Words from a title or abstract, a DOI, or #id.",
                                 title="Nothing to search for")
        if text.lstrip("#").isdigit():
            unit = unit_for(self.store, int(text.lstrip("#")))
            found = unit if unit in self.queue.position else None
        else:
            found = self._next_match(f"%{text}%")
        if found is None:
            raise ScreeningError(f"no record at {self.stage} matches '{text}'.",
                                 "Try fewer or shorter words (the search is for a phrase).",
                                 title="No match")
        self.open_unit(found)
        return found

    def open_unit(self, unit: int) -> None:
        """Show ``unit`` (from the decided list); screening goes on from where it was.

        Raises:
            ScreeningError: The unit is not in this stage's queue.
        """
        if unit not in self.queue.position:
            raise ScreeningError(f"record {unit} is not screened at {self.stage}.",
                                 "Pick one from the list.", title="Not here")
        if unit != self.current and self.return_to is None:
            self.return_to = self.current
        self.current = unit

    def _next_match(self, like: str) -> int | None:
        after = self.current or 0
        shown_matches = False
        for where in ("id > ?2", "id <= ?2"):
            cursor = self.store.db.cursor()
            cursor.row_factory = None
            for (record_id,) in cursor.execute(_SEARCH_SQL.format(where=where), (like, after)):
                unit = unit_for(self.store, record_id)
                if unit == self.current:
                    shown_matches = True
                elif unit in self.queue.position:
                    cursor.close()
                    return unit
        return self.current if shown_matches else None

    def overrule(self, text: str) -> int:
        """Overrule the rule criterion that excluded a record, and show that record.

        Args:
            text: The record id, then the reason ("#258 English paper; abstract also
                in Spanish"), as typed in the app.

        Returns:
            The record (screening unit), now in this stage's queue.

        Raises:
            ScreeningError: Not at title/abstract, no id or reason, or no rule excluded
                the record.
        """
        if self.stage != "title-abstract":
            raise ScreeningError("rules exclude records before title/abstract screening, so "
                                 "they are overruled there.",
                                 "Open litsearch screen --stage title-abstract.")
        ref, _, reason = text.strip().lstrip("#").partition(" ")
        if not ref.isdigit() or not reason.strip():
            raise ScreeningError("give the record id, then why the rule is wrong for it.",
                                 "For example: 258 English paper; the abstract is bilingual.")
        unit = unit_for(self.store, int(ref))
        self.on_team()
        override_rule(self.store, unit, self.reviewer, reason, source=self.source)
        self.queue = ScreeningQueue.load(self.store, self.stage, self.reviewer)
        self.current = unit if unit in self.queue.position else self.current
        return unit

    def progress(self) -> Progress:
        """Return done / left counts for this reviewer and for the review."""
        q = self.queue
        return Progress(q.done, q.left, len(q.reviewed), len(q.ids) - len(q.reviewed),
                        q.awaiting_second)

    def _require_current(self) -> int:
        if self.current is None:
            raise ScreeningError(f"every record at {self.stage} has your decision.",
                                 "Press u to undo the last one, or q to quit.",
                                 title="All decided")
        return self.current
