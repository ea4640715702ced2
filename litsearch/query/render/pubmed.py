"""PubMed: a tag on every term, left-to-right reading, ``[tiab:~n]`` proximity."""

from __future__ import annotations

from ..model import Heading, Limits, Term
from .base import Renderer

#: PubMed's language names for ``[la]`` (it also accepts most English names).
LANGUAGE_NAMES = {"english": "english", "dutch": "dutch", "german": "german",
                  "french": "french", "spanish": "spanish"}


class PubMedRenderer(Renderer):
    """Render for PubMed (and the E-utilities ``term``)."""

    def field_items(self, fld: str, terms: list[Term]) -> list[str]:
        """Tag every term: PubMed cannot put a field on a bracketed group."""
        if fld == "ab":
            self.note("PubMed has no abstract-only field: 'ab' is searched as [tiab].")
        tag = self.platform.fields[fld]
        return [self.tagged(t, tag) for t in terms]

    def tagged(self, term: Term, tag: str) -> str:
        """Return one term with its field tag."""
        if term.near:
            if tag not in ("ti", "tiab"):
                self.note(f"PubMed proximity works in [ti] and [tiab] only: {term.text!r} "
                          "is searched in [tiab].")
                tag = "tiab"
            if term.ordered:
                self.note(f"PubMed proximity has no word order: {term.text!r} matches "
                          "either order.")
            if term.has_wildcard:
                self.note("Whether PubMed accepts wildcards inside a proximity phrase is "
                          f"unconfirmed: check {term.text!r}.")
            return f'"{self.wild(term.text)}"[{tag}:~{term.within}]'
        return f"{self.term(term)}[{tag}]"

    def heading(self, heading: Heading) -> str:
        """Return ``"X"[mh]``, ``[mh:noexp]``, ``[majr]`` or ``[majr:noexp]``."""
        tag = "majr" if heading.major else "mh"
        return f'"{heading.name}"[{tag}{"" if heading.explode else ":noexp"}]'

    def limits(self, limits: Limits) -> list[str]:
        """Return ``FROM:TO[dp]``, ``[la]`` and ``[pt]`` clauses."""
        out = []
        if limits.year_from or limits.year_to:
            # 3000 is PubMed's usual open end: the range then never needs updating.
            out.append(f"{limits.year_from or 1800}:{limits.year_to or 3000}[dp]")
        if limits.languages:
            out.append(self.or_group([f"{LANGUAGE_NAMES.get(x, x)}[la]"
                                      for x in limits.languages]))
        if limits.publication_types:
            out.append(self.or_group([f'"{x}"[pt]' for x in limits.publication_types]))
        return out
