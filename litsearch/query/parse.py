"""Parse a search string into a tree, keeping every node's position.

One recursive-descent parser reads every syntax family; the family picks the
tokenizer's tables, how field codes attach, and operator precedence (the table in
:mod:`.precedence`). Operators that mix at one bracket level are combined the way
the platform reads them; lint reports such spots because the author may have
meant something else, and shows the reading with its brackets written out.
"""

from __future__ import annotations

import re

from .codes import HEADING_CODES, LIMIT_CODES
from .nodes import Group, HeadingNode, Leaf, LimitNode, Node, ParseResult, Problem
from .precedence import MEANING, precedence
from .tokens import Token, tokenize

#: The end of an Ovid heading: ``/``, or ``/`` and subheadings (``/dt``, ``/dt,px``).
_OVID_HEADING_END = re.compile(r"/((?:[a-z]{2},)*[a-z]{2})?$")


def parse_tree(text: str, family: str) -> ParseResult:
    """Parse ``text`` in syntax ``family``; problems are collected, not raised."""
    tokens = tokenize(text, family)
    parser = _Parser(tokens, family)
    tree = parser.expr() if tokens else None
    while parser.i < len(tokens):
        tok = tokens[parser.i]
        parser.problem(f"unexpected {tok.text!r}", tok, "unbalanced-parentheses"
                       if tok.kind == "rparen" else "syntax")
        parser.i += 1
        more = parser.expr() if parser.i < len(tokens) else None
        if more is not None and tree is not None:
            tree = Group(tree.start, more.end, op="AND", children=[tree, more], implicit=True)
    return ParseResult(tree, tokens, parser.problems, parser.mixed, parser.implicit,
                       parser.mixed_nodes)


class _Parser:
    def __init__(self, tokens: list[Token], family: str) -> None:
        self.tokens, self.family, self.i = tokens, family, 0
        self.problems: list[Problem] = []
        self.mixed: list[Token] = []
        self.mixed_nodes: list[Node] = []
        self.implicit: list[Token] = []
        self.prec = precedence(family)
        for tok in tokens:
            if tok.kind == "error":
                self.problem(tok.value, tok, "quote" if "quote" in tok.value else "syntax")

    def problem(self, message: str, tok: Token, code: str = "syntax") -> None:
        self.problems.append(Problem(message, tok.start, tok.end, code))

    def peek(self) -> Token | None:
        while self.i < len(self.tokens) and self.tokens[self.i].kind == "error":
            self.i += 1
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def expr(self) -> Node | None:
        operands: list[Node] = []
        ops: list[Token] = []
        first = self.primary()
        if first is None:
            return None
        operands.append(first)
        while (tok := self.peek()) is not None and tok.kind != "rparen":
            if tok.kind == "op":
                self.i += 1
                nxt = self.primary()
                if nxt is None:
                    self.problem(f"{tok.text} has nothing after it", tok)
                    break
                ops.append(tok)
            else:
                nxt = self.primary()
                if nxt is None:
                    break
                ops.append(Token("op", "", "AND", tok.start, tok.start, {"implicit": True}))
                self.implicit.append(tok)
            operands.append(nxt)
        node = self._combine(operands, ops)
        kinds = [(o.value, o.extra.get("distance")) for o in ops]
        if len(set(kinds)) > 1:  # the platform's precedence decides the grouping
            self.mixed.append(next(o for o, k in zip(ops, kinds, strict=True) if k != kinds[0]))
            self.mixed_nodes.append(node)
        return node

    def _combine(self, operands: list[Node], ops: list[Token]) -> Node:
        if not ops:
            return operands[0]
        rank = self.prec.rank
        # Shunting-yard over one bracket level; equal precedence associates left.
        out: list[Node] = [operands[0]]
        stack: list[Token] = []
        for op, rhs in zip(ops, operands[1:], strict=True):
            while stack and rank(stack[-1].value) >= rank(op.value):
                self._reduce(out, stack.pop())
            stack.append(op)
            out.append(rhs)
        while stack:
            self._reduce(out, stack.pop())
        return out[0]

    def _reduce(self, out: list[Node], op: Token) -> None:
        rhs, lhs = out.pop(), out.pop()
        name, dist = MEANING.get(op.value, op.value), op.extra.get("distance")
        if isinstance(lhs, Group) and not lhs.paren and lhs.op == name \
                and lhs.distance == dist and name != "NOT":
            lhs.children.append(rhs)
            lhs.end = rhs.end
            out.append(lhs)
            return
        out.append(Group(lhs.start, rhs.end, op=name, children=[lhs, rhs], distance=dist,
                         implicit=bool(op.extra.get("implicit")), written=op.text,
                         at=op.start))

    def primary(self) -> Node | None:
        tok = self.peek()
        if tok is None or tok.kind in ("op", "rparen"):
            return None
        self.i += 1
        if tok.kind == "lparen":
            inner = self.expr()
            close = self.peek()
            if close is None or close.kind != "rparen":
                self.problem("this ( is never closed", tok, "unbalanced-parentheses")
                end = inner.end if inner else tok.end
            else:
                self.i += 1
                end = close.end
            if inner is None:
                self.problem("empty brackets ()", tok)
                return None
            node: Node = inner if isinstance(inner, Group) and not inner.paren \
                else Group(tok.start, end, op="OR", children=[inner])
            node.start, node.end = tok.start, end
            node.paren = True  # type: ignore[union-attr]
            return self._tags(node)
        if tok.kind == "prefix":
            return self._prefixed(tok)
        if tok.kind == "limit":
            return LimitNode(tok.start, tok.end, kind=tok.value,
                             values=[g for g in tok.extra["groups"] if g])
        if tok.kind == "heading":
            return HeadingNode(tok.start, tok.end, name=tok.value, explode=tok.extra["explode"],
                               qualifier=tok.extra.get("qualifier", ""))
        if tok.kind == "phrase":
            leaf = Leaf(tok.start, tok.end, text=tok.value, quoted=True,
                        exact=bool(tok.extra.get("exact")), token=tok)
            if (p := self.peek()) is not None and p.kind == "prox":
                self.i += 1
                leaf.within, leaf.end = int(p.value), p.end
            return self._tags(leaf)
        if tok.kind == "word":
            return self._words(tok)
        if tok.kind == "tag":
            self.problem(f"field {tok.text} has no term before it", tok)
            return self.primary()
        return None

    def _words(self, tok: Token) -> Node:
        words, end = [tok], tok.end
        if self.family == "ovid" and (tok.text.lower() == "exp" or _OVID_HEADING_END.search(
                tok.text)):
            return self._ovid_heading(tok)
        while (p := self.peek()) is not None and p.kind == "word" and \
                not (self.family == "ovid" and p.text.lower() == "exp"):
            if self.family == "ovid" and _OVID_HEADING_END.search(p.text):
                self.i += 1
                name = " ".join(w.text for w in words + [p])
                return self._heading_text(name, tok.start, p.end, explode=False)
            words.append(p)
            end = p.end
            self.i += 1
        leaf = Leaf(tok.start, end, text=" ".join(w.text for w in words),
                    implicit=len(words) > 1, token=tok)
        return self._tags(leaf)

    def _ovid_heading(self, tok: Token) -> Node:
        explode = tok.text.lower() == "exp"
        parts = [] if explode else [tok]
        while not (parts and _OVID_HEADING_END.search(parts[-1].text)):
            p = self.peek()
            if p is None or p.kind != "word":
                self.problem("an Ovid heading must end with /", tok)
                break
            parts.append(p)
            self.i += 1
        end = parts[-1].end if parts else tok.end
        name = " ".join(p.text for p in parts)
        return self._heading_text(name, tok.start, end, explode)

    @staticmethod
    def _heading_text(text: str, start: int, end: int, explode: bool) -> HeadingNode:
        """Return the heading of Ovid ``X/``, ``*X/`` or ``X/dt,px`` (a subheading)."""
        m = _OVID_HEADING_END.search(text)
        name = text[:m.start()] if m else text
        major = name.startswith("*")
        return HeadingNode(start, end, name=name.lstrip("*"), explode=explode, major=major,
                           qualifier=(m.group(1) or "") if m else "")

    def _prefixed(self, tok: Token) -> Node | None:
        code = tok.value
        target = self.primary()
        if target is None:
            self.problem(f"field {tok.text.strip()} has no term after it", tok)
            return None
        if not isinstance(target, Leaf):
            target.start = tok.start
        if code in HEADING_CODES.get(self.family, {}):
            return self._as_heading(target, code)
        kind = LIMIT_CODES.get(self.family, {}).get(code)
        if kind:
            return LimitNode(tok.start, target.end, kind=kind, values=_words_of(target))
        _set_field(target, code)
        return target

    def _as_heading(self, node: Node, code: str) -> Node:
        explode, major = HEADING_CODES[self.family][code]
        if isinstance(node, Leaf):
            name = node.text
            if name.endswith("+"):
                name, explode = name[:-1], True
            return HeadingNode(node.start, node.end, name=name, explode=explode, major=major)
        if isinstance(node, Group):
            node.children = [self._as_heading(c, code) for c in node.children]
        return node

    def _tags(self, node: Node) -> Node:
        while (p := self.peek()) is not None and p.kind == "tag":
            self.i += 1
            node = self._apply_tag(node, p)
        return node

    def _apply_tag(self, node: Node, tag: Token) -> Node:
        value = tag.value
        if self.family == "pubmed" and ":~" in value:
            value, dist = value.split(":~", 1)
            if isinstance(node, Leaf) and dist.isdigit():
                node.within = int(dist)
        heads = HEADING_CODES.get(self.family, {})
        if value in heads and isinstance(node, Leaf):
            explode, major = heads[value]
            if self.family == "embasecom" and tag.text.endswith("/mj"):
                major = True
            name, qualifier = node.text, ""
            if self.family == "pubmed" and "/" in name:  # "Depression/therapy"[mh]
                name, _, qualifier = (x.strip() for x in name.partition("/"))
            return HeadingNode(node.start, tag.end, name=name, explode=explode, major=major,
                               qualifier=qualifier)
        kind = LIMIT_CODES.get(self.family, {}).get(value)
        if kind:
            return LimitNode(node.start, tag.end, kind=kind, values=_words_of(node))
        if isinstance(node, Group) and self.family == "pubmed":
            self.problem(f"PubMed cannot put a field ({tag.text}) on a bracketed group: "
                         "tag each term", tag, "field-on-group")
        _set_field(node, value)
        node.end = tag.end
        return node


def _set_field(node: Node, code: str) -> None:
    if isinstance(node, Leaf):
        node.field = node.field or code
    elif isinstance(node, Group):
        if node.field is None:
            node.field = code
        for child in node.children:
            _set_field(child, code)


def _words_of(node: Node) -> list[str]:
    if isinstance(node, Leaf):
        return [node.text]
    if isinstance(node, LimitNode):
        return list(node.values)
    if isinstance(node, Group):
        return [w for c in node.children for w in _words_of(c)]
    return []
