"""Match search-style terms in text: words, phrases and ``*`` truncation.

Both highlighting and the exclusion-term rule read terms the way a searcher
writes them (``rats``, ``animal*``, ``"in vitro"``), so one matcher serves both.
Matching ignores case and respects word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Quote characters stripped from terms copied out of search strings (curly ones included).
QUOTES = "\"'\u201c\u201d\u2018\u2019"


def clean_term(term: str) -> str:
    """Return a term without surrounding quotes and with single spaces."""
    return " ".join(term.strip().strip(QUOTES).split())


def _term_pattern(term: str) -> str:
    words = clean_term(term).split(" ")
    parts = []
    for word in words:
        stem = re.escape(word.rstrip("*"))
        parts.append(stem + (r"\w*" if word.endswith("*") else ""))
    return r"[\s\-]+".join(parts)


@lru_cache(maxsize=64)
def compile_terms(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compile terms into one case-insensitive pattern, or None when there are none.

    Longer terms come first so a phrase wins over a word inside it.
    """
    cleaned = sorted({clean_term(t) for t in terms if clean_term(t).strip("*")},
                     key=len, reverse=True)
    if not cleaned:
        return None
    # The word-boundary checks sit outside the alternation so that positions inside a
    # word are rejected once, not once per term (ten times faster on long abstracts).
    return re.compile(r"(?<!\w)(?:" + "|".join(_term_pattern(t) for t in cleaned) + r")(?!\w)",
                      re.IGNORECASE)


def find_terms(text: str | None, terms: Iterable[str]) -> list[str]:
    """Return the distinct matches of ``terms`` in ``text``, lower-cased, in order."""
    pattern = compile_terms(tuple(terms))
    if not text or pattern is None:
        return []
    seen: dict[str, None] = {}
    for match in pattern.finditer(text):
        seen.setdefault(match.group(0).lower(), None)
    return list(seen)


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of text.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character.
        kind: "include" (on topic) or "exclude" (off topic).
    """

    start: int
    end: int
    kind: str


def highlight_spans(text: str | None, include: Iterable[str],
                    exclude: Iterable[str]) -> list[Span]:
    """Return non-overlapping highlight spans, exclusion terms winning a tie.

    Args:
        text: The text shown to the reviewer.
        include: On-topic terms (shown green).
        exclude: Off-topic terms (shown red).
    """
    if not text:
        return []
    spans: list[Span] = []
    taken = bytearray(len(text))
    for kind, terms in (("exclude", exclude), ("include", include)):
        pattern = compile_terms(tuple(terms))
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                spans.append(Span(start, end, kind))
    return sorted(spans, key=lambda s: s.start)
