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


@dataclass(frozen=True, slots=True)
class Columns:
    """What screening reads of every record, made once for all pairs (indexed by record).

    Attributes:
        records: The records (their author names are read for the pairs screened).
        titles: Folded titles.
        lengths: Their lengths.
        locators: Codes (:func:`_codes`) per ``LOCATOR_KEYS`` entry, in order.
        accession: Codes of the accession numbers (empty when only screening).
        translated: Whether the title is marked as translated (empty when only screening).
    """

    records: Sequence[Screened]
    titles: list[str]
    lengths: np.ndarray
    locators: list[np.ndarray]
    accession: np.ndarray
    translated: np.ndarray


def columns(records: Sequence[Screened], locators: Sequence[Sequence[str | None] | np.ndarray],
            prepared: Sequence[Prepared] | None = None) -> Columns:
    """Return the :class:`Columns` of ``records``; with ``prepared``, all that scoring reads."""
    titles = [p.title for p in records]
    none = np.zeros(0, dtype=np.int64)
    return Columns(
        records=records, titles=titles,
        lengths=np.fromiter(map(len, titles), dtype=np.int64, count=len(titles)),
        locators=[v if isinstance(v, np.ndarray) else _codes(v) for v in locators],
        accession=none if prepared is None else _codes([p.accession for p in prepared]),
        translated=none.astype(bool) if prepared is None else np.fromiter(
            (p.translated for p in prepared), dtype=bool, count=len(prepared)))


def scoring_columns(prepared: Sequence[Prepared]) -> Columns:
    """Return the :class:`Columns` that :func:`score_part` reads of prepared records."""
    # One locator column at a time, as codes: a million records' strings are not kept.
    return columns(prepared, [_codes([key(p) for p in prepared]) for _name, key in LOCATOR_KEYS],
                   prepared)


def score_pairs(prepared: list[Prepared], pairs: np.ndarray, settings: DedupSettings,
                progress: Callable[[int, int], None] | None = None) -> list[PairResult]:
    """Score every candidate pair; return the merged, review and vetoed ones.

    Title and author similarity are computed for all pairs at once; only pairs
    that some rule could merge or queue are compared field by field. Plainly
    different pairs are dropped rather than returned. The pairs are scored
    ``SCREEN_CHUNK`` at a time (:func:`score_part`); results keep the pairs' order.
    ``progress`` is called with ``(pairs done, pairs)``.
    """
    if len(pairs) == 0:
        return []
    view = scoring_columns(prepared)
    results: list[PairResult] = []
    for start in range(0, len(pairs), SCREEN_CHUNK):
        results.extend(score_part(prepared, view, pairs[start:start + SCREEN_CHUNK], settings))
        if progress:
            progress(min(start + SCREEN_CHUNK, len(pairs)), len(pairs))
    return results


def score_part(prepared: Sequence[Prepared], view: Columns, pairs: np.ndarray,
               settings: DedupSettings, threads: int = -1) -> list[PairResult]:
    """Screen some candidate pairs, then compare and classify those a rule could keep.

    The parts of a pair list scored one by one, in any process, give what the whole
    list gives (:mod:`litsearch.dedup.parallel` scores parts on worker processes).
    ``threads`` is what rapidfuzz may use (-1: every core).
    """
    todo, sims = _screen(view, pairs, settings, threads)
    decidable = _decidable(view, pairs[todo], sims, settings)
    todo, sims = todo[decidable], sims[decidable]
    results: list[PairResult] = []
    for i, j, sim in zip(pairs[todo, 0].tolist(), pairs[todo, 1].tolist(), sims.tolist(),
                         strict=True):
        c = compare(prepared[i], prepared[j], sim / 100.0)
        outcome, rule, score = classify(c, settings)
        if outcome != "distinct" or (rule.startswith("veto:") and score >= settings.title_review):
            results.append(PairResult(i, j, outcome, rule, round(score, 3)))
    return results


#: The ``LOCATOR_KEYS`` that identify a work (the rest are places in print).
_IDENTIFIERS = tuple(k for k, (name, _key) in enumerate(LOCATOR_KEYS)
                     if name in ("doi", "pmid", "pmcid"))


def _decidable(view: Columns, pairs: np.ndarray, sims: np.ndarray, s: DedupSettings
               ) -> np.ndarray:
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
    la, lb = view.lengths[a], view.lengths[b]
    keep |= (la == 0) | (lb == 0) | _maybe_contained(la, lb, sims)
    for codes in [*(view.locators[k] for k in _IDENTIFIERS), view.accession]:
        keep |= (codes[a] > 0) & (codes[a] == codes[b])
    keep |= view.translated[a] | view.translated[b]
    return np.flatnonzero(keep)


def _maybe_contained(la: np.ndarray, lb: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """Whether one title may open or end the other (a necessary condition, from lengths).

    When one title contains the other, Indel similarity is exactly 2s / (s + l).
    """
    short, long = np.minimum(la, lb), np.maximum(la, lb)
    return (short >= 20) & (short < long) & (
        sims >= np.floor(200 * short / np.maximum(short + long, 1)) - 1)


def _author_sims(prepared: Sequence[Screened], pairs: np.ndarray, threads: int = -1
                 ) -> np.ndarray:
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
        best = process.cpdist(a, b, scorer=fuzz.ratio, workers=threads, dtype=np.uint8)
        for x, y in ((a, sb), (sa, b)):
            best = np.maximum(best, process.cpdist(x, y, scorer=fuzz.ratio, workers=threads,
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
    view = columns(records, locators)
    kept = [start + _screen(view, pairs[start:start + SCREEN_CHUNK], settings, -1)[0]
            for start in range(0, len(pairs), SCREEN_CHUNK)]
    return np.concatenate(kept) if kept else np.empty(0, dtype=np.int64)


#: Candidate pairs screened at a time: bounds the per-pair arrays and title lists at
#: a million records (tens of millions of pairs) to some megabytes, and is the part
#: a worker process scores at a time.
SCREEN_CHUNK = 1 << 16


def _screen(view: Columns, pairs: np.ndarray, s: DedupSettings, threads: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """Return the pairs worth comparing (indices into ``pairs``) and their title similarity."""
    if len(pairs) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    titles = view.titles
    # Not rounded to whole percents (dtype=uint8 rounds 89.66 up to 90): compare() gets
    # fuzz.ratio's own value, so a pair meets a threshold here only if it does alone.
    sims = process.cpdist([titles[i] for i in pairs[:, 0].tolist()],
                          [titles[j] for j in pairs[:, 1].tolist()],
                          scorer=fuzz.ratio, workers=threads, dtype=np.float64)
    keep = _worth_comparing(view, pairs, sims, s, threads)
    return keep, sims[keep]


def _worth_comparing(view: Columns, pairs: np.ndarray, sims: np.ndarray, s: DedupSettings,
                     threads: int) -> np.ndarray:
    """Select pairs that a merge rule, the review band or an identifier could catch."""
    la, lb = view.lengths[pairs[:, 0]], view.lengths[pairs[:, 1]]
    contained = _maybe_contained(la, lb, sims)
    similar = sims / 100.0 >= s.title_review  # as classify() reads compare()'s title
    titled = np.flatnonzero(similar | contained)
    authors = _author_sims(view.records, pairs[titled], threads)
    # Author similarity rounded to whole percents: a necessary condition only (a value
    # that meets a threshold still does rounded); compare() computes it again exactly.
    no_authors = authors == 255
    keep = (similar[titled] & (no_authors | (authors >= int(s.author_review * 100)))) | (
        contained[titled] & ~no_authors & (authors >= int(s.author_merge * 100)))
    mask = np.zeros(len(pairs), dtype=bool)
    mask[titled[keep]] = True
    for codes in view.locators:
        a, b = codes[pairs[:, 0]], codes[pairs[:, 1]]
        mask |= (a > 0) & (a == b)
    mask |= (la == 0) | (lb == 0)
    return np.flatnonzero(mask)
