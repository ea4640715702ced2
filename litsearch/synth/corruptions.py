"""Field corruptions that real exports carry, at per-vendor rates (``messy=True``).

The clean corpus varies wording the way databases do; this layer adds what
databases and the tools between them get wrong in the cells themselves, so that
deduplication is measured on it: Embase's truncated volume (``1)``), supplements
folded into the volume (``10 SUPPL. 1``) or written ``Supplement 1`` / ``S2``, the
meeting after the journal name (``Circulation. Conference: ...``), DOIs as resolver
URLs with ``%28``/``%29`` escapes, a literal ``NA`` in empty cells (exports that
passed through R or a spreadsheet), ``[no pagination]``, and author lists run
together without separators (:data:`RUN_TOGETHER_SHAPES`). The shapes are those named in
``shared/reference/dedup.md`` (sections 4 and 5.8) and ASySD's cleaning steps.

Rates are per record of a database; they are data (:data:`RATES`), not code.
"""

from __future__ import annotations

import random
import zlib
from urllib.parse import quote

from ..models import Author, Record

#: Chance per record of each corruption, per database. Embase (via Ovid or EndNote)
#: carries most of them; PubMed's MEDLINE export is the cleanest.
RATES: dict[str, dict[str, float]] = {
    "pubmed": {"na": 0.0, "doi_url": 0.0, "volume_truncated": 0.0, "run_together": 0.0,
               "no_pagination": 0.0},
    "embase": {"na": 0.02, "doi_url": 0.35, "volume_truncated": 0.04, "run_together": 0.02,
               "no_pagination": 0.6},
    "psycinfo": {"na": 0.01, "doi_url": 0.1, "volume_truncated": 0.0, "run_together": 0.0,
                 "no_pagination": 0.2},
    "scopus": {"na": 0.03, "doi_url": 0.0, "volume_truncated": 0.01, "run_together": 0.0,
               "no_pagination": 0.0},
    "wos": {"na": 0.03, "doi_url": 0.0, "volume_truncated": 0.0, "run_together": 0.01,
            "no_pagination": 0.0},
}

#: How each database writes a supplement issue ("Suppl 1" in the work).
SUPPLEMENT_STYLES = {"pubmed": "Suppl {n}", "embase": "{volume} SUPPL. {n}",
                     "psycinfo": "Supplement {n}", "scopus": "SUPPL. {n}", "wos": "S{n}"}

#: Embase names the meeting after the journal of a conference abstract this often.
CONFERENCE_SUFFIX = {"embase": 0.8, "scopus": 0.1}


def _doi_url(doi: str, rng: random.Random) -> str:
    # Ovid and Embase.com write DOIs as resolver URLs, escaping brackets.
    host = rng.choice(("http://dx.doi.org/", "https://doi.org/", "http://dx.doi.org/"))
    return host + quote(doi, safe="/.-_;:")


def _supplement(record: Record, database: str) -> None:
    issue = record.issue or ""
    if not issue.upper().startswith(("SUPPL", "S")) or not issue[-1:].isdigit():
        return
    number = issue.rstrip().split()[-1].lstrip("Ss")
    style = SUPPLEMENT_STYLES[database]
    if database == "embase":
        # Embase folds the supplement into the volume and leaves the issue empty.
        record.volume, record.issue = style.format(volume=record.volume or "", n=number), None
    else:
        record.issue = style.format(n=number)


#: How a whole author list lands in one cell with its separators lost: EndNote's
#: "Adeli K.Lewis G. F." (Diabetes set), MEDLINE style ("Smith J Jones AB Brown C"), the
#: same in capitals (CSV exports), and full names in capitals ("SMITH JOHN JONES ANNE"),
#: which no reader can split (which words are family names?).
RUN_TOGETHER_SHAPES = ("dotted", "medline", "capitals", "full-capitals")


def _run_together(authors: list[Author]) -> list[Author]:
    # The shape is chosen from the names, not drawn, so that the corpus's random stream
    # (and every other record) is the same whichever shapes exist.
    names = "".join(a.family for a in authors)
    shape = RUN_TOGETHER_SHAPES[zlib.crc32(names.encode()) % len(RUN_TOGETHER_SHAPES)]
    if shape == "dotted":
        raw = "".join(f"{a.family} {'. '.join(a.initials)}." for a in authors)
    elif shape == "full-capitals":
        raw = " ".join(f"{a.family} {(a.given or a.initials).split()[0]}" for a in authors)
    else:
        raw = " ".join(f"{a.family} {a.initials}" for a in authors)
    raw = raw.upper() if "capitals" in shape else raw
    return [Author(family=raw, raw=raw)]


def corrupt(record: Record, database: str, rng: random.Random,
            meeting: str | None = None) -> Record:
    """Corrupt one record's cells the way ``database`` does (in place; returned).

    Args:
        record: A clean record built for ``database``.
        database: One of :data:`litsearch.synth.tables.DATABASES`.
        rng: The corpus random source.
        meeting: The meeting's name when the record is a conference abstract.
    """
    rates = RATES[database]
    _supplement(record, database)
    if meeting and record.journal and rng.random() < CONFERENCE_SUFFIX.get(database, 0.0):
        record.journal = f"{record.journal}. Conference: {meeting}"
    if record.doi and rng.random() < rates["doi_url"]:
        record.doi = _doi_url(record.doi, rng)
    if record.volume and record.volume.isdigit() and rng.random() < rates["volume_truncated"]:
        record.volume = record.volume[-1] + ")"
    if not record.start_page and rng.random() < rates["no_pagination"]:
        record.start_page = "[no pagination]"
    if len(record.authors) > 1 and rng.random() < rates["run_together"]:
        record.authors = _run_together(record.authors)
    for name in ("volume", "issue", "start_page", "end_page", "doi"):
        if not getattr(record, name) and rng.random() < rates["na"]:
            setattr(record, name, "NA")
    return record
