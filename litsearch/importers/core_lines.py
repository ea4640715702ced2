"""Read a source line by line with line numbers, turning decode failures into clear errors."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from ..errors import ImportFormatError
from .source import Source

_CHUNK = 1 << 16


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


def numbered_lines(source: Source) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` with the newline removed (1-based numbers).

    Universal newlines make LF, CRLF, lone CR and mixed endings look the same; a
    BOM left by a forced ``--encoding utf-8`` is dropped from the first line.

    Raises:
        ImportFormatError: Bytes that do not decode in the chosen encoding, with the
            line they are on.
    """
    with source.open_text() as stream:
        try:
            for number, line in enumerate(stream, start=1):
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(
                f"{source.name} line {bad_byte_line(source)}: bytes that are not valid "
                f"{source.encoding} ({exc.reason}).",
                "Name the file's encoding with --encoding (for example cp1252 or utf-16).") from exc
