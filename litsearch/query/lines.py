"""Line-numbered strategies (Ovid ``1 or 2``, ``or/1-4``; ``#1 AND #2``; ``S1 OR S2``).

Search histories are often copied line by line, each line numbered, later lines
combining earlier ones by number. :func:`numbered_lines` recognises such a text and
:func:`resolve_lines` rewrites it into one bracketed string, so the ordinary parser
reads it. Ovid's ``limit N to (…)`` lines become ``.lg.`` and ``.yr.`` clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "1  exp Spirituality/ (12345)", "2. meaning*.ti,ab.", "#3 care[tiab]", "S4 TI care",
# "#5<tab>care:ti,ab<tab>1234" (Cochrane's export: the hit count after a tab)
_LINE = re.compile(r"(?:#|S)?(\d+)[.)]?\s+(\S.*?)\s*(?:\(\s*\d[\d,]*\s*\)|\t\s*\d[\d,]*)?\s*$")
_REF = re.compile(r"(?<![\w/])(?:#|S)?(\d+)(?![\w/.:\[])")
_COMBO = re.compile(r"(?:#|S)?\d+|\b(?:and|or|not|AND|OR|NOT)\b|[()\s]")
_SHORT = re.compile(r"(and|or)/(\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*)\s*$",
                    re.IGNORECASE)
_LIMIT = re.compile(r"limit\s+(\d+)\s+to\s+(.+)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"(\w+)\s+language", re.IGNORECASE)
_YEARS = re.compile(r'yr\s*=\s*"?\s*(\d{4})\s*-\s*(\d{4}|current)"?', re.IGNORECASE)


@dataclass
class Line:
    """One numbered line: its number, expression text and where that text starts."""

    number: int
    text: str
    start: int


def numbered_lines(text: str) -> list[Line] | None:
    """Return the numbered lines of ``text``, or None when it is not numbered.

    A text is numbered when it has two or more non-empty lines, each starting with
    its number (``1``, ``1.``, ``#1``, ``S1``) in increasing order.
    """
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            m = _LINE.match(raw.strip())
            if m is None:
                return None
            offset = pos + len(raw) - len(raw.lstrip()) + m.start(2)
            out.append(Line(int(m.group(1)), m.group(2), offset))
        pos += len(raw) + 1
    numbers = [line.number for line in out]
    if len(out) < 2 or numbers != sorted(set(numbers)):
        return None
    return out


def is_combination(text: str) -> bool:
    """Whether a line only combines earlier lines (``1 or 2``, ``or/1-4``, limits)."""
    return bool(_SHORT.fullmatch(text.strip()) or _LIMIT.match(text.strip())
                or not _COMBO.sub("", text))


def resolve_lines(lines: list[Line], family: str) -> str:
    """Return the last line with every line reference replaced by its expression."""
    op = {"and": "and", "or": "or"} if family == "ovid" else {"and": "AND", "or": "OR"}
    resolved: dict[int, str] = {}
    for line in lines:
        text = line.text.strip()
        short = _SHORT.fullmatch(text)
        limit = _LIMIT.match(text)
        if short:
            numbers = _expand(short.group(2))
            text = f" {op[short.group(1).lower()]} ".join(f"({resolved[n]})" for n in numbers
                                                        if n in resolved)
        elif limit:
            text = _limit(resolved.get(int(limit.group(1)), ""), limit.group(2), op["and"])
        elif not _COMBO.sub("", text):
            text = _REF.sub(lambda m: f"({resolved[int(m.group(1))]})"
                            if int(m.group(1)) in resolved else m.group(0), text)
        resolved[line.number] = text
    return resolved[lines[-1].number]


def _expand(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def _limit(base: str, spec: str, and_op: str) -> str:
    parts = [f"({base})"]
    languages = [m.group(1).lower() for m in _LANGUAGE.finditer(spec)]
    if languages:
        parts.append(f"({' or '.join(languages)}).lg.")
    years = _YEARS.search(spec)
    if years:
        parts.append(f'"{years.group(1)}-{years.group(2)}".yr.')
    return f" {and_op} ".join(parts)
