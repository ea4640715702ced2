"""Changes litsearch itself makes to ``review.toml``, keeping the user's comments and layout.

review.toml is the user's file (written by hand, commented, shared): tomlkit edits it in
place where tomllib (read only) and tomli_w (which drops every comment) cannot. Each
change is checked as a whole file before it is written: a change that would leave a
review.toml litsearch refuses to open is refused instead, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array

from .errors import ConfigError
from .outfiles import write_text
from .project import BOM, check_config, read_config_text


def _edit(path: Path, change: Callable[[Any], None], write: bool = True) -> dict[str, Any]:
    """Apply ``change`` to the parsed document at ``path``, check it, write it back.

    ``write=False`` only checks: what the file would be, nothing written.

    Returns:
        The new configuration as litsearch reads it (plain dicts and lists).

    Raises:
        ConfigError: The file cannot be read, or the changed file would not be a valid
            review.toml (the reason is the one opening it would give; nothing is written).
    """
    try:
        written = read_config_text(path)  # line endings as written, a byte-order mark too
        mark = BOM if written.startswith(BOM) else ""
        document = tomlkit.parse(written.removeprefix(BOM))
    except (OSError, tomlkit.exceptions.ParseError) as exc:
        raise ConfigError(f"cannot edit {path}: {exc}.", "Fix the file, then run again.") \
            from exc
    change(document)
    text = tomlkit.dumps(document)
    config = check_config(tomlkit.parse(text).unwrap(), path)
    if write:
        write_text(path, mark + text, newline="")
    return config


def add_database(path: Path, name: str, platform: str | None = None) -> dict[str, Any]:
    """Append ``[[databases]] name = NAME`` (and its platform) to review.toml.

    Returns:
        The new configuration.
    """
    def change(document: Any) -> None:
        databases = document.get("databases")
        # Written as the file writes the others: [[databases]] tables, or an inline array.
        entry = tomlkit.inline_table() if isinstance(databases, Array) else tomlkit.table()
        entry["name"] = name
        if platform:
            entry["platform"] = platform
        if isinstance(databases, (AoT, Array)):
            databases.append(entry)
        elif databases is None:
            document.append("databases", tomlkit.aot())
            document["databases"].append(entry)

    config = _edit(path, change, write=False)
    if not any(isinstance(d, dict) and d.get("name") == name
               for d in config.get("databases", [])):
        raise ConfigError(f"cannot add {name} to the databases of {path}: its layout is one "
                          "litsearch does not edit.",
                          f'Add {{ name = "{name}" }} to its databases by hand.')
    return _edit(path, change)


def add_reviewer(path: Path, name: str) -> dict[str, Any]:
    """Append ``name`` to ``[review] reviewers`` (a review.db's team), if not listed.

    Returns:
        The new configuration.

    Raises:
        ConfigError: review.toml has no reviewers list litsearch can edit.
    """
    def change(document: Any) -> None:
        review = document.get("review")
        if isinstance(review, MutableMapping):
            if "reviewers" not in review:
                review["reviewers"] = tomlkit.array()
            if name not in [str(n).strip() for n in review["reviewers"]]:
                review["reviewers"].append(name)

    config = _edit(path, change, write=False)
    if name not in _names(config, "review", "reviewers"):
        raise ConfigError(f"cannot add {name} to {path}: it has no [review] table litsearch "
                          "edits.", f"Add {name} to [review] reviewers by hand.")
    return _edit(path, change)


def remove_reviewer(path: Path, name: str, write: bool = True) -> dict[str, Any]:
    """Take ``name`` out of ``[review] reviewers`` and ``[screening] arbiter``.

    An arbiter list left empty is removed (``arbiter = []`` names no one and is an
    error; without the key anyone may settle): the caller says so.

    Returns:
        The new configuration.
    """
    def change(document: Any) -> None:
        # A table however it is written: [review], review = { ... }, review.reviewers = ...
        review = document.get("review")
        if isinstance(review, MutableMapping) and "reviewers" in review:
            _drop(review["reviewers"], name)
        screening = document.get("screening")
        if isinstance(screening, MutableMapping) and "arbiter" in screening:
            _drop(screening["arbiter"], name)
            if not len(screening["arbiter"]):
                del screening["arbiter"]

    config = _edit(path, change, write=False)
    if name in _names(config, "review", "reviewers") + _names(config, "screening", "arbiter"):
        raise ConfigError(f"cannot take {name} out of {path}: its layout is one litsearch "
                          "does not edit.",
                          f"Take {name} out of [review] reviewers (and [screening] arbiter) "
                          "by hand, then run this again.")
    return _edit(path, change, write) if write else config


def _names(config: dict[str, Any], table: str, key: str) -> list[str]:
    """Return the names ``config[table][key]`` lists (none when it is absent)."""
    names = config.get(table, {}).get(key, [])
    return [str(n).strip() for n in names] if isinstance(names, list) else []


def _drop(array: Any, name: str) -> None:
    for index in reversed(range(len(array))):
        if str(array[index]).strip() == name:
            del array[index]
