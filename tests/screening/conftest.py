"""Fixtures for screening tests: reviews with records already in singleton clusters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from seeding import seed_records

from litsearch.models import Author, Record
from litsearch.project import Project


def make_record(i: int, **fields) -> Record:
    """Return a plausible record numbered ``i``; ``fields`` override."""
    base = dict(title=f"Meaning-making in outpatient mental health care: study {i}",
                abstract=f"We interviewed {10 + i} clients about spiritual care and meaning in "
                         "life in GGZ teams.",
                authors=[Author("Jansen", "A"), Author("de Vries", "B")], year=2015 + i % 8,
                journal="Journal of Mental Health", doi=f"10.1000/jmh.{i}", pmid=str(1000 + i),
                language="en", publication_types=["Journal Article"])
    base.update(fields)
    return Record(**base)


@pytest.fixture
def seeded() -> Callable[..., list[int]]:
    """The :func:`seed_records` helper."""
    return seed_records


@pytest.fixture
def record_factory() -> Callable[..., Record]:
    """The :func:`make_record` helper."""
    return make_record


@pytest.fixture
def review(project: Project) -> tuple[Project, list[int]]:
    """A review with 12 records in singleton clusters and the template criteria."""
    ids = seed_records(project.store, [make_record(i) for i in range(12)])
    return project, ids


@pytest.fixture(autouse=True)
def _default_reviewer(monkeypatch):
    """Most tests decide as alice; the review lists alice and bob, so say so."""
    monkeypatch.setenv("LITSEARCH_REVIEWER", "alice")
