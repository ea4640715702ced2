"""E-utilities ESummary XML (DocSums) and ESearch XML (ID lists) from PubMed and PMC.

ESummary comes in two shapes: the legacy ``<eSummaryResult><DocSum>`` with
``<Item Name=... Type=...>`` children, and version 2.0 ``<DocumentSummarySet>``
(also EDirect's ``efetch -format docsum``) with one element per field. Both hold
citations without abstracts; each DocSum becomes a record. An ESearch result holds
only IDs, so importing one is refused with directions to the records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, tostring

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

#: Record elements: legacy DocSum and version 2.0 DocumentSummary.
RECORD_TAGS = frozenset({"DocSum", "DocumentSummary"})

#: Concept -> field names in priority order (legacy Item Name = version 2.0 element).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title", "BookTitle", "VernacularTitle"),
    "journal": ("FullJournalName", "Source"),
    "volume": ("Volume",),
    "issue": ("Issue",),
    "pages": ("Pages",),
    "year": ("PubDate", "SortPubDate", "EPubDate", "SortDate", "DocDate", "SrcDate"),
    "issn_value": ("ISSN", "ESSN"),
}
#: Fields kept in ``extra`` under the given name.
EXTRA_NAMES = {"Source": "journal_abbreviation", "EPubDate": "epub_date",
               "NlmUniqueID": "nlm_unique_id", "RecordStatus": "record_status",
               "PubStatus": "pub_status", "DocType": "doc_type", "SO": "source_citation",
               "PublisherName": "publisher", "VernacularTitle": "vernacular_title"}
#: List fields: (legacy list Item, version 2.0 container element).
LIST_NAMES = {"authors": ("AuthorList", "Authors"), "languages": ("LangList", "Lang"),
              "publication_types": ("PubTypeList", "PubType")}
#: Version 2.0 elements holding lists (others are text, maybe with inline markup).
LIST_ELEMENTS = frozenset({"Authors", "Lang", "PubType", "ArticleIds", "History", "References",
                           "Attributes", "SrcContribList", "DocContribList"})
#: ArticleIds types -> identifier (PubMed DocSums say "pubmed"; PMC DocSums say "pmid").
ID_TYPES = {"pubmed": "pmid", "pmid": "pmid", "doi": "doi", "pmc": "pmcid", "pmcid": "pmcid"}
#: Name suffixes after the initials ("Hambrick GW Jr").
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "2nd", "3rd", "4th", "II", "III", "IV"})
#: Fields that tell a DocSum holds a citation (a protein or gene DocSum has none).
CITATION_NAMES = frozenset({"PubDate", "FullJournalName", "AuthorList", "Authors", "Source",
                            "SortPubDate", "ArticleIds"})

#: ESearch elements read to explain the refusal (Count, the IDs, what PubMed reported).
ESEARCH_TAGS = frozenset({"Id", "Count", "ERROR", "PhraseNotFound", "FieldNotFound",
                          "OutputMessage", "QuotedPhraseNotFound"})

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
# Version 2.0 titles carry escaped HTML for inline formatting ("D<sub>1</sub>").
_INLINE_HTML_RE = re.compile(r"</?(?:i|b|u|em|strong|sub|sup|sc)>", re.I)
_INITIALS_RE = re.compile(r"^[A-Z]{1,4}$")


def sniff(head: str) -> float:
    """Score a head as ESummary XML (legacy or version 2.0)."""
    return 0.95 if root_name(head) in ("eSummaryResult", "DocumentSummarySet") else 0.0


def sniff_esearch(head: str) -> float:
    """Score a head as ESearch XML."""
    return 0.95 if root_name(head) == "eSearchResult" else 0.0


def _name(child: Element) -> str:
    """Return a DocSum field's name: ``Item/@Name`` (legacy) or the element name (2.0)."""
    return (child.get("Name") or "") if local(child.tag) == "Item" else local(child.tag)


def _fields(docsum: Element) -> tuple[dict[str, str], dict[str, list[Element]]]:
    """Return the DocSum's scalar fields and its list fields' children, by name."""
    scalars: dict[str, str] = {}
    lists: dict[str, list[Element]] = {}
    for child in docsum:
        name = _name(child)
        if not name:
            continue
        if child.get("Type") == "List" or name in LIST_ELEMENTS:
            lists.setdefault(name, []).extend(child)
        else:
            text = flat_text(child)
            if text and name not in scalars:
                scalars[name] = text
    return scalars, lists


def _ids(scalars: dict[str, str], lists: dict[str, list[Element]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in lists.get("ArticleIds", []):
        if local(node.tag) == "ArticleId":  # version 2.0: IdType + Value children
            kind, value = flat_text(node.find("IdType")), flat_text(node.find("Value"))
        else:
            kind, value = node.get("Name"), flat_text(node)
        key = ID_TYPES.get((kind or "").lower())
        if key and value and key not in found:
            found[key] = value
    doi = first([found.get("doi"), scalars.get("DOI")])
    if not doi:
        match = _DOI_RE.search(scalars.get("ELocationID", ""))
        doi = match.group(0).rstrip(".;,") if match else None
    if doi:
        found["doi"] = doi
    return found


def _author(raw: str) -> Author:
    """Split a DocSum author ("LoPresti PJ", "Hambrick GW Jr", a group) into its parts."""
    words = raw.split()
    suffix = [w for w in words[1:] if w in SUFFIXES]
    core = [w for w in words if w not in suffix]
    if len(core) >= 2 and _INITIALS_RE.match(core[-1]):
        return Author(family=" ".join(core[:-1]), initials=core[-1], raw=raw)
    return Author(family=raw, raw=raw)


def _authors(nodes: list[Element]) -> list[Author]:
    people = []
    for node in nodes:
        # Legacy: <Item Name="Author">LoPresti PJ</Item>; 2.0: <Author><Name>…</Name></Author>.
        name = flat_text(node.find("Name")) if len(node) else flat_text(node)
        kind = flat_text(node.find("AuthType")) if len(node) else None
        if not name or (kind and kind.lower() not in ("author", "collectivename")):
            continue
        people.append(Author(family=name, raw=name) if kind and kind.lower() ==
                      "collectivename" else _author(name))
    return people


def to_record(docsum: Element, position: int, line: int | None = None) -> Record:
    """Map one ``DocSum`` or ``DocumentSummary`` element onto a Record."""
    scalars, lists = _fields(docsum)
    uid = flat_text(docsum.find("Id")) or docsum.get("uid")
    values = {concept: first(scalars.get(n) for n in names)
              for concept, names in FIELD_NAMES.items()}
    if values["title"]:
        values["title"] = _INLINE_HTML_RE.sub("", values["title"])
    ids = _ids(scalars, lists)
    pmcid = ids.get("pmcid")
    # A PMC DocSum's uid is the PMC number, not a PMID: use it only when nothing says so.
    from_pmc = bool(uid and pmcid and pmcid.upper().endswith(f"PMC{uid}"))
    if "pmid" not in ids and uid and not from_pmc:
        ids["pmid"] = uid
    listed = {k: [t for t in (flat_text(n) for n in nodes) if t] for k, nodes in (
        (concept, lists.get(old, []) + lists.get(new, []))
        for concept, (old, new) in LIST_NAMES.items() if concept != "authors")}
    authors = _authors(lists.get("AuthorList", []) + lists.get("Authors", []))
    extra = {key: scalars[name] for name, key in EXTRA_NAMES.items() if name in scalars}
    if uid:
        extra["uid"] = uid
    return build_record(
        **values, authors=authors, doi=ids.get("doi"), pmid=ids.get("pmid"), pmcid=pmcid,
        language="; ".join(listed["languages"]), publication_types=listed["publication_types"],
        source_record_id=uid, database="pmc" if from_pmc else "pubmed",
        original=tostring(docsum, encoding="unicode").strip(),
        position=position, line=line, extra=extra)


def _error(docsum: Element) -> str | None:
    """Return the error text of a DocSum that holds only an error (an unknown uid)."""
    names = [(_name(c).lower(), c) for c in docsum]
    errors = [c for name, c in names if name == "error"]
    if not errors or any(name not in ("error", "id") for name, _ in names):
        return None
    return flat_text(errors[0]) or "error"


def read(source: Source) -> Iterator[Record]:
    """Yield one record per DocSum, streaming.

    DocSums that hold only an error (an unknown or withdrawn uid) are skipped with a
    note on the source.

    Raises:
        ImportFormatError: Malformed XML, DocSums from a database other than PubMed
            or PMC, or a file with no DocSum (only an error message).
    """
    drop_encoding_note(source)
    lines: list[int] = []
    for tag in (b"DocSum", b"DocumentSummary"):
        if not lines:
            with source.open_binary() as stream:
                lines = tag_lines(stream, tag)
    hint = "Download the summaries again; the file may be cut short."
    position, seen, errors = 0, 0, []
    for element in iter_elements(source, RECORD_TAGS | {"ERROR", "error"}, hint):
        if local(element.tag) in ("ERROR", "error"):
            text = flat_text(element)
            if text:
                errors.append(text)
            continue
        seen += 1
        line = lines[seen - 1] if seen <= len(lines) else None
        problem = _error(element)
        if problem:
            source.notes.append(f"{source.name}, DocSum {seen}"
                                f"{f' (line {line})' if line else ''}: skipped, PubMed "
                                f"returned an error instead of a summary ({problem}).")
        elif not CITATION_NAMES & {_name(c) for c in element}:
            raise ImportFormatError(
                f"{source.name}, DocSum {seen}{f' (line {line})' if line else ''}: not a "
                "PubMed summary (no date, journal or authors; from another Entrez database?).",
                "Only PubMed and PMC summaries hold citations; use esummary with db=pubmed.")
        else:
            position += 1
            yield to_record(element, position, line)
        element.clear()
    if position == 0:
        said = f" ({'; '.join(dict.fromkeys(errors))})" if errors else ""
        raise ImportFormatError(f"{source.name}: this ESummary result holds no summaries{said}.",
                                "Check the IDs sent to esummary and download it again.")


def read_esearch(source: Source) -> Iterator[Record]:
    """Refuse an ESearch result: it holds PubMed IDs, not records (never yields).

    Raises:
        ImportFormatError: Always, saying how many IDs the file holds and how to get
            the records.
    """
    ids, count, said = 0, None, []
    hint = "Download the search result again; the file may be cut short."
    for element in iter_elements(source, ESEARCH_TAGS, hint):
        name = local(element.tag)
        if name == "Id":
            ids += 1
        elif name == "Count" and count is None:
            count = flat_text(element)
        elif name != "Count" and flat_text(element):
            said.append(f"{name}: {flat_text(element)}")
        element.clear()
    total = f", of {count} hits" if count and count != str(ids) else ""
    message = (f"{source.name} is an ESearch result: it holds only PubMed IDs ({ids} of them"
               f"{total}), not records." if ids else
               f"{source.name} is an ESearch result with no PubMed IDs (the search found "
               f"{count or 0} records): there is nothing to import.")
    if said:
        message += f" PubMed said: {'; '.join(dict.fromkeys(s.rstrip('.') for s in said))}."
    raise ImportFormatError(
        message,
        "Get the records with `litsearch search pubmed` and the query, or fetch these IDs "
        "with EFetch (rettype=medline, or retmode=xml) and import that file.")


#: A summary set with no DocSum and no ERROR (PubMed's "Empty id list" is an ERROR, and
#: stays one: the IDs sent were wrong, not a search that found nothing).
ENVELOPE = frame(frozenset({"eSummaryResult", "DocumentSummarySet"}),
                 frozenset({"DocumentSummarySet"}))

READER = register(Reader(name="esummary-xml", label="PubMed ESummary XML (DocSums)",
                         sniff=sniff, read=read, envelope=ENVELOPE))
ESEARCH_READER = register(Reader(name="esearch-xml",
                                 label="PubMed ESearch XML (IDs only: refused with directions)",
                                 sniff=sniff_esearch, read=read_esearch))
