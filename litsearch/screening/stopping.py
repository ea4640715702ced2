"""When to stop screening: a statistical test with a stated recall, and a heuristic.

The test is Callaghan & Müller-Hansen's (Syst Rev 2020, doi:10.1186/s13643-020-01521-4).
The last ``n`` records screened are read as a sample drawn from the records that were
still unscreened before them. The null hypothesis is "recall is below the target": then
at least ``K_tar`` relevant records were in that urn, and the chance of seeing as few as
the sample holds is the hypergeometric lower tail ``P(X <= k; N_urn, K_tar, n)``. When
that chance is below 1 - confidence for some ``n``, the target is reached with the stated
confidence. Records ranked by relevance are likelier to be relevant than a random draw,
so reading them as a random sample is conservative (the paper's own argument); a truly
random sample of the remainder (``screen --order random``) is the textbook case.

"N irrelevant in a row" is offered beside it and always labelled a heuristic: it has no
guarantee at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_TARGET = 0.95
DEFAULT_CONFIDENCE = 0.95
DEFAULT_RUN = 100

METHOD = "hypergeometric stopping test (Callaghan & Müller-Hansen 2020)"


@dataclass(frozen=True)
class StopTest:
    """What the stopping test says after a sequence of screening decisions.

    Attributes:
        target: Recall target (0..1).
        confidence: Stated confidence (0..1).
        screened: Records screened so far.
        total: Records in the pool.
        found: Relevant records found so far.
        p_value: Smallest p over the samples tried (1.0 before any).
        sample: Size of the sample (last records screened) that gave it.
        stop: True when p_value < 1 - confidence: the target is reached.
        remaining_estimate: Relevant records still unscreened: the median estimate
            from the test's own sample (as likely too high as too low were that
            sample random; records screened by relevance are richer than the rest,
            so early in screening it errs high, never low).
        remaining_upper: Upper bound at the stated confidence.
        more_to_screen: Records to screen, none of them relevant, before the test
            passes (0 when it passes now; None when the whole pool would not do).
    """

    target: float
    confidence: float
    screened: int
    total: int
    found: int
    p_value: float
    sample: int
    stop: bool
    remaining_estimate: float
    remaining_upper: int
    more_to_screen: int | None

    @property
    def left(self) -> int:
        return self.total - self.screened

    @property
    def too_early(self) -> bool:
        """No stretch of the screening so far holds fewer relevant records than the null
        (recall still below the target) makes likely: p >= 0.5, the sample is at or above
        the null's median. Its median estimate of what is left is then a guess from a
        handful of records (a 1-record sample gave "546 left" where 40 were), so the
        point estimate is not shown; the upper bound still is."""
        return not self.stop and self.p_value >= 0.5

    @property
    def recall_estimate(self) -> float:
        """Found / (found + estimated remaining): an estimate, never a guarantee."""
        whole = self.found + self.remaining_estimate
        return 1.0 if whole <= 0 else self.found / whole

    def summary(self) -> str:
        """One line for a PRISMA note or a status line."""
        verdict = "reached" if self.stop else "not reached"
        return (f"{METHOD}: recall target {self.target:.0%} at {self.confidence:.0%} "
                f"confidence {verdict} (p = {self.p_value:.4g}, sample of the last "
                f"{self.sample} of {self.screened} screened; {self.found} relevant found, "
                f"{self.estimate_words()} unscreened, at most "
                f"{self.remaining_upper} at {self.confidence:.0%})")

    def estimate_words(self) -> str:
        """"about N estimated", or that it is too early to estimate (see too_early)."""
        if self.too_early:
            return "too early to estimate how many are"
        return f"about {self.remaining_estimate:.0f} estimated"


def p_values(labels: np.ndarray, total: int, target: float,
             ordered_from: int = 0) -> np.ndarray:
    """The test's p-value for every sample size n = 1..len(labels) (last n screened).

    Args:
        labels: 1/0 per record screened, in the order screened.
        total: Records in the pool (screened and not).
        target: Recall target.
        ordered_from: The first ``ordered_from`` decisions were not made in the order
            records were shown (imported lists, scripted decisions): they count as
            found before any sample, never in one (their p is left at 1).
    """
    seen = len(labels)
    if seen == 0:
        return np.ones(0)
    tail = np.cumsum(labels[::-1])            # k: relevant in the last n
    n = np.arange(1, seen + 1)
    found = int(labels.sum())
    before = found - tail                      # relevant found before the sample
    urn = total - (seen - n)                   # records unscreened before the sample
    # Fewest relevant in the urn for which recall after the sample is below the target.
    k_tar = np.floor(found / target - before).astype(np.int64) + 1
    k_tar = np.maximum(k_tar, tail + 1)
    # Where the sample holds at least the count expected under the null, p >= ~0.5:
    # those samples cannot pass and are left at 1 (this keeps a replay fast).
    possible = (k_tar <= urn) & (tail < n * k_tar / np.maximum(urn, 1)) & (
        n <= seen - ordered_from)
    p = np.ones(seen)
    p[possible] = hypergeom_cdf(tail[possible], urn[possible], k_tar[possible], n[possible])
    return p


def _log_comb(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    from scipy.special import gammaln  # imported on first use: the app opens faster

    return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1)


def hypergeom_cdf(k: np.ndarray, urn: np.ndarray, good: np.ndarray,
                  n: np.ndarray) -> np.ndarray:
    """P(X <= k) for X ~ Hypergeometric(urn, good, n), element-wise.

    Written out (a sum of pmf terms in log space) because scipy.stats.hypergeom.cdf
    on arrays is some 100 times slower, and the stopping test runs after every decision
    of every simulated run; tests check it against scipy.
    """
    k, urn, good, n = (np.asarray(v, dtype=np.float64) for v in (k, urn, good, n))
    total = np.zeros(np.broadcast(k, urn, good, n).shape)
    base = _log_comb(urn, n)
    low = np.maximum(0.0, n - (urn - good))
    top = int(k.max()) if k.size else -1
    k, urn, good, n, low, base = np.broadcast_arrays(k, urn, good, n, low, base)
    for j in range(top + 1):
        # Only the elements this term adds to (j <= k): the others would add 0.0, and
        # at 18,000 decisions most of them have dropped out long before the last j.
        ok = np.flatnonzero((j <= k) & (j >= low) & (j <= good) & (j <= n))
        if not ok.size:
            continue
        g, u, m = good.flat[ok], urn.flat[ok], n.flat[ok]
        term = _log_comb(g, np.minimum(float(j), g)) + _log_comb(
            u - g, np.clip(m - float(j), 0, u - g)) - base.flat[ok]
        total.flat[ok] += np.exp(term)
    return np.minimum(total, 1.0)


def shown_first(labels: list[int], shown: list[bool]) -> tuple[np.ndarray, int]:
    """The labels with those not made in a shown order (imported lists, scripted
    decisions) moved to the front, the rest in the order made, and how many were moved:
    the test counts the moved ones as found before its sample, never in it. (Cutting
    the sequence after the last unshown decision instead let one late correction by
    `screen decide` throw every earlier decision out of the sample.)"""
    unshown = [y for y, s in zip(labels, shown, strict=True) if not s]
    ordered = [y for y, s in zip(labels, shown, strict=True) if s]
    return np.asarray(unshown + ordered, dtype=np.int64), len(unshown)


def stop_test(labels: np.ndarray, total: int, target: float = DEFAULT_TARGET,
              confidence: float = DEFAULT_CONFIDENCE, ordered_from: int = 0) -> StopTest:
    """Run the test on the decisions so far (in the order they were made); the first
    ``ordered_from`` were not made in a shown order and are never part of a sample."""
    labels = np.asarray(labels, dtype=np.int64)
    seen = len(labels)
    found = int(labels.sum())
    alpha = 1.0 - confidence
    if seen == 0:
        return StopTest(target, confidence, 0, total, 0, 1.0, 0, False, 0.0, total,
                        _more_needed(labels, total, target, alpha))
    p = p_values(labels, total, target, ordered_from)
    best = int(np.argmin(p))
    # No sample can pass yet (every p is 1): the estimate reads everything screened in
    # a shown order (none: the bounds are the whole unscreened pool, said as too early).
    sample = best + 1 if p[best] < 1.0 else seen - min(ordered_from, seen)
    k = int(labels[seen - sample:].sum())
    urn_before = total - (seen - sample)
    left = total - seen
    # The median estimate, not k/n x left: the sample with the smallest p is picked for
    # holding few relevant records (often a handful of records with none), so k/n of it
    # said "0 left" while dozens were (checked by replaying labelled sets).
    estimate = _upper_bound(k, urn_before, sample, 0.5) - k
    upper = _upper_bound(k, urn_before, sample, alpha) - k
    stop = bool(p[best] < alpha) or left == 0
    more = 0 if stop else _more_needed(labels, total, target, alpha, ordered_from)
    return StopTest(target, confidence, seen, total, found, float(p[best]), sample, stop,
                    float(max(0, min(estimate, left))), max(0, min(upper, left)), more)


def _upper_bound(k: int, urn: int, n: int, alpha: float) -> int:
    """The largest count of relevant records in the urn not rejected at level alpha:
    the largest K with P(X <= k; urn, K, n) >= alpha (that chance falls as K grows, so
    a bisection finds it)."""
    lo, hi = k, urn - (n - k)
    if hi <= lo:
        return k

    def kept(good: int) -> bool:
        return bool(hypergeom_cdf(np.array([k]), np.array([urn]), np.array([good]),
                                  np.array([n]))[0] >= alpha)

    if kept(hi):
        return hi
    while lo < hi - 1:  # kept(lo) holds (P(X <= k) = 1 when K = k), kept(hi) does not
        mid = (lo + hi) // 2
        if kept(mid):
            lo = mid
        else:
            hi = mid
    return lo


def _more_needed(labels: np.ndarray, total: int, target: float, alpha: float,
                 ordered_from: int = 0) -> int | None:
    """How many more irrelevant records would make the test pass (a bisection)."""
    left = total - len(labels)
    if left <= 0:
        return 0

    def passes(m: int) -> bool:
        longer = np.concatenate([labels, np.zeros(m, dtype=np.int64)])
        return bool(p_values(longer, total, target, ordered_from).min() < alpha)

    if not passes(left):
        return None
    lo, hi = 0, left
    while lo < hi:
        mid = (lo + hi) // 2
        if passes(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def first_stop(labels: np.ndarray, total: int, target: float = DEFAULT_TARGET,
               confidence: float = DEFAULT_CONFIDENCE, every: int = 1) -> int | None:
    """Replay a screening order: the number screened when the test first says stop.

    Checks after every ``every`` records (and at the end). None when it never does
    before the pool is exhausted.
    """
    labels = np.asarray(labels, dtype=np.int64)
    alpha = 1.0 - confidence
    for seen in range(1, len(labels) + 1):
        if seen % every and seen != len(labels):
            continue
        if seen < total and p_values(labels[:seen], total, target).min() < alpha:
            return seen
    return None


def irrelevant_run(labels: np.ndarray) -> int:
    """Records screened since the last relevant one (all of them when none yet)."""
    labels = np.asarray(labels)
    hits = np.flatnonzero(labels)
    return len(labels) if len(hits) == 0 else len(labels) - 1 - int(hits[-1])


def heuristic_stop(labels: np.ndarray, run: int = DEFAULT_RUN) -> int | None:
    """Replay: the number screened when ``run`` irrelevant records in a row first occur.

    A heuristic: it guarantees no recall.
    """
    streak = 0
    for i, label in enumerate(np.asarray(labels)):
        streak = 0 if label else streak + 1
        if streak >= run:
            return i + 1
    return None


def ceil_share(share: float, whole: int) -> int:
    """ceil(share * whole), robust to float error (0.95 * 20 is 19, not 19.000000000000004)."""
    return math.ceil(round(share * whole, 9))
