"""Normalisers shared by every importer: identifiers, names, languages, pages."""

from __future__ import annotations

import doctest

import pytest

from litsearch import normalise
from litsearch.models import Author


def test_doctests() -> None:
    result = doctest.testmod(normalise)
    assert result.attempted > 10 and result.failed == 0


@pytest.mark.parametrize("raw, family, initials", [
    ("Smith, John A.", "Smith", "JA"),
    ("Smith JA", "Smith", "JA"),
    ("Smith J.A.", "Smith", "JA"),
    ("Liu R.", "Liu", "R"),
    ("Vollenweider F.X.", "Vollenweider", "FX"),
    ("Brownstein C D", "Brownstein", "CD"),
    ("van der Berg, M.", "van der Berg", "M"),
    ("van der Berg M", "van der Berg", "M"),
    ("M. van der Berg", "van der Berg", "M"),
    ("Jean-Pierre Dupont", "Dupont", "JP"),
    ("Smith, J.-P.", "Smith", "JP"),
    ("World Health Organization", "World Health Organization", ""),
])
def test_author_forms(raw: str, family: str, initials: str) -> None:
    got = normalise.author(raw)
    assert isinstance(got, Author)
    assert (got.family, got.initials) == (family, initials)
    assert got.raw == raw


@pytest.mark.parametrize("raw, want", [
    ("https://doi.org/10.1000/ABC", "10.1000/abc"),
    ("http://dx.doi.org/10.1000/x.y", "10.1000/x.y"),
    ("doi: 10.1000/abc.", "10.1000/abc"),
    ("10.1000%2Fabc", "10.1000/abc"),
    ("https://dx.doi.org/10.1016/S0140-6736%2820%2930183-5", "10.1016/s0140-6736(20)30183-5"),
    ("see 10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2",
     "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2"),
    ("no doi here", None),
    ("", None),
])
def test_doi(raw: str, want: str | None) -> None:
    assert normalise.doi(raw) == want


def test_identifiers_languages_pages() -> None:
    assert normalise.pmid("PMID: 00123") == "123"
    assert normalise.pmid("0") is None
    assert normalise.pmcid("pmc 12345") == "PMC12345"
    assert normalise.year("Spring 2019") == 2019 and normalise.year("n.d.") is None
    assert normalise.language("Dutch; English") == "nl; en"  # every language counts
    assert normalise.language("Klingon") == "klingon"
    assert normalise.pages("1661\u201370") == ("1661", "1670")
    assert normalise.pages("e0123") == ("e0123", None)
    assert normalise.text("  a \n b ") == "a b" and normalise.text(" ") is None


@pytest.mark.parametrize("raw", ["et al.", "et al.,", "Et Al", "and others", "u. a.", "[...]"])
def test_et_al_is_not_an_author(raw: str) -> None:
    """A cut author list's marker (EndNote writes "et al.," as an author) is nobody's name."""
    assert normalise.author(raw) is None
    assert [a.family for a in normalise.authors(["Walsh DS", raw])] == ["Walsh"]
