"""Write a parsed expression with every bracket the platform's precedence implies.

Lint uses :func:`reading` to show how a platform reads operators mixed without
brackets (``harm W/3 (family OR debt)`` for Scopus's ``harm W/3 family OR debt``);
:func:`write_tree` prints a tree with only the brackets that precedence needs, so
tests can check that the parser and the table agree for every platform.
"""

from __future__ import annotations

from .nodes import Group, Leaf, Node
from .precedence import precedence

#: How each family spells the tree's operators: op → format with {n} for a distance.
SPELLING: dict[str, dict[str, str]] = {
    "pubmed": {"AND": "AND", "OR": "OR", "NOT": "NOT"},
    "europepmc": {"AND": "AND", "OR": "OR", "NOT": "NOT"},
    "ovid": {"AND": "and", "OR": "or", "NOT": "not", "NEAR": "adj{n}", "NEXT": "adj"},
    "embasecom": {"AND": "AND", "OR": "OR", "NOT": "NOT", "NEAR": "NEAR/{n}",
                  "NEXT": "NEXT/{n}"},
    "cochrane": {"AND": "AND", "OR": "OR", "NOT": "NOT", "NEAR": "NEAR/{n}",
                 "NEXT": "NEXT/{n}"},
    "wos": {"AND": "AND", "OR": "OR", "NOT": "NOT", "NEAR": "NEAR/{n}"},
    "scopus": {"AND": "AND", "OR": "OR", "NOT": "AND NOT", "NEAR": "W/{n}", "NEXT": "PRE/{n}"},
    "ebsco": {"AND": "AND", "OR": "OR", "NOT": "NOT", "NEAR": "N{n}", "NEXT": "W{n}"},
}


def reading(group: Group, text: str) -> str:
    """Return ``group`` as written in ``text``, with brackets around every part the
    platform groups by precedence (brackets the author wrote are kept as written)."""
    sep = f" {group.written} " if group.written else " "
    parts = []
    for child in group.children:
        if isinstance(child, Group) and not child.paren:
            parts.append(f"({reading(child, text)})")
        else:
            parts.append(" ".join(text[child.start:child.end].split()))
    return sep.join(parts)


def write_tree(node: Node, family: str) -> str:
    """Return a tree of words and operator groups with only the brackets it needs.

    A child is bracketed when it binds more loosely than its parent, or equally and
    is not the first operand (the platforms read equal operators left to right).
    """
    if isinstance(node, Leaf):
        return f'"{node.text}"' if node.quoted else node.text
    if not isinstance(node, Group):
        raise TypeError(f"cannot write a {type(node).__name__}")
    prec = precedence(family)
    spell = SPELLING[family][node.op].format(n=node.distance if node.distance is not None
                                             else "")
    rank = prec.rank(node.op)
    parts = []
    for i, child in enumerate(node.children):
        inner = write_tree(child, family)
        if isinstance(child, Group) and len(child.children) > 1:
            child_rank = prec.rank(child.op)
            if child_rank < rank or (child_rank == rank and i > 0):
                inner = f"({inner})"
        parts.append(inner)
    return f" {spell} ".join(parts)
