"""Author names for matching: folded family names, whatever format a database used.

Pure helpers for :func:`litsearch.dedup.normalise.prepare`.
"""

from __future__ import annotations

import re

from ..models import Author
from .text import fold

_INITIALS_RE = re.compile(r"(?:[A-Z]\.?-?){1,4}")
#: One author in Vancouver style: family name(s) then up to three capital initials.
_VANCOUVER_NAME = r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)* [A-Z]{1,3}"
#: A whole author list left in one field ("Barrett FS, Carbonaro TM, Hurwitz E").
_VANCOUVER_LIST = re.compile(rf"{_VANCOUVER_NAME}(?:, {_VANCOUVER_NAME})+")
#: Names run together without a separator ("Adeli K.Lewis G. F."): an initial's period
#: directly followed by the next family name.
_RUN_TOGETHER = re.compile(r"(?<=[A-Z]\.)(?=[^\W\d_][a-z])")
_IGNORED = frozenset({"anonymous", "anon", "unknown", "na"})


def family_name(author: Author) -> str:
    """Return the last word of an author's folded family name.

    Sources disagree on particles and double surnames ("Van Busschbach" / "Busschbach",
    "Hernandez Pedro" / "Pedro", "Le Quintrec" / "Quintrec"); the last word is what they
    share. "Smith J.A." read as family "J.A." is repaired first.

    >>> family_name(Author(family="Van Busschbach")), family_name(Author(family="Sberro-Soussan"))
    ('busschbach', 'soussan')
    """
    family = author.family
    if _INITIALS_RE.fullmatch(family.replace(" ", "")) and author.raw:
        words = [w for w in re.split(r"[\s,]+", author.raw) if w
                 and not _INITIALS_RE.fullmatch(w)]
        if words:
            family = max(words, key=len)
    words = fold(family).split()
    return words[-1] if words else ""


def split_author_list(author: Author) -> list[Author]:
    """Return the authors one field holds: itself, or each name of a Vancouver list.

    Some exports put the whole list in one author field; read as one name, it
    compares with nothing.

    >>> [a.family for a in split_author_list(Author(family="Hollister LE",
    ...  raw="Hollister LE, Sjoberg BM"))]
    ['Hollister', 'Sjoberg']
    >>> [a.family for a in split_author_list(Author(family="x", raw="Adeli K.Lewis G. F."))]
    ['Adeli', 'Lewis']
    >>> [a.family for a in split_author_list(Author(family="Smith", raw="J.Smith"))]
    ['Smith']
    """
    raw = (author.raw or "").strip().rstrip(".")
    if _RUN_TOGETHER.search(raw) and "," not in raw and ";" not in raw:
        parts = [_vancouver(p.strip()) for p in _RUN_TOGETHER.split(author.raw or "")
                 if p.strip()]
        # "J.Smith" is one name written initial first: every part needs a family name.
        if len(parts) > 1 and all(p.family and p.initials for p in parts):
            return parts
    if "," not in raw or not _VANCOUVER_LIST.fullmatch(raw):
        return [author]
    out = []
    for name in raw.split(", "):
        family, _, initials = name.rpartition(" ")
        out.append(Author(family=family, initials=initials, raw=name))
    return out


def _vancouver(name: str) -> Author:
    """Read "Lewis G. F." as family "Lewis", initials "GF"."""
    words = name.replace(".", ". ").split()
    family = [w for w in words if not _INITIALS_RE.fullmatch(w)]
    initials = "".join(w.rstrip(".") for w in words if _INITIALS_RE.fullmatch(w))
    return Author(family=" ".join(family), initials=initials, raw=name)


def author_names(authors: list[Author], limit: int = 50) -> tuple[list[str], list[str],
                                                                    list[str]]:
    """Return folded family names, first initials and the given/family-swapped reading.

    The swapped reading is for sources that write the family name first without a
    comma ("Wang Xiaoguang" read as given "Wang", family "Xiaoguang").
    """
    family: list[str] = []
    initials: list[str] = []
    swapped: list[str] = []
    expanded = [a for author in authors[:limit] for a in split_author_list(author)]
    for author in expanded[:limit]:
        name = family_name(author)
        if name and name not in _IGNORED:
            family.append(name)
            initials.append((author.initials or author.given or "")[:1].lower())
            given = fold(author.given).split()
            swapped.append(given[0] if given and len(given[0]) > 1 else name)
    return family, initials, swapped
