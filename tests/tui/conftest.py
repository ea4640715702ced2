"""Fixtures for the screening app: a seeded review, a frozen clock, the app factory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from seeding import seed_records

from litsearch.models import Author, Record
from litsearch.project import Project
from litsearch.tui.app import ScreeningApp, make_app

REPO = Path(__file__).resolve().parents[2]

#: Fixed records, so snapshots do not change between runs.
RECORDS = [
    Record(title="Spiritual care in outpatient mental health care: a qualitative study of "
                 "GGZ professionals",
           abstract="Background: Attention to meaning-making (zingeving) is part of good care. "
                    "Methods: We interviewed 24 mental health practitioners about existential "
                    "questions of their clients. Results: Professionals felt ill equipped.",
           authors=[Author("Jansen", "AM"), Author("de Vries", "B")], year=2019,
           journal="Journal of Mental Health", doi="10.1000/jmh.2019.1", pmid="31000001",
           language="en", publication_types=["Journal Article"], keywords=["spirituality"]),
    Record(title="Anxiety-like behaviour in rats after chronic stress",
           abstract="Rats and mice were exposed to stress in vitro and in vivo.",
           authors=[Author("Smith", "J")], year=2016, journal="Behavioural Brain Research",
           doi="10.1000/bbr.2016.2", language="en", publication_types=["Journal Article"]),
    Record(title="Meaning in life among clients with severe mental illness",
           abstract="A survey of 300 clients with severe mental illness on purpose in life.",
           authors=[Author("Bakker", "C")], year=2021, journal="Psychiatric Services",
           pmid="33000003", url="https://example.org/full-text/3", language="en"),
    Record(title="Positieve gezondheid en zingeving in de wijk",
           abstract="Een verkenning van positieve gezondheid bij ervaringsdeskundigen.",
           authors=[Author("Visser", "D")], year=2020, journal="Tijdschrift voor Psychiatrie",
           language="nl"),
]


def seed(project: Project, records: list[Record] | None = None) -> list[int]:
    """Insert records as singleton clusters (what dedup would write) and return their ids."""
    records = [Record(**{**r.__dict__, "database": "pubmed"}) for r in (records or RECORDS)]
    return seed_records(project.store, records)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamp every decision with one fixed time."""
    monkeypatch.setattr("litsearch.screening.decisions.now", lambda: "2026-01-01T12:00:00.000000Z")


@pytest.fixture
def seed_review(project: Project) -> Callable[[list[Record] | None], list[int]]:
    """Return a function that seeds ``project`` under the repository's criteria (ids back)."""
    def _seed(records: list[Record] | None = None) -> list[int]:
        shutil.copy(REPO / "screening" / "criteria.toml", project.criteria_path)
        return seed(project, records)

    return _seed


@pytest.fixture
def screening_review(project: Project, seed_review) -> tuple[Project, list[int]]:
    """The test review with this repository's criteria and four records."""
    ids = seed_review()
    project.close()
    return project, ids


@pytest.fixture
def build_app(screening_review) -> Callable[..., ScreeningApp]:
    """Build the app exactly as the CLI does."""
    project, _ = screening_review

    def _build(**kwargs) -> ScreeningApp:
        kwargs.setdefault("reviewer", "alice")
        # These tests are about keys, in file order; relevance order has its own tests.
        kwargs.setdefault("order", "file")
        return make_app(project.root, **kwargs)

    return _build
