"""Box texts, database names and automation actors used by every PRISMA rendering.

The box keys are the PRISMA2020 R package's ``data`` keys, so the same key names a
box in the text, Markdown and SVG renderings, the CSV and JSON, and ``--explain``.
"""

from __future__ import annotations

# The automation names live with the fold that counts votes; reports read them here.
from ..screening.state import AUTOMATION_NAMES, is_automation  # noqa: F401

#: PRISMA 2020 box texts (Page et al. 2021, Fig 1), by R package data key.
BOX_LABELS: dict[str, str] = {
    "previous_studies": "Studies included in previous version of review",
    "previous_reports": "Reports of studies included in previous version of review",
    "database_results": "Databases",
    "register_results": "Registers",
    "website_results": "Websites",
    "organisation_results": "Organisations",
    "citations_results": "Citation searching",
    "other_results": "Other sources",
    "duplicates": "Duplicate records removed",
    "excluded_automatic": "Records marked as ineligible by automation tools",
    "excluded_other": "Records removed for other reasons",
    "records_screened": "Records screened",
    "records_excluded": "Records excluded",
    "records_excluded_human": "by a human",
    "records_excluded_automation": "by automation tools",
    "dbr_sought_reports": "Reports sought for retrieval",
    "dbr_notretrieved_reports": "Reports not retrieved",
    "dbr_assessed": "Reports assessed for eligibility",
    "dbr_excluded": "Reports excluded",
    "other_sought_reports": "Reports sought for retrieval",
    "other_notretrieved_reports": "Reports not retrieved",
    "other_assessed": "Reports assessed for eligibility",
    "other_excluded": "Reports excluded",
    "new_studies": "Studies included in review",
    "new_reports": "Reports of included studies",
    "total_studies": "Total studies included in review",
    "total_reports": "Reports of total included studies",
}

#: Box texts that change in an updated review (PRISMA 2020 templates v3 and v4).
UPDATED_LABELS: dict[str, str] = {
    "new_studies": "New studies included in review",
    "new_reports": "Reports of new included studies",
}

#: Column headings of the three identification columns.
COLUMN_TITLES: dict[str, str] = {
    "previous": "Previous studies",
    "dbr": "Identification of studies via databases and registers",
    "dbr_updated": "Identification of new studies via databases and registers",
    "other": "Identification of studies via other methods",
    "other_updated": "Identification of new studies via other methods",
}

#: Side bands, top to bottom.
BANDS = ("Identification", "Screening", "Included")

#: search_runs.method of the other-methods column -> R package data key.
OTHER_METHOD_KEYS: dict[str, str] = {
    "website": "website_results",
    "organisation": "organisation_results",
    "citation": "citations_results",
    "other": "other_results",
}

#: Display names of the database keys litsearch uses; unknown keys are shown as given.
DATABASE_LABELS: dict[str, str] = {
    "pubmed": "PubMed",
    "medline": "MEDLINE",
    "embase": "Embase",
    "psycinfo": "APA PsycInfo",
    "cochrane": "Cochrane Library",
    "central": "Cochrane CENTRAL",
    "wos": "Web of Science",
    "scopus": "Scopus",
    "cinahl": "CINAHL",
    "google-scholar": "Google Scholar",
    "clinicaltrials": "ClinicalTrials.gov",
    "ictrp": "WHO ICTRP",
    "eric": "ERIC",
    "embase.com": "Embase",
    "ebsco-psycinfo": "APA PsycInfo",
    "europepmc": "Europe PMC",
    "lens": "Lens",
    "dimensions": "Dimensions",
    "openalex": "OpenAlex",
    "ieee": "IEEE Xplore",
    "springer": "SpringerLink",
    "proquest": "ProQuest",
    "jstor": "JSTOR",
    "econlit": "EconLit",
    "biosis": "BIOSIS Previews",
    "sciencedirect": "ScienceDirect",
}

#: Why a unit or record is not (yet) counted in a final box; the key names it for --explain.
PENDING_LABELS: dict[str, str] = {
    "awaiting_title_abstract": "Records awaiting title/abstract screening",
    "second_title_abstract": "Records awaiting a second reviewer at title/abstract (one "
                             "vote of the two the screening rules require)",
    "conflict_title_abstract": "Records with unresolved title/abstract conflicts",
    "awaiting_full_text": "Reports awaiting full-text assessment",
    "second_full_text": "Reports awaiting a second reviewer at full text (one vote of the "
                        "two the screening rules require)",
    "conflict_full_text": "Reports with unresolved full-text conflicts",
    "maybe_full_text": "Reports marked 'maybe' at full text",
    "unknown_status": "Records with a screening status the report does not know",
    "not_deduplicated": "Records not yet deduplicated (counted as their own unit)",
    "no_representative": "Records in a duplicate cluster without a valid representative",
    "other_excluded_at_screening": "Other-method records excluded before retrieval",
    "other_duplicates": "Other-method records duplicating an already identified record",
    "changed_since_freeze": "Records of the frozen version whose inclusion changed after the "
                            "freeze (counted in neither version)",
    "unfinished_search": "Records from a search that did not finish (counted in their boxes)",
}

#: Pending lists that flag records counted in the boxes as usual: they are reported by
#: the invariant checks, not listed as "outside the final boxes".
COUNTED_FLAGS = frozenset({"unfinished_search"})

#: Pending lists of records that still await a decision or a resolution: they make a
#: freeze premature and an invariant broken by them only a warning.
UNFINISHED = ("awaiting_title_abstract", "second_title_abstract", "conflict_title_abstract",
              "awaiting_full_text", "second_full_text", "conflict_full_text", "maybe_full_text")

#: Statuses from record_statuses() this module places in a box.
KNOWN_STATUSES = frozenset({
    "unscreened", "excluded-auto", "excluded-title-abstract", "maybe",
    "included-title-abstract", "excluded-full-text", "not-retrieved", "included", "conflict",
    "awaiting-second-title-abstract", "awaiting-second-full-text",
})

#: Shown for a full-text exclusion recorded without a reason.
NO_REASON = "No reason recorded"


def database_label(name: str) -> str:
    """Return the display name of a database key ("psycinfo" -> "APA PsycInfo")."""
    key = name.strip()
    if key.lower() in DATABASE_LABELS:
        return DATABASE_LABELS[key.lower()]
    # A name litsearch does not know is stored lower-cased (``--db``): give it back
    # capitalised ("lens" -> "Lens"), never as the bare id.
    return key[:1].upper() + key[1:] if key else "Unnamed source"
