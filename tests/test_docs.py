"""Every command has help with an example, and the README names every command."""

from __future__ import annotations

from pathlib import Path

import typer

from litsearch.cli import app

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
