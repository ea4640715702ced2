"""Lint checks on the terms of a parsed string: duplicates, redundancy, wildcards…"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import fold
from .nodes import Group, Leaf, Node
from .platforms import Platform
from .tokens import line_col

#: Short acronyms with several common meanings in the literature (acronym → others).
AMBIGUOUS_ACRONYMS = {
    "SME": "small and medium-sized enterprise, subject-matter expert",
    "EPA": "Environmental Protection Agency, eicosapentaenoic acid",
    "GP": "general practitioner, glycoprotein, Gaussian process",
    "SMI": "serious mental illness, standardised mortality index, Sustainable Markets Initiative",
    "PA": "physical activity, physician assistant, Pseudomonas aeruginosa",
    "MS": "multiple sclerosis, mass spectrometry, Master of Science",
    "AD": "Alzheimer disease, atopic dermatitis, anno Domini",
    "ED": "emergency department, erectile dysfunction, eating disorder",
    "PD": "Parkinson disease, peritoneal dialysis, personality disorder",
    "CF": "cystic fibrosis, conceptual framework",
    "PT": "physical therapy, prothrombin time",
    "OT": "occupational therapy, operating theatre",
    "CBT": "cognitive behavioural therapy, computer-based training",
    "ACT": "acceptance and commitment therapy, assertive community treatment, artemisinin "
           "combination therapy",
    "ICU": "intensive care unit (also NICU, PICU variants)",
    "PTSD": "usually unambiguous; kept for completeness",
}
_PLAIN_WILDCARDS = "*?$#"
#: How a truncated phrase is written where quotes take no wildcards, per family.
PHRASE_JOIN = {"embasecom": "NEXT/1", "cochrane": "NEXT",
               "europepmc": "AND (broader)"}


def check_terms(trees: list[Node | None], family: str, plat: Platform | None, out,
                blocks_are_segments: bool = False) -> None:
    """Run every term check over the parsed trees (one per plain-style block)."""
    blocks: list[Node] = []
    for tree in trees:
        if tree is None:
            continue
        blocks.extend([tree] if blocks_are_segments else list(_blocks(tree)))
    leaves = [leaf for b in blocks for leaf in _leaves(b)]
    written = {" ".join(leaf.text.split()).casefold() for leaf in leaves}
    wild = _PLAIN_WILDCARDS if plat is None else \
        "*" + "".join(v for v in plat.wildcards.values() if v)
    for block in blocks:
        # A term written once per field (EBSCO's TI (…) OR AB (…)) is checked once.
        checked: set[tuple[str, bool]] = set()
        for leaf in _leaves(block):
            if (_text_key(leaf), leaf.quoted) not in checked:
                checked.add((_text_key(leaf), leaf.quoted))
                _check_leaf(leaf, family, plat, wild, written, out)
    seen: dict[str, int] = {}
    identities: dict[frozenset, int] = {}
    for index, block in enumerate(blocks):
        terms = list(_leaves(block, nested=False))
        identity = frozenset(_key(leaf) for leaf in terms)
        if identities.setdefault(identity, index) != index:
            continue  # the same block again, in another search branch
        before = len(out.findings)
        for siblings in _sibling_sets(block):
            _check_siblings(siblings, wild, out)
            if family == "pubmed":
                _check_untagged(siblings, out)
        _drop_field_copies(out.findings, before, out.text)
        reported: set[str] = set()
        for leaf in terms:
            key = _text_key(leaf)  # field copies of one term are one term here
            if seen.setdefault(key, index) != index and key not in reported:
                reported.add(key)
                out.add("Q203", leaf.start, leaf.end, f"{leaf.text!r} is also in an earlier "
                        "block.", "keep it in the block whose concept it belongs to.")


def _drop_field_copies(findings: list, start: int, text: str) -> None:
    """Keep one of each finding that repeats for a term's copy in another field.

    EBSCO writes a block once per field (TI (…) OR AB (…)); the same finding about
    the same words is one finding for the user.
    """
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for f in findings[start:]:
        key = (f.code, " ".join(text[f.start:f.end].split()).casefold(),
               re.sub(r"\(at \d+:\d+\)", "", f.message))
        if key not in seen:
            seen.add(key)
            kept.append(f)
    findings[start:] = kept


def _blocks(node: Node) -> Iterator[Node]:
    if isinstance(node, Group) and node.field is None and (
            node.op in ("AND", "NOT") or node.op == "OR" and (
                all(isinstance(c, Group) and c.op in ("AND", "NOT") for c in node.children)
                or _or_of_blocks(node))):
        for child in node.children:
            yield from _blocks(child)
    else:
        yield node


def _or_of_blocks(node: Group) -> bool:
    kids = node.children
    if len(kids) < 2 or not all(isinstance(c, Group) and (c.paren or c.field)
                                and c.op not in ("NEAR", "NEXT") for c in kids):
        return False
    sets = [frozenset(leaf.text.casefold() for leaf in _leaves(c, nested=False)) for c in kids]
    terms = [x for x in sets if x]
    # The same terms in two fields (EBSCO's TI (…) OR AB (…)) are one block, not two.
    return len(set(sets)) > 1 and len(set(terms)) == len(terms)


def _leaves(node: Node, nested: bool = True) -> Iterator[Leaf]:
    """Yield the leaves; without ``nested``, skip words inside NEAR/NEXT/AND groups."""
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Group) and (nested or node.op not in ("NEAR", "NEXT", "AND")):
        for child in node.children:
            yield from _leaves(child, nested)


def _sibling_sets(node: Node) -> Iterator[list[Leaf]]:
    if isinstance(node, Leaf):
        yield [node]
    elif isinstance(node, Group):
        if node.op == "OR":
            yield [c for c in node.children if isinstance(c, Leaf)]
        for child in node.children:
            if isinstance(child, Group):
                yield from _sibling_sets(child)


def _text_key(leaf: Leaf) -> str:
    return " ".join(leaf.text.split()).casefold()


def _key(leaf: Leaf) -> str:
    return f"{' '.join(leaf.text.split()).casefold()}|{leaf.field or ''}"


def _check_leaf(leaf: Leaf, family: str, plat: Platform | None, wild: str,
                written: set[str], out) -> None:
    words = [w for w in re.split(r"[\s\-]+", leaf.text) if w]
    if leaf.implicit and family != "ovid" and \
            not any(w.lower() in ("and", "or", "not") for w in leaf.text.split()):  # Q108
        out.add("Q201", leaf.start, leaf.end, f"{leaf.text!r} has several words and no "
                "quotes: most platforms AND the words (EBSCO: within 5 words).",
                f'write "{leaf.text}".')
    for word in words:
        _check_wildcards(leaf, word, words, family, plat, out)
        cut = next((i for i, c in enumerate(word) if c in wild), None)
        if cut is None:
            continue
        if plat is not None and word[cut] == "*" and cut < plat.min_truncation:
            out.add("Q301", leaf.start, leaf.end, f"{word!r} truncates after {cut} "
                    f"character{'s' if cut != 1 else ''}; {plat.label} needs at least "
                    f"{plat.min_truncation}.", "write the words out, or a longer stem.",
                    "error" if family == "pubmed" else "warning")
    if plat is not None and leaf.quoted and not plat.phrase_wildcards and \
            any(c in wild for c in leaf.text):
        join = PHRASE_JOIN.get(family, "NEXT")
        out.add("Q302", leaf.start, leaf.end, f"{plat.label} does not allow wildcards inside "
                f"quotes: {leaf.text!r}.", f"join the words with {join} (litsearch query "
                "render does) or drop the wildcard.")
    plain = " ".join(fold(leaf.text).split()).casefold()
    if fold(leaf.text) != leaf.text and plain not in written:
        out.add("Q501", leaf.start, leaf.end, f"{leaf.text!r} has a diacritic and the "
                "string has no plain variant; databases differ in folding them.",
                f"add {fold(leaf.text)!r} as well.")
    bare = re.sub(f"[{re.escape(wild)}]", "", leaf.text)
    if not leaf.quoted and bare.isupper() and bare.isalpha() and 2 <= len(bare) <= 4 and \
            (bare in AMBIGUOUS_ACRONYMS or len(bare) == 2):
        meanings = AMBIGUOUS_ACRONYMS.get(bare, "several things")
        out.add("Q502", leaf.start, leaf.end, f"{leaf.text!r} is an ambiguous acronym "
                f"(also: {meanings}).", "spell it out, or pair it with a context term "
                "using proximity.")


def _check_wildcards(leaf: Leaf, word: str, words: list[str], family: str,
                     plat: Platform | None, out) -> None:
    if family == "pubmed":
        odd = [c for c in word if c in "?#$"]
        if odd:
            out.add("Q302", leaf.start, leaf.end, f"PubMed has no {odd[0]} wildcard "
                    f"({word!r}); only * at the end of a word.", "use * or write the "
                    "variants out.")
        if "*" in word.rstrip("*") or (leaf.quoted and word is not words[-1] and "*" in word):
            out.add("Q302", leaf.start, leaf.end, f"PubMed truncates only at the end of a "
                    f"term: {word!r} in {leaf.text!r}.", "move the * to the end or write the "
                    "variants out.")
    elif family == "ebsco" and word.endswith("?"):
        out.add("Q302", leaf.start, leaf.end, f"EBSCO drops a ? at the end of a word "
                f"({word!r}).", "use * or #.")
    elif family == "wos" and leaf.quoted and "$" in word:
        out.add("Q302", leaf.start, leaf.end, f"Web of Science does not accept $ inside "
                f"quotes ({leaf.text!r}).", "use * there, or drop the quotes.")
    elif family == "scopus" and leaf.exact and any(c in "*?" for c in word):
        out.add("Q302", leaf.start, leaf.end, f"Scopus reads wildcards inside {{…}} "
                f"literally ({leaf.text!r}).", "use a loose phrase \"…\" instead.")


def _check_siblings(siblings: list[Leaf], wild: str, out) -> None:
    seen: dict[str, Leaf] = {}
    for leaf in siblings:
        key = _key(leaf)
        if key in seen:
            first = seen[key]
            line, col = line_col(out.text, first.start)
            out.add("Q202", leaf.start, leaf.end, f"{leaf.text!r} is already in this block "
                    f"(at {line}:{col}).", "remove it.")
        else:
            seen[key] = leaf
    by_field: dict[str | None, list[tuple[Leaf, str, list[str]]]] = {}
    for leaf in siblings:
        if leaf.within is None:
            words = [w.casefold() for w in re.split(r"[\s\-]+", leaf.text) if w]
            by_field.setdefault(leaf.field, []).append((leaf, _key(leaf), words))
    for prepared in by_field.values():
        index = _CoverIndex(prepared, wild)
        for leaf, key, words in prepared:
            cover = index.cover(leaf, key, words)
            if cover is not None:
                out.add("Q204", leaf.start, leaf.end, f"{leaf.text!r} is already found by "
                        f"{cover.text!r} in the same block.", "remove it (or the broader "
                        "term if it is too broad).")


class _CoverIndex:
    """Broader terms of one block and field: truncated stems, single words, phrases."""

    def __init__(self, prepared: list[tuple[Leaf, str, list[str]]], wild: str) -> None:
        self.stems: dict[str, tuple[Leaf, str]] = {}
        self.words: dict[str, tuple[Leaf, str]] = {}
        self.phrases: dict[tuple[str, ...], tuple[Leaf, str]] = {}
        for leaf, key, words in prepared:
            if len(words) == 1:
                root = words[0]
                if root.endswith("*") and not any(c in wild for c in root[:-1]):
                    self.stems.setdefault(root[:-1], (leaf, key))
                elif not any(c in wild for c in root):
                    self.words.setdefault(root, (leaf, key))
            elif not any(c in wild for c in leaf.text):
                self.phrases.setdefault(tuple(words), (leaf, key))
        self.lengths = sorted({len(p) for p in self.phrases})

    def cover(self, leaf: Leaf, key: str, words: list[str]) -> Leaf | None:
        """Return a different term of the block that finds everything ``leaf`` finds."""
        for word in words:
            for k in range(1, len(word) + 1):
                hit = self.stems.get(word[:k])
                if hit and hit[1] != key:
                    return hit[0]
        if len(words) > 1:
            for word in words:
                hit = self.words.get(word)
                if hit and hit[1] != key:
                    return hit[0]
        for n in self.lengths:
            if n >= len(words):
                break
            for i in range(len(words) - n + 1):
                hit = self.phrases.get(tuple(words[i:i + n]))
                if hit and hit[1] != key:
                    return hit[0]
        return None


def _check_untagged(siblings: list[Leaf], out) -> None:
    untagged = [leaf for leaf in siblings if leaf.field is None]
    if untagged:
        first = untagged[0]
        if len(untagged) == 1:
            what = f"{first.text!r} has no field tag: PubMed searches it"
        else:
            what = (f"{len(untagged)} terms here have no field tag (first: {first.text!r}): "
                    "PubMed searches them")
        out.add("Q402", first.start, first.end, f"{what} in all fields, with Automatic Term "
                "Mapping.", "tag each term, e.g. [tiab].")
