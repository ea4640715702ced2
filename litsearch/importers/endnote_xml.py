"""EndNote XML (``<xml><records><record>``), streamed and parsed safely.

Text sits in ``<style>`` runs, sometimes several per field (bold words in a title),
so a field's value is all its descendant text. ``&#xD;`` separates values inside one
element (two ISSNs, "Embase\\rMedline"). Parsing goes through defusedxml: no DTDs
fetched, no entity expansion, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException

from ..errors import ImportFormatError
from ..models import Record
from .delimited_cells import pmid_in_text
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record, issn
from .limits import iter_xml
from .registry import Reader, register
from .source import Source
from .xml_records import frame, tag_lines

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


def read(source: Source) -> Iterator[Record]:
    """Yield one record per ``<record>`` element, streaming (memory stays flat).

    Raises:
        ImportFormatError: The XML is malformed or uses forbidden constructs (entities,
            external references), with the line and column.
    """
    with source.open_binary() as stream:
        lines = tag_lines(stream, b"record")
    position = 0
    with source.open_binary() as stream:
        try:
            for elem in iter_xml(source.name, stream):
                if elem.tag != "record":
                    continue
                line = lines[position] if position < len(lines) else None
                position += 1
                yield element_record(elem, position, line)
                elem.clear()
        except ParseError as exc:
            line, column = exc.position
            raise ImportFormatError(
                f"{source.name}, line {line}, column {column}: malformed XML ({exc.msg}).",
                "The export was probably cut short; export it again from EndNote.") from exc
        except DefusedXmlException as exc:
            raise ImportFormatError(
                f"{source.name}: the XML uses entities or external references ({exc}).",
                "These are refused for safety; export the library again as plain XML.") from exc
        except LookupError as exc:  # the XML declaration names an unknown encoding
            raise ImportFormatError(
                f"{source.name} line 1: {exc}.",
                "Fix the encoding in the <?xml ...?> line (e.g. UTF-8) or export again.") from exc


#: An EndNote library exported with no reference: ``<xml><records/></xml>``.
ENVELOPE = frame(frozenset({"xml"}), frozenset({"records"}))

READER = register(Reader(name="endnote-xml", label="EndNote XML", sniff=sniff, read=read,
                         envelope=ENVELOPE))
