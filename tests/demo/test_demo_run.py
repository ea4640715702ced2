"""``litsearch demo``: the whole pipeline offline, into a fresh workspace."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from litsearch.demo.run import MARKER, run_demo
from litsearch.errors import ProjectExistsError

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "litsearch" / "demo" / "review"


def test_demo_runs_every_stage(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "demo")
    status = result.status
    assert [s for s, _ in result.steps] == ["queries", "import", "dedup", "screen --auto",
                                           "screen", "report"]
    assert set(status["records"]["by_database"]) == {"pubmed", "embase", "psycinfo", "scopus",
                                                    "wos"}
    assert status["dedup"]["records_pending"] == 0
    assert status["dedup"]["duplicates"] > 0
    assert status["screening"]["auto_excluded"] > 0
    assert status["screening"]["title-abstract"]["awaiting"] == 0
    assert status["next"]["command"] == "litsearch prisma"
    outputs = {p.name for p in result.outputs}
    assert {"prisma.svg", "prisma.csv", "prisma-s.md", "included.ris"} <= outputs
    flow = json.loads((result.root / "outputs" / "prisma.json").read_text())
    total = status["records"]["total"]
    assert flow["database_results"] == total
    with (result.root / "outputs" / "records.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == total
    assert (result.root / "queries" / "pubmed.txt").read_text().strip()


def test_demo_never_deletes_a_real_review(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("precious")
    with pytest.raises(ProjectExistsError, match="nothing was deleted|not empty"):
        run_demo(target, force=True)
    with pytest.raises(ProjectExistsError, match="not empty"):
        run_demo(target)
    assert (target / "notes.txt").read_text() == "precious"


def test_demo_force_replaces_an_earlier_demo(tmp_path: Path) -> None:
    run_demo(tmp_path / "d")
    assert (tmp_path / "d" / MARKER).exists()
    again = run_demo(tmp_path / "d", force=True)
    assert again.status["records"]["total"] > 0


@pytest.mark.parametrize("name, repo_path", [
    ("criteria.toml", ROOT / "screening" / "criteria.toml"),
    ("strategy.toml", ROOT / "queries" / "strategy.toml"),
])
def test_bundled_review_files_match_this_repository(name: str, repo_path: Path) -> None:
    """The demo ships copies of the worked example's criteria and strategy; keep them equal."""
    assert (BUNDLED / name).read_text(encoding="utf-8") == repo_path.read_text(encoding="utf-8"), \
        f"copy {repo_path.relative_to(ROOT)} to litsearch/demo/review/{name}"


def test_demo_cli(cli, tmp_path: Path) -> None:
    code, out, err = cli("demo", "--out", str(tmp_path / "d"))
    assert code == 0, err
    assert "Next: litsearch prisma" in " ".join(out.split())
    assert "Records identified" in out
