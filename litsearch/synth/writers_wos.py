"""Write records as Web of Science plain text ("tagged", ``savedrecs.txt``).

Layout: ``FN``/``VR`` header, two-character tag plus a space, continuation lines
indented three spaces (one author per line in AU/AF), ``ER`` after each record and
``EF`` at the end of the file. The file starts with a UTF-8 BOM, as current exports do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from ..models import Record
from .output import MONTHS, Target, article_number, language_name, month, page_count, write_records
from .text import wrap

HEADER = "FN Clarivate Analytics Web of Science\nVR 1.0\n"

#: Width at which WoS wraps TI and SO values.
TITLE_WIDTH = 70

#: Export date printed in DA; fixed so that files are reproducible.
EXPORT_DATE = "2025-06-02"


def _tag(out: TextIO, tag: str, values: Sequence[str]) -> None:
    values = [v for v in values if v]
    if not values:
        return
    out.write(f"{tag} {values[0]}\n")
    for value in values[1:]:
        out.write(f"   {value}\n")


def write_record(out: TextIO, record: Record) -> None:
    """Write one record in WoS plain-text format, ending with ``ER``."""
    number = article_number(record)
    abbrev = str(record.extra.get("journal_abbrev") or record.journal or "")
    _tag(out, "PT", ["J"])
    _tag(out, "AU", [f"{a.family}, {a.initials}".strip(", ") for a in record.authors])
    _tag(out, "AF", [f"{a.family}, {a.given.rstrip('.') or a.initials}".strip(", ")
                     for a in record.authors])
    _tag(out, "TI", wrap(record.title or "", TITLE_WIDTH))
    _tag(out, "SO", wrap((record.journal or "").upper(), TITLE_WIDTH))
    _tag(out, "LA", [language_name(record)])
    _tag(out, "DT", ["; ".join(record.publication_types) or "Article"])
    _tag(out, "DE", ["; ".join(record.keywords)])
    _tag(out, "ID", ["; ".join(record.subject_headings)])
    _tag(out, "AB", [record.abstract or ""])
    _tag(out, "SN", [record.issn or ""])
    _tag(out, "J9", [abbrev.replace(".", "").upper()[:29]])
    _tag(out, "JI", [abbrev])
    _tag(out, "PD", [MONTHS[month(record) - 1].upper()] if record.year else [])
    _tag(out, "PY", [str(record.year or "")])
    _tag(out, "VL", [record.volume or ""])
    _tag(out, "IS", [record.issue or ""])
    if number:
        _tag(out, "AR", [number])
    else:
        _tag(out, "BP", [record.start_page or ""])
        _tag(out, "EP", [record.end_page or ""])
    _tag(out, "DI", [record.doi or ""])
    _tag(out, "PG", [page_count(record)])
    _tag(out, "UT", [record.source_record_id or ""])
    _tag(out, "PM", [record.pmid or ""])
    _tag(out, "DA", [EXPORT_DATE])
    out.write("ER\n\n")


def write_wos(records: Iterable[Record], target: Target) -> int:
    """Write records as a Web of Science plain-text export.

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.

    Returns:
        The number of records written.
    """
    return write_records(records, target, lambda out, record, _n: write_record(out, record),
                         bom=True, header=HEADER, footer="EF\n")
