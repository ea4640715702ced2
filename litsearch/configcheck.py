"""Check the values of a parsed TOML file (review.toml, criteria.toml) for their kind.

TOML has types, and Python would quietly bend most of them: ``2.0 == 2`` and
``2.0 in (1, 2)``, ``True == 1``, ``bool("no")`` is true, ``str(5)`` is ``"5"``, and a
string iterates as a list of letters. Every key that expects one kind is read through
these helpers, so a value of another kind is a one-line :class:`ConfigError` naming
the file, the key, the value as written and the values that are valid, never a
silent reading.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

from .errors import ConfigError

#: How ``fail`` is called: the message (what, where) and the hint (the fix).
Fail = Callable[[str, str], NoReturn]


def spelled(value: Any) -> str:
    """Return ``value`` as it is written in TOML, for a message.

    >>> spelled(True), spelled(2.0), spelled("en, nl"), spelled(["a", 1])
    ('true', '2.0', '"en, nl"', '["a", 1]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(spelled(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {spelled(v)}" for k, v in value.items()) + " }"
    return str(value)


def raiser(where: str) -> Fail:
    """Return a ``fail`` that raises a ConfigError prefixed with ``where`` (a file name)."""
    def fail(what: str, fix: str) -> NoReturn:
        raise ConfigError(f"{where}: {what}.", fix)
    return fail


def _choices(choices: Iterable[Any]) -> str:
    return " or ".join(spelled(c) for c in choices)


def integer(value: Any, key: str, fail: Fail, choices: tuple[int, ...], hint: str = "") -> int:
    """Return ``value`` if it is a TOML integer among ``choices``, else fail.

    A float (``2.0``) or a boolean (``true``) is not an integer here, though Python
    compares it equal to one (``2.0 in (1, 2)`` is true).
    """
    if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
        fail(f"{key} = {spelled(value)} is not valid",
             hint or f"Write {_choices(choices)}, without a decimal point or quotes.")
    return int(value)


def boolean(value: Any, key: str, fail: Fail) -> bool:
    """Return ``value`` if it is ``true`` or ``false``, else fail (``1``, ``"no"`` are not)."""
    if not isinstance(value, bool):
        name = key.rsplit(".", 1)[-1]
        fail(f"{key} = {spelled(value)} is not true or false",
             f"Write {name} = true or {name} = false (no quotes).")
    return bool(value)


def string(value: Any, key: str, fail: Fail, empty: bool = True) -> str:
    """Return ``value`` if it is a TOML string (not blank unless ``empty``), else fail."""
    if not isinstance(value, str) or (not empty and not value.strip()):
        fail(f"{key} = {spelled(value)} is not {'a string' if empty else 'a non-empty string'}",
             f'Write it in quotes, e.g. {key.rsplit(".", 1)[-1]} = "...".')
    return str(value)


def strings(value: Any, key: str, fail: Fail, empty_items: bool = False) -> list[str]:
    """Return ``value`` if it is a list of strings, else fail.

    A bare string is not read as a one-item list: ``languages = "en, nl"`` would become
    one language called "en, nl" and match nothing.
    """
    name = key.rsplit(".", 1)[-1]
    if not isinstance(value, list) or not all(
            isinstance(v, str) and (empty_items or v.strip()) for v in value):
        # "en, nl" was meant as two items: suggest them as two.
        parts = [p.strip() for p in re.split(r"[,;]", value)] if isinstance(value, str) else []
        shown = spelled([p for p in parts if p]) if any(parts) else '["..."]'
        fail(f"{key} = {spelled(value)} is not a list of "
             f"{'strings' if empty_items else 'non-empty strings'}",
             f"Write {name} = {shown}, one quoted item each.")
    return list(value)


def table(value: Any, key: str, fail: Fail) -> Mapping[str, Any]:
    """Return ``value`` if it is a TOML table, else fail."""
    if not isinstance(value, Mapping):
        fail(f"{key} must be a table, not {spelled(value)}",
             f"Write it as a [{key}] section with key = value lines.")
    return value


def known_keys(section: Mapping[str, Any], allowed: Iterable[str], key: str, fail: Fail) -> None:
    """Fail on the first key of ``section`` not in ``allowed``, naming the nearest valid one.

    A misspelt key left unread is a setting silently not applied.
    """
    allowed = tuple(allowed)
    for name in section:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            fail(f"unknown key {name!r} in {key}",
                 (f"Did you mean {close[0]!r}? " if close else "")
                 + f"Valid keys: {', '.join(allowed)}.")


def misspelt_keys(section: Mapping[str, Any], allowed: Iterable[str], key: str,
                  fail: Fail) -> None:
    """Fail on a key of ``section`` that is a near miss of an ``allowed`` one.

    For tables that may also hold the user's own notes (``source = "..."`` in
    [review]): a key near no valid one is kept, a misspelt one (``reviewer``,
    ``platfrom``) would be a setting silently not applied.
    """
    allowed = tuple(allowed)
    for name in section:
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
        if name not in allowed and close:
            fail(f"unknown key {name!r} in {key}",
                 f"Did you mean {close[0]!r}? Valid keys: {', '.join(allowed)}.")
