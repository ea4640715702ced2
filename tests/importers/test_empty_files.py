"""One rule for empty files, in every format.

A file holding its format's frame and no records (a CSV header row, ``<PubmedArticleSet/>``,
EndNote's ``<xml><records/></xml>``, Web of Science's ``FN``/``VR``/``EF``) is the export of
a search that found nothing: one search run with 0 records and a note saying so. Before,
that depended on the format: a header-only CSV was a zero-hit search, an empty PubMed or
EndNote XML "format not recognised", an empty WoS, PMC or ESummary file an error, and a
header-only CSV named with ``--format csv`` "no records read as csv".

A file with nothing in it (0 bytes, blank lines, a byte-order mark) shows neither format
nor database: a one-line error, and nothing is stored, with or without ``--format``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from litsearch.errors import ImportFormatError
from litsearch.importers import load, loads
from litsearch.importers.pipeline import import_file
from litsearch.store import Store, list_search_runs

# Each frame is a real export with its records taken out: the same prolog, header and
# closing lines the vendor writes.
PUBMED_DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
                  '2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
FRAMES: dict[str, tuple[str, str]] = {
    "scopus.csv": ("csv", '\ufeffAuthors,Author(s) ID,Title,Year,Source title,Volume,Issue,'
                   'Art. No.,Page start,Page end,Page count,Cited by,DOI,Link,Abstract,'
                   'Document Type,Source,EID\n'),
    "savedrecs.txt": ("wos-tab", "\ufeffPT\tUT\tAN\tPM\tDT\tTI\tAU\tSO\tPY\tVL\tIS\tBP\tEP\t"
                      "AB\tDI\tSN\n"),
    "pubmed.xml": ("pubmed-xml", f'<?xml version="1.0" ?>\n{PUBMED_DOCTYPE}\n'
                   "<PubmedArticleSet>\n</PubmedArticleSet>\n"),
    "pubmed-short.xml": ("pubmed-xml", f'<?xml version="1.0" ?>\n{PUBMED_DOCTYPE}\n'
                         "<PubmedArticleSet/>\n"),
    "endnote.xml": ("endnote-xml", '<?xml version="1.0" encoding="UTF-8" ?><xml><records>'
                    "</records></xml>"),
    "endnote-short.xml": ("endnote-xml", '<?xml version="1.0" encoding="UTF-8" ?><xml>'
                          "<records/></xml>\n"),
    "wos.txt": ("wos", "FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n"),
    "pmc.xml": ("jats-xml", '<?xml version="1.0"  ?><!DOCTYPE pmc-articleset PUBLIC "-//NLM//'
                'DTD ARTICLE SET 2.0//EN" "https://dtd.nlm.nih.gov/ncbi/pmc/articleset/'
                'nlm-articleset-2.0.dtd">\n<pmc-articleset></pmc-articleset>\n'),
    "esummary.xml": ("esummary-xml", '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE '
                     'eSummaryResult PUBLIC "-//NLM//DTD esummary v1 20041029//EN" '
                     '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n'
                     "<eSummaryResult>\n</eSummaryResult>\n"),
    "library.bib": ("bibtex", "@comment{jabref-meta: databaseType:bibtex;}\n"),
}


def _import(path: Path, format: str | None = None) -> tuple[object, list]:
    with Store(":memory:") as store:
        summary = import_file(store, path, "embase", format=format, searched_on="2024-05-02")
        return summary, list_search_runs(store)


@pytest.mark.parametrize("named", [False, True], ids=["detected", "--format"])
@pytest.mark.parametrize("name", sorted(FRAMES))
def test_a_frame_without_records_is_a_search_that_found_nothing(
        tmp_path: Path, name: str, named: bool) -> None:
    fmt, text = FRAMES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    summary, runs = _import(path, fmt if named else None)
    assert (summary.format, summary.read, summary.imported) == (fmt, 0, 0)
    assert [(r.database, r.status) for r in runs] == [("embase", "complete")]
    assert f"{name} holds no records (an empty {fmt} export): recorded as a search that " \
           "found none" in " ".join(summary.notes)


@pytest.mark.parametrize("encoding", ["utf-16", "iso-8859-1"])
@pytest.mark.parametrize("name", ["endnote.xml", "pubmed.xml", "pmc.xml"])
def test_a_frame_declaring_another_encoding_is_a_frame_too(
        tmp_path: Path, name: str, encoding: str) -> None:
    # Saved as its declaration says (UTF-16 from Notepad's "Unicode"): the same frame, which
    # was "format not recognised" while the same file with records read.
    fmt, text = FRAMES[name]
    text = re.sub(r'<\?xml version="1.0"[^?]*\?>', f'<?xml version="1.0" encoding="{encoding}"?>',
                  text)
    assert encoding in text
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    summary, runs = _import(path)
    assert (summary.format, summary.read, len(runs)) == (fmt, 0, 1)


def test_a_workbook_without_a_filled_cell_is_a_blank_file(tmp_path: Path) -> None:
    book = Workbook()
    book.create_sheet("Sheet2")
    book.save(tmp_path / "scopus.xlsx")
    with Store(":memory:") as store:
        with pytest.raises(ImportFormatError) as caught:
            import_file(store, tmp_path / "scopus.xlsx", "scopus")
        assert list_search_runs(store) == []
    assert str(caught.value).startswith(
        "scopus.xlsx is empty (a workbook without a filled cell): nothing in it shows")
    assert "Export the search results again" in caught.value.hint


def test_a_workbook_with_only_its_header_row_is_a_search_that_found_nothing(
        tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Authors", "Title", "Year", "Source title", "DOI", "Abstract"])
    book.save(tmp_path / "scopus.xlsx")
    summary, runs = _import(tmp_path / "scopus.xlsx")
    assert (summary.format, summary.read, len(runs)) == ("xlsx", 0, 1)


@pytest.mark.parametrize(("name", "text", "expected"), [
    # PubMed's own error is no empty search: the IDs sent were wrong.
    ("esummary.xml", "<eSummaryResult><ERROR>Empty id list - nothing todo</ERROR>"
     "</eSummaryResult>", "holds no summaries (Empty id list - nothing todo)"),
    # A header without the EF end mark is a download cut short, not an empty export.
    ("wos.txt", "FN Clarivate Analytics Web of Science\nVR 1.0\n", "no Web of Science records"),
    ("pmc.xml", "<pmc-articleset><error>not found</error></pmc-articleset>", "no <article>"),
])
def test_a_frame_holding_anything_else_stays_an_error(
        tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with Store(":memory:") as store:
        with pytest.raises(ImportFormatError, match=re.escape(expected)):
            import_file(store, path, "embase")
        assert list_search_runs(store) == []


BLANKS = {
    "0 bytes": b"",
    "only blank space, 4 bytes": b"\r\n\r\n",
    "only a byte-order mark": codecs.BOM_UTF8,
    "only blank space, 5 bytes": codecs.BOM_UTF8 + b" \n",
    "only a byte-order mark (UTF-16)": codecs.BOM_UTF16_LE,
}


@pytest.mark.parametrize("format", [None, "ris", "csv", "pubmed-xml", "xlsx"])
@pytest.mark.parametrize("held", sorted(BLANKS))
def test_a_file_with_nothing_in_it_is_one_clear_error(
        tmp_path: Path, held: str, format: str | None) -> None:
    path = tmp_path / "export.ris"
    path.write_bytes(BLANKS[held])
    with Store(":memory:") as store:
        with pytest.raises(ImportFormatError) as caught:
            import_file(store, path, "embase", format=format)
        assert list_search_runs(store) == []
    said = held.replace(" (UTF-16)", "")
    assert str(caught.value).startswith(f"export.ris is empty ({said}): nothing in it shows "
                                        "what export it is or which database it came from")
    assert "Export the search results again" in caught.value.hint


def test_the_cli_says_it_in_one_line(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "embase.ris"
    path.write_bytes(b"")
    code, _out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code != 0 and "Traceback" not in err
    assert err.strip().splitlines()[0].startswith("error: embase.ris is empty (0 bytes)")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=" \t\r\n\ufeff\u00a0\u2028", max_size=40))
def test_any_blank_text_is_refused_never_read_as_a_format(text: str) -> None:
    with pytest.raises(ImportFormatError, match=r"<text> is empty \("):
        loads(text)


def test_ris_has_no_frame_so_tag_lines_without_a_record_are_refused(tmp_path: Path) -> None:
    # Only what Ovid writes after each ER (an NL line and its link), no record: read as
    # RIS this was zero records without a word, so an import would log a search with 0 hits.
    path = tmp_path / "ovid.ris"
    path.write_text("NL  - J Health Psychol\n\nLink to the Ovid Full Text or citation: "
                    "http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=2019-29490-001\n",
                    encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"ovid\.ris: no RIS record found"):
        load(path, format="ris")


@pytest.mark.parametrize("format", [None, "ris", "csv"])
def test_a_file_of_blank_space_longer_than_the_sniffed_head_is_the_same_error(
        tmp_path: Path, format: str | None) -> None:
    # A failed download padded with blank lines past the 64 KiB the sniffers see was
    # "format not recognised (first line: '')", or read as an empty CSV.
    path = tmp_path / "export.ris"
    path.write_bytes(b" \r\n" * 100_000)
    with Store(":memory:") as store:
        with pytest.raises(ImportFormatError) as caught:
            import_file(store, path, "embase", format=format)
        assert list_search_runs(store) == []
    assert str(caught.value).startswith("export.ris is empty (only blank space, 300000 bytes)")


def test_a_second_search_that_found_nothing_is_told_how_to_be_recorded(tmp_path: Path) -> None:
    # Two searches that found nothing export the same bytes (a header row, an empty set):
    # the second was "already imported" as the first, with no word that it is a search of
    # its own and no way to record it.
    fmt, text = FRAMES["pubmed.xml"]
    first, second = tmp_path / "pubmed-2024.xml", tmp_path / "pubmed-2025.xml"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    with Store(":memory:") as store:
        import_file(store, first, "pubmed", searched_on="2024-05-02")
        again = import_file(store, second, "pubmed", searched_on="2025-05-02")
        assert again.already_imported and len(list_search_runs(store)) == 1
        said = " ".join(again.notes)
        assert "holds no records, so its bytes do not tell one search from another" in said
        assert "add a blank line at its end" in said
        with second.open("a", encoding="utf-8") as handle:
            handle.write("\n")
        third = import_file(store, second, "pubmed", searched_on="2025-05-02")
        assert not third.already_imported and third.read == 0
        assert [r.searched_on for r in list_search_runs(store)] == ["2024-05-02", "2025-05-02"]
