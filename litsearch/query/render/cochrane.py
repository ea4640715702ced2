"""Cochrane Library: ``(…):ti,ab,kw``, ``[mh "X"]``, NEXT for truncated phrases."""

from __future__ import annotations

from ..model import Heading, Term
from .base import Renderer


class CochraneRenderer(Renderer):
    """Render for the Cochrane Library's Search Manager."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return ``(a OR b):ti,ab,kw`` (no suffix for all text)."""
        code = self.platform.fields[fld]
        if not code:
            return [self.term(t) for t in terms]
        return [f"{self.or_group([self.term(t) for t in terms])}:{code}"]

    def next_op(self, within: int) -> str:
        """Return ``NEXT`` (adjacent, in order); NEXT/n is not documented everywhere."""
        if within:
            self.note("Cochrane's NEXT/n is listed by some guides only: test it in Search "
                      "Manager.")
            return f"NEXT/{within}"
        return "NEXT"

    def near_op(self, within: int) -> str:
        """Return ``NEAR/n`` (bare NEAR means NEAR/6) for n words between."""
        self.note("Cochrane documents NEAR/n as 'within n words' without saying how it "
                  "counts: NEAR/n is written for at most n words between; check a hit.")
        return f"NEAR/{within}"

    def heading(self, heading: Heading) -> str:
        """Return ``[mh "X"]`` or ``[mh ^"X"]``; Cochrane has no major-topic flag."""
        if heading.major:
            self.note(f"Cochrane has no major-topic search: {heading.name!r} is searched "
                      "as any heading.")
        return f'[mh {"" if heading.explode else "^"}"{heading.name}"]'
