"""PubMed: a tag on every term, left-to-right reading, ``[tiab:~n]`` proximity."""

from __future__ import annotations

from ..model import Heading, Limits, Term
from .base import Renderer


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
            if any(" " in w for w in term.near):
                self.note(f"PubMed proximity reads every word on its own: the phrases in "
                          f"{term.near!r} are not kept together.")
            if term.has_wildcard:
                self.note("Whether PubMed accepts wildcards inside a proximity phrase is "
                          f"unconfirmed: check {term.text!r}.")
            return f'"{self.wild(term.text)}"[{tag}:~{term.within}]'
        self.check_truncation(term)
        if "-" in term.text and not term.has_wildcard and \
                not any(n.startswith("PubMed looks phrases up") for n in self.notes):
            self.note(f"PubMed looks phrases up in its phrase index: a hyphenated one missing "
                      f"from it (e.g. {term.text!r}) loses its quotes or finds nothing; "
                      "check the run's warnings (QuotedPhraseNotFound) and QueryTranslation.")
        return f"{self.term(term)}[{tag}]"

    def check_truncation(self, term: Term) -> None:
        """Note what PubMed cannot truncate: inside a word or phrase, or a short stem."""
        words = term.text.replace("-", " ").split()
        for i, word in enumerate(words):
            cut = next((k for k, c in enumerate(word) if c in "*?$"), None)
            if cut is None:
                continue
            if cut < self.platform.min_truncation:
                self.note(f"PubMed needs at least {self.platform.min_truncation} characters "
                          f"before *: {term.text!r} is refused or ignored; write the words "
                          "out or use a longer stem.")
            if cut < len(word) - 1 or i < len(words) - 1:
                self.note(f"PubMed truncates only at the end of a term or phrase: "
                          f"{term.text!r} does not work as written; write the variants out.")

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
            out.append(self.or_group([f"{x}[la]"
                                      for x in limits.languages]))
        if limits.publication_types:
            out.append(self.or_group([f'"{x}"[pt]' for x in limits.publication_types]))
        return out
