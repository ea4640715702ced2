"""Google Scholar: no wildcards or fields, at most 256 characters per string.

A strategy rarely fits, so each search is split: every block's terms are cut into
chunks and one string is written per combination of chunks, each within the limit.
A block's ``scholar`` list (a few plain key terms) keeps the number of strings small.
"""

from __future__ import annotations

import itertools
import re

from ...errors import QueryError
from ...wording import plural
from ..model import Block, Search, Term
from .base import Rendered, Renderer, describe_limits

#: Google Scholar's documented maximum query length.
MAX_CHARS = 256
#: More strings than this is impractical to run by hand.
MAX_STRINGS = 40


class ScholarRenderer(Renderer):
    """Render Google Scholar strings (several, each at most 256 characters)."""

    def render(self) -> Rendered:
        """Return one string per chunk combination of every search."""
        strings: list[str] = []
        for search in self.strategy.searches:
            strings.extend(self.split(search))
        if not strings:
            raise QueryError("nothing to render for Google Scholar: the strategy has no "
                             "searches.", "Add blocks and a [[searches]] entry.")
        if len(strings) > MAX_STRINGS:
            self.note(f"{len(strings)} Google Scholar strings are needed; only the first "
                      f"{MAX_STRINGS} are written. Give each block a short scholar = [...] "
                      "list of key terms.")
            strings = strings[:MAX_STRINGS]
        if len(strings) == 1:
            self.note(f"Google Scholar: 1 string of at most {MAX_CHARS} characters.")
        else:
            self.note(f"Google Scholar: {plural(len(strings), 'string')} of at most "
                      f"{MAX_CHARS} characters, one per line. Run each and combine the results.")
        self.note("Google Scholar may ignore brackets; the strings rely on OR binding "
                  "tighter than the spaces between groups (as in Google search).")
        if self.strategy.limits:
            self.note(f"Google Scholar: set {describe_limits(self.strategy.limits)} in the "
                      "interface (years in the left-hand menu; no language limit).")
        for line in self.platform.notes:
            self.note(line)
        return Rendered(self.platform.id, strings, self.notes)

    def plain_terms(self, block: Block) -> list[str]:
        """Return the block's Google Scholar terms: its scholar list, else its terms bare."""
        if block.scholar:
            raw = list(block.scholar)
        else:
            raw = [self.bare(t) for t in block.terms]
            if any(t.has_wildcard for t in block.terms):
                self.note("Google Scholar has no truncation: truncated terms are written as "
                          "their stems (e.g. spiritu* as spiritu); give blocks a scholar list.")
        seen: set[str] = set()
        out = []
        for text in raw:
            quoted = f'"{text}"' if re.search(r"[\s\-]", text) else text
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(quoted)
        return out

    @staticmethod
    def bare(term: Term) -> str:
        """Return a term without wildcards."""
        return re.sub(r"[*?$]", "", term.text).strip()

    def entry_terms(self, entry: str | list[str]) -> list[str]:
        """Return the terms of an entry (several blocks ORed: their terms together)."""
        names = [entry] if isinstance(entry, str) else entry
        terms: list[str] = []
        for name in names:
            terms.extend(t for t in self.plain_terms(self.strategy.blocks[name])
                         if t not in terms)
        return terms

    def split(self, search: Search) -> list[str]:
        """Return the search as strings within the limit, halving the widest chunk."""
        chunks = [[self.entry_terms(e)] for e in search.all]
        minus = " ".join(f"-{t}" for n in search.none if isinstance(n, str)
                         for t in self.plain_terms(self.strategy.blocks[n]))
        if any(isinstance(n, list) for n in search.none):
            self.note("Google Scholar cannot remove 'A but not B' (e.g. animal-only) records: "
                      "that exclusion is left out; screen them out instead.")
        while True:
            strings = [self.join(combo, minus) for combo in itertools.product(*chunks)]
            too_long = [s for s in strings if len(s) > MAX_CHARS]
            if not too_long or len(strings) > MAX_STRINGS * 4:
                break
            i, j = max(((i, j) for i, entry in enumerate(chunks) for j, _ in enumerate(entry)),
                       key=lambda ij: len(" OR ".join(chunks[ij[0]][ij[1]])))
            widest = chunks[i][j]
            if len(widest) == 1:
                self.note(f"Search {search.name!r} does not fit in {MAX_CHARS} characters even "
                          "with one term per block: shorten its terms.")
                break
            half = len(widest) // 2
            chunks[i][j:j + 1] = [widest[:half], widest[half:]]
        return strings

    @staticmethod
    def join(combo: tuple[list[str], ...], minus: str) -> str:
        """Return one string: each chunk's terms ORed, chunks side by side (ANDed)."""
        parts = [(" OR ".join(c) if len(c) == 1 else "(" + " OR ".join(c) + ")") for c in combo]
        return " ".join(parts + ([minus] if minus else []))
