"""Scopus: ``TITLE-ABS-KEY(…)``, ``{…}`` exact phrases, ``W/n``, ``AND NOT``."""

from __future__ import annotations

import re

from ..model import Limits, Term
from .base import Renderer

#: A Scopus document-type code (DOCTYPE(ar), reference/queries.md §2.7).
DOCTYPE_CODE = re.compile(r"[a-z]{2}")


class ScopusRenderer(Renderer):
    """Render for Scopus advanced search."""

    NOT = "AND NOT"

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return ``TITLE-ABS-KEY(a OR b)``."""
        items = [self.term(t) for t in terms]
        if len(items) == 1 and items[0].startswith("("):  # already bracketed: no ((…))
            return [f"{self.platform.fields[fld]}{items[0]}"]
        return [f"{self.platform.fields[fld]}({f' {self.OR} '.join(items)})"]

    def quote(self, term: Term) -> str:
        """Return ``{exact phrase}`` for exact terms, else a loose ``"phrase"``.

        Scopus reads ``*`` and ``?`` inside ``{…}`` literally, so an exact term with a
        wildcard is written as a loose phrase (noted).
        """
        if term.exact and not term.has_wildcard:
            return "{" + term.text + "}"
        if term.exact:
            self.note(f"Scopus reads wildcards in {{…}} literally: {term.text!r} is written "
                      "as a loose phrase \"…\" (plurals and spelling variants match too).")
        return f'"{self.wild(term.text)}"'

    def next_op(self, within: int) -> str:
        """Return ``PRE/n`` (n words between, in order)."""
        return f"PRE/{within}"

    def near_op(self, within: int) -> str:
        """Return ``W/n`` (n words between, either order)."""
        return f"W/{within}"

    def limits(self, limits: Limits) -> list[str]:
        """Return ``PUBYEAR``, ``LANGUAGE(…)`` and ``DOCTYPE(…)`` clauses."""
        out = []
        if limits.year_from:
            out.append(f"PUBYEAR > {limits.year_from - 1}")
        if limits.year_to:
            out.append(f"PUBYEAR < {limits.year_to + 1}")
        if limits.languages:
            out.append("LANGUAGE(" + " OR ".join(limits.languages) + ")")
        if limits.publication_types:
            names = [x for x in limits.publication_types if not DOCTYPE_CODE.fullmatch(x)]
            if names:
                self.note("Scopus DOCTYPE() takes two-letter codes (ar article, re review, cp "
                          f"conference paper…): {', '.join(map(repr, names))} is written as "
                          "given and finds nothing there; write the code in the strategy or "
                          "in queries/scopus.txt.")
            out.append("DOCTYPE(" + " OR ".join(limits.publication_types) + ")")
        return out
