"""Score all candidate pairs at once, then decide the few that could be duplicates.

Title and author similarity are computed for every candidate pair with
``rapidfuzz.process.cpdist`` (vectorised, both cores); only pairs that a merge
rule, the review band or a shared identifier could catch are compared field by
field with :func:`litsearch.dedup.match.classify`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process

from .blocking import BLOCK_KEYS
from .match import classify, compare
from .normalise import Prepared, key_count, name_key
from .settings import DedupSettings


def _placed(p: Prepared) -> str:
    return f"{p.volume}|{p.page}" if p.volume and p.page and not p.abstract_page else ""


def _placed_in_journal(p: Prepared) -> str:
    ok = p.journal and p.page and p.page != "1" and not p.abstract_page
    return f"{p.journal}|{p.page}" if ok else ""


_BLOCK = dict(BLOCK_KEYS)

#: Values that make a pair worth comparing field by field when equal, whatever its
#: titles say: identifiers and the place in print. Names shared with ``BLOCK_KEYS``
#: are the same value (a translated title or a typo'd first page can leave only the
#: volume and last page shared).
LOCATOR_KEYS: tuple[tuple[str, Callable[[Prepared], str]], ...] = (
    ("doi", _BLOCK["doi"]),
    ("pmid", _BLOCK["pmid"]),
    ("pmcid", _BLOCK["pmcid"]),
    ("placed", _placed),
    ("volume-last-page", _BLOCK["volume-last-page"]),
    ("placed-in-journal", _placed_in_journal),
)


class Screened(Protocol):
    """What screening reads of a record: a :class:`Prepared`, or its cached view."""

    title: str
    authors: Sequence[str]
    swapped: Sequence[str]


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
    # One locator column at a time, as codes: a million records' strings are not kept.
    locators = [_codes([key(p) for p in prepared]) for _name, key in LOCATOR_KEYS]
    todo = _worth_comparing(prepared, locators, pairs, sims, settings)
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


def _author_sims(prepared: Sequence[Screened], pairs: np.ndarray) -> np.ndarray:
    """Author similarity (0-100) per pair over the shorter list; 255 when a list is empty."""
    if len(pairs) == 0:
        return np.empty(0, dtype=np.uint8)
    # Counted over the records in these pairs only: a cached view reads its names on demand.
    involved = np.unique(pairs)
    counts = np.zeros(len(prepared), dtype=np.int64)
    counts[involved] = [key_count(prepared[i].authors) for i in involved.tolist()]
    k = np.minimum(counts[pairs[:, 0]], counts[pairs[:, 1]])
    out = np.full(len(pairs), 255, dtype=np.uint8)
    has = np.flatnonzero(k > 0)
    if len(has):
        left = [prepared[int(pairs[x, 0])] for x in has]
        right = [prepared[int(pairs[x, 1])] for x in has]
        ks = k[has].tolist()
        a = [name_key(p.authors, i) for p, i in zip(left, ks, strict=True)]
        b = [name_key(p.authors, i) for p, i in zip(right, ks, strict=True)]
        sa = [name_key(p.swapped, i) for p, i in zip(left, ks, strict=True)]
        sb = [name_key(p.swapped, i) for p, i in zip(right, ks, strict=True)]
        best = process.cpdist(a, b, scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
        for x, y in ((a, sb), (sa, b)):
            best = np.maximum(best, process.cpdist(x, y, scorer=fuzz.ratio, workers=-1,
                                                   dtype=np.uint8))
        out[has] = best
    return out


def _codes(values: Sequence[str | None]) -> np.ndarray:
    """Map strings to integer codes, 0 for empty, so equality is vectorised."""
    table: dict[str, int] = {}
    return np.fromiter((table.setdefault(v, len(table) + 1) if v else 0 for v in values),
                       dtype=np.int64, count=len(values))


def _equal(values: Sequence[str | None] | np.ndarray, pairs: np.ndarray) -> np.ndarray:
    codes = values if isinstance(values, np.ndarray) else _codes(values)
    a, b = codes[pairs[:, 0]], codes[pairs[:, 1]]
    return (a > 0) & (a == b)


def screen_pairs(records: Sequence[Screened], locators: Sequence[Sequence[str | None] | np.ndarray],
                 pairs: np.ndarray, settings: DedupSettings) -> np.ndarray:
    """Return the indices of the pairs :func:`score_pairs` would compare field by field.

    Reads only titles, author names and locators, so an incremental run can pick
    the pairs worth scoring from cached values and read few stored records.

    Args:
        records: Per record its title and author names.
        locators: One list per ``LOCATOR_KEYS`` entry, in order, of values per record
            (or their codes from :func:`_codes`).
        pairs: Candidate pairs of indices into ``records``.
        settings: Thresholds.
    """
    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64)
    sims = process.cpdist([records[i].title for i in pairs[:, 0]],
                          [records[j].title for j in pairs[:, 1]],
                          scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
    return _worth_comparing(records, locators, pairs, sims, settings)


def _worth_comparing(records: Sequence[Screened],
                     locators: Sequence[Sequence[str | None] | np.ndarray],
                     pairs: np.ndarray, sims: np.ndarray, s: DedupSettings) -> np.ndarray:
    """Select pairs that a merge rule, the review band or an identifier could catch."""
    lengths = np.fromiter((len(p.title) for p in records), dtype=np.int64, count=len(records))
    la, lb = lengths[pairs[:, 0]], lengths[pairs[:, 1]]
    short, long = np.minimum(la, lb), np.maximum(la, lb)
    # When one title contains the other, Indel similarity is exactly 2s / (s + l).
    contained = (short >= 20) & (short < long) & (
        sims >= np.floor(200 * short / np.maximum(short + long, 1)) - 1)
    similar = sims >= int(s.title_review * 100)
    titled = np.flatnonzero(similar | contained)
    authors = _author_sims(records, pairs[titled])
    no_authors = authors == 255
    keep = (similar[titled] & (no_authors | (authors >= int(s.author_review * 100)))) | (
        contained[titled] & ~no_authors & (authors >= int(s.author_merge * 100)))
    mask = np.zeros(len(pairs), dtype=bool)
    mask[titled[keep]] = True
    for values in locators:
        mask |= _equal(values, pairs)
    mask |= (la == 0) | (lb == 0)
    return np.flatnonzero(mask)
