"""How counts read in every message: one number format, nouns in the right number.

Every count a user reads (CLI output, app notices, errors, notes) goes through
:func:`number` or :func:`plural`, so the whole tool writes ``1,234`` and never
``1234`` in one place and ``1,234`` in another, and never "1 records".
"""

from __future__ import annotations


def number(n: int) -> str:
    """Return ``n`` with thousands separators, the one format counts are shown in.

    >>> number(7), number(1200), number(-45000)
    ('7', '1,200', '-45,000')
    """
    return f"{n:,}"


def plural(n: int, noun: str, many: str = "") -> str:
    """Return ``n`` (as :func:`number` writes it) with ``noun`` in the right number.

    Args:
        n: The count.
        noun: The singular ("record", "doubtful pair").
        many: The plural when it is not ``noun`` + "s" ("queries", "analyses").

    >>> plural(1, "record"), plural(1200, "record"), plural(0, "query", "queries")
    ('1 record', '1,200 records', '0 queries')
    """
    return f"{number(n)} {noun if n == 1 else many or noun + 's'}"
