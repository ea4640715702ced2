"""Prepare records for matching: folded titles, author keys, page numbers and trap flags.

Everything here is pure. :func:`prepare` turns a :class:`~litsearch.models.Record`
into a :class:`Prepared` view that blocking and matching read; the record itself
is never changed. Noise patterns and word lists are data tables so a reviewer can
see exactly what is stripped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from ..models import Record
from .names import author_names, family_name, unreadable_authors
from .pages import Pages, first_page, parse_pages
from .tables import (
    ACCESSION_PATTERNS,
    CONFERENCE_RE,
    CONFERENCE_TYPES,
    GENERIC_RE,
    GENERIC_TITLES,
    JOURNAL_STOPWORDS,
    NOTICE_CITATIONS,
    NOTICE_PATTERNS,
    NOTICE_TYPES,
    PREPRINT_DOI_PREFIXES,
    PREPRINT_RE,
)
from .text import clean_title, fold, is_latin, title_parts
from .trust import Reading, read_fields

__all__ = ["Prepared", "clean_title", "family_name", "first_number", "first_page", "fold",
           "is_latin", "key_count", "name_key", "notice_kind", "part_number", "prepare"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
_WORDS_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PART_RE = re.compile(r"\b(?:part|pt|teil|partie|parte)\.?\s+([ivx]+|\d+|one|two|three|four|five|"
                      r"six)\b", re.I)
_TRAILING_NUMERAL_RE = re.compile(r"[.:,;\-–]\s*([IVX]+|\d)\s*\.?\s*$")
# Cheap pre-check: most titles are no notice.
_ISSUE_AS_VOLUME_RE = re.compile(r"\s*(?:no|nr|n°|number|issue|heft)\b\.?\s*\d", re.I)
_MAY_BE_NOTICE_RE = re.compile(r"errat|corrig|correction|retract|reply|response|comment|"
                               r"concern|addend|editor|^re\s*:", re.I)


@dataclass(slots=True)
class Prepared:
    """The comparable view of one record.

    Attributes:
        title: Folded title (lower-case, accents and punctuation removed, any script kept).
        title_key: ``title`` without spaces, for blocking.
        latin: True when the title is mostly Latin letters (False for Cyrillic, CJK, ...).
        authors: Folded family names, in order.
        initials: First initials, in order.
        swapped: The first given name read as the family name, in order, for sources that
            write the family name first without a comma ("Wang Xiaoguang"). Author
            lists are compared by :func:`name_key` of either reading, made on demand.
        year: Publication year.
        journal: Folded container title tokens joined by spaces.
        volume: First integer of the volume.
        issue: The issue number ("" for a supplement without one).
        supplement: "S" plus the supplement number, "S" for an unnumbered one, or "".
        meeting: The meeting named after the journal ("Circulation. Conference: ..."), folded.
        untrusted: Fields whose value matching may not use (``field=value``), see
            :mod:`litsearch.dedup.trust`.
        page: First page, digits only ("e0137960" and "137960" agree).
        pages: First and last page, ranges and article-number flag, for comparison.
        abstract_page: The page is an abstract-book page ("81A", "S353") that many items share.
        doi, pmid, pmcid: Identifiers.
        notice: "erratum", "retraction", "reply", "comment", ... or "" for a paper.
        translated: The title is marked as translated (MEDLINE "[...]", a language tag).
        part: Part number ("Part II", trailing ". II"), 0 when none.
        numbers: Digit groups in the title, in order.
        generic: The title names a kind of item ("Editorial").
        conference: The record is a conference abstract or paper.
        preprint: The record is a preprint.
        completeness: Filled-field count (representative choice).
        accession: A database accession number of a format unique worldwide
            (:data:`~litsearch.dedup.tables.ACCESSION_PATTERNS`), else "".
    """

    title: str
    title_key: str
    latin: bool
    authors: tuple[str, ...]
    initials: tuple[str, ...]
    swapped: tuple[str, ...]
    year: int | None
    journal: str
    volume: str
    issue: str
    page: str
    pages: Pages
    abstract_page: bool
    doi: str
    pmid: str
    pmcid: str
    notice: str
    translated: bool
    part: int
    numbers: tuple[str, ...]
    generic: bool
    conference: bool
    preprint: bool
    completeness: int
    accession: str = ""
    supplement: str = ""
    meeting: str = ""
    untrusted: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Prepared], tuple[object, ...]]:
        # The fields in order: pickled and read back in half the time of the default
        # (a slots dataclass's state), and records cross between processes by the
        # million (parallel.py, packed.py).
        return Prepared, _FIELDS_OF(self)


#: Every field of a :class:`Prepared`, in order, as one tuple.
_FIELDS_OF = attrgetter(*(f.name for f in fields(Prepared)))


def accession(value: str | None) -> str:
    """Return a worldwide-unique accession number ("WOS:…", "2-s2.0-…", "L…"), else ""."""
    text = (value or "").strip()
    for name, pattern in ACCESSION_PATTERNS:
        if pattern.match(text):
            return f"{name}:{text.upper()}"
    return ""


def notice_kind(title: str, publication_types: list[str] | None = None,
                cleaned: str | None = None) -> str:
    """Return the kind of notice a title or type marks ("erratum", "reply", ...) or "".

    The title is read as exported: databases mark a notice with words ("Author
    Correction: ...") or with a trailing citation of the paper it is about (WoS
    "(vol 142, pg 310, 2003)"), which :func:`clean_title` then removes.

    Args:
        title: The title as exported.
        publication_types: The record's publication or document types.
        cleaned: ``clean_title(title)`` when the caller has it already.

    >>> notice_kind("Ecologically-oriented neurorehabilitation of memory: Correction")
    'erratum'
    >>> notice_kind("Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol 360, pg 542, 2009)")
    'erratum'
    >>> notice_kind("Correction of hypoxaemia in COPD")
    ''
    """
    for kind in (NOTICE_TYPES.get(t.strip().lower()) for t in publication_types or []):
        if kind:
            return kind
    if not title:
        return ""
    if _MAY_BE_NOTICE_RE.search(title):
        cleaned = clean_title(title) if cleaned is None else cleaned
        for text in dict.fromkeys((title.strip(), cleaned)):
            for kind, pattern in NOTICE_PATTERNS:
                if pattern.search(text):
                    return kind
    if "(" in title:
        for kind, pattern in NOTICE_CITATIONS:
            if pattern.search(title):
                return kind
    return ""


def part_number(title: str) -> int:
    """Return the part number a title declares ("Part II", ". II", "Teil 2"), else 0.

    >>> part_number("Cervical screening. Part II. Results and interpretation")
    2
    >>> part_number("Désingularisation de métriques d'Einstein. I")
    1
    """
    match = _PART_RE.search(title)
    if not match:
        match = _TRAILING_NUMERAL_RE.search(title)
    if not match:
        return 0
    token = match.group(1).lower()
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token) or _WORDS_NUM.get(token, 0)


def first_number(value: str | None) -> str:
    """Return the number a volume or issue field holds, without leading zeros.

    The first number when the field starts with one ("3)", "30 SUPPL. 3"); else the
    last ("Conference: 22nd FIGO World Congress. 143" -> "143").
    """
    if not value:
        return ""
    numbers = re.findall(r"\d+", str(value))
    if not numbers:
        return ""
    return str(int(numbers[0] if str(value).lstrip()[:1].isdigit() else numbers[-1]))


def _container_flags(record: Record, reading: Reading) -> tuple[bool, bool]:
    types = " ".join(record.publication_types).lower()
    container = " ".join(x for x in (record.journal, str(record.extra.get("booktitle") or ""))
                         if x)
    # A supplement ("Suppl 2", page S85) holds full papers too: only types and container
    # names mark a conference item.
    conference = (reading.conference or any(t in types for t in CONFERENCE_TYPES)
                  or bool(CONFERENCE_RE.search(container)))
    doi = record.doi or ""
    preprint = ("preprint" in types or bool(PREPRINT_RE.search(container))
                or doi.startswith(PREPRINT_DOI_PREFIXES))
    return conference, preprint


#: Author lists are compared over at most this many leading names.
MAX_KEY_NAMES = 12


def key_count(names: Sequence[str]) -> int:
    """Return how many leading names an author list is compared over (at most 12)."""
    return min(len(names), MAX_KEY_NAMES)


def name_key(names: Sequence[str], k: int) -> str:
    """Return the first ``k`` names sorted and joined: lists compared over the shorter one.

    Made on demand rather than kept per record (12 keys per record cost about half
    a kilobyte each at a million records); only compared pairs need them.

    >>> [name_key(["smith", "jones", "brown"], k) for k in (1, 2, 3)]
    ['smith', 'jones smith', 'brown jones smith']
    """
    return " ".join(sorted(names[:k]))


def prepare(record: Record) -> Prepared:
    """Build the comparable view of one record."""
    raw_title = record.title or ""
    cleaned, translated = title_parts(raw_title)
    title = fold(cleaned)
    family, initials, swapped = author_names(record.authors)
    volume_cell, issue_cell = record.volume, record.issue
    if _ISSUE_AS_VOLUME_RE.match(record.volume or ""):
        # "No.92" in the volume field is an issue.
        volume_cell, issue_cell = None, record.issue or f"{first_number(record.volume)}"
    reading = read_fields(
        doi=record.doi, journal=record.journal or record.extra.get("booktitle"),
        volume=volume_cell, issue=issue_cell, start_page=record.start_page,
        end_page=record.end_page, year=record.year)
    doi = reading.doi
    pages = parse_pages(reading.start_page or None, reading.end_page or None, doi)
    conference, preprint = _container_flags(record, reading)
    journal_words = [w for w in fold(reading.journal).split() if w not in JOURNAL_STOPWORDS]
    return Prepared(
        title=title,
        title_key=title.replace(" ", ""),
        latin=is_latin(title),
        authors=tuple(family),
        initials=tuple(initials),
        swapped=tuple(swapped),
        year=reading.year,
        journal=" ".join(journal_words),
        volume=reading.volume,
        issue=reading.issue,
        page=pages.first,
        pages=pages,
        abstract_page=bool(re.search(r"^[A-Za-z]|\d[A-Za-z]$", reading.start_page)
                           and not reading.start_page.lower().startswith("e")),
        doi=doi,
        pmid=record.pmid or "",
        pmcid=(record.pmcid or "").upper(),
        notice=notice_kind(raw_title, record.publication_types, cleaned),
        translated=translated,
        part=part_number(cleaned),
        numbers=tuple(re.findall(r"\d+", title)),
        generic=title in GENERIC_TITLES or (0 < len(title) < 12 and " " not in title)
        or (title.count(" ") < 8 and bool(GENERIC_RE.search(title))),
        conference=conference,
        preprint=preprint,
        completeness=record.completeness(),
        accession=accession(record.source_record_id),
        supplement=reading.supplement,
        meeting=fold(reading.meeting),
        untrusted=reading.untrusted + unreadable_authors(record.authors),
    )
