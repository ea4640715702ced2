"""The search platforms litsearch renders for, as a data table.

What matters is the *platform* (the interface), not the database: PsycINFO on Ovid
and PsycINFO on EBSCO take different syntax. Facts and their sources are in
``reference/queries.md`` §2; items the sources could not confirm are said so in
each platform's notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import QueryError


@dataclass(frozen=True)
class Platform:
    """One search interface and its syntax facts.

    Attributes:
        id: The name used by ``--db`` and for ``queries/<id>.txt``.
        label: Human name.
        family: The syntax family, which picks the renderer and parser.
        vocabulary: The subject-heading vocabulary it indexes with, if any.
        fields: Generic field → this platform's field code.
        wildcards: Generic wildcard → this platform's character ("" = none).
        min_truncation: Fewest characters allowed before a ``*``.
        phrase_wildcards: Whether wildcards work inside quoted phrases.
        notes: What a searcher must know or do by hand on this platform.
    """

    id: str
    label: str
    family: str
    vocabulary: str | None
    fields: dict[str, str]
    wildcards: dict[str, str]
    min_truncation: int = 1
    phrase_wildcards: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)


_OVID_WILD = {"*": "*", "?": "#", "$": "?"}
_EBSCO_WILD = {"*": "*", "?": "?", "$": "#"}
_STD_WILD = {"*": "*", "?": "?", "$": "$"}

#: Every platform litsearch renders for, keyed by id.
PLATFORMS: dict[str, Platform] = {p.id: p for p in (
    Platform("pubmed", "PubMed", "pubmed", "mesh",
             {"ti": "ti", "ab": "tiab", "tiab": "tiab", "tiabkw": "tiab", "all": "all"},
             {"*": "*", "?": "*", "$": "*"}, min_truncation=4,
             notes=("PubMed reads AND/OR/NOT strictly left to right; every group is bracketed.",
                    "Truncation needs at least 4 characters and turns off Automatic Term "
                    "Mapping; PubMed has no single-character wildcard.",
                    "[tiab] also covers author keywords; there is no abstract-only tag.")),
    Platform("medline", "Ovid MEDLINE", "ovid", "mesh",
             {"ti": "ti", "ab": "ab", "tiab": "ti,ab", "tiabkw": "ti,ab,kf", "all": "mp"},
             _OVID_WILD, notes=("Ovid: # is exactly one character, ? zero or one; ADJn allows n-1 "
                                "words between.",)),
    Platform("embase", "Ovid Embase", "ovid", "emtree",
             {"ti": "ti", "ab": "ab", "tiab": "ti,ab", "tiabkw": "ti,ab,kw", "all": "mp"},
             _OVID_WILD, notes=("Emtree is not MeSH: no tool maps one to the other; check every "
                                "heading in Emtree.",)),
    Platform("psycinfo", "Ovid PsycINFO", "ovid", "apa",
             {"ti": "ti", "ab": "ab", "tiab": "ti,ab", "tiabkw": "ti,ab,id", "all": "mp"},
             _OVID_WILD, notes=("NEAR/x, as in the zingeving report's table, is APA PsycNet "
                                "syntax; on Ovid proximity is ADJn.",)),
    Platform("embase.com", "embase.com", "embasecom", "emtree",
             {"ti": "ti", "ab": "ab", "tiab": "ti,ab", "tiabkw": "ti,ab,kw", "all": ""},
             _STD_WILD, min_truncation=3, phrase_wildcards=False,
             notes=("embase.com has no operator precedence (strictly left to right); every "
                    "group is bracketed.",
                    "No wildcards inside phrases: truncated phrases are written with NEXT/1.",
                    "NEAR/n allows n-1 words between; the $ wildcard and the /py and /lim "
                    "limit syntax are not confirmed by the vendor help we hold.")),
    Platform("cochrane", "Cochrane Library", "cochrane", "mesh",
             {"ti": "ti", "ab": "ab", "tiab": "ti,ab", "tiabkw": "ti,ab,kw", "all": ""},
             {"*": "*", "?": "?", "$": "?"}, phrase_wildcards=False,
             notes=("No wildcards inside quotes: truncated phrases are written with NEXT.",
                    "Guides disagree whether ? is one or zero-or-one character.")),
    Platform("wos", "Web of Science", "wos", None,
             {"ti": "TI", "ab": "AB", "tiab": "TS", "tiabkw": "TS", "all": "ALL"},
             _STD_WILD, min_truncation=3,
             notes=("TS= searches title, abstract, author keywords and Keywords Plus.",
                    "Precedence is NEAR, SAME, NOT, AND, OR; every group is bracketed.")),
    Platform("scopus", "Scopus", "scopus", None,
             {"ti": "TITLE", "ab": "ABS", "tiab": "TITLE-ABS", "tiabkw": "TITLE-ABS-KEY",
              "all": "ALL"},
             {"*": "*", "?": "?", "$": "*"},
             notes=("\"…\" is a loose phrase (plurals, spelling variants) and takes wildcards "
                    "(\"wind turbine*\"); {…} is exact, with * and ? read literally.",
                    "Precedence is OR, W/n and PRE/n, AND, AND NOT; every group is bracketed.")),
    Platform("cinahl", "CINAHL (EBSCOhost)", "ebsco", "cinahl",
             {"ti": "TI", "ab": "AB", "tiab": "TI AB", "tiabkw": "TI AB SU", "all": "TX"},
             _EBSCO_WILD,
             notes=("EBSCO: ? is exactly one character, # zero or one (the reverse of Ovid); "
                    "a ? at the end of a word is dropped.",
                    "Unquoted words are searched within 5 words of each other (N5).")),
    Platform("ebsco-psycinfo", "APA PsycINFO (EBSCOhost)", "ebsco", "apa",
             {"ti": "TI", "ab": "AB", "tiab": "TI AB", "tiabkw": "TI AB SU", "all": "TX"},
             _EBSCO_WILD,
             notes=("EBSCO: ? is exactly one character, # zero or one (the reverse of Ovid).",
                    "APA Thesaurus headings use DE \"…\"; explode behaves differently on EBSCO.")),
    Platform("europepmc", "Europe PMC", "europepmc", "mesh",
             {"ti": "TITLE", "ab": "ABSTRACT", "tiab": "TITLE ABSTRACT",
              "tiabkw": "TITLE ABSTRACT KW", "all": ""},
             {"*": "*", "?": "?", "$": "*"}, phrase_wildcards=False,
             notes=("Europe PMC does not expand MeSH automatically; MESH: headings match "
                    "indexed records only."
                    ,)),
    Platform("google-scholar", "Google Scholar", "scholar", None,
             {"ti": "allintitle", "ab": "", "tiab": "", "tiabkw": "", "all": ""},
             {"*": "", "?": "", "$": ""},
             notes=("No truncation, fields, subject headings or limits in the string: set the "
                    "years in the left-hand menu.",)),
)}

#: Other spellings of platform ids accepted by ``--db``.
ALIASES = {
    "ovid-medline": "medline", "ovid-embase": "embase", "ovid-psycinfo": "psycinfo",
    "embasecom": "embase.com", "embase-com": "embase.com", "web-of-science": "wos",
    "scholar": "google-scholar", "europe-pmc": "europepmc", "ebsco": "cinahl",
    "cochrane-library": "cochrane", "psycinfo-ebsco": "ebsco-psycinfo",
}

#: Extra parse-only dialects (not render targets).
PARSE_ONLY = {"plain": "plain: terms ORed, no field tags, one block per paragraph (the style "
                       "of the zingeving report's Appendix 1)"}


def get_platform(name: str, platform_label: str = "") -> Platform:
    """Return the platform for a database name, honouring review.toml's platform label.

    Args:
        name: A platform id or alias (``pubmed``, ``embase``…).
        platform_label: The ``platform`` of a review.toml database entry; "embase" on
            "Embase.com" or "psycinfo" on "EBSCOhost" switch to those platforms.

    Raises:
        QueryError: The name is not a known platform.
    """
    key = ALIASES.get(name.lower(), name.lower())
    label = platform_label.lower()
    if key == "embase" and "embase.com" in label:
        key = "embase.com"
    if key == "psycinfo" and "ebsco" in label:
        key = "ebsco-psycinfo"
    if key not in PLATFORMS:
        raise QueryError(f"unknown database {name!r}.",
                         f"Use one of: {', '.join(PLATFORMS)} (see 'litsearch query dbs').")
    return PLATFORMS[key]
