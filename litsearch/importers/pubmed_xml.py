"""PubMed XML (EFetch ``retmode=xml``): ``PubmedArticle`` and ``PubmedBookArticle``.

Parsed with defusedxml's iterparse (entities and external DTDs off), one article
at a time so large files stream. Bio.Entrez is not used: it validates against
DTDs it may try to fetch over the network, and builds the whole file in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException

from ..errors import ImportFormatError
from ..models import Author, Record
from .core_record import build_record, first
from .limits import iter_xml
from .registry import Reader, register
from .source import Source
from .xml_records import frame

#: Elements that are one record each.
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")

#: Concept -> paths (relative to the record's citation element) in priority order.
FIELD_PATHS: dict[str, tuple[str, ...]] = {
    "title": ("Article/ArticleTitle", "ArticleTitle", "Book/BookTitle", "Article/VernacularTitle"),
    "journal": ("Article/Journal/Title", "MedlineJournalInfo/MedlineTA", "Book/BookTitle"),
    "volume": ("Article/Journal/JournalIssue/Volume", "Book/Volume"),
    "issue": ("Article/Journal/JournalIssue/Issue",),
    "pages": ("Article/Pagination/MedlinePgn", "Pagination/MedlinePgn"),
    "start_page": ("Article/Pagination/StartPage",),
    "end_page": ("Article/Pagination/EndPage",),
    "pmid": ("PMID",),
    "issn_value": ("Article/Journal/ISSN", "MedlineJournalInfo/ISSNLinking"),
    "isbn_value": ("Book/Isbn", "Isbn"),
    "language": ("Article/Language", "Language"),
}

#: Where the publication date may be, in priority order (MedlineDate is free text).
DATE_PATHS = ("Article/Journal/JournalIssue/PubDate/Year",
              "Article/Journal/JournalIssue/PubDate/MedlineDate",
              "Book/PubDate/Year", "Book/PubDate/MedlineDate", "Article/ArticleDate/Year",
              "DateCompleted/Year")

#: Concept -> paths whose every value is kept.
LIST_PATHS: dict[str, tuple[str, ...]] = {
    "publication_types": ("Article/PublicationTypeList/PublicationType", "PublicationType"),
    "keywords": ("KeywordList/Keyword",),
}

#: Article identifier types found in ELocationID and ArticleIdList.
ID_TYPES = {"doi": "doi", "pmc": "pmcid", "bookaccession": "bookaccession", "pii": "pii"}

_SNIFF_RE = re.compile(r"<(PubmedArticleSet|PubmedArticle|PubmedBookArticleSet|"
                       r"PubmedBookArticle)[\s>]")


def _text(element: Element | None) -> str | None:
    """Return all text inside an element, markup (<i>, MathML) flattened."""
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _authors(citation: Element) -> list[Author]:
    people = []
    lists = [a for a in citation.iterfind(".//AuthorList") if a.get("Type") != "editors"]
    for author in (person for group in lists for person in group.iterfind("Author")):
        group = _text(author.find("CollectiveName"))
        if group:
            people.append(Author(family=group, raw=group))
            continue
        family = _text(author.find("LastName"))
        if not family:
            continue
        given = _text(author.find("ForeName")) or ""
        initials = _text(author.find("Initials")) or ""
        raw = f"{family}, {given}".strip(", ")
        people.append(Author(family=family, initials=initials, given=given, raw=raw))
    return people


def _abstract(citation: Element) -> str | None:
    parts = []
    for node in citation.iterfind(".//Abstract/AbstractText"):
        text = _text(node)
        if text:
            label = node.get("Label")
            parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts) or None


def _identifiers(article: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    citation_ids = article.iterfind(".//ELocationID")
    # ArticleIdList entries inside ReferenceList belong to cited works, not this record.
    own_ids = [*article.iterfind("PubmedData/ArticleIdList/ArticleId"),
               *article.iterfind("BookDocument/ArticleIdList/ArticleId")]
    for node in [*citation_ids, *own_ids]:
        kind = ID_TYPES.get(node.get("EIdType") or node.get("IdType") or "")
        if kind and kind not in found and _text(node):
            found[kind] = _text(node) or ""
    return found


def _headings(citation: Element) -> list[str]:
    out = []
    for heading in citation.iterfind("MeshHeadingList/MeshHeading"):
        name = _text(heading.find("DescriptorName"))
        if not name:
            continue
        quals = [q for q in (_text(x) for x in heading.iterfind("QualifierName")) if q]
        major = heading.find("DescriptorName").get("MajorTopicYN") == "Y"  # type: ignore[union-attr]
        out.append(("*" if major else "") + "/".join([name, *quals]))
    return out


def to_record(article: Element, position: int) -> Record:
    """Map one ``PubmedArticle``/``PubmedBookArticle`` element to a Record."""
    citation = article.find("MedlineCitation")
    if citation is None:
        citation = article.find("BookDocument")
    if citation is None:
        citation = article
    fields = {name: first(_text(citation.find(p)) for p in paths)
              for name, paths in FIELD_PATHS.items()}
    # Every <Language> counts (an article in English and German lists both).
    fields["language"] = "; ".join(t for p in FIELD_PATHS["language"]
                                   for t in (_text(n) for n in citation.iterfind(p)) if t) or None
    if fields["journal"] == fields["title"]:
        fields["journal"] = None  # a whole book: its title is not a journal
    lists = {name: [t for p in paths for t in (_text(n) for n in citation.iterfind(p)) if t]
             for name, paths in LIST_PATHS.items()}
    ids = _identifiers(article)
    extra = {k: v for k, v in ids.items() if k not in ("doi", "pmcid")}
    vernacular = _text(citation.find("Article/VernacularTitle"))
    if vernacular:
        extra["vernacular_title"] = vernacular
    return build_record(
        **fields, **lists, abstract=_abstract(citation), authors=_authors(citation),
        year=first(_text(citation.find(p)) for p in DATE_PATHS),
        doi=ids.get("doi"), pmcid=ids.get("pmcid"), subject_headings=_headings(citation),
        source_record_id=fields["pmid"], database="pubmed",
        original=tostring(article, encoding="unicode"), position=position, extra=extra)


def read(source: Source) -> Iterator[Record]:
    """Stream the articles of a PubMed XML file.

    Raises:
        ImportFormatError: XML that is not well-formed, naming file and line.
    """
    position = 0
    with source.open_binary() as stream:
        try:
            for element in iter_xml(source.name, stream, forbid_dtd=False):
                if element.tag in RECORD_TAGS:
                    position += 1
                    yield to_record(element, position)
                    element.clear()
        except ParseError as exc:
            line = exc.position[0] if exc.position else "?"
            raise ImportFormatError(f"{source.name} line {line}: not well-formed XML ({exc}).",
                                    "Download the file again; it may be cut short.") from exc
        except DefusedXmlException as exc:
            raise ImportFormatError(f"{source.name}: XML uses entities or external references "
                                    f"litsearch refuses to expand ({exc}).",
                                    "Export the records again as plain PubMed XML.") from exc
        except LookupError as exc:  # the XML declaration names an unknown encoding
            raise ImportFormatError(f"{source.name} line 1: {exc}.",
                                    "Fix the encoding in the <?xml ...?> line (e.g. UTF-8) "
                                    "or export the records again.") from exc
    if position == 0:
        raise ImportFormatError(f"{source.name}: no PubmedArticle records in this XML.",
                                "Save PubMed results with EFetch retmode=xml.")


def sniff(head: str) -> float:
    """Score how sure the head of a file is PubMed XML."""
    return 0.95 if head.lstrip("\ufeff \r\n\t").startswith("<") and _SNIFF_RE.search(head) else 0.0


#: An EFetch answer (or a saved PubMed XML) that holds no article: an empty set.
ENVELOPE = frame(frozenset({"PubmedArticleSet"}))

READER = register(Reader("pubmed-xml", "PubMed XML (EFetch)", sniff, read, ENVELOPE))
