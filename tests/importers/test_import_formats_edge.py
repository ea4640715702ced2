"""Edge cases of the format readers on small hand-made files (tests/data/formats)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

import litsearch.importers  # noqa: F401  (registers every reader)
from litsearch.errors import ImportFormatError
from litsearch.importers.registry import detect
from litsearch.importers.source import Source

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def _read(name: str) -> tuple[str, list]:
    source = Source.from_path(DATA / name)
    reader = detect(source)
    return reader.name, list(reader.read(source))


def test_wos_tab_utf16_with_trailing_tabs() -> None:
    name, records = _read("wos_tab_utf16.txt")
    assert name == "wos-tab"
    assert len(records) == 2
    first, second = records
    assert first.title == "Sleep and screens in adolescents"
    assert [a.display() for a in first.authors] == ["Müller K", "O'Brien S"]
    assert first.authors[0].given == "Klaus"  # AF (full names) wins over AU
    assert (first.doi, first.pmid, first.year) == ("10.1111/jsr.13001", "33000001", 2021)
    assert (first.start_page, first.end_page) == ("101", "110")
    assert first.keywords == ["sleep", "screen time", "adolescents"]
    assert first.source_record_id == "WOS:000600000000001"
    assert first.database == "Web of Science Core Collection"
    assert (first.line, second.line) == (2, 3)
    assert second.title == "Naïve café workers and shift patterns"
    assert "surplus_cells" not in second.extra and not second.warnings


def test_excel_protected_cells_are_unwrapped() -> None:
    name, (record,) = _read("cinahl_protected.csv")
    assert name == "csv"
    assert record.journal == "Sleep Health"
    assert record.issn == "2352-8729"
    assert record.year == 2024
    assert [a.family for a in record.authors] == ["Smith", "Jones"]
    assert record.subject_headings == ["SLEEP", "ADOLESCENCE"]
    assert record.extra["csv_dialect"] == "cinahl"
    assert json.loads(record.original)["ISSN"] == "23528729"


def test_semicolon_csv_with_preamble_and_multiline_cell() -> None:
    name, records = _read("embase_semicolon_preamble.csv")
    assert name == "csv"
    assert [r.title for r in records] == ["Sleep in night-shift nurses", "Napping strategies"]
    first, second = records
    assert first.line == 5 and second.line == 7  # the quoted cell spans lines 5-6
    assert first.abstract == "First line second line; with semicolon"
    assert (first.pmid, first.source_record_id, first.database) == (
        "35000002", "L2015000001", "Embase")
    assert [a.display() for a in first.authors] == ["Lee A", "Park JH"]
    # Volume, issue and pages come from the citation in "Source".
    assert (second.journal, second.volume, second.issue) == ("Chronobiology International",
                                                             "37", "5")
    assert (second.start_page, second.end_page) == ("700", "709")


def test_scopus_ragged_row_is_realigned() -> None:
    _name, (first, second) = _read("scopus_ragged.csv")
    assert first.pmid == "16222654"
    assert first.language == "en"
    assert first.source_record_id == "2-s2.0-27344436659"
    assert first.extra["Funding Text 1"] == "Funded by A.\nFunded by B."
    assert [a.display() for a in first.authors] == ["Phillips JC", "Braun R"]
    assert [a.display() for a in second.authors] == ["Liu F", "Li C"]
    assert second.pmid is None


def test_generic_columns_use_aliases_and_keep_unknown_columns() -> None:
    name, (first, second) = _read("generic_aliases.tsv")
    assert name == "csv"
    assert first.extra["csv_dialect"] == "generic"
    assert first.title == "Sleep hygiene education"
    assert (first.doi, first.pmid, first.year) == ("10.1093/sleep/zsy001", "29000001", 2018)
    assert [a.display() for a in first.authors] == ["Smith A", "Jones C"]
    assert first.source_record_id == "r1"
    assert first.extra["My notes"] == "looks relevant"
    assert second.title is None and second.position == 2  # kept; the pipeline counts it


def test_bibtex_latex_and_edge_cases() -> None:
    name, records = _read("accents.bib")
    assert name == "bibtex"
    assert len(records) == 2  # the repeated key is still a record
    first, second = records
    assert first.title == "Sleep and Screens in Adolescents: a β-test"
    assert [a.display() for a in first.authors] == ["Müller K", "O'Brien S",
                                                     "World Health Organization"]
    assert first.journal == "Journal of Sleep Research"  # @string macro resolved
    assert (first.pmid, first.doi) == ("33000001", "10.1111/jsr.13001")
    assert (first.start_page, first.end_page) == ("101", "110")
    assert first.abstract == "Screen use rose by 50% in the cohort & sleep fell."
    assert first.keywords == ["sleep", "screen time"]
    assert first.line == 3
    assert second.title == "Naïve café workers"
    assert second.authors[0].family == "García"
    assert second.journal == "Proceedings of Sleep 2019"
    assert "inproceedings" in second.publication_types


def test_wos_tagged_without_er_and_glued_tag() -> None:
    name, (first, second) = _read("wos_missing_er.txt")
    assert name == "wos"
    assert first.title == "Sleep and screens"
    assert [a.display() for a in first.authors] == ["Smith A", "Jones C"]
    assert any("no ER" in w for w in first.warnings)
    assert second.authors[0].family == "Doe"
    assert second.start_page == "e1234"
    assert second.line == 11


@pytest.mark.parametrize(("name", "where"), [
    ("endnote_truncated.xml", "line 5"),
    ("unclosed_quote.csv", "line 2"),
])
def test_unreadable_content_names_file_and_line(name: str, where: str) -> None:
    source = Source.from_path(DATA / name)
    with pytest.raises(ImportFormatError) as caught:
        list(detect(source).read(source))
    assert name in str(caught.value) and where in str(caught.value)
    assert caught.value.hint


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_preamble_numbers_and_dialect(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "scopus.xlsx", [
        ["Scopus export"],
        [],
        ["Authors", "Title", "Year", "Source title", "DOI", "PubMed ID", "EID", "Notes"],
        ["Smith A.; Lee B.", "Sleep and screens", 2021, "Sleep Health", "10.1000/X", 33000001,
         "2-s2.0-1", "mine"],
        [None, None, None, None, None, None, None, None],
        ["Kim C.", None, 2020.0, None, None, None, "2-s2.0-2", None],
    ])
    source = Source.from_path(path)
    reader = detect(source)
    assert reader.name == "xlsx"
    first, second = list(reader.read(source))
    assert (first.title, first.year, first.pmid, first.doi) == ("Sleep and screens", 2021,
                                                                 "33000001", "10.1000/x")
    assert first.database == "Scopus" and first.extra["Notes"] == "mine"
    assert [a.display() for a in first.authors] == ["Smith A", "Lee B"]
    assert (first.line, second.line) == (4, 6)  # worksheet rows
    assert not source.notes
    assert second.title is None and second.year == 2020 and second.position == 2


def test_xlsx_without_header_or_not_a_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "numbers.xlsx", [[1, 2, 3], [4, 5, 6]])
    source = Source.from_path(path)
    with pytest.raises(ImportFormatError, match="no sheet has a header row"):
        list(detect(source).read(source))
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04xl/ not really a zip")
    source = Source.from_path(fake)
    assert detect(source).name == "xlsx"
    with pytest.raises(ImportFormatError, match="not a readable .xlsx"):
        list(detect(source).read(source))


def test_csv_without_known_header_is_refused() -> None:
    source = Source.from_text("alpha,beta\n1,2\n", name="odd.csv")
    from litsearch.importers.registry import get_reader
    with pytest.raises(ImportFormatError, match="no header row"):
        list(get_reader("csv").read(source))


def test_publish_or_perish_google_scholar_csv() -> None:
    text = ("Cites,Authors,Title,Year,Source,Publisher,ArticleURL,CitesURL,GSRank,QueryDate,"
            "Type,DOI,ISSN,Volume,Issue,StartPage,EndPage\n"
            '12,"J Smith, A Lee",Sleep and screens,2019,Sleep Health,Elsevier,'
            'https://example.org/a,,1,2024-01-01,,10.1000/xyz,,5,2,10,20\n')
    source = Source.from_text(text, name="pop.csv")
    (record,) = list(detect(source).read(source))
    assert record.extra["csv_dialect"] == "publish-or-perish"
    assert record.database == "Google Scholar"
    assert [a.display() for a in record.authors] == ["Smith J", "Lee A"]
    assert (record.journal, record.volume, record.start_page, record.end_page) == (
        "Sleep Health", "5", "10", "20")
    assert record.extra["Cites"] == "12"


def test_pubmed_csv_citation_is_parsed() -> None:
    text = ('PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,'
            'Create Date,PMCID,NIHMS ID,DOI\n'
            '"30922926","Time lapse","Griffin DK, Larkin DM.","Eur J Med Genet. 2020 Feb;'
            '63(2):103640. doi: 10.1016/j.ejmg.2019.03.004.","Griffin DK","Eur J Med Genet",'
            '"2020","2019/03/30","PMC7026692","","10.1016/j.ejmg.2019.03.004"\n')
    source = Source.from_text(text, name="pubmed.csv")
    (record,) = list(detect(source).read(source))
    assert (record.volume, record.issue, record.start_page) == ("63", "2", "103640")
    assert (record.pmid, record.pmcid) == ("30922926", "PMC7026692")
    assert [a.display() for a in record.authors] == ["Griffin DK", "Larkin DM"]


def test_bibtex_is_parsed_in_chunks_with_macros_and_lines(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from litsearch.importers import bibtex

    monkeypatch.setattr(bibtex, "CHUNK_ENTRIES", 3)
    text = "@string{j = {Jour}}\n\n" + "".join(
        f"@article{{k{i},\n  title = {{T{i}}},\n  journal = j,\n}}\n\n" for i in range(10))
    records = list(bibtex.read(Source.from_text(text, name="chunks.bib")))
    assert [r.title for r in records] == [f"T{i}" for i in range(10)]
    assert {r.journal for r in records} == {"Jour"}  # the macro reaches later chunks
    assert [r.line for r in records] == [3 + 5 * i for i in range(10)]
    assert [r.position for r in records] == list(range(1, 11))


def test_wos_excel_export_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "savedrecs.xlsx", [
        ["Publication Type", "Authors", "Author Full Names", "Article Title", "Source Title",
         "Language", "Document Type", "Author Keywords", "Abstract", "Publication Year",
         "Volume", "Start Page", "End Page", "DOI", "Pubmed Id", "UT (Unique WOS ID)"],
        ["J", "Smith, A; Lee, B", "Smith, Anna; Lee, Bo", "Sleep and screens", "SLEEP",
         "English", "Article", "sleep; screens", "Text.", 2020, 43, 1, 9, "10.1000/S",
         32000001, "WOS:000500000000009"],
    ])
    source = Source.from_path(path)
    (record,) = list(detect(source).read(source))
    assert record.extra["csv_dialect"] == "wos-excel"
    assert record.authors[0].given == "Anna"
    assert (record.pmid, record.source_record_id) == ("32000001", "WOS:000500000000009")
    assert record.keywords == ["sleep", "screens"]
    assert (record.start_page, record.end_page, record.year) == ("1", "9", 2020)


def test_dutch_spreadsheet_headings_are_understood() -> None:
    text = ('Titel;Auteurs;Jaar;Samenvatting\n'
            'Zingeving in de ggz;"Jansen, P; de Vries, K";2021;Tekst\n')
    source = Source.from_text(text, name="nl.csv")
    (record,) = list(detect(source).read(source))
    assert (record.title, record.year, record.abstract) == ("Zingeving in de ggz", 2021, "Tekst")
    assert [a.family for a in record.authors] == ["Jansen", "de Vries"]


def test_proquest_article_labels_and_several_authors() -> None:
    text = ("Report Information from ProQuest\n" + "_" * 60 + "\n\nDocument 1 of 1\n\n"
            "Sleep and screens\n\nAuthor: Smith, John; Doe, Jane\n\n"
            "Publication title: Sleep Health\n\nVolume: 5\n\nIssue: 2\n\nPages: 10-20\n\n"
            "Publication year: 2019\n\nDOI: 10.1000/xyz\n\nAbstract: First paragraph.\n\n"
            "Second paragraph.\n\nProQuest document ID: 123456\n\n" + "_" * 60 + "\n")
    source = Source.from_text(text, name="pq.txt")
    assert detect(source).name == "proquest-text"
    (record,) = list(detect(source).read(source))
    assert [a.display() for a in record.authors] == ["Smith J", "Doe J"]
    assert (record.journal, record.volume, record.issue) == ("Sleep Health", "5", "2")
    assert (record.start_page, record.end_page, record.year) == ("10", "20", 2019)
    assert record.abstract == "First paragraph. Second paragraph."
    assert (record.source_record_id, record.line) == ("123456", 4)


def test_endnote_tagged_records_split_by_blank_lines_or_new_type() -> None:
    text = ("%0 Journal Article\n%T First\n%A Smith, J\n%A Doe, K\n%D 2020\n%R 10.1000/A\n"
            "%0 Journal Article\n%T Second\n%X An abstract\ncontinued here\n\n\n%T Third\n")
    source = Source.from_text(text, name="refs.enw")
    assert detect(source).name == "endnote-tagged"
    records = list(detect(source).read(source))
    assert [r.title for r in records] == ["First", "Second", "Third"]
    assert [a.family for a in records[0].authors] == ["Smith", "Doe"]
    assert (records[0].doi, records[0].year) == ("10.1000/a", 2020)
    assert records[1].abstract == "An abstract continued here"
    assert [r.line for r in records] == [1, 7, 13]


def test_ovid_medline_native_tagged() -> None:
    text = ("<1. >\nVN  - Ovid Technologies\nDB  - Ovid MEDLINE(R) ALL\nUI  - 33000001\n"
            "TI  - Sleep and screens in\n      adolescents.\nSO  - Journal of Sleep Research. "
            "30(2):e13001, 2021 Apr.\nAU  - Smith J\nAU  - Doe K\nMH  - *Sleep\n"
            "MH  - Adolescent\nLG  - English\nYR  - 2021\n\n<2. >\nTI  - Second\n")
    source = Source.from_text(text, name="medline.ovd")
    assert detect(source).name == "ovid"
    first, second = list(detect(source).read(source))
    assert first.title == "Sleep and screens in adolescents."
    assert (first.pmid, first.source_record_id) == ("33000001", "33000001")
    assert (first.journal, first.volume, first.issue, first.start_page) == (
        "Journal of Sleep Research", "30", "2", "e13001")
    assert first.subject_headings == ["*Sleep", "Adolescent"]
    assert [a.display() for a in first.authors] == ["Smith J", "Doe K"]
    assert (first.line, second.line) == (1, 15)


def test_endnote_xml_line_scan_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import re

    from litsearch.importers import xml_records

    monkeypatch.setattr(xml_records, "_CHUNK", 5)  # cut every tag somewhere
    data = (b"<xml><records>\n<record>a</record>\n\n<record x='1'>b</record>"
            b"<record>c</record>\n</records></xml>")
    expected = [data[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"<record[\s>]", data)]
    assert xml_records.tag_lines(io.BytesIO(data), b"record") == expected == [2, 4, 4]


def test_scopus_single_author_full_name_is_one_author() -> None:
    """Scopus writes "Family, Given (id)" in Author full names; one author has no ';'."""
    from litsearch.importers import loads

    header = '"Authors","Author full names","Author(s) ID","Title","Year","Source title","EID"\n'
    rows = ('"van der Berg R.K.","van der Berg, Richard K. (57028337745)","57028337745",'
            '"One author","2020","J","2-s2.0-1"\n'
            '"Smith J.; Lee A.","Smith, John (57000000001); Lee, Ann (57000000002)",'
            '"57000000001;57000000002","Two authors","2021","J","2-s2.0-2"\n')
    result = loads(header + rows, name="scopus.csv")
    one, two = result.records
    assert [(a.family, a.initials) for a in one.authors] == [("van der Berg", "RK")]
    assert [a.family for a in two.authors] == ["Smith", "Lee"]


def test_ris_isbn_from_bn_when_sn_holds_the_issn() -> None:
    from litsearch.importers import loads

    text = ("TY  - CHAP\nTI  - Chapter one\nSN  - 0302-9743\nBN  - 978-3-319-95170-6\n"
            "ER  - \n")
    (record,) = loads(text, format="ris").records
    assert (record.issn, record.isbn) == ("0302-9743", "9783319951706")


def test_csv_pubmed_link_gives_the_pmid() -> None:
    from litsearch.importers import loads

    text = ('Title,URL,Pages\n"A paper","https://www.ncbi.nlm.nih.gov/pubmed/25647015",'
            '"50193-2021"\n')
    (record,) = loads(text, format="csv").records
    assert record.pmid == "25647015"
    assert (record.start_page, record.end_page) == ("50193", "52021")
