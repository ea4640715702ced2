"""CLI error paths: one line on stderr, non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.project import Project


def _one_line_error(code: int, err: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err


def test_no_review(cli, tmp_path: Path) -> None:
    code, _, err = cli("status", cwd=tmp_path)
    _one_line_error(code, err)
    assert "litsearch init" in err


def test_review_flag_naming_nothing(cli, tmp_path: Path) -> None:
    code, _, err = cli("status", "--review", str(tmp_path / "missing"))
    _one_line_error(code, err)
    assert "missing" in err


def test_bad_flag_is_a_usage_error(cli, tmp_path: Path) -> None:
    code, _, err = cli("status", "--frobnicate", cwd=tmp_path)
    assert code == 2
    assert "No such option" in err and "Traceback" not in err


def test_init_twice_is_refused(cli, tmp_path: Path) -> None:
    code, out, err = cli("init", str(tmp_path / "r"), "--title", "T")
    assert code == 0 and "Created review" in out
    code, _, err = cli("init", str(tmp_path / "r"))
    _one_line_error(code, err)
    assert "nothing was changed" in err


@pytest.mark.sqlite_only
def test_unreadable_database(cli, tmp_path: Path) -> None:
    Project.create(tmp_path / "r").close()
    db = tmp_path / "r" / "review.db"
    for extra in tmp_path.glob("r/review.db*"):
        extra.unlink()
    db.write_bytes(b"\x00garbage" * 512)
    code, _, err = cli("status", "--review", str(tmp_path / "r"))
    _one_line_error(code, err)
    assert "review.db" in err


def test_unreadable_config(cli, tmp_path: Path) -> None:
    Project.create(tmp_path / "r").close()
    (tmp_path / "r" / "review.toml").write_text("reviewers = [unquoted]\n")
    code, _, err = cli("status", "--review", str(tmp_path / "r"))
    _one_line_error(code, err)
    assert "review.toml" in err


@pytest.mark.parametrize("args", [["status"], ["dedup"], ["query", "dbs"], ["prisma"],
                                  ["agreement"], ["export", "decisions"]])
def test_each_command_runs_in_a_fresh_process(tmp_path: Path, args: list[str]) -> None:
    """Each command loads only its own modules; it must still run as a subcommand."""
    import subprocess
    import sys

    Project.create(tmp_path / "r").close()
    done = subprocess.run([sys.executable, "-m", "litsearch", *args], cwd=tmp_path / "r",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
