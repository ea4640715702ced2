"""Keep an option's value from swallowing the option typed after it.

Click reads the word after a value option as its value, whatever it looks like:
``screen decide 6 --exclude --reviewer bob`` would exclude for the reason
"--reviewer" and then stumble over "bob". Before Click parses, :func:`guard_args`
walks the command line along the command tree and, where a value option is
followed by one of that command's own options (or by nothing):

* an option whose metavar is written in brackets (``[REASON]``) takes its value
  as left out, the empty string: ``--exclude --reviewer bob`` excludes without a
  reason, as ``--exclude "" --reviewer bob`` would;
* any other option is a one-line error saying how to write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import LitsearchError


class OptionValueError(LitsearchError):
    """A value option was followed by another option instead of its value."""


def _is_option(word: str, names: set[str]) -> bool:
    return word in names or (word.startswith("--") and word.split("=", 1)[0] in names)


def _names(command: Any) -> tuple[set[str], dict[str, Any]]:
    """Return (every option name, value option by name) of a Click command."""
    names = set(getattr(command, "context_settings", {}).get("help_option_names", ()))
    names |= {"--help", "-h"}
    values: dict[str, Any] = {}
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") != "option":
            continue
        opts = [*param.opts, *param.secondary_opts]
        names.update(opts)
        if not param.is_flag and not param.count:
            values.update(dict.fromkeys(param.opts, param))
    return names, values


def _metavar(param: Any) -> str:
    """Return the placeholder --help shows, else the long option's name (``--format FORMAT``)."""
    longest = max(param.opts, key=len).lstrip("-")
    return param.metavar or longest.upper().replace("-", "_")


def guard_args(command: Any, args: Iterable[str], path: str = "litsearch") -> list[str]:
    """Return ``args`` with left-out optional values filled in, or raise for a missing one.

    Args:
        command: The Click command (or group) the words are for.
        args: The words after the command's name.
        path: The command's name as typed, for messages (``litsearch screen decide``).

    Raises:
        OptionValueError: A value option is directly followed by another option.
    """
    words = list(args)
    names, values = _names(command)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        out.append(word)
        if word == "--":
            return out + words[i:]
        if not word.startswith("-") or word == "-":
            sub = getattr(command, "commands", {}).get(word)
            if sub is not None:
                return out + guard_args(sub, words[i:], f"{path} {word}")
            continue
        param = values.get(word)
        if param is None:
            continue
        following = words[i] if i < len(words) else None
        if following is None or _is_option(following, names):
            metavar = _metavar(param)
            if metavar.startswith("["):
                out.append("")
                continue
            if following is not None:
                raise OptionValueError(
                    f"{path}: {word} needs a value, but {following} comes next.",
                    f"Write {word} {metavar} before {following}.")
        # The option's value: taken as it is, even when it starts with a dash.
        take = max(param.nargs, 1)
        out.extend(words[i:i + take])
        i += take
    return out


#: Old spellings still read for one version: (command, word as typed with no value after it)
#: -> (the words that replace it, the note that says so).
LEGACY_FLAGS = {
    ("dedup", "--review"): (["review"], "'litsearch dedup --review' is now 'litsearch dedup "
                                        "review'; --review names the review folder, as in "
                                        "every command. The old spelling goes in the next "
                                        "version."),
}


def rewrite_legacy(args: list[str]) -> tuple[list[str], list[str]]:
    """Return ``args`` with old flag spellings rewritten, and a note for each.

    ``litsearch dedup --review --reviewer alice`` (the pair review, before it had its
    own subcommand) becomes ``litsearch dedup review --reviewer alice``. The word is
    read the old way only where it has no value: followed by nothing or by another
    option. ``dedup --review DIR`` names the folder, as everywhere.

    >>> rewrite_legacy(["dedup", "--review", "--reviewer", "alice"])[0]
    ['dedup', 'review', '--reviewer', 'alice']
    >>> rewrite_legacy(["dedup", "--review", "my-review"])[0]
    ['dedup', '--review', 'my-review']
    """
    if not args:
        return args, []
    out, notes = list(args), []
    for i in range(1, len(out)):
        replacement = LEGACY_FLAGS.get((out[0], out[i]))
        following = out[i + 1] if i + 1 < len(out) else None
        if replacement and (following is None or following.startswith("-")):
            words, text = replacement
            out = [out[0], *words, *out[1:i], *out[i + 1:]]
            notes.append(text)
            break
    return out, notes
