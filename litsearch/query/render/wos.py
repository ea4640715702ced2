"""Web of Science: ``TS=(…)``, ``NEAR/n`` counting n between, ``PY=``, ``LA=``."""

from __future__ import annotations

from ..model import Limits, Term
from .base import Renderer


class WosRenderer(Renderer):
    """Render for Web of Science advanced search."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return ``TS=(a OR b)``: the field code takes a bracketed group."""
        inner = self.or_group([self.term(t) for t in terms])
        if not inner.startswith("("):  # or_group brackets several; one bracketed term stays
            inner = f"({inner})"
        return [f"{self.platform.fields[fld]}={inner}"]

    def quote(self, term: Term) -> str:
        """Return a quoted phrase (WoS's help allows no ``$`` inside quotes)."""
        if "$" in term.text:
            self.note(f"Web of Science does not accept $ inside quotes: {term.text!r} is "
                      "written with * instead (broader).")
            return f'"{self.wild(term.text.replace("$", "*"))}"'
        return super().quote(term)

    def next_op(self, within: int) -> str:
        """Return ``NEAR/n``: WoS has no ordered proximity."""
        self.note("Web of Science has no ordered proximity: NEAR/n matches either order.")
        return f"NEAR/{within}"

    def limits(self, limits: Limits) -> list[str]:
        """Return ``PY=(FROM-TO)``, ``LA=(…)`` and ``DT=(…)`` clauses."""
        out = []
        if limits.year_from or limits.year_to:
            out.append(f"PY=({limits.year_from or 1900}-{limits.year_to or self.year})")
            if not limits.year_to:
                self.note(f"The year range ends at {self.year}: render again next year.")
        if limits.languages:
            out.append("LA=(" + " OR ".join(x.capitalize() for x in limits.languages) + ")")
        if limits.publication_types:
            out.append("DT=(" + " OR ".join(f'"{x}"' for x in limits.publication_types) + ")")
        return out
