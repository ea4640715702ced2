"""EBSCOhost (CINAHL, APA PsycINFO): ``TI (…) OR AB (…)``, ``(MH "X+")``, ``Nn``."""

from __future__ import annotations

from ..model import Heading, Limits, Term
from .base import Renderer


class EbscoRenderer(Renderer):
    """Render for EBSCOhost advanced search."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Return one ``TI (…)`` item per field code (EBSCO has no combined ti/ab code)."""
        inner = self.or_group([self.term(t) for t in terms])
        if not inner.startswith("("):
            inner = f"({inner})"
        return [f"{code} {inner}" for code in self.platform.fields[fld].split()]

    def wild(self, text: str) -> str:
        """Translate wildcards; EBSCO drops a ``?`` that ends a word, so say so."""
        out = super().wild(text)
        if any(w.endswith("?") for w in out.split()):
            self.note(f"EBSCO drops a ? at the end of a word: {out!r} does not find the "
                      "extra character there; use # (zero or one) or write the variants.")
        return out

    def next_op(self, within: int) -> str:
        """Return ``Wn`` (n words between, in order)."""
        return f"W{within}"

    def near_op(self, within: int) -> str:
        """Return ``Nn`` (n words between, either order)."""
        return f"N{within}"

    def heading(self, heading: Heading) -> str:
        """Return ``(MH "X+")`` on CINAHL, ``(DE "X")`` on APA PsycINFO."""
        if self.platform.vocabulary == "apa":
            if heading.explode:
                self.note("APA Thesaurus headings on EBSCO: DE does not explode; tick "
                          "'Explode' in the thesaurus where narrower terms are wanted.")
            return f'({"MJ" if heading.major else "DE"} "{heading.name}")'
        code = "MM" if heading.major else "MH"
        return f'({code} "{heading.name}{"+" if heading.explode else ""}")'

    def limits(self, limits: Limits) -> list[str]:
        """Return ``DT FROM-TO``, ``LA (…)`` and ``PT (…)`` clauses."""
        out = []
        if limits.year_from or limits.year_to:
            out.append(f"DT {limits.year_from or 1900}-{limits.year_to or self.year}")
            self.note("EBSCO: the DT FROM-TO year range is not confirmed by the vendor help "
                      "we hold; if it is refused or finds nothing, delete it and set "
                      "'Published Date' in the Limiters panel instead.")
        if limits.languages:
            out.append("LA (" + " OR ".join(x.capitalize() for x in limits.languages) + ")")
        if limits.publication_types:
            out.append("PT (" + " OR ".join(f'"{x}"' for x in limits.publication_types) + ")")
        return out
