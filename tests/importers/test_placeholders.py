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


def test_a_table_saved_by_pandas_reads_as_the_export_it_was(
        shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / SCOPUS
    if not source.exists():
        pytest.skip(f"{SCOPUS} not in the shared corpora")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    resaved = tmp_path / "scopus_pandas.csv"
    with resaved.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *([c or "nan" for c in r] for r in rows[1:])])
    fields = ("volume", "issue", "start_page", "end_page", "journal", "doi", "abstract")
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
