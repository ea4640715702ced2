"""Usage mistakes (missing option, bad flag, extra argument) are one ``error:`` line."""

from __future__ import annotations

from litsearch.project import Project


def _one_line_error(code: int, err: str) -> str:
    assert code == 2
    assert "Traceback" not in err and "Usage:" not in err and "╭" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    return lines[0]


def test_missing_option_is_one_error_line(cli, project: Project) -> None:
    code, _, err = cli("import", "x.ris", cwd=project.root)
    line = _one_line_error(code, err)
    assert "--db" in line and "litsearch import --help" in line


def test_unknown_flag_is_one_error_line(cli, project: Project) -> None:
    code, _, err = cli("status", "--frobnicate", cwd=project.root)
    line = _one_line_error(code, err)
    assert "No such option: --frobnicate." in line and "litsearch status --help" in line


def test_missing_argument_is_one_error_line(cli, project: Project) -> None:
    code, _, err = cli("screen", "decide", cwd=project.root)
    line = _one_line_error(code, err)
    assert "record" in line.lower()


def test_help_still_exits_zero(cli, project: Project) -> None:
    code, out, _ = cli("status", "--help", cwd=project.root)
    assert code == 0 and "Example" in out


def test_option_missing_its_value_names_the_command(cli, project: Project) -> None:
    code, _, err = cli("prisma", "--explain", cwd=project.root)
    assert "litsearch prisma --help" in _one_line_error(code, err)


def test_broken_review_toml_message_reads_as_sentences(cli, project: Project) -> None:
    with (project.root / "review.toml").open("a", encoding="utf-8") as handle:
        handle.write("broken = [\n")
    code, _, err = cli("status", cwd=project.root)
    line = _one_line_error(code, err)
    assert "review.toml" in line and ") Fix" not in line and ". Fix the TOML syntax" in line


def test_review_flag_naming_a_file(cli, project: Project) -> None:
    code, _, err = cli("status", "--review", str(project.root / "review.toml"))
    line = _one_line_error(code, err)
    assert "not a review folder" in line and "litsearch init" not in line
