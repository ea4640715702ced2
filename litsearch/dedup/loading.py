"""Load records for matching and merging: only the columns dedup reads, all or by id."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator

from ..models import Author, Record
from ..store import Store
from ..store.records import get_record
from .cluster import fill_gaps

#: Only the columns matching and merging read (not the verbatim original text).
LOAD_COLUMNS = ("title", "abstract", "year", "journal", "volume", "issue", "start_page",
                "end_page", "doi", "pmid", "pmcid", "issn", "isbn", "language", "url",
                "database", "source_record_id")
_SELECT = (f"SELECT id, authors, publication_types, extra, {', '.join(LOAD_COLUMNS)} "
           f"FROM records")


def _record(row: tuple) -> Record:
    """Build a Record from a ``_SELECT`` row (faster than ``Record.from_row`` at 100k)."""
    record = Record(**dict(zip(LOAD_COLUMNS, row[4:], strict=True)))
    record.authors = [Author(**a) for a in json.loads(row[1] or "[]")]
    record.publication_types = json.loads(row[2] or "[]")
    record.extra = json.loads(row[3] or "{}")
    return record


def id_list(ids: Collection[int]) -> str:
    """Return record ids as one JSON parameter for ``IN (SELECT value FROM json_each(?))``.

    One parameter whatever the count, so no query is split to fit SQLite's limit.
    """
    return json.dumps(sorted(ids))


def load_records(store: Store, ids: Collection[int] | None = None) -> dict[int, Record]:
    """Return ``{record_id: record}`` for the given ids (every record when None), by id.

    Records carry the fields dedup compares and merges; keywords, subject headings
    and the verbatim original are left out.
    """
    return dict(iter_records(store, ids))


def iter_records(store: Store, ids: Collection[int] | None = None
                 ) -> Iterator[tuple[int, Record]]:
    """Yield ``(record_id, record)`` for the given ids (every record when None), by id.

    Rows are read as they are consumed, so a caller that keeps what it makes of a
    record, not the record, never holds a million records at once.
    """
    if ids is not None and not ids:
        return
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: cheaper than sqlite3.Row over 100k rows
    if ids is None:
        cursor.execute(f"{_SELECT} ORDER BY id")
    else:
        cursor.execute(f"{_SELECT} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                       (id_list(ids),))
    for row in cursor:
        yield row[0], _record(row)


def work_record(store: Store, record_id: int) -> Record | None:
    """Return a record with its empty fields filled from the rest of its cluster.

    What a reviewer screens and an included export cites is the work, not one copy of it:
    a representative without the abstract or PMID that only a duplicate carries would
    hide them. The record itself stays as imported in the store.
    """
    record = get_record(store, record_id)
    if record is None:
        return None
    others = [Record.from_row(row) for row in store.execute(
        "SELECT r.* FROM records r JOIN cluster_members m ON m.record_id = r.id WHERE "
        "m.cluster_id = (SELECT cluster_id FROM cluster_members WHERE record_id = ?) "
        "AND r.id != ? ORDER BY r.id", (record_id, record_id))]
    others.sort(key=lambda r: -r.completeness())
    return fill_gaps(record, others)

