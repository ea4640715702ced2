"""Write records as PubMed MEDLINE text (``.nbib``), the way "Send to > Citation manager" does.

Layout: a four-character tag padded to ``"TAG - "`` (six characters), values wrapped
with continuation lines indented six spaces, and a blank line before every record
(so the file starts with one, as PubMed's do).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..models import Record
from .output import MEDLINE_LANGUAGES, MONTHS, Target, month, write_records
from .text import end_page_short, stable_int, wrap

#: Width of a value on one line; PubMed lines stay within 80 characters.
VALUE_WIDTH = 74

#: Tags whose values are wrapped over continuation lines.
WRAPPED_TAGS = frozenset(("TI", "TT", "AB", "AD", "SO", "JT"))


def _line(out: TextIO, tag: str, value: str) -> None:
    lines = wrap(value, VALUE_WIDTH) if tag in WRAPPED_TAGS else [value]
    out.write(f"{tag:<4}- {lines[0]}\n")
    for rest in lines[1:]:
        out.write(f"      {rest}\n")


def _pages(record: Record) -> str:
    first, last = record.start_page or "", record.end_page or ""
    return f"{first}-{end_page_short(first, last)}" if first and last else first


def _source(record: Record, abbrev: str, date: str, pages: str) -> str:
    """Compose the ready-made citation of the SO tag."""
    text = f"{abbrev}. {date}"
    if record.volume:
        text += f";{record.volume}"
        if record.issue:
            text += f"({record.issue})"
        if pages:
            text += f":{pages}"
    text += "."
    if record.doi:
        text += f" doi: {record.doi}."
    return text


def write_record(out: TextIO, record: Record) -> None:
    """Write one record in MEDLINE format (preceded by its blank separator line)."""
    pmid = record.pmid or record.source_record_id or ""
    ahead = not record.volume
    abbrev = str(record.extra.get("journal_abbrev") or record.journal or "")
    date = f"{record.year} {MONTHS[month(record) - 1]}" if record.year else ""
    if ahead and date:
        date += f" {stable_int(pmid, 28) + 1}"
    pages = _pages(record)
    out.write("\n")
    _line(out, "PMID", pmid)
    _line(out, "OWN", "NLM")
    _line(out, "STAT", "Publisher" if ahead else "MEDLINE")
    if record.issn:
        _line(out, "IS", f"{record.issn} (Print)")
        _line(out, "IS", f"{record.issn} (Linking)")
    if record.volume:
        _line(out, "VI", record.volume)
    if record.issue:
        _line(out, "IP", record.issue)
    if date:
        _line(out, "DP", date)
    if record.title:
        _line(out, "TI", record.title)
    if pages:
        _line(out, "PG", pages)
    if record.doi:
        _line(out, "LID", f"{record.doi} [doi]")
    if record.abstract:
        _line(out, "AB", record.abstract)
    for author in record.authors:
        if author.given:
            _line(out, "FAU", f"{author.family}, {author.given.replace('.', '')}")
        _line(out, "AU", f"{author.family} {author.initials}".strip())
    _line(out, "LA", MEDLINE_LANGUAGES.get(record.language or "en", record.language or "eng"))
    for pub_type in record.publication_types or ["Journal Article"]:
        _line(out, "PT", pub_type)
    original = record.extra.get("original_title")
    if original:
        _line(out, "TT", str(original))
    _line(out, "TA", abbrev)
    if record.journal:
        _line(out, "JT", record.journal)
    _line(out, "JID", str(100_000_000 + stable_int(abbrev, 9_000_000)))
    _line(out, "SB", "IM")
    for heading in record.subject_headings:
        _line(out, "MH", heading)
    if record.keywords:
        _line(out, "OTO", "NOTNLM")
        for keyword in record.keywords:
            _line(out, "OT", keyword)
    if record.doi:
        _line(out, "AID", f"{record.doi} [doi]")
    _line(out, "PST", "aheadofprint" if ahead else "ppublish")
    _line(out, "SO", _source(record, abbrev, date, pages))


def write_medline(records: Iterable[Record], target: Target) -> int:
    """Write records as a PubMed MEDLINE (``.nbib``) file.

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.

    Returns:
        The number of records written.
    """
    return write_records(records, target, lambda out, record, _n: write_record(out, record))
