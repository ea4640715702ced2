"""Inter-rater agreement: percent agreement, Cohen's kappa and PABAK per reviewer pair.

Each reviewer's own latest vote counts (resolutions are left out, as Covidence
does); include and maybe are one category because both send a record on.
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

_OWN_VOTES_SQL = """
    SELECT d.record_id, d.stage, d.reviewer, d.decision FROM decisions d
    JOIN (SELECT MAX(id) AS id FROM decisions WHERE decision != 'note' AND resolution = 0
          AND stage != 'auto' GROUP BY record_id, stage, reviewer) last ON last.id = d.id
"""


@dataclass(frozen=True)
class Agreement:
    """Agreement between two reviewers at one stage.

    Attributes:
        n: Units both reviewers decided.
        percent: Observed agreement in percent.
        kappa: Cohen's kappa, or None when chance agreement is total (one category only).
        pabak: Prevalence- and bias-adjusted kappa (stable when almost all are excluded).
        band: Landis & Koch label for kappa.
        table: ``{(a_category, b_category): count}``.
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


def agreement(store: Store, stage: str | None = None) -> list[Agreement]:
    """Return agreement for every reviewer pair at each human stage (or one stage).

    Raises:
        ScreeningError: ``stage`` is not a stage a person screens at.
    """
    if stage is not None:
        check_stage(stage)
    unit_of = unit_map(store)
    votes: dict[str, dict[str, dict[int, str]]] = {}
    for record_id, st, reviewer, decision in store.execute(_OWN_VOTES_SQL):
        if decision == "undo" or (stage and st != stage):
            continue
        votes.setdefault(st, {}).setdefault(reviewer, {})[unit_of.get(record_id, record_id)] = \
            SIDE[decision]
    out = []
    for st in ("title-abstract", "full-text"):
        by_reviewer = votes.get(st, {})
        for a, b in combinations(sorted(by_reviewer), 2):
            shared = sorted(set(by_reviewer[a]) & set(by_reviewer[b]))
            pairs = [(by_reviewer[a][u], by_reviewer[b][u]) for u in shared]
            cats = ("yes", "no", "not-retrieved") if st == "full-text" else ("yes", "no")
            n, observed, kappa, pabak = kappa_stats(pairs, cats)
            if n == 0:
                continue
            out.append(Agreement(st, a, b, n, round(100 * observed, 1),
                                 None if kappa is None else round(kappa, 3),
                                 None if pabak is None else round(pabak, 3),
                                 landis_koch(kappa), dict(Counter(pairs))))
    return out
