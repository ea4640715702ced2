"""Limits no real export reaches, so a small hostile file cannot exhaust the machine.

Every reader stays inside the table below: a file that passes a limit is refused with
one line naming the limit, in bounded time and memory, before the limit is spent.
The values are far above anything seen in the shared corpora of real exports (the
longest abstract there is under 40,000 characters; the widest export has under 100
columns; the deepest XML under 15 levels).
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from ..errors import ImportFormatError


@dataclass(frozen=True)
class Limits:
    """The limits every reader keeps (one table: change a value here, nowhere else).

    Attributes:
        line_chars: Characters in one line of a text export.
        field_chars: Characters in one field, cell or XML text node.
        xml_depth: Nesting depth of XML elements.
        zip_bytes: Decompressed bytes of all the parts of a workbook together.
        zip_ratio: Decompressed size against compressed size of one workbook part, once
            the part is past ``zip_ratio_after`` bytes (XML compresses 5-20 times).
        zip_ratio_after: Bytes a part may decompress to before its ratio is checked.
        sheet_rows: Rows of a worksheet (Excel's own maximum): a row numbered higher
            is a claim, not data.
        sheet_columns: Columns of a worksheet (Excel's own maximum, column XFD).
    """

    line_chars: int = 16 * 1024 * 1024
    field_chars: int = 16 * 1024 * 1024
    xml_depth: int = 256
    zip_bytes: int = 1024 * 1024 * 1024
    zip_ratio: int = 200
    zip_ratio_after: int = 16 * 1024 * 1024
    sheet_rows: int = 1_048_576
    sheet_columns: int = 16_384


#: The limits in force.
LIMITS = Limits()

_HINT = "No real export comes near this; check the file is the export you meant."
_CHUNK = 1 << 20


def refuse(name: str, what: str) -> ImportFormatError:
    """Return the one-line error for a file past a limit."""
    return ImportFormatError(f"{name}: {what}; refused.", _HINT)


def _megabytes(value: int) -> str:
    mib = 1024 * 1024
    return f"{value // mib:,} MiB" if value >= mib else f"{value:,} characters"


def check_regular_file(path: Path) -> None:
    """Refuse anything but a regular file (a FIFO or a device would block or never end).

    Raises:
        ImportFormatError: A FIFO, socket, device or folder.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # opening reports it, with the reason
    if stat.S_ISDIR(mode):
        raise ImportFormatError(f"{path} is a folder, not an export file.",
                                "Name the files inside it.")
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise ImportFormatError(f"{path} is {kind}, not an export file.",
                                "Save the export as a file and import that.")


def check_line(name: str, number: int, length: int) -> None:
    """Refuse a line longer than :attr:`Limits.line_chars`."""
    if length > LIMITS.line_chars:
        raise refuse(name, f"line {number} is longer than {_megabytes(LIMITS.line_chars)} "
                           "of text")


def check_field(name: str, where: str, length: int) -> None:
    """Refuse a field, cell or text node longer than :attr:`Limits.field_chars`."""
    if length > LIMITS.field_chars:
        raise refuse(name, f"{where} holds more than {_megabytes(LIMITS.field_chars)} of text")


_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL_RE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Za-z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


def _check_sheet_refs(name: str, part: str, data: bytes) -> None:
    for match in _ROW_RE.finditer(data):
        if int(match.group(1)) > LIMITS.sheet_rows:
            raise refuse(name, f"{part} claims row {int(match.group(1)):,}, past Excel's "
                               f"last row ({LIMITS.sheet_rows:,})")
    for match in _CELL_RE.finditer(data):
        letters = match.group(1)
        if len(letters) > 3 or _column_number(letters) > LIMITS.sheet_columns:
            raise refuse(name, f"{part} claims column {letters.decode()[:12]}, past Excel's "
                               "last column (XFD)")
        if int(match.group(2)) > LIMITS.sheet_rows:
            raise refuse(name, f"{part} claims row {int(match.group(2)):,}, past Excel's "
                               f"last row ({LIMITS.sheet_rows:,})")


def check_workbook(name: str, stream: BinaryIO) -> None:
    """Decompress every part of a workbook once, counting, before a reader trusts it.

    Checks the decompressed size of all parts together and of each against its
    compressed size (zip bombs), and the row and column numbers the worksheets claim
    (openpyxl fills every row between the last and a claimed one). The sizes in the
    zip directory can lie, so the bytes are counted as they come out.

    Raises:
        ImportFormatError: A limit is passed, naming it.
        zipfile.BadZipFile: Not a zip (the reader reports it).
    """
    total = 0
    with zipfile.ZipFile(stream) as archive:
        for info in archive.infolist():
            is_sheet = info.filename.startswith("xl/worksheets/") and \
                info.filename.endswith(".xml")
            size, carry = 0, b""
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > LIMITS.zip_bytes:
                        raise refuse(name, f"its parts decompress to more than "
                                           f"{_megabytes(LIMITS.zip_bytes)}")
                    if size > LIMITS.zip_ratio_after and \
                            size > LIMITS.zip_ratio * max(info.compress_size, 1):
                        raise refuse(name, f"part {info.filename} decompresses to more than "
                                           f"{LIMITS.zip_ratio} times its stored size "
                                           "(a zip bomb)")
                    if is_sheet:
                        # The tail is scanned again with the next chunk, so a reference
                        # cut by the chunk's end is seen whole.
                        _check_sheet_refs(name, info.filename, carry + chunk)
                        carry = chunk[-256:]


def iter_xml(name: str, stream: BinaryIO, **options: object) -> Iterator[Element]:
    """Yield each element at its end, like defusedxml's iterparse, inside the limits.

    Refuses nesting deeper than :attr:`Limits.xml_depth` as soon as it starts (an
    element tree that deep costs gigabytes) and a text node longer than
    :attr:`Limits.field_chars`. ``options`` go to defusedxml's iterparse.

    Raises:
        ImportFormatError: A limit is passed.
        xml.etree.ElementTree.ParseError, defusedxml.DefusedXmlException: As iterparse.
    """
    depth = 0
    for event, element in iterparse(stream, events=("start", "end"), **options):
        if event == "start":
            depth += 1
            if depth > LIMITS.xml_depth:
                raise refuse(name, f"its XML nests elements more than {LIMITS.xml_depth} "
                                   "deep")
            continue
        depth -= 1
        for text in (element.text, element.tail):
            if text is not None and len(text) > LIMITS.field_chars:
                check_field(name, f"element <{element.tag}>", len(text))
        yield element

