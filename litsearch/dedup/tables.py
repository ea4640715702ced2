"""Trap tables for deduplication: title noise, generic titles, notices, containers.

Data only; :mod:`litsearch.dedup.normalise` applies them. Each entry says what it
catches so a reviewer can check what is stripped or flagged.
"""

from __future__ import annotations

import re

# Citation suffixes by which databases title a correction after the paper it corrects.
_WOS_CORRECTION = r"\((?:vol|volume)\.?\s*\d+\s*,[^()]*\b(?:1[89]|20)\d{2}\)\s*\.?\s*$"
_WOS_RETRACTION = r"\(retraction of vol\.?\s*\d+[^()]*\)\s*\.?\s*$"
_CITED_WITH_YEAR = (r"\(\s*[^()\s][^()]{2,200}?\((?:1[89]|20)\d{2}\)(?:[^()]|\([^()]*\))*\)"
                    r"\s*\.?\s*$")
_CITED_WITH_DOI = r"\([^()]{3,200},\s*(?:doi:?\s*)?10\.\d{4,9}/[^()\s]+\)\s*\.?\s*$"

#: Title noise removed before comparison (database annotations, not part of the title).
TITLE_NOISE = (
    re.compile(r"\s*<original>.*$", re.I | re.S),          # Embase: "<ORIGINAL> LA ESTIMULACION"
    re.compile(r"<[^>]{1,40}>"),                            # HTML tags: <i>PTSD</i>
    re.compile(r"\[(?:erratum|errata|corrigendum|comment|commentary|retraction|retracted|"
               r"published erratum|update|see comments?|summary for patients)[^\]]*\]", re.I),
    # WoS corrections cite the original: "(vol 360, pg 542, 2009)" (NOTICE_CITATIONS).
    re.compile(r"\((?:vol|volume)\.?\s*\d+[^()]*\)\s*\.?\s*$", re.I),
    # WoS on a retraction notice, and on the retracted or flagged paper itself.
    re.compile(r"\((?:retraction of|(?:retracted article|withdrawn publication|publication "
               r"with expression of concern)\.?\s*see)\b[^()]*\)\s*\.?\s*$", re.I),
    # Embase / Scopus: "(New England Journal of Medicine (2009) 360 (542-544))",
    # "(Journal of Classification, 10.1007/s00357-016-9294-8)" (NOTICE_CITATIONS).
    re.compile(_CITED_WITH_YEAR, re.I),
    re.compile(_CITED_WITH_DOI, re.I),
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

#: Code-point ranges of the scripts whose combining marks are accents, folded away
#: ("é" -> "e", "ü" -> "u", "й" -> "и", "ά" -> "α"): Basic Latin to Cyrillic Supplement,
#: Cyrillic Extended-C, Phonetic Extensions to Greek Extended, Latin Extended-C,
#: Cyrillic Extended-A/B, Latin Extended-D/E. Marks on letters of any other script
#: (Devanagari, Bengali, Tamil, Thai vowel signs...) are part of the word and kept.
ACCENTED_SCRIPTS = ((0x0000, 0x052F), (0x1C80, 0x1C8F), (0x1D00, 0x1FFF), (0x2C60, 0x2C7F),
                    (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xA720, 0xA7FF), (0xAB30, 0xAB6F))

#: Marks that are optional in print, dropped like accents: Hebrew points and
#: cantillation (niqqud, not the punctuation among them), Arabic harakat (fathatan to
#: sukun) and the superscript alef; hamza and madda are letters and stay.
OPTIONAL_POINTING = ((0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5),
                     (0x05C7, 0x05C7), (0x064B, 0x0652), (0x0670, 0x0670))

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

#: Title openings and endings that mark a notice about another paper (never merged with
#: it), as ``(kind, pattern)``; the first that matches names the kind. Tried on the title
#: as exported and without its database annotations. Each line says who writes it so.
NOTICE_PATTERNS = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in (
    # Springer Nature (Scientific Reports, Nature ...): "Author Correction: ...",
    # "Publisher Correction: ...", "Publisher's Erratum".
    ("erratum", r"^(?:authors?|publishers?)(?:'s?|s')?\s+(?:correction|erratum|corrigendum)s?\b"),
    # "Erratum: ...", "Correction: ..." (PLOS, PubMed), "Corrigendum: ..." (Frontiers),
    # "Correction to: ..." (Springer), "Corrigendum to “...”" (Elsevier),
    # "Correction to ..." (Wiley), "Erratum to - ...", "Corrections to “...”" (IEEE);
    # not a paper on correcting something ("Correction of hypoxaemia in COPD").
    ("erratum", r"^(?:erratum|errata|corrigendum|corrigenda|correction|corrections)\b"
                r"(?!\s+(?:of|for)\s+(?!the\s+article))"),
    ("erratum", r"^notice of (?:erratum|correction|corrigendum)\b"),
    # APA PsycINFO: "...: Correction", "...: Correction to Lee et al. (2014)."
    ("erratum", r"[:.(\[]\s*(?:erratum|errata|corrigendum|correction)\s*[)\]]?\s*\.?\s*$"),
    ("erratum", r"[:.]\s*(?:erratum|correction|corrigendum) to\s[^:]{1,80}\(\d{4}[a-z]?\)"
                r"\s*\.?\s*$"),
    # Springer Nature "Addendum: ...", IEEE "Addendum to “...”".
    ("addendum", r"^addend(?:um|a)\b\s*(?:[:.\-\u2013\u2014]|to\b|on\b)"),
    # "Retraction Note: ..." (Springer Nature), "Retraction: ..." (PLOS, Wiley), "Retraction
    # notice to ..." (Elsevier), "Notice of Retraction: ..." (IEEE), "Statement of
    # Retraction: ..." (Taylor & Francis); not "Retraction of the gingiva".
    ("retraction", r"^(?:notice of |statement of )?retraction(?: note| notice| statement)?\b"
                   r"(?!\s+of\s+the)"),
    # "Retracted: ..." (Hindawi notices); Elsevier and Springer prefix the retracted paper
    # itself ("RETRACTED: ...", "RETRACTED ARTICLE: ..."), which the notice veto lets merge
    # with its other records at the same place or with the same DOI.
    ("retraction", r"^retracted(?: article| publication)?\s*[:.\-\u2013]"),
    ("retraction", r"[:.(\[]\s*retraction(?: notice| note)?\s*[)\]]?\s*\.?\s*$"),
    # "Expression of Concern: ..." (PLOS, Springer Nature, Elsevier, Wiley, PubMed).
    ("expression-of-concern", r"^(?:editorial |notice of )?expression of concern\b"),
    ("expression-of-concern", r"[:.(\[]\s*expression of concern\s*[)\]]?\s*\.?\s*$"),
    # Springer Nature "Editor's Note: ..." (a note of concern on a paper).
    ("editor-note", r"^editor(?:'s|s'?)? note\s*[:\-\u2013\u2014]\s*\S"),
    ("reply", r"^(?:in )?reply\b|^re\s*:|^response\s*:|^authors?'? (?:reply|response)\b"
              r"|^response (?:to|from) (?:the )?(?:letter|comment|commentary|"
              r"correspondence|editorial|critique|critics|reviewers?|dr\b|drs\b|"
              r".{0,40}\bet al\b)"),
    ("comment", r"^(?:comment|commentary) (?:on|to)\b|^comments? on\b"),
))

#: Trailing citations of another paper that mark a notice about it, tried on the title as
#: exported (TITLE_NOISE then removes them, so the notice's title equals its paper's).
NOTICE_CITATIONS = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in (
    ("erratum", _WOS_CORRECTION),    # WoS: "... (vol 142, pg 310, 2003)", "(vol 5, 100120, 2020)"
    ("retraction", _WOS_RETRACTION),  # WoS: "... (Retraction of vol 9, pg 21, 2011)"
    # Embase: "... (New England Journal of Medicine (2009) 360 (542-544))"; Scopus:
    # "Correction to: ... (Estuaries and Coasts, (2018), 41, S1, (68-84), 10.1007/...)".
    ("erratum", _CITED_WITH_YEAR),
    # Scopus: "Erratum to: ... (Journal of Classification, 10.1007/...)".
    ("erratum", _CITED_WITH_DOI),
))

#: Publication and document types (PubMed, Embase, Scopus, WoS, PsycINFO) that mark such
#: notices. "Retracted Publication" and "Corrected and Republished Article" are the paper.
NOTICE_TYPES = {"erratum": "erratum", "published erratum": "erratum", "correction": "erratum",
                "correction, addition": "erratum", "erratum/correction": "erratum",
                "addendum": "addendum", "retraction": "retraction",
                "retraction of publication": "retraction", "retraction notice": "retraction",
                "expression of concern": "expression-of-concern",
                "editorial expression of concern": "expression-of-concern",
                "comment": "comment", "comment/reply": "comment"}

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

#: Accession numbers that name one record of one database worldwide, so two records with the
#: same one are one record exported twice (overlapping exports, a re-run search). Only
#: formats that cannot be a reference manager's own numbering: EndNote and Zotero record
#: numbers are plain digits and never match.
ACCESSION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wos", re.compile(r"^WOS:\d{15}$", re.I)),             # Web of Science UT
    ("scopus", re.compile(r"^2-s2\.0-\d{8,11}$")),          # Scopus EID
    ("embase", re.compile(r"^L\d{8,11}$")),                  # Embase accession (L-number)
    ("psycinfo", re.compile(r"^(?:19|20)\d\d-\d{5}-\d{3}$")),  # APA PsycInfo AN
    ("eric", re.compile(r"^E[DJ]\d{6,7}$")),                 # ERIC ED/EJ number
    ("central", re.compile(r"^CN-\d{8}$")),                  # Cochrane CENTRAL
)

