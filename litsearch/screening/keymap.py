"""The screening app's keys as data, changeable in review.toml under ``[screening.keys]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ConfigError

#: Default key for each action. Digits 1-9 are kept for picking exclusion reasons.
DEFAULT_KEYS = {
    "include": "i",
    "exclude": "e",
    "maybe": "m",
    "skip": "s",
    "undo": "u",
    "note": "n",
    "search": "/",
    "help": "?",
    "quit": "q",
    "not_retrieved": "r",
    "override": "o",
    "list": "l",
}

#: What each action does, for the help screen and the key bar.
ACTION_LABELS = {
    "include": "include",
    "exclude": "exclude (then 1-9 picks the reason)",
    "maybe": "maybe",
    "skip": "skip for now",
    "undo": "undo your last decision",
    "note": "add a note",
    "search": "search title, abstract, DOI or #id",
    "help": "help",
    "quit": "quit (everything is already saved)",
    "not_retrieved": "report not retrieved (full text)",
    "override": "overrule a rule for one record (its id, a reason)",
    "list": "list your decided records (filter, open, change)",
}

_RESERVED = set("123456789") | {"escape", "enter"}


def load_keymap(config: Mapping[str, Any]) -> dict[str, str]:
    """Return ``{key: action}`` from the defaults and review.toml's ``[screening.keys]``.

    Args:
        config: The parsed review.toml.

    Raises:
        ConfigError: An unknown action, a reserved key, or one key bound twice.
    """
    custom = config.get("screening", {}).get("keys", {}) if isinstance(config, Mapping) else {}
    if not isinstance(custom, Mapping):
        raise ConfigError("review.toml: [screening.keys] must be a table.",
                          'Write [screening.keys] then include = "y".')
    keys: dict[str, list[str]] = {a: [k] for a, k in DEFAULT_KEYS.items()}
    for action, value in custom.items():
        if action not in DEFAULT_KEYS:
            raise ConfigError(f"review.toml [screening.keys]: unknown action '{action}'.",
                              f"Known actions: {', '.join(DEFAULT_KEYS)}.")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or \
                not all(isinstance(v, str) and v for v in values):
            raise ConfigError(f"review.toml [screening.keys]: {action} must be a key or a list "
                              "of keys.", f'Write {action} = "{DEFAULT_KEYS[action]}".')
        keys[action] = values
    out: dict[str, str] = {}
    for action, bound in keys.items():
        for key in bound:
            if key in _RESERVED:
                raise ConfigError(f"review.toml [screening.keys]: '{key}' is reserved "
                                  "(digits pick reasons; Escape and Enter close dialogs).",
                                  f"Bind {action} to another key.")
            if key in out:
                raise ConfigError(f"review.toml [screening.keys]: '{key}' is bound to both "
                                  f"{out[key]} and {action}.", "Give each action its own key.")
            out[key] = action
    return out


def keys_for(keymap: Mapping[str, str], action: str) -> list[str]:
    """Return the keys bound to an action."""
    return [k for k, a in keymap.items() if a == action]
