"""Rendered files on disk, hand-edit protection, and the query CLI commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from litsearch.errors import ConfigError, QueryError
from litsearch.query import (
    PLATFORMS,
    load_strategy,
    read_query,
    read_sidecar,
    render,
    render_files,
    stored_state,
)

REPO = Path(__file__).resolve().parents[2]
STRATEGY = REPO / "queries" / "strategy.toml"


@pytest.fixture
def queries(tmp_path: Path) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    shutil.copy(STRATEGY, folder / "strategy.toml")
    return folder


def test_query_render_files_and_hand_edits(queries: Path) -> None:
    first = render_files(queries, ["pubmed", "scopus"], year=2026)
    assert [o.status for o in first] == ["written", "written"]
    pubmed = queries / "pubmed.txt"
    expected = render(load_strategy(STRATEGY), "pubmed", year=2026).strings[0]
    assert read_query(pubmed) == expected
    assert pubmed.read_text(encoding="utf-8") == expected + "\n"
    assert stored_state(queries, "pubmed") == "rendered"
    sidecar = read_sidecar(queries)
    assert sidecar["pubmed"]["platform"] == "pubmed" and sidecar["pubmed"]["notes"]

    again = render_files(queries, ["pubmed"], year=2026)
    assert again[0].status == "unchanged"

    pubmed.write_text(expected + " AND humans[mh]\n", encoding="utf-8")
    assert stored_state(queries, "pubmed") == "hand-edited"
    kept = render_files(queries, ["pubmed"], year=2026)[0]
    assert kept.status == "kept" and "+" + expected in kept.diff and "humans[mh]" in kept.diff
    assert "humans[mh]" in pubmed.read_text(encoding="utf-8")

    forced = render_files(queries, ["pubmed"], force=True, year=2026)[0]
    assert forced.status == "overwritten"
    assert read_query(pubmed) == expected and stored_state(queries, "pubmed") == "rendered"


def test_query_old_render_is_replaced_without_force(queries: Path) -> None:
    render_files(queries, ["wos"], year=2026)
    outcome = render_files(queries, ["wos"], year=2027)[0]  # a new year: a new range
    assert outcome.status == "written"
    assert "PY=(2010-2027)" in read_query(queries / "wos.txt")


def test_query_unmanaged_file_is_kept(queries: Path) -> None:
    (queries / "cochrane.txt").write_text("my own string\n", encoding="utf-8")
    assert render_files(queries, ["cochrane"], year=2026)[0].status == "kept"


def test_query_platform_labels_from_review_toml(queries: Path) -> None:
    outcome = render_files(queries, [("embase", "Embase.com"), ("psycinfo", "EBSCOhost")],
                           year=2026)
    assert [o.platform for o in outcome] == ["embase.com", "ebsco-psycinfo"]
    assert "'spirituality'/exp" in read_query(queries / "embase.txt")


def test_query_unknown_review_database_is_skipped(queries: Path) -> None:
    outcomes = render_files(queries, [("pubmed", "PubMed"), ("hand-search", "")],
                            skip_unknown=True, year=2026)
    assert [o.status for o in outcomes] == ["written", "skipped"]
    assert not (queries / "hand-search.txt").exists()


def test_query_render_errors(queries: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown database"):
        render_files(queries, ["pubmedd"])
    with pytest.raises(ConfigError, match="no strategy file"):
        render_files(tmp_path, ["pubmed"])
    with pytest.raises(QueryError, match="no stored search string"):
        read_query(queries / "nothing.txt")


def test_query_committed_files_are_current() -> None:
    """The repository's queries/<db>.txt are untouched renders of the strategy."""
    folder = REPO / "queries"
    for platform in PLATFORMS:
        assert stored_state(folder, platform) == "rendered", platform
    year = int(read_sidecar(folder)["wos"]["rendered_at"][:4])
    strategy = load_strategy(STRATEGY)
    for platform in PLATFORMS:
        assert read_query(folder / f"{platform}.txt") == \
            "\n".join(render(strategy, platform, year=year).strings), platform


def test_query_cli_render_lint_parse(project, cli) -> None:
    shutil.copy(STRATEGY, project.queries_dir / "strategy.toml")
    code, out, _ = cli("query", "render", "--db", "pubmed", "--db", "google-scholar",
                       "--review", str(project.root))
    assert code == 0 and "written" in out and "5 strings" in out
    assert "note:" in out

    code, out, _ = cli("query", "lint", "--all", "--strict", "--review", str(project.root))
    assert code == 0 and "no findings" in out

    bad = project.root / "bad.txt"
    bad.write_text("(meaning*[tiab] OR “spiritual care”)\nAND GP*\n", encoding="utf-8")
    code, out, _ = cli("query", "lint", str(bad), "--db", "pubmed", "--strict")
    assert code == 1
    assert "1:20 warning Q101 curly-quote" in out and "2:5 error Q301" in out
    assert "fix:" in out
    code, _, err = cli("query", "lint", str(bad), "--db", "pubmed")
    assert code == 1 and "1 error" in err  # an error fails without --strict
    warned = project.root / "warned.txt"
    warned.write_text("meaning*[tiab] OR “spiritual care”[tiab]\n", encoding="utf-8")
    code, out, _ = cli("query", "lint", str(warned), "--db", "pubmed")
    assert code == 0 and "warning Q101" in out  # warnings alone keep 0
    code, _, err = cli("query", "lint", str(warned), "--db", "pubmed", "--strict")
    assert code == 1 and "0 errors (warnings count with --strict)" in err

    (project.queries_dir / "pubmed.txt").write_text("edited\n", encoding="utf-8")
    code, out, err = cli("query", "render", "--db", "pubmed", "--review", str(project.root))
    assert code == 1 and "--force" in err and "+++ pubmed.txt (new render)" in out
    code, _, _ = cli("query", "render", "--db", "pubmed", "--force", "--review",
                     str(project.root))
    assert code == 0

    target = project.root / "parsed.toml"
    code, _, err = cli("query", "parse", str(REPO / "queries/examples/pubmed-gp-care.txt"),
                       "--db", "pubmed", "-o", str(target))
    assert code == 0 and "integrative review" in err
    assert len(load_strategy(target).blocks) == 7
    code, _, err = cli("query", "parse", str(REPO / "queries/examples/pubmed-gp-care.txt"),
                       "--db", "pubmed", "-o", str(target))
    assert code == 2 and "already exists" in err

    code, out, _ = cli("query", "parse", str(bad), "--db", "scholar")
    assert code == 2


def test_query_cli_render_uses_review_databases(project, cli) -> None:
    shutil.copy(STRATEGY, project.queries_dir / "strategy.toml")
    code, _, _ = cli("query", "render", "--review", str(project.root))
    assert code == 0
    written = sorted(p.stem for p in project.queries_dir.glob("*.txt"))
    assert written == sorted(d["name"] for d in project.databases)
    assert json.loads((project.queries_dir / ".rendered.json").read_text())["embase"][
        "platform"] == "embase"


def test_query_cli_render_strict_fails_on_findings(project, cli) -> None:
    (project.queries_dir / "strategy.toml").write_text(
        '[blocks.x]\nterms = ["GP*", "care"]\n[[searches]]\nname = "A"\nall = ["x"]\n',
        encoding="utf-8")
    code, out, _ = cli("query", "render", "--db", "pubmed", "--review", str(project.root))
    assert code == 0 and "Q301" in out
    code, _, err = cli("query", "render", "--db", "pubmed", "--strict", "--force",
                       "--review", str(project.root))
    assert code == 1 and "--strict" in err
    shutil.copy(STRATEGY, project.queries_dir / "strategy.toml")
    code, _, _ = cli("query", "render", "--db", "pubmed", "--strict", "--review",
                     str(project.root))
    assert code == 0


def test_query_cli_dbs_and_errors(project, cli) -> None:
    code, out, _ = cli("query", "dbs")
    assert code == 0
    for platform in PLATFORMS:
        assert platform in out
    (project.queries_dir / "strategy.toml").unlink()  # init wrote the example
    code, _, err = cli("query", "render", "--review", str(project.root))
    assert code == 2 and "no strategy file" in err and "docs/strategy.md" in err
