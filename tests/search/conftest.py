"""Fixtures for the live-search tests: a local E-utilities server and fast clients."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_eutils import FakeEutils, make_corpus  # noqa: E402

from litsearch.search import EutilsClient, RateLimiter, Transport  # noqa: E402

#: Recorded and hand-made E-utilities answers (provenance in README.md there).
EUTILS_DATA = Path(__file__).resolve().parents[1] / "data" / "eutils"


@pytest.fixture
def eutils_data() -> Path:
    """The folder of stored E-utilities answers."""
    return EUTILS_DATA


@pytest.fixture
def eutils() -> Iterator[FakeEutils]:
    """A running local E-utilities server with 120 synthetic articles."""
    with FakeEutils(make_corpus(120)) as server:
        yield server


@pytest.fixture
def make_client() -> Callable[..., EutilsClient]:
    """Build a client for a fake server: no rate limit, instant backoff (unless asked)."""

    def _make(server: FakeEutils, *, rate: float | None = None, api_key: str | None = None,
              max_tries: int = 4, sleeps: list[float] | None = None) -> EutilsClient:
        record = sleeps if sleeps is not None else []
        transport = Transport(RateLimiter(rate), max_tries=max_tries, backoff=0.001,
                              backoff_cap=0.002, timeout=10, sleep=record.append)
        return EutilsClient(email="test@example.org", api_key=api_key, base_url=server.url,
                            rate=rate, transport=transport)

    return _make
