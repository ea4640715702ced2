"""Ovid (MEDLINE, Embase, PsycINFO): ``(… or …).ti,ab.``, ``exp X/``, ``ADJn``."""

from __future__ import annotations

from ..model import Heading, Limits, Term
from .base import Renderer


class OvidRenderer(Renderer):
    """Render for Ovid's one-line search box."""

    AND, OR, NOT = "and", "or", "not"

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return ``(a or b).ti,ab.``: Ovid takes a field on a bracketed group."""
        return [f"{self.or_group([self.term(t) for t in terms])}.{self.platform.fields[fld]}."]

    def next_op(self, within: int) -> str:
        """Return ``adj`` (adjacent, in order); Ovid has no ordered window."""
        if within:
            self.note(f"Ovid has no ordered proximity: ADJ{within + 1} matches either order.")
            return f"adj{within + 1}"
        return "adj"

    def near_op(self, within: int) -> str:
        """Return ``adjN`` with N = words between + 1 (Ovid counts n-1 between)."""
        return f"adj{within + 1}"

    def heading(self, heading: Heading) -> str:
        """Return ``exp X/``, ``X/``, ``exp *X/`` or ``*X/``."""
        return f"{'exp ' if heading.explode else ''}{'*' if heading.major else ''}{heading.name}/"

    def limits(self, limits: Limits) -> list[str]:
        """Return the language and publication-type clauses; years need ``limit``."""
        out = []
        if limits.languages:
            out.append(f"{self.or_group(limits.languages)}.lg.")
        if limits.publication_types:
            quoted = [f'"{x}"' for x in limits.publication_types]
            out.append(f"{self.or_group(quoted)}.pt.")
        if limits.year_from or limits.year_to:
            years = f"{limits.year_from or 1900}-{limits.year_to or 'Current'}"
            self.note(f"Ovid: run this line, then limit it by year with "
                      f"'limit N to yr=\"{years}\"' (N = the line's number); Ovid's limit "
                      "command needs a line number, so the string cannot hold it.")
        return out
