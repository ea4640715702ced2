"""Each veto keeps a real pair apart (and real true duplicates still merge)."""

from __future__ import annotations

import dataclasses

import pytest
from dedup_fixtures import load_pairs

from litsearch.dedup.match import classify, compare
from litsearch.dedup.normalise import clean_title, fold, notice_kind, part_number, prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.dedup.vetoes import VETOES, VETOES_BY_NAME
from litsearch.errors import ConfigError

CASES = load_pairs()


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_real_pair_is_classified_as_expected(case):
    a, b = prepare(case["a"]), prepare(case["b"])
    outcome, rule, _score = classify(compare(a, b), DedupSettings())
    assert (outcome, rule) == (case["expected_outcome"], case["expected_rule"])
    if case["case"] in VETOES_BY_NAME:
        assert VETOES_BY_NAME[case["case"]].applies(compare(a, b), DedupSettings())


def test_every_veto_has_a_real_example():
    names = {c["case"] for c in CASES}
    # shared-doi has no real false pair in the labelled sets, and script needs a title
    # in another script than its pair's; both are tested below from real records. The
    # labelled sets carry no PMIDs and no corpus file holds one title under two PMIDs, so
    # pmid is tested in test_dedup_membership_evidence.py on a built pair. No labelled set
    # holds two abstracts at two venues of which only one has pages (meetings-unplaced):
    # test_dedup_trust.py builds one from the field's shapes.
    assert {v.name for v in VETOES} - names == {"shared-doi", "script", "pmid",
                                                "meetings-unplaced"}


def test_preprint_merges_when_configured(pairs):
    a, b = prepare(pairs["preprint"]["a"]), prepare(pairs["preprint"]["b"])
    settings = DedupSettings.from_config({"dedup": {"merge_preprints": True}})
    assert classify(compare(a, b), settings)[0] == "merged"


def test_shared_supplement_doi_does_not_merge_different_titles(pairs):
    # Two real different abstracts given one supplement DOI, as in dedup.md §5.3.
    a = dataclasses.replace(pairs["notice"]["a"], doi="10.1002/dmrr.2604", start_page=None)
    b = dataclasses.replace(pairs["pages"]["a"], doi="10.1002/dmrr.2604", start_page=None,
                            year=a.year)
    outcome, rule, _ = classify(compare(prepare(a), prepare(b)), DedupSettings())
    assert (outcome, rule) == ("distinct", "veto:shared-doi")


def test_non_latin_titles_are_never_emptied(pairs):
    a, b = pairs["non-latin"]["a"], pairs["non-latin"]["b"]
    assert fold(a.title) and fold(b.title)
    assert fold(a.title) != fold(b.title)
    english = dataclasses.replace(
        a, title="Employment and work motivation in the information economy: "
                 "transformation and interrelation", start_page=None)
    c = compare(prepare(a), prepare(english))
    assert VETOES_BY_NAME["script"].applies(c, DedupSettings())
    assert classify(c, DedupSettings())[0] == "distinct"


def test_normaliser_strips_database_annotations():
    assert clean_title("Eculizumab for aHUS.[Erratum appears in N Engl J Med. 2009 Jun 4;"
                       "360(23):2481]") == "Eculizumab for aHUS."
    assert clean_title("Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol 360, pg 542, "
                       "2009)") == "Eculizumab for Atypical Hemolytic-Uremic Syndrome"
    assert clean_title("<i>PTSD</i> in veterans") == "PTSD in veterans"
    assert notice_kind("Response to cisplatin in ovarian cancer") == ""
    assert notice_kind("Erratum to - How do requirements evolve over time?") == "erratum"
    assert part_number("Linomide in relapsing MS: Part I: Trial design") == 1


def test_settings_reject_unknown_keys_and_bad_values():
    with pytest.raises(ConfigError, match=r"unknown key .title_treshold. in \[dedup\]"):
        DedupSettings.from_config({"dedup": {"title_treshold": 0.9}})
    with pytest.raises(ConfigError, match="dedup.title_merge"):
        DedupSettings.from_config({"dedup": {"title_merge": 1.5}})
    assert DedupSettings.from_config({"dedup": {"max_year_gap": 2}}).max_year_gap == 2
