"""Europe PMC: ``TITLE:(…) OR ABSTRACT:(…)``, ``MESH:"X"``, ``PUB_YEAR:[… TO …]``."""

from __future__ import annotations

import re

from ..model import Heading, Limits, Term
from .base import Renderer

#: Europe PMC's LANG codes (ISO 639-2).
LANGUAGE_CODES = {"english": "eng", "dutch": "dut", "german": "ger", "french": "fre",
                  "spanish": "spa"}


class EuropePmcRenderer(Renderer):
    """Render for Europe PMC's search (web and REST ``query``)."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return one ``FIELD:(…)`` item per field; no prefix for all fields."""
        inner = self.or_group([self.term(t) for t in terms])
        codes = self.platform.fields[fld].split()
        if not codes:
            return [self.term(t) for t in terms]
        if not inner.startswith("("):
            inner = f"({inner})"
        return [f"{code}:{inner}" for code in codes]

    def wildcard_phrase(self, term: Term) -> str:
        """AND the words of a truncated phrase (broader; noted)."""
        if not any(n.startswith("Europe PMC cannot truncate") for n in self.notes):
            self.note(f"Europe PMC cannot truncate inside a phrase: truncated phrases such as "
                      f"{term.text!r} are written as their words ANDed (broader).")
        words = re.split(r"[\s\-]+", term.text)
        return "(" + " AND ".join(self.wild(w) for w in words) + ")"

    def proximity(self, term: Term) -> str:
        """Return ``"a b"~n`` (Lucene proximity; unconfirmed for Europe PMC).

        Quotes take no wildcards here, so a truncated proximity term is written as
        its words ANDed (broader; noted).
        """
        if term.has_wildcard:
            self.note(f"Europe PMC takes no wildcards inside quotes: the proximity term "
                      f"{term.text!r} is written as its words ANDed (broader).")
            return "(" + " AND ".join(self.wild(w) for w in term.near) + ")"
        self.note("Europe PMC proximity (\"a b\"~n) is not confirmed by the sources we "
                  "hold: check the hit count.")
        return f'"{self.wild(term.text)}"~{term.within}'

    def heading(self, heading: Heading) -> str:
        """Return ``MESH:"X"`` (Europe PMC does not explode MeSH)."""
        return f'MESH:"{heading.name}"'

    def limits(self, limits: Limits) -> list[str]:
        """Return ``PUB_YEAR:[FROM TO TO]``, ``LANG:`` and ``PUB_TYPE:`` clauses."""
        out = []
        if limits.year_from or limits.year_to:
            out.append(f"PUB_YEAR:[{limits.year_from or 1800} TO {limits.year_to or 3000}]")
        if limits.languages:
            out.append(self.or_group([f'LANG:"{LANGUAGE_CODES.get(x, x)}"'
                                      for x in limits.languages]))
        if limits.publication_types:
            out.append(self.or_group([f'PUB_TYPE:"{x}"' for x in limits.publication_types]))
        return out
