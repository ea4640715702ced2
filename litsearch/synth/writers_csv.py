"""Write records as a Scopus CSV export (UTF-8 with BOM, every cell quoted, LF line ends)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from urllib.parse import quote

from ..models import Author, Record
from ..outfiles import dict_writer
from .output import Target, article_number, language_name, open_target, page_count, record_key
from .text import stable_int

#: The Scopus CSV header, in Scopus's column order.
SCOPUS_COLUMNS = (
    "Authors", "Author full names", "Author(s) ID", "Title", "Year", "Source title",
    "Volume", "Issue", "Art. No.", "Page start", "Page end", "Page count", "Cited by", "DOI",
    "Link", "Abstract", "Author Keywords", "Index Keywords", "Language of Original Document",
    "Document Type", "Publication Stage", "Open Access", "Source", "EID", "PubMed ID",
)

#: What Scopus prints in the Abstract column when it has none.
NO_ABSTRACT = "[No abstract available]"

OPEN_ACCESS = ("", "", "All Open Access; Gold Open Access", "All Open Access; Green Open Access",
               "All Open Access; Hybrid Gold Open Access")


def _author_id(author: Author) -> str:
    """Return a stable 11-digit Scopus author id (same name, same id)."""
    return str(57_000_000_000 + stable_int(f"{author.family}|{author.given}", 999_999_999))


def _full_name(author: Author) -> str:
    given = author.given or "".join(f"{c}." for c in author.initials)
    return f"{author.family}, {given}"


def scopus_row(record: Record) -> dict[str, str]:
    """Return the Scopus CSV cells for one record."""
    eid = record.source_record_id or ""
    number = article_number(record)
    ids = [_author_id(a) for a in record.authors]
    link = f"https://www.scopus.com/inward/record.uri?eid={eid}"
    if record.doi:
        link += f"&doi={quote(record.doi, safe='').lower()}"
    link += f"&partnerID=40&md5={hashlib.md5(eid.encode()).hexdigest()}"
    return {
        "Authors": "; ".join(
            f"{a.family} {''.join(c + '.' for c in a.initials)}".strip() for a in record.authors),
        "Author full names": "; ".join(
            f"{_full_name(a)} ({i})" for a, i in zip(record.authors, ids, strict=True)),
        "Author(s) ID": "; ".join(ids),
        "Title": record.title or "",
        "Year": str(record.year or ""),
        "Source title": record.journal or "",
        "Volume": record.volume or "",
        "Issue": record.issue or "",
        "Art. No.": number,
        "Page start": "" if number else record.start_page or "",
        "Page end": "" if number else record.end_page or "",
        "Page count": page_count(record),
        "Cited by": str(stable_int(eid, 60)),
        "DOI": record.doi or "",
        "Link": link,
        "Abstract": record.abstract or NO_ABSTRACT,
        "Author Keywords": "; ".join(record.keywords),
        "Index Keywords": "; ".join(record.subject_headings),
        "Language of Original Document": language_name(record),
        "Document Type": record.publication_types[0] if record.publication_types else "Article",
        "Publication Stage": str(record.extra.get("publication_stage") or "Final"),
        "Open Access": OPEN_ACCESS[stable_int(record_key(record), len(OPEN_ACCESS))],
        "Source": "Scopus",
        "EID": eid,
        "PubMed ID": record.pmid or "",
    }


def write_scopus_csv(records: Iterable[Record], target: Target) -> int:
    """Write records as a Scopus CSV export.

    Args:
        records: Records to write, in order; consumed one at a time.
        target: A path, or a text stream opened with ``newline=""``.

    Returns:
        The number of records written.
    """
    count = 0
    with open_target(target, bom=True) as out:
        # raw: Scopus writes cells as they are, and so must its imitation.
        writer = dict_writer(out, SCOPUS_COLUMNS, raw=True, quoting=csv.QUOTE_ALL,
                             lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(scopus_row(record))
            count += 1
    return count
