"""Read a source line by line with line numbers, turning decode failures into clear errors."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from ..errors import ImportFormatError
from .limits import LIMITS, check_line
from .source import Source

_CHUNK = 1 << 16
#: Characters of decoded text per block of :func:`line_blocks` (bounds memory).
BLOCK_CHARS = 1 << 20


def _newlines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def bad_byte_line(source: Source) -> int:
    """Return the 1-based line holding the first byte that does not decode.

    Text streams decode ahead in large blocks, so the line being read when the
    error surfaces is not where the bad byte is; this re-reads the bytes (on the
    error path only) in chunks and counts line ends up to it.
    """
    decoder = codecs.getincrementaldecoder(source.encoding)()
    line = 1
    with source.open_binary() as stream:
        while chunk := stream.read(_CHUNK):
            try:
                line += _newlines(decoder.decode(chunk))
            except UnicodeDecodeError as exc:
                return line + _newlines(chunk[:exc.start].decode(source.encoding, "replace"))
    return line


def decode_error(source: Source, exc: UnicodeDecodeError) -> ImportFormatError:
    """Return the one-line error for bytes that do not decode, naming their line."""
    return ImportFormatError(
        f"{source.name} line {bad_byte_line(source)}: bytes that are not valid "
        f"{source.encoding} ({exc.reason}).",
        "Name the file's encoding with --encoding (for example cp1252 or utf-16).")


#: The line that starts a record, per line-tagged format: (label, pattern). One of another
#: format inside a file means two exports were joined (``cat a.nbib b.ris``); read as one,
#: the second export's records would be glued onto the first's last record or read as
#: records without a title (RIS lines look like MEDLINE tags to the MEDLINE reader).
RECORD_STARTS: dict[str, tuple[str, str]] = {
    "ris": ("RIS", r"TY  - "),
    "medline": ("PubMed MEDLINE", r"PMID- ?\d"),
    "wos": ("Web of Science", r"PT [A-Z] *$"),
}
_FOREIGN: dict[str, re.Pattern[str]] = {
    fmt: re.compile("|".join(f"(?P<{other}>^{pattern})"
                             for other, (_, pattern) in RECORD_STARTS.items() if other != fmt),
                    re.M)
    for fmt in RECORD_STARTS}


def check_foreign_starts(source: Source, fmt: str, first: int, lines: list[str]) -> None:
    """Refuse a block of a ``fmt`` file in which a record of another format starts.

    Raises:
        ImportFormatError: Naming the line where the other export starts.
    """
    match = _FOREIGN[fmt].search("\n".join(lines))
    if match is None:
        return
    number = first + match.string.count("\n", 0, match.start())
    other = RECORD_STARTS[match.lastgroup or fmt][0]
    text = lines[number - first][:40]
    raise ImportFormatError(
        f"{source.name}, line {number}: a {other} record starts here ({text!r}) in a "
        f"{RECORD_STARTS[fmt][0]} file: the file holds two exports of different formats "
        "joined together.",
        f"Split the file at line {number} and import each part on its own (with its own "
        "--db when they come from different databases).")


def line_blocks(source: Source, fmt: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(number of the first line, lines)`` in blocks of about a megabyte.

    Lines come without their newline; universal newlines make LF, CRLF, lone CR
    and mixed endings look the same, and a BOM is dropped wherever it stands: at the
    start (left by a forced ``--encoding utf-8``) or in the middle, where ``cat a.ris
    b.ris`` puts the second file's. Readers loop over the lists
    themselves: one Python generator step per line costs more than the parsing.
    ``fmt`` (a key of :data:`RECORD_STARTS`) refuses a file in which a record of
    another line-tagged format starts (two exports joined).

    Raises:
        ImportFormatError: Bytes that do not decode in the chosen encoding, with the
            line they are on; a line past :attr:`~litsearch.importers.limits.Limits.line_chars`.
    """
    number = 1
    pending = ""
    with source.open_text() as stream:
        try:
            chunk = stream.read(BLOCK_CHARS)
            while chunk:
                if "\ufeff" in chunk:
                    chunk = chunk.replace("\ufeff", "")
                lines = (pending + chunk).split("\n")
                pending = lines.pop()
                if len(pending) > LIMITS.line_chars:  # no line end for megabytes
                    check_line(source.name, number + len(lines), len(pending))
                if lines:
                    if fmt is not None:
                        check_foreign_starts(source, fmt, number, lines)
                    yield number, lines
                    number += len(lines)
                chunk = stream.read(BLOCK_CHARS)
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc
    source.ends_mid_line = bool(pending)
    if pending:
        if fmt is not None:
            check_foreign_starts(source, fmt, number, [pending])
        yield number, [pending]


def numbered_lines(source: Source, fmt: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` with the newline removed (1-based numbers).

    Raises:
        ImportFormatError: Bytes that do not decode, with their line.
    """
    for start, lines in line_blocks(source, fmt):
        yield from enumerate(lines, start)
