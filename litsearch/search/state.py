"""Persist a live PubMed search as it runs, so an interrupted one can resume.

A search run stays ``status = 'running'`` until every PMID is stored. Its resume
state (the query, the format, the batch size and, once ESearch is done, the full
PMID list) sits as JSON in the ``meta`` table under ``pubmed_resume:<run_id>``;
History-server sessions expire, so resuming never relies on them. Each EFetch batch
is stored in its own transaction: a batch is either all saved or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..models import Record
from ..store import Store, add_records, link_record

#: ``meta`` key prefix of a run's resume state.
STATE_PREFIX = "pubmed_resume:"
#: Run status while a live search is unfinished, and once it is done.
RUNNING, COMPLETE = "running", "complete"
#: SQLite host parameters per ``IN (...)`` lookup.
_CHUNK = 500


def state_key(run_id: int) -> str:
    """Return the ``meta`` key holding a run's resume state."""
    return f"{STATE_PREFIX}{run_id}"


def save_state(store: Store, run_id: int, state: dict[str, Any]) -> None:
    """Write a run's resume state (inside the caller's transaction)."""
    store.set_meta(state_key(run_id), json.dumps(state, separators=(",", ":")))


def load_state(store: Store, run_id: int) -> dict[str, Any] | None:
    """Return a run's resume state, or None when it has none."""
    text = store.get_meta(state_key(run_id))
    return json.loads(text) if text else None


def drop_state(store: Store, run_id: int) -> None:
    """Forget a finished run's resume state."""
    store.execute("DELETE FROM meta WHERE key = ?", (state_key(run_id),))


def unfinished_runs(store: Store, *, restarted: bool = True) -> list[int]:
    """Return the ids of live PubMed searches that did not finish, oldest first.

    Args:
        store: The review database.
        restarted: Also return runs whose search string was run again later (the user
            started over instead of resuming); ``--resume`` leaves those alone.
    """
    rows = store.execute(
        "SELECT id, query FROM search_runs WHERE database = 'pubmed' AND kind = 'api' "
        "AND status = ? ORDER BY id", (RUNNING,)).fetchall()
    if restarted:
        return [int(r[0]) for r in rows]
    later = store.execute("SELECT id, query FROM search_runs WHERE database = 'pubmed' "
                          "AND kind = 'api'").fetchall()
    return [int(r[0]) for r in rows
            if not any(int(o[0]) > int(r[0]) and _same(o[1], r[1]) for o in later)]


def unfinished_with_query(store: Store, query: str) -> int | None:
    """Return the newest unfinished, not restarted PubMed run of this search string."""
    for run_id in reversed(unfinished_runs(store, restarted=False)):
        row = store.execute("SELECT query FROM search_runs WHERE id = ?", (run_id,)).fetchone()
        if row and _same(row[0], query):
            return run_id
    return None


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def linked_pmids(store: Store, run_id: int) -> set[str]:
    """Return the PMIDs already stored (or linked) for a run."""
    rows = store.execute(
        "SELECT r.pmid FROM run_records rr JOIN records r ON r.id = rr.record_id "
        "WHERE rr.search_run_id = ? AND r.pmid IS NOT NULL", (run_id,)).fetchall()
    return {str(r[0]) for r in rows}


def existing_pubmed_ids(store: Store, pmids: Iterable[str]) -> dict[str, int]:
    """Map PMIDs to the earliest PubMed record already in the review with that PMID."""
    found: dict[str, int] = {}
    wanted = list(pmids)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.execute(
            f"SELECT pmid, MIN(id) FROM records WHERE database = 'pubmed' "
            f"AND pmid IN ({marks}) GROUP BY pmid", tuple(chunk)).fetchall()
        found.update({str(r[0]): int(r[1]) for r in rows})
    return found


def store_batch(store: Store, run_id: int, records: list[Record], positions: dict[str, int],
                have: set[str]) -> tuple[int, int, list[str]]:
    """Store one EFetch batch: new PMIDs are added, known ones linked (call in a transaction).

    Args:
        store: The review database.
        run_id: The search run the batch belongs to.
        records: Parsed records from EFetch.
        positions: 1-based position of each PMID in the run's PMID list.
        have: PMIDs the run already holds; updated in place.

    Returns:
        ``(added, linked, skipped)``: records added as new, records already in the
        review linked to this run, and notes about records that were not stored.
    """
    skipped: list[str] = []
    wanted: list[Record] = []
    for record in records:
        pmid = record.pmid
        if not pmid or pmid not in positions:
            skipped.append(f"EFetch returned a record with PMID {pmid or 'none'} that was "
                           "not asked for; it was not stored")
        elif pmid not in have:
            record.position = positions[pmid]
            wanted.append(record)
            have.add(pmid)
    known = existing_pubmed_ids(store, (r.pmid for r in wanted if r.pmid))
    fresh = [r for r in wanted if r.pmid not in known]
    for record in wanted:
        if record.pmid in known:
            link_record(store, run_id, known[record.pmid], record.position)
    add_records(store, run_id, fresh)
    return len(fresh), len(wanted) - len(fresh), skipped


def run_counts(store: Store, run_id: int) -> tuple[int, int]:
    """Return ``(records, new_records)`` linked to a run."""
    row = store.execute("SELECT COUNT(*), COALESCE(SUM(is_new), 0) FROM run_records "
                        "WHERE search_run_id = ?", (run_id,)).fetchone()
    return int(row[0]), int(row[1])
