"""The parse tree: terms, headings, limits and operator groups, with positions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .tokens import Token


@dataclass
class Node:
    """A node of the parse tree with its character span."""

    start: int
    end: int


@dataclass
class Leaf(Node):
    """A free-text term.

    Attributes:
        text: The word(s) as written (wildcards in the platform's characters).
        quoted: Written in quotes (or braces).
        field: The platform field code attached to it (or inherited), if any.
        exact: Written as a Scopus exact phrase ``{…}``.
        implicit: Several bare words with no operator between them.
        within: A PubMed ``[tiab:~n]`` or Lucene ``~n`` proximity distance.
        token: The first token (for lint messages).
    """

    text: str = ""
    quoted: bool = False
    field: str | None = None
    exact: bool = False
    implicit: bool = False
    within: int | None = None
    token: Token | None = None


@dataclass
class HeadingNode(Node):
    """A subject heading as written on the platform."""

    name: str = ""
    explode: bool = True
    major: bool = False
    qualifier: str = ""


@dataclass
class LimitNode(Node):
    """A limit clause: ``kind`` is years, language, pubtype or filter."""

    kind: str = ""
    values: list[str] = field(default_factory=list)


@dataclass
class Group(Node):
    """Operands joined by one operator (AND, OR, NOT, NEAR, NEXT).

    Attributes:
        distance: For NEAR/NEXT, the number as written (platform counting).
        paren: Written inside its own brackets.
        field: A field code on the whole group.
        implicit: Joined without a written operator.
        written: The operator as written (``W/3``, ``adj``, ``SAME``; "" if implied).
        at: Where the (first) operator is written; -1 when unknown.
    """

    op: str = "OR"
    children: list[Node] = field(default_factory=list)
    distance: int | None = None
    paren: bool = False
    field: str | None = None
    implicit: bool = False
    written: str = ""
    at: int = -1


@dataclass
class Problem:
    """Something the parser could not read, with its span."""

    message: str
    start: int
    end: int
    code: str = "syntax"


@dataclass
class ParseResult:
    """A parse tree (None when nothing could be read), its tokens and problems."""

    tree: Node | None
    tokens: list[Token]
    problems: list[Problem]
    mixed: list[Token] = field(default_factory=list)
    implicit: list[Token] = field(default_factory=list)
    mixed_nodes: list[Node] = field(default_factory=list)


def iter_leaves(node: Node | None) -> Iterator[Leaf]:
    """Yield every Leaf under ``node`` in order."""
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Group):
        for child in node.children:
            yield from iter_leaves(child)


def shift(result: ParseResult, offset: int) -> None:
    """Move every position in ``result`` by ``offset`` (for a part of a longer text)."""
    if not offset:
        return
    for tok in result.tokens:
        tok.start += offset
        tok.end += offset
    for p in result.problems:
        p.start += offset
        p.end += offset
    stack: list[Node] = [result.tree] if result.tree else []
    while stack:
        node = stack.pop()
        node.start += offset
        node.end += offset
        if isinstance(node, Group):
            node.at += offset if node.at >= 0 else 0
            stack.extend(node.children)
