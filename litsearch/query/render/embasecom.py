"""embase.com: ``'…'`` phrases, ``(…):ti,ab``, ``'x'/exp``, ``NEAR/n`` counting n-1."""

from __future__ import annotations

from ..model import Heading, Limits, Term
from .base import Renderer


class EmbaseComRenderer(Renderer):
    """Render for embase.com (Elsevier)."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return ``(a OR b):ti,ab`` (no suffix for all fields)."""
        code = self.platform.fields[fld]
        inner = self.or_group([self.term(t) for t in terms])
        if not code:
            return [self.term(t) for t in terms]
        return [f"{inner}:{code}"]

    def quote(self, term: Term) -> str:
        """Return a phrase in single quotes."""
        return f"'{self.wild(term.text)}'"

    def near_op(self, within: int) -> str:
        """Return ``NEAR/n`` with n = words between + 1 (NEAR/1 is adjacent)."""
        return f"NEAR/{within + 1}"

    def heading(self, heading: Heading) -> str:
        """Return ``'x'/exp``, ``'x'/de``, or with ``/mj`` for a major focus."""
        kind = "exp" if heading.explode else "de"
        return f"'{heading.name.lower()}'/{kind}{'/mj' if heading.major else ''}"

    def limits(self, limits: Limits) -> list[str]:
        """Return ``[FROM-TO]/py``, ``[lang]/lim`` and ``'type'/it`` clauses."""
        out = []
        if limits.year_from or limits.year_to:
            out.append(f"[{limits.year_from or 1900}-{limits.year_to or self.year}]/py")
            if not limits.year_to:
                self.note(f"The year range ends at {self.year}: render again next year.")
        if limits.languages:
            out.append(self.or_group([f"[{x}]/lim"
                                      for x in limits.languages]))
        if limits.publication_types:
            out.append(self.or_group([f"'{x}'/it" for x in limits.publication_types]))
        return out
