"""Fixtures for dedup tests: real record pairs and an in-memory store."""

from __future__ import annotations

import pytest
from dedup_fixtures import load_pairs

from litsearch.store import Store


@pytest.fixture
def pairs() -> dict[str, dict[str, object]]:
    """The real veto pairs by case name."""
    return {p["case"]: p for p in load_pairs()}


@pytest.fixture
def store() -> Store:
    """An empty in-memory review database."""
    s = Store(":memory:")
    yield s
    s.close()
