"""Small files that claim big things are read by what they hold, or refused in one line.

Issue 17.4: a 1.6 KB workbook whose ``dimension`` claimed the whole sheet ran for half
an hour; a row numbered two billion, a column past XFD or XML nested a hundred thousand
deep would hang or exhaust memory. The limits are one table
(:mod:`litsearch.importers.limits`); these properties generate files that make such
claims and check each is read by what exists or refused with the limit named.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.errors import ImportFormatError
from litsearch.importers import load, loads
from litsearch.importers.limits import LIMITS, Limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from hostile_corpus import cell, header_rows, xlsx  # noqa: E402

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
COLUMN = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=5)
ROW = st.one_of(st.integers(3, 300), st.integers(LIMITS.sheet_rows + 1, 10**15))


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


@SETTINGS
@given(dimension=st.tuples(COLUMN, st.integers(1, 10**9)),
       claims=st.lists(st.tuples(COLUMN, ROW), max_size=4))
def test_workbook_claims_are_read_by_what_exists(tmp_path_factory, dimension, claims) -> None:
    path = tmp_path_factory.mktemp("x") / "claims.xlsx"
    rows = "".join(f'<row r="{r}">{cell(f"{c}{r}", "x")}</row>'
                   for c, r in sorted(claims, key=lambda cr: cr[1]))
    xlsx(path, header_rows(rows), f"A1:{dimension[0]}{dimension[1]}")
    past = [(c, r) for c, r in claims
            if r > LIMITS.sheet_rows or _column_number(c) > LIMITS.sheet_columns]
    try:
        result = load(path)
    except ImportFormatError as exc:
        # Refused: for a claim past Excel's grid, or (openpyxl's own check) a dimension
        # that is no cell range at all; never a hang or a traceback.
        assert (past and "past Excel's last" in str(exc)) or "not a readable" in str(exc)
        return
    assert not past
    # The claimed dimension adds nothing: one record per row that holds a value.
    assert result.read == 1 + len({r for _, r in claims})


PUBMED = ('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>'
          '<PMID>1</PMID><Article><ArticleTitle>T</ArticleTitle>{nest}</Article>'
          '</MedlineCitation></PubmedArticle></PubmedArticleSet>')


@SETTINGS
@given(depth=st.one_of(st.integers(0, 240), st.integers(260, 5_000)))
def test_xml_nesting_is_read_or_refused_at_the_limit(depth: int) -> None:
    text = PUBMED.format(nest="<x>" * depth + "</x>" * depth)
    if depth + 5 <= LIMITS.xml_depth:
        assert loads(text, format="pubmed-xml").read == 1
    else:
        with pytest.raises(ImportFormatError, match=f"more than {LIMITS.xml_depth} deep"):
            loads(text, format="pubmed-xml")


def test_limits_are_one_table_above_real_exports() -> None:
    assert LIMITS == Limits()
    assert LIMITS.field_chars >= 1024 * 1024 and LIMITS.xml_depth >= 64


def test_dimension_claiming_the_whole_sheet_reads_the_rows_that_exist(tmp_path: Path) -> None:
    path = tmp_path / "whole_sheet.xlsx"
    rows = "".join(f'<row r="{r}">{cell(f"A{r}", f"Study {r}")}</row>' for r in range(3, 50))
    xlsx(path, header_rows(rows), "A1:XFD1048576")
    assert load(path).read == 48


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_not_read(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    with pytest.raises(ImportFormatError, match="is a device"):
        load(device)


#: A small file of each text format whose second line runs on past the (lowered) limit.
LONG_LINE = {
    "ris": "TY  - JOUR\nTI  - {long}\nER  - \n",
    "medline": "PMID- 1\nTI  - {long}\n",
    "wos": "FN Clarivate\nVR 1.0\nPT J\nTI {long}\nER\n",
    "ovid": "<1. >\nTI  - {long}\n",
    "ovid-display": "<1>\nTitle\n  {long}\n",
    "endnote-tagged": "%0 Journal Article\n%T {long}\n",
    "proquest-text": "Report Information from ProQuest\nDocument 1 of 1\nTitle: {long}\n",
    "pmid-list": "123\n{long}\n",
    "csv": "Title,Year\n{long},2020\n",
    "bibtex": "@article{{k,\n  title = {{{long}}},\n}}\n",
}


@pytest.mark.parametrize("fmt", sorted(LONG_LINE))
def test_every_text_reader_refuses_a_line_past_the_limit(fmt: str, monkeypatch) -> None:
    import litsearch.importers.core_lines as core_lines
    import litsearch.importers.limits as limits

    small = Limits(line_chars=4096)
    monkeypatch.setattr(core_lines, "LIMITS", small)
    monkeypatch.setattr(limits, "LIMITS", small)
    # Far more than one block of decoded text (1 MiB), so the line is never held whole.
    text = LONG_LINE[fmt].format(long="a" * (3 * 1024 * 1024))
    with pytest.raises(ImportFormatError, match=r"line \d is longer than 4,096 characters"):
        loads(text, format=fmt)
