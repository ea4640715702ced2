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
    # An empty <PubmedArticleSet></PubmedArticleSet> is a search that found nothing
    # (test_empty_files.py); a set of deletions holds no record either, and is no search.
    ("<PubmedArticleSet><DeleteCitation><PMID>1</PMID></DeleteCitation></PubmedArticleSet>",
     "pubmed-xml", r"no PubmedArticle records"),
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


# One record per vendor, written the way formats.md §1.2-1.3 says that vendor writes its
# PubMed ID and DOI: (RIS lines, expected pmid, expected doi, expected dialect).
VENDOR_IDS = [
    ("DB  - Scopus\nC2  - 31421429\nDO  - 10.1001/Scopus", "31421429", "10.1001/scopus", "scopus"),
    ("U2  - L2029880245\nC5  - 39376283\nL2  - http://dx.doi.org/10.1005/EMB", "39376283",
     "10.1005/emb", "embase"),
    ("AN  -  CN-00778158\nC3  -  EMBASE 643589775, PUBMED 21314913\nDO  - 10.1002/c",
     "21314913", "10.1002/c", "cochrane"),
    ("AN  - WOS:000444108200009\nPM  - 30212345\nDO  - 10.1003/w", "30212345", "10.1003/w", "wos"),
    ("DB  - Ovid MEDLINE(R) <2019>\nID  - 31234567\nDO  - https://dx.doi.org/10.1004/OV",
     "31234567", "10.1004/ov", "ovid"),
    ("DB  - APA PsycInfo <2021>\nID  - 2021-94054-001", None, None, "ovid"),
    ("DB  - Ovid MEDLINE(R) PubMed-not-MEDLINE <2023>\nL2  - http://ovidsp.ovid.com/ovidweb"
     ".cgi?T=JS&PAGE=reference&D=pmnm8&NEWS=N&AN=37487898", "37487898", None, "ovid"),
    ("DB  - Ovid MEDLINE(R) <2022>\nL2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE="
     "reference&D=medp&NEWS=N&AN=38865135", "38865135", None, "ovid"),
    ("DP  - EBSCOhost\nL3  - 10.1006/ebsco\nN1  - Accession Number: 2020-98025-001. PMID: "
     "33343428 Partial author list", "33343428", "10.1006/ebsco", "ebsco"),
    ("DP  - EBSCOhost\nN1  - Accession Number: 176404503. PMID: NLM33343428.", "33343428",
     None, "ebsco"),
    ("AN  - pub.1149029839\nU1  - 35957633 [PMID]\nU1  - PMC9361234 [PMCID]", "35957633", None,
     "dimensions"),
    ("UR  - https://www.lens.org/lens/search?q=x\nL2  - https://www.ncbi.nlm.nih.gov/pubmed/"
     "32000001", "32000001", None, "lens"),
    ("DB  - PubMed\nAN  - 31000002\nN1  - doi: 10.1007/Note", "31000002", "10.1007/note", "pubmed"),
    ("UR  - https://doi.org/10.1008/OpenAlex", None, "10.1008/openalex", "generic"),
    ("M3  - 10.1009/m3\n", None, "10.1009/m3", "generic"),
]


@pytest.mark.parametrize(("lines", "pmid", "doi", "dialect"), VENDOR_IDS,
                         ids=[case[3] + str(i) for i, case in enumerate(VENDOR_IDS)])
def test_vendor_pmid_and_doi_tags(lines: str, pmid: str | None, doi: str | None,
                                  dialect: str) -> None:
    (record,) = loads(f"TY  - JOUR\nTI  - A title\n{lines}\nER  - \n").records
    assert (record.pmid, record.doi, record.extra["ris_dialect"]) == (pmid, doi, dialect)


def test_authors_keep_file_order_across_au_a1_and_a2_stands_in() -> None:
    text = ("TY  - JOUR\nA1  - First, A\nAU  - Second, B\nA1  - Third, C\nA2  - Editor, E\n"
            "ER  - \nTY  - BOOK\nA2  - Editor, E\nA3  - Series, S\nER  - \n")
    first, second = loads(text).records
    assert [a.family for a in first.authors] == ["First", "Second", "Third"]
    assert [a.family for a in second.authors] == ["Editor", "Series"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom_and_cr_only(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "records.ris"
    path.write_bytes(RIS.replace("\n", "\r").encode(encoding))
    result = load(path)
    assert result.encoding.startswith("utf-16")
    assert [r.title for r in result.records] == [r.title for r in loads(RIS).records]
    assert [r.line for r in result.records] == [1, 12]


def test_medline_cr_only_and_missing_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "records.nbib"
    path.write_bytes(MEDLINE.rstrip("\n").replace("\n", "\r").encode("utf-8"))
    records = load(path).records
    assert [r.pmid for r in records] == ["12345678", "23456789"]
    assert records[0].title == "Meaning-making in psychiatric care."
    assert records[1].original.endswith("DP  - 1998 Dec-1999 Jan")


def test_missing_er_at_end_and_before_next_ty_keep_every_record() -> None:
    text = "Record #1 of 2\nTY  - JOUR\nTI  - One\n\nTY  - JOUR\nTI  - Two\nKW  - k\n"
    result = loads(text)
    assert [r.title for r in result.records] == ["One", "Two"]
    assert result.records[0].original == "TY  - JOUR\nTI  - One"
    assert any("2 records had no 'ER  -' line" in note for note in result.notes)


def test_indented_first_ty_still_starts_a_record() -> None:
    result = loads("  TY  - JOUR\nTI  - Indented start\nER  - \n", format="ris")
    assert [r.title for r in result.records] == ["Indented start"]
