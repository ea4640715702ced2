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
from .match import classify, compare, title_floor
from .normalise import MAX_KEY_NAMES, Prepared, key_count, name_key
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
    # One locator column at a time, as codes: a million records' strings are not kept.
    locators = [_codes([key(p) for p in prepared]) for _name, key in LOCATOR_KEYS]
    todo, sims = _screen(prepared, locators, pairs, settings)
    decidable = _decidable(prepared, locators, pairs[todo], sims, settings)
    todo, sims = todo[decidable], sims[decidable]
    results: list[PairResult] = []
    for done, (i, j, sim) in enumerate(zip(pairs[todo, 0].tolist(), pairs[todo, 1].tolist(),
                                           sims.tolist(), strict=True), 1):
        c = compare(prepared[i], prepared[j], sim / 100.0)
        outcome, rule, score = classify(c, settings)
        if outcome != "distinct" or (rule.startswith("veto:") and score >= settings.title_review):
            results.append(PairResult(i, j, outcome, rule, round(score, 3)))
        if progress and done % 10_000 == 0:
            progress(done, len(todo))
    if progress:
        progress(len(todo), len(todo))
    return results


#: The ``LOCATOR_KEYS`` that identify a work (the rest are places in print).
_IDENTIFIERS = tuple(k for k, (name, _key) in enumerate(LOCATOR_KEYS)
                     if name in ("doi", "pmid", "pmcid"))


def _decidable(prepared: Sequence[Prepared], locators: Sequence[np.ndarray], pairs: np.ndarray,
               sims: np.ndarray, s: DedupSettings) -> np.ndarray:
    """Return which screened pairs :func:`classify` could merge, queue or keep as a veto.

    A shared place in print (volume and page) admits a pair to screening whatever
    its titles say, and such places recur across journals as records grow (a
    million records: several per record). Below :func:`~litsearch.dedup.match.title_floor`,
    only an identifier, an accession number, a contained or a translated title lets
    a rule act; the others would be compared in Python only to be dropped. Same
    results, in numpy (``tests/dedup/test_dedup_scale.py`` compares both ways).
    """
    a, b = pairs[:, 0], pairs[:, 1]
    # The very value compare() is given (sim / 100.0), against the rules' own thresholds.
    keep = sims / 100.0 >= title_floor(s)
    lengths = np.fromiter((len(p.title) for p in prepared), dtype=np.int64, count=len(prepared))
    la, lb = lengths[a], lengths[b]
    keep |= (la == 0) | (lb == 0) | _maybe_contained(la, lb, sims)
    ids = [locators[k] for k in _IDENTIFIERS]
    ids.append(_codes([p.accession for p in prepared]))
    for codes in ids:
        keep |= (codes[a] > 0) & (codes[a] == codes[b])
    translated = np.fromiter((p.translated for p in prepared), dtype=bool, count=len(prepared))
    keep |= translated[a] | translated[b]
    return np.flatnonzero(keep)


def _maybe_contained(la: np.ndarray, lb: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """Whether one title may open or end the other (a necessary condition, from lengths).

    When one title contains the other, Indel similarity is exactly 2s / (s + l).
    """
    short, long = np.minimum(la, lb), np.maximum(la, lb)
    return (short >= 20) & (short < long) & (
        sims >= np.floor(200 * short / np.maximum(short + long, 1)) - 1)


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
        # A record meets many others over the same k: each (record, k) key is made once.
        sides = pairs[has] * (MAX_KEY_NAMES + 1) + k[has, None]
        wanted, where = np.unique(sides, return_inverse=True)
        where = where.reshape(sides.shape)
        made = [(name_key(p.authors, c), name_key(p.swapped, c))
                for p, c in ((prepared[w // (MAX_KEY_NAMES + 1)], w % (MAX_KEY_NAMES + 1))
                             for w in wanted.tolist())]
        direct, swapped = ([m[x] for m in made] for x in (0, 1))
        a, sa = ([names[w] for w in where[:, 0].tolist()] for names in (direct, swapped))
        b, sb = ([names[w] for w in where[:, 1].tolist()] for names in (direct, swapped))
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


def screen_pairs(records: Sequence[Screened],
                 locators: Sequence[Sequence[str | None] | np.ndarray],
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
    return _screen(records, locators, pairs, settings)[0]


#: Candidate pairs screened at a time: bounds the per-pair arrays and title lists at
#: a million records (tens of millions of pairs) to some hundred megabytes.
SCREEN_CHUNK = 1 << 20


def _screen(records: Sequence[Screened], locators: Sequence[Sequence[str | None] | np.ndarray],
            pairs: np.ndarray, s: DedupSettings) -> tuple[np.ndarray, np.ndarray]:
    """Return the pairs worth comparing (indices into ``pairs``) and their title similarity."""
    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint8)
    codes = [v if isinstance(v, np.ndarray) else _codes(v) for v in locators]
    titles = [p.title for p in records]
    lengths = np.fromiter(map(len, titles), dtype=np.int64, count=len(titles))
    kept, sims = [], []
    for start in range(0, len(pairs), SCREEN_CHUNK):
        part = pairs[start:start + SCREEN_CHUNK]
        sim = process.cpdist([titles[i] for i in part[:, 0].tolist()],
                             [titles[j] for j in part[:, 1].tolist()],
                             scorer=fuzz.ratio, workers=-1, dtype=np.uint8)
        keep = _worth_comparing(records, lengths, codes, part, sim, s)
        kept.append(start + keep)
        sims.append(sim[keep])
    return np.concatenate(kept), np.concatenate(sims)


def _worth_comparing(records: Sequence[Screened], lengths: np.ndarray,
                     locators: Sequence[np.ndarray], pairs: np.ndarray, sims: np.ndarray,
                     s: DedupSettings) -> np.ndarray:
    """Select pairs that a merge rule, the review band or an identifier could catch."""
    la, lb = lengths[pairs[:, 0]], lengths[pairs[:, 1]]
    contained = _maybe_contained(la, lb, sims)
    similar = sims >= int(s.title_review * 100)
    titled = np.flatnonzero(similar | contained)
    authors = _author_sims(records, pairs[titled])
    no_authors = authors == 255
    keep = (similar[titled] & (no_authors | (authors >= int(s.author_review * 100)))) | (
        contained[titled] & ~no_authors & (authors >= int(s.author_merge * 100)))
    mask = np.zeros(len(pairs), dtype=bool)
    mask[titled[keep]] = True
    for codes in locators:
        a, b = codes[pairs[:, 0]], codes[pairs[:, 1]]
        mask |= (a > 0) & (a == b)
    mask |= (la == 0) | (lb == 0)
    return np.flatnonzero(mask)
