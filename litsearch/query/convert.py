"""Turn a parse tree into a strategy: blocks, searches and limits.

The top of the tree is read as searches: ANDed operands are blocks (a bracketed
OR of terms), NOT operands are excluded blocks, limit clauses become limits, and
an OR of AND-groups is several searches (blocks they share are written once).
"""

from __future__ import annotations

import itertools
import re

from ..errors import QueryError
from .codes import GENERIC_FIELDS, GENERIC_WILDCARDS, PROXIMITY
from .limits import add_limit
from .lines import is_combination, numbered_lines, resolve_lines
from .model import Block, Heading, Limits, Search, Strategy, Term, slug
from .nodes import Group, HeadingNode, Leaf, LimitNode, Node, ParseResult, shift
from .parse import parse_tree
from .plain import plain_segments
from .platforms import PARSE_ONLY, get_platform
from .tokens import line_col

#: Most proximity terms one NEAR with OR groups is expanded into.
MAX_PROXIMITY_EXPANSION = 64


def parse_strategy(text: str, db: str) -> tuple[Strategy, list[str]]:
    """Parse a search string written for ``db`` into a strategy.

    Args:
        text: The search string as pasted from the platform, or a numbered search
            history (``1 exp X/``, ``2 …``, ``3 1 or 2``), read from its last line.
        db: A platform id (``pubmed``, ``medline``, ``scopus``…) or ``plain``.

    Returns:
        The strategy and warnings about what changed meaning on the way.

    Raises:
        QueryError: The string has a syntax error (with line:col) or a construct
            a strategy block cannot hold.
    """
    family = "plain" if db == "plain" else get_platform(db).family
    if family == "scholar":
        raise QueryError("Google Scholar strings cannot be parsed into blocks.",
                         f"Parse the source string instead (--db one of the others or "
                         f"{', '.join(PARSE_ONLY)}).")
    lines = numbered_lines(text)
    if lines is not None:
        for line in lines:  # report problems where they are written, not after resolving
            if not is_combination(line.text):
                part = parse_tree(line.text, family)
                shift(part, line.start)
                _raise_first(part, text, db)
        text = resolve_lines(lines, family)
    result = _parse_plain(text) if family == "plain" and lines is None else \
        parse_tree(text, family)
    _raise_first(result, text, db)
    if result.tree is None:
        raise QueryError("the search string is empty.", "Give a file that holds the string.")
    return _Converter(text, family).strategy(result.tree)


def _raise_first(result: ParseResult, text: str, db: str) -> None:
    if result.problems:
        p = result.problems[0]
        line, col = line_col(text, p.start)
        raise QueryError(f"{db} string, line {line}:{col}: {p.message}.",
                         "Fix it there ('litsearch query lint FILE --db "
                         f"{db}' lists every problem).")


def _parse_plain(text: str) -> ParseResult:
    """Parse each plain-style block on its own (positions stay those of ``text``), ANDed."""
    parts = []
    for start, end in plain_segments(text):
        part = parse_tree(text[start:end], "plain")
        shift(part, start)
        parts.append(part)
    trees = [p.tree for p in parts if p.tree is not None]
    tree = trees[0] if len(trees) == 1 else \
        Group(trees[0].start, trees[-1].end, op="AND", children=trees) if trees else None
    return ParseResult(tree, [t for p in parts for t in p.tokens],
                       [x for p in parts for x in p.problems])


class _Converter:
    def __init__(self, text: str, family: str) -> None:
        self.text, self.family = text, family
        self.warnings: list[str] = []
        self.blocks: dict[str, Block] = {}
        self.keys: dict[tuple, str] = {}
        self.untagged = 0

    def fail(self, node: Node, message: str) -> QueryError:
        line, col = line_col(self.text, node.start)
        return QueryError(f"line {line}:{col}: {message}.",
                          "Keep such a string as written in queries/<db>.txt; a strategy "
                          "block is terms and headings ORed.")

    def strategy(self, tree: Node) -> tuple[Strategy, list[str]]:
        includes, excludes = self.flatten(tree)
        limits = Limits()
        rest = []
        for node in includes:
            if self.is_limit(node):
                self.add_limit(node, limits)
            else:
                rest.append(node)
        roots = [n for n in rest if self.is_searches(n)]
        searches: list[Search] = []
        if len(roots) == 1:
            common = [n for n in rest if n is not roots[0]]
            for i, child in enumerate(_unwrap(roots[0]).children, start=1):
                inc, exc = self.flatten(_unwrap(child))
                searches.append(self.search(chr(64 + i) if i <= 26 else f"s{i}",
                                            inc + common, exc + excludes))
        else:
            searches.append(self.search("A", rest, excludes))
        strategy = Strategy(blocks=self.blocks, searches=searches, limits=limits,
                            default_field="tiab")
        if self.untagged:
            self.warnings.append(f"{self.untagged} terms have no field: the platform searches "
                                 "them in all fields, so they are kept with field = \"all\"; "
                                 "change it where you meant title/abstract.")
        return strategy, self.warnings

    def flatten(self, node: Node) -> tuple[list[Node], list[Node]]:
        node = _unwrap(node)
        if isinstance(node, Group) and node.op == "AND" and node.field is None:
            inc: list[Node] = []
            exc: list[Node] = []
            for child in node.children:
                i, e = self.flatten(child)
                inc += i
                exc += e
            return inc, exc
        if isinstance(node, Group) and node.op == "NOT":
            inc, exc = self.flatten(node.children[0])
            return inc, exc + list(node.children[1:])
        return [node], []

    def is_limit(self, node: Node) -> bool:
        node = _unwrap(node)
        if isinstance(node, LimitNode):
            return True
        return isinstance(node, Group) and node.op in ("OR", "AND") and \
            all(self.is_limit(c) for c in node.children)

    def add_limit(self, node: Node, limits: Limits) -> None:
        node = _unwrap(node)
        if isinstance(node, Group):
            for child in node.children:
                self.add_limit(child, limits)
        elif isinstance(node, LimitNode):
            self.warnings.extend(add_limit(node, limits))

    def is_searches(self, node: Node) -> bool:
        node = _unwrap(node)
        return isinstance(node, Group) and node.op == "OR" and len(node.children) > 1 and \
            all(isinstance(_unwrap(c), Group) and _unwrap(c).op in ("AND", "NOT")
                for c in node.children)

    def search(self, name: str, includes: list[Node], excludes: list[Node]) -> Search:
        entries: list[str | list[str]] = []
        for node in includes:
            if self.is_limit(node):
                raise self.fail(node, "a limit inside a search branch")
            names = [self.block(n) for n in self.entry_blocks(node)]
            entries.append(names[0] if len(names) == 1 else names)
        return Search(name=name, all=entries, none=[self.exclusion(n) for n in excludes])

    def exclusion(self, node: Node) -> str | list[str]:
        node = _unwrap(node)
        if isinstance(node, Group) and node.op == "NOT" and node.field is None:
            inc, exc = self.flatten(node)
            if len(inc) == 1:
                return [self.block(inc[0]), *(self.block(n) for n in exc)]
        return self.block(node)

    def entry_blocks(self, node: Node) -> list[Node]:
        node = _unwrap(node)
        if not (isinstance(node, Group) and node.op == "OR" and len(node.children) > 1
                and node.field is None):
            return [node]
        kids = [_unwrap_one(c) for c in node.children]
        boxed = all((isinstance(c, Group) and (c.paren or c.field) and c.op == "OR"
                     or isinstance(c, Group) and c.field and c.op not in ("NEAR", "NEXT"))
                    and not _only_headings(c) for c in kids)
        if boxed and len({self.term_keys(c) for c in kids}) > 1:
            return kids
        return [node]

    def term_keys(self, node: Node) -> tuple:
        items = []
        self.collect(node, items, None)
        return tuple(sorted({t.text.casefold() for t, _ in items if isinstance(t, Term)}))

    def block(self, node: Node) -> str:
        items: list[tuple[Term | Heading, str | None]] = []
        self.collect(_unwrap(node), items, None)
        fields: dict[str, set[str]] = {}
        terms: dict[str, Term] = {}
        headings: list[Heading] = []
        for item, fld in items:
            if isinstance(item, Heading):
                if item not in headings:
                    headings.append(item)
                continue
            terms.setdefault(item.text, item)
            fields.setdefault(item.text, set()).add(fld or self.default_field())
        final = [_with_field(t, _merge(fields[k])) for k, t in terms.items()]
        common = {t.field for t in final}
        block_field = common.pop() if len(common) == 1 else None
        if block_field is not None:
            final = [_with_field(t, None) for t in final]
        key = (tuple(t.key() for t in final), block_field, tuple(headings))
        if key in self.keys:
            return self.keys[key]
        name = _unique(slug(final[0].text if final else headings[0].name), self.blocks)
        vocab = {"ebsco": "cinahl", "embasecom": "emtree"}.get(self.family, "mesh")
        self.blocks[name] = Block(name=name, terms=final, field=block_field,
                                  headings={vocab: headings} if headings else {})
        self.keys[key] = name
        return name

    def default_field(self) -> str | None:
        return None if self.family == "plain" else "all"

    def collect(self, node: Node, out: list, fld: str | None) -> None:
        if isinstance(node, Leaf):
            out.append((self.leaf_term(node), self.generic_field(node, node.field or fld)))
        elif isinstance(node, HeadingNode):
            out.append((Heading(node.name, node.explode, node.major), None))
        elif isinstance(node, Group) and node.op in ("NEAR", "NEXT"):
            code = self.generic_field(node, node.field or fld)
            out.extend((term, code) for term in self.proximity(node))
        elif isinstance(node, Group) and node.op == "OR":
            for child in node.children:
                self.collect(child, out, node.field or fld)
        elif isinstance(node, LimitNode):
            raise self.fail(node, "a limit inside a block")
        else:
            raise self.fail(node, "an AND or NOT inside a block")

    def generic_field(self, node: Node, code: str | None) -> str | None:
        if code is None:
            return None
        table = GENERIC_FIELDS.get(self.family, {})
        key = code if code in table else code.lower()
        if key not in table:
            raise self.fail(node, f"the field {code!r} cannot be kept (known: "
                                  f"{', '.join(sorted(set(table)))})")
        return table[key]

    def generic_text(self, text: str) -> str:
        table = GENERIC_WILDCARDS.get(self.family, {})
        text = re.sub(r"\$\d+", "*", text) if self.family == "ovid" else text
        return " ".join("".join(table.get(c, c) for c in text).split())

    def leaf_term(self, leaf: Leaf) -> Term:
        text = self.generic_text(leaf.text)
        if leaf.field is None and self.family != "plain":
            self.untagged += 1
        if leaf.implicit and self.family != "ovid":
            line, col = line_col(self.text, leaf.start)
            self.warnings.append(f"line {line}:{col}: {leaf.text!r} has no quotes; it is kept "
                                 "as one phrase (the platform may AND its words).")
        if leaf.within is not None and len(text.split()) > 1:
            return Term(text, near=tuple(text.split()), within=leaf.within)
        return Term(text, exact=leaf.exact)

    def proximity(self, node: Group) -> list[Term]:
        """Return the proximity term(s) of a NEAR/NEXT group.

        An operand may be an OR group (``mental* adj3 (ill* or disorder*)``): the
        group is expanded into one term per combination, which finds the same
        records, since A NEAR (B OR C) is (A NEAR B) OR (A NEAR C).
        """
        options = [self.operand_words(child) for child in node.children]
        combos = list(itertools.product(*options))
        if len(combos) > MAX_PROXIMITY_EXPANSION:
            raise self.fail(node, f"a proximity search with {len(combos)} combinations of "
                                  f"its OR groups (at most {MAX_PROXIMITY_EXPANSION} are "
                                  "expanded)")
        if len(combos) > 1:
            line, col = line_col(self.text, node.start)
            self.warnings.append(f"line {line}:{col}: a proximity search with OR groups is "
                                 f"written as {len(combos)} proximity terms, one per "
                                 "combination (same records).")
        offset, bare = PROXIMITY.get(self.family, (0, 0))
        ordered = node.op == "NEXT"
        if node.distance is None:
            within = 0 if ordered else bare + offset
        else:
            within = max(node.distance + offset, 0)
        out = []
        for words in combos:
            if ordered and within == 0:
                out.append(Term(" ".join(words)))
            else:
                out.append(Term(" ".join(words), near=tuple(words), within=within,
                                ordered=ordered))
        return out

    def operand_words(self, node: Node) -> list[str]:
        """Return the alternatives of one proximity operand: a term, or an OR of terms."""
        node = _unwrap(node)
        if isinstance(node, Leaf):
            return [self.generic_text(node.text)]
        if isinstance(node, Group) and node.op == "OR":
            return [w for child in node.children for w in self.operand_words(child)]
        raise self.fail(node, "proximity between groups other than ORed terms")


def _merge(fields: set[str | None]) -> str | None:
    named = {f for f in fields if f}
    if not named:
        return None
    if named >= {"ti", "ab"} or named == {"tiab"}:
        return "tiabkw" if "kw" in named or "tiabkw" in named else "tiab"
    if len(named) == 1:
        only = named.pop()
        return "tiabkw" if only == "kw" else only
    return "all" if "all" in named else "tiabkw"


def _with_field(term: Term, fld: str | None) -> Term:
    return Term(term.text, field=fld, exact=term.exact, near=term.near, within=term.within,
                ordered=term.ordered)


def _only_headings(node: Node) -> bool:
    if isinstance(node, Group):
        return all(_only_headings(c) for c in node.children)
    return isinstance(node, HeadingNode)


def _unwrap(node: Node) -> Node:
    while isinstance(node, Group) and len(node.children) == 1 and node.field is None:
        node = node.children[0]
    return node


def _unwrap_one(node: Node) -> Node:
    if isinstance(node, Group) and len(node.children) == 1 and node.field is None and \
            isinstance(node.children[0], Group):
        return node.children[0]
    return node


def _unique(name: str, taken: dict) -> str:
    if name not in taken:
        return name
    i = 2
    while f"{name}-{i}" in taken:
        i += 1
    return f"{name}-{i}"
