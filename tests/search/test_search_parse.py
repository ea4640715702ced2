"""Reading ESearch and EFetch answers, recorded and hand-made (tests/data/eutils)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.search.parse import PubMedSearchError, parse_efetch, parse_esearch
from litsearch.search.transport import MalformedResponse


def test_real_esearch_answer(eutils_data: Path) -> None:
    result = parse_esearch((eutils_data / "esearch_biopython.xml").read_bytes())
    assert result.count == 63 and len(result.ids) == 20 and result.ids[0] == "41282813"
    assert result.translation == '"biopython"[All Fields]'
    assert result.messages == [] and result.webenv is None


def test_history_server_fields(eutils_data: Path) -> None:
    result = parse_esearch((eutils_data / "esearch_history.xml").read_bytes())
    assert result.query_key == "19" and result.webenv.startswith("NCID_1_")
    assert result.ids == ["48526533", "22347799"]


def test_phrase_not_found_is_kept_not_hidden(eutils_data: Path) -> None:
    result = parse_esearch((eutils_data / "esearch_phrase_not_found.xml").read_bytes())
    assert result.count == 0
    assert result.messages == [("PhraseNotFound", "abcXYZ"), ("OutputMessage", "No items found.")]
    lines = result.message_lines()
    assert lines[0].startswith("PhraseNotFound: abcXYZ (term matched nothing")
    assert lines[1] == "OutputMessage: No items found."


def test_every_warning_kind_and_translation_set(eutils_data: Path) -> None:
    result = parse_esearch((eutils_data / "esearch_warnings.xml").read_bytes())
    assert [k for k, _ in result.messages] == ["FieldNotFound", "QuotedPhraseNotFound",
                                                 "PhraseIgnored"]
    assert result.translations[0][0] == "spirituality"
    assert "quotes were ignored" in result.message_lines()[1]


def test_top_level_error_raises_instead_of_zero_hits(eutils_data: Path) -> None:
    with pytest.raises(PubMedSearchError, match="could not run the search: Search Backend"):
        parse_esearch((eutils_data / "esearch_error.xml").read_bytes())


def test_malformed_answer(eutils_data: Path) -> None:
    with pytest.raises(MalformedResponse, match="not well-formed"):
        parse_esearch((eutils_data / "esearch_malformed.xml").read_bytes())
    with pytest.raises(MalformedResponse):
        parse_esearch(b"<html>busy</html>")


@pytest.mark.parametrize(("name", "fmt"), [("efetch_synthetic.xml", "xml"),
                                           ("efetch_synthetic.medline", "medline")])
def test_efetch_records_are_pubmed_records(eutils_data: Path, name: str, fmt: str) -> None:
    records = parse_efetch((eutils_data / name).read_bytes(), fmt)
    assert [r.pmid for r in records] == ["30000000", "30000001"]
    assert all(r.database == "pubmed" for r in records)
    assert records[0].title.startswith("Synthetic study 0 of")
    assert records[0].doi == "10.9999/synth.30000000"
    assert records[0].authors and records[0].year == 2010


def test_efetch_cut_short_or_error(eutils_data: Path) -> None:
    data = (eutils_data / "efetch_synthetic.xml").read_bytes()
    with pytest.raises(MalformedResponse, match="ends before"):
        parse_efetch(data[:-200], "xml")
    with pytest.raises(PubMedSearchError, match="UID=abc"):
        parse_efetch(b"<?xml version='1.0'?>\n<eFetchResult><ERROR>Invalid UID=abc"
                     b"</ERROR></eFetchResult>", "xml")
    empty = b'<?xml version="1.0" ?>\n<PubmedArticleSet></PubmedArticleSet>\n'
    assert parse_efetch(empty, "xml") == []


@pytest.mark.parametrize("count", ["\u00b2", "\u0663", "1,234"])
def test_count_that_is_no_ascii_number_is_malformed_not_a_traceback(count: str) -> None:
    """'²'.isdigit() is true and int('²') raises ValueError."""
    data = f"<eSearchResult><Count>{count}</Count><RetMax>0</RetMax><RetStart>0</RetStart>" \
        "<IdList/></eSearchResult>"
    with pytest.raises(MalformedResponse, match="is not a number of records"):
        parse_esearch(data.encode())
