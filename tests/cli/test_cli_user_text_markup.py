"""User text is never read as rich markup, anywhere in the CLI or the apps (issue 13.3).

A title, file name, abstract or message holding ``[...]`` ("[/]", "[bold]", "[Review]")
crashed the import with a rich MarkupError after the records were stored. The CLI's
consoles print strings as written; the only markup is in :func:`styled` templates
written in the code, whose values are escaped.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.cli import output
from litsearch.cli.output import styled
from litsearch.project import Project

PACKAGE = Path(__file__).resolve().parents[2] / "litsearch"
#: Rich markup as litsearch's templates write it.
MARKUP_RE = re.compile(r"\[/\]|\[/?(?:bold|dim|italic|yellow|green|red|cyan|\{)")
NASTY = "[/] [bold]x [red]y[/red] [/bold] \\[ [link=x]z[/link] :smile: [Review]"


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _in_styled(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while isinstance(parents.get(node), (ast.BinOp, ast.JoinedStr, ast.IfExp)):
        node = parents[node]
    call = parents.get(node)
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "styled" and bool(call.args) and call.args[0] is node)


def _sources() -> list[Path]:
    return sorted([*(PACKAGE / "cli").glob("*.py"), *(PACKAGE / "tui").rglob("*.py")])


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_markup_is_only_written_in_styled_templates(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = _parents(tree)
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), (ast.JoinedStr, ast.Expr)) or isinstance(
                    parents.get(parents.get(node)), ast.JoinedStr):
                continue  # judged as part of its f-string, or a docstring
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        else:
            continue
        if MARKUP_RE.search(text) and not _in_styled(node, parents):
            bad.append(f"line {node.lineno}: {text[:50]!r}")
    assert not bad, f"{path.name}: markup outside styled(): {bad}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "tui").rglob("*.py")), ids=lambda p: p.name)
def test_app_notifications_of_computed_text_are_not_markup(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "notify" and \
                not isinstance(node.args[0], ast.Constant):
            assert any(k.arg == "markup" and isinstance(k.value, ast.Constant)
                       and k.value.value is False for k in node.keywords), node.lineno


def test_consoles_print_strings_as_written(capsys: pytest.CaptureFixture) -> None:
    assert output.console._markup is False and output.err_console._markup is False
    output.console.print(NASTY, soft_wrap=True)
    assert capsys.readouterr().out.strip() == NASTY


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]/\\ab :=#{}")), max_size=30))
def test_styled_shows_any_value_literally(value: str) -> None:
    assert styled("[bold]{}[/] and {}", value, value).plain == f"{value} and {value}"


def test_import_of_a_file_named_with_markup_prints_it(cli, project: Project,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "odd[bold]name [dim].ris"
    # No ER lines: the file-level note names the file, and the no-title note follows.
    path.write_text(f"TY  - JOUR\nTI  - {NASTY}\nPY  - 2020\n\nTY  - JOUR\nPY  - 2021\n",
                    encoding="utf-8")
    code, out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0, err
    assert "odd[bold]name [dim].ris" in " ".join(err.split())
    code, out, err = cli("status", cwd=project.root)
    assert code == 0, err


def test_status_prints_a_review_title_with_markup(cli, tmp_path: Path) -> None:
    code, out, err = cli("init", str(tmp_path / "r"), "--title", NASTY)
    assert code == 0, err
    assert NASTY in "".join(out.splitlines())
    code, out, err = cli("status", cwd=tmp_path / "r")
    assert code == 0, err
    assert NASTY in out
