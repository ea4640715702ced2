"""Page fields for matching: first and last page, electronic locators, and how two compare.

Databases write the same pages in many ways ("482-91", "e0137960", "233-8, 230-5",
"a1754" vs the print pages "969-972"). Two records' pages *conflict* only when no
reading makes them one item; a typo'd first page inside one range, or an article
number beside print pages, is *unknown* rather than a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)
#: Separators between the ranges of an item printed in several pieces ("233-8, 230-5").
_RANGE_SEP = re.compile(r"\s*[,;+&]\s*")
#: An electronic locator: one letter and a number ("e0137960", BMJ "a1754"); "S85" is a
#: supplement page, not a locator.
_ELOCATOR = re.compile(r"^[a-rt-z]\d{2,}$", re.I)
#: Digits from which a page number is an article number.
_ARTICLE_NUMBER_DIGITS = 6


@dataclass(frozen=True, slots=True)
class Pages:
    """The comparable pages of one record.

    Attributes:
        first: First page, digits only, "" when unknown.
        last: Last page of the first range, digits only, "" when none.
        starts: First pages of every range when the item is printed in pieces.
        elocator: The first page is an article number, not a printed page.
        valid: False when the last page is before the first (a typo in one of them).
    """

    first: str = ""
    last: str = ""
    starts: tuple[str, ...] = ()
    elocator: bool = False
    valid: bool = True

    def __reduce__(self) -> tuple[type[Pages], tuple[str, str, tuple[str, ...], bool, bool]]:
        # Positional, as Prepared's (normalise.py): faster to pickle than the default.
        return Pages, (self.first, self.last, self.starts, self.elocator, self.valid)


def _digits(value: str) -> str:
    match = re.search(r"\d+", value)
    return str(int(match.group(0))) if match else ""


def first_page(value: str | None) -> str:
    """Return a first page as digits only; month names from Excel ("01-Apr") give "".

    >>> first_page("e0137960"), first_page("S353"), first_page("01-Apr"), first_page("P63 [tp 104]")
    ('137960', '353', '', '63')
    """
    if not value or _MONTHS.search(str(value)):
        return ""
    return _digits(str(value).split("-")[0])


def parse_pages(start: str | None, end: str | None, doi: str = "") -> Pages:
    """Read a record's start and end page fields.

    Args:
        start: The start page as imported ("233", "e12724").
        end: The end page as imported; may hold further ranges ("238+230-235").
        doi: The record's DOI; a page equal to its trailing number is an article number.

    >>> p = parse_pages("233", "238+230-235+246-251")
    >>> p.first, p.last, p.starts
    ('233', '238', ('233', '230', '246'))
    >>> parse_pages("2297", "2108").valid
    False
    >>> parse_pages("106482", None, "10.1016/j.chb.2020.106482").elocator
    True
    """
    first = first_page(start)
    if not first:
        return Pages()
    raw_start = str(start).strip()
    whole = f"{raw_start}-{end}" if end else raw_start
    pieces = [p for p in _RANGE_SEP.split(whole) if p]
    starts = tuple(s for s in (first_page(p) for p in pieces) if s) if len(pieces) > 1 else ()
    last = ""
    if end and not _MONTHS.search(str(end)):
        last = _digits(_RANGE_SEP.split(str(end))[0])
        if last and len(last) < len(first):  # "230-5" is 230-235
            last = first[: len(first) - len(last)] + last
    valid = not (last and int(last) < int(first))
    tail = re.search(r"(\d+)$", doi or "")
    # Six digits or more is no printed page (the longest volumes run to some 40,000
    # pages): an article number written without its letter (PLoS "0137960", Elsevier
    # "106482").
    elocator = bool(_ELOCATOR.match(raw_start)) or len(first) >= _ARTICLE_NUMBER_DIGITS or bool(
        tail and len(first) >= 4 and str(int(tail.group(1))) == first)
    return Pages(first=first, last=last, starts=starts, elocator=elocator, valid=valid)


def _span(p: Pages) -> bool:
    """True when the range covers two pages or more."""
    return bool(p.last) and p.valid and int(p.last) > int(p.first)


def _one_item(a: Pages, b: Pages) -> bool:
    """True when two different first pages can only be one item with a typo or a partial range.

    Two items of one volume share at most one page (one ends where the next starts), so
    ranges overlapping by two pages or more, and by at least half the longer one, are
    one item ("678-684" vs "676-682"); half the longer range keeps a whole supplement
    ("499-711") from swallowing its abstracts. A single page given as the other's last
    page is a range cut short ("569" vs "567-569"). A range ending before it starts has
    an unreliable first page; its last page decides.
    """
    if _span(a) and _span(b):
        overlap = min(int(a.last), int(b.last)) - max(int(a.first), int(b.first)) + 1
        longer = max(int(a.last) - int(a.first), int(b.last) - int(b.first)) + 1
        return overlap >= 2 and 2 * overlap >= longer
    if a.last and a.last == b.last and not (a.valid and b.valid):
        return True
    return any(not x.last and _span(y) and x.first == y.last for x, y in ((a, b), (b, a)))


def page_relation(a: Pages, b: Pages, same_volume: bool = False) -> bool | None:
    """Return True for the same first page, False for a conflict, None when unknown.

    Args:
        a, b: The pages of two records.
        same_volume: Both records give the same volume (and no contradicting issue). Only
            then can an article number stand beside print pages, or a typo'd range be
            read as the other's range.

    >>> page_relation(parse_pages("2141", "2147"), parse_pages("2142", "2147"), True)
    >>> page_relation(parse_pages("499", "711"), parse_pages("510", "511"), True)
    False
    >>> page_relation(parse_pages("e12724", None), parse_pages("1", "6"), True)
    >>> page_relation(parse_pages("e12724", None), parse_pages("1", "6"))
    False
    >>> page_relation(parse_pages("516", "542"), parse_pages("147", "172"), True)
    False
    """
    if not a.first or not b.first:
        return None
    if a.first == b.first:
        return True
    if (a.starts or b.starts) and set(a.starts or (a.first,)) & set(b.starts or (b.first,)):
        return True
    if same_volume and (a.elocator != b.elocator or _one_item(a, b)):
        return None
    return False
