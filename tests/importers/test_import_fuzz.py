"""Fuzzing the RIS and MEDLINE readers: any text gives records or an ImportFormatError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.errors import ImportFormatError
from litsearch.importers import loads

_RIS_TAGS = ["TY", "ER", "TI", "T1", "AU", "A1", "A2", "PY", "Y1", "DA", "DO", "KW", "AB", "N2",
             "SP", "EP", "IS", "SN", "DB", "DP", "AN", "ID", "UR", "L2", "C2", "C3", "C5", "U1",
             "M3", "PMID", "N1", "VO"]
_MEDLINE_TAGS = ["PMID", "TI", "AB", "FAU", "AU", "CN", "DP", "LID", "AID", "IS", "LA", "PT",
                 "MH", "OT", "JT", "TA", "VI", "IP", "PG", "PMC", "OWN", "BTI"]
_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "JOUR", "2020///", "10.1000/x [doi]", "PUBMED 123",
                     "https://doi.org/10.1/ab", "Smith, J.", "Liu R.", "12345678",
                     "D=medl&AN=123", "1999 Spring", "No", "Specified", "\t", "*Heading/ep"]),
)


def _line(tags: list[str], separator: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tagged = st.builds(lambda t, sep, v: f"{t}{sep}{v}", st.sampled_from(tags), separator, _VALUES)
    return st.one_of(tagged, st.text(max_size=30), st.just(""), st.just("      continued"),
                     st.just("1."), st.just("Record #1 of 2"))


_NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


def _check(text: str, fmt: str) -> None:
    try:
        result = loads(text, format=fmt)
    except ImportFormatError as exc:
        assert str(exc)
        return
    assert result.read == len(result.records)
    for position, record in enumerate(result.records, start=1):
        assert record.position == position
        assert (record.title is None) == ("no title" in record.warnings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(_RIS_TAGS, st.sampled_from(["  - ", " - ", "  -  ", "  -", "- "])),
                max_size=40), _NEWLINES)
def test_ris_reader_never_crashes(lines: list[str], newline: str) -> None:
    _check(newline.join(lines), "ris")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(_MEDLINE_TAGS, st.sampled_from(["- ", "  - ", " - ", "-"])),
                max_size=40), _NEWLINES)
def test_medline_reader_never_crashes(lines: list[str], newline: str) -> None:
    _check(newline.join(lines), "medline")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_cleanly(data: bytes) -> None:
    for fmt in ("ris", "medline", "pubmed-xml", None):
        try:
            result = loads(data, format=fmt)
        except ImportFormatError as exc:
            assert str(exc)
        else:
            assert result.read == len(result.records)
