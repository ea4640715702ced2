"""Bulk INSERTs on a thread (an import's batches on PostgreSQL): all of it or none of it."""

from __future__ import annotations

import os
import sqlite3

import pytest

from litsearch.store import Store

SQL = "INSERT INTO meta (key, value) VALUES (?, ?)"


def _rows(first: int, n: int = 300) -> list[tuple[str, str]]:
    return [(f"bulk.{k}", str(k)) for k in range(first, first + n)]


def _count(store: Store) -> int:
    return store.execute("SELECT COUNT(*) FROM meta WHERE key LIKE 'bulk.%'").fetchone()[0]


def test_batches_are_written_in_order_and_commit_together(pg_admin):
    with Store(os.environ["LITSEARCH_DATABASE_URL"]) as store:
        with store.transaction():
            store.insert_many([(SQL, _rows(0))])
            store.insert_many([(SQL, _rows(300)), (SQL, _rows(600))])
            assert _count(store) == 900  # the next statement waits for them
        assert _count(store) == 900


def test_a_refused_batch_fails_the_transaction_and_nothing_is_kept(pg_admin):
    with Store(os.environ["LITSEARCH_DATABASE_URL"]) as store:
        with pytest.raises(sqlite3.IntegrityError, match="duplicate key"):
            with store.transaction():
                store.insert_many([(SQL, _rows(0))])
                store.insert_many([(SQL, _rows(299))])  # bulk.299 again
                store.execute("SELECT 1")
        assert _count(store) == 0
        store.execute("SELECT 1")  # the connection is usable: the error was said once


def test_an_error_of_the_caller_is_not_hidden_by_the_rollback(pg_admin):
    with Store(os.environ["LITSEARCH_DATABASE_URL"]) as store:
        with pytest.raises(ValueError, match="bad line"):
            with store.transaction():
                store.insert_many([(SQL, _rows(0)), (SQL, _rows(0))])  # refused, unseen
                raise ValueError("bad line in the file")
        assert _count(store) == 0
        with store.transaction():
            store.insert_many([(SQL, _rows(0))])
        assert _count(store) == 300
