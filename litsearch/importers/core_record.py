"""Turn the raw field values a reader found into one normalised :class:`Record`.

Every reader (RIS, MEDLINE, PubMed XML and the delimited/BibTeX readers) collects
raw strings per concept and hands them to :func:`build_record`, so normalisation
and the "no title" warning are the same whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .. import normalise
from ..models import Author, Record
from ..placeholders import IMPORTED
from .core_text import tidy

#: Warning text for a record without a title (kept and counted, never dropped).
NO_TITLE = "no title"

_ISSN_RE = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")
# "Liu R." (embase.com) and "Brownstein C D" (EPPI-Reviewer): family name, then initials
# with dots or spaces, which the general splitter would read as given name + family name.
_TRAILING_INITIALS_RE = re.compile(
    r"^([^,]*?[a-z\u00df-\u00ff][^,]*?)((?:\s+[A-Z]\.?){1,4}|\s+(?:[A-Z]\.){2,4})$")
#: The pattern of :func:`litsearch.normalise.year` (tests check the two agree).
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
_ISBN_RE = re.compile(r"\b(?:97[89][\d-]{10,14}|[\d-]{9,12}[\dXx])\b")


def first(values: Iterable[str | None]) -> str | None:
    """Return the first non-blank value, stripped, or None."""
    for value in values:
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


#: Fields whose repeated values all count, joined by "; " (a record in English and
#: German has two LA lines; keeping the first would let a language rule exclude it).
JOINED_FIELDS = frozenset({"language"})


def pick(values: Mapping[str, Any], order: Iterable[str], every: bool = False) -> str | None:
    """Return the first non-blank value of the first tag in ``order`` that has one.

    ``values`` maps a tag to a string or a list of strings (RIS, MEDLINE records).
    With ``every``, all non-blank values of that tag, joined by "; ".
    """
    for tag in order:
        if every and isinstance(values.get(tag), list):
            joined = "; ".join(v.strip() for v in values[tag] if v.strip())
            if joined:
                return joined
            continue
        found = values.get(tag)
        if not found:
            continue
        if isinstance(found, str):
            found = found.strip()
            if found:
                return found
            continue
        for value in found:
            value = value.strip()
            if value:
                return value
    return None


def issn(value: str | None) -> str | None:
    """Return the first ISSN in a value as ``1234-567X``, or None.

    >>> issn("20411723 (ISSN)")
    '2041-1723'
    """
    if not value:
        return None
    match = _ISSN_RE.search(value)
    return f"{match.group(1)}-{match.group(2).upper()}" if match else None


def isbn(value: str | None) -> str | None:
    """Return the first ISBN in a value without hyphens, or None."""
    if not value:
        return None
    match = _ISBN_RE.search(value)
    if not match:
        return None
    digits = match.group(0).replace("-", "").upper()
    return digits if len(digits) in (10, 13) else None


def author_text(raw: str) -> str:
    """Rewrite "Liu R." or "Brownstein C D" as "Liu, R." so it splits as family, initials.

    >>> author_text("Brownstein C D")
    'Brownstein, C D'
    """
    if "," in raw:
        return raw  # already "Family, Given" (the pattern cannot match a comma)
    match = _TRAILING_INITIALS_RE.match(raw.strip())
    if not match:
        return raw
    return f"{match.group(1).strip()}, {match.group(2).strip()}"


def clean(value: str | None) -> str | None:
    """Return :func:`litsearch.normalise.text` of a value, skipping NFC for ASCII (a no-op)."""
    if value is None:
        return None
    if isinstance(value, str) and value.isascii():
        return " ".join(value.split()) or None
    return normalise.text(value)


def unique(values: Iterable[str | None]) -> list[str]:
    """Return the cleaned non-blank values in order, without repeats."""
    seen: dict[str, None] = {}
    for value in values:
        if value is None:
            continue
        # clean() inlined: this runs for every keyword and heading of every record.
        cleaned = (" ".join(value.split()) if type(value) is str and value.isascii()
                   else normalise.text(value))
        if cleaned and cleaned not in seen:
            seen[cleaned] = None
    return list(seen)


def _given(value: str | None) -> str | None:
    """Return ``value``, or None for a placeholder (:data:`litsearch.placeholders.IMPORTED`):
    R and pandas write "AB  - NA", "IS  - nan" into the RIS files they save."""
    if value is not None and len(value) < 32 and value.strip().lower() in IMPORTED:
        return None
    return value


def _listed(values: Iterable[Any]) -> list[Any]:
    """Return a list field's values without placeholders, decided by the list.

    A placeholder word is "none" when it is the field's one value; among other values it
    is one of them ("KW  - HA", "KW  - NA": neuraminidase; "AU  - Na": a family name).
    A dash never is a value.
    """
    values = [v for v in values if v is not None]
    alone = len(values) == 1
    return [v for v in values if not isinstance(v, str) or _given(v) is not None or not (
        alone or not any(c.isalnum() for c in v))]


def year_of(value: str | int | None) -> int | None:
    """Return :func:`litsearch.normalise.year` of a value, with the pattern compiled once.

    >>> year_of("2020///"), year_of(2100), year_of("ca. 1400")
    (2020, 2100, None)
    """
    if value is None:
        return None
    if type(value) is int:
        return value if 1500 <= value <= 2100 else normalise.year(value)
    match = _YEAR_RE.search(str(value))
    return int(match.group(1)) if match else None


def build_record(*, title: str | None = None, abstract: str | None = None,
                 authors: list[str] | list[Author] | None = None, year: Any = None,
                 journal: str | None = None, volume: str | None = None,
                 issue: str | None = None, pages: str | None = None,
                 start_page: str | None = None, end_page: str | None = None,
                 doi: str | None = None, pmid: str | None = None, pmcid: str | None = None,
                 issn_value: str | None = None, isbn_value: str | None = None,
                 language: str | None = None, publication_types: Iterable[str] = (),
                 keywords: Iterable[str] = (), subject_headings: Iterable[str] = (),
                 url: str | None = None, source_record_id: str | None = None,
                 database: str | None = None, original: str = "", position: int | None = None,
                 line: int | None = None, extra: dict[str, Any] | None = None,
                 placeholders: bool = True) -> Record:
    """Normalise raw values into a :class:`Record` and note what is missing.

    Args:
        authors: Author strings as the source wrote them, or ready-made
            :class:`Author` objects (PubMed XML has the parts separately).
        pages: A page range ("123-9"); ``start_page``/``end_page`` win when given.
        placeholders: Whether a placeholder ("NA", "nan") means an empty field. False
            for litsearch's own RIS, which writes none: a title "NA" reads back as stored.
        Other arguments: the raw value for the field of the same name.

    Returns:
        The record, with a "no title" warning when the title is missing.
    """
    if placeholders:
        title, abstract, journal, volume, issue, pages, start_page, end_page, url, \
            source_record_id, language = (_given(v) for v in (
                title, abstract, journal, volume, issue, pages, start_page, end_page, url,
                source_record_id, language))
        authors = _listed(authors or [])
        keywords, subject_headings, publication_types = (
            _listed(keywords), _listed(subject_headings), _listed(publication_types))
    if authors and isinstance(authors[0], Author):
        people: list[Author] = list(authors)  # type: ignore[arg-type]
    else:
        people = []
        for raw in authors or []:
            if not isinstance(raw, str):
                continue
            fixed = author_text(raw)
            parsed = normalise.author(fixed)
            if parsed is not None:
                people.append(parsed if fixed is raw else
                              Author(parsed.family, parsed.initials, parsed.given, raw))
    first_page, last_page = normalise.pages(pages)
    record = Record(
        title=clean(title),
        abstract=clean(abstract),
        authors=people,
        year=year_of(year),
        journal=clean(journal),
        volume=clean(volume),
        issue=clean(issue),
        start_page=clean(start_page) or first_page,
        end_page=clean(end_page) or last_page,
        doi=normalise.doi(doi),
        pmid=normalise.pmid(pmid) if pmid else None,
        pmcid=normalise.pmcid(pmcid),
        issn=issn(issn_value),
        isbn=isbn(isbn_value),
        language=normalise.language(language),
        publication_types=unique(publication_types),
        keywords=unique(keywords),
        subject_headings=unique(subject_headings),
        url=clean(url),
        source_record_id=clean(source_record_id),
        database=database,
        original=original,
        position=position,
        line=line,
        extra=extra or {},
    )
    tidy(record)
    if not record.title:
        record.warnings.append(NO_TITLE)
    return record
