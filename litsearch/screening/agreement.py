"""Inter-rater agreement: percent agreement, Cohen's kappa and PABAK per reviewer pair.

Agreement measures how far two reviewers agree when they judge on their own, so it
is computed from each reviewer's **first** decision on a record: later changes
(after a discussion, after seeing the other's vote, after an undo) would otherwise
raise agreement after the fact. The later state is reported beside it: how many
records a reviewer changed, and the agreement of the current votes. Resolutions are
left out (as Covidence does); include and maybe are one category because both send
a record on. A first decision made in the app without ``--blind`` after the other
reviewer's first one could have been made seeing it; those pairs are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from ..store import Store
from .decisions import check_stage
from .state import SIDE, unit_map

#: Landis & Koch (1977) bands: (upper bound, label).
LANDIS_KOCH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
               (0.80, "substantial"), (1.0, "almost perfect"))

#: Every reviewer's own events in order (resolutions and notes left out).
_OWN_EVENTS_SQL = """
    SELECT id, record_id, stage, reviewer, decision, source FROM decisions
    WHERE decision != 'note' AND resolution = 0 AND stage != 'auto' ORDER BY id
"""
#: The event source of decisions keyed in the app with other reviewers' votes on show.
SEEING_SOURCE = "tui"


@dataclass(frozen=True)
class Agreement:
    """Agreement between two reviewers at one stage.

    Attributes:
        n: Units both reviewers decided.
        percent: Observed agreement in percent.
        kappa: Cohen's kappa, or None when chance agreement is total (one category only).
        pabak: Prevalence- and bias-adjusted kappa (stable when almost all are excluded).
        band: Landis & Koch label for kappa.
        table: ``{(a_category, b_category): count}``, of first decisions.
        changed: Records on which either reviewer's current vote differs from their first.
        current_percent: Observed agreement of the current votes, in percent (where
            both still have one).
        current_kappa: Cohen's kappa of the current votes.
        could_see: Records where the later of the two first decisions was keyed in the
            app without ``--blind`` (the other's vote was on screen).
    """

    stage: str
    reviewer_a: str
    reviewer_b: str
    n: int
    percent: float
    kappa: float | None
    pabak: float | None
    band: str
    table: dict[tuple[str, str], int]
    changed: int = 0
    current_percent: float | None = None
    current_kappa: float | None = None
    could_see: int = 0


def landis_koch(kappa: float | None) -> str:
    """Return the Landis & Koch label for a kappa value."""
    if kappa is None:
        return "undefined"
    if kappa < 0:
        return "poor"
    return next(label for bound, label in LANDIS_KOCH if kappa <= bound)


def kappa_stats(pairs: Iterable[tuple[str, str]],
                categories: Iterable[str] = ()) -> tuple[int, float, float | None, float | None]:
    """Return (n, observed agreement, Cohen's kappa, PABAK) for paired ratings.

    Args:
        pairs: One (rating by A, rating by B) per item.
        categories: Categories to count for PABAK even if unused (default: those seen).
    """
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return 0, 0.0, None, None
    cats = set(categories) | {a for a, _ in pairs} | {b for _, b in pairs}
    observed = sum(a == b for a, b in pairs) / n
    count_a = Counter(a for a, _ in pairs)
    count_b = Counter(b for _, b in pairs)
    expected = sum(count_a[c] * count_b[c] for c in cats) / (n * n)
    kappa = None if expected >= 1 else (observed - expected) / (1 - expected)
    k = max(len(cats), 2)
    pabak = (k * observed - 1) / (k - 1)
    return n, observed, kappa, pabak


@dataclass
class _Votes:
    """One reviewer's first and current decision on a unit at a stage."""

    first: str
    first_id: int
    first_source: str
    current: str | None


def _own_votes(store: Store, stage: str | None) -> dict[str, dict[str, dict[int, _Votes]]]:
    """Return ``{stage: {reviewer: {unit: votes}}}`` from the append-only events."""
    unit_of = unit_map(store)
    out: dict[str, dict[str, dict[int, _Votes]]] = {}
    for event_id, record_id, st, reviewer, decision, source in store.execute(_OWN_EVENTS_SQL):
        if stage and st != stage:
            continue
        unit = unit_of.get(record_id, record_id)
        mine = out.setdefault(st, {}).setdefault(reviewer, {})
        side = None if decision == "undo" else SIDE[decision]
        if unit not in mine:
            if side is not None:
                mine[unit] = _Votes(side, event_id, source or "", side)
        else:
            mine[unit].current = side
    return out


def agreement(store: Store, stage: str | None = None) -> list[Agreement]:
    """Return agreement for every reviewer pair at each human stage (or one stage).

    Raises:
        ScreeningError: ``stage`` is not a stage a person screens at.
    """
    if stage is not None:
        check_stage(stage)
    votes = _own_votes(store, stage)
    out = []
    for st in ("title-abstract", "full-text"):
        by_reviewer = votes.get(st, {})
        cats = ("yes", "no", "not-retrieved") if st == "full-text" else ("yes", "no")
        for a, b in combinations(sorted(by_reviewer), 2):
            shared = sorted(set(by_reviewer[a]) & set(by_reviewer[b]))
            if not shared:
                continue
            va, vb = [by_reviewer[a][u] for u in shared], [by_reviewer[b][u] for u in shared]
            pairs = [(x.first, y.first) for x, y in zip(va, vb, strict=True)]
            n, observed, kappa, pabak = kappa_stats(pairs, cats)
            now_pairs = [(x.current, y.current) for x, y in zip(va, vb, strict=True)
                         if x.current and y.current]
            _, now_observed, now_kappa, _ = kappa_stats(now_pairs, cats)
            out.append(Agreement(
                st, a, b, n, round(100 * observed, 1),
                None if kappa is None else round(kappa, 3),
                None if pabak is None else round(pabak, 3),
                landis_koch(kappa), dict(Counter(pairs)),
                changed=sum(x.current != x.first or y.current != y.first
                            for x, y in zip(va, vb, strict=True)),
                current_percent=round(100 * now_observed, 1) if now_pairs else None,
                current_kappa=None if now_kappa is None else round(now_kappa, 3),
                could_see=sum(max((x, y), key=lambda v: v.first_id).first_source ==
                              SEEING_SOURCE for x, y in zip(va, vb, strict=True))))
    return out
