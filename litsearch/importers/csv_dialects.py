"""Column tables for delimited exports (CSV, TSV, semicolon CSV, XLSX), one per dialect.

A dialect is recognised by its header *signature* (columns that must all be present,
compared case-insensitively). Its ``columns`` map canonical fields to column names in
priority order; ``split`` names how a cell holding several values is cut (see
``SPLITTERS`` in :mod:`litsearch.importers.delimited_cells`). Columns no dialect maps
are kept in ``Record.extra``. Files matching no dialect use :data:`GENERIC`, a table of
aliases seen across vendors. Field names follow :mod:`litsearch.importers.delimited_record`;
``citation`` is a pseudo-field parsed into journal, year, volume, issue and pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Dialect:
    """How one vendor's delimited export maps onto the record model.

    Attributes:
        name: Short name, stored in ``Record.extra["csv_dialect"]``.
        database: Database the records come from, or None for re-exports by tools.
        signature: Columns that must all be present for this dialect to apply.
        columns: Canonical field -> columns in priority order.
        split: Canonical field -> splitter name for multi-valued cells.
        overflow: Column that swallows surplus cells of ragged rows (Scopus funding texts).
    """

    name: str
    database: str | None
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    split: dict[str, str] = field(default_factory=dict)
    overflow: tuple[str, ...] = ()


#: Splitters used unless a dialect says otherwise.
DEFAULT_SPLIT = {"authors": "semicolon", "keywords": "semicolon",
                 "subject_headings": "semicolon", "publication_types": "semicolon"}

#: Web of Science two-letter tags as column names (tab-delimited export, CSV re-saves).
#: Shared with the tagged reader in :mod:`litsearch.importers.wos`.
WOS_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("TI",),
    "abstract": ("AB",),
    "authors": ("AF", "AU"),
    "year": ("PY", "PD", "EY", "EA"),
    "journal": ("SO", "JI", "J9"),
    "volume": ("VL",),
    "issue": ("IS",),
    "start_page": ("BP",),
    "end_page": ("EP",),
    "pages": ("PS", "AR"),
    "doi": ("DI", "D2"),
    "pmid": ("PM",),
    "issn": ("SN", "EI"),
    "isbn": ("BN",),
    "language": ("LA",),
    "publication_types": ("DT",),
    "keywords": ("DE", "ID"),
    "subject_headings": ("MH",),
    "url": ("UR",),
    "source_record_id": ("UT", "AN"),
}

#: UT prefixes of the databases on the Web of Science platform.
WOS_DATABASES = {
    "WOS": "Web of Science Core Collection",
    "BCI": "BIOSIS Previews",
    "BIOSIS": "BIOSIS Previews",
    "ZOOR": "Zoological Record",
    "MEDLINE": "MEDLINE (Web of Science)",
    "CCC": "Current Contents Connect",
    "INSPEC": "Inspec",
    "CABI": "CAB Abstracts",
    "KJD": "KCI-Korean Journal Database",
    "SCIELO": "SciELO Citation Index",
    "RSCI": "Russian Science Citation Index",
    "DIIDW": "Derwent Innovations Index",
    "ISI": "Web of Science Core Collection",
}

WOS = Dialect(
    name="wos", database="Web of Science", signature=("PT", "TI", "AU"), columns=WOS_TAGS,
    split={"authors": "semicolon", "keywords": "semicolon_else_comma",
           "subject_headings": "semicolon_else_comma", "publication_types": "semicolon"})

DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        name="scopus", database="Scopus", signature=("Title", "Source title", "EID"),
        columns={
            "title": ("Title",), "abstract": ("Abstract",),
            "authors": ("Author full names", "Authors"), "year": ("Year",),
            "journal": ("Source title", "Abbreviated Source Title"), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("Page start",), "end_page": ("Page end",),
            "pages": ("Art. No.",), "doi": ("DOI",), "pmid": ("PubMed ID",), "issn": ("ISSN",),
            "isbn": ("ISBN",), "language": ("Language of Original Document",),
            "publication_types": ("Document Type",),
            "keywords": ("Author Keywords", "Index Keywords"), "url": ("Link",),
            "source_record_id": ("EID",)},
        split={"authors": "semicolon_or_comma"},
        overflow=("Funding Text 1", "Funding Texts", "Funding Text")),
    Dialect(
        # The "Excel" export of Web of Science spells the tags out.
        name="wos-excel", database="Web of Science",
        signature=("Article Title", "Source Title", "UT (Unique WOS ID)"),
        columns={
            "title": ("Article Title",), "abstract": ("Abstract",),
            "authors": ("Author Full Names", "Authors"), "year": ("Publication Year",),
            "journal": ("Source Title", "Journal ISO Abbreviation"), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("Start Page",), "end_page": ("End Page",),
            "pages": ("Article Number",), "doi": ("DOI",), "pmid": ("Pubmed Id",),
            "issn": ("ISSN", "eISSN"), "isbn": ("ISBN",), "language": ("Language",),
            "publication_types": ("Document Type",),
            "keywords": ("Author Keywords", "Keywords Plus"),
            "source_record_id": ("UT (Unique WOS ID)",)}),
    Dialect(
        name="embase", database="Embase", signature=("Title", "Author Names", "Source"),
        columns={
            "title": ("Title", "Original Title"), "abstract": ("Abstract", "Original Abstract"),
            "authors": ("Author Names",), "year": ("Publication Year", "Date of Publication"),
            "citation": ("Source",), "journal": ("Source title",), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("First Page",), "end_page": ("Last Page",),
            "doi": ("DOI",), "pmid": ("Medline PMID",), "issn": ("ISSN",), "isbn": ("ISBN",),
            "language": ("Article Language",), "publication_types": ("Publication Type",),
            "keywords": ("Author Keywords", "keywords"),
            "subject_headings": ("Emtree Drug Index Terms (Major Focus)",
                                 "Emtree Medical Index Terms (Major Focus)",
                                 "Emtree Drug Index Terms", "Emtree Medical Index Terms"),
            "url": ("Embase Link", "Full Text Link"),
            "source_record_id": ("Embase Accession ID", "PUI")},
        split={"authors": "semicolon_or_comma", "keywords": "comma_outside_parens",
               "subject_headings": "comma_outside_parens"}),
    Dialect(
        name="cinahl", database="CINAHL", signature=("Article Title", "Journal Title",
                                                       "Accession Number"),
        columns={
            "title": ("Article Title",), "abstract": ("Abstract",), "authors": ("Author",),
            "year": ("Publication Date",), "journal": ("Journal Title",), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("First Page",), "doi": ("DOI",),
            "issn": ("ISSN",), "isbn": ("ISBN",), "publication_types": ("Doctype",),
            "keywords": ("Keywords",), "subject_headings": ("Subjects",), "url": ("PLink",),
            "source_record_id": ("Accession Number",)}),
    Dialect(
        name="cochrane", database="Cochrane CENTRAL", signature=("CENTRAL ID", "Title"),
        columns={
            "title": ("Title",), "abstract": ("Abstract",), "authors": ("Author(s)",),
            "year": ("Year",), "journal": ("Source",), "volume": ("Volume",),
            "issue": ("Issue",), "pages": ("Pages",), "doi": ("DOI",), "pmid": ("PubMed ID",),
            "publication_types": ("Publication Type",), "keywords": ("Keywords",),
            "url": ("URL",), "source_record_id": ("CENTRAL ID",)}),
    Dialect(
        name="covidence", database=None, signature=("Covidence #", "Title"),
        columns={
            "title": ("Title",), "abstract": ("Abstract",), "authors": ("Authors",),
            "year": ("Published Year",), "journal": ("Journal",), "volume": ("Volume",),
            "issue": ("Issue",), "pages": ("Pages",), "doi": ("DOI",),
            "source_record_id": ("Covidence #",)}),
    Dialect(
        name="lens", database="Lens.org", signature=("Lens ID", "Title"),
        columns={
            "title": ("Title",), "abstract": ("Abstract",), "authors": ("Author/s",),
            "year": ("Publication Year", "Date Published"), "journal": ("Source Title",),
            "volume": ("Volume",), "issue": ("Issue Number",), "start_page": ("Start Page",),
            "end_page": ("End Page",), "doi": ("DOI",), "pmid": ("PMID",), "pmcid": ("PMCID",),
            "issn": ("ISSNs",), "publication_types": ("Publication Type",),
            "keywords": ("Keywords",), "subject_headings": ("MeSH Terms",),
            "url": ("External URL",), "source_record_id": ("Lens ID",)}),
    Dialect(
        name="openalex", database="OpenAlex", signature=("id", "publication_year", "doi"),
        columns={
            "title": ("title", "display_name"), "abstract": ("abstract",),
            "authors": ("authorships.author.display_name", "authorships.raw_author_name"),
            "year": ("publication_year", "publication_date"),
            "journal": ("primary_location.source.display_name",), "volume": ("biblio.volume",),
            "issue": ("biblio.issue",), "start_page": ("biblio.first_page",),
            "end_page": ("biblio.last_page",), "doi": ("doi", "ids.doi"), "pmid": ("ids.pmid",),
            "pmcid": ("ids.pmcid",),
            "issn": ("primary_location.source.issn_l", "primary_location.source.issn"),
            "language": ("language",), "publication_types": ("type",),
            "keywords": ("keywords.display_name",), "url": ("primary_location.landing_page_url",),
            "source_record_id": ("id",)},
        split={"authors": "pipe", "keywords": "pipe", "publication_types": "pipe"}),
    Dialect(
        name="ieee", database="IEEE Xplore", signature=("Document Title", "Authors"),
        columns={
            "title": ("Document Title",), "abstract": ("Abstract",), "authors": ("Authors",),
            "year": ("Publication Year",), "journal": ("Publication Title",),
            "volume": ("Volume",), "issue": ("Issue",), "start_page": ("Start Page",),
            "end_page": ("End Page",), "doi": ("DOI",), "issn": ("ISSN",), "isbn": ("ISBNs",),
            "keywords": ("Author Keywords", "IEEE Terms", "INSPEC Non-Controlled Terms"),
            "subject_headings": ("INSPEC Controlled Terms", "Mesh_Terms"),
            "url": ("PDF Link",)}),
    Dialect(
        name="springer", database="SpringerLink", signature=("Item Title", "Item DOI"),
        columns={
            "title": ("Item Title",), "authors": ("Authors",), "year": ("Publication Year",),
            "journal": ("Publication Title",), "volume": ("Journal Volume",),
            "issue": ("Journal Issue",), "doi": ("Item DOI",),
            "publication_types": ("Content Type",), "url": ("URL",)},
        split={"authors": "glued_names"}),
    Dialect(
        name="publish-or-perish", database="Google Scholar",
        signature=("Cites", "Authors", "Title", "GSRank"),
        columns={
            "title": ("Title",), "abstract": ("Abstract",), "authors": ("Authors",),
            "year": ("Year",), "journal": ("Source",), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("StartPage",), "end_page": ("EndPage",),
            "doi": ("DOI",), "issn": ("ISSN",), "publication_types": ("Type",),
            "url": ("ArticleURL",)},
        split={"authors": "comma"}),
    Dialect(
        name="google-scholar", database="Google Scholar",
        signature=("Authors", "Title", "Publication", "Year", "Publisher"),
        columns={
            "title": ("Title",), "authors": ("Authors",), "year": ("Year",),
            "journal": ("Publication",), "volume": ("Volume",), "issue": ("Number",),
            "pages": ("Pages",)}),
    Dialect(
        name="rayyan", database=None, signature=("key", "title", "authors", "pubmed_id"),
        columns={
            "title": ("title",), "abstract": ("abstract",), "authors": ("authors",),
            "year": ("year",), "journal": ("journal",), "volume": ("volume",),
            "issue": ("issue",), "pages": ("pages",), "doi": ("doi",), "pmid": ("pubmed_id",),
            "pmcid": ("pmc_id",), "issn": ("issn",), "language": ("language",),
            "keywords": ("keywords",), "url": ("url",), "source_record_id": ("key",)},
        split={"authors": "and"}),
    Dialect(
        name="zotero", database=None, signature=("Key", "Item Type", "Title", "Author"),
        columns={
            "title": ("Title",), "abstract": ("Abstract Note",), "authors": ("Author",),
            "year": ("Publication Year", "Date"), "journal": ("Publication Title",),
            "volume": ("Volume",), "issue": ("Issue",), "pages": ("Pages",), "doi": ("DOI",),
            "pmid_in_text": ("Extra",), "issn": ("ISSN",), "isbn": ("ISBN",),
            "language": ("Language",), "publication_types": ("Item Type",),
            "keywords": ("Manual Tags", "Automatic Tags"), "url": ("Url",),
            "source_record_id": ("Key",)}),
    Dialect(
        name="pubmed", database="PubMed",
        signature=("PMID", "Title", "Authors", "Citation", "Journal/Book"),
        columns={
            "title": ("Title",), "authors": ("Authors",), "year": ("Publication Year",),
            "citation": ("Citation",), "journal": ("Journal/Book",), "doi": ("DOI",),
            "pmid": ("PMID",), "pmcid": ("PMCID",), "source_record_id": ("PMID",)},
        split={"authors": "comma"}),
    Dialect(
        name="refworks", database=None, signature=("Reference Type", "Title Primary"),
        columns={
            "title": ("Title Primary",), "abstract": ("Abstract",),
            "authors": ("Authors, Primary",), "year": ("Pub Year", "Pub Date Free From"),
            "journal": ("Periodical Full", "Periodical Abbrev"), "volume": ("Volume",),
            "issue": ("Issue",), "start_page": ("Start Page",), "end_page": ("Other Pages",),
            "doi": ("DOI",), "pmid": ("PMID",), "pmcid": ("PMCID",), "issn": ("ISSN/ISBN",),
            "language": ("Language",), "publication_types": ("Reference Type",),
            "keywords": ("Keywords",), "url": ("URL", "Links"), "database": ("Database",),
            "source_record_id": ("Reference Id",)}),
    Dialect(
        name="abstrackr", database=None, signature=("(internal) id", "title", "abstract"),
        columns={
            "title": ("title",), "abstract": ("abstract",), "authors": ("authors",),
            "journal": ("journal",), "pmid": ("pubmed id",), "keywords": ("keywords",),
            "source_record_id": ("(internal) id",)},
        split={"authors": "and", "keywords": "comma"}),
    WOS,
)

#: Aliases for files no dialect claims, in priority order (compared case-insensitively,
#: ignoring spaces, dots, underscores and hyphens).
GENERIC = Dialect(
    name="generic", database=None, signature=(), split={"authors": "authors"},
    columns={
        # English first, then Dutch, German and French spreadsheet headings.
        "title": ("title", "ti", "t1", "article title", "document title", "item title",
                  "title primary", "primary title", "display_name", "name", "titel", "titre"),
        "abstract": ("abstract", "ab", "n2", "abstract note", "summary", "description",
                     "samenvatting", "zusammenfassung", "résumé", "resume"),
        "authors": ("authors", "author", "au", "a1", "author names", "author(s)", "author/s",
                    "author full names", "creators", "creator", "authors, primary",
                    "auteurs", "auteur", "autoren", "autor"),
        "year": ("year", "py", "publication year", "pub year", "published year", "y1",
                 "publication_year", "date", "publication date", "date published", "da",
                 "jaar", "jahr", "année", "annee"),
        "journal": ("journal", "journal title", "source title", "publication title",
                    "publication", "periodical", "jf", "jo", "t2", "so", "source",
                    "secondary title", "container-title", "journal/book", "tijdschrift",
                    "zeitschrift", "revue"),
        "volume": ("volume", "vl", "vol"),
        "issue": ("issue", "number", "is", "issue number", "no"),
        "start_page": ("start page", "first page", "page start", "sp", "bp"),
        "end_page": ("end page", "last page", "page end", "ep"),
        "pages": ("pages", "page", "pg", "page range"),
        "doi": ("doi", "di", "do", "item doi", "doi link"),
        "pmid": ("pmid", "pubmed id", "pubmed_id", "pm", "medline pmid", "pubmedid"),
        "pmcid": ("pmcid", "pmc id", "pmc_id"),
        "issn": ("issn", "sn", "issns", "eissn"),
        "isbn": ("isbn", "isbns", "bn"),
        "language": ("language", "la", "lang", "article language"),
        "publication_types": ("type", "publication type", "publication types",
                              "document type", "doctype",
                              "item type", "pt", "dt", "entrytype", "reference type"),
        "keywords": ("keywords", "kw", "author keywords", "de", "tags", "manual tags"),
        "subject_headings": ("mesh", "mesh terms", "mh", "subjects", "subject headings"),
        "url": ("url", "link", "ur", "links"),
        "source_record_id": ("source_record_id", "id", "record_id", "record id", "key",
                             "accession number",
                             "an", "ut", "eid", "accession", "citation key", "recordid"),
        "database": ("database", "db", "source database", "database name"),
    })
