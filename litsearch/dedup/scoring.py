"""Score all candidate pairs at once, then decide the few that could be duplicates.

Title and author similarity are computed for every candidate pair with
``rapidfuzz.process.cpdist`` (vectorised, both cores); only pairs that a merge
rule, the review band or a shared identifier could catch are compared field by
field with :func:`litsearch.dedup.match.classify`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .match import classify, compare
from .normalise import Prepared
from .settings import DedupSettings


@dataclass(frozen=True, slots=True)
class PairResult:
    """The decision on one candidate pair (indices into the prepared list)."""

    i: int
    j: int
    outcome: str
    rule: str
    score: float


def score_pairs(prepared: list[Prepared], pairs: np.ndarray, settings: DedupSettings,
                progress: Callable[[int, int], None] | None = None) -> list[PairResult]:
    """Score every candidate pair; return the merged, review and vetoed ones.

    Title and author similarity are computed for all pairs at once; only pairs
    that some rule could merge or queue are compared field by field. Plainly
    different pairs are dropped rather than returned.
    """
    if len(pairs) == 0:
        return []
    left, right = pairs[:, 0], pairs[:, 1]
    titles = [p.title for p in prepared]
    sims = process.cpdist([titles[i] for i in left], [titles[j] for j in right],
                          scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
    todo = _worth_comparing(prepared, pairs, sims, settings)
    results: list[PairResult] = []
    for done, k in enumerate(todo, 1):
        i, j = int(left[k]), int(right[k])
        c = compare(prepared[i], prepared[j], float(sims[k]) / 100.0)
        outcome, rule, score = classify(c, settings)
        if outcome != "distinct" or (rule.startswith("veto:") and score >= settings.title_review):
            results.append(PairResult(i, j, outcome, rule, round(score, 3)))
        if progress and done % 10_000 == 0:
            progress(done, len(todo))
    if progress:
        progress(len(todo), len(todo))
    return results


def _author_sims(prepared: list[Prepared], pairs: np.ndarray) -> np.ndarray:
    """Author similarity (0-100) per pair over the shorter list; 255 when a list is empty."""
    if len(pairs) == 0:
        return np.empty(0, dtype=np.uint8)
    counts = np.fromiter((len(p.author_keys) for p in prepared), dtype=np.int64,
                         count=len(prepared))
    k = np.minimum(counts[pairs[:, 0]], counts[pairs[:, 1]])
    out = np.full(len(pairs), 255, dtype=np.uint8)
    has = np.flatnonzero(k > 0)
    if len(has):
        left = [prepared[int(pairs[x, 0])] for x in has]
        right = [prepared[int(pairs[x, 1])] for x in has]
        ks = [int(k[x]) - 1 for x in has]
        a = [p.author_keys[i] for p, i in zip(left, ks, strict=True)]
        b = [p.author_keys[i] for p, i in zip(right, ks, strict=True)]
        sa = [p.swapped_keys[i] for p, i in zip(left, ks, strict=True)]
        sb = [p.swapped_keys[i] for p, i in zip(right, ks, strict=True)]
        best = process.cpdist(a, b, scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
        for x, y in ((a, sb), (sa, b)):
            best = np.maximum(best, process.cpdist(x, y, scorer=fuzz.ratio, workers=-1,
                                                   dtype=np.uint8))
        out[has] = best
    return out


def _codes(values: list[str]) -> np.ndarray:
    """Map strings to integer codes, 0 for empty, so equality is vectorised."""
    table: dict[str, int] = {}
    return np.fromiter((table.setdefault(v, len(table) + 1) if v else 0 for v in values),
                       dtype=np.int64, count=len(values))


def _equal(values: list[str], pairs: np.ndarray) -> np.ndarray:
    codes = _codes(values)
    a, b = codes[pairs[:, 0]], codes[pairs[:, 1]]
    return (a > 0) & (a == b)


def _worth_comparing(prepared: list[Prepared], pairs: np.ndarray, sims: np.ndarray,
                     s: DedupSettings) -> np.ndarray:
    """Select pairs that a merge rule, the review band or an identifier could catch."""
    def placed(p: Prepared) -> str:
        return f"{p.volume}|{p.page}" if p.volume and p.page and not p.abstract_page else ""

    def ends_at(p: Prepared) -> str:
        # A translated title or a typo'd first page can leave only the last page shared.
        return f"{p.volume}|{p.pages.last}" if p.volume and p.pages.last else ""

    def placed_in_journal(p: Prepared) -> str:
        ok = p.journal and p.page and p.page != "1" and not p.abstract_page
        return f"{p.journal}|{p.page}" if ok else ""

    lengths = np.fromiter((len(p.title) for p in prepared), dtype=np.int64, count=len(prepared))
    la, lb = lengths[pairs[:, 0]], lengths[pairs[:, 1]]
    short, long = np.minimum(la, lb), np.maximum(la, lb)
    # When one title contains the other, Indel similarity is exactly 2s / (s + l).
    contained = (short >= 20) & (short < long) & (
        sims >= np.floor(200 * short / np.maximum(short + long, 1)) - 1)
    similar = sims >= int(s.title_review * 100)
    titled = np.flatnonzero(similar | contained)
    authors = _author_sims(prepared, pairs[titled])
    no_authors = authors == 255
    keep = (similar[titled] & (no_authors | (authors >= int(s.author_review * 100)))) | (
        contained[titled] & ~no_authors & (authors >= int(s.author_merge * 100)))
    mask = np.zeros(len(pairs), dtype=bool)
    mask[titled[keep]] = True
    for values in ([p.doi for p in prepared], [p.pmid for p in prepared],
                   [p.pmcid for p in prepared], [placed(p) for p in prepared],
                   [ends_at(p) for p in prepared],
                   [placed_in_journal(p) for p in prepared]):
        mask |= _equal(values, pairs)
    mask |= (la == 0) | (lb == 0)
    return np.flatnonzero(mask)
