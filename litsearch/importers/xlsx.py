"""Excel workbooks (.xlsx) exported by databases or kept by hand, read with openpyxl.

The first sheet with a recognisable header row is read; the header, dialect and row
mapping are the same as for CSV (see :mod:`litsearch.importers.delimited_rows`).
``line`` holds the worksheet row number, so a user can find the row in Excel.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import ImportFormatError
from ..models import Record
from .delimited_header import MAX_PREAMBLE_ROWS, best_header, choose_dialect
from .delimited_rows import RowMapper
from .limits import LIMITS, check_field, check_workbook
from .registry import Reader, blank_error, register
from .source import Source


def sniff(head: str) -> float:
    """Score a head as an Office Open XML workbook (a zip holding ``xl/`` parts)."""
    return 0.95 if head.startswith("PK\x03\x04") and "xl/" in head else 0.0


def cell_text(value: Any) -> str:
    """Render a cell value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read(source: Source) -> Iterator[Record]:
    """Yield one record per data row of the first sheet that has a header row.

    Raises:
        ImportFormatError: The file is not a readable workbook, or no sheet has a
            header row with known column names.
    """
    # openpyxl pulls in numpy (~0.2 s): import it only when a workbook is read, so
    # every other command starts fast.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # A workbook is a zip, not text: the "read as Windows-1252" note Source made while
    # guessing a text encoding does not apply.
    source.notes[:] = [n for n in source.notes if "Windows-1252" not in n]
    try:
        with source.open_binary() as stream:
            check_workbook(source.name, stream)
            stream.seek(0)
            workbook = load_workbook(stream, read_only=True, data_only=True)
            try:
                yield from _read_workbook(source, workbook)
            finally:
                workbook.close()
    # openpyxl raises ValueError for parts it cannot read (an invalid dimension or cell
    # reference, malformed XML); nothing here raises it otherwise.
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise ImportFormatError(f"{source.name}: not a readable .xlsx workbook ({reason}).",
                                "Open it in Excel and save it again as .xlsx, or export CSV."
                                ) from exc


def _read_workbook(source: Source, workbook: Any) -> Iterator[Record]:
    filled = False
    for sheet in workbook.worksheets:
        # The stored dimension is a claim ("A1:XFD1048576" in a 2 KB file); openpyxl pads
        # every row to it. Forget it: rows come as they are in the file.
        sheet.reset_dimensions()
        head: list[list[str]] = []
        for row in sheet.iter_rows(max_row=MAX_PREAMBLE_ROWS + 1, values_only=True):
            head.append([cell_text(v) for v in row])
        filled = filled or any(c.strip() for row in head for c in row)
        found = best_header(head)
        if found is None:
            continue
        index, header, _score = found
        # Excel pads rows to the used range; trailing blank header cells are not columns.
        while len(header) > 1 and header[-1].startswith("column "):
            header = header[:-1]
        mapper = RowMapper(header, choose_dialect(list(header)))
        position = 0
        for number, row in enumerate(sheet.iter_rows(min_row=index + 2, values_only=True),
                                     start=index + 2):
            cells = [cell_text(v) for v in row]
            if any(len(c) > LIMITS.field_chars for c in cells):
                check_field(source.name, f"row {number}", max(len(c) for c in cells))
            if not any(c.strip() for c in cells):
                continue
            position += 1
            yield mapper.record(cells, position, number)
        return
    if not filled:
        raise blank_error(source.name, "a workbook without a filled cell")
    raise ImportFormatError(
        f"{source.name}: no sheet has a header row with known column names.",
        "Put the column names (Title, Authors, Year, DOI, ...) in the first row of a sheet.")


READER = register(Reader(name="xlsx", label="Excel workbook (.xlsx)", sniff=sniff, read=read))
