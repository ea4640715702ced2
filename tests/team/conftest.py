"""Fixtures for team reviews: the test server, a private server to stop, roles, records."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pgtest
import pytest
from seeding import seed_records

from litsearch.models import Record
from litsearch.store import Store

PG_SERVER = Path(__file__).resolve().parents[1] / "pg_server.sh"


@pytest.fixture
def pg_admin() -> str:
    """The test server's admin URL (skips the test outside the PostgreSQL pass)."""
    url = pgtest.admin_url()
    if url is None:
        pytest.skip("needs the test PostgreSQL server: make test's PostgreSQL pass starts it "
                    "(tests/pg_server.sh)")
    return url


@dataclass
class PrivateServer:
    """A PostgreSQL server of one test's own, which the test may stop and start."""

    url: str
    folder: str

    def _run(self, command: str) -> None:
        subprocess.run([str(PG_SERVER), command], check=True, timeout=90,
                       env={**os.environ, "LITSEARCH_PG_DIR": self.folder})

    def halt(self) -> None:
        """Stop the server (its data kept): every connection to it is cut."""
        self._run("halt")

    def resume(self) -> None:
        """Start it again on the same port."""
        self._run("resume")


@pytest.fixture
def private_server(pg_admin) -> Iterator[PrivateServer]:
    """A server of this test's own: stopping it cannot disturb tests running beside it."""
    folder = f"/tmp/litsearch-fault-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "LITSEARCH_PG_DIR": folder}
    env.pop("LITSEARCH_PG_PORT", None)
    url = subprocess.run([str(PG_SERVER), "start"], capture_output=True, text=True,
                         timeout=180, env=env).stdout.strip()
    if not url:
        pytest.skip("a second PostgreSQL server could not be started")
    try:
        yield PrivateServer(url, folder)
    finally:
        subprocess.run([str(PG_SERVER), "stop"], timeout=90, env=env)


def as_role(url: str, user: str) -> str:
    """Return ``url`` connecting as ``user`` instead of the admin."""
    return url.replace("postgresql://postgres@", f"postgresql://{user}@", 1)


def with_database(url: str, name: str) -> str:
    """Return ``url`` naming database ``name``."""
    return url.rsplit("/", 1)[0] + "/" + name


def seed_units(store: Store, n: int) -> list[int]:
    """Insert ``n`` records as singleton clusters (what dedup would write); return ids."""
    records = [Record(title=f"Meaning-making in outpatient care: study {i}",
                      abstract=f"Interviews with {10 + i} clients about meaning in life.",
                      year=2020, doi=f"10.1000/team.{i}", database="pubmed", language="en")
               for i in range(n)]
    return seed_records(store, records)


@pytest.fixture
def seeded_units() -> Callable[[Store, int], list[int]]:
    """The :func:`seed_units` helper."""
    return seed_units


@pytest.fixture
def tag() -> str:
    """A suffix that keeps role names (server-wide) apart between tests."""
    return uuid.uuid4().hex[:6]
