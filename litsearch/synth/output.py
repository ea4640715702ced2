"""Shared plumbing for the export writers: targets, language names, stable dates."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from ..models import Record
from ..outfiles import replacing
from .text import stable_int

#: Where a writer can write: a path or an open text stream.
Target = str | os.PathLike[str] | TextIO

#: ISO 639-1 codes and the English names RIS, CSV and WoS exports print.
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French",
                  "es": "Spanish", "it": "Italian", "pt": "Portuguese", "sv": "Swedish"}

#: ISO 639-1 codes and the three-letter codes MEDLINE prints in LA.
MEDLINE_LANGUAGES = {"en": "eng", "nl": "dut", "de": "ger", "fr": "fre", "es": "spa",
                     "it": "ita", "pt": "por", "sv": "swe"}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@contextlib.contextmanager
def open_target(target: Target, bom: bool = False) -> Iterator[TextIO]:
    """Yield a text stream for ``target``, writing a UTF-8 BOM first when asked.

    Paths are opened as UTF-8 with ``newline=""`` so the writers decide the line
    ends (LF, as the exports use); streams are written to and left open.
    """
    if isinstance(target, str | os.PathLike):
        with replacing(target, newline="") as handle:
            if bom:
                handle.write("\ufeff")
            yield handle
    else:
        if bom:
            target.write("\ufeff")
        yield target


def write_records(records: Iterable[Record], target: Target,
                  write_one: Callable[[TextIO, Record, int], None], *, bom: bool = False,
                  header: str = "", footer: str = "") -> int:
    """Stream records to ``target`` one at a time and return how many were written.

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.
        write_one: Writes one record, given the stream, the record and its 1-based number.
        bom: Start with a UTF-8 byte order mark.
        header: Text before the first record; footer: text after the last.
    """
    count = 0
    with open_target(target, bom=bom) as out:
        out.write(header)
        for count, record in enumerate(records, start=1):
            write_one(out, record, count)
        out.write(footer)
    return count


def record_key(record: Record) -> str:
    """Return a stable text key for a record (used to derive cosmetic fields)."""
    return record.source_record_id or record.doi or record.title or ""


def month(record: Record) -> int:
    """Return a stable month (1-12) for a record that has only a year."""
    return stable_int(record_key(record), 12) + 1


def language_name(record: Record) -> str:
    """Return the record's language as an English name ("English")."""
    code = record.language or "en"
    return LANGUAGE_NAMES.get(code, code.capitalize())


def page_count(record: Record) -> str:
    """Return the page count when both page numbers are plain digits, else ""."""
    first, last = record.start_page or "", record.end_page or ""
    if first.isdigit() and last.isdigit() and int(last) >= int(first):
        return str(int(last) - int(first) + 1)
    return ""


def article_number(record: Record) -> str:
    """Return the article number of an e-only record (a first page without a last one)."""
    first = record.start_page or ""
    if first and not record.end_page and (first.startswith("e") or len(first) >= 5):
        return first
    return ""
