"""An export file opened for reading: its bytes, detected encoding and a text stream.

Readers never decode bytes themselves: they read lines from :meth:`Source.open_text`
(universal newlines, so LF, CRLF, CR-only and mixed endings all arrive as ``\\n``)
or, for binary formats (XLSX), bytes from :meth:`Source.open_binary`.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from ..errors import ImportFormatError
from .limits import check_regular_file

#: How much decoded text the sniffers see.
HEAD_CHARS = 65536
_CHUNK = 1 << 20


#: A zip container (XLSX): binary, read through open_binary; latin-1 maps its bytes
#: one to one so sniffers still see the "PK" signature, without an encoding note.
_ZIP_MAGIC = b"PK\x03\x04"
#: Old binary Office files (.xls): OLE2 compound documents, read by xlrd, not as text.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _bom_encoding(start: bytes) -> str | None:
    if start.startswith(_ZIP_MAGIC) or start.startswith(_OLE2_MAGIC):
        return "latin-1"
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith(codecs.BOM_UTF16_LE) or start.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    # UTF-16 without BOM: every other byte of ASCII text is NUL.
    if len(start) >= 4 and start[1] == 0 and start[3] == 0 and start[0] != 0:
        return "utf-16-le"
    if len(start) >= 4 and start[0] == 0 and start[2] == 0 and start[1] != 0:
        return "utf-16-be"
    return None


def _is_utf8(stream: BinaryIO) -> bool:
    """Check the whole stream decodes as UTF-8, chunk by chunk (no full copy in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class Source:
    """One file (or in-memory text) to import.

    Attributes:
        name: File name shown in messages.
        path: The file on disk, or None for in-memory data.
        data: The bytes, when not read from disk.
        encoding: The encoding used to decode the text (detected or forced).
        sha256: Hex digest of the bytes.
        size: Size in bytes.
        head: The first :data:`HEAD_CHARS` characters of decoded text, for sniffing.
        notes: What was noticed while opening (the encoding fallback, for instance).
        query: The search string the export itself records (embase.com writes it above
            the header of its CSV), set by the reader that finds it.
        ends_mid_line: The text ends without a line break, set once it has been read
            (a download cut short ends mid-line; so does a sheet saved by some tools).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    encoding: str = "utf-8"
    sha256: str = ""
    size: int = 0
    head: str = ""
    notes: list[str] = field(default_factory=list)
    query: str | None = None
    ends_mid_line: bool = False

    @classmethod
    def from_path(cls, path: str | Path, encoding: str | None = None) -> Source:
        """Open a file, hash it and detect its encoding (streaming, bounded memory).

        Raises:
            ImportFormatError: The file is missing, unreadable or not text-like.
        """
        path = Path(path)
        check_regular_file(path)
        try:
            digest = hashlib.sha256()
            size = 0
            with path.open("rb") as handle:
                start = handle.read(4096)
                handle.seek(0)
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                handle.seek(0)
                source = cls(name=path.name, path=path, sha256=digest.hexdigest(), size=size)
                source.encoding = encoding or _bom_encoding(start) or (
                    "utf-8" if _is_utf8(handle) else "cp1252")
        except IsADirectoryError as exc:
            raise ImportFormatError(f"{path} is a folder, not an export file.",
                                    "Name the files inside it.") from exc
        except OSError as exc:
            raise ImportFormatError(f"cannot read {path}: {exc.strerror}.",
                                    "Check the path and the file's permissions.") from exc
        source._finish()
        return source

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<text>", encoding: str | None = None) -> Source:
        """Wrap bytes already in memory (tests, HTTP responses)."""
        source = cls(name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        source.encoding = encoding or _bom_encoding(data[:4096]) or (
            "utf-8" if _is_utf8(io.BytesIO(data)) else "cp1252")
        source._finish()
        return source

    @classmethod
    def from_text(cls, text: str, name: str = "<text>") -> Source:
        """Wrap decoded text (tests, API responses)."""
        return cls.from_bytes(text.encode("utf-8"), name=name, encoding="utf-8")

    def _finish(self) -> None:
        if self.encoding == "cp1252":
            self.notes.append(f"{self.name} is not valid UTF-8; read as Windows-1252 (Latin-1). "
                              "Use --encoding to choose another.")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise ImportFormatError(f"unknown encoding {self.encoding!r} (from --encoding).",
                                    "Use utf-8, utf-16, cp1252 or latin-1.") from None
        # The head is only for sniffing: a bad byte in it is reported by the reader, with
        # its line, not here.
        with io.TextIOWrapper(self.open_binary(), encoding=self.encoding, errors="replace",
                              newline=None) as stream:
            self.head = stream.read(HEAD_CHARS)

    def open_binary(self) -> BinaryIO:
        """Open the raw bytes."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

    def open_text(self) -> TextIO:
        """Open the decoded text with universal newlines and without a BOM.

        cp1252 leaves five bytes undefined; they decode as their Latin-1 code points
        rather than failing, so no record is lost over one odd byte.
        """
        errors = "strict" if self.encoding != "cp1252" else "_litsearch_latin1"
        return io.TextIOWrapper(self.open_binary(), encoding=self.encoding, errors=errors,
                                newline=None)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bytes(bad).decode("latin-1"), exc.end


codecs.register_error("_litsearch_latin1", _latin1_fallback)
