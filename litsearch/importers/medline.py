"""PubMed MEDLINE / ``.nbib`` text (also ERIC's ``.nbib``, which has no PMID line).

Bio.Medline does the record grammar (tags, 6-space continuation lines, blank-line
separators, joining text fields). It lacks three things litsearch needs, added
here by hand: line numbers and the verbatim text of each record (fed to it
through :class:`_LineFeed`), tolerance for tags it mis-slices (``ISSN - `` in
ERIC files, continuation lines indented less than 6 spaces) and a clear error
for lines that are not MEDLINE at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from Bio import Medline

from ..errors import ImportFormatError
from ..models import Record
from .core_lines import bad_byte_line
from .core_record import build_record, pick
from .registry import Reader, register
from .source import Source

#: Concept -> tags in priority order (the first non-blank value wins).
FIELD_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "BTI"),
    "abstract": ("AB",),
    "year": ("DP", "DEP", "YR", "DA"),
    "journal": ("JT", "TA"),
    "volume": ("VI",),
    "issue": ("IP",),
    "pages": ("PG",),
    "pmid": ("PMID",),
    "pmcid": ("PMC",),
    "issn_value": ("IS", "ISSN"),
    "isbn_value": ("ISBN",),
    "language": ("LA",),
    "source_record_id": ("PMID", "OID"),
}

#: Concept -> tags whose every value is kept.
LIST_TAGS: dict[str, tuple[str, ...]] = {
    "publication_types": ("PT",),
    "keywords": ("OT",),
    "subject_headings": ("MH",),
}

#: Full author names first; short forms only when a record has no full names.
AUTHOR_TAGS = ("FAU", "AU")
#: Group authors ("collective names"), kept as authors after the persons.
GROUP_AUTHOR_TAG = "CN"
#: Tags whose values may carry a DOI, marked "[doi]" or written as a doi.org URL.
DOI_TAGS = ("LID", "AID")

_TAG_RE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) *-(?: ?(.*))?$")
_DOI_MARKED_RE = re.compile(r"(\S+)\s*\[doi\]")
_USED = {t for tags in FIELD_TAGS.values() for t in tags} | {
    t for tags in LIST_TAGS.values() for t in tags} | set(AUTHOR_TAGS) | {GROUP_AUTHOR_TAG}
_SNIFF_PMID_RE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_SNIFF_TAG_RE = re.compile(r"^(?:TI|AU|FAU|DP|OWN|STAT) {0,3}- ", re.MULTILINE)


class _LineFeed:
    """Feed canonical MEDLINE lines to Bio.Medline and remember what it consumed."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.buffer: list[str] = []
        self.start: int | None = None
        self.in_record = False

    def __iter__(self) -> Iterator[str]:
        # Lines come straight from the text stream (not core_lines.numbered_lines): this
        # loop runs for every line of files with millions of lines, so one generator less
        # and passing well-formed lines through untouched matter.
        buffer = self.buffer
        number = 0
        with self.source.open_text() as stream:
            try:
                for number, line in enumerate(stream, start=1):
                    buffer.append(line)
                    if line[4:6] == "- " and line[:1].isupper():
                        if self.start is None:
                            self.start = number
                        self.in_record = True
                        yield line if line[-1:] == "\n" else line + "\n"
                    else:
                        yield self._odd_line(number, line.rstrip("\r\n").lstrip("\ufeff"))
            except UnicodeDecodeError as exc:
                raise ImportFormatError(
                    f"{self.source.name} line {bad_byte_line(self.source)}: bytes that are "
                    f"not valid {self.source.encoding} ({exc.reason}).",
                    "Name the file's encoding with --encoding (for example cp1252).") from exc

    def _odd_line(self, number: int, line: str) -> str:
        """Canonicalise a blank, continuation or unusual tag line (or refuse it)."""
        if not line.strip():
            self.in_record = False
            return "\n"
        if line[0] in " \t":
            if not self.in_record:
                raise ImportFormatError(
                    f"{self.source.name} line {number}: an indented line with no tag "
                    "before it.", "Check the file is a complete MEDLINE/nbib export.")
            return (line if line.startswith("      ") else "      " + line.strip()) + "\n"
        match = _TAG_RE.match(line)
        if not match:
            raise ImportFormatError(
                f"{self.source.name} line {number}: not a MEDLINE line ({line[:40]!r}).",
                "MEDLINE lines start with a tag such as 'TI  - '; check the file or name "
                "its format with --format.")
        if self.start is None:
            self.start = number
        self.in_record = True
        return f"{match.group(1):<4}- {match.group(2) or ''}\n"

    def take(self) -> tuple[int | None, str]:
        """Return the first line number and verbatim text of the record just read."""
        start, self.start = self.start, None
        text = "".join(self.buffer).strip("\n").lstrip("\ufeff")
        self.buffer.clear()
        return start, text


def _values(raw: dict[str, Any], tag: str) -> list[str]:
    value = raw.get(tag)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _doi(raw: dict[str, Any]) -> str | None:
    for tag in DOI_TAGS:
        for value in _values(raw, tag):
            marked = _DOI_MARKED_RE.search(value)
            if marked:
                return marked.group(1)
            if "doi.org/" in value.lower():
                return value
    return None


def to_record(raw: dict[str, Any], position: int, line: int | None, original: str) -> Record:
    """Map one Bio.Medline record (tag -> value or list of values) to a Record."""
    fields = {name: pick(raw, tags) for name, tags in FIELD_TAGS.items()}
    lists = {name: [v for t in tags for v in _values(raw, t)] for name, tags in LIST_TAGS.items()}
    people = next((vals for vals in (_values(raw, t) for t in AUTHOR_TAGS) if vals), [])
    people = people + _values(raw, GROUP_AUTHOR_TAG)
    extra = {tag: value for tag, value in raw.items() if tag not in _USED}
    return build_record(**fields, **lists, authors=people, doi=_doi(raw),
                        database="pubmed" if raw.get("PMID") else None,
                        original=original, position=position, line=line, extra=extra)


def read(source: Source) -> Iterator[Record]:
    """Stream the records of a MEDLINE/nbib file.

    Raises:
        ImportFormatError: A line that is not MEDLINE, naming file and line.
    """
    feed = _LineFeed(source)
    for position, raw in enumerate(Medline.parse(iter(feed)), start=1):
        line, original = feed.take()
        yield to_record(dict(raw), position, line, original)


def sniff(head: str) -> float:
    """Score how sure the head of a file is MEDLINE/nbib."""
    text = head.lstrip("\ufeff \r\n\t")
    if text.startswith("PMID-") or (_SNIFF_PMID_RE.search(text) and _SNIFF_TAG_RE.search(text)):
        return 0.95
    if text.startswith("OWN - ") and _SNIFF_TAG_RE.search(text):
        return 0.85
    return 0.0


READER = register(Reader("medline", "PubMed MEDLINE / .nbib text", sniff, read))
