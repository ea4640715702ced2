"""One table of values that mean "empty" (litsearch.placeholders), read by import and dedup.

There were two sets: the importers' (``NA``, ``n/a``, ``null``, ``none``, ``-``, "[No
abstract available]") and dedup's (those and ``nan``, ``nil``, ``n.a.``, ``--``, an em
dash, "[no pagination]", "in press", ...). A cell that means empty in any field was
empty for dedup but stored as text by the importers: a table saved by pandas
(``df.astype(str).to_csv()`` writes ``nan`` in every empty cell) came in with volume,
issue and pages "nan", which reached exports and the screening screen.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch import placeholders
from litsearch.dedup.trust import blank
from litsearch.importers import load
from litsearch.importers.core_text import tidy
from litsearch.importers.delimited_record import is_blank
from litsearch.models import Record

SCOPUS = "corpora/scopus-csv/scopus__litstudy__scopus.csv"


# pandas's nullable columns write "<NA>"; Excel and LibreOffice write "#N/A" (a lookup that
# found nothing), which pandas itself reads back as empty.
@pytest.mark.parametrize("written", ["nan", "<NA>", "#N/A", "#NA", "-nan"])
def test_a_table_saved_by_pandas_reads_as_the_export_it_was(
        shared_dir: Path, tmp_path: Path, written: str) -> None:
    source = shared_dir / SCOPUS
    if not source.exists():
        pytest.skip(f"{SCOPUS} not in the shared corpora")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    resaved = tmp_path / "scopus_pandas.csv"
    with resaved.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *([c or written for c in r] for r in rows[1:])])
    fields = ("volume", "issue", "start_page", "end_page", "journal", "doi", "abstract",
              "keywords", "language")
    original = [[getattr(r, f) for f in fields] for r in load(source).records]
    again = [[getattr(r, f) for f in fields] for r in load(resaved).records]
    assert sum(v is None for rec in original for v in rec) > 40  # the export has gaps
    assert again == original


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(placeholders.ANY_FIELD)), st.sampled_from(["", " ", "\t"]),
       st.booleans())
def test_a_value_empty_in_any_field_is_empty_for_import_and_dedup(
        value: str, pad: str, upper: bool) -> None:
    cell = pad + (value.upper() if upper else value) + pad
    assert is_blank(cell)
    assert blank(cell) == ""


@pytest.mark.parametrize("value", sorted(placeholders.TEXT))
def test_title_and_abstract_placeholders_are_empty_on_import(value: str) -> None:
    assert is_blank(value.title())


@pytest.mark.parametrize("value", sorted(placeholders.LOCATOR))
def test_locator_placeholders_are_missing_for_dedup_and_kept_on_import(value: str) -> None:
    # "[Epub ahead of print]" in a volume cell says something about the work: the record
    # keeps it as the vendor wrote it; matching reads it as a missing volume.
    assert blank(value.upper()) == ""
    assert not is_blank(value)


@pytest.mark.parametrize("value", sorted(placeholders.TERMS))
def test_term_placeholders_leave_the_keywords(value: str) -> None:
    record = tidy(Record(keywords=[value.title(), "gambling"],
                         subject_headings=[value.upper(), "Gambling"]))
    assert (record.keywords, record.subject_headings) == (["gambling"], ["Gambling"])


def test_a_keyword_spelled_like_a_placeholder_is_kept_among_others(tmp_path: Path) -> None:
    # Influenza papers list "NA" (neuraminidase) beside "HA"; chemistry lists "Na"
    # (sodium). Among other keywords such a word is a keyword; only a cell holding the
    # placeholder alone means "no keywords".
    export = tmp_path / "scopus.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([
            ["Authors", "Title", "Year", "Source title", "Author Keywords", "Index Keywords",
             "Link", "EID"],
            ["Kim J.", "Neuraminidase inhibitors", "2020", "Vaccine",
             "influenza; HA; NA; vaccine", "sodium; Na; potassium",
             "https://www.scopus.com/x", "2-s2.0-1"],
            ["Lee K.", "Another paper", "2021", "Vaccine", "NA", "nan",
             "https://www.scopus.com/y", "2-s2.0-2"],
        ])
    first, second = load(export).records
    assert first.keywords == ["influenza", "HA", "NA", "vaccine", "sodium", "Na", "potassium"]
    assert second.keywords == []


def test_a_wos_keyword_spelled_like_a_placeholder_is_kept(tmp_path: Path) -> None:
    export = tmp_path / "savedrecs.txt"
    export.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Kim, J\n"
                      "TI Neuraminidase inhibitors\nSO VACCINE\nDE influenza; HA; NA; vaccine\n"
                      "PY 2020\nUT WOS:000000000000001\nER\n\nEF\n", encoding="utf-8")
    (record,) = load(export).records
    assert record.keywords == ["influenza", "HA", "NA", "vaccine"]


# RIS files written through R or pandas carry its placeholders in tag lines: AGRIS and
# ProQuest EconLit (via CiteSource) "AB  - NA", a Zotero file (via ASReview) "IS  - nan".
@pytest.mark.parametrize(("name", "field", "written", "records"), [
    ("ris/agris__citesource__AGRIS.ris", "abstract", "NA", 12),
    ("ris/proquest-econlit__citesource__EconLit.ris", "abstract", "NA", 50),
    ("ris/zotero__asreview__baseline_zotero.ris", "issue", "nan", 25),
    ("ris/zotero__asreview__baseline_zotero.ris", "end_page", "nan", 28),
])
def test_placeholders_in_tagged_formats_are_empty_too(
        shared_dir: Path, name: str, field: str, written: str, records: int) -> None:
    source = shared_dir / "corpora" / name
    if not source.exists():
        pytest.skip(f"{name} not in the shared corpora")
    tag = {"abstract": "AB", "issue": "IS", "end_page": "EP"}[field]
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    assert sum(line.strip() == f"{tag}  - {written}" for line in lines) >= records
    read = load(source).records
    assert [getattr(r, field) for r in read if getattr(r, field) == written] == []


def test_a_placeholder_author_is_no_author_but_a_name_among_others_stays() -> None:
    from litsearch.importers import loads
    text = ("TY  - JOUR\nAU  - NA\nTI  - First\nKW  - NA\nER  - \n\n"
            "TY  - JOUR\nAU  - Kim, J.\nAU  - Na\nTI  - Second\nKW  - HA\nKW  - NA\n"
            "VL  - NA\nER  - \n")
    first, second = loads(text, format="ris").records
    assert (first.authors, first.keywords) == ([], [])
    assert [a.family for a in second.authors] == ["Kim", "Na"]
    assert (second.keywords, second.volume) == (["HA", "NA"], None)


def test_litsearch_own_ris_is_read_as_written() -> None:
    # As its CSV: litsearch writes no placeholder, so a title "NA" it exported reads back.
    from litsearch.importers import loads
    own, vendor = (loads(f"TY  - JOUR\nTI  - NA\nVL  - none\n{dp}ER  - \n", format="ris")
                   .records[0] for dp in ("DP  - litsearch\n", ""))
    assert (own.title, own.volume) == ("NA", "none")
    assert (vendor.title, vendor.volume) == (None, None)
