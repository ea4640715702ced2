"""Old binary Excel workbooks (.xls, BIFF in an OLE2 container), read with xlrd.

Some databases and tools still export .xls. A sheet is read exactly as the same
sheet saved as .xlsx (:mod:`litsearch.importers.xlsx`): the first sheet with a
recognisable header row, the CSV header/dialect/row mapping, cells rendered as a
CSV export would hold them, and ``line`` = the worksheet row number.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import ImportFormatError
from ..models import Record
from .core_record import NO_TITLE
from .delimited_header import MAX_PREAMBLE_ROWS, best_header, choose_dialect
from .delimited_rows import RowMapper
from .registry import Reader, blank_error, register
from .source import Source
from .xlsx import cell_text

#: The OLE2 compound-file signature every BIFF5/BIFF8 workbook starts with, as the
#: head shows it (Source decodes a non-UTF-8 file as cp1252 or latin-1; both map
#: these eight bytes to the same characters).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".decode("latin-1")
#: Stream names of a workbook in the OLE2 directory (UTF-16LE), BIFF8 then BIFF5.
WORKBOOK_STREAMS = ("W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00", "B\x00o\x00o\x00k\x00")
#: What xlrd raises on a damaged file besides its own errors: it unpacks records
#: without checking them (found by fuzzing with corrupted workbooks).
DAMAGE_ERRORS: tuple[type[Exception], ...] = (
    struct.error, IndexError, KeyError, ValueError, AssertionError, TypeError, UnicodeError,
    LookupError, OverflowError, ZeroDivisionError, AttributeError, OSError)
_HINT = "Open it in Excel or LibreOffice and save it again as .xlsx or CSV."


def sniff(head: str) -> float:
    """Score a head as a binary Excel workbook (OLE2 container)."""
    if not head.startswith(OLE2_MAGIC):
        return 0.0
    # Another OLE2 file (.doc, .msg) is claimed too, so the reader can say what it is.
    return 0.95 if any(name in head for name in WORKBOOK_STREAMS) else 0.9


def table_of(head: Sequence[Sequence[str]]) -> tuple[int, RowMapper] | None:
    """Find the header row among a sheet's first rows and build its row mapper.

    Returns:
        (0-based index of the header row, mapper), or None when no row looks like
        a header with known column names.
    """
    found = best_header([list(row) for row in head])
    if found is None:
        return None
    index, header, _score = found
    # Excel pads rows to the used range; trailing blank header cells are not columns.
    while len(header) > 1 and header[-1].startswith("column "):
        header = header[:-1]
    return index, RowMapper(header, choose_dialect(list(header)))


def _cell(cell: Any, datemode: int) -> str:
    """Render one xlrd cell as the text openpyxl's value would give (see cell_text)."""
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return cell_text(value if kind in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_TEXT) else None)


def _sheet_records(sheet: Any, datemode: int) -> Iterator[Record] | None:
    head = [[_cell(c, datemode) for c in sheet.row(r)]
            for r in range(min(sheet.nrows, MAX_PREAMBLE_ROWS + 1))]
    table = table_of(head)
    if table is None:
        return None
    index, mapper = table
    return _rows(sheet, datemode, index, mapper)


def _rows(sheet: Any, datemode: int, index: int, mapper: RowMapper) -> Iterator[Record]:
    position = 0
    for r in range(index + 1, sheet.nrows):
        cells = [_cell(c, datemode) for c in sheet.row(r)]
        if not any(c.strip() for c in cells):
            continue
        position += 1
        record = mapper.record(cells, position, r + 1)
        # The shared row mapper does not flag a missing title (yet); every reader must.
        if not record.title and NO_TITLE not in record.warnings:
            record.warnings.append(NO_TITLE)
        yield record


def _open(source: Source) -> Any:
    """Open the workbook with xlrd (sheets load on demand).

    Raises:
        ImportFormatError: Not a workbook, or a damaged one.
    """
    # xlrd is imported only when a workbook is read, so other commands start fast.
    import xlrd
    from xlrd.compdoc import CompDocError

    with source.open_binary() as stream:
        data = stream.read()
    try:
        # xlrd writes warnings to stdout unless given a log file.
        return xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except (xlrd.XLRDError, CompDocError, *DAMAGE_ERRORS) as exc:
        raise ImportFormatError(
            f"{source.name}: not a readable Excel 97-2003 (.xls) workbook ({_reason(exc)}).",
            _HINT) from exc


def _reason(exc: Exception) -> str:
    """Return xlrd's own message, or a plain phrase for a low-level failure."""
    from xlrd import XLRDError
    from xlrd.compdoc import CompDocError

    if isinstance(exc, (XLRDError, CompDocError)):
        return str(exc)
    return "its internal structure is damaged"


def read(source: Source) -> Iterator[Record]:
    """Yield one record per data row of the first sheet that has a header row.

    Raises:
        ImportFormatError: The file is not a readable .xls workbook, or no sheet has
            a header row with known column names.
    """
    import xlrd

    # An OLE2 file is binary: Source's "read as Windows-1252" note does not apply.
    source.notes[:] = [n for n in source.notes if "Windows-1252" not in n]
    book = _open(source)
    filled = False
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except (xlrd.XLRDError, *DAMAGE_ERRORS) as exc:
                raise ImportFormatError(f"{source.name}, sheet {index + 1}: this sheet is "
                                        f"damaged ({_reason(exc)}).", _HINT) from exc
            rows = range(min(sheet.nrows, MAX_PREAMBLE_ROWS + 1))
            filled = filled or any(str(v).strip() for r in rows for v in sheet.row_values(r))
            records = _sheet_records(sheet, book.datemode)
            if records is not None:
                yield from records
                return
    finally:
        book.release_resources()
    if not filled:
        raise blank_error(source.name, "a workbook without a filled cell")
    raise ImportFormatError(
        f"{source.name}: no sheet has a header row with known column names.",
        "Put the column names (Title, Authors, Year, DOI, ...) in the first row of a sheet.")


READER = register(Reader(name="xls", label="Excel 97-2003 workbook (.xls)", sniff=sniff,
                         read=read))
