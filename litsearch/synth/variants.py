"""Turn a true work into the record one database holds for it, with realistic variation."""

from __future__ import annotations

import random

from ..models import Author, Record
from .tables import DIALECTS, HEADING_COLUMN, PUBLICATION_TYPES, SUBJECT_HEADINGS, Dialect
from .text import americanise, capitalise_after_colon, strip_diacritics, title_case
from .works import Work

_ERRATUM_PREFIXES = ("Erratum: ", "Correction to: ", "Erratum to: ")


def _title(work: Work, database: str, d: Dialect, rng: random.Random) -> tuple[str, str | None]:
    """Return the record's title and, when it differs, the original-language title."""
    original = work.title if work.title_en else None
    if work.title_en and not (d.keeps_foreign_title and rng.random() < 0.5):
        title = work.title_en
    else:
        title, original = work.title, None
    if work.publication_type == "erratum" and database in ("embase", "scopus"):
        for prefix in _ERRATUM_PREFIXES:
            if title.startswith(prefix) and rng.random() < 0.6:
                title = "Erratum: " + title[len(prefix):]
                break
    if d.spelling and rng.random() < d.spelling:
        title = americanise(title)
    if d.title_case and work.journal.title_case:
        title = title_case(title)
    elif d.colon_capital:
        title = capitalise_after_colon(title)
    if database in ("scopus", "wos") and "'" in title and rng.random() < 0.4:
        title = title.replace("s' ", "s’ ").replace("'", "‘", 1).replace("'", "’")
    if database == "embase" and rng.random() < 0.02:
        title = title.replace(": ", " - ", 1)
    if database == "pubmed" and original:
        title = f"[{title}]"
    if d.period and not title.endswith((".", "?", "!")):
        title += "."
    return title, original


def _authors(work: Work, database: str, d: Dialect, rng: random.Random) -> list[Author]:
    """Return the author list as the database spells it (``raw`` in its own format)."""
    plain = database == "wos" and rng.random() < 0.4
    capital_particle = database == "wos" and rng.random() < 0.5
    drop_middle = database == "scopus" and rng.random() < 0.1
    out = []
    for a in work.authors:
        family, initials, given = a.family, a.initials, a.given if d.given_names else ""
        if plain:
            family = strip_diacritics(family)
        if capital_particle and family[0].islower():
            family = family[0].upper() + family[1:]
        if drop_middle and " " in given:
            initials, given = initials[0], given.split(" ")[0]
        if database == "pubmed":
            raw = f"{family} {initials}"
        elif database == "embase":
            raw = f"{family} {'.'.join(initials)}."
        elif database == "psycinfo":
            raw = f"{family}, {given.rstrip('.')}"
        elif database == "scopus":
            raw = f"{family}, {'.'.join(initials)}."
        else:
            raw = f"{family}, {initials}"
        out.append(Author(family=family, initials=initials, given=given, raw=raw))
    return out


def _journal(work: Work, database: str, rng: random.Random) -> tuple[str, str]:
    """Return the journal name and abbreviation as the database prints them."""
    j = work.journal
    if database == "pubmed":
        return j.nlm_title, j.nlm_abbrev
    if database == "embase":
        return (j.iso_abbrev if rng.random() < 0.05 else j.name), j.iso_abbrev
    if database == "psycinfo":
        return j.name.replace(" and ", " & "), j.nlm_abbrev
    if database == "wos":
        return j.name.upper(), j.iso_abbrev
    return j.name, j.iso_abbrev


def build_record(work: Work, database: str, accession: str, rng: random.Random) -> Record:
    """Build the record ``database`` holds for ``work``.

    Args:
        work: The true paper.
        database: One of :data:`litsearch.synth.tables.DATABASES`.
        accession: The database's own record id (PMID, Embase L-number, EID, ...).
        rng: The corpus random source.

    Returns:
        A record with identifiers normalised the way the importers normalise them and
        free text (title, journal, authors) varied the way the database varies it.
        ``extra["synth_work_id"]`` holds the gold work id.
    """
    d = DIALECTS[database]
    title, original = _title(work, database, d, rng)
    journal, abbrev = _journal(work, database, rng)
    year = work.year
    if d.year_shift and year > 2000 and rng.random() < d.year_shift:
        year -= 1
    volume, issue, first, last = work.volume, work.issue, work.start_page, work.end_page
    if issue and issue.startswith("Suppl") and database in ("embase", "scopus", "wos"):
        issue = issue.upper() if database != "scopus" else issue.replace("Suppl", "SUPPL.")
    if database == "pubmed" and year >= 2024 and rng.random() < 0.15:
        volume = issue = first = last = None  # ahead of print: no citation yet
    if database == "embase" and last and rng.random() < 0.05:
        last = None
    headings = SUBJECT_HEADINGS[work.topic][HEADING_COLUMN[database]]
    if work.publication_type in ("erratum", "editorial", "letter"):
        headings = ()
    extra: dict[str, object] = {"synth_work_id": work.work_id, "journal_abbrev": abbrev}
    if original:
        extra["original_title"] = original
    if work.trap:
        extra["synth_trap"] = work.trap
    return Record(
        title=title,
        abstract=work.abstract if work.abstract and rng.random() >= d.no_abstract else None,
        authors=_authors(work, database, d, rng),
        year=year, journal=journal, volume=volume, issue=issue,
        start_page=first, end_page=last,
        doi=work.doi if work.doi and rng.random() >= d.no_doi else None,
        pmid=work.pmid if work.pmid and rng.random() < d.pmid else None,
        issn=work.journal.issn, language=work.language,
        publication_types=list(PUBLICATION_TYPES[work.publication_type][database]),
        keywords=list(work.keywords) if database != "pubmed" or rng.random() < 0.5 else [],
        subject_headings=list(headings),
        source_record_id=accession, database=database, extra=extra,
    )


def in_press_twin(record: Record, accession: str) -> Record:
    """Return the database's second, "article in press" record of the same work."""
    extra = dict(record.extra, publication_stage="Article in press")
    return Record(
        title=record.title, abstract=record.abstract, authors=list(record.authors),
        year=record.year, journal=record.journal, doi=record.doi, pmid=record.pmid,
        issn=record.issn, language=record.language,
        publication_types=list(record.publication_types), keywords=list(record.keywords),
        subject_headings=list(record.subject_headings), source_record_id=accession,
        database=record.database, extra=extra,
    )
