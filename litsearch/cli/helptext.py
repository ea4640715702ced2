"""Make help read like a tool's, at any terminal width.

Typer's rich help keeps every line break of a docstring, so a prose line that
is wider than the terminal wraps and leaves a stray word on a line of its own.
It also dedents the example under an ``Example:`` that directly follows the
summary, shows Python types as placeholders (``<bool>``, ``<list[Path]>``) and
lists commands in the order their modules happened to register them.
:func:`reflow_help` rewrites each command once, before Click renders it: prose
paragraphs become one line each (Rich wraps them to the width), indented
paragraphs (examples) are kept exactly, every placeholder is a word a user
understands (:data:`METAVARS`), a number's range is said in words, and commands follow the pipeline
(:data:`PIPELINE_ORDER`).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

#: Top-level commands in the order a review meets them; --help lists them so.
PIPELINE_ORDER = ("init", "status", "query", "search", "import", "dedup", "screen",
                  "agreement", "prisma", "report", "export", "simulate", "store", "team",
                  "demo")

#: Placeholder shown in --help for a parameter, by its name. A parameter not listed
#: shows its own name in capitals (``--stage STAGE``), a path FILE, a number N.
METAVARS = {
    "review": "DIR", "review_dir": "DIR", "directory": "DIR", "out": "DIR",
    "output": "FILE", "query": "FILE", "files": "FILE", "file": "FILE", "data": "FILE",
    "reviewer": "NAME", "db": "DB", "databases": "DB", "platform": "PLATFORM",
    "searched_on": "YYYY-MM-DD", "year": "YEAR", "email": "ADDRESS", "api_key": "KEY",
    "where": "CONDITION", "note": "TEXT", "title": "TEXT", "question": "TEXT",
    "label": "TEXT", "record": "RECORD", "other_method": "METHOD", "encoding": "ENCODING",
    "format": "FORMAT", "id_column": "COLUMN",
}


def reflow(text: str) -> str:
    """Return ``text`` with each prose paragraph on one line and examples kept.

    >>> reflow("Summary.\\n\\nOne\\nparagraph.\\n\\nExample:\\n\\n    litsearch status")
    'Summary.\\n\\n\\nOne paragraph.\\n\\nExample:\\n\\n    litsearch status'
    """
    paragraphs = inspect.cleandoc(text).split("\n\n")
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        indented = any(line[:1].isspace() for line in lines)
        out.append(paragraph if indented else " ".join(line.strip() for line in lines))
    if len(out) == 1:
        return out[0]
    # The blank line that leads the rest stops Typer's second dedent (inspect.cleandoc
    # measures from the second line) from flattening the example under "Example:".
    return out[0] + "\n\n\n" + "\n\n".join(out[1:])


def metavar(param: Any) -> str:
    """Return the placeholder a user reads for ``param``: ``FILE…``, ``DIR``, ``N``, or none.

    >>> class P:  # a stand-in with Click's attribute names
    ...     name, is_flag, nargs, multiple, type = "files", False, -1, False, None
    >>> metavar(P())
    'FILE…'
    """
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    name = param.name or ""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    word = METAVARS.get(name)
    if word is None:
        if _is(annotation, Path):
            word = "FILE"
        elif _is(annotation, int) or _is(annotation, float):
            word = "N"
        else:
            word = name.upper()
    many = getattr(param, "nargs", 1) == -1 or getattr(param, "multiple", False)
    return word + ("…" if many else "")


def describe_range(kind: Any) -> str:
    """Say a number option's range in words, not as Click's ``0.5<=x<=0.999``.

    >>> class R:  # a stand-in with Click's range attributes
    ...     min, max, min_open, max_open = 0.5, 0.999, False, False
    >>> describe_range(R()), describe_range(type("S", (), {"min": 1, "max": None})())
    ('0.5 to 0.999', '1 or more')
    """
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if getattr(kind, "min_open", False) or getattr(kind, "max_open", False):
        low_word = f"above {low}" if low is not None else ""
        high_word = f"below {high}" if high is not None else ""
        return " and ".join(w for w in (low_word, high_word) if w)
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"{low} or more" if low is not None else f"{high} or less"


def _is(annotation: Any, kind: type) -> bool:
    inner = getattr(annotation, "__args__", None) or (annotation,)
    return any(isinstance(a, type) and issubclass(a, kind) for a in inner)


def _help_option(command: Any) -> Any:
    """Return the command's -h/--help option (Click makes it on first use)."""
    make_context = getattr(command, "context_class", None)
    if make_context is None or not hasattr(command, "get_help_option"):
        return None
    return command.get_help_option(make_context(command, help_option_names=["-h", "--help"]))


def _plain_argument(param: Any) -> None:
    """Show an argument as ``FILE…`` in the usage line and its own name only in the table.

    Typer writes a required argument in braces (``{file}``) and repeats its Python
    type beside it (``<path>``); the name a user reads says enough.
    """
    name = param.metavar or (param.name or "").upper()
    if param.nargs != 1 and not name.endswith("…"):
        name += "…"
    shown = name if param.required else f"[{name}]"
    param.display_type_rich = lambda ctx: None
    param._usage_display_name = lambda: shown


def reflow_help(command: Any) -> None:
    """Polish the help of ``command`` and of every command under it, in place."""
    if getattr(command, "help", None):
        command.help = reflow(command.help)
    for param in [*getattr(command, "params", ()), _help_option(command)]:
        if param is not None and param.metavar is None:
            param.metavar = metavar(param)
        if getattr(param, "param_type_name", "") == "argument":
            _plain_argument(param)
        if hasattr(param, "_get_number_range_help_str"):
            # Typer shows a range as "x>=1"; a user reads "1 or more".
            param._get_number_range_help_str = lambda param=param: describe_range(param)
    commands = getattr(command, "commands", None)
    if commands:
        rank = {name: i for i, name in enumerate(PIPELINE_ORDER)}
        ordered = sorted(commands, key=lambda name: (rank.get(name, len(rank)), name))
        command.commands = {name: commands[name] for name in ordered}
        for sub in command.commands.values():
            reflow_help(sub)
