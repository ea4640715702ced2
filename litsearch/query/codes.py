"""Platform codes as data: what each field tag, heading code and limit code means.

The parser and the converter read these tables; adding a platform's code is a
one-line change here.
"""

from __future__ import annotations

#: Field codes that mean a subject heading, per family (code → (explode, major)).
HEADING_CODES = {
    "pubmed": {"mh": (True, False), "mesh": (True, False), "mesh terms": (True, False),
               "mh:noexp": (False, False), "mesh:noexp": (False, False),
               "mesh terms:noexp": (False, False), "majr": (True, True),
               "mesh major topic": (True, True), "majr:noexp": (False, True),
               "mesh major topic:noexp": (False, True)},
    "embasecom": {"exp": (True, False), "de": (False, False), "mj": (True, True)},
    "ebsco": {"MH": (False, False), "MM": (False, True), "DE": (False, False),
              "MJ": (False, True)},
    "europepmc": {"MESH": (False, False)},
    "scopus": {"INDEXTERMS": (False, False)},
}
#: Field codes that mean a limit (code → limit kind), per family.
LIMIT_CODES = {
    "pubmed": {"dp": "years", "pdat": "years", "publication date": "years", "la": "language",
               "lang": "language", "language": "language", "pt": "pubtype",
               "publication type": "pubtype", "filter": "filter", "sb": "filter"},
    "ovid": {"lg": "language", "pt": "pubtype", "yr": "years"},
    "embasecom": {"it": "pubtype"},
    "cochrane": {"pt": "pubtype"},
    "wos": {"PY": "years", "LA": "language", "DT": "pubtype"},
    "scopus": {"LANGUAGE": "language", "DOCTYPE": "pubtype"},
    "ebsco": {"LA": "language", "PT": "pubtype"},
    "europepmc": {"LANG": "language", "PUB_TYPE": "pubtype", "PUB_YEAR": "years"},
}

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
