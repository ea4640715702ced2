"""Importers: every export format a researcher brings, recognised by content.

A json-like, lenient API in the manner of rispy::

    result = load("embase.ris")          # format and encoding detected
    result = loads(text, format="medline")
    result.records, result.format, result.encoding, result.read, result.warned

Storing a file in a review (one transaction, provenance, re-import check) is
:func:`litsearch.importers.pipeline.import_file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from ..models import Record
from .registry import READERS, Reader, check_not_blank, detect, get_reader, supported
from .source import Source

#: Modules that register a reader when imported. A module not written yet is
#: skipped, so readers land independently; an error inside one that exists raises.
READER_MODULES = (
    "medline", "pubmed_xml", "ris",
    "wos", "endnote_xml", "ovid", "tagged_other", "bibtex", "xlsx", "delimited",
    "esummary", "jats", "xls",
)

for _name in READER_MODULES:
    if find_spec(f"{__name__}.{_name}") is not None:
        import_module(f"{__name__}.{_name}")


@dataclass
class ImportResult:
    """What reading one file (or text) produced.

    Attributes:
        records: The records, in file order.
        format: The reader used ("ris", "medline", ...).
        encoding: The encoding the text was decoded with.
        read: How many records were read.
        warned: How many records carry a warning (no title, ...); they are kept.
        notes: File-level remarks (encoding fallback, missing ER lines, ...).
    """

    records: list[Record] = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    read: int = 0
    warned: int = 0
    notes: list[str] = field(default_factory=list)


def choose_reader(source: Source, format: str | None = None) -> Reader:
    """Return the reader named by ``format``, else the one the content points to.

    Raises:
        ImportFormatError: A blank file (0 bytes, only blank space or a BOM), an unknown
            format name, or content no reader recognises.
    """
    check_not_blank(source)
    return get_reader(format) if format else detect(source)


def _result(source: Source, reader: Reader) -> ImportResult:
    records = list(reader.records(source))
    return ImportResult(records=records, format=reader.name, encoding=source.encoding,
                        read=len(records), warned=sum(1 for r in records if r.warnings),
                        notes=list(source.notes))


def load(path: str | Path, format: str | None = None, encoding: str | None = None
         ) -> ImportResult:
    """Read an export file into records (nothing is stored).

    Args:
        path: The file.
        format: A reader name to skip detection ("ris", "medline", "pubmed-xml", ...).
        encoding: The text encoding, to skip detection.

    Raises:
        ImportFormatError: Missing file, unknown format or unreadable content,
            naming the file and line.
    """
    source = Source.from_path(path, encoding=encoding)
    return _result(source, choose_reader(source, format))


def loads(data: str | bytes, format: str | None = None, name: str = "<text>") -> ImportResult:
    """Read export text or bytes into records (nothing is stored).

    Used by the PubMed client: ``loads(xml, format="pubmed-xml")``.

    Raises:
        ImportFormatError: Unknown format or unreadable content.
    """
    source = (Source.from_text(data, name=name) if isinstance(data, str)
              else Source.from_bytes(data, name=name))
    return _result(source, choose_reader(source, format))


__all__ = ["READERS", "ImportResult", "Reader", "Source", "choose_reader", "detect",
           "get_reader", "load", "loads", "supported"]
