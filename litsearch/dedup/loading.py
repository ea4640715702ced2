"""Load records for matching and merging: only the columns dedup reads, all or by id."""

from __future__ import annotations

import json
from collections.abc import Collection

from ..models import Author, Record
from ..store import Store

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
    if ids is not None and not ids:
        return {}
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples: cheaper than sqlite3.Row over 100k rows
    if ids is None:
        cursor.execute(f"{_SELECT} ORDER BY id")
    else:
        cursor.execute(f"{_SELECT} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                       (id_list(ids),))
    return {row[0]: _record(row) for row in cursor}
