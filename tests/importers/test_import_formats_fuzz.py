"""Fuzzing: the format readers either read a text or refuse it with ImportFormatError."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import litsearch.importers  # noqa: F401  (registers every reader)
from litsearch.errors import ImportFormatError
from litsearch.importers.registry import detect, get_reader
from litsearch.importers.source import Source
from litsearch.models import Record

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

COLUMNS = ["Title", "Authors", "Year", "DOI", "PubMed ID", "Abstract", "EID", "Source title",
           "Source", "Author Names", "PT", "TI", "AU", "key", "title", "authors", "id", "x", ""]
CELL = st.text(alphabet=st.sampled_from(list('ab ,;\t"=\n\r1092.-/é\\{}')), max_size=25)
BIB_PIECES = st.sampled_from([
    "@article{", "@ARTICLE{key,", "@string{j = {J}}", "@comment{x}", "}", "{", "}}", ",",
    " = ", "author", "title", "year", "doi", "pages", " and ", "{\\\"u}", "\\'{e}", "$\\alpha$",
    "50%", "\\&", '"', "\n", "  ", "Smith, J.", "{{Title}}", "10.1000/x", "1--2", "@", "#",
    "\\", "$", "~", "eprint", "eprinttype = {pubmed}", "@misc (k,", ")",
])
TAGGED_PIECES = st.sampled_from([
    "FN Clarivate\n", "VR 1.0\n", "PT J\n", "AU Smith, J\n", "   Lee, K\n", "TI T\n", "ER\n",
    "EF\n", "UT WOS:1\n", "AUDoe\n", "%0 Journal Article\n", "%T Title\n", "%A A, B\n", "\n",
    "<1. >\n", "TI  - x\n", "SO  - J. 1 (2) (pp 3-4), 2020.\n", "<2>\n", "Title\n", "  x\n",
    "Report Information from ProQuest\n", "Document 1 of 2\n", "Title: t\n", "____________\n",
    "12345\n", "x\n", "      cont\n",
])


def _outcome(reader_name: str, text: str) -> list[Record] | None:
    source = Source.from_text(text, name="fuzz")
    try:
        return list(get_reader(reader_name).read(source))
    except ImportFormatError:
        return None


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    return "\n".join(delimiter.join(r) for r in [header, *rows])


@SETTINGS
@given(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8),
       st.lists(st.lists(CELL, max_size=9), max_size=6),
       st.sampled_from([",", "\t", ";"]), st.integers(0, 3))
def test_csv_reader_never_crashes(header: list[str], rows: list[list[str]], delimiter: str,
                                  preamble: int) -> None:
    text = "pre\n" * preamble + _csv_text(header, rows, delimiter)
    records = _outcome("csv", text)
    if records is not None:
        assert all(isinstance(r, Record) and r.original for r in records)
        assert [r.position for r in records] == list(range(1, len(records) + 1))


@SETTINGS
@given(st.text(max_size=300))
def test_csv_reader_on_arbitrary_text(text: str) -> None:
    _outcome("csv", text)


@SETTINGS
@given(st.lists(BIB_PIECES, max_size=40))
def test_bibtex_reader_never_crashes(pieces: list[str]) -> None:
    records = _outcome("bibtex", "".join(pieces))
    if records is not None:
        assert all(isinstance(r, Record) for r in records)


@SETTINGS
@given(st.lists(TAGGED_PIECES, max_size=30),
       st.sampled_from(["wos", "endnote-tagged", "ovid", "ovid-display", "proquest-text",
                        "pmid-list", "endnote-xml"]))
def test_text_readers_never_crash(pieces: list[str], reader_name: str) -> None:
    _outcome(reader_name, "".join(pieces))


@SETTINGS
@given(st.lists(st.one_of(TAGGED_PIECES, BIB_PIECES, CELL), max_size=30))
def test_detection_picks_a_reader_or_refuses(pieces: list[str]) -> None:
    source = Source.from_text("".join(pieces), name="fuzz")
    try:
        reader = detect(source)
    except ImportFormatError:
        return
    try:
        list(reader.read(source))
    except ImportFormatError:
        pass
