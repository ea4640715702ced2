"""Author names for matching: folded family names, whatever format a database used.

Pure helpers for :func:`litsearch.dedup.normalise.prepare`.
"""

from __future__ import annotations

import re

from .. import normalise as norm
from ..models import Author
from ..normalise import CORPORATE_RE, PARTICLES
from .organisations import organisation
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
#: Bounds of one name in a list run together without separators ("Smith J Jones AB"):
#: family words, then initials (one word of 1-3 capitals, or up to 3 single letters).
_MAX_FAMILY_WORDS = 4
_MAX_INITIAL_WORDS = 3
#: Words in a record's only author cell from which it may be several names run together
#: ("SMITH JOHN JONES ANNE"), and past which it cannot be one name (as
#: :func:`litsearch.normalise.author` reads 2-5 words as one name).
_LIST_WORDS = 4
_NAME_WORDS = 5


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
    author = _cut(author)
    raw = (author.raw or "").strip().rstrip(".")
    if _RUN_TOGETHER.search(raw) and "," not in raw and ";" not in raw:
        parts = [_vancouver(p.strip()) for p in _RUN_TOGETHER.split(author.raw or "")
                 if p.strip()]
        # "J.Smith" is one name written initial first: every part needs a family name.
        if len(parts) > 1 and all(p.family and p.initials for p in parts):
            return parts
    if "," not in raw and ";" not in raw and raw.count(" ") >= _LIST_WORDS - 1:
        # "Smith J Jones AB Brown C", "SMITH J JONES AB": read only when the words fall
        # into names one way only.
        names, ways = _read_unseparated(raw.split())
        if ways == 1 and len(names) > 1:
            return names
    if "," not in raw or not _VANCOUVER_LIST.fullmatch(raw):
        return [author]
    out = []
    for name in raw.split(", "):
        family, _, initials = name.rpartition(" ")
        out.append(Author(family=family, initials=initials, raw=name))
    return out


def _letters(word: str) -> str:
    return word.replace(".", "").replace("-", "")


def _family_word(word: str, alone: bool, capitals: bool) -> bool:
    """Tell whether a word can be (part of) a family name in a run-together list.

    A word with a small letter can. In capitals, a word of 4+ letters can; so can, when
    the whole cell is in capitals, a particle ("DE", "VAN") or a family name of its own
    of 2-3 letters ("LI", "WU"). In a mixed-case cell a short word in capitals is
    initials ("Garcia AL Osei LB": "AL" is not the particle "al"). So in capitals a
    family name of several words is read only with words of 4+ letters or particles.
    """
    if not word[:1].isalpha():
        return False
    if any(ch.islower() for ch in word):
        return True
    letters = _letters(word)
    return len(letters) > 3 or (capitals and (word.lower() in PARTICLES
                                              or (alone and len(letters) > 1)))


def _initials_run(words: list[str]) -> bool:
    """Tell whether words are one author's initials: "AB", "J.A.", or "C D" / "J A B"."""
    letters = [_letters(w) for w in words]
    if not all(x.isalpha() and x.isupper() for x in letters):
        return False
    return len(letters[0]) <= 3 if len(letters) == 1 else all(len(x) == 1 for x in letters)


def _read_unseparated(words: list[str]) -> tuple[list[Author], int]:
    """Read words as (family words, initials) groups: return one reading and how many
    readings there are (0, 1, or 2 meaning "two or more": ambiguous).

    >>> names, ways = _read_unseparated("Smith J Jones AB Brown C".split())
    >>> [(a.family, a.initials) for a in names], ways
    ([('Smith', 'J'), ('Jones', 'AB'), ('Brown', 'C')], 1)
    >>> _read_unseparated("MARTIN DE SOUZA M".split())[1]  # one name, or Martin DE + Souza M?
    2
    >>> _read_unseparated("WANG XIAOGUANG LI MING ZHANG WEI".split())[1]  # full names
    2
    """
    n = len(words)
    capitals = not any(ch.islower() for word in words for ch in word)
    ways = [0] * n + [1]
    first: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        for f in range(1, _MAX_FAMILY_WORDS + 1):
            # A particle starts a family name ("VAN DEN BERGH"); it is never one alone.
            if i + f >= n or words[i + f - 1].lower() in PARTICLES \
                    or not all(_family_word(w, f == 1, capitals) for w in words[i:i + f]):
                continue
            # In capitals, family words without a particle may as well be a family name
            # and a given name ("WANG XIAOGUANG LI MING": Wang Xiaoguang, Li Ming): the
            # 2-3 letter given names that follow look like initials. Such a reading is
            # one of two or more.
            doubt = capitals and f > 1 and not any(w.lower() in PARTICLES
                                                   for w in words[i:i + f])
            for k in range(1, _MAX_INITIAL_WORDS + 1):
                j = i + f + k
                if j <= n and ways[j] and _initials_run(words[i + f:j]):
                    if not ways[i]:
                        first[i] = (f, k)
                    ways[i] = min(2, ways[i] + (2 if doubt else ways[j]))
    names, i = [], 0
    while ways[0] and i < n:
        f, k = first[i]
        names.append(Author(family=" ".join(words[i:i + f]),
                            initials="".join(_letters(w) for w in words[i + f:i + f + k]),
                            raw=" ".join(words[i:i + f + k])))
        i += f + k
    return names, ways[0]


def unreadable_authors(authors: list[Author]) -> tuple[str, ...]:
    """Name an author field holding several names run together that cannot be told apart.

    Only a record's only author cell is judged: 4+ words without a separator that do not
    fall into names one way only, in capitals ("SMITH JOHN JONES ANNE": which words are
    family names? "WANG XIAOGUANG LI MING ZHANG WEI": full names whose short given names
    look like initials) or longer than one name can be. Such a field is evidence of nothing:
    :func:`author_names` reads no name from it, and it is reported as untrusted.

    >>> unreadable_authors([Author(family="SMITH JOHN JONES ANNE", raw="SMITH JOHN JONES ANNE")])
    ('authors=SMITH JOHN JONES ANNE',)
    >>> unreadable_authors([Author(family="Smith J Jones AB", raw="Smith J Jones AB")])
    ()
    """
    if len(authors) != 1:
        return ()
    raw = " ".join((_cut(authors[0]).raw or authors[0].family or "").split())
    words = raw.split(" ")
    if len(words) < _LIST_WORDS or "," in raw or ";" in raw or _RUN_TOGETHER.search(raw) \
            or CORPORATE_RE.search(raw) or organisation(raw):
        return ()
    ways = _read_unseparated(words)[1]
    if ways == 1:
        return ()
    if ways > 1 or raw.upper() == raw or len(words) > _NAME_WORDS:
        return (f"authors={raw}",)
    return ()


def _cut(author: Author) -> Author:
    """Read a name again without the "et al." that ended its cell ("Smith J et al").

    Records imported before :func:`litsearch.normalise.author` dropped it hold the
    family name "al".
    """
    raw = author.raw or ""
    cut = norm.without_et_al(raw.strip())
    if cut == raw.strip():
        return author
    return norm.author(cut) or author


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
    if unreadable_authors(authors):
        return family, initials, swapped
    expanded = [a for author in authors[:limit] for a in split_author_list(author)]
    for author in expanded[:limit]:
        # "WHO" and "World Health Organization" are one author (organisations.py).
        name = organisation(author.raw or author.family) or family_name(author)
        if name and name not in _IGNORED:
            family.append(name)
            initials.append((author.initials or author.given or "")[:1].lower())
            given = fold(author.given).split()
            swapped.append(given[0] if given and len(given[0]) > 1 else name)
    return family, initials, swapped
