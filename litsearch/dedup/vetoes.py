"""The known traps of deduplication, as a table of vetoes.

A *hard* veto makes a pair distinct whatever else agrees (an erratum is never its
article). A *soft* veto stops an automatic merge but sends a pair that is
otherwise a clear duplicate to manual review (two DOIs may be a typo).
Each veto names a real example; ``tests/data/dedup`` holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .comparison import Comparison
from .settings import DedupSettings


@dataclass(frozen=True)
class Veto:
    """One rule that keeps two similar records apart.

    Attributes:
        name: Short name, written to ``dedup_pairs.rule`` as ``veto:<name>``.
        hard: True: the pair is distinct. False: a would-be merge goes to review.
        description: What the trap is.
        example: A real pair it keeps apart.
        applies: Returns True when the veto holds for a compared pair.
    """

    name: str
    hard: bool
    description: str
    example: str
    applies: Callable[[Comparison, DedupSettings], bool]


def _notice(c: Comparison, s: DedupSettings) -> bool:
    if c.a.notice == c.b.notice:
        return False
    # A notice is printed in a later issue; one at the very same place is the same item.
    same_place = c.page and c.volume and c.issue is not False
    # So is one PMID, or one DOI without contradicting pages: publishers retitle the
    # retracted paper itself ("RETRACTED: ..."), while a notice has its own DOI.
    same_item = c.pmid or (c.doi and c.page is not False)
    return not (same_place or same_item)


def _part(c: Comparison, s: DedupSettings) -> bool:
    if c.a.part and c.b.part and c.a.part != c.b.part:
        return True
    na, nb = set(c.a.numbers), set(c.b.numbers)
    # A truncated title may lose numbers; only numbers that contradict count. At the same
    # volume, page and year they are a typo ("p6INK4a" / "p16(INK4a)", "10 000" / "10000"):
    # two parts are never printed at one place.
    if c.placed and c.volume and c.year_gap == 0:
        return False
    return bool(na and nb and not (na <= nb or nb <= na))


def _preprint(c: Comparison, s: DedupSettings) -> bool:
    return c.a.preprint != c.b.preprint and not s.merge_preprints


def _pages(c: Comparison, s: DedupSettings) -> bool:
    # With one DOI the pages may be an article number vs a page count: see _doi_pages.
    if c.page is not False or c.doi:
        return False
    return not _online_first(c) and not _same_volume_twin(c, s)


def _online_first(c: Comparison) -> bool:
    """Online-first records number pages from 1 and have no volume yet."""
    return any(p.page == "1" and not p.volume for p in (c.a, c.b))


def _same_volume_twin(c: Comparison, s: DedupSettings) -> bool:
    """Same title, authors, year and volume: a typo'd page, or an erratum filed under the
    original title. Only a reviewer can tell.

    One record may lack the volume when the journals agree (a meeting abstract whose
    volume landed in the issue field).
    """
    return bool((c.volume or (c.volume is None and c.journal)) and c.year_gap == 0
                and c.doi is not False and c.a.conference == c.b.conference
                and c.title is not None and c.title >= s.title_strict
                and c.authors is not None and c.authors >= s.author_merge)


def _pages_in_volume(c: Comparison, s: DedupSettings) -> bool:
    return c.page is False and not c.doi and not _online_first(c) and _same_volume_twin(c, s)


def _shared_doi(c: Comparison, s: DedupSettings) -> bool:
    return (c.doi is True and c.title is not None and c.title < s.title_review
            and not (c.placed or c.prefix))


def _generic(c: Comparison, s: DedupSettings) -> bool:
    if not (c.a.generic or c.b.generic):
        return False
    return not (c.doi or c.pmid or (c.page and (c.volume or c.year_gap == 0)))


def _script(c: Comparison, s: DedupSettings) -> bool:
    return c.a.latin != c.b.latin and not (c.doi or c.pmid)


def _conference(c: Comparison, s: DedupSettings) -> bool:
    return (c.a.conference != c.b.conference and c.journal is not True
            and not (c.doi or c.pmid or c.placed))


def _conference_journal(c: Comparison, s: DedupSettings) -> bool:
    # An abstract printed in a supplement of the same journal may be the same abstract
    # (one database does not mark it) or the abstract of a later paper: ask.
    return (c.a.conference != c.b.conference and c.journal is True
            and not (c.doi or c.pmid or c.placed))


def _other_meeting(c: Comparison) -> bool:
    """Two conference abstracts from different venues (other journal, or other meeting)."""
    if not (c.a.conference and c.b.conference) or c.doi or c.pmid:
        return False
    meetings = c.a.meeting and c.b.meeting and c.a.meeting != c.b.meeting
    return bool(c.journal is False or meetings)


def _meetings(c: Comparison, s: DedupSettings) -> bool:
    # The same abstract given at two meetings is two records (PRISMA counts both). Without
    # pages on both, venue names alone prove nothing: "AMCIS 2017 Proceedings" is the
    # "Americas Conference on Information Systems".
    return _other_meeting(c) and c.page is False


def _meetings_unplaced(c: Comparison, s: DedupSettings) -> bool:
    # One abstract placed in a journal's supplement, the other in another venue without
    # pages: nothing places them together, so title, authors and year cannot merge them.
    # (Neither placed, venue names alone say little: "AMCIS 2017 Proceedings" is the
    # "Americas Conference on Information Systems".)
    return (_other_meeting(c) and c.page is None
            and bool(c.a.pages.first or c.b.pages.first))


def _year(c: Comparison, s: DedupSettings) -> bool:
    return c.year_gap is not None and c.year_gap > s.max_year_gap


def _doi(c: Comparison, s: DedupSettings) -> bool:
    # Two well-formed DOIs (the trust step blanks any other) that differ are two works.
    # DOIs of successive issues differ by one character ("...1222280200" / "...280300"),
    # so nearness says nothing of a typo.
    return c.doi is False


def _pmid(c: Comparison, s: DedupSettings) -> bool:
    return c.pmid is False


def _doi_pages(c: Comparison, s: DedupSettings) -> bool:
    return c.page is False and c.doi is True and not _online_first(c)


def _volume(c: Comparison, s: DedupSettings) -> bool:
    return c.volume is False


#: Every veto, checked in this order; the first that holds names the decision.
VETOES: tuple[Veto, ...] = (
    Veto("notice", True, "an erratum, correction, addendum, retraction, expression of concern, "
         "reply or comment vs the paper", "'Ecologically-oriented neurorehabilitation of "
         "memory…' vs '…: Correction' (Brain Inj 2011 / 2013)", _notice),
    Veto("part", True, "Part I vs Part II, or titles whose numbers contradict",
         "'Désingularisation de métriques d'Einstein. I' vs '. II'", _part),
    Veto("preprint", True, "a preprint vs its published version (dedup.merge_preprints)",
         "ICIS 2018 'Gender Wage Gap in Online Gig Economy…' vs its SSRN copy (10.2139/…)",
         _preprint),
    Veto("meetings", True, "the same abstract at two meetings: other journal or meeting, "
         "other pages", "one abstract (same title, authors, year) in 'Circulation. "
         "Conference: Resuscitation Science Symposium' and in another meeting's supplement",
         _meetings),
    Veto("pages", True, "different first pages (one guideline in two journals, same title "
         "another year)", "the 2012 ACS/ASCCP/ASCP cervical screening guideline in two "
         "journals", _pages),
    Veto("shared-doi", True, "one DOI on different titles (supplement or book DOI)",
         "abstracts of one supplement sharing its DOI", _shared_doi),
    Veto("generic-title", True, "a title that names a kind of item ('Editorial')",
         "115 different 'Editorial' records in the digital-work set", _generic),
    Veto("script", True, "titles in different scripts cannot be compared",
         "a Ukrainian title vs an English one", _script),
    Veto("conference", True, "a conference abstract or paper vs a journal article",
         "conference paper vs its later journal version (bib-dedupe special cases)",
         _conference),
    Veto("doi", True, "two different well-formed DOIs", "'Special Section - Competitive "
         "Strategy, Economics, and Information Systems' in two J Manag Inf Syst issues", _doi),
    Veto("meetings-unplaced", False, "abstracts at two venues, only one with pages",
         "an abstract on page S825 of one journal's supplement vs the same title in another "
         "journal's conference abstracts, no pages", _meetings_unplaced),
    Veto("year", False, "years further apart than dedup.max_year_gap",
         "'Corticosteroids in … tuberculous pleurisy' Chest 1988 vs Chest 1996", _year),
    Veto("pmid", False, "two different PMIDs (PubMed indexes one item once)",
         "a recurring column ('Gateways to clinical trials') under one title in two issues "
         "of one volume", _pmid),
    Veto("conference-journal", False, "a conference abstract vs an article in the same journal "
         "(a one-page or supplement item of the same year, title and authors is the abstract "
         "itself and merges)", "'Activation of complement during liver transplantation…' "
         "in 'Scand J Immunol. Conference: 39th Meeting…' vs a several-page paper of the title",
         _conference_journal),
    Veto("pages-in-volume", False, "same title, authors, year and volume but another first page",
         "'Perinatal asphyxia may present with features of neonatal atypical HUS' Pediatr "
         "Nephrol 22(9):1514 vs 22(12):2129 (an erratum filed under the original title)",
         _pages_in_volume),
    Veto("doi-pages", False, "one DOI but different first pages (supplement abstracts, or an "
         "article number vs a page)", "'Effects of incretin…' p51 vs 'The effects of "
         "incretin…' p52, both doi 10.1002/dmrr.2604", _doi_pages),
    Veto("volume", False, "different volumes", "'Defining two prognostic groups of metastatic "
         "gastric cancer: FLOT3 trial…' in two volumes", _volume),
)

VETOES_BY_NAME = {v.name: v for v in VETOES}


def vetoes_for(c: Comparison, settings: DedupSettings) -> list[Veto]:
    """Return the vetoes that hold for a compared pair, in table order."""
    return [v for v in VETOES if v.applies(c, settings)]
