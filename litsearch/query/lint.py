"""Find the mistakes search strings are known for, with position and fix.

``lint_text(text, platform)`` returns :class:`Finding` objects (code, severity,
line:col, message, fix). The checks are token checks (quotes, brackets, spacing,
wildcards) and tree checks (precedence, duplicates, redundancy, untagged PubMed
terms, diacritics, acronyms); the term checks live in :mod:`.lint_terms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .detect import FAMILY_NAMES, foreign_syntax
from .explicit import reading, reading_matters
from .lines import is_combination, numbered_lines, unresolved
from .lint_fields import unknown_fields
from .nodes import Group, Leaf, Node, ParseResult, shift
from .parse import parse_tree
from .plain import plain_segments
from .platforms import PLATFORMS, Platform, get_platform
from .precedence import UPPER_CASE_OPERATORS, precedence
from .tokens import CURLY, Token, invisible, line_col

#: Every lint code: (name, severity, what it means).
LINT_CODES: dict[str, tuple[str, str, str]] = {
    "Q101": ("curly-quote", "warning", "a typographic quote where a straight one is needed"),
    "Q102": ("mismatched-quotes", "warning", "a phrase opened and closed by different quotes"),
    "Q103": ("unclosed-quote", "error", "a quote that is never closed"),
    "Q104": ("unbalanced-parentheses", "error", "a bracket without its partner"),
    "Q105": ("missing-space", "error", "two tokens run together (practice*”OR)"),
    "Q106": ("syntax", "error", "a string the platform cannot read"),
    "Q107": ("field-on-group", "error", "PubMed cannot put a field tag on a bracketed group"),
    "Q108": ("operator-case", "warning", "a lower-case and/or/not searched as a word"),
    "Q109": ("missing-operator", "warning", "two terms or groups with no operator between"),
    "Q110": ("unknown-field", "error", "a field code the platform does not have (an error "
             "when it is one letter from a known code, else a warning)"),
    "Q111": ("foreign-syntax", "warning", "the string is written in another platform's syntax"),
    "Q112": ("invisible-character", "error", "an invisible character (soft hyphen, "
             "zero-width space) pasted into the string"),
    "Q201": ("unquoted-phrase", "warning", "several words without quotes"),
    "Q202": ("duplicate-term", "warning", "the same term twice in one block"),
    "Q203": ("duplicate-across-blocks", "info", "the same term in two blocks"),
    "Q204": ("redundant-term", "warning", "a term already found by a broader one beside it"),
    "Q301": ("short-truncation", "error", "truncation after too few characters"),
    "Q302": ("wildcard-not-allowed", "warning", "a wildcard the platform does not allow there"),
    "Q401": ("implicit-precedence", "warning", "operators mixed without brackets, so the "
             "platform's precedence decides the meaning"),
    "Q402": ("untagged-term", "warning", "PubMed terms without a field tag search all fields"),
    "Q501": ("diacritic-variant", "warning", "a term with a diacritic and no plain variant"),
    "Q502": ("ambiguous-acronym", "warning", "a short acronym with other common meanings"),
    "Q601": ("too-long", "error", "longer than the platform accepts"),
}



@dataclass(frozen=True)
class Finding:
    """One lint finding.

    Attributes:
        code: ``Q101``…; see :data:`LINT_CODES`.
        severity: ``error``, ``warning`` or ``info``.
        line: 1-based line.
        col: 1-based column.
        message: What is wrong, quoting the text.
        fix: How to fix it.
        start: Character offset (for highlighting).
        end: Character offset after the span.
        context: The line around the finding (at most about 70 characters).
        caret: Where the finding starts within ``context``.
    """

    code: str
    severity: str
    line: int
    col: int
    message: str
    fix: str
    start: int = 0
    end: int = 0
    context: str = ""
    caret: int = 0

    @property
    def name(self) -> str:
        """The code's short name (``curly-quote``)."""
        return LINT_CODES[self.code][0]

    def __str__(self) -> str:
        return f"{self.line}:{self.col} {self.severity} {self.code} {self.name}: " \
               f"{self.message} Fix: {self.fix}"


class _Collector:
    def __init__(self, text: str) -> None:
        self.text = text
        self.findings: list[Finding] = []

    def add(self, code: str, start: int, end: int, message: str, fix: str,
            severity: str | None = None) -> None:
        line, col = line_col(self.text, start)
        context, caret = excerpt(self.text, start)
        self.findings.append(Finding(code, severity or LINT_CODES[code][1], line, col,
                                     message, fix, start, end, context, caret))


def excerpt(text: str, offset: int, before: int = 30, after: int = 40) -> tuple[str, int]:
    """Return the part of ``offset``'s line around it, and the offset's place in it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, offset - before), min(line_end, offset + after)
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    return prefix + text[lo:hi] + suffix, len(prefix) + offset - lo


def lint_text(text: str, platform: str | Platform = "plain") -> list[Finding]:
    """Lint a search string written for ``platform`` (a platform id or ``plain``).

    Returns:
        Findings sorted by position; empty for a clean string.
    """
    from .lint_terms import check_terms

    plat = None if platform == "plain" else \
        platform if isinstance(platform, Platform) else get_platform(platform)
    family = plat.family if plat else "plain"
    out = _Collector(text)
    if family == "scholar":
        segments = _line_segments(text)
        for start, end in segments:
            if end - start > 256:
                out.add("Q601", start, end, f"this Google Scholar string has {end - start} "
                        "characters; Google Scholar reads at most 256.",
                        "Split it (litsearch query render does).")
        family = "plain"
    elif (lines := numbered_lines(text)) is not None:
        segments = [(line.start, line.start + len(line.text)) for line in lines
                    if not is_combination(line.text)]
        for start, end, message in unresolved(lines):
            out.add("Q106", start, end, message[0].upper() + message[1:] + ".",
                    "correct the line number: a line combines only lines above it.")
    elif family == "plain":
        segments = plain_segments(text)
    else:
        segments = [(0, len(text))]
    for offset, name in invisible(text):
        out.add("Q112", offset, offset + 1, f"an invisible character ({name.lower()}) is "
                "here: the platform searches the word split by it, or refuses it.",
                "delete it (litsearch query parse drops it).")
    if plat is not None and (other := foreign_syntax(text, family)):
        db, start, end = other
        name = FAMILY_NAMES.get(db, PLATFORMS[db].label)
        out.add("Q111", start, end, f"this string is written in {name} syntax "
                f"({text[start:end]!r}), not {plat.label}'s: {plat.label} reads those codes "
                "as search words or refuses the string.",
                f"lint it with --db {db}, or write it in {plat.label} syntax "
                f"(litsearch query parse FILE --db {db}, then query render --db {plat.id}).")
    trees: list[tuple[Node | None, int]] = []
    for start, end in segments:
        result = parse_tree(text[start:end], family)
        shift(result, start)
        check_tokens(result.tokens, family, plat, out)
        bad = check_fields(result.tokens, family, plat, out)
        check_parse(result, family, out, implicit_and=plat is not None
                    and plat.family == "scholar", label=plat.label if plat else "", bad=bad)
        trees.append((result.tree, start))
    if plat is not None and plat.family == "scholar":
        for tree, _ in trees:  # each line is a search of its own
            check_terms([tree], family, plat, out)
    else:
        check_terms([t for t, _ in trees], family, plat, out,
                    blocks_are_segments=len(trees) > 1)
    return sorted(out.findings, key=lambda f: (f.start, f.code))


def _line_segments(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def check_tokens(tokens: list[Token], family: str, plat: Platform | None,
                 out: _Collector) -> None:
    """Check quotes, spacing and operator case token by token."""
    prev: Token | None = None
    for tok in tokens:
        if tok.kind == "phrase" and not tok.extra.get("exact"):
            o, c = tok.extra["open"], tok.extra["close"]
            if o in CURLY or c in CURLY:
                out.add("Q101", tok.start, tok.end, f"{tok.text} uses typographic quotes "
                        f"({o}…{c}); databases need straight double quotes.",
                        f'write "{tok.value}".')
            if (o in CURLY) != (c in CURLY) or o == "”" or c == "“":
                out.add("Q102", tok.start, tok.end, f"{tok.text} opens with {o} and closes "
                        f"with {c}.", f'write "{tok.value}".')
        if prev is not None and prev.end == tok.start and _runs_together(prev, tok):
            out.add("Q105", tok.start, tok.end, f"no space between {prev.text!r} and "
                    f"{tok.text!r}.", f"write {prev.text} {tok.text}.")
        if tok.kind == "word" and tok.text.lower() in _OPERATOR_WORDS and \
                tok.text not in ("AND", "OR", "NOT"):
            how = f"is searched as a word: {plat.label} reads operators only in upper case" \
                if plat and family in UPPER_CASE_OPERATORS else \
                "may be searched as a word: " + (f"{plat.label} documents operators in upper "
                                                 "case only" if plat else "most platforms "
                                                 "need operators in upper case")
            out.add("Q108", tok.start, tok.end, f"{tok.text!r} {how}.",
                    f"write {tok.text.upper()} (or quote the phrase if the word is meant).")
        prev = tok


#: The Boolean operators, in lower case (a lower-case one may be read as a word).
_OPERATOR_WORDS = ("and", "or", "not")


def check_fields(tokens: list[Token], family: str, plat: Platform | None,
                 out: _Collector) -> set[int]:
    """Report field codes the platform does not have (misspellings are errors).

    Returns:
        The offsets at and just after each such code: an operator the parser
        implied there is a consequence of the code, not a finding of its own.
    """
    label = plat.label if plat else "this platform"
    bad: set[int] = set()
    for tok, code, close in unknown_fields(tokens, family):
        bad |= {tok.start, tok.end, tok.end + 1}
        if close:
            out.add("Q110", tok.start, tok.end, f"{code!r} is not a field code of {label}; it "
                    f"is probably {close!r} mistyped, and the platform would search the term "
                    "elsewhere or refuse the string.", f"write {close!r}.", "error")
        else:
            out.add("Q110", tok.start, tok.end, f"{code!r} is not a field code of {label} "
                    "that litsearch knows.", "check it in the platform's field list.",
                    "warning")
    return bad


def _runs_together(a: Token, b: Token) -> bool:
    texty = ("phrase", "word")
    return (a.kind in texty and b.kind in texty + ("op",)) or \
        (a.kind == "op" and b.kind in texty)


def check_parse(result: ParseResult, family: str, out: _Collector,
                implicit_and: bool = False, label: str = "", bad: set[int] | None = None
                ) -> None:
    """Report parse problems and operators mixed without brackets.

    Operators implied at an offset in ``bad`` (next to an unknown field code) are
    not reported again.
    """
    bad = bad or set()
    codes = {"unbalanced-parentheses": "Q104", "quote": "Q103", "field-on-group": "Q107"}
    for p in result.problems:
        code = codes.get(p.code, "Q106")
        fix = {"Q104": "add or remove a bracket so each ( has a ).",
               "Q103": "close the quote or remove it.",
               "Q107": "tag each term inside the brackets instead."}.get(code, "correct it.")
        out.add(code, p.start, p.end, p.message[0].upper() + p.message[1:] + ".", fix)
    for tok in [] if implicit_and else result.implicit:
        if tok.kind == "word" and tok.text.lower() in _OPERATOR_WORDS or tok.start in bad:
            continue  # reported once, as Q108 or Q110
        out.add("Q109", tok.start, tok.end, f"no operator before {tok.text!r}: it is combined "
                "with what comes before by the platform's default (usually AND).",
                "write AND or OR before it.")
    if family == "scholar":
        return
    for op, node in zip(result.mixed, result.mixed_nodes, strict=True):
        if not any(g.at in bad for g in _groups(node) if g.implicit) and \
                reading_matters(node):
            check_precedence(op, node, family, label, out)


def check_precedence(op: Token, node: Node, family: str, label: str, out: _Collector) -> None:
    """Report one bracket level whose meaning the platform's precedence decides."""
    prec = precedence(family)
    written = sorted(set(_written_ops(node)), key=lambda w: w.upper())
    names = " and ".join(", ".join(written).rsplit(", ", 1))
    shown = reading(node, out.text) if isinstance(node, Group) else ""
    if len(shown) > 140:
        shown = shown[:139] + "…"
    who = label or "the plain style"
    ops = {n.op for n in _groups(node)}
    if ops & prec.unconfirmed:
        how = (f"{who} documents no order for {names}; litsearch reads them {prec.reads}, "
               f"as {shown}")
    else:
        how = f"{who} reads {prec.reads}, so this means {shown}"
    where = "an implied AND" if not op.text else op.text.upper()
    out.add("Q401", op.start, op.end if op.text else op.start + 1,
            f"{names} are mixed without brackets (at {where}): {how}.",
            "write the brackets: as above if that is what you meant, else around the "
            "part you meant to combine first.")


def _groups(node: Node) -> list[Group]:
    """Return ``node`` and the unbracketed groups under it (one bracket level)."""
    if not isinstance(node, Group):
        return []
    out = [node]
    for child in node.children:
        if isinstance(child, Group) and not child.paren:
            out.extend(_groups(child))
    return out


def _written_ops(node: Node) -> list[str]:
    return [g.written.upper() or "an implied AND" for g in _groups(node)]


def platform_ids() -> list[str]:
    """Return every id lint accepts (the platforms plus ``plain``)."""
    return [*PLATFORMS, "plain"]


def words_of(leaf: Leaf) -> list[str]:
    """Return the words of a leaf, split on spaces and hyphens."""
    return [w for w in re.split(r"[\s\-]+", leaf.text) if w]
