"""Every command has help with an example, and the README names every command."""

from __future__ import annotations

from pathlib import Path

import typer

from litsearch.cli import COMMAND_HOME, full_app

app = full_app()

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for info in group.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        out.append((f"{prefix}{name}", info.callback))
    for sub in group.registered_groups:
        name = sub.name or sub.typer_instance.info.name
        callback = sub.typer_instance.registered_callback
        if callback is not None and callback.callback is not None:
            out.append((f"{prefix}{name}", callback.callback))
        out.extend(_commands(sub.typer_instance, f"{prefix}{name} "))
    return out


def test_every_command_has_help_with_example() -> None:
    commands = _commands(app)
    assert commands
    missing = [name for name, cb in commands if "Example:" not in (cb.__doc__ or "")]
    assert not missing, f"commands without an Example: in their help: {missing}"


def test_readme_mentions_every_top_level_command() -> None:
    text = README.read_text(encoding="utf-8")
    names = {name.split()[0] for name, _ in _commands(app)}
    missing = sorted(n for n in names if f"litsearch {n}" not in text)
    assert not missing, f"README.md does not show: {missing}"


def test_help_runs_for_every_command(cli) -> None:
    for name, _ in _commands(app):
        code, out, err = cli(*name.split(), "--help")
        assert code == 0, (name, err)
        assert "Example" in out, name


def test_architecture_names_every_subpackage() -> None:
    text = (README.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = README.parent / "litsearch"
    subpackages = sorted(p.name for p in package.iterdir()
                         if p.is_dir() and (p / "__init__.py").exists())
    missing = [name for name in subpackages if f"{name}/" not in text]
    assert not missing, f"docs/architecture.md does not map: {missing}"


def _readme_invocations() -> list[list[str]]:
    import re
    import shlex

    text = README.read_text(encoding="utf-8")
    calls = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            for part in re.split(r"&&|\|\|", line):
                words = shlex.split(part.strip())
                if words[:1] == ["litsearch"]:
                    calls.append(words[1:])
    return calls


def test_readme_commands_and_flags_exist() -> None:
    """Every ``litsearch …`` line in the README names real commands and real flags."""
    from typer.main import get_command

    root = get_command(app)
    calls = _readme_invocations()
    assert len(calls) > 20
    problems = []
    for words in calls:
        command, rest = root, list(words)
        while rest and hasattr(command, "commands") and rest[0] in command.commands:
            command = command.commands[rest.pop(0)]
        if hasattr(command, "commands") and rest and not rest[0].startswith("-") \
                and command.name == "litsearch":
            problems.append(f"unknown command in: litsearch {' '.join(words)}")
            continue
        flags = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        for word in rest:
            if word.startswith("-") and word.split("=", 1)[0] not in flags:
                problems.append(f"unknown flag {word} in: litsearch {' '.join(words)}")
    assert not problems, "\n".join(problems)


def test_every_top_level_command_has_a_home() -> None:
    """Each command loads only its own modules; a new command must say which."""
    names = {name.split()[0] for name, _ in _commands(app)}
    assert names == set(COMMAND_HOME)
