"""``litsearch import`` and ``litsearch export`` from the command line, errors included."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from litsearch.project import Project
from litsearch.store.records import list_search_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
RIS = "TY  - JOUR\nTI  - One\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - Two\nER  - \n"


def _file(tmp_path: Path, name: str = "embase.ris", text: str = RIS) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_summary_and_stores_provenance(cli, project: Project, tmp_path) -> None:
    path = _file(tmp_path)
    query = _file(tmp_path, "query.txt", "'spiritual care'/exp\n")
    code, out, err = cli("import", str(path), str(DATA / "no_title.ris"), "--db", "embase",
                         "--platform", "embase.com", "--searched-on", "2024-05-02",
                         "--query", str(query), cwd=project.root)
    assert code == 0, err
    assert "embase.ris" in out and "no_title.ris" in out and "ris" in out
    assert "no title" in err  # the warned record is reported, not dropped
    with Project.open(project.root) as again:
        runs = list_search_runs(again.store)
    assert [(r.database, r.platform, r.searched_on, r.query) for r in runs] == [
        ("embase", "embase.com", "2024-05-02", "'spiritual care'/exp")] * 2


def test_reimport_says_already_imported(cli, project: Project, tmp_path) -> None:
    path = _file(tmp_path)
    assert cli("import", str(path), "--db", "embase", cwd=project.root)[0] == 0
    code, out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0 and "already imported" in out and "was imported before" not in err
    # The same bytes named as another database's export: still one run, and the user is told.
    code, out, err = cli("import", str(path), "--db", "psycinfo", cwd=project.root)
    assert code == 0 and "already imported" in out
    assert "imported before as search run 1 for embase" in " ".join(err.split())
    with Project.open(project.root) as again:
        assert [r.database for r in list_search_runs(again.store)] == ["embase"]


def test_other_method_sets_the_prisma_column(cli, project: Project, tmp_path) -> None:
    code, _, err = cli("import", str(_file(tmp_path)), "--db", "citations",
                       "--other-method", "citation", cwd=project.root)
    assert code == 0, err
    assert "not one of the review's databases" not in err  # other methods name any source
    with Project.open(project.root) as again:
        assert list_search_runs(again.store)[0].method == "citation"


def _one_line_error(cli, cwd: Path, *args: str) -> str:
    code, _, err = cli(*args, cwd=cwd)
    assert code == 2
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert "Traceback" not in err
    return lines[0]


def test_import_error_paths(cli, project: Project, tmp_path) -> None:
    path = _file(tmp_path)
    root = project.root
    assert "nothere.ris: no such file" in _one_line_error(
        cli, root, "import", str(tmp_path / "nothere.ris"), "--db", "embase")
    assert "not a real date" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--searched-on", "2024-02-30")
    assert "--query" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--query", str(tmp_path / "q.txt"))
    assert "--other-method 'friends'" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--other-method", "friends")
    assert "unknown format 'rsi'" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--format", "rsi")
    assert "unknown encoding 'klingon'" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--encoding", "klingon")
    latin = tmp_path / "latin-query.txt"
    latin.write_bytes("caf\xe9".encode("cp1252"))
    assert "is not UTF-8 text" in _one_line_error(
        cli, root, "import", str(path), "--db", "embase", "--query", str(latin))
    assert "bad_record.nbib line 12" in _one_line_error(
        cli, root, "import", str(DATA / "bad_record.nbib"), "--db", "pubmed")
    with Project.open(root) as again:
        assert list_search_runs(again.store) == []


def test_earlier_files_stay_imported_when_a_later_one_fails(cli, project: Project,
                                                            tmp_path) -> None:
    code, out, err = cli("import", str(_file(tmp_path)), str(DATA / "bad_record.nbib"),
                         "--db", "pubmed", cwd=project.root)
    assert code == 2 and "embase.ris" in out and "bad_record.nbib line 12" in err
    with Project.open(project.root) as again:
        assert len(list_search_runs(again.store)) == 1


def test_export_formats_and_errors(cli, project: Project, tmp_path) -> None:
    cli("import", str(_file(tmp_path)), "--db", "embase", cwd=project.root)
    out_file = tmp_path / "records.csv"
    code, out, err = cli("export", "--format", "csv", "-o", str(out_file), cwd=project.root)
    assert code == 0, err
    assert f"Wrote 2 records (csv) to {out_file}" in " ".join(err.split())
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert [r["title"] for r in rows] == ["One", "Two"]
    code, out, _ = cli("export", "--where", "year = 2020", cwd=project.root)
    assert code == 0 and out.count("TY  - ") == 1 and "TI  - One" in out
    code, out, _ = cli("export", "--format", "bibtex", "--included", cwd=project.root)
    assert code == 0 and "@" not in out
    assert "--format 'docx'" in _one_line_error(cli, project.root, "export", "--format", "docx")
    assert "not a valid SQL condition" in _one_line_error(
        cli, project.root, "export", "--where", "nonsense ===")


def test_wrong_format_reading_nothing_stores_nothing(cli, project: Project, tmp_path) -> None:
    path = _file(tmp_path)
    code, _out, err = cli("import", str(path), "--db", "embase", "--format", "bibtex",
                          cwd=project.root)
    assert code == 2 and "no records read as bibtex" in err
    with Project.open(project.root) as again:
        assert list_search_runs(again.store) == []
    code, out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0 and "already imported" not in out  # the SHA-256 was not taken


def test_embase_csv_preamble_query_is_the_run_query(cli, project: Project, shared_dir) -> None:
    path = shared_dir / "corpora" / "csv" / "embase__citation-file-formatting___baseline_embase.csv"
    code, _out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0, err
    with Project.open(project.root) as again:
        (run,) = list_search_runs(again.store)
    assert run.query == "dinosaur:ti" and "export's own record" in run.query_source
    # --query is the user's explicit statement and wins over the file's.
    (project.root / "q.txt").write_text("other:ti\n", encoding="utf-8")
    code, _out, err = cli("import", "--undo", "1", cwd=project.root)
    assert code == 0, err
    code, _out, err = cli("import", str(path), "--db", "embase", "--query",
                          str(project.root / "q.txt"), cwd=project.root)
    assert code == 0, err
    with Project.open(project.root) as again:
        assert [r.query for r in list_search_runs(again.store)] == ["other:ti"]


def test_file_query_differing_from_the_stored_one_is_noted(cli, project: Project,
                                                           shared_dir) -> None:
    (project.queries_dir / "embase.txt").write_text("'spiritual care'/exp\n", encoding="utf-8")
    path = shared_dir / "corpora" / "csv" / "embase__citation-file-formatting___baseline_embase.csv"
    code, _out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0 and "records its own search string, which differs" in " ".join(err.split())
