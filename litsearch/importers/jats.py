"""PMC and JATS article XML: ``<pmc-articleset><article>`` (PMC EFetch) or a bare ``<article>``.

The citation comes from ``<front>``: ``journal-meta`` and ``article-meta``. The body
(full text, references) is not bibliographic data, so ``original`` keeps the verbatim
``<front>`` element only: a full text would multiply the store's size for nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, tostring

from .. import normalise
from ..errors import ImportFormatError
from ..models import Author, Record
from .core_record import build_record, first
from .registry import Reader, register
from .source import Source
from .xml_records import (
    drop_encoding_note,
    flat_text,
    frame,
    iter_elements,
    local,
    root_name,
    tag_lines,
)

#: Concept -> paths under ``article-meta`` in priority order.
META_PATHS: dict[str, tuple[str, ...]] = {
    "title": ("title-group/article-title", "title-group/trans-title-group/trans-title"),
    "volume": ("volume",),
    "issue": ("issue",),
    "start_page": ("fpage", "elocation-id"),
    "end_page": ("lpage",),
}
#: Journal title paths under ``journal-meta`` (JATS, then the older NLM 2.x layout).
JOURNAL_PATHS = ("journal-title-group/journal-title", "journal-title",
                 "journal-id[@journal-id-type='nlm-ta']",
                 "journal-id[@journal-id-type='iso-abbrev']")
#: ``pub-date`` types in priority order: the issue's print date is the citation year.
DATE_TYPES = ("ppub", "epub-ppub", "collection", "epub", "pub")
#: Where a contributor's structured name may be (the first holding a surname wins).
NAME_PATHS = ("name", "name-alternatives/name", "string-name")
#: ``article-id`` types -> identifier.
ID_TYPES = {"doi": "doi", "pmid": "pmid", "pmc": "pmcid", "pmcid": "pmcid", "pmcaid": "pmcid"}
#: Descendants of a title whose text is not part of it (footnote and affiliation markers).
SKIP_IN_TEXT = frozenset({"xref", "fn", "target"})
#: Abstract section titles that only repeat what the element is.
PLAIN_ABSTRACT_TITLES = frozenset({"abstract", "summary"})
#: Abstract types that are not the article's abstract.
SKIPPED_ABSTRACT_TYPES = frozenset({"teaser", "graphical", "toc", "web-summary"})

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def sniff(head: str) -> float:
    """Score a head as PMC/JATS article XML."""
    root = root_name(head)
    if root == "pmc-articleset":
        return 0.95
    if root == "article" and ("<article-meta" in head or "<journal-meta" in head or
                              "JATS" in head[:2048]):
        return 0.9
    # PMC's OAI-PMH service wraps each JATS article in <record><metadata>.
    if root == "OAI-PMH" and "<article" in head and "<article-meta" in head:
        return 0.9
    return 0.0


def _strip_ns(element: Element) -> None:
    """Drop ``{namespace}`` from tags so paths work whether or not a default namespace is set."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = local(node.tag)


def _abstract(meta: Element) -> str | None:
    parts: list[str] = []
    for abstract in meta.iterfind("abstract"):
        if abstract.get("abstract-type") in SKIPPED_ABSTRACT_TYPES:
            continue
        heading = flat_text(abstract.find("title"))
        if heading and heading.lower() not in PLAIN_ABSTRACT_TITLES:
            parts.append(f"{heading}:")
        for node in abstract:
            if node.tag == "sec":
                title = flat_text(node.find("title"), SKIP_IN_TEXT)
                body = " ".join(t for t in (flat_text(c, SKIP_IN_TEXT) for c in node
                                            if c.tag != "title") if t)
                if body:
                    parts.append(f"{title}: {body}" if title else body)
            elif node.tag not in ("title", "label"):
                text = flat_text(node, SKIP_IN_TEXT)
                if text:
                    parts.append(text)
    return " ".join(parts) or None


def _person(contrib: Element) -> Author | None:
    collab = flat_text(contrib.find(".//collab"), SKIP_IN_TEXT)
    name = next((n for n in (contrib.find(p) for p in NAME_PATHS)
                 if n is not None and n.find("surname") is not None), None)
    if name is not None:
        family = flat_text(name.find("surname"))
        given_node = name.find("given-names")
        given = flat_text(given_node) or ""
        if family:
            parsed = normalise.author(f"{family}, {given}") if given else None
            # JATS may state the initials ("J-P"); otherwise derive them from the given names.
            initials = (given_node.get("initials") if given_node is not None else None) or \
                (parsed.initials if parsed else "")
            return Author(family=family, initials=initials, given=given,
                          raw=f"{family}, {given}".strip(", "))
    raw = flat_text(contrib.find("string-name"), SKIP_IN_TEXT)
    if raw:
        return normalise.author(raw)
    return Author(family=collab, raw=collab) if collab else None


def _authors(meta: Element) -> list[Author]:
    people = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author").lower() != "author":
            continue
        person = _person(contrib)
        if person is not None:
            people.append(person)
    return people


def _year(meta: Element) -> str | None:
    dates: dict[str, str] = {}
    for node in meta.iterfind("pub-date"):
        kind = node.get("pub-type") or node.get("date-type") or "pub"
        if node.get("publication-format") == "print" and kind == "pub":
            kind = "ppub"
        year = flat_text(node.find("year"))
        if year:
            dates.setdefault(kind, year)
    return first([*(dates.get(t) for t in DATE_TYPES),
                  *(v for k, v in dates.items() if k != "pmc-release"), dates.get("pmc-release")])


def _ids(meta: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in meta.iterfind("article-id"):
        kind = ID_TYPES.get(node.get("pub-id-type") or "")
        value = flat_text(node)
        if kind and value and kind not in found:
            found[kind] = f"PMC{value}" if kind == "pmcid" and value.isdigit() else value
    return found


def to_record(article: Element, position: int, line: int | None = None) -> Record:
    """Map one JATS ``<article>`` element onto a Record."""
    _strip_ns(article)
    front = article.find("front")
    if front is None:
        front = article
    meta = front.find("article-meta")
    if meta is None:
        meta = Element("article-meta")
    journal_meta = front.find("journal-meta")
    if journal_meta is None:
        journal_meta = Element("journal-meta")
    values = {concept: first(flat_text(meta.find(p), SKIP_IN_TEXT) for p in paths)
              for concept, paths in META_PATHS.items()}
    ids = _ids(meta)
    issns = [flat_text(n) for n in journal_meta.iterfind("issn")]
    extra: dict[str, object] = {}
    subjects = [t for t in (flat_text(n) for n in meta.iterfind(
        "article-categories/subj-group/subject")) if t]
    if subjects:
        extra["subjects"] = subjects
    publisher_id = next((flat_text(n) for n in meta.iterfind("article-id")
                         if n.get("pub-id-type") == "publisher-id"), None)
    if publisher_id:
        extra["publisher_id"] = publisher_id
    return build_record(
        **values, abstract=_abstract(meta), authors=_authors(meta), year=_year(meta),
        journal=first(flat_text(journal_meta.find(p)) for p in JOURNAL_PATHS),
        doi=ids.get("doi"), pmid=ids.get("pmid"), pmcid=ids.get("pmcid"),
        issn_value=first(issns), language=article.get(_XML_LANG),
        publication_types=[article.get("article-type") or ""],
        keywords=[flat_text(k) for k in meta.iterfind("kwd-group/kwd")],
        source_record_id=ids.get("pmcid") or ids.get("pmid") or ids.get("doi"),
        database="pmc" if ids.get("pmcid") else None,
        original=tostring(front, encoding="unicode").strip(),
        position=position, line=line, extra=extra)


def read(source: Source) -> Iterator[Record]:
    """Yield one record per ``<article>``, streaming.

    Raises:
        ImportFormatError: Malformed XML (with line and column), entities or external
            references, or a file with no ``<article>``.
    """
    drop_encoding_note(source)
    with source.open_binary() as stream:
        lines = tag_lines(stream, b"article")
    position = 0
    hint = "Download the articles again (PMC EFetch, db=pmc); the file may be cut short."
    for element in iter_elements(source, frozenset({"article"}), hint):
        line = lines[position] if position < len(lines) else None
        position += 1
        yield to_record(element, position, line)
        element.clear()
    if position == 0:
        raise ImportFormatError(f"{source.name}: no <article> element in this XML.",
                                "PMC EFetch (db=pmc) returns <pmc-articleset><article>; "
                                "check the file is that output.")


#: A PMC EFetch answer holding no article: ``<pmc-articleset></pmc-articleset>``.
ENVELOPE = frame(frozenset({"pmc-articleset"}))

READER = register(Reader(name="jats-xml", label="PMC / JATS article XML", sniff=sniff,
                         read=read, envelope=ENVELOPE))
