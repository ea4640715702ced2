"""Turn a parse tree into a strategy: blocks, searches and limits.

The top of the tree is read as searches: ANDed operands are blocks (a bracketed
OR of terms), NOT operands are excluded blocks, limit clauses become limits, and
an OR of AND-groups is several searches (blocks they share are written once).
"""

from __future__ import annotations

from ..errors import QueryError
from .convert_terms import TermReader, merge_fields, unwrap, with_field
from .limits import add_limit, add_years, year_range
from .lines import (
    is_combination,
    numbered_lines,
    qualifier_limits,
    resolve_lines,
    unkept_limits,
    unresolved,
)
from .lint import lint_text
from .model import Block, Heading, Limits, Search, Strategy, Term, slug
from .nodes import Group, HeadingNode, Leaf, LimitNode, Node, ParseResult, shift
from .parse import parse_tree
from .plain import plain_segments
from .platforms import PARSE_ONLY, get_platform
from .precedence import precedence
from .tokens import invisible, line_col


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
    limit_notes: list[str] = []
    hidden = invisible(text)
    for offset, name in hidden:
        line, col = line_col(text, offset)
        limit_notes.append(f"line {line}:{col}: an invisible character ({name.lower()}) is "
                           "dropped.")
    drop = {offset for offset, _ in hidden}
    text = "".join(c for i, c in enumerate(text) if i not in drop)
    original = text
    lines = numbered_lines(text)
    if lines is not None:
        for line in lines:  # report problems where they are written, not after resolving
            if not is_combination(line.text):
                part = parse_tree(line.text, family)
                shift(part, line.start)
                _raise_first(part, text, db)
        for start, _, message in unresolved(lines):
            line, col = line_col(text, start)
            raise QueryError(f"{db} string, line {line}:{col}: {message}.",
                             "Correct the line number: a line combines only lines above it.")
        text = resolve_lines(lines, family)
        years, languages, qualifier_notes = qualifier_limits(lines)
        limit_notes += unkept_limits(lines) + qualifier_notes
    result = _parse_plain(text) if family == "plain" and lines is None else \
        parse_tree(text, family)
    _raise_first(result, text, db)
    if result.tree is None:
        raise QueryError("the search string is empty.", "Give a file that holds the string.")
    vocab = None if family == "plain" else get_platform(db).vocabulary
    fields = None if family == "plain" else get_platform(db).fields
    strategy, warnings = _Converter(text, family, vocab, numbered=lines is not None,
                                    fields=fields).strategy(result.tree)
    if lines is not None and years is not None:
        limit_notes += add_years([years], strategy.limits, f"line {lines[-1].number}")
    if lines is not None:
        strategy.limits.languages += [x for x in dict.fromkeys(languages)
                                      if x not in strategy.limits.languages]
    # Say how operators mixed without brackets were read (the platform's precedence).
    readings = [f"line {f.line}:{f.col}: {f.message}" for f in lint_text(original, db)
                if f.code == "Q401"]
    return strategy, readings + limit_notes + warnings


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


class _Converter(TermReader):
    def __init__(self, text: str, family: str, vocabulary: str | None = None,
                 numbered: bool = False, fields: dict[str, str] | None = None) -> None:
        super().__init__(text, family, numbered, fields)
        self.vocabulary = vocabulary or "mesh"
        self.warnings: list[str] = []
        self.blocks: dict[str, Block] = {}
        self.keys: dict[tuple, str] = {}
        self.untagged = 0

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
            for i, child in enumerate(unwrap(roots[0]).children, start=1):
                inc, exc = self.flatten(unwrap(child))
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
        node = unwrap(node)
        # A field on an AND group is already on each of its terms (parse puts it there).
        if isinstance(node, Group) and node.op == "AND":
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
        node = unwrap(node)
        if isinstance(node, LimitNode):
            return True
        return isinstance(node, Group) and node.op in ("OR", "AND") and \
            all(self.is_limit(c) for c in node.children)

    def add_limit(self, node: Node, limits: Limits) -> None:
        node = unwrap(node)
        if isinstance(node, Group):
            rest = node.children
            if node.op == "OR":  # years ORed are one union, not each in turn
                years = [c for c in rest if isinstance(unwrap(c), LimitNode)
                         and year_range(unwrap(c)) is not None]
                self.warnings.extend(add_years([year_range(unwrap(c)) for c in years], limits,
                                               self.where(node)))
                rest = [c for c in rest if c not in years]
            for child in rest:
                self.add_limit(child, limits)
        elif isinstance(node, LimitNode):
            self.warnings.extend(add_limit(node, limits, self.where(node)))

    def is_searches(self, node: Node) -> bool:
        node = unwrap(node)
        # An OR with an AND (or NOT) among its parts is searches: (A AND B) OR C is the
        # search A AND B, and the search C.
        return isinstance(node, Group) and node.op == "OR" and len(node.children) > 1 and \
            any(isinstance(unwrap(c), Group) and unwrap(c).op in ("AND", "NOT")
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
        node = unwrap(node)
        if isinstance(node, Group) and node.op == "NOT" and node.field is None:
            inc, exc = self.flatten(node)
            if len(inc) == 1:
                return [self.block(inc[0]), *(self.block(n) for n in exc)]
        return self.block(node)

    def entry_blocks(self, node: Node) -> list[Node]:
        node = unwrap(node)
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
        return tuple(sorted({t.text.casefold() for t, *_ in items if isinstance(t, Term)}))

    def block(self, node: Node) -> str:
        items: list[tuple[Term | Heading, str | None, str | None]] = []
        self.collect(unwrap(node), items, None)
        fields: dict[tuple, set[str]] = {}
        terms: dict[tuple, Term] = {}
        headings: list[Heading] = []
        written: dict[tuple, set[str]] = {}
        for item, fld, code in items:
            if isinstance(item, Heading):
                if item not in headings:
                    headings.append(item)
                continue
            # A phrase and a proximity search of the same words are two terms.
            k = (item.text, item.near, item.within, item.ordered, item.exact)
            terms.setdefault(k, item)
            fields.setdefault(k, set()).add(fld or self.default_field())
            written.setdefault(k, set()).update({code} if code else set())
        final = [with_field(t, merge_fields(fields[k])) for k, t in terms.items()]
        for k, term in zip(terms, final, strict=True):
            self.check_field(written[k], term.field)
        common = {t.field for t in final}
        block_field = common.pop() if len(common) == 1 else None
        if block_field is not None:
            final = [with_field(t, None) for t in final]
        key = (tuple(t.key() for t in final), block_field, tuple(headings))
        if key in self.keys:
            return self.keys[key]
        name = _unique(slug(final[0].text if final else headings[0].name), self.blocks)
        self.blocks[name] = Block(name=name, terms=final, field=block_field,
                                  headings={self.vocabulary: headings} if headings else {})
        self.keys[key] = name
        return name

    def default_field(self) -> str | None:
        return None if self.family == "plain" else "all"

    def collect(self, node: Node, out: list, fld: str | None) -> None:
        if isinstance(node, Leaf):
            code = node.field or fld
            out.append((self.leaf_term(node), self.generic_field(node, code), code))
        elif isinstance(node, HeadingNode):
            if node.qualifier:
                self.warnings.append(f"{self.where(node)}: the qualifier [{node.qualifier}] of "
                                     f"heading {node.name!r} is not kept (broader).")
            out.append((Heading(node.name, node.explode, node.major), None, None))
        elif isinstance(node, Group) and node.op in ("NEAR", "NEXT"):
            written = node.field or fld
            code = self.generic_field(node, written)
            out.extend((term, code, written) for term in self.proximity(node))
        elif isinstance(node, Group) and node.op == "OR":
            for child in node.children:
                self.collect(child, out, node.field or fld)
        elif isinstance(node, LimitNode):
            raise self.fail(node, "a limit inside a block")
        else:
            op = node.written.upper() if isinstance(node, Group) and node.written \
                else "an implied AND"
            why = "" if not isinstance(node, Group) or node.paren else \
                f" (this platform reads {precedence(self.family).reads}: bracket each part " \
                "if that is not what you meant)"
            at = node.at if isinstance(node, Group) and node.at >= 0 else None
            raise self.fail(node, f"{op} inside a block{why}", at=at)


def _only_headings(node: Node) -> bool:
    if isinstance(node, Group):
        return all(_only_headings(c) for c in node.children)
    return isinstance(node, HeadingNode)


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
