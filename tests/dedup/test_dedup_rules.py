"""Recall rules added after reading the misses on the labelled sets, each on a real pair.

The pairs (``tests/data/dedup/rule_pairs.csv``) are true duplicates the matcher used
to miss, plus guards that the looser readings stay inside one volume.
"""

from __future__ import annotations

import dataclasses

import pytest
from dedup_fixtures import RULE_PAIRS, load_pairs

from litsearch.dedup.match import MERGE_RULES, classify, compare
from litsearch.dedup.names import split_author_list
from litsearch.dedup.normalise import fold, prepare
from litsearch.dedup.pages import page_relation, parse_pages
from litsearch.dedup.settings import DedupSettings
from litsearch.dedup.text import title_parts
from litsearch.models import Author, Record

CASES = load_pairs(RULE_PAIRS)
BY_CASE = {c["case"]: c for c in CASES}


def _classify(a, b):
    return classify(compare(prepare(a), prepare(b)), DedupSettings())


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_real_pair_is_classified_as_expected(case):
    outcome, rule, _score = _classify(case["a"], case["b"])
    assert (outcome, rule) == (case["expected_outcome"], case["expected_rule"])
    # Symmetric: the order of the two records never changes the decision.
    assert _classify(case["b"], case["a"])[:2] == (outcome, rule)


def test_translation_rule_is_in_the_rule_table():
    assert "translation+placement" in {name for name, _ in MERGE_RULES}


def test_translated_title_needs_the_same_volume_and_authors():
    case = BY_CASE["translation"]
    other_volume = dataclasses.replace(case["b"], volume="163")
    assert _classify(case["a"], other_volume)[0] != "merged"
    strangers = dataclasses.replace(case["b"], authors=case["b"].authors[:1] + [
        Author(family="Miller", initials="K"), Author(family="Okafor", initials="N")])
    assert _classify(case["a"], strangers)[0] != "merged"


def test_untranslated_titles_that_differ_stay_apart():
    # Same place, same authors, but neither title is marked as a translation.
    case = BY_CASE["translation"]
    plain = dataclasses.replace(case["b"], title="Narcotic mushrooms with LSD?")
    assert _classify(case["a"], plain)[1] != "translation+placement"


def test_title_parts_marks_translations():
    assert title_parts("[Narcotic mushrooms with LSD?]") == ("Narcotic mushrooms with LSD?", True)
    assert title_parts("Synthesis of psilocybin (Japanese)") == ("Synthesis of psilocybin", True)
    assert title_parts("Crowdwork: Applying a relational inequality theory [Arbeiten in der "
                       "Crowd: Perspektiven der Theorie]")[1]
    assert title_parts("Eculizumab in aHUS [Erratum appears in N Engl J Med. 2009]") == (
        "Eculizumab in aHUS", False)
    assert title_parts("Outcome of HIV (type 1) infection") == (
        "Outcome of HIV (type 1) infection", False)


def test_page_readings():
    assert parse_pages("233", "238+230-235+246-251").starts == ("233", "230", "246")
    assert parse_pages("230", "5, 246-51, 233-8").last == "235"
    assert not parse_pages("2297", "2108").valid
    assert parse_pages("a1754", None).elocator
    assert not parse_pages("S85", None).elocator
    assert parse_pages("106482", None, "10.1016/j.chb.2020.106482").elocator
    # Six digits is no printed page: an article number without its letter or a DOI.
    assert parse_pages("0141234", None).elocator and parse_pages("106482", None).elocator
    assert not parse_pages("38245", "38251").elocator  # J Biol Chem prints 5-digit pages


def test_two_article_numbers_of_one_volume_are_two_papers():
    # Found by the 1M synthetic corpus (benchmarks/results/dedup-scale.md): in a journal of
    # article numbers, "e52018" and "241535" were read as an article number beside a print
    # page (unknown), and the volume, implied by journal and year, placed a title with
    # another drug (0.92 alike) and the same lone first author as the same paper.
    from litsearch import normalise as norm
    from litsearch.dedup.normalise import prepare
    from litsearch.dedup.pipeline import find_pairs
    from litsearch.dedup.settings import DedupSettings
    from litsearch.models import Record

    journal = "Neuropsychiatric Disease Reports"
    a = Record(title="Long-term outcomes of sertraline treatment in treatment-resistant "
               "depression", year=2018, database="embase", journal=journal, volume="14",
               start_page="e52018", doi="10.5555/ndr.2018.378512",
               authors=norm.authors(["Tran, J W", "Taylor, E"]))
    b = Record(title="Long-term outcomes of aripiprazole treatment in treatment-resistant "
               "depression.", year=2018, database="psycinfo", journal=journal, volume="14",
               start_page="241535", authors=norm.authors(["Tran, J W"]))
    assert "merged" not in {r.outcome for r in find_pairs([prepare(a), prepare(b)],
                                                          DedupSettings())}


@pytest.mark.parametrize(("x", "y", "same_volume", "expected"), [
    (("2141", "2147"), ("2142", "2147"), True, None),      # same last page, both multi-page
    (("678", "684"), ("676", "682"), True, None),          # shifted by a typo, 5 pages shared
    (("499", "711"), ("510", "511"), True, False),         # a supplement's range vs one abstract
    (("569", None), ("567", "569"), True, None),           # a range cut to its last page
    (("2297", "2108"), ("2097", "2108"), True, None),      # reversed range: first page typo
    (("e12724", None), ("1", "6"), True, None),            # article number vs PDF pages
    (("e12724", None), ("1", "6"), False, False),          # ... only within one volume
    (("100", "110"), ("110", "120"), True, False),         # adjacent papers (Part I / II)
    (("2141", "2147"), ("2142", "2147"), False, False),
    (("233", "238+230-235"), ("230", "5, 246-51"), False, True),  # one item in pieces
    (("516", "542"), ("147", "172"), True, False),
    (("e0137960", None), ("0141234", None), True, False),  # two PLoS article numbers
    (("e0137960", None), ("0137960", None), True, True),   # one, with and without its "e"
    (("106482", None), ("1", "10"), True, None),           # Elsevier number vs PDF pages
])
def test_page_relation(x, y, same_volume, expected):
    assert page_relation(parse_pages(*x), parse_pages(*y), same_volume) is expected


def test_lost_letters_keep_a_name_whole():
    assert fold("Ta?a?aj") == "taaaj"
    assert fold("Why? Because") == "why because"


def test_author_list_in_one_field_is_split():
    names = split_author_list(Author(family="Barrett FS", raw="Barrett FS, Carbonaro TM, "
                                                             "Hurwitz E, Johnson MW"))
    assert [a.family for a in names] == ["Barrett", "Carbonaro", "Hurwitz", "Johnson"]
    one = Author(family="Smith", given="John", raw="Smith, John")
    assert split_author_list(one) == [one]
    assert prepare(BY_CASE["author-list-in-one-field"]["a"]).authors[:2] == (
        "barrett", "carbonaro")


def test_issue_number_in_the_volume_field_is_an_issue():
    a = prepare(BY_CASE["issue-in-volume-field"]["a"])
    assert (a.volume, a.issue) == ("", "92")


def test_a_lone_author_with_another_initial_is_another_person():
    # Synthetic 100k corpus: "Johnson WG" (one author listed) vs "Johnson RR, Johnson RM,
    # Zhao L, ..." had the same title, journal and year but were different works.
    from litsearch.dedup.match import author_similarity

    real = BY_CASE["translation"]["a"]  # Stahl E., Brombeer J., Eskes D.
    same = dataclasses.replace(real, authors=[Author(family="Stahl", initials="E")])
    other = dataclasses.replace(real, authors=[Author(family="Stahl", initials="K")])
    assert author_similarity(prepare(real), prepare(same)) == 1.0
    assert author_similarity(prepare(real), prepare(other)) == 0.0
    # Different family names are left to the fuzzy ratio, initials or not.
    bouros = dataclasses.replace(real, authors=[Author(family="Bouros", initials="D")])
    assert author_similarity(prepare(other), prepare(bouros)) > 0.0


def test_queued_pairs_are_explained_in_words():
    from litsearch.dedup.queue import explain

    year = BY_CASE["year-gap-review"]
    rule = _classify(year["a"], year["b"])[1]
    assert explain(rule).startswith("would merge (title+authors+locator), but years")
    assert "other wording" in explain("review:placement")
    assert explain("something-new") == "something-new"


def test_one_title_on_one_page_by_other_authors_is_queued_not_merged():
    # ASySD's WoS export (zotero_export.ris): two WoS records, one title, one author each,
    # J Small Anim Pract 45(4):222-222, no DOI (a letter and another letter or reply).
    a = Record(title="Primary secretory otitis media in Cavalier King Charles spaniels",
               authors=[Author(family="Rusbridge", initials="C")], year=2004,
               journal="JOURNAL OF SMALL ANIMAL PRACTICE", volume="45", issue="4",
               start_page="222", end_page="222")
    b = dataclasses.replace(a, authors=[Author(family="Stern-Bertholtz", initials="W")])
    outcome, rule, _ = classify(compare(prepare(a), prepare(b)), DedupSettings())
    assert (outcome, rule) == ("review", "review:one-page")
    # On a page range two papers cannot share, a group author against a person still merges.
    c = dataclasses.replace(a, start_page="1383", end_page="1392")
    d = dataclasses.replace(c, authors=[Author(family="ASCUS-LSIL Triage Study Group")])
    assert classify(compare(prepare(c), prepare(d)), DedupSettings())[:2] == (
        "merged", "title+placement")


def test_one_first_page_in_two_issues_of_a_volume_is_not_one_place_in_print():
    # Found by the 300k synthetic corpus (benchmarks/results/dedup-scale.md): journals
    # that number pages per issue reuse them, so page 371 of issue 6 and of issue 2 are
    # two places. With "Vermeulen, Thomas" read swapped as matching first author "Thomas",
    # two works with other titles merged as "authors+placement".
    from litsearch import normalise as norm
    from litsearch.dedup.normalise import prepare
    from litsearch.dedup.pipeline import find_pairs
    from litsearch.dedup.settings import DedupSettings
    from litsearch.models import Record

    journal = "Journal of Recovery in Mental Health"
    a = Record(title="'Where do I belong?': Existential distress in people with bipolar "
               "disorder after hospital discharge", year=2022, database="psycinfo",
               journal=journal, volume="15", issue="6", start_page="371", end_page="376",
               authors=norm.authors(["Vermeulen, Thomas"]))
    b = Record(title="The role of existential distress in the recovery of service users in "
               "residential care", year=2022, database="scopus", journal=journal, volume="15",
               issue="2", start_page="371", end_page="381", doi="10.5555/s31928-22-153278-6",
               authors=norm.authors(["Thomas, Anna", "Clark, Peter"]))
    assert "merged" not in {r.outcome for r in find_pairs([prepare(a), prepare(b)],
                                                          DedupSettings())}
