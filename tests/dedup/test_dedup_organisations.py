"""A corporate author written as its acronym in one export and in full in another.

Guidelines and reports of the WHO, NICE or the CDC reach a review from PubMed (the
collective-author field, CN, in full) and from Embase, Scopus or a grey-literature
search (often the acronym). Read as family names, "who" and "organization" compare as
different authors and keep the copies apart.
"""

from __future__ import annotations

import pytest

from litsearch import normalise as norm
from litsearch.dedup.names import author_names
from litsearch.dedup.normalise import prepare
from litsearch.dedup.organisations import ORGANISATIONS, organisation
from litsearch.dedup.pipeline import find_pairs
from litsearch.dedup.settings import DedupSettings
from litsearch.models import Author, Record


@pytest.mark.parametrize(("cell", "key"), [
    ("WHO", "who"),
    ("W.H.O.", "who"),
    ("World Health Organization", "who"),
    ("World Health Organisation", "who"),
    ("The World Health Organization", "who"),
    ("World Health Organization (WHO)", "who"),
    ("Centers for Disease Control and Prevention", "cdc"),
    ("National Institute for Health and Clinical Excellence", "nice"),  # NICE before 2013
    ("U.S. Food and Drug Administration", "fda"),
    ("Who", ""),                      # a family name in mixed case is not the acronym
    ("APA", ""),                      # psychiatric or psychological: not in the table
    ("World Heart Federation", ""),
    ("WHO Collaborating Group on Diabetes Prevention Trials", ""),  # a group of its own
])
def test_an_organisation_is_read_under_one_key_whichever_way_it_is_written(cell, key):
    assert organisation(cell) == key


def test_every_row_of_the_table_reads_as_its_own_acronym():
    for acronym, names, source in ORGANISATIONS:
        assert source, acronym
        assert organisation(acronym) == acronym.lower()
        for name in names:
            assert organisation(name) == acronym.lower(), name


def test_the_acronym_and_the_full_name_are_the_same_author():
    assert author_names(norm.authors(["WHO"]))[0] == ["who"]
    assert author_names(norm.authors(["World Health Organization"]))[0] == ["who"]
    # A full name of six words is not judged an unreadable run-together list.
    cdc = prepare(Record(title="x", authors=norm.authors(
        ["Centers for Disease Control and Prevention"])))
    assert cdc.authors == ("cdc",) and cdc.untrusted == ()
    assert author_names([Author(family="Who", initials="A", raw="Who A")])[0] == ["who"]


def test_otherwise_identical_reports_by_who_and_by_the_world_health_organization_merge():
    # A report found in two places: no journal, volume or pages to agree on, so the
    # authors decide (the case the acronym made distinct).
    fields = dict(title="Guidelines for the management of symptomatic sexually transmitted "
                        "infections", year=2021, publication_types=["Report"])
    a = prepare(Record(**fields, database="pubmed",
                       authors=norm.authors(["World Health Organization"])))
    b = prepare(Record(**fields, database="google-scholar", authors=norm.authors(["WHO"])))
    (pair,) = find_pairs([a, b], DedupSettings())
    assert pair.outcome == "merged"


def test_different_organisations_still_count_against_a_merge():
    fields = dict(title="Annual report on antimicrobial resistance surveillance", year=2020)
    a = prepare(Record(**fields, authors=norm.authors(["WHO"])))
    b = prepare(Record(**fields, authors=norm.authors(["European Centre for Disease "
                                                       "Prevention and Control"])))
    assert a.authors == ("who",) and b.authors == ("ecdc",)
    (pair,) = find_pairs([a, b], DedupSettings()) or (None,)
    assert pair is None or pair.outcome != "merged"
