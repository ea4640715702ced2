"""PubMed MEDLINE / ``.nbib`` text (also ERIC's ``.nbib``, which has no PMID line).

The record grammar is read here in one pass: tag lines (``TI  - ``), continuation
lines indented six spaces (joined to the value with one space), blank lines
between records. Bio.Medline reads the same grammar but gives neither line numbers
nor each record's verbatim text, so using it meant walking every line twice; it
also mis-slices irregular tags (``ISSN - `` in ERIC files) and continuation lines
indented less than six spaces, which this reader accepts. Values come out as
Bio.Medline gives them (tags in :data:`TEXT_TAGS` as one string, others as lists),
so ``extra`` keeps the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import ImportFormatError
from ..models import Record
from .core_lines import line_blocks
from .core_record import JOINED_FIELDS, build_record, pick
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

#: Key under which :func:`parse` hands a reading warning to :func:`to_record`.
RUN_TOGETHER = "_warning"
_TAG_RE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) *-(?: ?(.*))?$")
_DOI_MARKED_RE = re.compile(r"(\S+)\s*\[doi\]")
_USED = {t for tags in FIELD_TAGS.values() for t in tags} | {
    t for tags in LIST_TAGS.values() for t in tags} | set(AUTHOR_TAGS) | {GROUP_AUTHOR_TAG}
_SNIFF_PMID_RE = re.compile(r"^PMID- ?\d", re.MULTILINE)
_SNIFF_TAG_RE = re.compile(r"^(?:TI|AU|FAU|DP|OWN|STAT) {0,3}- ", re.MULTILINE)


#: Tags whose lines Bio.Medline joins into one string (repeats joined with a space);
#: every other tag gives a list of values.
TEXT_TAGS = frozenset({
    "ID", "PMID", "SO", "RF", "NI", "JC", "TA", "IS", "CY", "TT", "CA", "IP", "VI", "DP",
    "YR", "PG", "LID", "DA", "LR", "OWN", "STAT", "DCOM", "PUBM", "DEP", "PL", "JID", "SB",
    "PMC", "EDAT", "MHDA", "PST", "AB", "EA", "TI", "JT"})


def _odd_line(source: Source, number: int, line: str, in_record: bool) -> tuple[str, str]:
    """Return (tag, value) of an irregular tag line, or ("", text) of a continuation.

    Raises:
        ImportFormatError: An indented line outside a record, or a line that is
            not MEDLINE at all.
    """
    if line[:1] in (" ", "\t"):
        if not in_record:
            raise ImportFormatError(
                f"{source.name} line {number}: an indented line with no tag before it.",
                "Check the file is a complete MEDLINE/nbib export.")
        return "", line.strip()
    match = _TAG_RE.match(line.lstrip("\ufeff"))
    if not match:
        raise ImportFormatError(
            f"{source.name} line {number}: not a MEDLINE line ({line[:40]!r}).",
            "MEDLINE lines start with a tag such as 'TI  - '; check the file or name "
            "its format with --format.")
    return match.group(1), (match.group(2) or "").rstrip()


def _finish(tags: dict[str, list[str]]) -> dict[str, Any]:
    return {tag: " ".join(values) if tag in TEXT_TAGS else values
            for tag, values in tags.items()}


def parse(source: Source) -> Iterator[tuple[dict[str, Any], int, str]]:
    """Yield each record as (tag -> value or values, first line, verbatim text).

    Blank lines (or whitespace shorter than a continuation indent) end a record.
    Memory holds one block of lines plus the open record, never the whole file.

    Raises:
        ImportFormatError: A line that is not MEDLINE, naming file and line.
    """
    tags: dict[str, list[str]] | None = None
    values: list[str] = []
    start = 0
    held: list[str] = []  # verbatim lines of the open record from earlier blocks
    for base, lines in line_blocks(source, "medline"):
        begin = 0  # index in `lines` where the open record starts
        for i, line in enumerate(lines):
            if line[4:6] == "- " and "A" <= line[:1] <= "Z":
                if tags is None:
                    tags, start, begin = {}, base + i, i
                tag = line[:4].rstrip()
                if tag == "PMID" and "PMID" in tags:
                    # A second PMID with no blank line before it: a new record whose
                    # separator was lost (files joined or edited by hand).
                    tags[RUN_TOGETHER] = [f"line {start}: no blank line before the next "
                                          f"record (line {base + i})"]
                    yield _finish(tags), start, "\n".join([*held, *lines[begin:i]])
                    tags, held, start, begin = {}, [], base + i, i
                elif tag == "TI" and "TI" in tags:
                    tags[RUN_TOGETHER] = [f"line {base + i}: a second TI line in one record; "
                                          "two records may have run together"]
                values = tags.get(tag)  # type: ignore[assignment]
                if values is None:
                    values = tags[tag] = []
                values.append(line[6:].rstrip())
                continue
            if not line or line.isspace():
                if tags is not None and line[:6] == "      ":
                    continue  # an empty continuation line (a paragraph break), as Bio.Medline
                if tags is not None:
                    yield _finish(tags), start, "\n".join([*held, *lines[begin:i]])
                    tags, held = None, []
                continue
            tag, value = _odd_line(source, base + i, line, tags is not None)
            if tag:
                if tags is None:
                    tags, start, begin = {}, base + i, i
                values = tags.setdefault(tag, [])
                values.append(value)
            elif value:
                values[-1] = f"{values[-1]} {value}" if values[-1] else value
        if tags is not None:
            held.extend(lines[begin:])
    if tags is not None:
        if source.ends_mid_line and "SO" not in tags:
            # MEDLINE has no end-of-record tag: a file that stops mid-line before the
            # record's SO line (PubMed's last tag) stops inside its last record.
            tags.setdefault(RUN_TOGETHER, []).insert(0, (
                f"line {start}: the file ends mid-line in this record: the export may be "
                "cut short"))
        yield _finish(tags), start, "\n".join(held)


def _values(raw: dict[str, Any], tag: str) -> list[str]:
    value = raw.get(tag)
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


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
    fields = {name: pick(raw, tags, name in JOINED_FIELDS) for name, tags in FIELD_TAGS.items()}
    lists = {name: [v for t in tags for v in _values(raw, t)] for name, tags in LIST_TAGS.items()}
    people = next((vals for vals in (_values(raw, t) for t in AUTHOR_TAGS) if vals), [])
    people = people + _values(raw, GROUP_AUTHOR_TAG)
    warning = raw.pop(RUN_TOGETHER, None)
    extra = {tag: value for tag, value in raw.items() if tag not in _USED}
    record = build_record(**fields, **lists, authors=people, doi=_doi(raw),
                          database="pubmed" if raw.get("PMID") else None,
                          original=original, position=position, line=line, extra=extra)
    if warning:
        record.warnings.append(warning if isinstance(warning, str) else warning[0])
    return record


def read(source: Source) -> Iterator[Record]:
    """Stream the records of a MEDLINE/nbib file.

    Raises:
        ImportFormatError: A line that is not MEDLINE, naming file and line.
    """
    for position, (raw, line, original) in enumerate(parse(source), start=1):
        yield to_record(raw, position, line, original)


def sniff(head: str) -> float:
    """Score how sure the head of a file is MEDLINE/nbib."""
    text = head.lstrip("\ufeff \r\n\t")
    if text.startswith("PMID-") or (_SNIFF_PMID_RE.search(text) and _SNIFF_TAG_RE.search(text)):
        return 0.95
    if text.startswith("OWN - ") and _SNIFF_TAG_RE.search(text):
        return 0.85
    return 0.0


READER = register(Reader("medline", "PubMed MEDLINE / .nbib text", sniff, read))
