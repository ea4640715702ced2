"""Export the review's records as RIS, CSV or BibTeX, with dedup cluster and screening status.

RIS is written with rispy and BibTeX with bibtexparser 2. Records stream from the
database one at a time, so exports of any size use little memory. A record with
duplicates is exported with its gaps filled from them (what screening shows, see
:func:`litsearch.dedup.loading.work_record`); a record without duplicates, imported
again from a RIS export, gives the same normalised record (the tests check it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..dedup.loading import work_record
from ..errors import ReportError
from ..models import Record
from ..outfiles import dict_writer, opened
from ..screening.blind import blind_statuses, refuse_while_blind
from ..screening.status import record_statuses
from ..store import Store
from .export_formats import bibtex_entry, ris_entry, write_bibtex, write_ris

#: Export formats and what they are.
FORMATS = {"ris": "RIS (reference managers)", "csv": "CSV (spreadsheets)",
           "bibtex": "BibTeX (LaTeX, Zotero, JabRef)"}

#: CSV columns: identifiers and pipeline state first, then the normalised fields. The id
#: column is named for litsearch, so ``screen import-decisions`` knows it for one of its ids.
CSV_COLUMNS = ("litsearch_record_id", "source_record_id", "database", "search_run", "cluster_id",
               "status", "title", "authors", "year", "journal", "volume", "issue", "start_page",
               "end_page", "doi", "pmid", "pmcid", "issn", "isbn", "language",
               "publication_types", "keywords", "subject_headings", "url", "abstract")

#: Separator for list values inside one CSV cell.
CSV_LIST_SEPARATOR = "; "


#: The rows ``--where`` filters: the records table under the names the CSV header uses
#: (``litsearch_record_id``, ``search_run``, ``cluster_id``, ``status``), its own names
#: (``id``, and ``record_id`` as earlier exports named it) kept as well.
_WHERE_ROWS = ("SELECT r.*, r.id AS litsearch_record_id, r.id AS record_id, "
               "r.search_run_id AS search_run, "
               "m.cluster_id AS cluster_id, COALESCE(s.status, 'unscreened') AS status "
               "FROM records r LEFT JOIN cluster_members m ON m.record_id = r.id "
               "LEFT JOIN temp.export_status s ON s.record_id = r.id")


def _query(store: Store, where: str | None, statuses: dict[int, str]) -> sqlite3.Cursor:
    """Run the records query now, so a bad ``where`` fails before anything is written.

    ``where`` may name any column of the CSV export (:data:`CSV_COLUMNS`), so a
    condition copied from a spreadsheet's header works as written.
    """
    if not where:
        return store.execute("SELECT * FROM records ORDER BY id")
    store.execute("CREATE TEMP TABLE IF NOT EXISTS export_status "
                  "(record_id INTEGER PRIMARY KEY, status TEXT)")
    store.execute("DELETE FROM temp.export_status")
    store.db.executemany("INSERT INTO temp.export_status VALUES (?, ?)", statuses.items())
    try:
        return store.execute(f"SELECT * FROM ({_WHERE_ROWS}) AS exported WHERE {where} ORDER BY id")
    except sqlite3.Error as exc:
        reason = str(exc).rstrip(".")
        raise ReportError(f"--where {where!r} is not a valid SQL condition on the exported "
                          f"records: {reason}.",
                          f"Columns: {', '.join(CSV_COLUMNS)}; e.g. --where \"year >= 2015 "
                          "AND database = 'embase'\".") from exc


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple[int, int, Record]]:
    for row in cursor:
        yield int(row["id"]), int(row["search_run_id"]), Record.from_row(row)


def _csv_row(record_id: int, run_id: int, record: Record, cluster: int | None,
             status: str) -> dict[str, object]:
    join = CSV_LIST_SEPARATOR.join
    return {
        "litsearch_record_id": record_id, "source_record_id": record.source_record_id or "",
        "database": record.database or "", "search_run": run_id,
        "cluster_id": cluster if cluster is not None else "", "status": status,
        "title": record.title or "",
        "authors": join(f"{a.family}, {a.given or a.initials}".rstrip(", ")
                        for a in record.authors),
        "year": record.year or "", "journal": record.journal or "",
        "volume": record.volume or "", "issue": record.issue or "",
        "start_page": record.start_page or "", "end_page": record.end_page or "",
        "doi": record.doi or "", "pmid": record.pmid or "", "pmcid": record.pmcid or "",
        "issn": record.issn or "", "isbn": record.isbn or "", "language": record.language or "",
        "publication_types": join(record.publication_types), "keywords": join(record.keywords),
        "subject_headings": join(record.subject_headings), "url": record.url or "",
        "abstract": record.abstract or "",
    }


def export_records(store: Store, fmt: str, out: Path | str | TextIO, where: str | None = None,
                   included_only: bool = False, raw: bool = False) -> int:
    """Write the review's records to ``out`` and return how many were written.

    Args:
        store: The review database.
        fmt: "ris", "csv" or "bibtex".
        out: A file path or an open text stream.
        where: An SQL condition over the columns of the CSV export ("year >= 2015",
            "search_run = 2", "status = 'included'").
        included_only: Only records whose screening status is "included" (cluster
            representatives included at full text).
        raw: CSV cells exactly as stored, for a program to read; by default a cell a
            spreadsheet would run as a formula gets a quote in front
            (:func:`litsearch.outfiles.neutralise`).

    Raises:
        ReportError: Unknown format or invalid ``where``.
        OutputError: The file cannot be written (an earlier one is left unchanged).
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown export format {fmt!r}.",
                          f"Use one of: {', '.join(FORMATS)}.")
    if included_only:
        refuse_while_blind(store, "export --included")
    statuses = blind_statuses(store, record_statuses(store))
    clusters = dict(store.execute("SELECT record_id, cluster_id FROM cluster_members").fetchall())
    shared = {rid for (rid,) in store.execute(
        "SELECT record_id FROM cluster_members WHERE cluster_id IN (SELECT cluster_id FROM "
        "cluster_members GROUP BY cluster_id HAVING COUNT(*) > 1)")}
    cursor = _query(store, where, statuses)
    count = 0
    with opened(out, "" if fmt == "csv" else None) as handle:
        writer = dict_writer(handle, CSV_COLUMNS, raw) if fmt == "csv" else None
        if writer is not None:
            writer.writeheader()
        for record_id, run_id, record in _rows(cursor):
            status = statuses.get(record_id, "unscreened")
            if included_only and status != "included":
                continue
            if record_id in shared:
                # Each record exported stands for its work: a field it lacks that a
                # duplicate carries (DOI, PMID, pages, abstract) is filled from that
                # duplicate, as screening shows it (one rule: work_record). The store
                # keeps the record as imported.
                record = work_record(store, record_id) or record
            if writer is not None:
                writer.writerow(_csv_row(record_id, run_id, record, clusters.get(record_id),
                                         status))
            elif fmt == "ris":
                write_ris(handle, ris_entry(record_id, record, clusters.get(record_id), status))
            else:
                write_bibtex(handle, bibtex_entry(record_id, record, clusters.get(record_id),
                                                  status))
            count += 1
    return count
