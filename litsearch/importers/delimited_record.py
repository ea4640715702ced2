"""Turn canonical field values gathered by a reader into a normalised :class:`Record`.

Every reader in this family (delimited text, XLSX, BibTeX, Web of Science, EndNote
XML, Ovid, EndNote tagged, ProQuest) first maps its own tags or columns onto the
canonical names below, collecting raw strings in priority order; :func:`build_record`
then applies the shared normalisers so that all formats agree on what a DOI, an
author or a year looks like.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import normalise
from ..models import Author, Record
from ..placeholders import IMPORTED
from .core_record import NO_TITLE
from .core_text import tidy

#: A PubMed record's address names its PMID.
_PUBMED_LINK_RE = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})")

#: Canonical fields holding one value: the first value that survives cleaning wins.
SCALAR_FIELDS = ("title", "abstract", "journal", "volume", "issue", "start_page", "end_page",
                 "pages", "doi", "pmid", "pmcid", "issn", "isbn", "language", "url",
                 "source_record_id", "database", "year")
#: Canonical fields holding lists: values from every mapped source are kept, in order.
LIST_FIELDS = ("authors", "keywords", "subject_headings", "publication_types")
#: List fields filled from the first mapped source that has values (AF before AU), never merged.
FIRST_SOURCE_LISTS = ("authors",)
#: Honorifics SpringerLink and some CSV exports put in front of names.
_HONORIFIC_RE = re.compile(r"^(?:(?:Prof|Dr|Mr|Mrs|Ms|Professor)\.?\s+)+", re.I)
#: "Phillips J.C." / "Dos Santos H.B.": family name then dotted initials (Scopus, Embase).
_FAMILY_INITIALS_RE = re.compile(
    r"^(?P<family>[^,]+?)\s+(?P<initials>(?:[A-Z]\.(?:-?[A-Z]\.)*\s?){1,4})$")
_MEDLINE_DOT_RE = re.compile(r"^\S.*\s[A-Z]{1,4}\.$")
_AUTHOR_NOTE_RE = re.compile(r"\s*\((?:\d{5,}|[^()]*@[^()]*)\)\s*")
_LOWER_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "di", "da",
                              "du", "dos", "das", "le", "la", "ten", "ter"})
_ISSN_RE = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")
_ISBN_RE = re.compile(r"\b(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]\b")


def is_blank(value: str | None) -> bool:
    """Return True for empty cells and vendor placeholders such as ``NA``
    (:data:`litsearch.placeholders.IMPORTED`)."""
    if not value:
        return True
    # Placeholders are short; long text (abstracts) is never one.
    return len(value) < 32 and value.strip().lower() in IMPORTED


@lru_cache(maxsize=1 << 16)
def clean_author(raw: str) -> Author | None:
    """Normalise one author string from any of these formats.

    Handles what :func:`litsearch.normalise.author` does not: dotted initials after
    the family name ("Phillips J.C."), Scopus author ids in parentheses, RefWorks
    ``,null`` given names, e-mail addresses (Zoological Record) and honorifics.
    """
    # Cheap membership tests first: these run once per author of every record.
    text = _AUTHOR_NOTE_RE.sub(" ", raw) if "(" in raw else raw
    text = text.strip()
    if text[-4:].lower() == "null":
        text = re.sub(r",\s*null$", "", text, flags=re.I)
    text = text.strip(" ;,")
    if text[:1] in "PDMI":
        text = _HONORIFIC_RE.sub("", text)
    if not text or text.lower() in IMPORTED:
        return None
    if text.endswith(".") and "," not in text and _MEDLINE_DOT_RE.match(text):
        # PubMed CSV ends its author list with a period: "Larkin DM." ("King, Daniel L."
        # is a name written in full, its initial's period its own)
        text = text[:-1]
    words = text.split(" ")
    if "," not in text and "." not in text and words[0] in _LOWER_PARTICLES and \
            not re.fullmatch(r"[A-Z]{1,4}", words[-1]):
        # "van den Hoven" alone is a family name, not given names "van" + family "den Hoven".
        return Author(family=text, raw=raw.strip())
    match = _FAMILY_INITIALS_RE.match(text)
    if match and "," not in text:
        text = f"{match['family']}, {match['initials'].strip()}"
    parsed = normalise.author(text)
    if parsed is None:
        return None
    return Author(family=parsed.family, initials=parsed.initials, given=parsed.given,
                  raw=raw.strip())


def issn(value: str | None) -> str | None:
    """Return the first ISSN in a value as ``NNNN-NNNX``, or None."""
    if not value:
        return None
    match = _ISSN_RE.search(value)
    return f"{match.group(1)}-{match.group(2).upper()}" if match else None


def isbn(value: str | None) -> str | None:
    """Return the first ISBN in a value without separators, or None."""
    if not value:
        return None
    match = _ISBN_RE.search(value)
    return re.sub(r"[-\s]", "", match.group(0)).upper() if match else None


def _first(values: list[str], clean: Any = normalise.text, blank: Any = is_blank) -> str | None:
    for value in values:
        if blank(value):
            continue
        cleaned = clean(value)
        if cleaned:
            return cleaned
    return None


def is_empty(value: str | None) -> bool:
    """Return True for an empty or all-space cell (placeholders are text here)."""
    return not value or not value.strip()


def _pages_text(value: str) -> str:
    # Cochrane writes U+2010 and U+2011 hyphens between pages.
    text = value.replace("\u2010", "-").replace("\u2011", "-").replace("\u2212", "-")
    # BibTeX writes ranges as "1--20"; WoS article numbers come as "UNSP 1722034".
    return re.sub(r"^UNSP\s+", "", re.sub(r"\s*-{2,}\s*", "-", text))


#: Keywords, subject headings and types repeat across records: normalise each once.
_cached_text = lru_cache(maxsize=1 << 16)(normalise.text)


_cached_language = lru_cache(maxsize=1024)(normalise.language)


def _unique(values: list[str]) -> list[str]:
    """Return the distinct terms of a list field, without placeholders.

    A placeholder word ("NA", "none") means "no terms" only when it is the field's one
    value; among other terms it is a term ("HA; NA" in influenza: neuraminidase; "Na":
    sodium). A dash never is.
    """
    seen: dict[str, None] = {}
    alone = len(values) == 1
    for value in values:
        text = _cached_text(value) if len(value) < 200 else normalise.text(value)
        if not text or text in seen or (text.lower() in IMPORTED and (
                alone or not any(c.isalnum() for c in text))):
            continue
        seen[text] = None
    return list(seen)


def build_record(values: dict[str, list[Any]], *, extra: dict[str, Any] | None = None,
                 original: str = "", position: int | None = None, line: int | None = None,
                 warnings: list[str] | None = None, placeholders: bool = True) -> Record:
    """Normalise canonical values into a Record.

    Args:
        values: Canonical field name -> raw strings, in priority order. ``pages`` is
            split into start and end page when those are absent; ``authors`` holds
            one raw author per item.
        extra: Source fields with no place in the model (kept verbatim).
        original: The record as it stood in the file.
        position: 1-based position in the file.
        line: 1-based line where the record starts.
        warnings: Problems met while reading the record.
        placeholders: Whether a vendor placeholder (``NA``, ``none``) in a one-value
            field means empty. False for litsearch's own CSV, which writes an empty cell
            for an empty field, so a title that is literally "NONE" reads back as stored.

    Returns:
        The normalised record.
    """
    get = values.get
    blank = is_blank if placeholders else is_empty
    record = Record(original=original, position=position, line=line,
                    extra=dict(extra or {}), warnings=list(warnings or []))
    for name in ("title", "abstract", "journal", "volume", "issue", "url", "source_record_id",
                 "database"):
        setattr(record, name, _first(get(name, []), blank=blank))
    record.doi = _first(get("doi", []), normalise.doi)
    record.pmid = _first(get("pmid", []), normalise.pmid)
    if record.pmid is None and record.url:
        linked = _PUBMED_LINK_RE.search(record.url)  # as the RIS reader reads UR
        record.pmid = linked.group(1) if linked else None
    record.pmcid = _first(get("pmcid", []), normalise.pmcid)
    record.issn = _first(get("issn", []), issn)
    record.isbn = _first(get("isbn", []), isbn)
    # Every language counts (repeated LA tags, "English; German"): a language rule keeps
    # a record written in any of them.
    record.language = _cached_language("; ".join(
        str(v) for v in get("language", []) if not is_blank(v)))
    record.year = next((y for y in (normalise.year(v) for v in get("year", []) if v) if y), None)
    start = _first(get("start_page", []), lambda v: normalise.text(_pages_text(v)))
    end = _first(get("end_page", []), lambda v: normalise.text(_pages_text(v)))
    if start is None:
        pages = _first(get("pages", []), lambda v: normalise.text(_pages_text(v)))
        start, split_end = normalise.pages(pages)
        end = end or split_end
    elif end is not None:
        start, end = normalise.pages(f"{start}-{end}")
    record.start_page, record.end_page = start, end
    # Readers may pass ready Author objects (bodies such as "{World Health Organization}").
    authors = [raw if isinstance(raw, Author) else clean_author(raw)
               for raw in get("authors", []) if raw]
    record.authors = [a for a in authors if a is not None]
    record.keywords = _unique(get("keywords", []))
    record.subject_headings = _unique(get("subject_headings", []))
    record.publication_types = _unique(get("publication_types", []))
    tidy(record)
    if not record.title and NO_TITLE not in record.warnings:
        record.warnings.append(NO_TITLE)  # kept and counted, as every reader does
    return record
