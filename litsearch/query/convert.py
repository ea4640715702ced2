"""Turn a parse tree into a strategy: blocks, searches and limits.

The top of the tree is read as searches: ANDed operands are blocks (a bracketed
OR of terms), NOT operands are excluded blocks, limit clauses become limits, and
an OR of AND-groups is several searches (blocks they share are written once).
"""

from __future__ import annotations

import re

from ..errors import QueryError
from .model import Block, Heading, Limits, Search, Strategy, Term, slug
from .nodes import Group, HeadingNode, Leaf, LimitNode, Node
from .parse import parse_tree
from .plain import join_plain_blocks
from .platforms import PARSE_ONLY, get_platform
from .tokens import line_col

#: Platform field code → generic field, per family (codes as the tokenizer reports them).
GENERIC_FIELDS: dict[str, dict[str, str]] = {
    "pubmed": {"tiab": "tiab", "title/abstract": "tiab", "ti": "ti", "title": "ti",
               "all": "all", "all fields": "all", "tw": "all", "text word": "all"},
    "ovid": {"ti,ab": "tiab", "ab,ti": "tiab", "ti": "ti", "ab": "ab", "ti,ab,kf": "tiabkw",
             "ti,ab,kw": "tiabkw", "ti,ab,id": "tiabkw", "tw": "tiabkw", "tw,kf": "tiabkw",
             "mp": "all", "af": "all"},
    "embasecom": {"ti,ab": "tiab", "ab,ti": "tiab", "ti": "ti", "ab": "ab",
                  "ti,ab,kw": "tiabkw", "kw": "kw"},
    "cochrane": {"ti,ab": "tiab", "ab,ti": "tiab", "ti": "ti", "ab": "ab",
                 "ti,ab,kw": "tiabkw", "kw": "kw"},
    "wos": {"TS": "tiabkw", "TI": "ti", "AB": "ab", "ALL": "all"},
    "scopus": {"TITLE-ABS-KEY": "tiabkw", "TITLE-ABS": "tiab", "TITLE": "ti", "ABS": "ab",
               "ALL": "all", "KEY": "kw", "AUTHKEY": "kw"},
    "ebsco": {"TI": "ti", "AB": "ab", "SU": "kw", "KW": "kw", "TX": "all"},
    "europepmc": {"TITLE": "ti", "ABSTRACT": "ab", "KW": "kw"},
}
#: Platform wildcard → generic wildcard (only where they differ).
GENERIC_WILDCARDS = {"ovid": {"#": "?", "?": "$", "$": "*"}, "ebsco": {"#": "$"}}
#: Proximity numbers: (offset added to get words between, value of a bare operator).
PROXIMITY = {"ovid": (-1, 1), "embasecom": (-1, 1), "cochrane": (0, 6), "wos": (0, 15)}
#: Europe PMC language codes back to names.
LANGUAGE_CODES = {"eng": "english", "dut": "dutch", "ger": "german", "fre": "french",
                  "spa": "spanish"}


def parse_strategy(text: str, db: str) -> tuple[Strategy, list[str]]:
    """Parse a search string written for ``db`` into a strategy.

    Args:
        text: The search string as pasted from the platform.
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
    if family == "plain":
        text = join_plain_blocks(text)
    result = parse_tree(text, family)
    if result.problems:
        p = result.problems[0]
        line, col = line_col(text, p.start)
        raise QueryError(f"{db} string, line {line}:{col}: {p.message}.",
                         "Fix it there ('litsearch query lint FILE --db "
                         f"{db}' lists every problem).")
    if result.tree is None:
        raise QueryError("the search string is empty.", "Give a file that holds the string.")
    return _Converter(text, family).strategy(result.tree)


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
            return
        assert isinstance(node, LimitNode)
        if node.kind in ("years", "pubyear"):
            self.add_years(node, limits)
        elif node.kind == "language":
            limits.languages += [LANGUAGE_CODES.get(v.lower(), v.lower()) for v in node.values
                                 if v.lower() not in limits.languages]
        elif node.kind == "pubtype":
            limits.publication_types += node.values
        else:
            self.warnings.append(f"filter {' '.join(node.values)!r} is not kept: set it "
                                 "again when rendering or in the interface.")

    @staticmethod
    def add_years(node: LimitNode, limits: Limits) -> None:
        values = node.values
        if node.kind == "pubyear":
            op, year = values[0], int(values[1])
            if ">" in op:
                limits.year_from = year + (0 if "=" in op else 1)
            elif "<" in op:
                limits.year_to = year - (0 if "=" in op else 1)
            else:
                limits.year_from = limits.year_to = year
            return
        years = [int(y) for y in re.findall(r"\d{4}", " ".join(values))]
        if years:
            limits.year_from = years[0]
            to = years[1] if len(years) > 1 else None
            limits.year_to = None if to is None or to >= 2999 else to

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
        return Search(name=name, all=entries, none=[self.block(n) for n in excludes])

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
            out.append((self.proximity(node), self.generic_field(node, node.field or fld)))
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

    def proximity(self, node: Group) -> Term:
        words = []
        for child in node.children:
            if not isinstance(child, Leaf):
                raise self.fail(child, "proximity between groups")
            words.append(self.generic_text(child.text))
        offset, bare = PROXIMITY.get(self.family, (0, 0))
        ordered = node.op == "NEXT"
        if node.distance is None:
            within = 0 if ordered else bare + offset
        else:
            within = max(node.distance + offset, 0)
        if ordered and within == 0:
            return Term(" ".join(words))
        return Term(" ".join(words), near=tuple(words), within=within, ordered=ordered)


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
