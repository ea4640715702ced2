"""The table of import formats and content sniffing.

Each reader module registers a :class:`Reader`: a name, a label, a sniffer that
scores the first 64 KiB of decoded text, and a ``read`` function that streams
records from a :class:`~litsearch.importers.source.Source`. Formats are chosen
by content, never by extension (exports lie about theirs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import ImportFormatError
from ..models import Record
from .source import Source


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
    """

    name: str
    label: str
    sniff: Callable[[str], float]
    read: Callable[[Source], Iterator[Record]]


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


def detect(source: Source) -> Reader:
    """Pick the reader whose sniffer scores the file's head highest.

    Raises:
        ImportFormatError: No reader recognises the content.
    """
    if not source.head.strip():
        raise ImportFormatError(f"{source.name} is empty: there are no records to import.",
                                "Export the search results again.")
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
