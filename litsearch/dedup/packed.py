"""Prepared records packed for scoring on forked workers: few objects, pages not copied.

A forked worker shares its parent's memory until it writes to a page, and merely
reading a Python object writes to it (its reference count). Workers that read the
prepared records themselves copied nearly all of them: at 300,000 records the two
scoring workers added 1.0 GB to the parent's 0.7 GB (PSS, measured), which at a
million records would pass 4 GB. Packed, each record is a slice of one ``bytes``
object, unpickled only when one of its pairs is compared; the titles and author
names that screening reads are fresh strings side by side, so reading them copies
only their own pages. Packing costs about 9 µs a record (pickling, in the parent);
a consumed list is let go chunk by chunk as it is packed.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .normalise import Prepared
from .scoring import Columns, scoring_columns

_SEP = "\x1f"  # between author names (folding leaves no control character in a name)


def _fresh(strings: list[str]) -> list[str]:
    """Return copies of ``strings`` made one after another (adjacent in memory)."""
    # One join and split makes every piece anew; str.join alone hands back a lone item.
    parts = "\x00".join(strings).split("\x00")
    if len(parts) != len(strings):  # a NUL inside a string: copy one by one
        parts = [s.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
                 for s in strings]
    return parts


class _Names:
    """What screening reads of one packed record (``scoring.Screened``)."""

    __slots__ = ("title", "authors", "swapped")

    def __init__(self, title: str, authors: str, swapped: str) -> None:
        self.title = title
        self.authors = authors.split(_SEP) if authors else []
        self.swapped = swapped.split(_SEP) if swapped else []


class _NameView(Sequence[_Names]):
    def __init__(self, packed: Packed) -> None:
        self.packed = packed

    def __len__(self) -> int:
        return self.packed.n

    def __getitem__(self, i):  # type: ignore[override]  # int only; read by _author_sims
        p = self.packed
        return _Names(p.columns.titles[i], p.authors[i], p.swapped[i])


class Records(Sequence[Prepared]):
    """The packed records, each unpickled on first use and kept until dropped."""

    def __init__(self, packed: Packed) -> None:
        self.packed = packed
        self.made: dict[int, Prepared] = {}

    def __len__(self) -> int:
        return self.packed.n

    def __getitem__(self, i):  # type: ignore[override]  # int only; read by score_part
        record = self.made.get(i)
        if record is None:
            part, k = divmod(i, PACK_CHUNK)
            start, stop = self.packed.offsets[part][k:k + 2].tolist()
            record = self.made[i] = pickle.loads(
                memoryview(self.packed.blobs[part])[start:stop])
        return record


#: Records pickled into one ``bytes`` object at a time.
PACK_CHUNK = 8192


class Packed:
    """Prepared records as a few ``bytes`` objects, and the columns screening reads.

    Attributes:
        n: Records.
        blobs: Per ``PACK_CHUNK`` records, each pickled, one after another.
        offsets: Per blob, where each of its records starts (and, last, its length).
        authors, swapped: Per record its family names (and swapped reading) joined.
        columns: The :class:`~litsearch.dedup.scoring.Columns` of the records, whose
            ``records`` read titles and names from here.
    """

    def __init__(self, prepared: list[Prepared], consume: bool = False) -> None:
        """Pack ``prepared``; with ``consume``, empty it chunk by chunk as it is packed."""
        self.n = len(prepared)
        self.authors = _fresh([_SEP.join(p.authors) for p in prepared])
        self.swapped = _fresh([_SEP.join(p.swapped) for p in prepared])
        view = scoring_columns(prepared)
        self.columns: Columns = replace(view, records=_NameView(self),
                                        titles=_fresh(view.titles))
        del view
        self.blobs: list[bytes] = []
        self.offsets: list[np.ndarray] = []
        for start in range(0, self.n, PACK_CHUNK):
            stop = min(start + PACK_CHUNK, self.n)
            part = [pickle.dumps(prepared[i], protocol=pickle.HIGHEST_PROTOCOL)
                    for i in range(start, stop)]
            offsets = np.zeros(len(part) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, part), dtype=np.int64, count=len(part)),
                      out=offsets[1:])
            self.blobs.append(b"".join(part))
            self.offsets.append(offsets)
            del part
            if consume:
                # The records packed so far are let go: the list is not held twice.
                prepared[start:stop] = [None] * (stop - start)  # type: ignore[list-item]
        if consume:
            prepared.clear()

    def records(self) -> Records:
        """Return the records, unpickled on demand (a new cache each time)."""
        return Records(self)
