"""Split a search string into tokens, per syntax family, never failing.

Every token keeps its character span so lint and parse errors can point at
line:col. Problems (a quote that never closes, a stray bracket) become ``error``
tokens instead of exceptions: lint reports them, parse refuses them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .precedence import CASE_INSENSITIVE_OPERATORS

#: Opening quote → the characters accepted as its closing quote.
QUOTES = {'"': '"“”„', "“": '"“”', "”": '"“”', "„": '"“”'}
SINGLE_QUOTES = {"'": "'‘’", "‘": "'‘’", "’": "'‘’"}
CURLY = "“”„‘’"

_BOUNDARY = r"(?=[\s()\"“”„]|$)"

#: Operator patterns per family: (regex, operator, ordered). Group 1 is a distance.
OPERATORS: dict[str, list[tuple[str, str, bool]]] = {
    "common": [(r"AND\s+NOT", "NOT", False), (r"AND", "AND", False), (r"OR", "OR", False),
               (r"NOT", "NOT", False)],
    "pubmed": [],
    "ovid": [(r"adj(\d+)", "NEAR", False), (r"adj()", "NEXT", True)],
    "embasecom": [(r"NEAR/(\d+)", "NEAR", False), (r"NEXT/(\d+)", "NEXT", True)],
    "cochrane": [(r"NEAR(?:/(\d+))?", "NEAR", False), (r"NEXT(?:/(\d+))?", "NEXT", True)],
    "wos": [(r"NEAR(?:/(\d+))?", "NEAR", False), (r"SAME", "SAME", False)],
    "scopus": [(r"W/(\d+)", "NEAR", False), (r"PRE/(\d+)", "NEXT", True)],
    "ebsco": [(r"N(\d+)", "NEAR", False), (r"W(\d+)", "NEXT", True)],
    "europepmc": [],
    "plain": [(r"NEAR/(\d+)", "NEAR", False), (r"NEXT/(\d+)", "NEXT", True),
              (r"W/(\d+)", "NEAR", False), (r"PRE/(\d+)", "NEXT", True)],
    "scholar": [],
}

#: Field prefixes per family (a code written before a term or bracketed group).
PREFIXES: dict[str, str] = {
    # Any tag: one the strategy cannot keep (AD=, AFFIL()) must be refused by parse and
    # checked by lint, not read as a search word (Web of Science and Scopus ignore case).
    "wos": r"([A-Z]{2,6})\s*=\s*",
    "scopus": r"((?:TITLE-ABS-KEY|TITLE-ABS|TITLE|ABS|KEY|ALL|LANGUAGE|DOCTYPE|INDEXTERMS|"
              r"AUTHKEY|SRCTITLE)(?=\s*\()|[A-Z][A-Z0-9-]*[A-Z0-9](?=\())",
    "ebsco": r"(TI|AB|TX|SU|KW|MH|MM|DE|MJ|LA|PT)(?=\s)\s*",
    "europepmc": r"([A-Z][A-Z_]+):",
}

#: Whole limit clauses recognised as one token: regex → (kind, group meanings).
_PUBMED_DATE = r'"(\d{4})[/\d]*"\[(?:dp|pdat|date - publication|publication date)\]'
LIMITS: dict[str, list[tuple[str, str]]] = {
    "pubmed": [(_PUBMED_DATE + r"\s*:\s*" + _PUBMED_DATE, "years")],
    "scopus": [(r"PUBYEAR\s*(>=|<=|>|<|=|(?:AFT|BEF|IS)(?=\s))\s*(\d{4})", "pubyear"),
               (r'(LIMIT-TO|EXCLUDE)\s*\(\s*([A-Z]+)\s*,\s*"?([^")]*?)"?\s*\)', "limitto")],
    "ebsco": [(r"DT\s+(\d{4})(?:-(\d{4}))?", "years")],
    "europepmc": [(r"(?:PUB_YEAR|FIRST_PDATE):\[(\d{4})\S*\s+TO\s+(\d{4})\S*\]", "years")],
    "embasecom": [(r"\[(\d{4})-(\d{4})\]/py", "years"), (r"\[([a-z]+)\]/lim", "language")],
}

#: Cochrane's exported MeSH line: ``MeSH descriptor: [X] explode all trees`` (or ``this
#: term only``), optionally ``and with qualifier(s): [Y - YY]``.
COCHRANE_MESH = re.compile(
    r"MeSH\s+descriptor:\s*\[([^\]]+)\]\s*(explode all trees|this term only)"
    r"(?:\s+and\s+with\s+qualifiers?(?:\(s\))?:?\s*\[([^\]]*)\])?", re.IGNORECASE)

#: Suffix field codes written right after a term or a closing bracket.
SUFFIXES: dict[str, str] = {
    "ovid": r"\.([a-z]{2}(?:,[a-z]{2})*)\.(?![a-z])",
    "embasecom": r"(?::([a-z]{2}(?:,[a-z]{2})*)|/(exp|de|mj|it)(?:/mj)?)(?![a-z,])",
    "cochrane": r":([a-z]{2}(?:,[a-z]{2})*)(?![a-z,])",
}


@dataclass
class Token:
    """One token of a search string.

    Attributes:
        kind: ``lparen``, ``rparen``, ``phrase``, ``word``, ``op``, ``tag`` (a suffix
            field), ``prefix`` (a field before a term), ``heading``, ``limit``,
            ``prox`` (a ``~n`` suffix) or ``error``.
        text: The characters as written.
        value: The meaning: phrase content, operator name, field code, message.
        start: Offset of the first character.
        end: Offset after the last character.
        extra: Kind-specific details (quote characters, distance, order).
    """

    kind: str
    text: str
    value: str
    start: int
    end: int
    extra: dict = field(default_factory=dict)


def tokenize(text: str, family: str) -> list[Token]:
    """Return the tokens of ``text`` read in syntax ``family`` (never raises)."""
    flags = re.IGNORECASE if family in CASE_INSENSITIVE_OPERATORS else 0
    ops = [(re.compile(p + _BOUNDARY, flags), o, ordered)
           for p, o, ordered in OPERATORS.get(family, []) + OPERATORS["common"]]
    prefix = re.compile(PREFIXES[family], re.IGNORECASE if family in ("wos", "scopus") else 0) \
        if family in PREFIXES else None
    limits = [(re.compile(p, re.IGNORECASE), k) for p, k in LIMITS.get(family, [])]
    suffix = re.compile(SUFFIXES[family]) if family in SUFFIXES else None
    quotes = dict(QUOTES)
    if family == "embasecom":
        quotes.update(SINGLE_QUOTES)
    stop = set(" \t\r\n()[]{}") | set(quotes)
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            out.append(Token("lparen" if c == "(" else "rparen", c, c, i, i + 1))
            i += 1
            if c == ")":
                i = _suffix(text, i, suffix, out)
            continue
        if family == "cochrane" and (m := COCHRANE_MESH.match(text, i)):
            out.append(Token("heading", m.group(0), m.group(1).strip(), i, m.end(),
                             {"explode": m.group(2).lower().startswith("explode"),
                              "major": False, "qualifier": m.group(3) or ""}))
            i = m.end()
            continue
        matched = _match_limit(text, i, limits, out) or _match_op(text, i, ops, out)
        if matched:
            i = matched
            continue
        if prefix and (m := prefix.match(text, i)) and (i == 0 or not text[i - 1].isalnum()):
            out.append(Token("prefix", m.group(0), m.group(1).upper(), i, m.end()))
            i = m.end()
            continue
        if c in quotes:
            i = _phrase(text, i, quotes[c], out)
            i = _suffix(text, i, suffix, out)
            continue
        if c == "{" and family == "scopus":
            end = text.find("}", i + 1)
            if end < 0:
                out.append(Token("error", c, "an exact phrase { is never closed", i, i + 1))
                i += 1
                continue
            out.append(Token("phrase", text[i:end + 1], text[i + 1:end], i, end + 1,
                             {"open": "{", "close": "}", "exact": True}))
            i = end + 1
            continue
        if c == "[":
            i = _bracket(text, i, family, out)
            continue
        if c in "]}":
            out.append(Token("error", c, f"a closing {c} without its opening one", i, i + 1))
            i += 1
            continue
        j = i
        while j < n and text[j] not in stop:
            j += 1
        if j == i:  # a character this family gives no meaning to, e.g. { outside Scopus
            out.append(Token("error", c, f"unexpected {c}", i, i + 1))
            i += 1
            continue
        i = _word(text, i, j, family, suffix, out)
    return out


def _match_op(text: str, i: int, ops: list, out: list[Token]) -> int:
    if i and (text[i - 1].isalnum() or text[i - 1] in "*?$#"):
        return 0
    for rx, op, ordered in ops:
        m = rx.match(text, i)
        if m:
            dist = m.group(1) if m.groups() else None
            extra = {"ordered": ordered}
            if dist not in (None, ""):
                extra["distance"] = int(dist)
            out.append(Token("op", m.group(0), op, i, m.end(), extra))
            return m.end()
    return 0


def _match_limit(text: str, i: int, limits: list, out: list[Token]) -> int:
    for rx, kind in limits:
        m = rx.match(text, i)
        if m:
            out.append(Token("limit", m.group(0), kind, i, m.end(), {"groups": m.groups()}))
            return m.end()
    return 0


def _phrase(text: str, i: int, closers: str, out: list[Token]) -> int:
    j = i + 1
    while j < len(text) and text[j] not in closers:
        j += 1
    if j >= len(text):
        out.append(Token("error", text[i], f"the quote {text[i]} is never closed", i, i + 1))
        return i + 1
    inner = " ".join(text[i + 1:j].split())
    out.append(Token("phrase", text[i:j + 1], inner, i, j + 1,
                     {"open": text[i], "close": text[j]}))
    j += 1
    if j < len(text) and text[j] == "~":
        m = re.match(r"~(\d+)", text[j:])
        if m:
            out.append(Token("prox", m.group(0), m.group(1), j, j + m.end()))
            j += m.end()
    return j


def _suffix(text: str, i: int, suffix: re.Pattern | None, out: list[Token]) -> int:
    while suffix is not None and (m := suffix.match(text, i)):
        value = m.group(1) or m.group(0).lstrip("/")
        out.append(Token("tag", m.group(0), value, i, m.end()))
        i = m.end()
    return i


def _bracket(text: str, i: int, family: str, out: list[Token]) -> int:
    end = text.find("]", i + 1)
    if end < 0:
        out.append(Token("error", "[", "a [ is never closed", i, i + 1))
        return i + 1
    inner = text[i + 1:end]
    if family == "ovid" and re.match(r"[a-z]{2}=", inner):
        return end + 1  # Ovid's note of what .mp. searched ([mp=title, abstract, …])
    if family == "cochrane":
        m = re.fullmatch(r'\s*mh\s+(\^?)"([^"]+)"\s*', inner, re.IGNORECASE)
        if m:
            out.append(Token("heading", text[i:end + 1], m.group(2), i, end + 1,
                             {"explode": not m.group(1), "major": False}))
            return end + 1
    out.append(Token("tag", text[i:end + 1], inner.strip().lower(), i, end + 1))
    return end + 1


def _word(text: str, i: int, j: int, family: str, suffix: re.Pattern | None,
          out: list[Token]) -> int:
    word = text[i:j]
    if suffix is not None:
        # A field suffix is written onto the word (meaning*.ti,ab.): split it off.
        for k in range(1, len(word)):
            if word[k] in ".:/" and _only_suffixes(word[k:], suffix):
                out.append(Token("word", word[:k], word[:k], i, i + k))
                return _suffix(text, i + k, suffix, out)
    out.append(Token("word", word, word, i, j))
    return j


def _only_suffixes(s: str, suffix: re.Pattern) -> bool:
    pos = 0
    while pos < len(s) and (m := suffix.match(s, pos)) and m.end() > pos:
        pos = m.end()
    return pos == len(s)


def invisible(text: str) -> list[tuple[int, str]]:
    """Return (offset, Unicode name) of each invisible format character in ``text``: a soft
    hyphen or zero-width space pasted from a word processor splits a word for the platform
    while nobody sees it. A byte-order mark opening the text is a file's, not a term's."""
    return [(i, unicodedata.name(c, f"U+{ord(c):04X}")) for i, c in enumerate(text)
            if unicodedata.category(c) == "Cf" and not (i == 0 and c == "\ufeff")]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
