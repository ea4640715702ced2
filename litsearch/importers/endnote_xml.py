"""EndNote XML (``<xml><records><record>``), streamed and parsed safely.

Text sits in ``<style>`` runs, sometimes several per field (bold words in a title),
so a field's value is all its descendant text. ``&#xD;`` separates values inside one
element (two ISSNs, "Embase\\rMedline"). Parsing goes through defusedxml: no DTDs
fetched, no entity expansion, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import ImportFormatError
from ..models import Record
from .delimited_cells import pmid_in_text
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record, issn
from .registry import Reader, register
from .source import Source

#: Canonical field -> element paths (relative to ``record``) in priority order.
ENDNOTE_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("titles/title", "titles/short-title"),
    "abstract": ("abstract",),
    "authors": ("contributors/authors/author",),
    "year": ("dates/year", "dates/pub-dates/date"),
    "journal": ("periodical/full-title", "titles/secondary-title", "alt-periodical/full-title",
                "periodical/abbr-1", "titles/alt-title"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "pages": ("pages",),
    "doi": ("electronic-resource-num",),
    "language": ("language",),
    "publication_types": ("work-type",),
    "keywords": ("keywords/keyword",),
    "url": ("urls/related-urls/url", "urls/web-urls/url"),
    "source_record_id": ("rec-number",),
    "database": ("remote-database-name",),
}
#: Elements holding several values separated by CR or newlines.
MULTI_VALUE = frozenset({"keywords/keyword", "urls/related-urls/url", "urls/web-urls/url",
                         "remote-database-name", "work-type"})
#: Top-level elements already mapped (everything else goes to ``extra``).
_MAPPED_TOP = {path.split("/", 1)[0] for paths in ENDNOTE_FIELDS.values() for path in paths} | {
    "ref-type", "isbn", "accession-num", "contributors", "titles", "periodical", "dates"}
#: Bytes fed to the parser at a time.
_CHUNK = 1 << 16
#: Providers whose accession numbers are PubMed IDs.
_PUBMED_SOURCES = re.compile(r"nlm|pubmed|medline", re.I)


def sniff(head: str) -> float:
    """Score a head as EndNote XML: an ``<xml>`` root holding ``<records><record>``."""
    text = head.lstrip("\ufeff \r\n")
    if text.startswith("<") and re.search(r"<xml>\s*<records>\s*<record>", head[:4096]):
        return 0.95
    return 0.0


def _text(elem: Element) -> str:
    return "".join(elem.itertext())


def _values(record: Element, path: str) -> list[str]:
    out: list[str] = []
    for elem in record.findall(path):
        text = _text(elem)
        if path in MULTI_VALUE:
            out.extend(p.strip() for p in re.split(r"[\r\n]+", text) if p.strip())
        elif text.strip():
            out.append(text.replace("\r", " ").strip())
    return out


def element_record(record: Element, position: int, line: int | None = None) -> Record:
    """Map one ``<record>`` element onto a Record (``line``: where its tag starts)."""
    values: dict[str, list[str]] = {}
    for fname, paths in ENDNOTE_FIELDS.items():
        for path in paths:
            found = _values(record, path)
            if not found or (fname in FIRST_SOURCE_LISTS and values.get(fname)):
                continue
            values.setdefault(fname, []).extend(found)
    ref_type = record.find("ref-type")
    if ref_type is not None and ref_type.get("name"):
        values.setdefault("publication_types", []).insert(0, ref_type.get("name", ""))
    for value in _values(record, "isbn"):
        # EndNote stores ISSNs in <isbn>, sometimes two separated by CR.
        for part in re.split(r"[\r\n]+", value):
            values.setdefault("issn" if issn(part) and len(part) < 20 else "isbn", []).append(part)
    provider = " ".join(_values(record, "remote-database-provider") +
                        values.get("database", []))
    for accession in _values(record, "accession-num"):
        if accession.isdigit() and _PUBMED_SOURCES.search(provider):
            values.setdefault("pmid", []).append(accession)
    for note in _values(record, "notes"):
        found = pmid_in_text(note)
        if found:
            values.setdefault("pmid", []).append(found)
    extra: dict[str, object] = {}
    for child in record:
        if child.tag not in _MAPPED_TOP or child.tag == "accession-num":
            text = _text(child).strip()
            if text:
                extra[child.tag] = text
    for list_name in LIST_FIELDS:
        values[list_name] = [v for v in values.get(list_name, []) if v]
    return build_record(values, extra=extra, original=tostring(record, encoding="unicode"),
                        position=position, line=line)


class _RecordCollector(TreeBuilder):
    """Build the tree and hand over each finished ``<record>`` with its start line."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.done: list[tuple[Element, int]] = []
        self._lines: list[int] = []

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        if tag == "record" and self.parser is not None:
            # expat knows the line only while it reports the start tag.
            self._lines.append(self.parser.parser.CurrentLineNumber)
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        elem = super().end(tag)
        if tag == "record":
            self.done.append((elem, self._lines.pop() if self._lines else 0))
        return elem


def read(source: Source) -> Iterator[Record]:
    """Yield one record per ``<record>`` element, streaming (memory stays flat).

    Raises:
        ImportFormatError: The XML is malformed or uses forbidden constructs (entities,
            external references), with the line and column.
    """
    collector = _RecordCollector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    collector.parser = parser
    position = 0
    with source.open_binary() as stream:
        try:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk)
                for elem, line in collector.done:
                    position += 1
                    yield element_record(elem, position, line or None)
                    elem.clear()
                collector.done.clear()
            parser.close()
        except ParseError as exc:
            line, column = exc.position
            raise ImportFormatError(
                f"{source.name}, line {line}, column {column}: malformed XML ({exc.msg}).",
                "The export was probably cut short; export it again from EndNote.") from exc
        except DefusedXmlException as exc:
            raise ImportFormatError(
                f"{source.name}: the XML uses entities or external references ({exc}).",
                "These are refused for safety; export the library again as plain XML.") from exc
    for elem, line in collector.done:
        position += 1
        yield element_record(elem, position, line or None)


READER = register(Reader(name="endnote-xml", label="EndNote XML", sniff=sniff, read=read))
