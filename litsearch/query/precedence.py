"""How each platform reads operators mixed without brackets, as a data table.

The parser groups operands by these levels, lint names the reading where brackets
are missing, and the tree printer (:mod:`.explicit`) adds brackets exactly where
the platform would otherwise read something else. Each row cites where its order
comes from (details in ``reference/queries.md`` §2.6); an operator whose place
no source documents is listed in ``unconfirmed`` and lint says so.

Operators are named as the tokenizer reports them: ``NEAR`` (any order proximity:
Ovid ADJn, Scopus W/n, EBSCO Nn…), ``NEXT`` (ordered proximity: PRE/n, Wn, NEXT),
``SAME`` (Web of Science), ``AND``, ``OR``, ``NOT`` (Scopus ``AND NOT``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every operator the tokenizer can report.
OPERATORS = ("NEAR", "NEXT", "SAME", "AND", "OR", "NOT")
#: What an operator means in the parse tree when that is another one's meaning
#: (Web of Science's SAME is AND within one address, AND elsewhere, but binds tighter).
MEANING = {"SAME": "AND"}
#: Families whose platforms document that operators must be upper case.
UPPER_CASE_OPERATORS = {
    "pubmed": "NLM PubMed tutorial: 'AND, OR and NOT must be entered in UPPERCASE'",
}
#: Families whose platforms read and, or, not in any letter case as operators.
CASE_INSENSITIVE_OPERATORS = {
    "ovid": "Ovid's own examples write operators in lower case (or/1-4, adj3)",
    "wos": "Web of Science help: 'case does not matter when using search operators'",
    "scopus": "University of Oulu Scopus guide: AND, OR, AND NOT in lower or upper case",
    "ebsco": "EBSCOhost reads and/or/not as operators unless an administrator requires "
             "upper case (EBSCO support, EDS setting)",
}


@dataclass(frozen=True)
class Precedence:
    """One platform family's operator precedence.

    Attributes:
        levels: Operator groups, the tightest-binding first; operators of one group
            are read left to right.
        reads: The order in words, for messages.
        sources: Where the order is documented.
        unconfirmed: Operators whose place no source we hold documents: the
            parser uses the level given, lint says it is an assumption.
    """

    levels: tuple[tuple[str, ...], ...]
    reads: str
    sources: tuple[str, ...]
    unconfirmed: frozenset[str] = field(default_factory=frozenset)

    def rank(self, op: str) -> int:
        """Return how tightly ``op`` binds (higher binds tighter)."""
        for i, level in enumerate(self.levels):
            if op in level:
                return len(self.levels) - i
        return 0


_PROX = ("NEAR", "NEXT")

#: Precedence per syntax family (see :data:`.platforms.PLATFORMS` for the families).
PRECEDENCE: dict[str, Precedence] = {
    "pubmed": Precedence(
        (_PROX, ("AND", "OR", "NOT")), "AND, OR and NOT strictly left to right",
        ("NLM PubMed tutorial: 'PubMed processes Boolean connectors left-to-right' "
         "(nlm.nih.gov/bsd/disted/pubmedtutorial/020_390.html)",)),
    "embasecom": Precedence(
        (_PROX + ("AND", "OR", "NOT"),),
        "every operator, NEAR and NEXT included, strictly left to right",
        ("Elsevier embase.com help: no operator precedence; brackets first, then left "
         "to right (reference/queries.md §2.6)",)),
    "scopus": Precedence(
        (("OR",), _PROX, ("AND",), ("NOT",)),
        "OR first, then W/n and PRE/n, then AND, then AND NOT",
        ("Scopus help h_bscssrchboolop.htm: OR, W/n and PRE/n, AND, AND NOT, then left "
         "to right", "University of Oulu Scopus guide (libguides.oulu.fi, p=5164251)")),
    "wos": Precedence(
        (_PROX, ("SAME",), ("NOT",), ("AND",), ("OR",)),
        "NEAR first, then SAME, then NOT, then AND, then OR",
        ("Web of Science help ht_operators.html: SAME, NOT, AND, OR "
         "('copper OR lead AND algae' finds lead AND algae, or copper)",),
        unconfirmed=frozenset(_PROX)),
    "ovid": Precedence(
        (_PROX, ("AND",), ("NOT",), ("OR",)),
        "adj first, then AND, then NOT, then OR",
        ("NSW Health CIAP Ovid module: 'AND is processed before NOT or OR. OR is "
         "processed last' (ciap.health.nsw.gov.au, module3)",),
        unconfirmed=frozenset(_PROX)),
    "ebsco": Precedence(
        (_PROX, ("AND", "NOT"), ("OR",)),
        "Nn and Wn first, then AND and NOT left to right, then OR",
        ("EBSCOhost help sheet 'Searching with Boolean Operators': AND takes "
         "precedence over OR",),
        unconfirmed=frozenset(_PROX + ("NOT",))),
    "cochrane": Precedence(
        (_PROX, ("AND", "OR", "NOT")), "NEAR and NEXT first, then AND, OR and NOT left "
        "to right", ("not documented in the Cochrane Library help we hold",),
        unconfirmed=frozenset(_PROX + ("AND", "OR", "NOT"))),
    "europepmc": Precedence(
        (_PROX, ("AND", "NOT"), ("OR",)), "AND and NOT first, then OR",
        ("not documented in the Europe PMC help we hold",),
        unconfirmed=frozenset(("AND", "OR", "NOT"))),
    "plain": Precedence(
        (_PROX, ("AND", "OR", "NOT")), "proximity first, then AND, OR and NOT left to right",
        ("no platform: the plain style names none",),
        unconfirmed=frozenset(_PROX + ("AND", "OR", "NOT"))),
    "scholar": Precedence(
        (("OR",), _PROX + ("AND", "NOT")), "OR first, then the spaces between groups",
        ("Google search rules: OR binds tighter than the implied AND",),
        unconfirmed=frozenset(("NOT",))),
}


def precedence(family: str) -> Precedence:
    """Return the precedence table of a syntax family (plain when unknown)."""
    return PRECEDENCE.get(family, PRECEDENCE["plain"])
