"""What an export file says about the search behind it: platform and date.

PRISMA-S asks for the platform, the date each search was run and the string as run.
A file tells some of this itself: its dialect shows the platform it came from (a
Scopus RIS, an Ovid export, an EBSCOhost CSV), and some vendors stamp the export date
(Scopus writes ``Export Date: 30 January 2020`` in every RIS record and above its
BibTeX; ProQuest dates its "Report Information" header). What the file does not say
is left unknown and reported as such, never filled with a default.

The tables are read from the exports in shared/corpora (reference/formats.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from ..models import Record

#: Reader (``--format``) -> platform, for readers that only one platform writes.
READER_PLATFORMS = {"pubmed-xml": "pubmed", "esummary-xml": "pubmed", "ovid": "ovid",
                    "ovid-display": "ovid", "wos": "wos", "proquest-text": "proquest"}
#: RIS dialect (``extra["ris_dialect"]``) -> platform. Reference managers and screening
#: tools (Zotero, Citavi, Rayyan, EPPI-Reviewer, litsearch, generic) say nothing of it.
RIS_PLATFORMS = {"scopus": "scopus", "wos": "wos", "embase": "embasecom",
                 "cochrane": "cochrane", "ovid": "ovid", "ebsco": "ebsco", "pubmed": "pubmed",
                 "apa-psycnet": "apa-psycnet", "proquest": "proquest", "lens": "lens",
                 "dimensions": "dimensions", "ieee": "ieee"}
#: CSV dialect (``extra["csv_dialect"]``) -> platform.
CSV_PLATFORMS = {"scopus": "scopus", "wos": "wos", "wos-excel": "wos", "embase": "embasecom",
                 "cinahl": "ebsco", "cochrane": "cochrane", "lens": "lens",
                 "openalex": "openalex", "ieee": "ieee", "springer": "springer",
                 "google-scholar": "scholar", "publish-or-perish": "scholar",
                 "pubmed": "pubmed"}
#: What a BibTeX record says of its source (its ``source`` field, a ``WOS:``/``ISI:`` key;
#: ``Record.database`` as read) -> platform. Exact names only: a ``source`` field may
#: hold anything (a journal), and a word inside it proves nothing.
BIBTEX_SOURCES = {"scopus": "scopus", "web of science": "wos"}
#: Platform -> its name in messages and reports.
PLATFORM_LABELS = {"pubmed": "PubMed", "ovid": "Ovid", "embasecom": "embase.com",
                   "ebsco": "EBSCOhost", "scopus": "Scopus", "wos": "Web of Science",
                   "cochrane": "Cochrane Library", "proquest": "ProQuest", "lens": "Lens",
                   "dimensions": "Dimensions", "ieee": "IEEE Xplore", "openalex": "OpenAlex",
                   "springer": "SpringerLink", "scholar": "Google Scholar",
                   "europepmc": "Europe PMC", "apa-psycnet": "APA PsycNet"}
#: Words in a ``--platform`` (or review.toml platform) -> platform, first match wins.
PLATFORM_WORDS = (("embase.com", "embasecom"), ("embasecom", "embasecom"), ("ovid", "ovid"),
                  ("ovidsp", "ovid"), ("ebsco", "ebsco"), ("ebscohost", "ebsco"),
                  ("webofscience", "wos"), ("europepmc", "europepmc"),
                  ("springerlink", "springer"), ("e-utilities", "pubmed"), ("pubmed", "pubmed"),
                  ("scopus", "scopus"), ("web of science", "wos"), ("wos", "wos"),
                  ("clarivate", "wos"), ("cochrane", "cochrane"), ("proquest", "proquest"),
                  ("psycnet", "apa-psycnet"), ("lens", "lens"), ("dimensions", "dimensions"),
                  ("ieee", "ieee"), ("openalex", "openalex"), ("europe pmc", "europepmc"),
                  ("scholar", "scholar"), ("springer", "springer"))
#: Export-date stamps: (pattern on the head of the file, date formats, what it is called,
#: the platform that writes it). A stamp counts only in a file from that platform: a
#: reference manager's library mixes records exported from several sources on several
#: days (a Citavi RIS with three Scopus records stamped among Lens records).
EXPORT_DATES = (
    (re.compile(r"export date:\s*(\d{1,2} [a-z]+ \d{4})", re.IGNORECASE), ("%d %B %Y",),
     "Export Date", "scopus"),
    (re.compile(r"Report Information from ProQuest\s*\n\s*([A-Z][a-z]+ \d{1,2} \d{4})"),
     ("%B %d %Y",), "ProQuest report date", "proquest"),
    # Web of Science's field DA, "date this report was generated", on every record of its
    # tagged export ("DA 2020-01-11") and BibTeX ("DA = {2023-07-08}"). Its RIS uses DA
    # for the publication date ("DA  - DEC 26"), which this pattern does not match.
    (re.compile(r"^(?:DA |\s*DA\s*=\s*\{)(\d{4}-\d{2}-\d{2})\}?,?[ \t]*$", re.MULTILINE),
     ("%Y-%m-%d",), "DA (date the export was generated)", "wos"),
)


def platform_of_label(label: str | None) -> str | None:
    """Return the platform a ``--platform`` label names ("Ovid SP" -> "ovid"), or None."""
    text = (label or "").lower()
    # Whole words only: "wos" is no platform inside "Knowledge Works", nor "lens" in
    # "Lensing Lab" (a label names a platform; it is not searched for fragments).
    return next((platform for word, platform in PLATFORM_WORDS
                 if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text)), None)


def platform_label(platform: str | None) -> str:
    """Return a platform's display name ("embasecom" -> "embase.com")."""
    return PLATFORM_LABELS.get(platform or "", platform or "unknown")


def record_platform(reader: str, record: Record) -> str | None:
    """Return the platform one record's reader and dialect point to, or None."""
    extra = record.extra
    if reader == "medline":
        # PubMed's MEDLINE text carries a PMID per record; ERIC's .nbib, in the same
        # syntax, does not.
        return "pubmed" if record.pmid else None
    if reader in READER_PLATFORMS:
        return READER_PLATFORMS[reader]
    if reader == "bibtex":
        return BIBTEX_SOURCES.get((record.database or "").strip().lower())
    if "ris_dialect" in extra:
        return RIS_PLATFORMS.get(str(extra["ris_dialect"]))
    if "csv_dialect" in extra:
        return CSV_PLATFORMS.get(str(extra["csv_dialect"]))
    return None


def file_platform(platforms: Iterable[str | None]) -> str | None:
    """Return the platform of a file: the one platform its records point to, else None.

    Records that point nowhere (a record without the tags that mark its dialect) do not
    count; records that point to two platforms make the file's platform unknown.
    """
    found = {p for p in platforms if p}
    return found.pop() if len(found) == 1 else None


def mixed_platforms_note(name: str, counts: Mapping[str | None, int], run_id: int,
                         database: str) -> str | None:
    """Say that a file's records come from several platforms (two exports joined, or a
    reference manager's library of several searches), which PRISMA counts as one."""
    found = {p: n for p, n in counts.items() if p}
    if len(found) < 2:
        return None
    parts = ", ".join(f"{PLATFORM_LABELS.get(p, p)} ({n})" for p, n in found.items())
    return (f"{name} holds records from {len(found)} platforms: {parts}; PRISMA counts them "
            f"all as {database}. If these are separate searches joined in one file, take the "
            f"run back ('litsearch import --undo {run_id}'), split the file and import each "
            "part with its own --db.")


def export_date(head: str, platform: str | None) -> tuple[str | None, str]:
    """Return the export date the head of a file states (YYYY-MM-DD) and what it is called.

    Args:
        head: The start of the file's text.
        platform: The platform the file comes from (its dialect); only that platform's
            stamps are read.

    Returns ``(None, "")`` when the file has no stamp of its platform, or stamps that
    disagree.
    """
    for pattern, formats, name, stamp_platform in EXPORT_DATES:
        if stamp_platform != platform:
            continue
        days = set()
        for text in pattern.findall(head):
            for fmt in formats:
                try:
                    days.add(datetime.strptime(" ".join(text.split()), fmt).date().isoformat())
                    break
                except ValueError:
                    continue
        if len(days) == 1:
            return days.pop(), name
        if days:
            return None, ""
    return None, ""
