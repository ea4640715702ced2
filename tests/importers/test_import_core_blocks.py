"""The fast paths of the core readers give the same records as the plain ones.

The RIS and MEDLINE readers read text in blocks of lines (``core_lines.line_blocks``)
and records may start in one block and end in another; the pipeline writes run links
from rowids. These tests shrink the blocks and batches so every boundary is crossed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from litsearch import normalise
from litsearch.errors import ImportFormatError
from litsearch.importers import core_lines, loads
from litsearch.importers.core_record import year_of
from litsearch.importers.pipeline import import_file
from litsearch.store import Store

RIS_RECORD = (
    "TY  - JOUR\n"
    "TI  - Record {n} about meaning\n"
    "AU  - Smith, John A.\n"
    "A1  - Jansen AB\n"
    "PY  - 20{y:02d}\n"
    "KW  - spirituality\n"
    "ignored continuation keyword {n}\n"
    "AB  - An abstract that wraps\n"
    "over two lines.\n"
    "ER  - \n"
)

MEDLINE_RECORD = (
    "PMID- {n}\n"
    "TI  - Title {n} that wraps\n"
    "      onto a second line.\n"
    "FAU - Jansen, Anna B\n"
    "AU  - Jansen AB\n"
    "DP  - 20{y:02d} Mar\n"
    "GR  - R01 MH0001/MH/NIMH NIH HHS/United\n"
    "      States\n"
    "MH  - *Spirituality\n"
)


def _ris(count: int) -> str:
    # Text between records (Ovid numbers) and blank lines inside records, as real files have.
    return "".join(f"{n}.\n" + RIS_RECORD.format(n=n, y=n % 30) + "\n"
                   for n in range(1, count + 1))


def _medline(count: int) -> str:
    return "\n".join(MEDLINE_RECORD.format(n=n, y=n % 30) for n in range(1, count + 1))


def _rows(text: str, fmt: str) -> list[tuple]:
    return [(r.title, [a.raw for a in r.authors], r.year, r.keywords, r.abstract, r.line,
             r.position, r.original, sorted(r.extra.items(), key=lambda kv: kv[0]))
            for r in loads(text, format=fmt).records]


@pytest.mark.parametrize(("fmt", "make"), [("ris", _ris), ("medline", _medline)])
def test_records_across_block_boundaries_are_whole(monkeypatch: pytest.MonkeyPatch,
                                                   fmt: str, make) -> None:
    text = make(40)
    expected = _rows(text, fmt)
    assert len(expected) == 40
    for size in (7, 64, 301):  # blocks end mid-line, mid-record and between records
        monkeypatch.setattr(core_lines, "BLOCK_CHARS", size)
        assert _rows(text, fmt) == expected


def test_block_reader_keeps_line_numbers_and_verbatim_text(monkeypatch) -> None:
    monkeypatch.setattr(core_lines, "BLOCK_CHARS", 50)
    records = loads(_ris(5), format="ris").records
    lines = _ris(5).split("\n")
    for record in records:
        assert lines[record.line - 1] == "TY  - JOUR"
        assert record.original == "\n".join(lines[record.line - 1:record.line + 9])
    medline = loads(_medline(5), format="medline").records
    assert [r.line for r in medline] == [1, 11, 21, 31, 41]
    assert medline[2].original == MEDLINE_RECORD.format(n=3, y=3).rstrip("\n")


def test_medline_continuations_join_every_tag_and_blank_indents_do_not_split() -> None:
    text = MEDLINE_RECORD.format(n=1, y=1) + "AB  - First paragraph.\n      \n      Second.\n"
    (record,) = loads(text, format="medline").records
    assert record.extra["GR"] == ["R01 MH0001/MH/NIMH NIH HHS/United States"]
    assert record.abstract == "First paragraph. Second."
    assert record.title == "Title 1 that wraps onto a second line."


def test_ris_nul_byte_in_a_later_block_names_its_line(monkeypatch) -> None:
    monkeypatch.setattr(core_lines, "BLOCK_CHARS", 64)
    text = _ris(6).replace("Record 5 about", "Record 5\x00about")
    line = text[:text.index("\x00")].count("\n") + 1
    with pytest.raises(ImportFormatError, match=rf"<text> line {line}: binary data"):
        loads(text, format="ris")


def test_year_of_agrees_with_normalise_year() -> None:
    rng = random.Random(5)
    samples = ["2020///", "1998 Dec-1999 Jan", "ca. 1400", "20201", "Start date: 20170812",
               "", "2100", "2101", "1500", "1499", "x1999y", "19999", None, 2020, 1400, 2100]
    samples += ["".join(rng.choice("0123456789 -/aX") for _ in range(rng.randint(0, 12)))
                for _ in range(2000)]
    for value in samples:
        assert year_of(value) == normalise.year(value), value


def test_run_links_follow_rowids_across_batches(monkeypatch, tmp_path: Path) -> None:
    from litsearch.importers import pipeline

    monkeypatch.setattr(pipeline, "BATCH", 7)
    first = tmp_path / "first.ris"
    first.write_text(_ris(3), encoding="utf-8")
    second = tmp_path / "second.nbib"
    second.write_text(_medline(23), encoding="utf-8")
    with Store(tmp_path / "review.db") as store:
        import_file(store, first, "embase")
        cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
        summary = import_file(store, second, "pubmed")
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == cache
        rows = store.execute(
            "SELECT r.id, r.position, l.position AS linked, l.is_new, r.pmid FROM records r "
            "JOIN run_records l ON l.record_id = r.id WHERE l.search_run_id = ? ORDER BY r.id",
            (summary.run_id,)).fetchall()
        assert [r["position"] for r in rows] == list(range(1, 24))
        assert all(r["linked"] == r["position"] and r["is_new"] == 1 for r in rows)
        assert [r["pmid"] for r in rows] == [str(n) for n in range(1, 24)]
        total = store.execute("SELECT COUNT(*) FROM run_records").fetchone()[0]
        assert total == 26


def test_decode_error_in_a_late_block_names_the_line(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(core_lines, "BLOCK_CHARS", 40)
    path = tmp_path / "late.nbib"
    data = _medline(4).encode("utf-8")
    cut = data.index(b"Title 3")
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    line = data[:cut].count(b"\n") + 1
    from litsearch.importers import load

    with pytest.raises(ImportFormatError, match=re.escape(f"late.nbib line {line}: bytes")):
        load(path, format="medline", encoding="utf-8")
