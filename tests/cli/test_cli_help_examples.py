"""Every command's --help has an example that fits 80 columns and runs in the repo's review."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from typer.main import get_command

from litsearch.cli import full_app
from litsearch.project import Project

REPO = Path(__file__).resolve().parents[2]
#: The bundled exports the demo imports: data for the examples.
DEMO_DATA = REPO / "litsearch" / "demo" / "data"

#: Examples that cannot run here, and why (a command path, or the first word of one).
NOT_RUN = {
    ("search",): "searches a database over the network",
    ("screen",): "opens the full-screen app (driven by Pilot in tests/tui)",
    ("store",): "needs a PostgreSQL server (tests/team runs it in make test's PostgreSQL pass)",
    ("team",): "needs a PostgreSQL server (tests/team runs it in make test's PostgreSQL pass)",
}

def _commands() -> dict[tuple[str, ...], object]:
    found: dict[tuple[str, ...], object] = {}

    def walk(command, path: tuple[str, ...]) -> None:
        found[path] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(get_command(full_app()), ())
    return found


COMMANDS = _commands()


def _examples(help_text: str) -> list[str]:
    """Return the indented lines of the paragraph after ``Example:``."""
    _, _, rest = help_text.partition("Example:")
    paragraph = rest.strip("\n").split("\n\n")[0]
    return [line.strip() for line in paragraph.splitlines() if line.strip()]


def _ids(paths) -> list[str]:
    return [" ".join(p) or "litsearch" for p in paths]


@pytest.mark.parametrize("path", COMMANDS, ids=_ids(COMMANDS))
def test_help_example_fits_80_columns(cli, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = cli(*path, "--help")
    assert code == 0, err
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    start = next(i for i, line in enumerate(lines) if line.strip() == "Example:")
    shown = []
    for line in lines[start + 1:]:
        if shown and not line.strip():
            break
        if line.strip():
            shown.append(line)
    # Indented under "Example:" and none wrapped onto a second, unindented line.
    assert shown and all(line.startswith(" " * 5) and line.rstrip()[-1:] != "\\"
                         for line in shown), "\n".join(lines[start:start + 6])
    command = " ".join(("litsearch", *path))
    assert any(line.strip().startswith(command) for line in shown), shown


@pytest.fixture
def repo_review(tmp_path, cli, monkeypatch) -> Path:
    """A copy of the repository's review workspace with the demo's exports imported."""
    root = tmp_path / "review"
    root.mkdir()
    shutil.copy(REPO / "review.toml", root)
    for folder in ("queries", "screening"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.chdir(root)
    for name, db in (("pubmed.nbib", "pubmed"), ("psycinfo.ris", "psycinfo"),
                     ("scopus.csv", "scopus"), ("wos.txt", "wos")):
        code, _, err = cli("import", str(DEMO_DATA / name), "--db", db,
                           "--searched-on", "2024-05-02")
        assert code == 0, err
    # Files the examples name, as a user would have them.
    shutil.copy(DEMO_DATA / "embase.ris", root / "embase.ris")
    # A Rayyan export: its own key, the record's DOI and title, decisions in the notes.
    with Project.open(root) as project:
        rows = project.store.execute("SELECT id, doi, title, year FROM records WHERE doi IS "
                                     "NOT NULL ORDER BY id LIMIT 2").fetchall()
    (root / "rayyan.csv").write_text(
        "key,title,year,doi,notes\n" + "".join(
            f'rayyan-{9000 + rid},"{title}",{year},{doi},'
            f'"RAYYAN-INCLUSION: {{""reviewer2""=>""{word}""}}"\n'
            for (rid, doi, title, year), word in zip(rows, ("Included", "Excluded"),
                                                     strict=True)), encoding="utf-8")
    return root


#: The order a review runs in, so that each example finds what it needs.
ORDER = [("import",), ("dedup",), ("query",), ("query", "render"), ("query", "dbs"),
         ("query", "parse"), ("query", "lint"), ("screen", "decide"), ("screen", "conflicts"),
         ("screen", "import-decisions"), ("agreement",), ("prisma",), ("report",),
         ("report", "search"), ("export",), ("export", "decisions"), ("status",), (),
         ("init",), ("demo",)]

#: Steps a reviewer takes before an example (a second vote, so there is a conflict).
BEFORE = {("screen", "conflicts"): ("screen", "decide", "5", "--include",
                                    "--reviewer", "reviewer1")}


def _runnable(path: tuple[str, ...]) -> bool:
    # Every subcommand of these needs the network or a server.
    return path not in NOT_RUN and path[:1] not in (("search",), ("store",), ("team",))


def test_every_example_runs_in_the_repo_review(repo_review, cli, monkeypatch):
    # Commands added later run after the ones in ORDER.
    for path in [*ORDER, *(p for p in COMMANDS if p not in ORDER and _runnable(p))]:
        if path in BEFORE:
            code, _, err = cli(*BEFORE[path])
            assert code == 0, err
        lines = _examples(COMMANDS[path].help)
        assert lines, path
        for line in lines:
            words = shlex.split(line)
            if words[0] == "export" and "=" in words[1]:
                monkeypatch.setenv(*words[1].split("=", 1))
                continue
            assert words[0] == "litsearch", line
            code, out, err = cli(*words[1:])
            assert code == 0, f"{line}\n{out}\n{err}"


def test_prose_is_wrapped_to_the_terminal_not_the_docstring(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli("query", "render", "--help")
    assert code == 0
    # The docstring breaks after "notes"; at 80 columns that left "notes" on a line alone.
    assert any("notes say what to set by hand" in line for line in out.splitlines()), out
