"""Delimited exports: CSV, TSV and semicolon CSV from every vendor, and WoS tab-delimited.

The delimiter and the header row are found from the head of the file (the header is
not always on line 1: Embase writes its search query first); the dialect is chosen by
the header's signature (see :mod:`litsearch.importers.csv_dialects`). Rows stream from
the file, so memory stays flat for exports of any size.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..errors import ImportFormatError
from ..models import Record
from .core_lines import line_blocks
from .delimited_header import Layout, find_layout, sniff_score
from .delimited_rows import RowMapper
from .limits import LIMITS
from .registry import Reader, register
from .source import Source

#: Largest cell accepted (the limits table); a stray quote can otherwise swallow the
#: whole file.
MAX_CELL = LIMITS.field_chars
csv.field_size_limit(MAX_CELL)
#: More physical lines than this in one row means an unclosed quote swallowed the file
#: (Python's csv reader then returns the rest of the file as one cell, silently).
MAX_ROW_LINES = 500


def layout_of(source: Source) -> Layout:
    """Return the delimiter, header row and dialect of a delimited file.

    Raises:
        ImportFormatError: No header row with known column names in the first rows.
    """
    layout = find_layout(source.head)
    if layout is None:
        first = next((ln.strip() for ln in source.head.splitlines() if ln.strip()), "")[:60]
        raise ImportFormatError(
            f"{source.name}: no header row with known column names (first line: {first!r}).",
            "A delimited export needs a header row naming its columns (Title, Authors, "
            "Year, DOI, ...); add one or name the format with --format.")
    return layout


#: Preamble labels of the search string an export records above its header (lower case).
QUERY_LABELS = ("search query", "query", "search strategy", "search string")


def preamble_query(cells: list[str]) -> str | None:
    """Return the search string of a preamble row such as ``"SEARCH QUERY","dinosaur:ti"``."""
    named = [c.strip() for c in cells if c.strip()]
    if len(named) >= 2 and named[0].rstrip(":").lower() in QUERY_LABELS:
        return named[1]
    return None


def read_delimited(source: Source) -> Iterator[Record]:
    """Yield one record per data row of a CSV/TSV export.

    Blank rows are skipped; one-cell rows in a multi-column file are section
    separators (Abstrackr) and are skipped with a note on the source.

    Raises:
        ImportFormatError: The file has no recognisable header, or a row cannot be
            parsed (with the line number).
    """
    layout = layout_of(source)
    mapper = RowMapper(layout.header, layout.dialect)
    _notice_resave(mapper, source, layout)
    position = 0
    # Lines come through line_blocks, which refuses a line past the limits table before
    # holding it whole (the csv module would read a gigabyte "line" first, then check).
    stream = (line + "\n" for _, lines in line_blocks(source) for line in lines)
    reader = csv.reader(stream, delimiter=layout.delimiter)
    index, last_line = -1, 0
    held: Record | None = None  # the last row is held back: it may be cut short
    short = False
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            index += 1
            if index <= layout.header_row:
                if index < layout.header_row and source.query is None:
                    source.query = preamble_query(cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            if reader.line_num > start and (reader.line_num - start > MAX_ROW_LINES or
                                            _swallows_rows(cells, layout)):
                raise ImportFormatError(
                    f"{source.name}, line {start}: one row runs on for "
                    f"{reader.line_num - start + 1} lines.",
                    "A quote is probably not closed in that row; fix it or re-export.")
            if len(cells) == 1 and len(layout.header) >= 3:
                source.notes.append(f"{source.name}, line {start}: skipped a one-cell "
                                    f"separator row ({cells[0].strip()[:60]!r}).")
                continue
            position += 1
            if held is not None:
                yield held
            held, short = mapper.record(cells, position, start), len(cells) < len(layout.header)
    except csv.Error as exc:
        raise ImportFormatError(
            f"{source.name}, line {reader.line_num}: cannot read this row ({exc}).",
            "Check for an unclosed quote near that line, or re-export the file.") from exc
    if held is not None:
        if short and source.ends_mid_line:
            held.warnings.append(f"line {held.line}: the file ends in this row, before its "
                                 "last columns: the export may be cut short")
        yield held
    note = mapper.resave_note(source.name)
    if note:
        source.notes.append(note)


def _notice_resave(mapper: RowMapper, source: Source, layout: Layout) -> None:
    """Look at the rows in the file's head for placeholders a program wrote for empty cells.

    litsearch's own CSV is read literally (a title "NA" stays "NA"), unless the file was
    re-saved by a program writing "NA" for every empty cell; the head decides that before
    the first record is built, and later rows can still tell (RowMapper.notice_resave).
    """
    if not mapper.own:
        return
    rows = csv.reader(io.StringIO(source.head), delimiter=layout.delimiter)
    try:
        for index, cells in enumerate(rows):
            if index > layout.header_row:
                mapper.notice_resave(cells, rows.line_num)
                if mapper.resaved is not None:
                    return
    except csv.Error:
        return  # the head ends inside a row; the rows themselves are checked as read


def _swallows_rows(cells: list[str], layout: Layout) -> bool:
    """Tell whether a short row's multi-line cell holds whole rows (an unclosed quote).

    A legitimate multi-line cell (an abstract in paragraphs) sits in a full-width row;
    a quote left open swallows the rows after it, so the row comes out short and its
    cell holds lines with exactly a row's worth of delimiters.
    """
    width = len(layout.header) - 1
    if len(cells) > width or width < 2:
        return False
    return any(line.count(layout.delimiter) == width
               for cell in cells if "\n" in cell for line in cell.split("\n")[1:])


def _sniff_wos_tab(head: str) -> float:
    score = sniff_score(head)
    return 0.95 if score >= 0.9 else 0.0


CSV_READER = register(Reader(
    name="csv", label="delimited text (CSV, TSV, semicolon CSV) from any vendor",
    sniff=sniff_score, read=read_delimited))

WOS_TAB_READER = register(Reader(
    name="wos-tab", label="Web of Science tab-delimited export",
    sniff=_sniff_wos_tab, read=read_delimited))
