"""Tell which platform a search string was written for, from its syntax alone.

Each platform family leaves marks no other uses the same way: PubMed's ``[tiab]``,
Ovid's ``.ti,ab.`` and ``adj3``, Scopus's ``TITLE-ABS-KEY(`` and ``W/3``, Web of
Science's ``TS=``… :func:`guess_platform` counts them; the platform with clearly
the most marks wins, and a tie is no answer (lint then uses the plain style and
says so).
"""

from __future__ import annotations

import re

#: Syntax marks per platform id (one id stands for its family: medline for Ovid,
#: cinahl for EBSCOhost), each a regex that counts once per match.
MARKS: dict[str, tuple[str, ...]] = {
    "pubmed": (r"\[(?:tiab|ti|ab|mh|mesh|majr|pt|la|dp|tw|sb|au|all fields|mesh terms|"
               r"title/abstract|title)(?::[^\]]*)?\]",),
    "medline": (r"\.(?:ti|ab|tw|mp|kf|kw|sh|pt|lg|yr|id|af)(?:,[a-z]{2})*\.",
                r"(?i)\badj\d*\b", r"(?m)(?:^|\s)exp\s+\*?[A-Za-z][^/\n]*/"),
    "embase.com": (r"'[^']+'/(?:exp|de|mj)\b", r":(?:ti|ab|kw)(?:,(?:ti|ab|kw))+\b.*'",
                   r"\[[a-z]+\]/lim", r"/py\b"),
    "cochrane": (r"\[mh\s+\^?\"", r"(?i)MeSH descriptor:"),
    "wos": (r"\b(?:TS|TI|AB|ALL|PY|LA|DT)\s*=\s*\(", r"\bSAME\b"),
    "scopus": (r"\b(?:TITLE-ABS-KEY|TITLE-ABS|TITLE|ABS|KEY|AUTHKEY|INDEXTERMS)\s*\(",
               r"(?i)\b(?:W|PRE)/\d+", r"\bPUBYEAR\b", r"\bAND NOT\b"),
    "cinahl": (r"\b(?:TI|AB|TX|SU|KW|MH|MM|DE|MJ)\s+[(\"]", r"\((?:MH|MM|DE) \"",
               r"\b[NW]\d+\b"),
    "europepmc": (r"\b(?:TITLE|ABSTRACT|MESH|KW|PUB_YEAR|FIRST_PDATE|LANG|PUB_TYPE):",),
}
#: Marks that embase.com and the Cochrane Library share (``:ti,ab``, NEAR/n, NEXT).
SHARED = {("embase.com", "cochrane"): (r":(?:ti|ab|kw)(?:,(?:ti|ab|kw))*\b",
                                       r"\b(?:NEAR|NEXT)/\d+")}


def guess_platform(text: str) -> str | None:
    """Return the platform id whose syntax ``text`` shows most clearly, or None."""
    scores = {db: sum(len(re.findall(rx, text)) for rx in marks) for db, marks in MARKS.items()}
    for dbs, marks in SHARED.items():
        hits = sum(len(re.findall(rx, text)) for rx in marks)
        for db in dbs:
            scores[db] += hits
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top > second else None


#: How a guessed id is named to the user: it stands for its whole syntax family.
FAMILY_NAMES = {"medline": "Ovid (MEDLINE, Embase or PsycINFO)",
                "cinahl": "EBSCOhost (CINAHL or APA PsycINFO)"}


def foreign_syntax(text: str, family: str) -> tuple[str, int, int] | None:
    """Return (platform id, start, end of its first mark) when ``text`` is written in
    another family's syntax and shows none of ``family``'s own marks, else None.

    A PubMed string pasted as the Scopus one runs without an error on many platforms
    and searches ``[tiab]`` as text: lint must say so (the ids stand for families).
    """
    from .platforms import get_platform

    guess = guess_platform(text)
    if guess is None or get_platform(guess).family == family:
        return None
    own = [db for db in MARKS if get_platform(db).family == family]
    if not own or any(re.search(rx, text) for db in own for rx in MARKS[db]):
        return None
    if any(family in (get_platform(db).family for db in dbs) and
           any(re.search(rx, text) for rx in marks) for dbs, marks in SHARED.items()):
        return None
    first = min((m for rx in MARKS[guess] if (m := re.search(rx, text))),
                key=lambda m: m.start())
    return guess, first.start(), first.end()
