"""The screening queue: which units a reviewer sees at a stage, in which order.

The queue holds ids only; a record's fields are fetched when it is shown, so a
review of 100,000 records opens quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store import Store
from .decisions import position_key
from .early_stop import STAGE, STOPPING_REVIEWER, decision_sequence
from .lookup import check_dedup
from .policy import ScreeningPolicy, store_policy
from .state import is_automation, latest_votes, plain_rows, stage_pool
from .status import screening_units

#: What the ranking learns from a decision: 1 relevant, 0 not (a report not retrieved
#: says nothing about relevance, so it teaches nothing).
TRAINING_LABEL = {"include": 1, "maybe": 1, "exclude": 0}
#: Decisions counted as relevant found in the app's header (as `status` and
#: `screen --stopping` count them).
FOUND = ("include", "maybe")


def apply_changes(labels: dict[int, int], changes: list[tuple[int, str | None]]) -> None:
    """Bring ``labels`` (``{unit: 1/0}`` in the order decided) up to date with
    :attr:`ScreeningQueue.changes` (``(unit, decision or None after an undo)``): a
    changed decision moves to the end, as :meth:`ScreeningQueue.load` orders them."""
    for unit, decision in changes:
        labels.pop(unit, None)
        label = TRAINING_LABEL.get(decision) if decision is not None else None
        if label is not None:
            labels[unit] = label


@dataclass
class ScreeningQueue:
    """The units at one stage and what one reviewer has decided on them.

    Attributes:
        stage: "title-abstract" or "full-text".
        reviewer: Whose decisions count as done.
        ids: The units in screening order.
        mine: The reviewer's current decision per unit, in the order made (the latest
            decision on a unit last).
        reviewed: Units anyone has decided (for the review's progress).
        voters: ``{unit: reviewers holding a vote on it}`` (people, resolutions left
            out), for the units awaiting a second reviewer.
        settled: Units a resolution or an automation tool (the stopping rule) decided
            too: they await no second reviewer, whatever their people's votes.
        policy: The review's screening rules (how many votes a unit needs).
        unshown: Units of ``mine`` whose first decision was not made on a record shown
            in a recorded order (imported from another tool, or ``screen decide``): the
            stopping test never reads them as its sample (as ``screen --stopping``).
    """

    stage: str
    reviewer: str
    ids: list[int]
    mine: dict[int, str] = field(default_factory=dict)
    reviewed: set[int] = field(default_factory=set)
    #: The newest decision event read so far (refreshes read only later ones).
    last_event: int = 0
    voters: dict[int, set[str]] = field(default_factory=dict)
    policy: ScreeningPolicy = field(default_factory=ScreeningPolicy)
    settled: set[int] = field(default_factory=set)
    unshown: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.position = {unit: i for i, unit in enumerate(self.ids)}
        #: Every unit before this index is decided (a cursor for :meth:`first_pending`).
        self._scan = 0
        #: Who screens at this stage, and the units holding exactly one person's vote:
        #: kept up to date per vote, so the header's count costs nothing per key.
        self._people = set().union(*self.voters.values()) if self.voters else set()
        self._single = {u for u, who in self.voters.items()
                        if len(who) == 1 and u not in self.settled}
        #: The reviewer's includes and maybes, kept up to date per decision (the header
        #: shows it after every key; counting ``mine`` took ms at 100,000 records).
        self.found = sum(1 for d in self.mine.values() if d in FOUND)
        #: Of :attr:`found`, the maybes (the header counts them apart from includes).
        self.maybes = sum(1 for d in self.mine.values() if d == "maybe")
        #: Every change to ``mine`` since the queue was built, in order, as ``(unit,
        #: decision or None)``: the ranking process is sent only the new ones.
        self.changes: list[tuple[int, str | None]] = []

    def plan(self, order: list[int]) -> tuple[list[int], dict[int, int]]:
        """The ids and positions :meth:`reorder` would set for ``order``, computed without
        changing the queue (the app computes them on the ranking thread: at 100,000
        units this is the costly part of applying a new ranking)."""
        known = self.position  # the same units for the queue's life; only order changes
        ids = [u for u in order if u in known]
        if len(ids) < len(known):
            placed = set(ids)
            ids += [u for u in self.ids if u not in placed]
        return ids, {unit: i for i, unit in enumerate(ids)}

    def reorder(self, order: list[int],
                planned: tuple[list[int], dict[int, int]] | None = None) -> None:
        """Show the units in ``order`` from now on (units it lacks keep their turn after);
        ``planned``: what :meth:`plan` gave for the same order."""
        self.ids, self.position = planned if planned is not None else self.plan(order)
        self._scan = 0

    def first_pending(self) -> int | None:
        """Return the first undecided unit in screening order (the best-ranked one)."""
        while self._scan < len(self.ids) and self.ids[self._scan] in self.mine:
            self._scan += 1
        return self.ids[self._scan] if self._scan < len(self.ids) else None

    def pending_rank(self, unit: int) -> int:
        """1-based rank of ``unit`` among the undecided units, in screening order."""
        self.first_pending()
        end = self.position.get(unit, len(self.ids))
        return 1 + sum(1 for u in self.ids[self._scan:end] if u not in self.mine)

    @classmethod
    def load(cls, store: Store, stage: str, reviewer: str) -> ScreeningQueue:
        """Build the queue from the database.

        Raises:
            ScreeningError: The review has no records or is not deduplicated.
        """
        check_dedup(store)
        last = store.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]
        ids = stage_pool(store, stage, screening_units(store))
        votes = latest_votes(store, stage)
        # Records the stopping rule excluded (``screen stop``) are no longer offered,
        # except to a reviewer who had decided them already.
        ids = [u for u in ids
               if STOPPING_REVIEWER not in votes.get(u, {}) or reviewer in votes[u]]
        pool = set(ids)
        # In the order made (latest vote's event id): the app's stopping test reads
        # these as a sequence whose last records are its sample.
        own = sorted((v[reviewer].id, u) for u, v in votes.items()
                     if reviewer in v and u in pool)
        mine = {u: votes[u][reviewer].decision for _, u in own}
        # The app stores the order a record was shown in with every decision it makes;
        # read as `screen --stopping` reads it (the stopping test is at title/abstract).
        unshown = ({u for u, _, shown in decision_sequence(store, reviewer) if not shown}
                   if stage == STAGE else set())
        reviewed = {u for u in votes if u in pool}
        voters = {u: {who for who, v in votes[u].items()
                      if not v.resolution and not is_automation(who)} for u in reviewed}
        settled = {u for u in reviewed
                   if any(v.resolution or is_automation(who) for who, v in votes[u].items())}
        return cls(stage, reviewer, ids, mine, reviewed, last, voters, store_policy(store),
                   settled, unshown & set(mine))

    @property
    def awaiting_second(self) -> int:
        """Units with fewer votes than the screening rules require (a second reviewer's).

        The rules ask for one vote or two, so these are the units with one vote when
        two are required.
        """
        required = self.policy.required(self.stage, len(self._people))
        return len(self._single) if required == 2 else 0

    def _voted(self, unit: int, who: str, present: bool) -> None:
        """Note that ``who`` holds (or no longer holds) a vote on ``unit``."""
        voters = self.voters.setdefault(unit, set())
        if present:
            voters.add(who)
            self._people.add(who)
        else:
            voters.discard(who)
        if len(voters) == 1 and unit not in self.settled:
            self._single.add(unit)
        else:
            self._single.discard(unit)

    def refresh_reviewed(self, store: Store) -> None:
        """Add units other reviewers decided since the last read (cheap: new events only).

        An undo by someone else is not taken back here; the count is for display and
        is exact again the next time the queue is loaded.
        """
        rows = plain_rows(
            store, "SELECT d.id, COALESCE(c.representative_id, d.record_id), d.reviewer, "
            "d.resolution FROM decisions d "
            "LEFT JOIN cluster_members m ON m.record_id = d.record_id "
            "LEFT JOIN clusters c ON c.id = m.cluster_id WHERE d.id > ? AND d.stage = ? "
            "AND d.decision IN ('include', 'exclude', 'maybe', 'not-retrieved')",
            (self.last_event, self.stage))
        for event_id, unit, who, resolution in rows:
            if unit in self.position:
                self.reviewed.add(unit)
                if resolution or is_automation(who):
                    self.settled.add(unit)
                    self._single.discard(unit)
                else:
                    self._voted(unit, who, True)
            self.last_event = max(self.last_event, event_id)

    def next_pending(self, after: int | None = None) -> int | None:
        """Return the first undecided unit after ``after`` (wrapping round), or None."""
        if not self.ids:
            return None
        start = self.position.get(after, -1) + 1 if after is not None else 0
        n = len(self.ids)
        for step in range(n):
            unit = self.ids[(start + step) % n]
            if unit not in self.mine:
                return unit
        return None

    def resume_point(self, store: Store) -> int | None:
        """Return the unit the reviewer left off at: the first undecided from there on."""
        saved = store.get_meta(position_key(self.stage, self.reviewer))
        unit = int(saved) if saved and saved.isdigit() else None
        if unit is not None and unit in self.position and unit not in self.mine:
            return unit
        return self.next_pending(unit if unit in self.position else None)

    def mark(self, unit: int, decision: str | None) -> None:
        """Note the reviewer's decision (None after an undo) on a unit."""
        before = self.mine.pop(unit, None)  # a changed decision moves to the end
        self.found -= int(before in FOUND)
        self.maybes -= int(before == "maybe")
        self.changes.append((unit, decision))
        if decision is None:
            self._scan = min(self._scan, self.position.get(unit, self._scan))
            self._voted(unit, self.reviewer, False)
        else:
            self.mine[unit] = decision
            self.found += int(decision in FOUND)
            self.maybes += int(decision == "maybe")
            self.reviewed.add(unit)
            self._voted(unit, self.reviewer, True)

    @property
    def done(self) -> int:
        """Units this reviewer has decided."""
        return len(self.mine)

    @property
    def left(self) -> int:
        """Units this reviewer has still to decide."""
        return len(self.ids) - len(self.mine)
