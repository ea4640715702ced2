"""Read the leaves of a parse tree as strategy terms: text, wildcards, fields, proximity.

:class:`TermReader` holds what every conversion step shares (the text for positions,
the syntax family, warnings); :mod:`.convert` builds blocks and searches on it.
"""

from __future__ import annotations

import itertools
import re

from ..errors import QueryError
from .codes import GENERIC_FIELDS, GENERIC_WILDCARDS, PROXIMITY
from .model import FIELDS, Term
from .nodes import Group, Leaf, Node
from .tokens import line_col

#: Most proximity terms one NEAR with OR groups is expanded into.
MAX_PROXIMITY_EXPANSION = 64


class TermReader:
    """Turn leaves and proximity groups of one parsed text into :class:`Term` objects."""

    def __init__(self, text: str, family: str, numbered: bool = False,
                 fields: dict[str, str] | None = None) -> None:
        self.text, self.family, self.numbered = text, family, numbered
        self.fields = fields
        self.warnings: list[str] = []
        self.untagged = 0
        self._field_notes: set[tuple] = set()

    def check_field(self, written: set[str], generic: str | None) -> None:
        """Warn once when ``written`` codes render back as another field on the platform.

        A strategy has five generic fields; a platform code with none of its own
        (PubMed [tw], Ovid .af., Scopus KEY()) is kept as the nearest one, and the
        rendered string then searches other fields: the searcher must be told.
        """
        if not written or generic is None or self.fields is None:
            return
        back = self.fields.get(generic, "")
        if set().union(*(_field_parts(c, self.family) for c in written)) == \
                _field_parts(back, self.family):
            return
        note = (tuple(sorted(written)), back)
        if note in self._field_notes:
            return
        self._field_notes.add(note)
        codes = ", ".join(repr(c) for c in sorted(written))
        self.warnings.append(
            f"the field{'s' if len(written) > 1 else ''} {codes} "
            f"{'are' if len(written) > 1 else 'is'} kept as field = \"{generic}\" "
            f"({FIELDS[generic]}), which this platform writes {back!r}: the rendered "
            "string searches other fields; check it, or keep the string as written in "
            "queries/<db>.txt.")

    def where(self, node: Node, at: int | None = None) -> str:
        """Return where ``node`` is written: ``line L:C``, or its text in a numbered history.

        A numbered history is parsed after its line references are replaced, so
        offsets there are not those of the file; the node's own text is quoted instead.
        """
        if self.numbered:
            snippet = " ".join(self.text[node.start:node.end].split())
            return f"at {snippet[:60] + ('…' if len(snippet) > 60 else '')!r}"
        line, col = line_col(self.text, node.start if at is None else at)
        return f"line {line}:{col}"

    def fail(self, node: Node, message: str, at: int | None = None) -> QueryError:
        """Return a QueryError saying where ``node`` (or offset ``at``) is (see :meth:`where`)."""
        return QueryError(f"{self.where(node, at)}: {message}.",
                          "Keep such a string as written in queries/<db>.txt; a strategy "
                          "block is terms and headings ORed.")

    def generic_field(self, node: Node, code: str | None) -> str | None:
        """Return the generic field of a platform field code (None stays None)."""
        if code is None:
            return None
        table = GENERIC_FIELDS.get(self.family, {})
        key = code if code in table else code.lower()
        if key not in table:
            raise self.fail(node, f"the field {code!r} cannot be kept (known: "
                                  f"{', '.join(sorted(set(table)))})")
        return table[key]

    def generic_text(self, text: str) -> str:
        """Return ``text`` with the platform's wildcards in generic characters."""
        table = GENERIC_WILDCARDS.get(self.family, {})
        text = re.sub(r"\$\d+", "*", text) if self.family == "ovid" else text
        return " ".join("".join(table.get(c, c) for c in text).split())

    def leaf_term(self, leaf: Leaf) -> Term:
        """Return the term of a leaf (a PubMed ``[tiab:~n]`` phrase is a proximity term)."""
        text = self.generic_text(leaf.text)
        if leaf.field is None and self.family != "plain":
            self.untagged += 1
        if leaf.implicit and self.family != "ovid":
            self.warnings.append(f"{self.where(leaf)}: {leaf.text!r} has no quotes; it is kept "
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
            self.warnings.append(f"{self.where(node)}: a proximity search with OR groups is "
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
        node = unwrap(node)
        if isinstance(node, Leaf):
            return [self.generic_text(node.text)]
        if isinstance(node, Group) and node.op == "OR":
            return [w for child in node.children for w in self.operand_words(child)]
        raise self.fail(node, "proximity between groups other than ORed terms")


#: PubMed's spelled-out field names and the tags they are (same field, other spelling).
_SPELLED_FIELDS = {"title": "ti", "title/abstract": "tiab", "all fields": "all",
                   "text word": "tw"}


def _field_parts(code: str, family: str) -> set[str]:
    """Return the single fields a field code searches (``ti,ab`` → ti and ab)."""
    code = code.lower()
    code = _SPELLED_FIELDS.get(code, code) if family == "pubmed" else code
    parts = {p for p in re.split(r"[,\s]+", code) if p}
    return parts - {"tiab"} | {"ti", "ab"} if "tiab" in parts else parts


def merge_fields(fields: set[str | None]) -> str | None:
    """Return one generic field for the fields a term was written with (ti + ab = tiab)."""
    named = {f for f in fields if f}
    if not named:
        return None
    if named >= {"ti", "ab"} or named == {"tiab"}:
        return "tiabkw" if "kw" in named or "tiabkw" in named else "tiab"
    if len(named) == 1:
        only = named.pop()
        return "tiabkw" if only == "kw" else only
    return "all" if "all" in named else "tiabkw"


def with_field(term: Term, fld: str | None) -> Term:
    """Return ``term`` with another field."""
    return Term(term.text, field=fld, exact=term.exact, near=term.near, within=term.within,
                ordered=term.ordered)


def unwrap(node: Node) -> Node:
    """Return the node inside brackets that hold only it (and no field)."""
    while isinstance(node, Group) and len(node.children) == 1 and node.field is None:
        node = node.children[0]
    return node
