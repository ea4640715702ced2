"""The record model shared by every stage (pure dataclasses, no I/O)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Author:
    """One author, in the order the source gives.

    Attributes:
        family: Family name as written ("van der Berg", "Smith").
        initials: Initials without dots or spaces ("JA").
        given: Given names when the source has them ("John Adam").
        raw: The author exactly as the source wrote it.
    """

    family: str
    initials: str = ""
    given: str = ""
    raw: str = ""

    def display(self) -> str:
        """Return "Family I" as screening and exports show it."""
        return f"{self.family} {self.initials}".strip()


# Fields that hold lists; stored as JSON arrays in SQLite.
LIST_FIELDS = ("publication_types", "keywords", "subject_headings")


@dataclass
class Record:
    """One bibliographic record, normalised, with its verbatim original.

    Normalisation (see :mod:`litsearch.normalise`) is done by the importers:
    DOI lower-case without resolver prefix, PMID digits only, language as an
    ISO 639-1 code where one exists, authors split into family name and initials.
    """

    title: str | None = None
    abstract: str | None = None
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    start_page: str | None = None
    end_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    issn: str | None = None
    isbn: str | None = None
    language: str | None = None
    publication_types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    subject_headings: list[str] = field(default_factory=list)
    url: str | None = None
    source_record_id: str | None = None
    database: str | None = None
    #: The record exactly as it stood in its source (text of the RIS block, CSV row as JSON, ...).
    original: str = ""
    #: 1-based position of the record in its file.
    position: int | None = None
    #: 1-based line in the file where the record starts (None where lines mean nothing).
    line: int | None = None
    #: Fields the source had that the model has no place for (kept aside, never dropped).
    extra: dict[str, Any] = field(default_factory=dict)
    #: Non-fatal problems met while reading this record.
    warnings: list[str] = field(default_factory=list)

    def to_row(self) -> dict[str, Any]:
        """Return the record as a dict of SQLite column values."""
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "warnings"}
        # Built by hand: dataclasses.asdict deep-copies, which dominates bulk imports.
        row["authors"] = json.dumps(
            [{"family": a.family, "initials": a.initials, "given": a.given, "raw": a.raw}
             for a in self.authors], ensure_ascii=False)
        for name in LIST_FIELDS:
            row[name] = json.dumps(row[name], ensure_ascii=False)
        row["extra"] = json.dumps(self.extra, ensure_ascii=False, default=str)
        return row

    @classmethod
    def from_row(cls, row: Any) -> Record:
        """Build a record from a SQLite row (``sqlite3.Row`` or mapping)."""
        keys = set(row.keys())
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in keys:
                values[f.name] = row[f.name]
        values["authors"] = [Author(**a) for a in json.loads(values.get("authors") or "[]")]
        for name in LIST_FIELDS:
            values[name] = json.loads(values.get(name) or "[]")
        values["extra"] = json.loads(values.get("extra") or "{}")
        values["original"] = values.get("original") or ""
        return cls(**values)

    def first_author(self) -> str:
        """Return the first author's family name, or an empty string."""
        return self.authors[0].family if self.authors else ""

    def completeness(self) -> int:
        """Count the filled bibliographic fields (used to pick cluster representatives)."""
        names = ("title", "abstract", "year", "journal", "volume", "issue", "start_page",
                 "doi", "pmid", "language", "issn")
        return sum(1 for n in names if getattr(self, n)) + (1 if self.authors else 0)


#: Columns of the ``records`` table that hold normalised fields, in export order.
RECORD_FIELDS = tuple(f.name for f in fields(Record) if f.name not in ("warnings",))

#: PRISMA 2020 identification methods. "database" and "register" form the left column;
#: the others form the "other methods" column.
SEARCH_METHODS = ("database", "register", "citation", "website", "organisation", "other")

#: Screening stages, in pipeline order.
STAGES = ("auto", "title-abstract", "full-text")

#: Decision values a screening event may carry.
DECISIONS = ("include", "exclude", "maybe", "not-retrieved", "undo", "note")
