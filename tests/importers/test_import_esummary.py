"""PubMed ESummary XML (legacy DocSum and version 2.0) imports; ESearch XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.errors import ImportFormatError
from litsearch.importers import load, loads
from litsearch.project import Project
from litsearch.store.records import iter_records

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
OTHER = Path("corpora") / "other"
ESEARCH_FILES = [  # (file, IDs in it, Count)
    ("pubmed-esearch__biopython__esearch1.xml", 20, 63),
    ("pubmed-esearch__biopython__esearch2.xml", 100, 42249),
    ("pubmed-esearch__biopython__esearch3.xml", 6, 2651),
    ("pmc-esearch__biopython__esearch5.xml", 5, 5),
]


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


def test_legacy_docsums_map_every_field() -> None:
    path = DATA / "esummary_legacy.xml"
    result = load(path)
    assert result.format == "esummary-xml" and result.read == 2 and result.warned == 1
    first, second = result.records
    assert first.title == "Sleep and screens in adolescents: a cohort study."
    assert [(a.family, a.initials) for a in first.authors] == [
        ("Müller", "K"), ("O'Brien", "S"), ("Hambrick", "GW"), ("Sleep Health Study Group", "")]
    assert first.authors[2].raw == "Hambrick GW Jr"
    assert (first.journal, first.volume, first.issue, first.start_page) == (
        "Journal of sleep research", "30", "2", "e13001")
    assert (first.year, first.doi, first.pmid, first.pmcid) == (
        2021, "10.1111/jsr.13001", "33000001", "PMC7000001")
    assert (first.issn, first.language) == ("0962-1105", "en")
    assert first.publication_types == ["Journal Article", "Research Support, Non-U.S. Gov't"]
    assert first.abstract is None and not first.warnings  # ESummary has no abstracts
    assert first.database == "pubmed"
    assert first.extra["journal_abbreviation"] == "J Sleep Res"
    assert first.original.startswith("<DocSum>") and "33000001" in first.original
    assert first.line == _line_of(path, "<Id>33000001</Id>") - 1
    # No title: kept, with the warning every reader gives; DOI found in ELocationID.
    assert second.title is None and second.warnings == ["no title"]
    assert (second.doi, second.start_page, second.end_page, second.language) == (
        "10.1016/j.sleh.2019.01.001", "101", "109", "de")
    assert [r.position for r in result.records] == [1, 2]
    # The DocSum for an unknown uid is not a record: skipped with a note naming it.
    assert any("DocSum 3" in n and "line" in n and "cannot get document summary" in n
               for n in result.notes)


def test_version_2_document_summaries() -> None:
    path = DATA / "esummary_v2.xml"
    result = load(path)
    assert result.format == "esummary-xml" and result.read == 2
    first, second = result.records
    # Escaped HTML in the title is flattened; editors are not authors.
    assert first.title.startswith("Genetic association between the dopamine D1-receptor gene")
    assert [a.display() for a in first.authors] == [
        "Yao J", "Ding M", "Schizophrenia Genetics Consortium"]
    assert (first.pmid, first.doi, first.pmcid, first.year) == (
        "24790447", "10.2147/ndt.s61227", "PMC4003149", 2014)
    assert (first.start_page, first.end_page, first.issue) == ("645", "652", None)
    assert first.source_record_id == "24790447" and first.line == _line_of(path, 'uid="24790447"')
    # Real inline markup is flattened too; an empty PubDate falls back to SortPubDate.
    assert second.title == ("Pharmacological mechanisms underlying the association of "
                            "antipsychotics with metabolic disorders.")
    assert second.year == 2014 and second.publication_types == ["Journal Article", "Review"]
    assert [a.display() for a in second.authors] == ["Miron IC", "Baroană VC"]
    assert any("DocSum 3" in n for n in result.notes)


def test_biopython_esummary_from_the_corpus(shared_dir: Path) -> None:
    result = load(shared_dir / OTHER / "pubmed-esummary__biopython__esummary1.xml")
    assert result.format == "esummary-xml" and result.read == 2 and result.warned == 0
    first = result.records[0]
    assert first.title == "Zirconium granuloma following treatment of rhus dermatitis."
    assert (first.pmid, first.year, first.journal, first.start_page, first.end_page) == (
        "11850928", 1965, "Archives of dermatology", "188", "191")
    assert [a.display() for a in first.authors] == ["LoPresti PJ", "Hambrick GW"]
    assert result.records[1].publication_types == ["Journal Article", "Review"]


EDIRECT = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE DocumentSummarySet PUBLIC "-//NLM//DTD esummary pmc 20250101//EN" "x.dtd">
<DocumentSummarySet status="OK">
<DocumentSummary uid="7000001"><PubDate>2021 Mar</PubDate><Source>J Sleep Res</Source>
<Title>From PMC</Title><ArticleIds>
<ArticleId><IdType>pmid</IdType><Value>33000001</Value></ArticleId>
<ArticleId><IdType>pmcid</IdType><Value>PMC7000001</Value></ArticleId>
</ArticleIds></DocumentSummary>
<DocumentSummary uid="7000002"><PubDate>2020</PubDate><Source>Sleep</Source>
<Title>No PMID</Title><ArticleIds>
<ArticleId><IdType>pmcid</IdType><Value>PMC7000002</Value></ArticleId>
</ArticleIds></DocumentSummary>
</DocumentSummarySet>"""


def test_pmc_summaries_from_edirect_keep_the_pmc_number_out_of_pmid() -> None:
    result = loads(EDIRECT, name="pmc.xml")
    assert result.format == "esummary-xml"
    assert [(r.pmid, r.pmcid, r.source_record_id, r.database) for r in result.records] == [
        ("33000001", "PMC7000001", "7000001", "pmc"), (None, "PMC7000002", "7000002", "pmc")]


@pytest.mark.parametrize(("text", "expected"), [
    ('<eSummaryResult><ERROR>Empty id list - nothing todo</ERROR></eSummaryResult>',
     "holds no summaries (Empty id list - nothing todo)"),
    ('<eSummaryResult><DocSum><Id>1</Id><Item Name="error" Type="String">cannot get document '
     'summary</Item></DocSum></eSummaryResult>', "holds no summaries"),
    ('<eSummaryResult><DocSum><Id>15718680</Id><Item Name="Caption" Type="String">NP_005537'
     '</Item><Item Name="TaxId" Type="Integer">9606</Item></DocSum></eSummaryResult>',
     "DocSum 1 (line 1): not a PubMed summary"),
    ('<?xml version="1.0"?>\n<eSummaryResult>\n<DocSum><Id>1</Id>\n<Item Name="Title">x',
     "sum.xml, line 4, column"),
    ('<?xml version="1.0"?>\n<!DOCTYPE eSummaryResult [<!ENTITY a "aaaa">]>\n'
     '<eSummaryResult><DocSum><Item Name="Title">&a;</Item></DocSum></eSummaryResult>',
     "refuses to expand"),
])
def test_unusable_summaries_raise_one_clear_error(text: str, expected: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        loads(text, format="esummary-xml", name="sum.xml")
    assert expected in str(caught.value) and "sum.xml" in str(caught.value)
    assert caught.value.hint


@pytest.mark.parametrize(("name", "ids", "count"), ESEARCH_FILES)
def test_esearch_results_are_refused_with_directions(shared_dir: Path, name: str, ids: int,
                                                     count: int) -> None:
    with pytest.raises(ImportFormatError) as caught:
        load(shared_dir / OTHER / name)
    message = str(caught.value)
    assert name in message and f"only PubMed IDs ({ids} of them" in message
    assert (f"of {count} hits" in message) == (count != ids)
    assert "litsearch search pubmed" in caught.value.hint and "EFetch" in caught.value.hint


def test_zero_hit_esearch_says_there_are_no_ids(shared_dir: Path) -> None:
    with pytest.raises(ImportFormatError) as caught:
        load(shared_dir / OTHER / "entrez-esearch__biopython__esearch8.xml")
    assert "no PubMed IDs (the search found 0 records)" in str(caught.value)
    assert "PubMed said: PhraseNotFound: abcXYZ; OutputMessage: No items found." in str(
        caught.value)


def test_cli_imports_esummary_and_refuses_esearch(cli, project: Project, tmp_path: Path) -> None:
    code, out, err = cli("import", str(DATA / "esummary_v2.xml"), "--db", "pubmed",
                         cwd=project.root)
    assert code == 0, err
    assert "esummary-xml" in out and "DocSum 3" in err
    with Project.open(project.root) as again:
        stored = sorted(r.pmid for _, r in iter_records(again.store))
    assert stored == ["24790447", "24791199"]
    esearch = tmp_path / "esearch.xml"
    esearch.write_text('<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><Count>2</Count>'
                       "<IdList><Id>1</Id><Id>2</Id></IdList></eSearchResult>", encoding="utf-8")
    code, _, err = cli("import", str(esearch), "--db", "pubmed", cwd=project.root)
    assert code == 2 and err.startswith("error:") and err.count("\n") == 1
    assert "esearch.xml" in err and "only PubMed IDs (2 of them)" in err


PIECES = st.sampled_from([
    "<eSummaryResult>", "</eSummaryResult>", "<DocSum>", "</DocSum>", "<Id>123</Id>",
    '<Item Name="Title" Type="String">', '<Item Name="PubDate" Type="Date">', "</Item>",
    '<Item Name="AuthorList" Type="List">', '<Item Name="Author" Type="String">Smith J</Item>',
    '<Item Name="ArticleIds" Type="List">', '<Item Name="doi" Type="String">10.1/x</Item>',
    "<DocumentSummarySet>", "</DocumentSummarySet>", '<DocumentSummary uid="7">',
    "</DocumentSummary>", "<Authors><Author><Name>Lee K</Name></Author></Authors>",
    "<error>bad</error>", "<ERROR>x</ERROR>", "<Title>", "</Title>", "2020", "&amp;", "&x;",
    "<eSearchResult>", "</eSearchResult>", "<Count>3</Count>", "<IdList>", "</IdList>",
    "<Id>", "</Id>", "<", ">", "\n", " ", "é", '<?xml version="1.0"?>', "<!-- c -->",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40), st.sampled_from(["esummary-xml", "esearch-xml", None]))
def test_fuzz_readers_raise_only_import_format_error(pieces: list[str], fmt: str | None) -> None:
    try:
        result = loads("".join(pieces), format=fmt, name="fuzz.xml")
    except ImportFormatError as exc:
        assert str(exc)
        return
    assert fmt != "esearch-xml"
    assert [r.position for r in result.records] == list(range(1, result.read + 1))
    if result.format == "esummary-xml":  # other formats may be detected in the fuzz text
        assert all((r.title is None) == ("no title" in r.warnings) for r in result.records)
