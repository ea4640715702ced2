"""Text outside a RIS file's records is said, never dropped unsaid.

A second export pasted onto a RIS file (``cat a.ris b.csv``) was skipped as text outside
records: 58 Scopus rows disappeared without a word. The same went on for text *between*
records (a CSV row, a stray paragraph, tag lines that make no record) and before the first
one. Vendors' own text between records (Ovid's numbers, links and lone ``NL`` lines,
Cochrane's and JSTOR's preambles, blank lines) is no record and stays quiet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.importers import loads, ris, ris_dialects
from litsearch.importers.core_lines import RECORD_STARTS
from litsearch.importers.pipeline import import_file
from litsearch.store import Store

CRIMJUST = "corpora/ris/ebsco-crimjust__citesource__20221207_gambling-harms_crimjust_41.ris"
SCOPUS = "corpora/scopus-csv/scopus__litstudy__scopus.csv"
QUIET = ("corpora/ris/ovid-psycinfo__asreview__ovid_psycinfo.ris",
         "corpora/ris/ovid-cab__synthesisr__Ovid_ris_example.ris",
         "corpora/ris/jstor__colrev__jstor_ris.ris")


def _notes(path: Path) -> list[str]:
    with Store(":memory:") as store:
        summary = import_file(store, path, "other")
    return list(summary.notes)


def test_a_csv_pasted_after_the_last_record_is_named(shared_dir: Path, tmp_path: Path) -> None:
    ris = (shared_dir / CRIMJUST).read_text(encoding="utf-8")
    csv_text = (shared_dir / SCOPUS).read_text(encoding="utf-8-sig")
    joined = tmp_path / "joined.ris"
    joined.write_text(ris.rstrip("\n") + "\n" + csv_text, encoding="utf-8")
    first = ris.rstrip("\n").count("\n") + 2  # not splitlines: the file holds U+2028
    rows = len([line for line in csv_text.split("\n") if line.strip()])
    notes = [n for n in _notes(joined) if "after the last record" in n]
    assert len(notes) == 1, notes
    assert f"lines {first}-" in notes[0] and "import that part as a file of its own" in notes[0]
    assert f"{rows:,} lines" in notes[0] or f"{rows} lines" in notes[0]


@pytest.mark.parametrize("name", QUIET)
def test_vendor_text_between_records_says_nothing(shared_dir: Path, name: str) -> None:
    if not (shared_dir / name).exists():
        pytest.skip(f"{name} not in the shared corpora")
    assert not [n for n in _notes(shared_dir / name) if "not read as records" in n]


def _insert(text: str, after_er: int, lines: list[str]) -> tuple[str, int]:
    """Put ``lines`` after the ``after_er``-th ER line; return the text and their first line."""
    out = text.split("\n")
    ers = [i for i, line in enumerate(out) if line.startswith("ER  -")]
    at = ers[after_er - 1] + 1
    return "\n".join([*out[:at], *lines, *out[at:]]), at + 1


def _crimjust(shared_dir: Path) -> str:
    return (shared_dir / CRIMJUST).read_text(encoding="utf-8")


def test_a_csv_row_between_records_is_named(shared_dir: Path, tmp_path: Path) -> None:
    row = (shared_dir / SCOPUS).read_text(encoding="utf-8-sig").split("\n")[2]
    text, line = _insert(_crimjust(shared_dir), 3, ["", row, ""])
    path = tmp_path / "row.ris"
    path.write_text(text, encoding="utf-8")
    notes = [n for n in _notes(path) if "between records" in n]
    assert len(notes) == 1, notes
    assert f"line {line + 1}: 1 line of text between records" in notes[0]
    assert "'\"Murata T.\"" in notes[0]
    with Store(":memory:") as store:  # the records on both sides are all still read
        assert import_file(store, path, "other").read == 41


def test_each_place_is_listed_once_with_its_lines(shared_dir: Path, tmp_path: Path) -> None:
    text, first = _insert(_crimjust(shared_dir), 1, ["Pasted from my notes:", "see also"])
    text, second = _insert(text, 5, ["another stray paragraph"])
    path = tmp_path / "stray.ris"
    path.write_text(text, encoding="utf-8")
    notes = [n for n in _notes(path) if "not read as records" in n]
    assert notes == [
        f"stray.ris, lines {first}-{first + 1}, {second}: 3 lines of text between records, "
        "starting 'Pasted from my notes:', not read as records; if they are another export "
        "pasted in, import that part as a file of its own."]


def test_text_before_the_first_record_is_named(shared_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "lead.ris"
    path.write_text("Results of my search, 7 Dec\n\n" + _crimjust(shared_dir), encoding="utf-8")
    notes = [n for n in _notes(path) if "not read as records" in n]
    assert len(notes) == 1 and notes[0].startswith(
        "lead.ris, line 1: 1 line of text before the first record, starting 'Results of my")


def test_tag_lines_that_make_no_record_are_named(shared_dir: Path, tmp_path: Path) -> None:
    # The tail of a record cut from another file: tag lines, but no title, author or year.
    text, line = _insert(_crimjust(shared_dir), 2, ["N1  - Accession Number: 123", "ER  - "])
    path = tmp_path / "tail.ris"
    path.write_text(text, encoding="utf-8")
    notes = [n for n in _notes(path) if "between records" in n]
    assert len(notes) == 1 and f"lines {line}-{line + 1}: 2 lines" in notes[0], notes


_CLEAN: dict[str, list[str | None]] = {}
_LINE = st.text(st.characters(min_codepoint=32, max_codepoint=0x17F, exclude_characters="\x7f"),
                min_size=1, max_size=60)


def _stray(line: str) -> bool:
    """A line that is text outside records: no tag, no record start, no vendor text."""
    return (bool(line.strip()) and line[:1] not in " \t"
            and ris._tag(line)[0] is None and ris._loose_start(line, False) is None
            and not any(rx.search(line) for rx in ris_dialects.OUTSIDE_TEXT)
            and not any(re.match(p, line) for _, p in RECORD_STARTS.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 40), _LINE.filter(_stray)), min_size=1, max_size=4))
def test_any_stray_line_between_records_is_named_and_no_record_changes(
        shared_dir: Path, inserts: list[tuple[int, str]]) -> None:
    if not (shared_dir / CRIMJUST).exists():
        pytest.skip(f"{CRIMJUST} not in the shared corpora")
    text = _crimjust(shared_dir)
    clean = _CLEAN.setdefault("titles", [r.title for r in loads(text).records])
    lines: list[int] = []
    for after, line in inserts:
        text, number = _insert(text, after, [line])
        lines = sorted([n + (n >= number) for n in lines] + [number])
    result = loads(text, name="gambling.ris")
    assert [r.title for r in result.records] == clean
    notes = [n for n in result.notes if "between records" in n]
    assert len(notes) == 1 and f"{len(inserts)} line" in notes[0], notes
    where = notes[0].split(":")[0]
    assert re.search(rf"lines? {lines[0]}\b", where) and (
        str(lines[-1]) in where or "more" in where), notes


def test_a_doubled_end_mark_says_nothing(shared_dir: Path, tmp_path: Path) -> None:
    text, _line = _insert(_crimjust(shared_dir), 2, ["ER  - ", ""])
    path = tmp_path / "doubled.ris"
    path.write_text(text, encoding="utf-8")
    assert not [n for n in _notes(path) if "not read as records" in n]
