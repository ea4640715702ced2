"""Workspace creation and discovery (``litsearch init`` and how commands find a review)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from litsearch.errors import ConfigError, ProjectExistsError, ProjectNotFoundError
from litsearch.project import Project


@pytest.mark.sqlite_only
def test_create_lays_out_workspace(tmp_path: Path) -> None:
    proj = Project.create(tmp_path / "r", title="Zingeving in de GGZ", question="Q?",
                          reviewers=["ann"])
    root = tmp_path / "r"
    for sub in ("queries", "screening", "outputs"):
        assert (root / sub).is_dir()
    assert (root / "screening" / "criteria.toml").is_file()
    assert (root / "review.db").is_file()
    config = tomllib.loads((root / "review.toml").read_text(encoding="utf-8"))
    assert config["review"]["title"] == "Zingeving in de GGZ"
    assert config["review"]["reviewers"] == ["ann"]
    assert {d["name"] for d in config["databases"]} >= {"pubmed", "embase", "psycinfo", "scopus"}
    assert proj.title == "Zingeving in de GGZ"
    proj.close()


def test_create_refuses_existing_and_changes_nothing(tmp_path: Path) -> None:
    Project.create(tmp_path / "r", title="first").close()
    before = (tmp_path / "r" / "review.toml").read_bytes()
    (tmp_path / "r" / "screening" / "criteria.toml").write_text("# mine\n")
    with pytest.raises(ProjectExistsError, match="already holds a review"):
        Project.create(tmp_path / "r", title="second")
    assert (tmp_path / "r" / "review.toml").read_bytes() == before
    assert (tmp_path / "r" / "screening" / "criteria.toml").read_text() == "# mine\n"


def test_discovery_order(tmp_path: Path) -> None:
    Project.create(tmp_path / "a", title="A").close()
    Project.create(tmp_path / "b", title="B").close()
    deep = tmp_path / "a" / "outputs" / "x" / "y"
    deep.mkdir(parents=True)
    # Nearest ancestor holding review.toml.
    assert Project.open(cwd=deep, env={}).title == "A"
    # The environment beats the working folder.
    assert Project.open(cwd=deep, env={"LITSEARCH_REVIEW": str(tmp_path / "b")}).title == "B"
    # An explicit path beats the environment.
    assert Project.open(tmp_path / "a", env={"LITSEARCH_REVIEW": str(tmp_path / "b")}).title == "A"


def test_outside_a_review_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError) as info:
        Project.open(cwd=tmp_path, env={})
    text = str(info.value)
    assert "litsearch init" in text and "--review" in text and "\n" not in text
    with pytest.raises(ProjectNotFoundError, match="LITSEARCH_REVIEW"):
        Project.open(env={"LITSEARCH_REVIEW": str(tmp_path / "nope")})


def test_broken_review_toml_is_one_line_config_error(tmp_path: Path) -> None:
    Project.create(tmp_path / "r").close()
    (tmp_path / "r" / "review.toml").write_text("[review\ntitle = 1\n")
    with pytest.raises(ConfigError, match=r"review\.toml.*line 1"):
        Project.open(tmp_path / "r")
