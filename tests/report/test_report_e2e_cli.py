"""Report command edges met on a fresh review: unknown -o suffix, bad --where."""

from __future__ import annotations

from litsearch.project import Project


def test_prisma_unknown_suffix_is_refused(cli, project: Project) -> None:
    target = project.outputs_dir / "prisma.pdf"
    code, out, err = cli("prisma", "-o", str(target), cwd=project.root)
    assert code == 2 and err.startswith("error:") and ".pdf" in err
    assert "--format" in err and not target.exists() and "Wrote" not in out


def test_prisma_unknown_suffix_with_format_is_written(cli, project: Project) -> None:
    target = project.outputs_dir / "flow.svg.out"
    code, _, _ = cli("prisma", "-o", str(target), "--format", "svg", cwd=project.root)
    assert code == 0 and target.read_text(encoding="utf-8").lstrip().startswith("<")


def test_export_bad_where_has_no_double_full_stop(cli, project: Project) -> None:
    code, _, err = cli("export", "--format", "csv", "--where", "1; select 2",
                       cwd=project.root)
    assert code == 2 and err.startswith("error:") and ".." not in err
