"""Replay a fully labelled set as a reviewer would meet it, and score the order.

Definitions (so that figures compare with published ones): the prior records (one
include and one exclude, drawn by seed, never by file order) are taken out, so
N = records - priors and R = includes - prior includes; k_r is the fewest records
screened with at least ceil(r*R) includes found; WSS@r = (N - k_r)/N - (1 - r) (Cohen
et al. 2006); RRF@10 = recall after floor(0.10*N) records; ATD = mean position (1-based)
of the includes / N. asreview-insights' WSS variant (at the floor(r*R)-th include,
against a rounded random curve) is reported beside it under its own name.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from ..errors import ScreeningError
from .order import retrain_every
from .ranking import CHAR_MODELS, DEFAULT_MODEL, Features, build_features, fit_and_score
from .stopping import (
    DEFAULT_CONFIDENCE,
    DEFAULT_RUN,
    DEFAULT_TARGET,
    ceil_share,
    first_stop,
    heuristic_stop,
)


def draw_priors(labels: np.ndarray, seed: int, included: int = 1,
                excluded: int = 1) -> list[int]:
    """Row indices of the prior records: ``included`` includes and ``excluded`` excludes
    drawn at random by ``seed`` (the same rows for every model and tool)."""
    rng = np.random.default_rng(seed)
    pos = np.flatnonzero(labels == 1)
    neg = np.flatnonzero(labels == 0)
    # Includes must be left beyond the priors for a replay to find.
    for have, want, kind, option, most in (
            (len(pos), included, "include", "--prior-included", len(pos) - 1),
            (len(neg), excluded, "exclude", "--prior-excluded", len(neg))):
        if not have:
            raise ScreeningError(
                f"the labelled set has no {kind} ({len(pos)} includes, {len(neg)} "
                "excludes): a model needs both to learn from, and a replay both to score.",
                "Check the label column (--label) and how its values are spelled.")
        if most < 1:
            raise ScreeningError(
                f"the labelled set has only {have} {kind}: it is drawn as the prior, and "
                "no include is left for the replay to find.",
                "A simulation needs at least 2 includes; check the label column (--label).")
        if most < want:
            raise ScreeningError(
                f"the labelled set has {have} {kind}s; {want} prior {kind}s were asked "
                "for.", f"Lower {option} to at most {most}.")
    picks = list(rng.choice(pos, included, replace=False)) + list(
        rng.choice(neg, excluded, replace=False))
    return [int(i) for i in picks]


def replay(features: Features, labels: np.ndarray, priors: list[int], model: str,
           seed: int, every: Callable[[int], int] = retrain_every,
           refit_on_include: bool = False) -> np.ndarray:
    """Screen the whole pool by predicted relevance; return row indices in screening order.

    Ties are broken at random by ``seed``. The model is refitted on the schedule of
    ``every`` (decisions between two fits, given the records labelled so far; default
    :func:`retrain_every`); between fits the next records come from the last ranking.
    ``refit_on_include`` also refits right after every include found (a candidate
    schedule measured in ``benchmarks/screening_models.py``; not litsearch's own).
    Once every include has been found the rest (all excludes) follow in row order
    without more fits: no figure depends on the order of the excludes after the last
    include, so this changes no metric and saves the fits.
    """
    n = features.rows
    rng = np.random.default_rng(seed + 1_000_003)
    jitter = rng.random(n) * 1e-9
    seen = np.zeros(n, dtype=bool)
    seen[priors] = True
    left = int(labels.sum() - labels[priors].sum())
    order: list[int] = []
    labelled = list(priors)
    ranking: list[int] = []
    since, found = 0, False
    while left > 0:
        if not ranking or found or since >= every(len(labelled)):
            idx = np.asarray(labelled)
            y = labels[idx]
            if len(set(y.tolist())) < 2:
                scores = rng.random(n)
            else:
                scores = fit_and_score(model, features, idx, y).scores + jitter
            ranking = [int(i) for i in np.argsort(-scores, kind="stable") if not seen[i]]
            ranking.reverse()  # pop() from the end is O(1)
            since = 0
        row = ranking.pop()
        if seen[row]:
            continue
        seen[row] = True
        order.append(row)
        labelled.append(row)
        found = refit_on_include and bool(labels[row])
        left -= int(labels[row])
        since += 1
    order.extend(int(i) for i in np.flatnonzero(~seen))
    return np.asarray(order, dtype=np.int64)


@dataclass
class Metrics:
    """The figures for one screening order (fractions 0..1; k95 and stop_screened counts)."""

    wss95: float
    wss95_insights: float
    wss100: float
    rrf10: float
    atd: float
    k95: int
    k100: int
    stop_recall: float | None
    stop_screened: int | None
    heuristic_recall: float | None
    heuristic_screened: int | None
    seconds: float = 0.0
    seed: int | None = None
    priors: list[int] = field(default_factory=list)


def k_at(found: np.ndarray, needed: int) -> int:
    """Fewest records screened with at least ``needed`` includes (1-based count)."""
    if needed <= 0:
        return 0
    return int(np.searchsorted(found, needed)) + 1


def wss(found: np.ndarray, r: float) -> float:
    """Work saved over sampling at recall r: (N - k_r)/N - (1 - r)."""
    n, total = len(found), int(found[-1]) if len(found) else 0
    return (n - k_at(found, ceil_share(r, total))) / n - (1 - r)


def _recall_after(found: np.ndarray, screened: int) -> float:
    """Recall after the first ``screened`` records (0 after none: RRF@10 of N < 10)."""
    return float(found[screened - 1]) / int(found[-1]) if screened > 0 else 0.0


def wss_insights(ordered: np.ndarray, r: float) -> float:
    """asreview-insights' WSS: records saved over a rounded random curve at the
    floor(r*R)-th include, over N."""
    n = len(ordered)
    total = int(ordered.sum())
    found = np.cumsum(ordered)
    random_found = np.round(np.linspace(0, total, n))
    target = max(1, math.floor(round(r * total, 9)))
    return float(np.searchsorted(random_found, target) - np.searchsorted(found, target)) / n


def metrics(ordered: np.ndarray, total: int | None = None, target: float = DEFAULT_TARGET,
            confidence: float = DEFAULT_CONFIDENCE, run: int = DEFAULT_RUN,
            stop_every: int | None = None) -> Metrics:
    """Score one screening order (labels 1/0 in the order screened, priors left out).

    The stopping test is checked after every ``stop_every`` records (default: N/500,
    at least 1, as the app checks it after each retrain rather than each key): a
    coarser check can only stop later, never at lower recall.
    """
    ordered = np.asarray(ordered, dtype=np.int64)
    n = len(ordered)
    total = n if total is None else total
    includes = int(ordered.sum())
    if n == 0 or includes == 0:
        raise ScreeningError("the records left after the priors hold no include.",
                             "A simulation needs includes beyond the prior ones.")
    found = np.cumsum(ordered)
    positions = np.flatnonzero(ordered) + 1
    every = stop_every or max(1, n // 200)
    stop = first_stop(ordered, total, target, confidence, every=every)
    heur = heuristic_stop(ordered, run)
    return Metrics(
        wss95=wss(found, 0.95), wss95_insights=wss_insights(ordered, 0.95),
        wss100=wss(found, 1.0), rrf10=_recall_after(found, math.floor(0.10 * n)),
        atd=float(positions.mean()) / n, k95=k_at(found, ceil_share(0.95, includes)),
        k100=k_at(found, includes),
        stop_recall=None if stop is None else float(found[stop - 1]) / includes,
        stop_screened=stop,
        heuristic_recall=None if heur is None else float(found[heur - 1]) / includes,
        heuristic_screened=heur)


@dataclass
class Simulation:
    """Every seed's figures, and what they were run on."""

    name: str
    label: str
    model: str
    records: int
    includes: int
    runs: list[Metrics]
    curves: list[np.ndarray]

    def mean(self, key: str) -> float | None:
        vals = [getattr(m, key) for m in self.runs if getattr(m, key) is not None]
        return float(np.mean(vals)) if vals else None

    def sd(self, key: str) -> float | None:
        vals = [getattr(m, key) for m in self.runs if getattr(m, key) is not None]
        return float(np.std(vals, ddof=1)) if len(vals) > 1 else (0.0 if vals else None)

    def as_dict(self) -> dict:
        keys = ["wss95", "wss95_insights", "wss100", "rrf10", "atd", "k95", "k100",
                "stop_recall", "stop_screened", "heuristic_recall", "heuristic_screened",
                "seconds"]
        return {"data": self.name, "label": self.label, "model": self.model,
                "records": self.records, "includes": self.includes,
                "seeds": [asdict(m) for m in self.runs],
                "mean": {k: self.mean(k) for k in keys}, "sd": {k: self.sd(k) for k in keys}}


def simulate(texts: list[str], labels: np.ndarray, name: str, label: str,
             model: str = DEFAULT_MODEL, seeds: int = 5, prior_included: int = 1,
             prior_excluded: int = 1, target: float = DEFAULT_TARGET,
             confidence: float = DEFAULT_CONFIDENCE,
             progress: Callable[[int, int], None] | None = None) -> Simulation:
    """Replay the set once per seed (1..seeds) and score each order."""
    labels = np.asarray(labels, dtype=np.int64)
    features = build_features(texts, chars=model in CHAR_MODELS)
    runs, curves = [], []
    for seed in range(1, seeds + 1):
        start = time.perf_counter()
        priors = draw_priors(labels, seed, prior_included, prior_excluded)
        order = replay(features, labels, priors, model, seed)
        m = metrics(labels[order], target=target, confidence=confidence)
        m.seconds = time.perf_counter() - start
        m.seed, m.priors = seed, priors
        runs.append(m)
        curves.append(np.cumsum(labels[order]))
        if progress:
            progress(seed, seeds)
    return Simulation(name, label, model, len(labels), int(labels.sum()), runs, curves)
