"""PostgreSQL for the tests: a fresh database per test from a migrated template.

``make test`` starts a throwaway server (``tests/pg_server.sh``) and runs the store,
screening, dedup and report tests a second time with ``LITSEARCH_TEST_POSTGRES`` set
to its admin URL. Each test then gets a database of its own, copied from a template
that holds the migrated schema, and every review it opens lives there
(``$LITSEARCH_DATABASE_URL``).
"""

from __future__ import annotations

import os
import uuid

#: The admin URL of the test server (unset: the tests run on SQLite only).
ADMIN_ENV = "LITSEARCH_TEST_POSTGRES"
TEMPLATE = "litsearch_template"


def admin_url() -> str | None:
    """Return the test server's admin URL, or None."""
    return os.environ.get(ADMIN_ENV) or None


def _with_db(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return base + (f"?{query}" if query else "")


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url, autocommit=True)


def ensure_template(url: str) -> None:
    """Create the migrated template database once per test session (any worker)."""
    from litsearch.store import Store

    with _admin(url) as conn:
        conn.execute("SELECT pg_advisory_lock(4242)")
        try:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (TEMPLATE,)).fetchone()
            if not exists:
                conn.execute(f"CREATE DATABASE {TEMPLATE}")
                Store(_with_db(url, TEMPLATE)).close()
        finally:
            conn.execute("SELECT pg_advisory_unlock(4242)")


def fresh_database(url: str) -> tuple[str, str]:
    """Create an empty, migrated review database; return (its URL, its name)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with _admin(url) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return _with_db(url, name), name


def drop_database(url: str, name: str) -> None:
    """Drop a test database (its connections are ended first)."""
    with _admin(url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
