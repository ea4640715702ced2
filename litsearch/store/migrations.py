"""Forward migrations of the review database, one function per schema version.

``PRAGMA user_version`` holds the version a database is at. Opening a database
applies every later step in order, each in its own transaction. Never edit a
step that has shipped: add a new one at the end of :data:`MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction.

    ``executescript`` would commit the open transaction first, so a failed step
    could leave a half-migrated database; this runs statement by statement instead.
    """
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer)
            buffer = ""
    if buffer.strip():
        db.execute(buffer)


def _v1_base(db: sqlite3.Connection) -> None:
    """Search runs, imported files, records and screening decisions."""
    _script(db,
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE search_runs (
            id             INTEGER PRIMARY KEY,
            database       TEXT NOT NULL,
            platform       TEXT,
            method         TEXT NOT NULL DEFAULT 'database',
            kind           TEXT NOT NULL DEFAULT 'import',
            query          TEXT,
            query_source   TEXT,
            searched_on    TEXT,
            started_at     TEXT NOT NULL,
            finished_at    TEXT,
            status         TEXT NOT NULL DEFAULT 'complete',
            reported_count INTEGER,
            translation    TEXT,
            messages       TEXT NOT NULL DEFAULT '[]',
            limits         TEXT NOT NULL DEFAULT '{}',
            notes          TEXT
        );
        CREATE TABLE source_files (
            id               INTEGER PRIMARY KEY,
            search_run_id    INTEGER NOT NULL REFERENCES search_runs(id),
            path             TEXT NOT NULL,
            name             TEXT NOT NULL,
            sha256           TEXT NOT NULL UNIQUE,
            format           TEXT NOT NULL,
            encoding         TEXT,
            size_bytes       INTEGER,
            records_read     INTEGER NOT NULL DEFAULT 0,
            records_imported INTEGER NOT NULL DEFAULT 0,
            records_warned   INTEGER NOT NULL DEFAULT 0,
            imported_at      TEXT NOT NULL
        );
        CREATE TABLE records (
            id                INTEGER PRIMARY KEY,
            search_run_id     INTEGER NOT NULL REFERENCES search_runs(id),
            source_file_id    INTEGER REFERENCES source_files(id),
            position          INTEGER,
            line              INTEGER,
            database          TEXT NOT NULL,
            source_record_id  TEXT,
            title             TEXT,
            abstract          TEXT,
            authors           TEXT NOT NULL DEFAULT '[]',
            year              INTEGER,
            journal           TEXT,
            volume            TEXT,
            issue             TEXT,
            start_page        TEXT,
            end_page          TEXT,
            doi               TEXT,
            pmid              TEXT,
            pmcid             TEXT,
            issn              TEXT,
            isbn              TEXT,
            language          TEXT,
            publication_types TEXT NOT NULL DEFAULT '[]',
            keywords          TEXT NOT NULL DEFAULT '[]',
            subject_headings  TEXT NOT NULL DEFAULT '[]',
            url               TEXT,
            extra             TEXT NOT NULL DEFAULT '{}',
            original          TEXT NOT NULL,
            imported_at       TEXT NOT NULL
        );
        CREATE INDEX records_run ON records(search_run_id);
        CREATE INDEX records_doi ON records(doi);
        CREATE INDEX records_pmid ON records(pmid);

        CREATE TABLE decisions (
            id          INTEGER PRIMARY KEY,
            record_id   INTEGER NOT NULL REFERENCES records(id),
            stage       TEXT NOT NULL CHECK (stage IN ('auto', 'title-abstract', 'full-text')),
            reviewer    TEXT NOT NULL,
            decision    TEXT NOT NULL CHECK (decision IN
                            ('include', 'exclude', 'maybe', 'not-retrieved', 'undo', 'note')),
            reason      TEXT,
            criterion   TEXT,
            note        TEXT,
            replaces    INTEGER REFERENCES decisions(id),
            resolution  INTEGER NOT NULL DEFAULT 0,
            source      TEXT NOT NULL DEFAULT 'cli',
            decided_at  TEXT NOT NULL
        );
        CREATE INDEX decisions_record ON decisions(record_id, stage);
        -- Decisions are an append-only audit trail: a changed decision is a new event.
        CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        """
    )


def _v2_runs_and_clusters(db: sqlite3.Connection) -> None:
    """Link records to every search run that found them; duplicate clusters."""
    _script(db,
        """
        -- A record found again by a later run (a PubMed refresh) is linked, not re-added.
        CREATE TABLE run_records (
            search_run_id INTEGER NOT NULL REFERENCES search_runs(id),
            record_id     INTEGER NOT NULL REFERENCES records(id),
            position      INTEGER,
            is_new        INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (search_run_id, record_id)
        );
        CREATE INDEX run_records_record ON run_records(record_id);
        INSERT INTO run_records (search_run_id, record_id, position, is_new)
            SELECT search_run_id, id, position, 1 FROM records;

        CREATE TABLE dedup_runs (
            id            INTEGER PRIMARY KEY,
            started_at    TEXT NOT NULL,
            method        TEXT NOT NULL,
            version       TEXT NOT NULL,
            settings      TEXT NOT NULL DEFAULT '{}',
            records_in    INTEGER,
            clusters_out  INTEGER,
            summary       TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE clusters (
            id                INTEGER PRIMARY KEY,
            representative_id INTEGER REFERENCES records(id),
            merged            TEXT NOT NULL DEFAULT '{}',
            created_at        TEXT NOT NULL,
            updated_at        TEXT NOT NULL
        );
        -- Every deduplicated record belongs to exactly one cluster (singletons too);
        -- a record with no row here has not been through dedup yet.
        CREATE TABLE cluster_members (
            record_id  INTEGER PRIMARY KEY REFERENCES records(id),
            cluster_id INTEGER NOT NULL REFERENCES clusters(id),
            rule       TEXT,
            score      REAL,
            added_at   TEXT NOT NULL
        );
        CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);
        CREATE TABLE dedup_pairs (
            id          INTEGER PRIMARY KEY,
            record_a    INTEGER NOT NULL REFERENCES records(id),
            record_b    INTEGER NOT NULL REFERENCES records(id),
            score       REAL,
            rule        TEXT NOT NULL,
            outcome     TEXT NOT NULL CHECK (outcome IN ('merged', 'distinct', 'review')),
            dedup_run_id INTEGER REFERENCES dedup_runs(id),
            created_at  TEXT NOT NULL,
            UNIQUE (record_a, record_b)
        );
        -- Manual same/different decisions, append-only, kept across re-runs.
        CREATE TABLE dedup_decisions (
            id         INTEGER PRIMARY KEY,
            record_a   INTEGER NOT NULL REFERENCES records(id),
            record_b   INTEGER NOT NULL REFERENCES records(id),
            decision   TEXT NOT NULL CHECK (decision IN ('same', 'different', 'undo')),
            reviewer   TEXT NOT NULL,
            decided_at TEXT NOT NULL
        );
        CREATE TRIGGER dedup_decisions_no_update BEFORE UPDATE ON dedup_decisions
            BEGIN SELECT RAISE(ABORT, 'dedup decisions are append-only'); END;
        CREATE TRIGGER dedup_decisions_no_delete BEFORE DELETE ON dedup_decisions
            BEGIN SELECT RAISE(ABORT, 'dedup decisions are append-only'); END;
        """
    )


def _v3_dedup_keys(db: sqlite3.Connection) -> None:
    """Cache each record's dedup keys, so an incremental run need not re-read every record."""
    _script(db,
        """
        -- A cache that dedup remakes when a row is missing or its version is not the
        -- current one: folded title and author names (joined by U+001F) and the values
        -- a record blocks and is screened on (blocking keys, identifiers, place in
        -- print; NULL = none).
        CREATE TABLE dedup_keys (
            record_id         INTEGER PRIMARY KEY REFERENCES records(id),
            version           TEXT NOT NULL,
            title             TEXT NOT NULL DEFAULT '',
            authors           TEXT NOT NULL DEFAULT '',
            swapped           TEXT NOT NULL DEFAULT '',
            doi               TEXT,
            pmid              TEXT,
            pmcid             TEXT,
            title_start       TEXT,
            title_end         TEXT,
            author_year       TEXT,
            volume_page       TEXT,
            volume_last_page  TEXT,
            placed            TEXT,
            placed_in_journal TEXT
        );
        -- A record whose fields change gets its keys made again.
        CREATE TRIGGER dedup_keys_record_update AFTER UPDATE ON records
            BEGIN DELETE FROM dedup_keys WHERE record_id = old.id; END;
        CREATE TRIGGER dedup_keys_record_delete BEFORE DELETE ON records
            BEGIN DELETE FROM dedup_keys WHERE record_id = old.id; END;
        """
    )


def _v4_record_reference_indexes(db: sqlite3.Connection) -> None:
    _script(db,
        """
        -- Every column that points at a record is indexed: deleting a record (undoing
        -- an import) otherwise makes the foreign-key check scan these tables once per
        -- record, and looking up a record's clusters, pairs and decisions scans them too.
        CREATE INDEX IF NOT EXISTS clusters_representative ON clusters(representative_id);
        CREATE INDEX IF NOT EXISTS dedup_pairs_record_b ON dedup_pairs(record_b);
        CREATE INDEX IF NOT EXISTS dedup_decisions_record_a ON dedup_decisions(record_a);
        CREATE INDEX IF NOT EXISTS dedup_decisions_record_b ON dedup_decisions(record_b);
        """
    )


def _v5_decision_ranking(db: sqlite3.Connection) -> None:
    _script(db,
        """
        -- The order a record was shown in, kept with each decision for an auditor: the
        -- ranking model that placed it (e.g. 'ensemble/1', 'file', 'random/7') and its
        -- rank (1 = first) among the reviewer's undecided records when it was decided.
        ALTER TABLE decisions ADD COLUMN model_version TEXT;
        ALTER TABLE decisions ADD COLUMN shown_rank INTEGER;
        """
    )


def _v6_decision_ids_and_bulk_basis(db: sqlite3.Connection) -> None:
    _script(db,
        """
        -- An id the screening client makes when a key is pressed, so that a decision
        -- sent again after a lost connection is written once (idempotent writes).
        ALTER TABLE decisions ADD COLUMN client_id TEXT;
        CREATE UNIQUE INDEX IF NOT EXISTS decisions_client_id ON decisions(client_id);
        -- How a dedup decision was reached: NULL for a pair a person looked at,
        -- 'bulk:<class>' for a pair accepted in bulk after a checked sample of its class.
        ALTER TABLE dedup_decisions ADD COLUMN basis TEXT;
        """
    )


#: Step ``i`` (0-based) takes a database from version ``i`` to ``i + 1``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_base,
    _v2_runs_and_clusters,
    _v3_dedup_keys,
    _v4_record_reference_indexes,
    _v5_decision_ranking,
    _v6_decision_ids_and_bulk_basis,
]

SCHEMA_VERSION = len(MIGRATIONS)
