"""``query lint --all`` on a review with no strings yet says so instead of printing nothing."""

from __future__ import annotations

from litsearch.project import Project


def test_lint_all_with_nothing_to_lint(cli, project: Project) -> None:
    for path in project.queries_dir.glob("*"):
        path.unlink()
    code, out, err = cli("query", "lint", "--all", cwd=project.root)
    assert code == 0 and "Nothing to lint" in out and err == ""
