"""Tell an export that was imported before under other bytes (saved again, re-downloaded).

The same file is found by its SHA-256 and imported once. A copy saved again by a tool,
or downloaded twice, differs by a byte and is a new search run; when every record it
holds is already in earlier runs of the same database, PRISMA would count each record
twice under "records identified". An update search shares some records, not all, so
only a complete match is named, with the way back.
"""

from __future__ import annotations

from ..store import Store
from ..wording import number


def _key(row: tuple) -> tuple:
    record_id, source_id, doi, pmid, title, year = row
    if source_id:
        return ("id", source_id)
    if doi:
        return ("doi", doi.lower())
    if pmid:
        return ("pmid", pmid)
    if title:
        return ("title", " ".join(title.lower().split()), year)
    return ("record", record_id)  # nothing to tell it by: it matches no other record


def same_records_note(store: Store, run_id: int, database: str, name: str) -> str | None:
    """Return a note when every record of run ``run_id`` is in earlier runs of ``database``."""
    columns = "id, source_record_id, doi, pmid, title, year"
    mine = {_key(tuple(r)) for r in store.execute(
        f"SELECT {columns} FROM records WHERE search_run_id = ?", (run_id,))}
    if not mine:
        return None
    runs = [r[0] for r in store.execute(
        "SELECT id FROM search_runs WHERE database = ? AND id <> ? ORDER BY id",
        (database, run_id))]
    found: dict[int, set[tuple]] = {}
    for run in runs:
        keys = {_key(tuple(r)) for r in store.execute(
            f"SELECT {columns} FROM records WHERE search_run_id = ?", (run,))} & mine
        if keys:
            found[run] = keys
    if not found or set().union(*found.values()) != mine:
        return None
    earlier = ", ".join(str(r) for r in found)
    return (f"every record of {name} ({number(len(mine))}) is already in the review from "
            f"{database} search run {earlier} (same record ids, DOIs or titles): if this is "
            "the same export saved again, PRISMA counts its records twice; take it back "
            f"with 'litsearch import --undo {run_id}'.")
