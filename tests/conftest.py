"""Shared fixtures: temporary reviews, the shared corpora, an isolated environment."""

from __future__ import annotations

import os
from pathlib import Path

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


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Keep tests away from the user's review, home folder and NCBI settings."""
    for var in ("LITSEARCH_REVIEW", "LITSEARCH_REVIEWER", "NCBI_EMAIL", "NCBI_API_KEY",
                "LITSEARCH_EUTILS_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("COLUMNS", "100")


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
