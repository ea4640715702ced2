"""Values that mean "nothing here": one table for importers and dedup alike.

Exports and spreadsheets write a word where a field is empty: R's ``NA``, pandas's
``nan``, "[No abstract available]" (Scopus), "[no pagination]" (Embase), "No terms
assigned" (PsycInfo, EBSCO). Which words mean nothing depends on the field: "In press"
is no volume, but could be a keyword; "[No abstract available]" is no abstract, but only
turns up in the abstract. So the table has one row for every field and one per kind of
field, and each user names the kinds it reads:

- importers (:mod:`litsearch.importers.delimited_record` for tables, BibTeX and the like,
  :mod:`litsearch.importers.core_record` for RIS, MEDLINE and XML) store a field as empty
  when it holds an :data:`ANY_FIELD` or a :data:`TEXT` value; in a list field (keywords,
  authors) only when that value stands alone ("HA; NA" keeps its neuraminidase); a
  locator placeholder is stored as
  the vendor wrote it ("[Epub ahead of print]" says the work is not out yet), and the
  record's ``original`` keeps it in every case;
- dedup (:mod:`litsearch.dedup.trust`) reads the DOI, journal, volume, issue and page
  cells: :data:`ANY_FIELD` and :data:`LOCATOR` values there are missing values, not
  evidence either way;
- keywords and subject headings drop :data:`TERMS` (:mod:`litsearch.importers.core_text`).

Values are compared lower-cased and trimmed.
"""

from __future__ import annotations

#: Empty in any field: spreadsheet and program placeholders, dashes. The words pandas
#: reads as empty (``pandas.read_csv``'s default ``na_values``) are all here: pandas's
#: nullable columns write ``<NA>``, Excel and LibreOffice ``#N/A``.
ANY_FIELD = frozenset({
    "", "na", "n/a", "n.a.", "n. a.", "nan", "none", "null", "nil", "-", "--", "\u2014",
    "#n/a", "#n/a n/a", "#na", "<na>", "-nan", "1.#ind", "-1.#ind", "1.#qnan", "-1.#qnan",
})
#: Empty in a title or abstract (Scopus, Embase, Web of Science).
TEXT = frozenset({"[no abstract available]", "no abstract available", "[no title available]"})
#: Empty in a locator cell (volume, issue, pages, journal, DOI): no pagination, not yet
#: published, place unknown.
LOCATOR = frozenset({
    "?", "[no pagination]", "no pagination", "[no page]", "not available", "unknown",
    "[unknown]", "s.l.", "[s.l.]", "n.p.", "np", "var.pagings", "var. pagings",
    "var pagings", "[epub ahead of print]", "epub ahead of print", "in press",
})
#: Keywords and subject headings that say "none" (PsycInfo, EBSCO).
TERMS = frozenset({"no terms assigned", "no keywords", "no subject terms"})

#: Every placeholder of :data:`ANY_FIELD` and :data:`TEXT`: what an importer stores as empty.
IMPORTED = ANY_FIELD | TEXT
#: Every placeholder of :data:`ANY_FIELD` and :data:`LOCATOR`: what dedup reads as missing.
LOCATORS = ANY_FIELD | LOCATOR
