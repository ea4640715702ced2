"""The zingeving report's plain style: blocks of terms ORed, one block per paragraph.

Appendix 1 writes each concept block as its own paragraph, wrapped over several
lines, with no field tags and no AND between blocks. These helpers find the
blocks (keeping character offsets, so lint can point at line:col).
"""

from __future__ import annotations

import re


def plain_segments(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each block of a plain-style text.

    A line continues the block above when it starts or that one ends with an
    operator, or when a quote or bracket is still open; otherwise a new block starts.
    """
    segments: list[list[int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        end = pos + len(line.rstrip())
        pos += len(line) + 1
        if start >= end:
            continue
        if segments:
            above = text[segments[-1][0]:segments[-1][1]]
            if _open(above) or re.match(r"(AND|OR|NOT)\b", text[start:end]) \
                    or re.search(r"(AND|OR|NOT)$", above):
                segments[-1][1] = end
                continue
        segments.append([start, end])
    return [(s, e) for s, e in segments] or [(0, 0)]


def _open(text: str) -> bool:
    quotes = sum(text.count(q) for q in '"“”')
    return quotes % 2 == 1 or text.count("(") > text.count(")")
