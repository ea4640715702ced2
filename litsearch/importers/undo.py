"""Take an import back: remove a search run and what only it brought into the review.

A wrong file, a wrong ``--db`` or a forced wrong ``--format`` is otherwise
permanent: the file's SHA-256 is recorded, so importing it again is refused. Undo
removes the run, its file row (freeing the hash), its links and the records no
other run found, all in one transaction. Screening and manual dedup decisions are
an append-only audit trail, so a run whose records (or their duplicate clusters)
carry any is refused, as is a run that a frozen review version already counts.
Duplicate clusters that held a removed record are rebuilt from the stored pair
evidence without it, so the review stays deduplicated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..dedup.loading import id_list
from ..dedup.membership import rebuild
from ..errors import LitsearchError
from ..report.versions import load_versions
from ..store import Store, now
from ..store.records import HIGH_WATER, retire_ids
from ..wording import plural

#: Run kinds that can be undone: a file import, or a live search (PubMed).
UNDOABLE_KINDS = ("import", "api")
#: ``meta`` key of a live PubMed search's resume state (see ``search/state.py``).
RESUME_KEY = "pubmed_resume:{run}"
#: ``meta`` key prefix of where each reviewer left off in screening (a record id).
POSITION_PREFIX = "screening.position."

# Records the run added that no other run found too.
_OWN_SQL = ("SELECT r.id FROM records r WHERE r.search_run_id = :run AND NOT EXISTS "
            "(SELECT 1 FROM run_records l WHERE l.record_id = r.id AND l.search_run_id != :run) "
            "ORDER BY r.id")
# Records the run added that a later run found again: (record, earliest other run).
_SHARED_SQL = ("SELECT l.record_id, MIN(l.search_run_id) FROM records r "
               "JOIN run_records l ON l.record_id = r.id AND l.search_run_id != :run "
               "WHERE r.search_run_id = :run GROUP BY l.record_id ORDER BY l.record_id")
_IN = "IN (SELECT value FROM json_each(?))"
class UndoError(LitsearchError):
    """A search run cannot be undone (unknown, not an import, screened or frozen)."""


@dataclass
class UndoSummary:
    """What undoing one search run did.

    Attributes:
        run_id: The search run removed.
        database: Its database.
        kind: "import" or "api".
        files: Names of the files it had imported (none for a live search).
        records_removed: Records deleted (found by this run only).
        records_kept: Records this run added that another run also found; they stay,
            credited to the earliest such run.
        links_removed: Records found again by this run but added by an earlier one
            (they stay, only the link goes).
        clusters_rebuilt: Duplicate clusters that held a removed record and others, rebuilt
            from the others (a removed record's own singleton cluster just goes).
    """

    run_id: int
    database: str
    kind: str
    files: list[str] = field(default_factory=list)
    records_removed: int = 0
    records_kept: int = 0
    links_removed: int = 0
    clusters_rebuilt: int = 0

    def message(self) -> str:
        """Return a one-line account of the undo."""
        source = ", ".join(self.files) if self.files else "live search"
        files = plural(len(self.files), "file")
        text = (f"Removed search run {self.run_id} ({self.database}, {source}): "
                f"{plural(self.records_removed, 'record')}, {files}")
        if self.records_kept:
            text += (f"; {plural(self.records_kept, 'record')} also found "
                     "by a later run kept and credited to it")
        if self.links_removed:
            text += (f"; {plural(self.links_removed, 'record')} it had "
                     "found again stay, credited to the run that added them")
        if self.clusters_rebuilt:
            text += (f"; {plural(self.clusters_rebuilt, 'duplicate cluster')} "
                     "rebuilt without its records")
        return text + "."


def undo_run(store: Store, run_id: int) -> UndoSummary:
    """Remove a search run and every record only it brought in, in one transaction.

    Args:
        store: The review database.
        run_id: The search run number (``litsearch status`` and the import summary show it).

    Returns:
        What was removed.

    Raises:
        UndoError: The run does not exist, is not an import or live search, is counted by
            a frozen review version, or records it would remove (or their duplicate
            clusters) carry screening or manual dedup decisions. Nothing changes then.
    """
    with store.transaction():
        run = store.execute("SELECT id, database, kind FROM search_runs WHERE id = ?",
                            (run_id,)).fetchone()
        if run is None:
            raise UndoError(f"search run {run_id} does not exist.",
                            "'litsearch status' lists the search runs with their numbers.")
        if run["kind"] not in UNDOABLE_KINDS:
            raise UndoError(f"search run {run_id} is a {run['kind']!r} run, not an import "
                            "or a live search.", "Only imports and live searches can be undone.")
        _check_frozen(store, run_id)
        removed = [row[0] for row in store.execute(_OWN_SQL, {"run": run_id})]
        shared = store.execute(_SHARED_SQL, {"run": run_id}).fetchall()
        clusters = _clusters_of(store, removed)
        members = dict(store.execute(f"SELECT record_id, cluster_id FROM cluster_members "
                                     f"WHERE cluster_id {_IN}", (id_list(clusters),)).fetchall())
        survivors = set(members) - set(removed)
        _check_decisions(store, run_id, removed, survivors)
        summary = UndoSummary(
            run_id=run_id, database=run["database"], kind=run["kind"],
            files=[r[0] for r in store.execute(
                "SELECT name FROM source_files WHERE search_run_id = ? ORDER BY id", (run_id,))],
            records_removed=len(removed), records_kept=len(shared),
            clusters_rebuilt=len({members[rid] for rid in survivors}))
        for table in HIGH_WATER:  # the numbers of what goes are never handed out again
            retire_ids(store, table)
        _recredit(store, run_id, shared, summary.files)
        _rebuild_clusters(store, clusters, survivors, removed)
        summary.links_removed = int(store.execute(
            "SELECT COUNT(*) FROM run_records WHERE search_run_id = ? AND is_new = 0",
            (run_id,)).fetchone()[0])
        _delete(store, run_id, removed)
    return summary


def _check_frozen(store: Store, run_id: int) -> None:
    """Refuse a run that a frozen (published) review version already counts."""
    for version in load_versions(store):
        if run_id <= version.max_search_run_id:
            raise UndoError(f"search run {run_id} is part of frozen review version "
                            f"{version.number}; a published version cannot be changed.",
                            "Import a corrected file as a new search run instead.")


def _clusters_of(store: Store, records: list[int]) -> list[int]:
    """Return the clusters holding (or represented by) any of these records."""
    ids = id_list(records)
    return [row[0] for row in store.execute(
        f"SELECT cluster_id FROM cluster_members WHERE record_id {_IN} UNION "
        f"SELECT id FROM clusters WHERE representative_id {_IN} ORDER BY 1", (ids, ids))]


def _check_decisions(store: Store, run_id: int, removed: list[int], survivors: set[int]) -> None:
    """Refuse when a record to remove, or a duplicate of one that stays, carries a decision."""
    hint = "an import that has been screened cannot be undone."
    ids = id_list(removed)
    rows = store.execute(f"SELECT stage, COUNT(DISTINCT record_id) FROM decisions "
                         f"WHERE record_id {_IN} GROUP BY stage ORDER BY stage", (ids,)).fetchall()
    if rows:
        count = len({r[0] for r in store.execute(
            f"SELECT record_id FROM decisions WHERE record_id {_IN}", (ids,))})
        raise UndoError(f"{plural(count, 'record')} of search run {run_id} "
                        f"{'have' if count != 1 else 'has'} screening decisions "
                        f"({', '.join(r[0] for r in rows)});", hint)
    pairs = store.execute(f"SELECT COUNT(DISTINCT id) FROM dedup_decisions WHERE record_a {_IN} "
                          f"OR record_b {_IN}", (ids, ids)).fetchone()[0]
    if pairs:
        raise UndoError(f"{plural(pairs, 'manual dedup decision')} "
                        f"{'involves' if pairs == 1 else 'involve'} records of "
                        f"search run {run_id};", "a deduplication reviewed by hand cannot be "
                        "undone.")
    # A decision on any member counts for its cluster's representative: removing a
    # duplicate would change the unit (and the merged fields) the reviewer screened.
    kept = id_list(survivors)
    rows = store.execute(f"SELECT stage, COUNT(DISTINCT record_id) FROM decisions "
                         f"WHERE record_id {_IN} GROUP BY stage ORDER BY stage",
                         (kept,)).fetchall()
    if rows:
        count = len({r[0] for r in store.execute(
            f"SELECT record_id FROM decisions WHERE record_id {_IN}", (kept,))})
        raise UndoError(f"{plural(count, 'duplicate')} of records of search run "
                        f"{run_id} {'have' if count != 1 else 'has'} screening decisions "
                        f"({', '.join(r[0] for r in rows)}); undoing would change what was "
                        "screened;", hint)


def _recredit(store: Store, run_id: int, shared: list, files: list[str]) -> None:
    """Credit records that a later run found too to the earliest such run.

    Refusing would block the common case (a MEDLINE file and a live PubMed search
    overlap) and deleting would lose records another search truly found. Re-pointing
    is what the review would hold had the file never been imported: that run would have
    added them as new. The fields were read from the undone file, so ``extra`` says so.
    """
    if not shared:
        return
    note = json.dumps({"run": run_id, "files": files, "undone_at": now()})
    store.db.executemany(
        "UPDATE records SET search_run_id = :to, database = "
        "(SELECT database FROM search_runs WHERE id = :to), "
        "source_file_id = (SELECT MIN(id) FROM source_files WHERE search_run_id = :to), "
        "position = (SELECT position FROM run_records WHERE search_run_id = :to "
        "AND record_id = :rid), line = NULL, "
        "extra = json_set(extra, '$.read_from_undone_run', json(:note)) WHERE id = :rid",
        [{"rid": rid, "to": to, "note": note} for rid, to in shared])
    store.db.executemany("UPDATE run_records SET is_new = 1 WHERE search_run_id = ? "
                         "AND record_id = ?", [(to, rid) for rid, to in shared])


def _rebuild_clusters(store: Store, clusters: list[int], survivors: set[int],
                      removed: list[int]) -> None:
    """Drop the removed records from dedup and re-cluster their duplicates without them.

    The survivors' pair evidence (``dedup_pairs``, manual decisions) stays, so
    re-clustering from it is what a dedup run would do: a cluster bridged only by a
    removed record splits. The clusters get new ids (none of them was screened).
    """
    ids = id_list(removed)
    store.execute(f"DELETE FROM dedup_pairs WHERE record_a {_IN} OR record_b {_IN}", (ids, ids))
    store.execute(f"DELETE FROM dedup_keys WHERE record_id {_IN}", (ids,))
    if not clusters:
        return
    store.execute(f"DELETE FROM cluster_members WHERE cluster_id {_IN}", (id_list(clusters),))
    if survivors:
        rebuild(store, survivors)
    store.execute(f"DELETE FROM clusters WHERE id {_IN} AND id NOT IN "
                  "(SELECT cluster_id FROM cluster_members)", (id_list(clusters),))


def _delete(store: Store, run_id: int, removed: list[int]) -> None:
    """Delete the run's links, records, file rows, resume state and the run (FK order)."""
    ids = id_list(removed)
    store.execute("DELETE FROM run_records WHERE search_run_id = ?", (run_id,))
    # Every column pointing at a record is indexed (migration v4), so the foreign-key
    # checks of this delete do not scan whole tables.
    store.execute(f"DELETE FROM records WHERE id {_IN}", (ids,))
    store.execute("DELETE FROM source_files WHERE search_run_id = ?", (run_id,))
    store.execute("DELETE FROM meta WHERE key = ?", (RESUME_KEY.format(run=run_id),))
    # A reviewer who skipped to a removed record would resume at nothing.
    store.execute(f"DELETE FROM meta WHERE key LIKE '{POSITION_PREFIX}%' "
                  f"AND CAST(value AS INTEGER) {_IN}", (ids,))
    store.execute("DELETE FROM search_runs WHERE id = ?", (run_id,))
