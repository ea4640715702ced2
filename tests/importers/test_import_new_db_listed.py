"""``import --new-db`` lists the new database in review.toml: the README says it "adds one
it does not list", and a later import of the same database must not be refused (it was:
--new-db only let that one import through, and review.toml was left as it was)."""

from __future__ import annotations

from pathlib import Path

from litsearch import outfiles, review_toml
from litsearch.project import Project, load_config

RIS = ("TY  - JOUR\nTI  - Meaning in life after illness\nPY  - 2021\nER  - \n\n"
       "TY  - JOUR\nTI  - Purpose at work\nPY  - 2022\nER  - \n")


def test_new_db_is_remembered_with_the_comments_kept(cli, tmp_path: Path) -> None:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "New database")[0] == 0
    before = (root / "review.toml").read_text(encoding="utf-8")
    first, second = tmp_path / "a.ris", tmp_path / "b.ris"
    first.write_text(RIS, encoding="utf-8")
    second.write_text(RIS.replace("Purpose", "Sense"), encoding="utf-8")

    code, out, err = cli("import", str(first), "--db", "OpenAlex", "--new-db",
                         "--platform", "OpenAlex web", "--review", str(root))
    assert code == 0, err
    assert "openalex (platform OpenAlex web) is now one of the review's databases" in \
        " ".join((out + err).split())
    code, _out, err = cli("import", str(second), "--db", "openalex", "--review", str(root))
    assert code == 0, err  # no --new-db needed the second time

    after = (root / "review.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # every comment and entry kept as written
    listed = load_config(root / "review.toml")["databases"]
    assert listed[-1] == {"name": "openalex", "platform": "OpenAlex web"}
    assert [d["name"] for d in listed].count("openalex") == 1
    with Project.open(root) as project:
        runs = project.store.execute("SELECT database FROM search_runs").fetchall()
    assert [r[0] for r in runs] == ["openalex", "openalex"]


def test_a_typo_is_still_refused_and_nothing_is_listed(cli, tmp_path: Path) -> None:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "New database")[0] == 0
    before = (root / "review.toml").read_text(encoding="utf-8")
    path = tmp_path / "a.ris"
    path.write_text(RIS, encoding="utf-8")
    code, _out, err = cli("import", str(path), "--db", "embsae", "--review", str(root))
    assert code != 0 and "pass --new-db" in err
    # Other methods name their source freely: not a database, not listed.
    code, _out, err = cli("import", str(path), "--db", "reference lists", "--other-method",
                          "citation", "--review", str(root))
    assert code == 0, err
    assert (root / "review.toml").read_text(encoding="utf-8") == before


def test_new_db_is_listed_when_databases_is_an_inline_array(cli, tmp_path: Path) -> None:
    """A hand-written ``databases = [ {...}, {...} ]``: --new-db ended in a tomlkit
    traceback after the records were stored, and every later try did the same."""
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "New database")[0] == 0
    (root / "review.toml").write_text(
        'databases = [ { name = "pubmed", platform = "PubMed" },  # the main one\n'
        '  {name="scopus", platform="Scopus"} ]\n\n'
        '[review]\ntitle = "Inline"\nreviewers = ["alice"]\n', encoding="utf-8")
    path = tmp_path / "a.ris"
    path.write_text(RIS, encoding="utf-8")
    code, out, err = cli("import", str(path), "--db", "envindex", "--new-db",
                         "--platform", "EBSCOhost", "--review", str(root))
    assert code == 0, err
    assert "Traceback" not in err
    listed = load_config(root / "review.toml")["databases"]
    assert [d["name"] for d in listed] == ["pubmed", "scopus", "envindex"]
    assert listed[-1] == {"name": "envindex", "platform": "EBSCOhost"}
    assert "# the main one" in (root / "review.toml").read_text(encoding="utf-8")


def test_a_review_toml_that_cannot_be_written_leaves_nothing_imported(cli, tmp_path: Path,
                                                                      monkeypatch) -> None:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "New database")[0] == 0
    before = (root / "review.toml").read_text(encoding="utf-8")
    path = tmp_path / "a.ris"
    path.write_text(RIS, encoding="utf-8")

    def denied(target, text, newline=None):
        # What writing review.toml gives on a read-only file (root ignores chmod here).
        raise outfiles._error(Path(target), PermissionError(13, "Permission denied"))

    monkeypatch.setattr(review_toml, "write_text", denied)
    code, out, err = cli("import", str(path), "--db", "openalex", "--new-db", "--review",
                         str(root))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Permission denied" in err
    assert (root / "review.toml").read_text(encoding="utf-8") == before
    with Project.open(root) as project:
        assert project.store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0] == 0
        assert project.store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0

    monkeypatch.setattr(review_toml, "write_text", outfiles.write_text)
    code, out, err = cli("import", str(path), "--db", "openalex", "--new-db", "--review",
                         str(root))
    assert code == 0, err
    assert "already imported" not in out + err
    assert "openalex" in [d["name"] for d in load_config(root / "review.toml")["databases"]]
