"""Candidate pairs from cheap exact keys, so cost grows with records, not with their square.

Two records are compared only when they share at least one blocking key. The
union of these keys kept 99.4-100 % of the true pairs on every labelled set
(see the reference notes, section 6) at 2-8 candidate pairs per record.

Blocking reads :class:`Keys` (the key values and the folded title), not whole
records, so an incremental run can block with keys cached in the store
(:mod:`litsearch.dedup.keycache`) instead of normalising every record again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .normalise import Prepared


class Keys(NamedTuple):
    """The blocking keys of one record.

    Attributes:
        title_key: Folded title without spaces; splits blocks larger than the cap.
        values: One value per :data:`BLOCK_KEYS` entry, in order; "" or None for no key.
    """

    title_key: str
    values: tuple[str | None, ...]


def _author_year(p: Prepared) -> str:
    return f"{p.authors[0]}|{p.year}" if p.authors and p.year else ""


def _volume_page(p: Prepared) -> str:
    return f"{p.volume}|{p.page}" if p.volume and p.page else ""


def _volume_last_page(p: Prepared) -> str:
    # A translated title with a typo'd first page shares only volume and last page.
    return f"{p.volume}|{p.pages.last}" if p.volume and p.pages.last else ""


def _title_start(p: Prepared) -> str:
    return p.title_key[:10] if len(p.title_key) >= 4 else ""


def _title_end(p: Prepared) -> str:
    # Catches titles whose first words differ (a dropped prefix, a translated lead-in).
    return p.title_key[-12:] if len(p.title_key) >= 30 else ""


#: Blocking keys: (name, key function). An empty key means "no key for this record".
BLOCK_KEYS: tuple[tuple[str, Callable[[Prepared], str]], ...] = (
    ("doi", lambda p: p.doi),
    ("pmid", lambda p: p.pmid),
    ("pmcid", lambda p: p.pmcid),
    ("title-start", _title_start),
    ("title-end", _title_end),
    ("author-year", _author_year),
    ("volume-page", _volume_page),
    ("volume-last-page", _volume_last_page),
)

#: Title-prefix lengths used to split a block that is larger than the cap.
REFINE_PREFIXES = (3, 10, 16, 24, 32, 48, 64, 96)


@dataclass
class BlockReport:
    """What the cap on block size left out, per blocking key (filled by blocking).

    A block over the cap is split by title prefix: the pairs of its records whose
    titles open differently are not paired through that key (another key may still
    pair them). They are counted here, never dropped silently.

    Attributes:
        pairs: Candidate pairs blocking gave (pairs sharing a key value in a block, or
            part of one, within the cap); every other pair is never compared.
        split: Blocks over the cap, per key.
        unpaired: Pairs sharing a key value in such a block that the split did not
            pair through that key (an incremental run counts pairs with a new record).
            Summed over keys this overstates what was missed: a pair sharing two keys
            counts twice, another key may have paired it, and nearly all such pairs
            are of different works (thousands of titles open "the effect of").
        left_out: Records of a split block that ended in no part (a unique title
            prefix, or a part still over the cap at the longest prefix).
        in_split: Per record index, whether it is in a block over the cap under any
            key (an incremental run marks the new ones only): the records for which a
            duplicate whose title opens differently is found only through another key.
    """

    pairs: int = 0
    split: Counter[str] = field(default_factory=Counter)
    unpaired: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)
    in_split: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def records_split(self) -> int:
        """Distinct records in a block over the cap (see ``in_split``)."""
        return int(np.count_nonzero(self.in_split))

    def note(self, key: str, members: Sequence[int], parts: Sequence[Sequence[int]],
             wanted: set[int] | None) -> None:
        """Count one oversized block and the parts it was split into."""
        def pairs(group: Sequence[int]) -> int:
            n = len(group)
            old = n - len(wanted.intersection(group)) if wanted is not None else 0
            return n * (n - 1) // 2 - old * (old - 1) // 2
        self.split[key] += 1
        self.unpaired[key] += pairs(members) - sum(pairs(part) for part in parts)
        self.left_out[key] += len(members) - sum(len(part) for part in parts)
        marked = np.fromiter(members if wanted is None else wanted.intersection(members),
                             dtype=np.int64)
        if len(marked):
            # A mask, not a set: at a million records most may sit in some big block.
            if len(self.in_split) <= marked.max():
                grown = np.zeros(max(int(marked.max()) + 1, 2 * len(self.in_split)), dtype=bool)
                grown[:len(self.in_split)] = self.in_split
                self.in_split = grown
            self.in_split[marked] = True


def block_keys(p: Prepared) -> Keys:
    """Return the blocking keys of one prepared record."""
    return Keys(p.title_key, tuple(key(p) for _name, key in BLOCK_KEYS))


def _blocks(titles: Sequence[str], indices: Iterable[int],
            key: Callable[[str], str]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for idx in indices:
        value = key(titles[idx])
        if value:
            groups[value].append(idx)
    return [members for members in groups.values() if len(members) > 1]


def _split(titles: Sequence[str], members: list[int], max_block: int, from_end: bool,
           level: int = 0) -> list[list[int]]:
    """Split an oversized block by ever longer title prefixes (or endings); drop what stays
    too big."""
    if len(members) <= max_block:
        return [members]
    if level >= len(REFINE_PREFIXES):
        return []
    size = REFINE_PREFIXES[level]
    key = (lambda t: t[-size:]) if from_end else (lambda t: t[:size])
    out: list[list[int]] = []
    for sub in _blocks(titles, members, key):
        out.extend(_split(titles, sub, max_block, from_end, level + 1))
    return out


def _split_around(titles: Sequence[str], members: list[int], max_block: int, from_end: bool,
                  wanted: set[int]) -> list[list[int]]:
    """Return the parts :func:`_split` makes of a block that hold a ``wanted`` member.

    The members are sorted by title (or reversed title) once, so each part is a
    run found by bisection: the cost follows the wanted members, not the block.
    """
    def text(m: int) -> str:
        return titles[m][::-1] if from_end else titles[m]

    order = sorted(members, key=text)
    parts: dict[int, list[int]] = {}
    for x in wanted.intersection(members):
        lo, hi = 0, len(order)
        for size in REFINE_PREFIXES:
            if hi - lo <= max_block:
                break
            prefix = text(x)[:size]
            if not prefix:
                lo = hi
                break

            def cut(m: int, size: int = size) -> str:
                return text(m)[:size]

            lo, hi = (bisect_left(order, prefix, lo, hi, key=cut),
                      bisect_right(order, prefix, lo, hi, key=cut))
        if 2 <= hi - lo <= max_block:
            parts[lo] = order[lo:hi]
    return list(parts.values())


def _block_arrays(values: Sequence[str | None], titles: Sequence[str], from_end: bool,
                  max_block: int, wanted: set[int] | None = None,
                  report: tuple[BlockReport, str] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Return record indices sorted by block and the block id of each, small blocks only.

    Blocks over ``max_block`` are split by title (in Python; they are few). With
    ``wanted``, only the parts of a split block that hold a wanted index are kept.
    """
    table: dict[str, int] = {}
    keys = np.fromiter((table.setdefault(v, len(table)) if v else -1 for v in values),
                       dtype=np.int64, count=len(values))
    counts = np.bincount(keys[keys >= 0], minlength=len(table)) if table else np.zeros(0, int)
    order = np.flatnonzero(keys >= 0)
    order = order[np.argsort(keys[order], kind="stable")]
    block = keys[order]
    size = counts[block] if len(block) else block
    small = (size >= 2) & (size <= max_block)
    indices, blocks = [order[small]], [block[small]]
    next_id = len(table)
    ends = np.cumsum(counts)
    for big in np.flatnonzero(counts > max_block):
        members = order[ends[big] - counts[big]:ends[big]].tolist()
        subs = (_split(titles, members, max_block, from_end) if wanted is None
                else _split_around(titles, members, max_block, from_end, wanted))
        if report is not None:
            report[0].note(report[1], members, subs, wanted)
        for sub in subs:
            indices.append(np.asarray(sub, dtype=np.int64))
            blocks.append(np.full(len(sub), next_id, dtype=np.int64))
            next_id += 1
    return np.concatenate(indices), np.concatenate(blocks)


def _pairs_within(indices: np.ndarray, blocks: np.ndarray, max_block: int, n: int
                  ) -> np.ndarray:
    """Every pair of indices that share a block id (``blocks`` sorted), as codes i * n + j.

    One code per pair (i < j), not two indices: a million records give tens of
    millions of pairs before repeats are dropped.
    """
    out = []
    for step in range(1, max_block):
        if step >= len(indices):
            break
        same = blocks[step:] == blocks[:-step]
        if not same.any():
            break
        a, b = indices[:-step][same], indices[step:][same]
        out.append(np.minimum(a, b) * n + np.maximum(a, b))
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def candidate_pairs(keys: Sequence[Keys], new: Sequence[bool] | None = None,
                    max_block: int = 50, report: BlockReport | None = None) -> np.ndarray:
    """Return the candidate pairs as an ``(m, 2)`` array of indices with ``i < j``, sorted.

    Args:
        keys: The blocking keys of the records to compare (see :func:`block_keys`).
        new: Which records are new; when given, only pairs with at least one new
            record are returned (an incremental run). Every block holding a new
            record is then formed from its members alone, so ``keys`` may be just
            the new records and the records that share a key value with one.
        max_block: Largest block compared pairwise; bigger blocks are split by title.
        report: Filled with the blocks over the cap and the pairs they did not give.
    """
    return _candidates([k.title_key for k in keys],
                       lambda column: [k.values[column] for k in keys], new, max_block, report)


def prepared_pairs(prepared: Sequence[Prepared], max_block: int = 50,
                   report: BlockReport | None = None) -> np.ndarray:
    """Return :func:`candidate_pairs` of prepared records, making one key column at a time.

    The same pairs as ``candidate_pairs([block_keys(p) for p in prepared])``, without
    holding every record's eight key values at once (half a gigabyte at a million).
    """
    return _candidates([p.title_key for p in prepared],
                       lambda column: [BLOCK_KEYS[column][1](p) for p in prepared],
                       None, max_block, report)


def _candidates(titles: list[str], column_values: Callable[[int], list[str | None]],
                new: Sequence[bool] | None, max_block: int, report: BlockReport | None
                ) -> np.ndarray:
    n = len(titles)
    some_new = [i for i, is_new in enumerate(new) if is_new] if new is not None else []
    # A block (or part of a split block) without a new record gives no wanted pair.
    wanted = set(some_new) if new is not None and len(some_new) < n else None
    found = []
    fresh = np.asarray(new, dtype=bool) if new is not None else None
    for column, (name, _key) in enumerate(BLOCK_KEYS):
        values = column_values(column)
        if wanted is not None:
            shared = {values[i] for i in some_new}
            values = [v if v in shared else None for v in values]
        indices, blocks = _block_arrays(values, titles, name == "title-end", max_block, wanted,
                                        None if report is None else (report, name))
        del values
        if len(indices):
            codes = _pairs_within(indices.astype(np.int64), blocks, max_block + 1, n)
            found.append(codes if fresh is None else codes[fresh[codes // n] | fresh[codes % n]])
            del codes
    pairs = _unique_pairs(found, n)
    if report is not None:
        report.pairs += len(pairs)
    return pairs


def _unique_pairs(found: list[np.ndarray], n: int) -> np.ndarray:
    """Turn pair codes (with repeats) into sorted unique ``(i, j)`` rows, frugally.

    Tens of millions of codes at a million records: the pieces are moved into one
    array as they are freed, repeats are dropped after an in-place sort (np.unique's
    hash pass cost twice as much), and the rows are written into their final array.
    """
    codes = np.empty(sum(len(f) for f in found), dtype=np.int64)
    pos = 0
    while found:
        piece = found.pop()
        codes[pos:pos + len(piece)] = piece
        pos += len(piece)
        del piece
    codes.sort()
    if len(codes):
        keep = np.empty(len(codes), dtype=bool)
        keep[0] = True
        np.not_equal(codes[1:], codes[:-1], out=keep[1:])
        codes = codes[keep]
        del keep
    # int32 indices halve the largest array dedup holds (n is far below 2**31).
    pairs = np.empty((len(codes), 2), dtype=np.int32 if n < 2**31 else np.int64)
    np.floor_divide(codes, n, out=pairs[:, 0], casting="unsafe")
    np.remainder(codes, n, out=pairs[:, 1], casting="unsafe")
    return pairs
