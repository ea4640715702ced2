"""Old binary Excel (.xls) imports: the same sheet reads exactly as it does saved as .xlsx.

No maintained library writes .xls (xlwt stopped in 2017), so the tests build workbooks
at run time with the small writer below: BIFF8 records (BOF, CODEPAGE, DATEMODE, two
XF records, BOUNDSHEET, SST, then per sheet LABELSST / NUMBER / BOOLERR cells and EOF;
layouts from Microsoft's [MS-XLS] specification) inside an OLE2 compound file with one
FAT sector and one directory sector ([MS-CFB], version 3, 512-byte sectors). The
stream is padded to 4096 bytes so it lives in regular sectors, as Excel's do.
"""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from litsearch.errors import ImportFormatError
from litsearch.importers import load, loads
from litsearch.project import Project
from litsearch.store.records import iter_records

Cell = str | int | float | bool | dt.date | None
_END, _FREE, _FAT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _rec(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(stream_type: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, stream_type, 0x0DBB, 0x07CC, 0, 6))


def _cell(row: int, col: int, value: Cell, sst: dict[str, int]) -> bytes:
    if isinstance(value, bool):  # BOOLERR
        return _rec(0x0205, struct.pack("<HHHBB", row, col, 0, int(value), 0))
    if isinstance(value, dt.date):  # NUMBER with XF 1 (format 14, a date)
        moment = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        serial = (moment - _EXCEL_EPOCH).total_seconds() / 86400
        return _rec(0x0203, struct.pack("<HHHd", row, col, 1, serial))
    if isinstance(value, (int, float)):  # NUMBER with XF 0 (General)
        return _rec(0x0203, struct.pack("<HHHd", row, col, 0, float(value)))
    return _rec(0x00FD, struct.pack("<HHHI", row, col, 0, sst[str(value)]))  # LABELSST


def biff8(sheets: list[tuple[str, list[list[Cell]]]]) -> bytes:
    """Return a BIFF8 workbook stream holding the sheets' rows."""
    strings = list(dict.fromkeys(v for _, rows in sheets for row in rows for v in row
                                 if isinstance(v, str)))
    sst = {s: i for i, s in enumerate(strings)}
    table = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    assert len(table) <= 8224, "one SST record only (no CONTINUE)"
    xf = struct.pack("<HHHBBBBIiH", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    xf_date = struct.pack("<HHHBBBBIiH", 0, 14, 0, 0, 0, 0, 0, 0, 0, 0)
    head = (_bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200)) +
            _rec(0x0022, struct.pack("<H", 0)) + _rec(0x00E0, xf) + _rec(0x00E0, xf_date))
    bodies = [_bof(0x0010) + b"".join(_cell(r, c, v, sst) for r, row in enumerate(rows)
                                      for c, v in enumerate(row) if v is not None) + _rec(0x000A)
              for _, rows in sheets]

    def boundsheets(offsets: list[int]) -> bytes:
        return b"".join(_rec(0x0085, struct.pack("<IBBB", off, 0, 0, len(name)) + b"\x01" +
                             name.encode("utf-16-le"))
                        for (name, _), off in zip(sheets, offsets, strict=True))

    offset = len(head) + len(boundsheets([0] * len(sheets))) + len(_rec(0x00FC, table)) + 4
    offsets = []
    for body in bodies:
        offsets.append(offset)
        offset += len(body)
    return head + boundsheets(offsets) + _rec(0x00FC, table) + _rec(0x000A) + b"".join(bodies)


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1 if name else 0) +
            struct.pack("<III", _NONE, _NONE, child) + b"\0" * 36 + struct.pack("<IQ", start, size))


def ole2(stream: bytes, name: str = "Workbook") -> bytes:
    """Wrap a stream in an OLE2 compound file: header, FAT sector, directory, data."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    sectors = len(stream) // 512
    assert sectors + 2 <= 128, "one FAT sector only"
    fat = [_FAT, _END, *range(3, sectors + 2), _END]
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 +
              struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
              struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0) +
              struct.pack("<I", 0) + b"\xff" * (4 * 108))
    directory = (_entry("Root Entry", 5, 1, _END, 0) + _entry(name, 2, _NONE, 2, len(stream)) +
                 _entry("", 0, _NONE, 0, 0) * 2)
    return (header + struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff") + directory +
            stream)


def write_xls(path: Path, sheets: list[tuple[str, list[list[Cell]]]]) -> Path:
    path.write_bytes(ole2(biff8(sheets)))
    return path


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[Cell]]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


SCOPUS = [
    ["Scopus export", None, None, None, None, None, None, None, None],
    [None] * 9,
    ["Authors", "Title", "Year", "Source title", "DOI", "PubMed ID", "EID", "Notes",
     "Date added"],
    ["Smith A.; Lee B.", "Sleep and screens", 2021, "Sleep Health", "10.1000/X", 33000001,
     "2-s2.0-1", "mine", dt.date(2021, 3, 4)],
    [None] * 9,
    ["Kim C.", None, 2020.0, None, None, None, "2-s2.0-2", True, None],
    ["Müller K.", "Naïve café workers", 2019, "J Sleep Res", None, None, "2-s2.0-3", 1.5,
     dt.datetime(2019, 5, 6, 7, 8)],
]


def test_xls_reads_exactly_like_the_same_sheet_as_xlsx(tmp_path: Path) -> None:
    sheets = [("Scopus", SCOPUS)]
    old = load(write_xls(tmp_path / "scopus.xls", sheets))
    new = load(write_xlsx(tmp_path / "scopus.xlsx", sheets))
    assert (old.format, new.format, old.read, old.warned) == ("xls", "xlsx", 3, 1)
    assert [r.to_row() for r in old.records] == [r.to_row() for r in new.records]
    first, second, third = old.records
    assert (first.title, first.year, first.pmid, first.doi, first.database) == (
        "Sleep and screens", 2021, "33000001", "10.1000/x", "Scopus")
    assert first.extra["Date added"] == "2021-03-04" and first.extra["Notes"] == "mine"
    assert [a.display() for a in first.authors] == ["Smith A", "Lee B"]
    assert [r.line for r in old.records] == [4, 6, 7]  # worksheet rows
    # Kept with the warning every reader gives (compared above without warnings).
    assert second.title is None and second.warnings == ["no title"] and second.position == 2
    assert second.extra["Notes"] == "True" and third.extra["Notes"] == "1.5"
    assert third.title == "Naïve café workers" and not old.notes


def test_web_of_science_savedrecs_xls_uses_its_dialect(tmp_path: Path) -> None:
    # Web of Science's "Excel" export was a BIFF8 savedrecs.xls with spelled-out headers.
    header = ["Publication Type", "Authors", "Author Full Names", "Article Title",
              "Source Title", "Language", "Document Type", "Abstract", "Publication Year",
              "Volume", "Issue", "Start Page", "End Page", "DOI", "Pubmed Id",
              "UT (Unique WOS ID)"]
    row = ["J", "Smith, A; Lee, B", "Smith, Anna; Lee, Bo", "Sleep and screens",
           "SLEEP HEALTH", "English", "Article", "Screens delay sleep.", 2021, 7, 2, 101,
           110, "10.1016/j.sleh.2021.01.001", 33000001, "WOS:000600000000001"]
    (record,) = load(write_xls(tmp_path / "savedrecs.xls", [("savedrecs", [header, row])])
                     ).records
    assert record.extra["csv_dialect"] == "wos-excel"
    assert (record.database, record.source_record_id, record.pmid) == (
        "Web of Science", "WOS:000600000000001", "33000001")
    assert [a.given for a in record.authors] == ["Anna", "Bo"]
    assert (record.volume, record.issue, record.start_page, record.end_page) == (
        "7", "2", "101", "110")


def test_detected_by_content_and_later_sheet_used(tmp_path: Path) -> None:
    sheets = [("Read me", [["Exported from the database on 2024-05-02"], ["Nothing here"]]),
              ("Records", [["Title", "Authors", "Year"], ["A title", "Doe J", 2001]])]
    path = write_xls(tmp_path / "export.txt", sheets)  # extensions lie
    result = load(path)
    assert result.format == "xls"
    assert [(r.title, r.year, r.line) for r in result.records] == [("A title", 2001, 2)]


def test_no_header_row_names_the_file(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "numbers.xls", [("Sheet1", [[1, 2, 3], [4, 5, 6]])])
    with pytest.raises(ImportFormatError, match="numbers.xls: no sheet has a header row"):
        load(path)


def test_damaged_and_foreign_ole2_files_raise_one_clear_error(tmp_path: Path) -> None:
    good = ole2(biff8([("Sheet1", [["Title"], ["x"]])]))
    for name, data in [("cut.xls", good[:1000]), ("memo.doc", ole2(b"\0" * 100, "WordDocument")),
                       ("garbled.xls", good[:1536] + b"\x09\x08\xff\xff" + good[1540:])]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ImportFormatError) as caught:
            load(path)
        assert f"{name}: not a readable Excel 97-2003 (.xls) workbook" in str(caught.value)
        assert caught.value.hint


def test_cli_imports_xls(cli, project: Project, tmp_path: Path) -> None:
    path = write_xls(tmp_path / "cinahl.xls", [("Sheet1", SCOPUS)])
    code, out, err = cli("import", str(path), "--db", "pubmed", cwd=project.root)
    assert code == 0, err
    assert "xls" in out and "no title" in err
    with Project.open(project.root) as again:
        titles = sorted(str(r.title) for _, r in iter_records(again.store))
    assert titles == ["Naïve café workers", "None", "Sleep and screens"]


_GOOD = ole2(biff8([("Sheet1", [["Title", "Year", "DOI"], ["A", 2020, "10.1/x"],
                                 ["B", True, 1.5]])]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_GOOD) - 1), st.integers(0, 255)), max_size=12),
       st.integers(512, len(_GOOD)))
def test_fuzz_damaged_workbooks_raise_only_import_format_error(
        changes: list[tuple[int, int]], length: int) -> None:
    data = bytearray(_GOOD)
    for offset, value in changes:
        data[offset] = value
    try:
        result = loads(bytes(data[:length]), format="xls", name="fuzz.xls")
    except ImportFormatError as exc:
        assert str(exc)
        return
    assert [r.position for r in result.records] == list(range(1, result.read + 1))


def test_a_workbook_without_a_filled_cell_is_a_blank_file(tmp_path: Path) -> None:
    # The one rule for empty files (test_empty_files.py): nothing in it, nothing to import.
    path = write_xls(tmp_path / "savedrecs.xls", [("savedrecs", []), ("Sheet2", [])])
    with pytest.raises(ImportFormatError) as caught:
        load(path)
    assert str(caught.value).startswith("savedrecs.xls is empty (a workbook without a filled "
                                        "cell)")
    assert "Export the search results again" in caught.value.hint
