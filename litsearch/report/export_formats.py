"""Record -> RIS entry (written by rispy) and -> BibTeX entry (written by bibtexparser 2)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TextIO

import bibtexparser
from bibtexparser.model import Entry, Field
from rispy.writer import RisWriter

from .. import normalise
from ..models import Author, Record

#: RIS tag of the record's dedup cluster id (see :data:`RIS_MAPPING`).
RIS_CLUSTER_TAG = "C8"
#: RIS tag of the record's screening status.
RIS_STATUS_TAG = "U5"
#: BibTeX fields of the same two values.
BIBTEX_CLUSTER_FIELD = "litsearch-cluster"
BIBTEX_STATUS_FIELD = "litsearch-status"

#: RIS tag -> entry key, for litsearch's own RIS dialect (read back by the "litsearch"
#: dialect in :mod:`litsearch.importers.ris_dialects`, detected by ``DP  - litsearch``).
#: Two-character tags only: other RIS readers (rispy, Zotero, EndNote) take a line with a
#: longer tag ("PMID  - ") as a continuation of the field above it. PMID and PMCID go in
#: custom fields 2 and 3 (Scopus also puts the PMID in C2), publication types in M3 (type of
#: work) and subject headings in custom field 4; litsearch's own dialect reads them back.
#: The dedup cluster goes in custom field 8 and the screening status in user field 5 (the
#: fields RIS sets aside for a user's own data): no export in shared/corpora writes either
#: tag and no dialect reads a field from them (unlike Embase's C5 PMID, Scopus's C7 article
#: number or EndNote's C6 NIHMSID); rispy reads them as custom8 and an unknown tag, Zotero's
#: RIS translator maps neither to a field of a journal article and keeps them as notes.
#: litsearch's own dialect leaves them unmapped, so they come back in ``extra`` only.
RIS_MAPPING = {
    "TY": "type", "TI": "title", "AU": "authors", "PY": "year", "T2": "journal",
    "VL": "volume", "IS": "issue", "SP": "start_page", "EP": "end_page", "DO": "doi",
    "C2": "pmid", "C3": "pmcid", "SN": "issn", "BN": "isbn", "LA": "language",
    "M3": "publication_types", "KW": "keywords", "C4": "subject_headings", "UR": "url",
    "AN": "source_record_id", "DB": "database", "DP": "provider", "ID": "record_id",
    "AB": "abstract", RIS_CLUSTER_TAG: "cluster_id", RIS_STATUS_TAG: "screening_status",
}
#: RIS tags written once per value.
RIS_LIST_TAGS = ["AU", "M3", "KW", "C4"]
#: Marks the file as litsearch's export, so re-import picks the matching field map.
RIS_PROVIDER = "litsearch"

#: RIS reference type -> BibTeX entry type.
BIBTEX_TYPES = {"JOUR": "article", "EJOUR": "article", "BOOK": "book", "EBOOK": "book",
                "CHAP": "incollection", "ECHAP": "incollection", "CONF": "inproceedings",
                "CPAPER": "inproceedings", "THES": "phdthesis", "RPRT": "techreport"}


class _PlainRisWriter(RisWriter):
    """rispy's writer without its "1." counter line before each record."""

    def set_header(self, count: int) -> str:
        return ""


# No delimiter map: rispy would join list values of UR with ";" and split URLs apart.
_WRITER = _PlainRisWriter(mapping=RIS_MAPPING, list_tags=RIS_LIST_TAGS,
                          delimiter_tags_mapping={})


def _author_text(author: Author) -> str:
    """Write an author as "Family, Given" (or initials) from the parsed parts.

    Not the source's own wording (``raw``): "Costa APCS" or "Fish, A.C. (CFC)" only read
    back right with their source's reader. A family name alone keeps its comma ("WHO
    Collaborating Group," or "Ben Walton,") so it is not split into given and family.
    """
    if author.given and normalise.author(f"{author.family}, {author.given}") != Author(
            author.family, author.initials, author.given, f"{author.family}, {author.given}"):
        return f"{author.family}, {author.initials}".rstrip()  # the source's initials differ
    return f"{author.family}, {author.given or author.initials}".rstrip()


def ris_entry(record_id: int, record: Record, cluster: int | None = None,
              status: str | None = None) -> dict[str, Any]:
    """Return a rispy entry (key -> value) for one record, leaving out empty fields.

    ``cluster`` is the record's dedup cluster and ``status`` its screening status
    (:func:`litsearch.screening.status.record_statuses`), when known.
    """
    entry: dict[str, Any] = {
        "type": str(record.extra.get("ris_type") or "JOUR"),
        "title": record.title, "authors": [_author_text(a) for a in record.authors],
        "year": str(record.year) if record.year else None, "journal": record.journal,
        "volume": record.volume, "issue": record.issue, "start_page": record.start_page,
        "end_page": record.end_page, "doi": record.doi, "pmid": record.pmid,
        "pmcid": record.pmcid, "issn": record.issn, "isbn": record.isbn,
        "language": record.language, "publication_types": record.publication_types,
        "keywords": record.keywords, "subject_headings": record.subject_headings,
        "url": record.url, "source_record_id": record.source_record_id,
        "database": record.database, "provider": RIS_PROVIDER, "record_id": str(record_id),
        "abstract": record.abstract,
        "cluster_id": str(cluster) if cluster is not None else None,
        "screening_status": status,
    }
    return {k: v for k, v in entry.items() if v not in (None, "", [])}


def write_ris(handle: TextIO, entry: dict[str, Any]) -> None:
    """Write one RIS record and a blank line after it."""
    _WRITER.format_lines(handle, [entry])
    handle.write("\n")


def _balanced(value: str) -> str:
    # bibtexparser wraps values in braces; an unbalanced one inside would end the value
    # early, so drop closing braces that pair with nothing and close the open ones.
    depth, out = 0, []
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    out.extend("}" * depth)
    return "".join(out)


def _keywords_text(keywords: list[str]) -> str:
    """Join keywords as reference managers read them: ", ", or "; " when one holds a comma.

    A MeSH heading such as "Behavior, Addictive" would otherwise read back as two
    keywords; a lone such keyword gets a closing ";" so it is not split at its comma.
    """
    if not any("," in k for k in keywords):
        return ", ".join(keywords)
    return "; ".join(keywords) + (";" if len(keywords) == 1 else "")


def _tilde(text: str | None) -> str | None:
    """Write an ASCII tilde ("~15 %", approximately) as LaTeX's, not as a tie (a space)."""
    return text.replace("~", "\\textasciitilde{}") if text and "~" in text else text


def _key(record_id: int, record: Record) -> str:
    family = record.authors[0].family if record.authors else "anon"
    ascii_family = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode()
    return f"{re.sub(r'[^A-Za-z]', '', ascii_family) or 'anon'}{record.year or ''}_{record_id}"


def bibtex_entry(record_id: int, record: Record, cluster: int | None = None,
                 status: str | None = None) -> Entry:
    """Return a bibtexparser entry for one record, with its dedup cluster and status."""
    pages = "--".join(p for p in (record.start_page, record.end_page) if p)
    values = {
        "title": _tilde(record.title),
        "author": " and ".join(_author_text(a) for a in record.authors),
        "year": str(record.year) if record.year else None, "journal": record.journal,
        "volume": record.volume, "number": record.issue, "pages": pages, "doi": record.doi,
        "pmid": record.pmid, "issn": record.issn, "isbn": record.isbn,
        "language": record.language, "keywords": _keywords_text(record.keywords),
        "url": record.url, "abstract": _tilde(record.abstract),
        BIBTEX_CLUSTER_FIELD: str(cluster) if cluster is not None else None,
        BIBTEX_STATUS_FIELD: status,
    }
    kind = BIBTEX_TYPES.get(str(record.extra.get("ris_type") or "JOUR"), "misc")
    fields = [Field(k, _balanced(v)) for k, v in values.items() if v]
    return Entry(kind, _key(record_id, record), fields)


def write_bibtex(handle: TextIO, entry: Entry) -> None:
    """Write one BibTeX entry and a blank line after it."""
    handle.write(bibtexparser.write_string(bibtexparser.Library([entry])).strip() + "\n\n")
