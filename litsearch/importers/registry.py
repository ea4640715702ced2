"""The table of import formats, content sniffing, and the one rule for empty files.

Each reader module registers a :class:`Reader`: a name, a label, a sniffer that
scores the first 64 KiB of decoded text, and a ``read`` function that streams
records from a :class:`~litsearch.importers.source.Source`. Formats are chosen
by content, never by extension (exports lie about theirs).

Empty files, in every format: a file holding its format's frame and no records (a CSV
header row, ``<PubmedArticleSet/>``, EndNote's ``<xml><records/></xml>``, Web of Science's
``FN``/``VR``/``EF``) is an export of a search that found nothing, read as zero records
(the import records a search with 0 hits and says so). A file with nothing in it (0
bytes, only blank space or a byte-order mark) shows neither its format nor its
database: :func:`check_not_blank` refuses it with a one-line error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import ImportFormatError
from ..models import Record
from .source import HEAD_CHARS, Source


@dataclass(frozen=True)
class Reader:
    """One import format.

    Attributes:
        name: The ``--format`` value ("ris", "medline", "pubmed-xml", ...).
        label: What the format is, for help texts and error messages.
        sniff: Score 0..1 for how sure the head of a file is this format (0 = not it).
        read: Yield the file's records, each with ``position`` and, where lines
            mean something, ``line`` set. Raise ImportFormatError (with file and
            line) for content that cannot be read.
        envelope: True when a file's whole text is this format's frame with no record in
            it (``<PubmedArticleSet/>``). Formats whose frame is a header row (CSV, TSV,
            XLSX) or that have none (RIS, MEDLINE) read such files as zero records
            without one.
    """

    name: str
    label: str
    sniff: Callable[[str], float]
    read: Callable[[Source], Iterator[Record]]
    envelope: Callable[[str], bool] | None = None

    def holds_frame_only(self, source: Source) -> bool:
        """Return True when ``source`` is this format's frame and nothing else."""
        return (self.envelope is not None and len(source.head) < HEAD_CHARS
                and self.envelope(source.head))

    def records(self, source: Source) -> Iterator[Record]:
        """Stream the records of ``source``: none for a frame without records."""
        return iter(()) if self.holds_frame_only(source) else self.read(source)


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to the table (later registrations with the same name replace earlier)."""
    READERS[reader.name] = reader
    return reader


def supported() -> str:
    """Return the supported formats as one line for messages."""
    return ", ".join(f"{r.name} ({r.label})" for r in READERS.values())


def get_reader(name: str) -> Reader:
    """Return the reader called ``name``.

    Raises:
        ImportFormatError: No such format, with the list of supported ones.
    """
    try:
        return READERS[name]
    except KeyError:
        raise ImportFormatError(f"unknown format {name!r} (from --format).",
                                f"Supported: {supported()}.") from None


def check_not_blank(source: Source) -> None:
    """Refuse a file with nothing in it: 0 bytes, only blank space or a byte-order mark.

    Such a file shows neither its format nor the database it came from, so it cannot
    stand for a search (an export of a search that found nothing holds its format's
    frame, and is read as zero records).

    Raises:
        ImportFormatError: The file is blank, saying what it holds.
    """
    if not _blank(source):
        return
    held = ("0 bytes" if source.size == 0 else
            "only a byte-order mark" if not source.head.replace("\ufeff", "") else
            f"only blank space, {source.size} bytes")
    raise blank_error(source.name, held)


def _blank(source: Source) -> bool:
    """Tell whether the whole text of ``source`` is blank space and byte-order marks.

    The head decides unless it is full and blank (blank lines past what the sniffers
    see): then the rest of the text is read, chunk by chunk, until something shows.
    """
    if source.head.replace("\ufeff", "").strip():
        return False
    if len(source.head) < HEAD_CHARS:
        return True
    with io.TextIOWrapper(source.open_binary(), encoding=source.encoding, errors="replace",
                          newline=None) as stream:
        while chunk := stream.read(1 << 20):
            if chunk.replace("\ufeff", "").strip():
                return False
    return True


def blank_error(name: str, held: str) -> ImportFormatError:
    """Return the one-line error for a file with nothing in it (``held`` says what it holds)."""
    return ImportFormatError(
        f"{name} is empty ({held}): nothing in it shows what export it is or which "
        "database it came from, so it cannot be imported as a search.",
        "Export the search results again; the download may have failed or been saved empty.")


def detect(source: Source) -> Reader:
    """Pick the reader whose sniffer scores the file's head highest.

    A file that is one format's frame without records goes to that format.

    Raises:
        ImportFormatError: A blank file, or content no reader recognises.
    """
    check_not_blank(source)
    framed = next((r for r in READERS.values() if r.holds_frame_only(source)), None)
    if framed is not None:
        return framed
    best, score = None, 0.0
    for reader in READERS.values():
        value = reader.sniff(source.head)
        if value > score:
            best, score = reader, value
    if best is None:
        first = next((ln.strip() for ln in source.head.splitlines() if ln.strip()), "")[:60]
        raise ImportFormatError(
            f"{source.name}: format not recognised (first line: {first!r}).",
            f"Name it with --format. Supported: {supported()}.")
    return best
