"""Write records as RIS in two vendor dialects: embase.com and Ovid (APA PsycInfo).

Both use ``TAG  - value`` lines. The dialects differ in tags and quirks, copied from
real exports (see ``shared/reference/formats.md`` section 1.2): embase.com writes
T1/A1/Y1/N2/JF/JO, the L-number in U2 and the PMID in C5, and starts with a BOM;
Ovid numbers each record ("1."), writes the accession in ID, the DOI as a URL,
``Y1  - 2021//`` dates and "SP  - No / EP  - Specified" when pages are missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO
from urllib.parse import quote

from ..models import Record
from .output import Target, language_name, month, record_key, write_records
from .text import stable_int

#: PsycInfo classification codes Ovid prints in M3 (chosen per record, stably).
PSYCINFO_CLASSES = (
    "Health & Mental Health Treatment & Prevention [3300]",
    "Psychotherapy & Psychotherapeutic Counseling [3310]",
    "Religion [2920]",
    "Psychological Disorders [3210]",
    "Health & Mental Health Services [3370]",
)


def _tag(out: TextIO, tag: str, value: object) -> None:
    if value not in (None, ""):
        out.write(f"{tag}  - {value}\n")


def _dotted(initials: str) -> str:
    return "".join(f"{c}." for c in initials)


def write_embase_record(out: TextIO, record: Record) -> None:
    """Write one record as embase.com's RIS export does."""
    accession = record.source_record_id or ""
    _tag(out, "TY", "JOUR")
    for pub_type in record.publication_types[:1] or ["Article"]:
        _tag(out, "M3", pub_type)
    _tag(out, "Y1", record.year)
    _tag(out, "VL", record.volume)
    _tag(out, "IS", record.issue)
    _tag(out, "SP", record.start_page)
    _tag(out, "EP", record.end_page)
    _tag(out, "SN", record.issn)
    _tag(out, "JF", record.journal)
    _tag(out, "JO", record.extra.get("journal_abbrev") or record.journal)
    _tag(out, "UR", "https://www.embase.com/search/results?subaction=viewrecord"
                    f"&id={accession}&from=export")
    _tag(out, "U2", accession)
    _tag(out, "C5", record.pmid)
    _tag(out, "DB", "Embase")
    if record.pmid:
        _tag(out, "DB", "Medline")
    if record.year:
        # U3 is the date the record was added to Embase.
        _tag(out, "U3", f"{record.year}-{month(record):02d}-{stable_int(accession, 28) + 1:02d}")
    if record.doi:
        _tag(out, "L2", f"http://dx.doi.org/{record.doi}")
        _tag(out, "DO", record.doi)
    for author in record.authors:
        _tag(out, "A1", f"{author.family} {_dotted(author.initials)}".strip())
    _tag(out, "T1", record.title)
    _tag(out, "LA", language_name(record))
    for keyword in [*record.subject_headings, *record.keywords]:
        _tag(out, "KW", keyword)
    _tag(out, "N2", record.abstract)
    out.write("ER  -\n\n")


def write_ovid_record(out: TextIO, record: Record, number: int) -> None:
    """Write one record as Ovid's RIS export of APA PsycInfo does."""
    accession = record.source_record_id or ""
    out.write(f"{number}. \n")
    _tag(out, "TY", "JOUR")
    _tag(out, "DB", f"APA PsycInfo <{record.year or 2025}>")
    _tag(out, "ID", accession)
    if record.doi:
        _tag(out, "DO", f"https://dx.doi.org/{record.doi}")
    _tag(out, "T1", record.title)
    for author in record.authors:
        given = author.given.rstrip(".") or author.initials
        _tag(out, "A1", f"{author.family}, {given}")
    _tag(out, "Y1", f"{record.year}//" if record.year else "")
    _tag(out, "N2", record.abstract)
    for keyword in record.subject_headings or record.keywords:
        _tag(out, "KW", keyword)
    _tag(out, "M3", PSYCINFO_CLASSES[stable_int(record_key(record), len(PSYCINFO_CLASSES))])
    _tag(out, "JF", record.journal)
    _tag(out, "VL", record.volume)
    _tag(out, "IS", record.issue)
    _tag(out, "SP", record.start_page or "No")
    _tag(out, "EP", record.end_page or ("Specified" if not record.start_page else ""))
    _tag(out, "SN", record.issn)
    segment = f"psyc{(record.year or 2020) % 100:02d}"
    _tag(out, "L2", "http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference"
                    f"&D={segment}&NEWS=N&AN={quote(accession)}")
    _tag(out, "NL", record.extra.get("journal_abbrev"))
    _tag(out, "LA", language_name(record))
    _tag(out, "PT", ", ".join(record.publication_types) or "Journal")
    out.write("ER  - \n\n\n")


def write_embase_ris(records: Iterable[Record], target: Target) -> int:
    """Write records as an embase.com RIS export (UTF-8 with BOM).

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.

    Returns:
        The number of records written.
    """
    return write_records(records, target,
                         lambda out, record, _n: write_embase_record(out, record), bom=True)


def write_ovid_ris(records: Iterable[Record], target: Target) -> int:
    """Write records as an Ovid (APA PsycInfo) RIS export, numbering them from 1.

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.

    Returns:
        The number of records written.
    """
    return write_records(records, target, write_ovid_record)
