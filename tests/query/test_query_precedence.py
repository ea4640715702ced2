"""Operator precedence per platform: the parser, the table, lint and the renderers agree.

Two properties over every platform family, plus each platform's documented examples:
- a random operator tree written with only the brackets its precedence needs parses
  back into the same tree;
- a random strategy rendered for a platform reads, on that platform, exactly as the
  strategy means (checked by evaluating both as Boolean formulas over their terms).
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.query import PLATFORMS, lint_text, parse_strategy, render
from litsearch.query.explicit import SPELLING, write_tree
from litsearch.query.model import Block, Heading, Limits, Search, Strategy, Term
from litsearch.query.nodes import Group, HeadingNode, Leaf, LimitNode, Node
from litsearch.query.parse import parse_tree
from litsearch.query.precedence import PRECEDENCE

WORDS = ["gambling", "harm", "debt", "family", "stress", "coping", "meaning", "care",
         "nurse", "client", "youth", "policy"]
PROXIMITY_FAMILIES = {"ovid", "embasecom", "cochrane", "wos", "scopus", "ebsco"}


# --- tree round trip -----------------------------------------------------------------


def _shape(node: Node | None) -> object:
    """Return a comparable shape: words, and (op, distance, children) with chains of one
    associative operator flattened (a OR (b OR c) is a OR b OR c)."""
    if isinstance(node, Leaf):
        return node.text
    assert isinstance(node, Group), node
    if len(node.children) == 1:
        return _shape(node.children[0])
    kids: list[object] = []
    for i, child in enumerate(node.children):
        shape = _shape(child)
        if node.op in ("AND", "OR") and isinstance(shape, tuple) and \
                shape[:2] == (node.op, node.distance):
            kids.extend(shape[2])
        elif node.op not in ("AND", "OR", "NOT") and i == 0 and isinstance(shape, tuple) \
                and shape[:2] == (node.op, node.distance):
            kids.extend(shape[2])  # a W/3 b W/3 c: the parser keeps one chain
        else:
            kids.append(shape)
    return (node.op, node.distance, tuple(kids))


def _trees(family: str) -> st.SearchStrategy[Node]:
    words = st.sampled_from(WORDS).map(lambda w: Leaf(0, 0, text=w))
    ors = st.lists(words, min_size=2, max_size=3).map(
        lambda kids: Group(0, 0, op="OR", children=kids))
    ops = ["AND", "OR", "NOT"]

    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        boolean = st.tuples(st.sampled_from(ops), st.lists(children, min_size=2, max_size=3)) \
            .map(lambda t: Group(0, 0, op=t[0], children=t[1] if t[0] != "NOT" else t[1][:2]))
        return boolean

    base: st.SearchStrategy[Node] = words
    if family in PROXIMITY_FAMILIES:
        spell = SPELLING[family]
        kinds = [k for k in ("NEAR", "NEXT") if k in spell]
        operand = st.one_of(words, ors)

        def prox(t: tuple) -> Group:
            kind, dist, a, b = t
            if family == "ovid" and kind == "NEXT":
                dist = None  # Ovid's ordered operator is plain adj
            return Group(0, 0, op=kind, children=[a, b], distance=dist)

        base = st.one_of(words, st.tuples(st.sampled_from(kinds), st.integers(1, 5), operand,
                                          operand).map(prox))
    return st.recursive(base, extend, max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), family=st.sampled_from(sorted(SPELLING)))
def test_query_precedence_tree_written_with_needed_brackets_parses_back(data, family) -> None:
    tree = data.draw(_trees(family))
    text = write_tree(tree, family)
    result = parse_tree(text, family)
    assert not result.problems, (text, result.problems)
    assert _shape(result.tree) == _shape(tree), text


# --- documented examples per platform -------------------------------------------------

#: (platform, string, how the platform documents it is read)
DOCUMENTED = [
    # Scopus help: OR, then W/n and PRE/n, then AND, then AND NOT.
    ("scopus", "TITLE-ABS-KEY(harm W/3 family OR debt)", "harm W/3 (family OR debt)"),
    ("scopus", "TITLE-ABS-KEY(finland OR finnish AND pisa)", "(finland OR finnish) AND pisa"),
    ("scopus", "TITLE-ABS-KEY(a AND NOT b AND c)", "a AND NOT (b AND c)"),
    # Web of Science help: copper OR lead AND algae finds lead AND algae, or copper.
    ("wos", "TS=(copper OR lead AND algae)", "copper OR (lead AND algae)"),
    ("wos", "TS=(a NOT b AND c)", "(a NOT b) AND c"),
    ("wos", "TS=(a NOT b SAME c)", "a NOT (b SAME c)"),
    # NLM: salmonella AND hamburger OR eggs finds salmonella AND hamburger, or eggs.
    ("pubmed", "salmonella[tiab] AND hamburger[tiab] OR eggs[tiab]",
     "(salmonella[tiab] AND hamburger[tiab]) OR eggs[tiab]"),
    ("pubmed", "a[tiab] OR b[tiab] AND c[tiab]", "(a[tiab] OR b[tiab]) AND c[tiab]"),
    # embase.com: no precedence, strictly left to right.
    ("embase.com", "(a OR b NEAR/3 c):ti,ab", "(a OR b) NEAR/3 c"),
    ("embase.com", "(a NOT b AND c):ti,ab", "(a NOT b) AND c"),
    # Ovid (NSW CIAP): AND before NOT or OR, OR last.
    ("medline", "(children or adolescents and obesity).ti,ab.",
     "children or (adolescents and obesity)"),
    ("medline", "(a not b or c).ti,ab.", "(a not b) or c"),
    # EBSCO: AND takes precedence over OR.
    ("cinahl", "TI (heart OR lung AND bypass)", "heart OR (lung AND bypass)"),
]


@pytest.mark.parametrize(("db", "text", "reads"), DOCUMENTED)
def test_query_precedence_documented_examples(db: str, text: str, reads: str) -> None:
    findings = [f for f in lint_text(text, db) if f.code == "Q401"]
    assert len(findings) == 1
    assert f"means {reads}." in findings[0].message
    inner = text[text.index("(") + 1:text.rindex(")")] if "(" in text else text
    written_out = text.replace(inner, reads)
    assert _shape(parse_tree(written_out, PLATFORMS[db].family).tree) == \
        _shape(parse_tree(text, PLATFORMS[db].family).tree)
    assert not [f for f in lint_text(written_out, db) if f.code == "Q401"]


def _tree_atoms(node: Node) -> set[Atom]:
    if isinstance(node, Leaf):
        return {("prox", *node.text.casefold().split()) if node.within is not None
                else ("term", node.text.casefold())}
    if isinstance(node, Group) and node.op in ("NEAR", "NEXT"):
        options = [[c.text.casefold()] if isinstance(c, Leaf) else
                   [x.text.casefold() for x in c.children] for c in node.children]
        return {("prox", *combo) for combo in itertools.product(*options)}
    if isinstance(node, Group):
        return set().union(*(_tree_atoms(c) for c in node.children))
    return set()


@pytest.mark.parametrize(("db", "text", "reads"), DOCUMENTED)
def test_query_precedence_string_strategy_string_reads_the_same(db, text, reads) -> None:
    """string -> strategy -> string: the platform reads the new string as the old one."""
    from litsearch.errors import QueryError

    family = PLATFORMS[db].family
    try:
        strategy, _ = parse_strategy(text, db)
    except QueryError as exc:  # an AND inside a block: refused, and said where
        assert "inside a block" in str(exc)
        return
    (again,) = render(strategy, db).strings
    before, after = parse_tree(text, family).tree, parse_tree(again, family).tree
    atoms = sorted(_tree_atoms(before) | _tree_atoms(after))
    for values in itertools.product([False, True], repeat=len(atoms)):
        truth = dict(zip(atoms, values, strict=True))
        assert _eval_tree(before, truth) == _eval_tree(after, truth), (text, again)


def test_query_precedence_undocumented_order_is_said_to_be_an_assumption() -> None:
    (finding,) = [f for f in lint_text("a:ti OR b:ti AND c:ti", "cochrane")
                  if f.code == "Q401"]
    assert "documents no order" in finding.message


def test_query_precedence_table_cites_a_source_for_every_family() -> None:
    for family, prec in PRECEDENCE.items():
        assert prec.sources and all(prec.sources), family
        placed = [op for level in prec.levels for op in level]
        assert len(placed) == len(set(placed)), family


def test_query_parse_scopus_keeps_or_inside_proximity() -> None:
    strategy, warnings = parse_strategy("TITLE-ABS-KEY(harm W/3 family OR debt)", "scopus")
    (block,) = strategy.blocks.values()
    assert [(t.near, t.within) for t in block.terms] == \
        [(("harm", "family"), 3), (("harm", "debt"), 3)]
    assert any("means harm W/3 (family OR debt)" in w for w in warnings)


# --- strategy -> string: the platform reads what the strategy means -------------------

Atom = tuple


def _term_atom(term: Term) -> Atom:
    return ("prox", *term.near) if term.near else ("term", term.text.casefold())


def _eval_strategy(strategy: Strategy, vocabulary: str | None, truth: dict) -> bool:
    def block(name: str) -> bool:
        b = strategy.blocks[name]
        heads = [] if vocabulary is None else \
            b.headings.get(vocabulary) or next(iter(b.headings.values()), [])
        return any(truth[_term_atom(t)] for t in b.terms) or \
            any(truth[("heading", h.name.casefold())] for h in heads)

    def entry(e: str | list[str]) -> bool:
        return any(block(n) for n in ([e] if isinstance(e, str) else e))

    def exclusion(e: str | list[str]) -> bool:
        if isinstance(e, str):
            return block(e)
        return block(e[0]) and not any(block(n) for n in e[1:])

    found = any(all(entry(e) for e in s.all) and not any(exclusion(x) for x in s.none)
                for s in strategy.searches)
    if strategy.limits.languages:
        found = found and any(truth[("limit", x[:3])] for x in strategy.limits.languages)
    return found


def _eval_tree(node: Node, truth: dict) -> bool:
    if isinstance(node, Leaf):
        if node.within is not None:
            return truth[("prox", *node.text.casefold().split())]
        return truth[("term", node.text.casefold())]
    if isinstance(node, HeadingNode):
        return truth[("heading", node.name.casefold())]
    if isinstance(node, LimitNode):
        return any(truth[("limit", v.casefold()[:3])] for v in node.values)
    assert isinstance(node, Group)
    if node.op in ("NEAR", "NEXT"):  # A NEAR (B OR C) is (A NEAR B) OR (A NEAR C)
        options = [[c.text.casefold()] if isinstance(c, Leaf) else
                   [x.text.casefold() for x in c.children] for c in node.children]
        return any(truth.get(("prox", *combo), False) for combo in itertools.product(*options))
    values = [_eval_tree(c, truth) for c in node.children]
    if node.op == "AND":
        return all(values)
    if node.op == "OR":
        return any(values)
    return values[0] and not any(values[1:])


def _strategies() -> st.SearchStrategy[Strategy]:
    word = st.sampled_from(WORDS)
    single = st.builds(lambda w, cut: w[:5] + "*" if cut else w, word, st.booleans())
    phrase = st.lists(word, min_size=2, max_size=2, unique=True).map(" ".join)
    near = st.builds(lambda ws, n, o: Term(" ".join(ws), near=tuple(ws), within=n, ordered=o),
                     st.lists(word, min_size=2, max_size=2, unique=True), st.integers(1, 4),
                     st.booleans())
    term = st.one_of(single.map(Term), phrase.map(Term), near)
    heading = st.sampled_from(["Gambling", "Family", "Stress"]).map(Heading)

    @st.composite
    def build(draw) -> Strategy:
        n = draw(st.integers(2, 4))
        blocks = {}
        for i in range(n):
            terms = draw(st.lists(term, min_size=1, max_size=3, unique_by=_term_atom))
            heads = draw(st.lists(heading, max_size=1))
            blocks[f"b{i}"] = Block(f"b{i}", terms=terms, field=draw(st.sampled_from(
                ["tiab", "ti", "tiabkw"])), headings={"mesh": heads} if heads else {})
        names = list(blocks)
        searches = []
        for k in range(draw(st.integers(1, 2))):
            entries = draw(st.lists(st.one_of(st.sampled_from(names), st.lists(
                st.sampled_from(names), min_size=2, max_size=2, unique=True)),
                min_size=1, max_size=3))
            nots = draw(st.lists(st.one_of(st.sampled_from(names), st.lists(
                st.sampled_from(names), min_size=2, max_size=2, unique=True)), max_size=1))
            searches.append(Search(f"s{k}", all=entries, none=nots))
        langs = draw(st.sampled_from([[], ["english"], ["english", "dutch"]]))
        return Strategy(blocks=blocks, searches=searches, limits=Limits(languages=langs))

    return build()


def _atoms(strategy: Strategy) -> list[Atom]:
    atoms = {_term_atom(t) for b in strategy.blocks.values() for t in b.terms}
    atoms |= {("heading", h.name.casefold()) for b in strategy.blocks.values()
              for hs in b.headings.values() for h in hs}
    atoms |= {("limit", x[:3]) for x in strategy.limits.languages}
    return sorted(atoms)


RENDERED = [p for p in PLATFORMS if p != "google-scholar"]


@settings(max_examples=40, deadline=None)
@given(strategy=_strategies(), db=st.sampled_from(RENDERED))
def test_query_rendered_string_reads_as_the_strategy_means(strategy: Strategy, db) -> None:
    plat = PLATFORMS[db]
    (text,) = render(strategy, db).strings
    result = parse_tree(text, plat.family)
    assert not result.problems, (text, result.problems)
    atoms = _atoms(strategy)
    rng = random.Random(0)
    if len(atoms) <= 10:
        assignments = itertools.product([False, True], repeat=len(atoms))
    else:
        assignments = ([rng.random() < 0.5 for _ in atoms] for _ in range(400))
    limitless = plat.family in ("cochrane",)  # limits are set in the interface there
    for values in assignments:
        truth = dict(zip(atoms, values, strict=True))
        if limitless:
            truth.update({a: True for a in atoms if a[0] == "limit"})
        assert _eval_tree(result.tree, truth) == _eval_strategy(strategy, plat.vocabulary,
                                                                truth), text
