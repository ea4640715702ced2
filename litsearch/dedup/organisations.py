"""Well-known corporate authors, read under one key whether written as acronym or in full.

A guideline or report of a public body reaches a review twice: PubMed gives the
collective author in full ("World Health Organization"), an Embase, Scopus or
grey-literature record often gives the acronym ("WHO"). Compared as family names,
"who" and "organization" disagree and keep the copies apart.

:data:`ORGANISATIONS` is data: each body's acronym, the names it publishes under
(current and former), and where the pairing is stated. Only acronyms that name one
body in health research are listed; ambiguous ones are left out on purpose (APA: the
American Psychiatric or Psychological Association; AMA, ADA, AHA, ACP likewise), so
they compare as written.
"""

from __future__ import annotations

import re

from .text import fold

#: (acronym, names the body publishes under, source of the pairing).
ORGANISATIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("WHO", ("World Health Organization",), "who.int: About WHO"),
    ("PAHO", ("Pan American Health Organization",), "paho.org: About PAHO"),
    ("UNICEF", ("United Nations Children's Fund",), "unicef.org: About UNICEF"),
    ("UNAIDS", ("Joint United Nations Programme on HIV/AIDS",), "unaids.org: About"),
    ("UNHCR", ("United Nations High Commissioner for Refugees",
               "Office of the United Nations High Commissioner for Refugees"),
     "unhcr.org: About UNHCR"),
    ("OECD", ("Organisation for Economic Co-operation and Development",),
     "oecd.org: About the OECD"),
    ("IARC", ("International Agency for Research on Cancer",), "iarc.who.int: About IARC"),
    ("ILO", ("International Labour Organization",), "ilo.org: About the ILO"),
    ("CDC", ("Centers for Disease Control and Prevention",
             "Centers for Disease Control"), "cdc.gov: About CDC (renamed 1992)"),
    ("NIH", ("National Institutes of Health",), "nih.gov: Who we are"),
    ("NIMH", ("National Institute of Mental Health",), "nimh.nih.gov: About NIMH"),
    ("FDA", ("Food and Drug Administration", "U.S. Food and Drug Administration",
             "US Food and Drug Administration"), "fda.gov: About FDA"),
    ("AHRQ", ("Agency for Healthcare Research and Quality",), "ahrq.gov: About"),
    ("USPSTF", ("U.S. Preventive Services Task Force", "US Preventive Services Task Force"),
     "uspreventiveservicestaskforce.org: About the USPSTF"),
    ("NICE", ("National Institute for Health and Care Excellence",
              "National Institute for Health and Clinical Excellence"),
     "nice.org.uk: Who we are (renamed 2013)"),
    ("SIGN", ("Scottish Intercollegiate Guidelines Network",), "sign.ac.uk: About SIGN"),
    ("EMA", ("European Medicines Agency",), "ema.europa.eu: About us"),
    ("ECDC", ("European Centre for Disease Prevention and Control",),
     "ecdc.europa.eu: About ECDC"),
    ("NHMRC", ("National Health and Medical Research Council",), "nhmrc.gov.au: About us"),
    ("RIVM", ("Rijksinstituut voor Volksgezondheid en Milieu",
              "National Institute for Public Health and the Environment"),
     "rivm.nl: About RIVM"),
)

#: British and American spellings read as one ("Organisation", "Centre", "Programme").
_SPELLINGS = {"organisation": "organization", "centre": "center", "programme": "program",
              "labour": "labor"}
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.?){2,8}$")


def _name_key(text: str) -> str:
    words = [_SPELLINGS.get(w, w) for w in fold(text).split()]
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


_BY_ACRONYM = {acronym: acronym.lower() for acronym, _names, _source in ORGANISATIONS}
_BY_NAME = {_name_key(name): acronym.lower()
            for acronym, names, _source in ORGANISATIONS for name in names}
#: The first words a listed name can start with: every author of every record is looked
#: up, and almost none is an organisation, so the rest are turned away before folding.
_FIRST_WORDS = frozenset({"the"} | {name.split()[0].lower()
                                    for _a, names, _s in ORGANISATIONS for name in names})


def organisation(cell: str) -> str:
    """Return the folded acronym of the body an author cell names, or "" for any other.

    The acronym counts only in capitals ("Who" is a family name); the full name may
    carry its acronym in brackets ("World Health Organization (WHO)").

    >>> organisation("WHO"), organisation("World Health Organisation (WHO)"), organisation("Who")
    ('who', 'who', '')
    """
    head = cell.lstrip().partition(" ")[0] if cell else ""
    if head.lower() not in _FIRST_WORDS and not (head.isupper() and _ACRONYM_RE.match(head)):
        return ""
    text = " ".join(cell.split())
    if _ACRONYM_RE.match(text):
        return _BY_ACRONYM.get(text.replace(".", ""), "")
    bracketed = re.fullmatch(r"(.+?)\s*\(([A-Z.]{2,10})\)", text)
    if bracketed and _BY_ACRONYM.get(bracketed.group(2).replace(".", "")):
        key = _BY_NAME.get(_name_key(bracketed.group(1)), "")
        return key if key == bracketed.group(2).replace(".", "").lower() else ""
    return _BY_NAME.get(_name_key(text), "") if text else ""
