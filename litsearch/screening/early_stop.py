"""Stopping title/abstract screening early, with the test that allowed it on record.

``screen --stopping`` reports the stopping test on the decisions so far; ``screen stop``
records one exclusion per record nobody has screened, by the automation actor
:data:`STOPPING_REVIEWER`, with the test's method, target, confidence and result as the
reason. PRISMA then counts those records in "Records excluded ... by automation tools"
and ``prisma --explain`` lists them: nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ScreeningError
from ..store import Store, now
from .state import plain_rows, stage_pool
from .status import screening_units
from .stopping import (
    DEFAULT_CONFIDENCE,
    DEFAULT_TARGET,
    StopTest,
    irrelevant_run,
    shown_first,
    stop_test,
)

#: The automation actor whose exclusions an early stop records (an automation name in
#: report.labels, so PRISMA counts them as excluded by automation tools).
STOPPING_REVIEWER = "stopping-rule"
STAGE = "title-abstract"


@dataclass(frozen=True)
class StoppingReport:
    """The test on one sequence of decisions, and the heuristic beside it."""

    who: str
    test: StopTest
    irrelevant_in_a_row: int
    unscreened: list[int]
    #: Units the stopping rule has already excluded (``screen stop`` ran before).
    stopped: list[int] = field(default_factory=list)
    #: Decisions imported or scripted (no shown order): the test reads them as found
    #: before its sample, never in it.
    unordered: int = 0


def decision_sequence(store: Store, reviewer: str | None) -> list[tuple[int, int, bool]]:
    """(unit, 1 relevant / 0 not, shown) in the order first decided at title/abstract.

    For one reviewer: that reviewer's latest decision per unit. For the review: the
    unit counts as relevant when any latest vote includes it or marks it maybe.
    ``shown``: the first decision was made on a record shown in a recorded order (the
    app stores that order with it); an imported list or a scripted ``screen decide``
    says nothing of the order records were screened in.
    """
    rows = plain_rows(store, """
        SELECT COALESCE(c.representative_id, d.record_id) AS unit, d.id, d.reviewer,
               d.decision, d.model_version
        FROM decisions d
        LEFT JOIN cluster_members m ON m.record_id = d.record_id
        LEFT JOIN clusters c ON c.id = m.cluster_id
        WHERE d.stage = ? AND d.decision != 'note' ORDER BY d.id""", (STAGE,))
    first: dict[int, int] = {}
    shown: dict[int, bool] = {}
    latest: dict[tuple[int, str], str] = {}
    for unit, event, who, decision, model_version in rows:
        if who == STOPPING_REVIEWER or (reviewer is not None and who != reviewer):
            continue
        if unit not in first:
            first[unit] = event
            shown[unit] = model_version is not None
        latest[(unit, who)] = decision
    votes: dict[int, list[str]] = {}
    for (unit, _), decision in latest.items():
        if decision != "undo":
            votes.setdefault(unit, []).append(decision)
    decided = [u for u in sorted(first, key=first.__getitem__) if u in votes]
    return [(u, int(any(d in ("include", "maybe") for d in votes[u])), shown[u])
            for u in decided]


def stopping_report(store: Store, reviewer: str | None = None,
                    target: float = DEFAULT_TARGET,
                    confidence: float = DEFAULT_CONFIDENCE) -> StoppingReport:
    """The stopping test for one reviewer (or the review, when None) at title/abstract."""
    pool = stage_pool(store, STAGE, screening_units(store))
    in_pool = set(pool)
    seq = [row for row in decision_sequence(store, reviewer) if row[0] in in_pool]
    labels, before = shown_first([y for _, y, _ in seq], [shown for _, _, shown in seq])
    anyone = {u for u, _, _ in decision_sequence(store, None)}
    by_rule = _stopped(store)
    unscreened = [u for u in pool if u not in anyone and u not in by_rule]
    stopped = [u for u in pool if u not in anyone and u in by_rule]
    test = stop_test(labels, len(pool), target, confidence, before)
    return StoppingReport(reviewer or "the review", test, irrelevant_run(labels), unscreened,
                          stopped, before)


def _stopped(store: Store) -> set[int]:
    """Units whose latest stopping-rule event is an exclusion (by any member record)."""
    rows = plain_rows(store, """
        SELECT COALESCE(c.representative_id, d.record_id), d.decision
        FROM decisions d
        LEFT JOIN cluster_members m ON m.record_id = d.record_id
        LEFT JOIN clusters c ON c.id = m.cluster_id
        WHERE d.stage = ? AND d.reviewer = ? AND d.decision != 'note' ORDER BY d.id""",
                      (STAGE, STOPPING_REVIEWER))
    latest = dict(rows)
    return {u for u, d in latest.items() if d == "exclude"}


def stop_screening(store: Store, target: float = DEFAULT_TARGET,
                   confidence: float = DEFAULT_CONFIDENCE,
                   force: bool = False) -> StoppingReport:
    """Exclude every record nobody screened, by the stopping rule, with its test.

    Raises:
        ScreeningError: The test does not say stop (and ``force`` is not set), or
            nothing is left to exclude.
    """
    report = stopping_report(store, None, target, confidence)
    if not report.unscreened:
        done = (f" or excluded by the stopping rule ({len(report.stopped):,} records)"
                if report.stopped else "")
        raise ScreeningError(f"every record at title-abstract has been screened{done}.",
                             "There is nothing to stop early.")
    if not report.test.stop and not force:
        more = report.test.more_to_screen
        raise ScreeningError(
            f"the stopping test has not reached {target:.0%} recall at {confidence:.0%} "
            f"confidence (p = {report.test.p_value:.3g}).",
            ("Screen on" + (f" (at least {more} more records, if none is relevant)"
                            if more else "") + ", or pass --force to stop anyway: the "
             "PRISMA note then says the target was not reached."))
    reason = report.test.summary()
    stamp = now()
    with store.transaction():
        store.db.executemany(
            "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, source, "
            "decided_at, model_version) VALUES (?, ?, ?, 'exclude', ?, 'stopping', ?, ?)",
            [(u, STAGE, STOPPING_REVIEWER, reason, stamp, "stopping/hypergeometric")
             for u in report.unscreened])
    return report
