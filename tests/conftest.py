"""Shared fixtures: temporary reviews, the shared corpora, an isolated environment."""

from __future__ import annotations

import asyncio
import inspect
import os
from pathlib import Path

import pgtest as pg
import pytest
from hypothesis import settings

from litsearch.project import Project

# Property tests run on shared, loaded machines (CI included): a wall-clock deadline per
# example measures the machine, not the code. Example counts stay as each test sets them.
settings.register_profile("litsearch", deadline=None)
settings.load_profile("litsearch")

#: The shared folder beside the repository (real exports, labelled sets, the seed).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
#: Small data files committed with the tests (provenance in tests/data/README.md).
DATA = Path(__file__).resolve().parent / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (the app under Pilot) in a fresh event loop (no asyncio
    plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Keep tests away from the user's review, home folder and NCBI settings.

    With ``$LITSEARCH_TEST_POSTGRES`` set (``make test``'s second pass), every review a
    test opens lives in a fresh PostgreSQL database of its own.
    """
    for var in ("LITSEARCH_REVIEW", "LITSEARCH_REVIEWER", "NCBI_EMAIL", "NCBI_API_KEY",
                "LITSEARCH_EUTILS_URL", "LITSEARCH_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("COLUMNS", "100")
    admin = pg.admin_url()
    if admin is None:
        yield
        return
    pg.ensure_template(admin)
    url, name = pg.fresh_database(admin)
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
    yield
    pg.drop_database(admin, name)


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder; tests using it are skipped where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh, empty review workspace in a temporary folder."""
    proj = Project.create(tmp_path / "review", title="Test review", reviewers=["alice", "bob"])
    yield proj
    proj.close()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run the CLI in-process: ``cli("status", "--json", cwd=path)`` returns (code, out, err)."""
    from litsearch.cli import main, output

    # The consoles are made at import, maybe before COLUMNS was set: fix their width so
    # tables wrap the same way whichever test imported the CLI first.
    for console in (output.console, output.err_console):
        monkeypatch.setattr(console, "_width", 100)

    def _run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return _run


def pytest_report_header() -> str:
    """Say whether the shared corpora were found."""
    return f"litsearch shared data: {SHARED if SHARED.is_dir() else 'absent (tests skip)'}; " \
           f"cpus={os.cpu_count()}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass, skip the tests about the review.db file itself."""
    if pg.admin_url() is None:
        return
    skip = pytest.mark.skip(reason="about the SQLite file itself; this is the PostgreSQL pass")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)
