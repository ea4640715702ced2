"""Correction, retraction and concern notices are recognised and never merged with their paper.

Titles marked "real" are copied from files in ``shared/data/dedup`` or ``shared/corpora``
(named beside each); the others put a publisher's documented prefix on a real title.
The real record pairs are rows ``notice-*`` of ``tests/data/dedup/veto_pairs.csv``.
"""

from __future__ import annotations

import dataclasses

import pytest
from dedup_fixtures import load_pairs

from litsearch.dedup.match import classify, compare
from litsearch.dedup.normalise import notice_kind, prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.dedup.text import clean_title

PAIRS = {p["case"]: p for p in load_pairs()}
PAPER = "A remarkable assemblage of petroglyphs and dinosaur footprints in Northeast Brazil"

NOTICES = [
    # Real: Springer Nature Scientific Reports correction (corpora csv/*citation-file-formatting*).
    (f"Author Correction: {PAPER}", "erratum"),
    (f"Publisher Correction: {PAPER}", "erratum"),
    (f"Publisher's Correction: {PAPER}", "erratum"),
    # Real, Embase's rendering of the same notice (corpora ris/embase__citation-file-formatting).
    (f"Erratum: Author Correction: {PAPER} (Scientific reports (2024) 14 1 DOI: "
     "10.1038/s41598-024-56479-3)", "erratum"),
    # Real, Scopus (corpora ris/scopus__revtools__restoration_scopus.ris).
    ("Corrigendum to “Building a Potential Wetland Restoration Indicator for the Contiguous "
     "United States” (Ecological Indicators (2017) 83 (463–473), (S1470160X17304351) "
     "(10.1016/j.ecolind.2017.07.026))", "erratum"),
    ("Correction to: Spatial and Temporal Variation in Brackish Wetland Seedbanks: "
     "Implications for Wetland Restoration Following Phragmites Control (Estuaries and Coasts, "
     "(2018), 41, S1, (68-84), 10.1007/s12237-017-0289-z)", "erratum"),
    # Real, PsycINFO via the digital-work set (row 6550).
    ("\"Rainmakers: Why bad weather means good productivity”: Correction to Lee et al. (2014).",
     "erratum"),
    # Real, WoS corrections: haematology row 20, corpora wos-tab (ScientoPy), zotero (ASySD).
    ("Severe deficiency of the specific von Willebrand factor-cleaving protease (ADAMTS 13) "
     "activity in a subgroup of children with atypical hemolytic uremic syndrome "
     "(vol 142, pg 310, 2003)", "erratum"),
    ("Is Bluetooth Low Energy feasible for mobile ticketing in urban passenger transport? "
     "(vol 5, 100120, 2020)", "erratum"),
    ("Magnetic resonance findings in a Cavalier King Charles spaniel with osteopetrosis, "
     "Chiari-like malformation and syringomyelia (vol 7, e000812, 2019)", "erratum"),
    # Real, Embase erratum citing its paper (haematology row 56).
    ("Eculizumab for atypical hemolytic-uremic syndrome (New England Journal of Medicine "
     "(2009) 360 (542-544))", "erratum"),
    # Publisher prefixes on a real title.
    (f"Corrigendum: {PAPER}", "erratum"),
    (f"Addendum: {PAPER}", "addendum"),
    (f"Retraction Note: {PAPER}", "retraction"),
    (f"Retraction Note to: {PAPER}", "retraction"),
    (f"Retraction notice to “{PAPER}” [Sci Rep 14 (2024) 6528]", "retraction"),
    (f"Notice of Retraction: {PAPER}", "retraction"),
    (f"Statement of Retraction: {PAPER}", "retraction"),
    (f"Retracted: {PAPER}", "retraction"),
    # Real: Elsevier's retitled paper (digital-work row 291).
    ("RETRACTED: Provider feedback information and customer choice decisions on "
     "crowdsourcing marketplaces: Evidence from two discrete choice experiments", "retraction"),
    (f"Expression of Concern: {PAPER}", "expression-of-concern"),
    (f"Editorial Expression of Concern: {PAPER}", "expression-of-concern"),
    (f"Editor's Note: {PAPER}", "editor-note"),
]

PAPERS = [
    PAPER,
    "Correction of hypoxaemia in COPD",
    "Response to cisplatin in ovarian cancer",
    "Retraction of the gingiva with aluminium chloride",
    # Real (corpora ris/ovid-psycinfo__citation-file-formatting): "addendum" inside a title.
    "Anxiety disorders interview schedule-autism addendum: reliability and validity in "
    "children with autism spectrum disorder",
    # Real (haematology row 17): parentheses that cite nothing.
    "Severe deficiency of the specific von Willebrand factor-cleaving protease (ADAMTS 13) "
    "activity in a subgroup of children with atypical hemolytic uremic syndrome",
    "Hallucinogens. V. Synthesis of psilocybin (Japanese)",
    "Handbook of paediatric nephrology (vol 2)",
    # Real (haematology row 63): Ovid notes the erratum on the paper itself.
    "Eculizumab for atypical hemolytic-uremic syndrome.[Erratum appears in N Engl J Med. "
    "2009 Jun 4;360(23):2487 Note: Philipp, Thomas [added]]",
]


@pytest.mark.parametrize(("title", "kind"), NOTICES, ids=[t[:40] for t, _ in NOTICES])
def test_publisher_and_database_notice_titles_are_recognised(title, kind):
    assert notice_kind(title) == kind


@pytest.mark.parametrize("title", PAPERS, ids=[t[:40] for t in PAPERS])
def test_paper_titles_are_no_notice(title):
    assert notice_kind(title) == ""


@pytest.mark.parametrize(("types", "kind"), [
    (["Journal Article", "Published Erratum"], "erratum"),       # PubMed
    (["Retraction of Publication"], "retraction"),              # PubMed
    (["Expression of Concern"], "expression-of-concern"),       # PubMed, WoS
    (["Comment"], "comment"),                                    # PubMed
    (["Erratum/Correction"], "erratum"),                         # PsycINFO
    (["Correction, Addition"], "erratum"),                       # WoS
    (["Retraction"], "retraction"),                              # WoS
    (["Journal Article", "Retracted Publication"], ""),          # PubMed: the paper itself
])
def test_database_publication_types_mark_notices(types, kind):
    assert notice_kind(PAPER, types) == kind


def test_wos_and_embase_citations_mark_the_notice_and_leave_the_papers_title():
    wos, embase = PAIRS["notice-wos-suffix"]["a"], PAIRS["notice-embase-citation"]["a"]
    original = PAIRS["notice-wos-suffix"]["b"]
    # The citation is stripped for comparison, so the notice's title equals its paper's ...
    assert prepare(wos).title == prepare(original).title
    assert clean_title(embase.title) == "Eculizumab for atypical hemolytic-uremic syndrome"
    # ... and it still marks the record as a notice.
    assert prepare(wos).notice == prepare(embase).notice == "erratum"


def test_author_correction_without_article_number_is_not_merged():
    # The real Scientific Reports pair, as an export without article numbers or DOIs
    # lists it: same authors, journal, volume and year.
    case = PAIRS["notice-author-correction"]
    notice = dataclasses.replace(case["a"], start_page=None, end_page=None, doi=None)
    paper = dataclasses.replace(case["b"], doi=None)
    outcome, rule, _ = classify(compare(prepare(notice), prepare(paper)), DedupSettings())
    assert (outcome, rule) == ("distinct", "veto:notice")


def test_retitled_retracted_paper_still_merges_with_its_other_records():
    # Elsevier puts "RETRACTED:" on the paper itself (digital-work row 291): its DOI
    # is the paper's, so a record of the same DOI is the same paper.
    title = ("RETRACTED: Provider feedback information and customer choice decisions on "
             "crowdsourcing marketplaces: Evidence from two discrete choice experiments")
    base = PAIRS["notice-author-correction"]["b"]
    retracted = dataclasses.replace(base, title=title, doi="10.1016/j.dss.2015.11.001",
                                    journal="Decision Support Systems", volume="82",
                                    start_page="1", end_page="11", year=2016)
    plain = dataclasses.replace(retracted, title=title.removeprefix("RETRACTED: "),
                                start_page=None, end_page=None)
    assert classify(compare(prepare(retracted), prepare(plain)), DedupSettings())[0] == "merged"
    # A retraction notice with its own DOI and page stays apart.
    notice = dataclasses.replace(plain, title=f"Retraction notice to “{plain.title}”",
                                 doi="10.1016/j.dss.2016.01.001", start_page="120")
    outcome, rule, _ = classify(compare(prepare(retracted), prepare(notice)), DedupSettings())
    assert outcome == "distinct"
