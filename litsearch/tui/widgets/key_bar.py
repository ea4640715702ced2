"""The key bar under the record: what to press, with help and quit always in sight."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.text import Text

from ...screening.keymap import keys_for

#: Actions shown on the left of the key bar, in order (help and quit sit on the right).
KEY_BAR = ("include", "exclude", "maybe", "not_retrieved", "skip", "undo", "note", "search")
#: Actions kept visible at the right edge however narrow the terminal is.
KEY_BAR_RIGHT = ("help", "quit")
#: Shorter names than the action names, where they differ.
SHORT_LABELS = {"not_retrieved": "not retrieved"}


def _items(keymap: Mapping[str, str], actions: tuple[str, ...],
           stage: str) -> list[tuple[str, str]]:
    out = []
    for action in actions:
        if action == "not_retrieved" and stage != "full-text":
            continue
        keys = keys_for(keymap, action)
        if keys:
            out.append((keys[0], SHORT_LABELS.get(action, action)))
    return out


def _render(items: list[tuple[str, str]], compact: bool) -> Text:
    text = Text()
    for key, label in items:
        if compact:
            text.append(key, style="bold reverse")
            text.append(f" {label}  ")
        else:
            text.append(f" {key} ", style="bold reverse")
            text.append(f" {label}  ")
    return text


def key_bar(keymap: Mapping[str, str], stage: str, width: int) -> Text:
    """Return the key bar for a terminal ``width`` columns wide.

    Keys get a padded look when everything fits and a compact one otherwise; help
    and quit stay at the right edge, so a narrow terminal cuts off decision keys
    (which help lists) rather than the way to help or out.
    """
    left, right = _items(keymap, KEY_BAR, stage), _items(keymap, KEY_BAR_RIGHT, stage)
    for compact in (False, True):
        start, end = _render(left, compact), _render(right, compact)
        end.rstrip()
        if cell_len(start.plain) + cell_len(end.plain) <= width or compact:
            break
    room = max(width - cell_len(end.plain) - 1, 0)
    start.truncate(room, overflow="ellipsis")
    start.rstrip()
    start.pad_right(room + 1 - cell_len(start.plain))
    return start + end
