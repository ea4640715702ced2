"""Each trust rule on real-shaped field values, and what strong and weak evidence do.

The values are those real exports carry (Embase, Ovid, Scopus, WoS, ASySD's CSVs;
``shared/reference/dedup.md`` sections 4 and 5.8): a field that cannot be read for
what it claims is evidence of nothing, for a merge or a veto.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch import normalise as norm
from litsearch.dedup.match import classify, compare
from litsearch.dedup.normalise import prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.dedup.trust import (
    FIELD_VALUES,
    read_doi,
    read_fields,
    read_issue,
    read_journal,
    read_pages,
    read_volume,
)
from litsearch.dedup.vetoes import VETOES_BY_NAME
from litsearch.models import Author, Record
from litsearch.placeholders import LOCATORS
from litsearch.synth import generate_corpus


def _read(field: str, value: str) -> tuple[str, bool]:
    """What matching reads of one cell, and whether the cell is trusted."""
    if field == "volume" and "|" in value:
        reading = read_fields(doi=None, journal=None, volume="19", issue="70", start_page=None,
                              end_page=None, year=None)
        return reading.volume, not reading.untrusted
    if field == "volume":
        number, _supplement, ok = read_volume(value)
        return number, ok
    if field == "issue":
        number, supplement, ok = read_issue(value)
        return number + supplement, ok
    if field == "journal":
        journal, _meeting, ok = read_journal(value)
        return journal, ok
    if field == "doi":
        return read_doi(value)
    if field == "authors":
        prepared = prepare(Record(title="x", authors=norm.authors([value])))
        return " ".join(prepared.authors), f"authors={value}" not in prepared.untrusted
    first, _last, ok = read_pages(value, None)
    return first, ok


@pytest.mark.parametrize(("field", "value", "reads", "trusted"), FIELD_VALUES,
                         ids=[f"{f}:{v}" for f, v, _r, _t in FIELD_VALUES])
def test_every_real_shaped_value_is_worth_what_the_table_says(field, value, reads, trusted):
    assert _read(field, value) == (reads, trusted)


@given(st.sampled_from(sorted(LOCATORS)), st.sampled_from(["", " ", "  "]))
@settings(max_examples=60, deadline=None)
def test_a_placeholder_reads_like_an_empty_cell(placeholder, pad):
    value = pad + placeholder.upper() + pad
    filled = read_fields(doi=value, journal=value, volume=value, issue=value,
                         start_page=value, end_page=value, year=2019)
    empty = read_fields(doi=None, journal=None, volume=None, issue=None, start_page=None,
                        end_page=None, year=2019)
    assert filled == empty


def _abstract(**changes) -> Record:
    base = Record(
        title="Targeted temperature management after out-of-hospital cardiac arrest: "
              "a multicentre registry", year=2014,
        authors=[Author(family="Nielsen", initials="N"), Author(family="Friberg", initials="H")],
        journal="Circulation. Conference: Resuscitation Science Symposium", volume="130",
        issue="Suppl 2", start_page="A123", publication_types=["Conference Abstract"],
        database="embase")
    return dataclasses.replace(base, **changes)


def _decide(a: Record, b: Record) -> tuple[str, str]:
    outcome, rule, _ = classify(compare(prepare(a), prepare(b)), DedupSettings())
    return outcome, rule


def test_a_truncated_volume_beside_the_same_doi_title_and_authors_is_no_veto():
    # The Embase copy reads volume "1)" where MEDLINE has 61 (issue 14's first miss).
    a = Record(title="Hypothermia after cardiac arrest in children", year=2019,
               authors=[Author(family="Moler", initials="FW"), Author(family="Silverstein",
                                                                    initials="FS")],
               journal="Pediatric Critical Care Medicine", volume="61", issue="3",
               start_page="233", end_page="240",
               doi="http://dx.doi.org/10.1097/PCC.0000000000001%2829%29", database="embase")
    b = dataclasses.replace(a, volume="1)", doi="10.1097/pcc.0000000000001(29)",
                            database="pubmed")
    assert prepare(a).doi == prepare(b).doi
    assert "volume=1)" in prepare(b).untrusted
    assert _decide(a, b) == ("merged", "id:doi")


def test_strong_identity_outweighs_a_well_formed_but_different_volume():
    # Tafenoquine set: J Infect Dis 212 (Embase) vs 213 (MEDLINE), one DOI, title, authors.
    a = Record(title="Estimation of the antirelapse efficacy of tafenoquine, using "
                     "Plasmodium vivax genotyping", year=2016,
               authors=[Author(family="Beck", initials="HP"),
                        Author(family="Wampfler", initials="R")],
               journal="Journal of Infectious Diseases", volume="213", issue="5",
               start_page="794", end_page="799", doi="10.1093/infdis/jiv508")
    b = dataclasses.replace(a, volume="212", issue="11")
    assert _decide(a, b) == ("merged", "id:doi")
    # ... but not a well-formed different DOI: that proves two works.
    c = dataclasses.replace(b, doi="10.1093/infdis/jiv509")
    assert _decide(a, c) == ("distinct", "veto:doi")


def test_the_same_abstract_at_two_meetings_is_two_records():
    # Same title, authors and year; other journal and pages; the only agreeing locator
    # was a truncated volume (issue 14's false merge).
    a = _abstract(volume="1)")
    b = _abstract(journal="Resuscitation. Conference: European Resuscitation Council Congress",
                  volume="1)", issue="1 SUPPL. 1", start_page="S45")
    pa, pb = prepare(a), prepare(b)
    assert pa.volume == pb.volume == "" and pa.conference and pb.conference
    assert _decide(a, b) == ("distinct", "veto:meetings")
    assert VETOES_BY_NAME["meetings"].applies(compare(pa, pb), DedupSettings())


def test_an_abstract_placed_once_against_another_venue_is_queued_at_most():
    a = _abstract()
    b = _abstract(journal="Resuscitation Conference Abstracts", volume=None, issue=None,
                  start_page="[no pagination]")
    outcome, rule = _decide(a, b)
    assert outcome == "review" and rule.endswith("veto:meetings-unplaced")


def test_two_named_meetings_of_one_journal_without_pages_are_queued_not_merged():
    # Circulation prints the abstracts of the AHA Scientific Sessions and of the
    # Resuscitation Science Symposium: one title at both, pages missing and the volume
    # truncated to "1)", is two records unless a reviewer says otherwise.
    a = _abstract(journal="Circulation. Conference: American Heart Association Scientific "
                          "Sessions", volume="1)", issue=None, start_page=None)
    b = _abstract(volume="1)", issue=None, start_page=None)
    outcome, rule = _decide(a, b)
    assert outcome == "review" and rule.endswith("veto:meetings-unplaced")
    # The same meeting named by both copies still merges.
    assert _decide(b, dataclasses.replace(b, database="embase2"))[0] == "merged"


def test_the_same_abstract_with_and_without_the_conference_suffix_merges():
    a = _abstract()
    b = _abstract(journal="Circulation")
    assert _decide(a, b)[0] == "merged"


def test_conference_suffix_is_separated_and_marks_a_meeting_abstract():
    p = prepare(_abstract(publication_types=[]))
    assert p.journal == "circulation"
    assert p.meeting == "resuscitation science symposium"
    assert p.conference


def test_na_cells_are_no_evidence_either_way():
    a = Record(title="Psilocybin in long-term meditators", year=2017, volume="NA",
               issue="NA", start_page="NA", end_page="NA", doi="NA",
               authors=[Author(family="Barrett", initials="FS")])
    p = prepare(a)
    assert (p.volume, p.issue, p.page, p.doi, p.untrusted) == ("", "", "", "", ())


def test_supplement_notations_are_one_supplement():
    forms = [("10 SUPPL. 1", None), ("10", "Suppl. 1"), ("10", "Supplement 1"), ("10", "S1")]
    read = {(prepare(Record(title="x", volume=v, issue=i)).volume,
             prepare(Record(title="x", volume=v, issue=i)).supplement) for v, i in forms}
    assert read == {("10", "S1")}


def test_run_together_author_list_is_read_as_names():
    raw = "Adeli K.Lewis G. F."
    p = prepare(Record(title="x", authors=[Author(family=raw, raw=raw)]))
    assert p.authors == ("adeli", "lewis")


def test_year_split_over_volume_and_issue_is_read_as_the_year():
    # McKeown: "Cs.Neurol 19(68):394-399" with no year, the 1968 paper.
    p = prepare(Record(title="x", volume="19", issue="68", start_page="394", end_page="399"))
    assert (p.year, p.volume, p.issue) == (1968, "", "")
    assert set(p.untrusted) == {"volume=19", "issue=68"}


def test_messy_synthetic_corpus_carries_the_corruptions_and_keeps_works_apart():
    from litsearch.dedup import dedupe_records

    corpus = generate_corpus(600, seed=3, messy=True)
    records = [r for db in sorted(corpus) for r in corpus[db]]
    prepared = [prepare(r) for r in records]
    kinds = {note.partition("=")[0] for p in prepared for note in p.untrusted}
    assert "volume" in kinds
    assert any(str(r.doi or "").startswith("http") for r in records)
    assert any(p.meeting for p in prepared)
    assert any(r.extra.get("synth_trap") == "second-meeting" for r in records)
    gold = [r.extra["synth_work_id"] for r in records]
    for cluster in dedupe_records(records):
        assert len({gold[i] for i in cluster}) == 1


def test_the_same_journal_alone_does_not_place_two_similar_titles_together():
    # Synthetic 300k: one author's two papers in one journal and year, titles 0.90 alike
    # (here clozapine: 0.92).
    a = Record(title="Long-term outcomes of lithium treatment in obsessive-compulsive disorder",
               year=2007, authors=[Author(family="Pedersen", initials="K"),
                                   Author(family="Khan", initials="A")],
               journal="Journal of Clinical Psychopharmacology Research", volume="27",
               issue="8", start_page="1869", end_page="1879")
    b = Record(title="Long-term outcomes of clozapine treatment in obsessive-compulsive "
                     "disorder", year=2007, authors=[Author(family="Pedersen", initials="K")],
               journal="Journal of Clinical Psychopharmacology Research")
    assert _decide(a, b)[0] != "merged"
    # A near-equal title in the same journal still merges (a lost subtitle mark, a typo).
    c = dataclasses.replace(b, title=a.title + ".")
    assert _decide(a, c)[0] == "merged"
