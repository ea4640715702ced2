"""Help reads like a tool's: placeholders a user understands, commands in pipeline order."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from litsearch.cli import full_app
from litsearch.cli.helptext import PIPELINE_ORDER

#: What Typer shows when a parameter has no placeholder of its own: Python's types.
PYTHON_WORDS = re.compile(r"<(bool|str|int|float|path|list\[[^\]]*\])>|list\[|\{[a-z_]+\}|"
                          r"litsearch\.[a-z_]+\.|"
                          # Click's ranges ("x>=1") and a parameter's Python name as its
                          # placeholder ("ID_COLUMN"; $ENV_VARS are what a user types).
                          r"\bx[<>]=|[<>]=x\b|(?<![$\w])[A-Z]+_[A-Z_]+\b(?!=)")


def _paths():
    found = []

    def walk(command, path):
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(get_command(full_app()), ())
    return found


@pytest.mark.parametrize("path", _paths(), ids=lambda p: " ".join(p) or "litsearch")
def test_help_shows_no_python_type_names(cli, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "80")  # the width the 80-column test reads too
    code, out, err = cli(*path, "--help")
    assert code == 0, err
    found = PYTHON_WORDS.findall(out)
    assert not PYTHON_WORDS.search(out), (found, out)


def test_commands_are_listed_in_pipeline_order(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _err = cli("--help")
    assert code == 0
    listed = [m.group(1) for m in re.finditer(r"^│ ([a-z-]+) ", out, re.MULTILINE)]
    listed = [name for name in listed if name in PIPELINE_ORDER]
    expected = [name for name in PIPELINE_ORDER if name in listed]
    assert listed == expected and listed[:3] == ["init", "status", "query"], listed


def test_version(cli):
    from litsearch import __version__

    code, out, _err = cli("--version")
    assert code == 0 and out.strip() == f"litsearch {__version__}"


def _command(path):
    command = get_command(full_app())
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", _paths(), ids=lambda p: " ".join(p) or "litsearch")
def test_help_keeps_the_review_toml_sections_it_names(cli, monkeypatch, path):
    # Rich read "[screening]" and "[store]" in help text as style tags and dropped them:
    # "blind = true under  in review.toml", "( url in review.toml)".
    monkeypatch.setenv("COLUMNS", "200")
    command = _command(path)
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    named = {m.group(1) for t in texts
             for m in re.finditer(r"\[(screening|store|review|dedup|pubmed|ranking)\]", t)}
    code, out, err = cli(*path, "--help")
    assert code == 0, err
    flat = " ".join(out.replace("│", " ").split())
    for section in named:
        assert f"[{section}]" in flat, (section, out)
