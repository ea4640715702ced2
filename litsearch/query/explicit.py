"""Write a parsed expression with every bracket the platform's precedence implies.

Lint uses :func:`reading` to show how a platform reads operators mixed without
brackets (``harm W/3 (family OR debt)`` for Scopus's ``harm W/3 family OR debt``);
:func:`write_tree` prints a tree with only the brackets that precedence needs, so
tests can check that the parser and the table agree for every platform.
"""

from __future__ import annotations

import itertools

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


#: Most operands one bracket level may have for :func:`reading_matters` to compare its
#: readings (every assignment of true and false to them is tried).
MAX_COMPARED = 14


def reading_matters(node: Node) -> bool:
    """Whether operators mixed at ``node``'s bracket level mean different searches under
    different precedences (``A AND B AND NOT C`` means the same under every order, so
    no platform's precedence can change it; ``A OR B AND C`` does not).

    Proximity (NEAR, NEXT, Web of Science's SAME: same address), or more than
    :data:`MAX_COMPARED` operands, always matters.
    """
    operands: list[Node] = []
    ops: list[str] = []

    def flat(n: Node, top: bool) -> None:
        if isinstance(n, Group) and (top or not n.paren) and len(n.children) > 1:
            name = "SAME" if n.written.upper() == "SAME" else n.op
            for i, child in enumerate(n.children):
                if i:
                    ops.append(name)
                flat(child, False)
        else:
            operands.append(n)

    flat(node, True)
    kinds = sorted(set(ops))
    if any(k in ("NEAR", "NEXT", "SAME") for k in kinds) or len(operands) > MAX_COMPARED:
        return True
    rows = 1 << len(operands)
    full = (1 << rows) - 1
    # Operand i is true in the rows whose bit i is set: one bit mask per operand.
    values = [sum(1 << r for r in range(rows) if r >> i & 1) for i in range(len(operands))]
    seen = set()
    for ranks in itertools.product(range(len(kinds)), repeat=len(kinds)):
        rank = dict(zip(kinds, ranks, strict=True))
        seen.add(_evaluate(values, ops, rank, full))
        if len(seen) > 1:
            return True
    return False


def _evaluate(values: list[int], ops: list[str], rank: dict[str, int], full: int) -> int:
    """Evaluate operands joined by ``ops`` under ``rank`` (higher binds tighter; equal
    ranks left to right), each value a truth table as a bit mask."""
    out, stack = [values[0]], []

    def reduce() -> None:
        op, rhs, lhs = stack.pop(), out.pop(), out.pop()
        out.append(lhs | rhs if op == "OR" else lhs & (full & ~rhs) if op == "NOT"
                   else lhs & rhs)

    for op, value in zip(ops, values[1:], strict=True):
        while stack and rank[stack[-1]] >= rank[op]:
            reduce()
        stack.append(op)
        out.append(value)
    while stack:
        reduce()
    return out[0]
