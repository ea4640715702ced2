"""Make docstring help read well at any terminal width.

Typer's rich help keeps every line break of a docstring, so a prose line that
is wider than the terminal wraps and leaves a stray word on a line of its own.
It also dedents the example under an ``Example:`` that directly follows the
summary. :func:`reflow_help` rewrites each command's help once, before Click
renders it: prose paragraphs become one line each (Rich wraps them to the
width), indented paragraphs (examples) are kept exactly.
"""

from __future__ import annotations

import inspect
from typing import Any


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


def reflow_help(command: Any) -> None:
    """Reflow the help of ``command`` and of every command under it, in place."""
    if getattr(command, "help", None):
        command.help = reflow(command.help)
    for sub in getattr(command, "commands", {}).values():
        reflow_help(sub)
