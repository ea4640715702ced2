"""What every renderer shares: the layout of blocks, searches and limits.

A platform module subclasses :class:`Renderer` and overrides the small pieces that
differ (term spelling, field groups, headings, limits, operators). The layout
brackets every group explicitly, because platforms disagree on precedence
(PubMed and embase.com read left to right, Scopus ORs first, WoS NOTs first).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ...errors import QueryError
from ..model import Block, Heading, Limits, Search, Strategy, Term
from ..platforms import Platform
from ..tokens import tokenize

_HEADING_CHECK = ("Subject headings are written in this platform's syntax but not mapped "
                  "between vocabularies: check each one in its thesaurus.")


@dataclass
class Rendered:
    """The result of rendering a strategy for one platform.

    Attributes:
        platform: The platform's id.
        strings: The strings to paste (one, except for Google Scholar).
        notes: What to check or set by hand on the platform.
    """

    platform: str
    strings: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The file content: the strings, one per line."""
        return "\n".join(self.strings) + "\n"


class Renderer:
    """Render a strategy for one platform; subclasses override the spelling."""

    AND, OR, NOT = "AND", "OR", "NOT"

    def __init__(self, platform: Platform, strategy: Strategy, year: int | None = None) -> None:
        self.platform = platform
        self.strategy = strategy
        self.year = year or _dt.date.today().year
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        """Add a note once."""
        if text not in self.notes:
            self.notes.append(text)

    # Layout -------------------------------------------------------------------
    def render(self) -> Rendered:
        """Return the platform's string(s) and notes.

        Raises:
            QueryError: The strategy has no searches, or none can be written here.
        """
        searches = [s for s in (self.search(s) for s in self.strategy.searches) if s]
        if not searches:
            raise QueryError(f"nothing to render for {self.platform.label}: the strategy "
                             "has no searches with terms this platform can search.",
                             "Add blocks with free-text terms and a [[searches]] entry.")
        body = searches[0] if len(searches) == 1 else \
            f" {self.OR} ".join(f"({s})" for s in searches)
        limits = self.limits(self.strategy.limits)
        text = f" {self.AND} ".join([f"({body})", *limits]) if limits else body
        for line in self.platform.notes:
            self.note(line)
        return Rendered(self.platform.id, [text], self.notes)

    def search(self, search: Search) -> str:
        """Return one search: its entries ANDed, its NOT blocks removed."""
        entries = [e for e in (self.entry(e) for e in search.all) if e]
        text = f" {self.AND} ".join(entries)
        removed = [r for r in (self.exclusion(n) for n in search.none) if r]
        if removed:
            minus = removed[0] if len(removed) == 1 else \
                "(" + f" {self.OR} ".join(removed) + ")"
            text = f"({text}) {self.NOT} {minus}" if len(entries) > 1 else \
                f"{text} {self.NOT} {minus}"
        return text

    def exclusion(self, entry: str | list[str]) -> str:
        """Return a NOT operand: a block, or a block minus others, bracketed."""
        if isinstance(entry, str):
            return self.block(self.strategy.blocks[entry])
        first, *rest = (self.block(self.strategy.blocks[n]) for n in entry)
        rest = [r for r in rest if r]
        if not first or not rest:
            return first
        return f"({first} {self.NOT} " + f" {self.NOT} ".join(rest) + ")"

    def entry(self, entry: str | list[str]) -> str:
        """Return a block, or several blocks ORed and bracketed ("" if none can be written)."""
        names = [entry] if isinstance(entry, str) else entry
        blocks = [b for b in (self.block(self.strategy.blocks[n]) for n in names) if b]
        if len(blocks) <= 1:
            return blocks[0] if blocks else ""
        return "(" + f" {self.OR} ".join(blocks) + ")"

    def block(self, block: Block) -> str:
        """Return a block: headings and field groups ORed, bracketed if several."""
        items = [self.heading(h) for h in self.headings(block)]
        groups: dict[str, list[Term]] = {}
        for term in block.terms:
            groups.setdefault(self.strategy.block_field(block, term), []).append(term)
        for fld, terms in groups.items():
            items.extend(self.field_items(fld, terms))
        if not items:
            self.note(f"Block {block.name!r} has only subject headings, which "
                      f"{self.platform.label} cannot search: the block is left out, so this "
                      "search is broader (or, for a NOT block, removes nothing).")
            return ""
        if len(items) == 1:
            return items[0]
        return "(" + f" {self.OR} ".join(items) + ")"

    def headings(self, block: Block) -> list[Heading]:
        """Pick the block's headings for this platform's vocabulary (flagged for a check)."""
        if not block.headings:
            return []
        vocab = self.platform.vocabulary
        if vocab is None:
            self.note(f"{self.platform.label} has no subject headings: block "
                      f"{block.name!r}'s headings are left out; its free-text terms remain.")
            return []
        if vocab in block.headings:
            chosen = block.headings[vocab]
        else:
            other = "mesh" if "mesh" in block.headings else next(iter(block.headings))
            chosen = block.headings[other]
            self.note(f"Block {block.name!r} has no {vocab} headings: its {other} headings "
                      f"are written in {self.platform.label} syntax. No tool maps {other} to "
                      f"{vocab}; look each one up and add {vocab} = [...] to the block.")
        self.note(_HEADING_CHECK)
        return chosen

    # Spelling (override) ------------------------------------------------------
    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return the OR-items for ``terms`` searched in generic field ``fld``."""
        code = self.platform.fields[fld]
        inner = self.or_group([self.term(t) for t in terms])
        return [f"{code}{inner}" if code else inner]

    def or_group(self, items: list[str]) -> str:
        """Return items ORed; bracketed when there are several."""
        return items[0] if len(items) == 1 else "(" + f" {self.OR} ".join(items) + ")"

    def term(self, term: Term) -> str:
        """Return a term in the platform's spelling (no field)."""
        if term.near:
            return self.proximity(term)
        if term.needs_quotes:
            if term.has_wildcard and not self.platform.phrase_wildcards:
                return self.wildcard_phrase(term)
            return self.quote(term)
        if self.is_operator(term.text):
            return self.quote(term)
        return self.wild(term.text)

    def is_operator(self, word: str) -> bool:
        """Whether the platform reads ``word`` written bare as an operator (N95 on EBSCO,
        where Nn is proximity; same on Web of Science; not on Ovid): it must be quoted."""
        return any(t.kind == "op" for t in tokenize(word, self.platform.family))

    def wild(self, text: str) -> str:
        """Translate generic wildcards into the platform's characters."""
        table = self.platform.wildcards
        out = "".join(table.get(c, c) for c in text)
        for generic in "?$":
            if generic in text and table[generic] in ("*", ""):
                self.note(f"{self.platform.label} has no "
                          f"{'single-character' if generic == '?' else 'zero-or-one'} "
                          f"wildcard: {text!r} is written as {out!r}.")
        return out

    def quote(self, term: Term) -> str:
        """Return a quoted phrase."""
        return f'"{self.wild(term.text)}"'

    def wildcard_phrase(self, term: Term) -> str:
        """Return a truncated phrase on a platform without phrase wildcards."""
        words = re.split(r"[\s\-]+", term.text)
        return "(" + f" {self.next_op(0)} ".join(self.wild(w) for w in words) + ")"

    def next_op(self, within: int) -> str:
        """Return the ordered-proximity operator for ``within`` words between."""
        return f"NEXT/{within + 1}"

    def near_op(self, within: int) -> str:
        """Return the unordered-proximity operator for ``within`` words between."""
        return f"NEAR/{within}"

    def proximity(self, term: Term) -> str:
        """Return a proximity term, bracketed."""
        op = self.next_op(term.within) if term.ordered else self.near_op(term.within)
        return "(" + f" {op} ".join(self.operand(w) for w in term.near) + ")"

    def operand(self, word: str) -> str:
        """Return one proximity operand: a word, or a phrase quoted as the platform needs."""
        return self.term(Term(word)) if " " in word or self.is_operator(word) \
            else self.wild(word)

    def heading(self, heading: Heading) -> str:
        """Return a subject heading."""
        return f'"{heading.name}"'

    def limits(self, limits: Limits) -> list[str]:
        """Return limit clauses to AND after the searches (and note what cannot be)."""
        if limits:
            self.note(f"{self.platform.label} has no limit syntax here: set "
                      f"{describe_limits(limits)} in the interface.")
        return []


def describe_limits(limits: Limits) -> str:
    """Return limits in words (for notes)."""
    parts = []
    if limits.year_from or limits.year_to:
        parts.append(f"years {limits.year_from or '…'}–{limits.year_to or 'present'}")
    if limits.languages:
        parts.append("languages " + ", ".join(limits.languages))
    if limits.publication_types:
        parts.append("publication types " + ", ".join(limits.publication_types))
    return "; ".join(parts)
