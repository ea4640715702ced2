"""The reading API (load/loads), encodings, line endings and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.errors import ImportFormatError
from litsearch.importers import ImportResult, load, loads

DATA = Path(__file__).resolve().parents[1] / "data" / "import"

RIS = (
    "TY  - JOUR\n"
    "TI  - Spiritual care in outpatient\n"
    "      mental-health services\n"
    "AU  - Smith, John A.\n"
    "AU  - Müller, Jürgen\n"
    "PY  - 2020///\n"
    "JO  - Journal of Care\n"
    "DO  - https://doi.org/10.1000/ABC.1\n"
    "KW  - meaning\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "AU  - Nobody, N\n"
    "PY  - 2019\n"
    "ER  - \n"
)

MEDLINE = (
    "\n"
    "PMID- 12345678\n"
    "TI  - Meaning-making in\n"
    "      psychiatric care.\n"
    "FAU - Jansen, Anna B\n"
    "AU  - Jansen AB\n"
    "DP  - 2021 Mar\n"
    "LID - 10.1000/xyz [doi]\n"
    "AB  - Background.\n"
    "LA  - dut\n"
    "MH  - *Spirituality\n"
    "\n"
    "PMID- 23456789\n"
    "TI  - Second.\n"
    "DP  - 1998 Dec-1999 Jan\n"
)


def test_loads_ris_normalises_fields() -> None:
    result = loads(RIS)
    assert isinstance(result, ImportResult)
    assert (result.format, result.read, result.warned) == ("ris", 2, 1)
    first, second = result.records
    assert first.title == "Spiritual care in outpatient mental-health services"
    assert [a.family for a in first.authors] == ["Smith", "Müller"]
    assert first.authors[0].initials == "JA"
    assert (first.year, first.doi, first.journal) == (2020, "10.1000/abc.1", "Journal of Care")
    assert (first.position, first.line, second.line) == (1, 1, 12)
    assert first.original.startswith("TY  - JOUR") and first.original.endswith("ER  - ")
    assert second.title is None and second.warnings == ["no title"]


def test_loads_medline_with_continuations_and_ranges() -> None:
    result = loads(MEDLINE, format="medline")
    assert result.read == 2
    first, second = result.records
    assert first.title == "Meaning-making in psychiatric care."
    assert (first.pmid, first.doi, first.year, first.language) == ("12345678", "10.1000/xyz",
                                                                   2021, "nl")
    assert first.authors[0].given == "Anna B" and first.subject_headings == ["*Spirituality"]
    assert (first.line, second.line) == (2, 13)
    assert second.year == 1998


def test_loads_pubmed_xml_with_markup_and_medline_date() -> None:
    xml = (
        '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>'
        '<PMID Version="1">111</PMID><Article><Journal><JournalIssue><PubDate>'
        '<MedlineDate>1999 Spring</MedlineDate></PubDate></JournalIssue><Title>J</Title>'
        '</Journal><ArticleTitle>Effect of <i>H<sub>2</sub>O</i> on '
        '<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>x</mml:mi>'
        '</mml:math> levels</ArticleTitle><Abstract><AbstractText Label="AIM">Find.'
        '</AbstractText><AbstractText Label="RESULTS">Found.</AbstractText></Abstract>'
        '<AuthorList><Author><CollectiveName>The Group</CollectiveName></Author></AuthorList>'
        '</Article></MedlineCitation><PubmedData><ArticleIdList>'
        '<ArticleId IdType="doi">10.1000/AB</ArticleId><ArticleId IdType="pmc">PMC9</ArticleId>'
        '</ArticleIdList><ReferenceList><Reference><ArticleIdList>'
        '<ArticleId IdType="doi">10.9/other</ArticleId></ArticleIdList></Reference>'
        '</ReferenceList></PubmedData></PubmedArticle></PubmedArticleSet>'
    )
    result = loads(xml.encode(), format=None)
    assert result.format == "pubmed-xml"
    record = result.records[0]
    assert record.title == "Effect of H2O on x levels"
    assert (record.year, record.pmid, record.doi, record.pmcid) == (
        1999, "111", "10.1000/ab", "PMC9")
    assert record.abstract == "AIM: Find. RESULTS: Found."
    assert record.first_author() == "The Group"


def test_content_decides_the_format_not_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.ris"
    path.write_text(MEDLINE, encoding="utf-8")
    assert load(path).format == "medline"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_records(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "x.ris"
    path.write_bytes(RIS.replace("\n", newline).encode("utf-8"))
    records = load(path).records
    assert [(r.title, r.year, r.line) for r in records] == [
        (r.title, r.year, r.line) for r in loads(RIS).records]


def test_mixed_line_endings_and_lone_cr_split_repeated_tags(tmp_path: Path) -> None:
    text = "TY  - JOUR\r\nTI  - T\nAD  - First\rAD  - Second\r\nER  - \n"
    path = tmp_path / "x.ris"
    path.write_bytes(text.encode())
    record = load(path).records[0]
    assert record.extra["AD"] == ["First", "Second"]


@pytest.mark.parametrize(("encoding", "bom", "expected"), [
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-16-le", b"\xff\xfe", "utf-16"),
    ("utf-8", b"", "utf-8"),
    ("cp1252", b"", "cp1252"),
])
def test_encodings_are_detected_and_reported(tmp_path: Path, encoding: str, bom: bytes,
                                             expected: str) -> None:
    path = tmp_path / "x.ris"
    path.write_bytes(bom + RIS.encode(encoding))
    result = load(path)
    assert result.encoding == expected
    assert result.records[0].authors[1].family == "Müller"
    assert result.records[0].line == 1
    assert any("Windows-1252" in n for n in result.notes) == (expected == "cp1252")


def test_forced_encoding_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.ris"
    path.write_bytes(RIS.encode("cp1252"))
    with pytest.raises(ImportFormatError, match=r"latin\.ris line 5: .*not valid utf-8"):
        load(path, encoding="utf-8")


def test_missing_er_and_text_outside_records(tmp_path: Path) -> None:
    text = ("Record #1 of 2\nProvider: John Wiley & Sons, Ltd.\n\nTY  -  JOUR\nTI  -  One\n"
            "ER  - \nLink to the Ovid Full Text or citation: http://x\nNL  - Stray\n\n"
            "2. \nTY  - JOUR\nTI  - Two\n\n\nTY  - JOUR\nTI  - Three\n")
    result = loads(text)
    assert [r.title for r in result.records] == ["One", "Two", "Three"]
    assert any("no 'ER  -' line" in n for n in result.notes)


def test_glued_tags_are_split() -> None:
    text = ("TY  - JOUR\nTI  - T\nUR  - https://x.org/?id=L1&from=export     U2  - L2029880245\n"
            "ER  - \n")
    record = loads(text).records[0]
    assert record.url == "https://x.org/?id=L1&from=export"
    assert record.extra["U2"] == "L2029880245"


def test_untagged_lines_continue_lists_and_text() -> None:
    text = ("TY  - JOUR\nTI  - A long\ntitle\nKW  - alpha\nbeta\ngamma\nAB  - One\nTwo\n"
            "ER  - \n")
    record = loads(text).records[0]
    assert record.title == "A long title"
    assert record.keywords == ["alpha", "beta", "gamma"]
    assert record.abstract == "One Two"


@pytest.mark.parametrize(("text", "fmt", "pattern"), [
    ("just some words\nand more\n", "ris", r"<text>: no RIS record found"),
    ("TY  - JOUR\nTI  - x\x00y\nER  - \n", "ris", r"<text> line 2: binary data"),
    ("PMID- 1\nTI  - ok\nthis is not medline\n", "medline", r"<text> line 3: not a MEDLINE line"),
    ("      indented\n", "medline", r"<text> line 1: an indented line"),
    ("<PubmedArticleSet><PubmedArticle>", "pubmed-xml", r"<text> line 1: not well-formed XML"),
    ("<PubmedArticleSet></PubmedArticleSet>", "pubmed-xml", r"no PubmedArticle records"),
    ("TY  - JOUR\nER  - \n", "nope", r"unknown format 'nope'.*Supported: .*ris"),
])
def test_unreadable_content_is_a_clear_error(text: str, fmt: str, pattern: str) -> None:
    with pytest.raises(ImportFormatError, match=pattern):
        loads(text, format=fmt)


def test_unrecognised_content_lists_supported_formats() -> None:
    with pytest.raises(ImportFormatError, match=r"format not recognised.*--format.*medline"):
        loads("\x01\x02 binary junk that is no export at all")


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.ris"
    path.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    with pytest.raises(ImportFormatError, match=r"empty\.ris is empty"):
        load(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"cannot read .*nothere\.ris"):
        load(tmp_path / "nothere.ris")


def test_committed_samples_read(tmp_path: Path) -> None:
    no_title = load(DATA / "no_title.ris")
    assert (no_title.read, no_title.warned) == (3, 1)
    assert no_title.records[1].title is None and no_title.records[1].doi == "10.1000/notitle"
    with pytest.raises(ImportFormatError, match=r"bad_record\.nbib line 1[0-9]: not a MEDLINE"):
        load(DATA / "bad_record.nbib")
