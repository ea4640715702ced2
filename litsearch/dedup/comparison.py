"""Two records compared field by field: what agrees, what conflicts, what is unknown.

Read by the merge rules (:mod:`litsearch.dedup.match`) and the vetoes
(:mod:`litsearch.dedup.vetoes`); a module of its own so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalise import Prepared


def issue_match(a: Prepared, b: Prepared) -> bool | None:
    """Compare issue numbers and supplements; None when neither pair of values is known.

    "Suppl. 1" and "S1" are one supplement; issue 10 and issue 10 supplement 1 are
    not contradicted (one database drops the supplement), nor are issue 3 and an
    unnumbered "Suppl".
    """
    numbers = (a.issue, b.issue) if a.issue and b.issue else None
    supplements = (a.supplement, b.supplement) if a.supplement and b.supplement else None
    if numbers and numbers[0] != numbers[1]:
        return False
    if supplements and supplements[0] != supplements[1] and "S" not in supplements:
        return False
    if numbers or supplements:
        return True
    return None


@dataclass(slots=True)
class Comparison:
    """How two prepared records compare. ``None`` means "not known for both".

    Attributes:
        title: Title similarity (0-1), None when a title is missing.
        prefix: One title opens or ends the other (a truncated title, lost subtitle or lead-in).
        authors: Author-list similarity over the shorter list (0-1), None when one has none.
        year_gap: Absolute year difference.
        doi, pmid, volume, page, issue: True equal, False different, None unknown
            (``page`` is None too when the pages can be read as one item: see
            :func:`~litsearch.dedup.pages.page_relation`).
        end_page: True when both give the same last page.
        journal: True when the containers are the same journal (abbreviations allowed).
        accession: True when both carry the same worldwide-unique accession number.
    """

    a: Prepared
    b: Prepared
    title: float | None
    prefix: bool
    authors: float | None
    year_gap: int | None
    doi: bool | None
    pmid: bool | None
    volume: bool | None
    page: bool | None
    issue: bool | None
    journal: bool | None
    end_page: bool | None = None
    accession: bool = False

    @property
    def placed(self) -> bool:
        """True when first page and volume (or journal) agree: one place in print.

        Not one first page in two issues: journals that number pages per issue reuse
        them (a whole page range that agrees still places the pair).
        """
        if not self.page or (self.issue is False and self.end_page is not True) \
                or self.a.abstract_page or self.b.abstract_page:
            return False
        # Page 1 without a volume is a placeholder (online-first, conference default).
        return bool(self.volume or (self.journal and self.a.page != "1"))

    @property
    def locators(self) -> int:
        """Count agreeing locators: DOI, volume, first page, issue, journal."""
        return sum(1 for x in (self.doi, self.volume, self.page, self.issue, self.journal)
                   if x is True)
