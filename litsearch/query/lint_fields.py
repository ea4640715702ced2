"""Lint field tags: a code the platform does not have is searched as text, or refused.

PubMed reads an unknown ``[tiabb]`` as no tag at all (all fields, Automatic Term
Mapping); Ovid, embase.com and Cochrane take ``.tiab.`` or ``:tiab`` as part of the
word. Each family's known codes are listed here; a code one letter away from a
known one, or another platform's spelling of a field this one has (``.tiab.`` on
Ovid), is an error with the likely fix; any other unknown code is a warning.
"""

from __future__ import annotations

import difflib
import re

from .tokens import Token

#: Field codes per syntax family (lower case where the platform ignores case).
KNOWN_FIELDS: dict[str, frozenset[str]] = {
    "pubmed": frozenset({
        "ti", "title", "tiab", "title/abstract", "tw", "text word", "all", "all fields",
        "mh", "mesh", "mesh terms", "majr", "mesh major topic", "sh", "subheading", "pt",
        "publication type", "la", "lang", "language", "dp", "pdat", "publication date",
        "edat", "entrez date", "crdt", "create date", "mhda", "lr", "dcom", "au", "author",
        "1au", "lastau", "fau", "full author name", "cn", "ir", "ad", "affiliation", "ta",
        "journal", "jour", "so", "vi", "ip", "pg", "pmid", "uid", "aid", "lid", "doi",
        "si", "nm", "rn", "ot", "other term", "ps", "gr", "pl", "is", "tt", "filter", "filt",
        "sb", "subset", "pmcid", "cois", "book", "ed", "auid", "ppdat", "epdat", "sh:noexp",
        "mh:noexp", "mesh:noexp", "mesh terms:noexp", "majr:noexp",
        "mesh major topic:noexp",
        # The full names PubMed itself writes in Search Details and E-utilities'
        # QueryTranslation, which searchers copy back as their string.
        "volume", "issue", "pagination", "date - entry", "date - publication",
        "date - create", "date - completion", "date - mesh", "date - modification",
        "author - first", "author - last", "author - full", "author - identifier",
        "author - corporate", "investigator", "investigator - full", "editor",
        "mesh subheading", "substance name", "pharmacological action",
        "supplementary concept", "grant number", "secondary source id",
        "transliterated title", "location id", "publisher", "isbn", "ec/rn number",
        "place of publication", "conflict of interest statement", "properties"}),
    "ovid": frozenset({
        "ti", "ab", "tw", "mp", "kf", "kw", "sh", "hw", "fs", "pt", "lg", "yr", "id", "af",
        "ot", "nm", "rn", "jn", "jx", "au", "ed", "ep", "dp", "in", "ui", "an", "xs", "fx",
        "px", "rs", "ox", "ps", "dm", "dq", "dj", "tn", "mf", "cc", "st", "po", "ag", "md",
        "tm", "cq", "fc", "sp", "ct", "tx", "ds", "do", "is", "so", "sb", "em", "up",
        "ez", "da", "dd", "nt", "pm", "ac", "ec"}),
    "embasecom": frozenset({"ti", "ab", "kw", "de", "it", "la", "py", "au", "ad", "af", "lnk",
                            "mj", "exp", "so", "jt", "ta", "dn", "tn", "tt", "ca", "ff",
                            "lim", "cl", "sd"}),
    "cochrane": frozenset({"ti", "ab", "kw", "pt", "au", "so", "an", "yr", "doi", "dn",
                           "mh", "lng"}),
    "wos": frozenset({"TS", "TI", "AB", "ALL", "PY", "LA", "DT", "SO", "AU", "AK", "KP", "AI",
                      "OG", "OO", "AD", "CU", "SG", "SA", "ZP", "FO", "FG", "FT", "DO",
                      "UT", "PMID", "GP", "ED", "IS", "SU", "WC", "CF", "TMSO", "TMAC",
                      "TMIC", "FPY", "DOP", "PUBL", "ALLIF"}),
    "scopus": frozenset({"TITLE-ABS-KEY", "TITLE-ABS-KEY-AUTH", "TITLE-ABS", "TITLE", "ABS",
                         "KEY", "ALL", "LANGUAGE", "DOCTYPE", "INDEXTERMS", "AUTHKEY",
                         "SRCTITLE", "AUTH", "AUTHOR-NAME", "AUTHLASTNAME", "AUTHFIRST",
                         "AU-ID", "AFFIL", "AFFILORG", "AFFILCITY", "AFFILCOUNTRY", "AF-ID",
                         "DOI", "ISSN", "ISBN", "PUBYEAR", "PUBDATETXT", "SUBJAREA",
                         "SRCTYPE", "EXACTSRCTITLE", "FUND-SPONSOR", "FUND-ACR", "FUND-NO",
                         "FUND-ALL", "CHEM", "CHEMNAME", "CASREGNUMBER", "MESH", "EMTREE",
                         "TRADENAME", "MANUFACTURER", "REF", "REFAUTH", "REFTITLE",
                         "REFSRCTITLE", "REFPUBYEAR", "CONF", "CONFNAME", "PMID", "EID",
                         "ARTNUM", "VOLUME", "ISSUE", "PAGES", "PUBLISHER", "SEQBANK",
                         "SEQNUMBER", "LIMIT-TO", "EXCLUDE", "OPENACCESS", "ORIG-LOAD-DATE"}),
    "ebsco": frozenset({"TI", "AB", "TX", "SU", "KW", "MH", "MM", "DE", "MJ", "LA", "PT",
                        "AU", "SO", "AF", "DT", "IS", "IB", "AN", "ZT", "ZC", "XB", "TA",
                        "CM", "PS", "PG", "JN", "ID", "MW", "SE", "CA", "CI", "PZ", "ZG",
                        "IR"}),
    "europepmc": frozenset({
        "TITLE", "ABSTRACT", "KW", "MESH", "AUTH", "AUTH_FIRST", "AUTH_LAST", "AUTHORID",
        "JOUR", "ISSN", "LANG", "PUB_TYPE", "PUB_YEAR", "FIRST_PDATE", "E_PDATE", "P_PDATE",
        "BODY", "INTRO", "INTRODUCTION", "METHODS", "RESULTS", "DISCUSSION", "CONCL", "REF",
        "FIG", "TABLE", "SUPPL", "ACK_FUND", "AFF", "GRANT_AGENCY", "GRANT_ID", "SRC",
        "EXT_ID", "DOI", "PMCID", "IN_EPMC", "IN_PMC", "OPEN_ACCESS", "HAS_ABSTRACT",
        "HAS_FT", "HAS_PDF", "HAS_REFLIST", "CITED", "CHEBITERM", "GENE_PROTEIN", "ORGANISM",
        "DISEASE", "GO_TERM", "ACCESSION_TYPE", "ACCESSION_ID", "LICENSE", "VOLUME",
        "ISSUE", "PAGE_INFO", "PUB_ABBR", "CHEM", "TEXT", "LABEL", "COMM", "QN", "SUBJECT"}),
}
#: Another platform's code written where this one has its own spelling.
FOREIGN_CODES: dict[str, dict[str, str]] = {
    "ovid": {"tiab": "ti,ab", "tiabkw": "ti,ab,kw", "mh": "sh"},
    "embasecom": {"tiab": "ti,ab", "tiabkw": "ti,ab,kw"},
    "cochrane": {"tiab": "ti,ab", "tiabkw": "ti,ab,kw"},
    "pubmed": {"ab": "tiab", "ti,ab": "tiab", "kw": "ot", "mp": "tw"},
}
#: How close a code must be to a known one to count as its misspelling (difflib ratio).
MISSPELLING_RATIO = 0.75

# Words carrying a field suffix the tokenizer did not take: meaning*.tiab. / care:tiab
_OVID_WORD = re.compile(r"^(?P<word>.*?)\.(?P<code>[a-z]{2,}(?:,[a-z]{2,})*)\.$", re.IGNORECASE)
_COLON_WORD = re.compile(r"^(?P<word>[^:]*):(?P<code>[a-z]{2,}(?:,[a-z]{2,})*)$", re.IGNORECASE)
_WOS_WORD = re.compile(r"^(?P<code>[A-Za-z]{2,5})=$")
_CAPS = re.compile(r"^[A-Z][A-Z_-]+$")


def field_codes(tokens: list[Token], family: str) -> list[tuple[Token, str]]:
    """Return each field code written in ``tokens`` with its token: known or not."""
    out: list[tuple[Token, str]] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "tag" and family == "pubmed":
            out.append((tok, tok.value.split(":~")[0]))
        elif tok.kind == "tag" and family in ("ovid", "cochrane"):
            out.extend((tok, code) for code in tok.value.split(","))
        elif tok.kind == "prefix" and family in ("europepmc", "wos", "scopus"):
            out.append((tok, tok.value))
        elif tok.kind == "word":
            out.extend(_written_on_word(tok, nxt, family))
    return out


def _written_on_word(tok: Token, nxt: Token | None, family: str) -> list[tuple[Token, str]]:
    text = tok.text
    if family == "ovid" and (m := _OVID_WORD.match(text)):
        return [(tok, c.lower()) for c in m.group("code").split(",")]
    if family in ("embasecom", "cochrane") and (m := _COLON_WORD.match(text)):
        return [(tok, c.lower()) for c in m.group("code").split(",")]
    if family == "wos" and (m := _WOS_WORD.match(text)):
        return [(tok, m.group("code").upper())]
    if family == "scopus" and nxt is not None and nxt.kind == "lparen" and \
            nxt.start == tok.end and _CAPS.match(text):
        return [(tok, text)]
    if family == "ebsco" and nxt is not None and nxt.kind in ("lparen", "phrase") and \
            re.fullmatch(r"[A-Z]{2}", text):
        return [(tok, text)]
    return []


def unknown_fields(tokens: list[Token], family: str) -> list[tuple[Token, str, str | None]]:
    """Return (token, code, the known code it is most likely a misspelling of)."""
    known = KNOWN_FIELDS.get(family)
    if not known:
        return []
    out = []
    for tok, code in field_codes(tokens, family):
        if code in known:
            continue
        foreign = FOREIGN_CODES.get(family, {}).get(code)
        close = [foreign] if foreign else \
            difflib.get_close_matches(code, known, n=1, cutoff=MISSPELLING_RATIO)
        out.append((tok, code, close[0] if close else None))
    return out
