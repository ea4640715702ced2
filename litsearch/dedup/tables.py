"""Trap tables for deduplication: title noise, generic titles, notices, containers.

Data only; :mod:`litsearch.dedup.normalise` applies them. Each entry says what it
catches so a reviewer can check what is stripped or flagged.
"""

from __future__ import annotations

import re

#: Title noise removed before comparison (database annotations, not part of the title).
TITLE_NOISE = (
    re.compile(r"\s*<original>.*$", re.I | re.S),          # Embase: "<ORIGINAL> LA ESTIMULACION"
    re.compile(r"<[^>]{1,40}>"),                            # HTML tags: <i>PTSD</i>
    re.compile(r"\[(?:erratum|errata|corrigendum|comment|commentary|retraction|retracted|"
               r"published erratum|update|see comments?|summary for patients)[^\]]*\]", re.I),
    # WoS corrections cite the original: "(vol 360, pg 542, 2009)".
    re.compile(r"\((?:vol|volume)\.?\s*\d+[^()]*\)\s*$", re.I),
    # "(New England Journal of Medicine (2009) 360 (542-544))"
    re.compile(r"\([^()]{3,120}\(\d{4}\)[^()]*\(\d+\s*[-–]\s*\d+\)\)\s*$"),
    re.compile(r"^\s*(?:retracted(?: article)?|withdrawn)\s*[:.]\s*", re.I),
    # "[Review] [33 refs]", "[Abstract]"
    re.compile(r"\s*\[(?:review|abstract|ab|\d+\s+refs?|[a-z]+ translation)\]", re.I),
)

_LANGUAGES = (r"(?:english|chinese|german|french|spanish|japanese|russian|italian|portuguese|"
              r"polish|dutch|korean|turkish|czech|hungarian|persian|danish|swedish|norwegian|"
              r"finnish|hebrew|arabic|greek|ukrainian|croatian|serbian|slovak|romanian)")

#: Marks of a translated title, removed after TITLE_NOISE. A title that carried one is
#: compared on authors and place in print, not on its wording (another record may hold
#: the original-language title).
TRANSLATION_NOISE = (
    re.compile(rf"\[(?:article in\s+)?{_LANGUAGES}[^\]]*\]\s*$", re.I),  # "[Article in German]"
    re.compile(rf"\s*\((?:in\s+)?{_LANGUAGES}(?: with [a-z ]+)?\)\s*\.?$", re.I),  # "(Japanese)"
    re.compile(r"(?<=\S)\s*\[[^\[\]]{15,}\]\.?\s*$"),  # a trailing "[translated title]"
)

#: Titles that name a kind of item, not a paper: equal titles say nothing.
GENERIC_TITLES = frozenset("""
editorial|editorial introduction|editorial notes|editorial note|editors note|editor s note
guest editorial
letter|letters|letter to the editor|letters to the editor|reply|response|in reply|authors reply
author s reply|authors response|correspondence|comment|commentary|comments|introduction|preface
foreword|book review|book reviews|review|reviews|news|abstracts|abstract|index|contents
table of contents|in this issue|announcement|announcements|acknowledgement|acknowledgements
acknowledgment|reviewers|thank you to reviewers|erratum|errata|corrigendum|correction|corrections
obituary|conclusion|conclusions|discussion|overview|summary|untitled
introduction to the special issue
call for papers|from the editor|from the editors|message from the editor|viewpoint|perspective
editor s comments|editors comments|editor s introduction|issue information|front matter
""".replace("\n", "|").strip("|").split("|"))

#: Short titles that open like these are recurring columns ("Remarks from the Editor").
GENERIC_RE = re.compile(r"^(?:guest )?editor(?:ial)?s?\b|\beditor s (?:comments|note)\b|"
                        r"^(?:remarks|notes|message) from (?:the )?\w* ?editor")

#: Title openings and endings that mark a notice about another paper (never merged with it).
NOTICE_PATTERNS = (
    ("erratum", re.compile(r"^(?:erratum|errata|corrigendum|corrigenda|correction|corrections)"
                           r"\b(?!\s+(?:of|for)\s+(?!the\s+article))", re.I)),
    ("erratum", re.compile(r"[:.(\[]\s*(?:erratum|errata|corrigendum|correction)\s*[)\]]?\s*$",
                           re.I)),
    ("erratum", re.compile(r"^(?:notice of )?(?:erratum|correction|corrigendum) (?:to|in|on)\b",
                           re.I)),
    ("retraction", re.compile(r"^(?:notice of )?retraction(?: notice)?\b(?!\s+of\s+the)", re.I)),
    ("retraction", re.compile(r"[:.(\[]\s*retraction(?: notice)?\s*[)\]]?\s*$", re.I)),
    ("expression-of-concern", re.compile(r"^expression of concern\b", re.I)),
    ("reply", re.compile(r"^(?:in )?reply\b|^re\s*:|^response\s*:|^authors?'? (?:reply|response)\b"
                         r"|^response (?:to|from) (?:the )?(?:letter|comment|commentary|"
                         r"correspondence|editorial|critique|critics|reviewers?|dr\b|drs\b|"
                         r".{0,40}\bet al\b)", re.I)),
    ("comment", re.compile(r"^(?:comment|commentary) (?:on|to)\b|^comments? on\b", re.I)),
)

#: Publication types (any database) that mark such notices.
NOTICE_TYPES = {"erratum": "erratum", "published erratum": "erratum", "correction": "erratum",
                "retraction of publication": "retraction", "retraction notice": "retraction",
                "expression of concern": "expression-of-concern", "comment": "comment"}

#: Container or type words that mark a conference item rather than a journal article.
CONFERENCE_RE = re.compile(
    r"\b(?:conference|proceedings|congress|symposium|meeting|workshop|colloquium|"
    r"annual (?:scientific )?sessions?|abstracts?|poster|amcis|icis|ecis|hicss|pacis)\b", re.I)
CONFERENCE_TYPES = ("conference", "inproceedings", "proceedings", "congress", "meeting abstract",
                    "poster")

#: Containers and DOI prefixes of preprint servers.
PREPRINT_RE = re.compile(r"\b(?:arxiv|biorxiv|medrxiv|psyarxiv|socarxiv|ssrn|research square|"
                         r"preprints?|osf preprints|chemrxiv|zenodo)\b", re.I)
PREPRINT_DOI_PREFIXES = ("10.1101/", "10.48550/", "10.21203/", "10.2139/", "10.20944/",
                         "10.31234/", "10.31235/", "10.26434/", "10.5281/")

#: Words ignored when comparing journal names.
JOURNAL_STOPWORDS = frozenset({"the", "of", "and", "for", "in", "on", "a", "an", "de", "la", "et",
                               "und", "fur", "der", "die"})
