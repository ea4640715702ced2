"""Cell-level rules for delimited exports: splitting lists, unprotecting cells, citations."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..outfiles import unneutralise

#: Excel "protected" cells written by EBSCOhost: ="19326203".
_EXCEL_PROTECTED_RE = re.compile(r'^="(.*)"$', re.S)
#: Rayyan glues the next RIS line onto the URL: `https://…     U2  - L2029880245`.
_GLUED_RIS_RE = re.compile(r"\s{2,}[A-Z][A-Z0-9]  - .*$", re.S)
#: Particles that may precede a capital inside one family name (McNamara, DeBlieux).
_NAME_PREFIXES = frozenset({"mc", "mac", "de", "di", "du", "la", "le", "van", "von", "o'", "d'"})


def clean_cell(value: str) -> str:
    """Undo spreadsheet protection and vendor glue around one cell value.

    Also the quote litsearch puts before a would-be formula in its own CSV outputs
    ("'=SUM(A1)" reads back as "=SUM(A1)", see :func:`litsearch.outfiles.neutralise`).
    """
    text = value.strip()
    if text[:2] == '="':
        match = _EXCEL_PROTECTED_RE.match(text)
        if match:
            text = match.group(1).replace('""', '"')
    return unneutralise(text)


def clean_url(value: str) -> str:
    """Cut RIS text a screening tool glued onto a URL cell."""
    return _GLUED_RIS_RE.sub("", value).strip()


def _split(pattern: str) -> Callable[[str], list[str]]:
    regex = re.compile(pattern)

    def split(value: str) -> list[str]:
        return [part.strip() for part in regex.split(value) if part.strip()]

    return split


_SCOPUS_AUTHOR_ID_RE = re.compile(r"\(\d{6,}\)")


def _semicolon_or_comma(value: str) -> list[str]:
    # Scopus and Embase used ", " between "Family I." names before switching to "; ".
    # Scopus's "Author full names" ("Family, Given (author id)") always uses "; ", so a
    # single author there must not be split at the comma inside the name.
    if ";" in value or _SCOPUS_AUTHOR_ID_RE.search(value):
        return _split(r"\s*;\s*")(value)
    return _split(r"(?<=\.),\s*|,\s+(?=[^,]*\s)")(value) if "." in value else \
        _split(r",\s*")(value)


def _comma_outside_parens(value: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in value:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _glued_names(value: str) -> list[str]:
    """Split SpringerLink's "Andy SmithTom Weber" at lower-to-upper case boundaries."""
    names, start = [], 0
    for match in re.finditer(r"(?<=[a-zà-ÿß.])(?=[A-ZÀ-Þ])", value):
        left = value[start:match.start()]
        last_word = left.rsplit(" ", 1)[-1].lower()
        if " " not in left.strip() or last_word in _NAME_PREFIXES or last_word.endswith("."):
            continue
        names.append(left.strip())
        start = match.start()
    names.append(value[start:].strip())
    return [n for n in names if n]


def _semicolon_else_comma(value: str) -> list[str]:
    # WoS Current Contents joins keywords with ", " where Core Collection uses "; ".
    return _split(r"\s*;\s*" if ";" in value else r"\s*,\s*")(value)


def _authors(value: str) -> list[str]:
    """Split an author cell of unknown style (generic CSV)."""
    for pattern in (r"\s*;\s*", r"\s*\|\s*", r"\s+and\s+", r"\s*\n\s*"):
        parts = _split(pattern)(value)
        if len(parts) > 1:
            return parts
    parts = _split(r"\s*,\s*")(value)
    # "Smith, John" is one name; "John Smith, Ann Lee" and "Smith J., Lee A." are two.
    if len(parts) > 1 and all(" " in p for p in parts):
        return parts
    return [value.strip()] if value.strip() else []


#: Splitter name (used in the dialect tables) -> function.
SPLITTERS: dict[str, Callable[[str], list[str]]] = {
    "semicolon": _split(r"\s*;\s*"),
    "comma": _split(r"\s*,\s*"),
    "pipe": _split(r"\s*\|\s*"),
    "and": _split(r"\s+and\s+"),
    "newline": _split(r"\s*\n\s*"),
    "semicolon_else_comma": _semicolon_else_comma,
    "authors": _authors,
    "semicolon_or_comma": _semicolon_or_comma,
    "comma_outside_parens": _comma_outside_parens,
    "glued_names": _glued_names,
}

#: Citation strings packed into one cell, tried in order.
CITATION_PATTERNS = (
    # PubMed CSV: "Eur J Med Genet. 2020 Feb;63(2):103640. doi: …"
    re.compile(r"^(?P<journal>[^.]+(?:\.[^.;\d][^.;]*)*)\.\s*(?P<year>\d{4})[^;:]*"
               r"(?:;(?P<volume>[^(:;.]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^.;\s]+))?)?"),
    # Embase: "Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: …"
    re.compile(r"^(?P<journal>.+?)\s+\((?P<year>\d{4})\)(?:\s+(?P<volume>[^:\s(.]+)"
               r"(?::(?P<issue>[^\s(.]+))?)?(?:\s+\((?P<pages>[^)]+)\))?"),
)


def parse_citation(value: str) -> dict[str, str]:
    """Return journal, year, volume, issue and pages found in a citation string."""
    for pattern in CITATION_PATTERNS:
        match = pattern.match(value.strip())
        if match:
            return {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}
    return {}


def pmid_in_text(value: str) -> str | None:
    """Return the PMID from a free-text cell such as Zotero's Extra ("PMID: 123")."""
    match = re.search(r"\bPMID:?\s*(?:NLM)?(\d+)", value)
    return match.group(1) if match else None
