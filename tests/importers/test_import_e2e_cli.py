"""Import mistakes print exactly one ``error:`` line on stderr (no stray progress lines)."""

from __future__ import annotations

import zlib
from pathlib import Path

from litsearch.project import Project


def _only_line(code: int, err: str) -> str:
    assert code == 2 and "Traceback" not in err
    # Nothing before the error: a progress display must not leave blank lines behind.
    assert err.startswith("error:") and err.count("\n") == 1, repr(err)
    return err


def test_folder_is_one_line(cli, project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, _, err = cli("import", str(folder), "--db", "pubmed", cwd=project.root)
    assert "folder" in _only_line(code, err)


def test_empty_file_is_one_line(cli, project: Project, tmp_path: Path) -> None:
    path = tmp_path / "empty.ris"
    path.write_bytes(b"")
    code, _, err = cli("import", str(path), "--db", "pubmed", cwd=project.root)
    assert "empty" in _only_line(code, err)


def test_binary_file_is_one_line(cli, project: Project, tmp_path: Path) -> None:
    path = tmp_path / "figure.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + zlib.compress(bytes(range(256)) * 8))
    code, _, err = cli("import", str(path), "--db", "pubmed", cwd=project.root)
    assert "figure.png" in _only_line(code, err)


def test_bogus_format_is_one_line(cli, project: Project, tmp_path: Path) -> None:
    path = tmp_path / "a.ris"
    path.write_text("TY  - JOUR\nTI  - A title\nER  - \n", encoding="utf-8")
    code, _, err = cli("import", str(path), "--db", "pubmed", "--format", "bogus",
                       cwd=project.root)
    assert "bogus" in _only_line(code, err)


def test_future_search_date_is_flagged(cli, project: Project, tmp_path: Path) -> None:
    path = tmp_path / "a.ris"
    path.write_text("TY  - JOUR\nTI  - A title\nER  - \n", encoding="utf-8")
    code, _, err = cli("import", str(path), "--db", "pubmed", "--searched-on", "2999-01-01",
                       cwd=project.root)
    assert code == 0 and err.startswith("note:") and "2999-01-01 is in the future" in err
