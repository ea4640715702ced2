"""MEDLINE and PubMed XML EFetch answers for the same records give the same record fields."""

from __future__ import annotations

from dataclasses import fields

from fake_eutils import FakeEutils, make_corpus

from litsearch.models import Record
from litsearch.search.parse import parse_efetch

#: Record fields that hold format-specific text rather than the record's data.
FORMAT_SPECIFIC = {"original", "line", "position", "extra", "warnings"}
#: Fields every synthetic record has, so equality is never between two empty values.
ALWAYS_FILLED = ("title", "abstract", "authors", "year", "journal", "volume", "issue",
                 "start_page", "end_page", "doi", "pmid", "issn", "language",
                 "publication_types", "keywords", "subject_headings", "database")


def _normalised(record: Record) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)
            if f.name not in FORMAT_SPECIFIC}


def test_medline_and_xml_fill_the_same_fields_on_the_same_records() -> None:
    corpus = make_corpus(300)
    assert {a.dp for a in corpus} >= {"day", "year", "Spring"}  # odd dates are in the sample
    ids = ",".join(a.pmid for a in corpus)
    with FakeEutils(corpus) as server:
        medline = parse_efetch(server.efetch({"id": ids, "rettype": "medline"}), "medline")
        xml = parse_efetch(server.efetch({"id": ids, "rettype": "abstract"}), "xml")
    assert len(medline) == len(xml) == 300
    for from_medline, from_xml, article in zip(medline, xml, corpus, strict=True):
        a, b = _normalised(from_medline), _normalised(from_xml)
        assert a == b, {k: (a[k], b[k]) for k in a if a[k] != b[k]}
        assert all(a[name] for name in ALWAYS_FILLED), a
        assert a["pmid"] == article.pmid and a["year"] == article.pdat.year
        assert "*Spirituality" in a["subject_headings"]
        assert "Mental Health/statistics & numerical data" in a["subject_headings"]
        assert str(a["abstract"]).startswith("BACKGROUND: ")
    # MEDLINE keeps what has no Record field (affiliations, Entrez date) in extra.
    assert "AD" in medline[0].extra and "EDAT" in medline[0].extra
    # Each format's original is the record's own text in that format.
    assert medline[0].original.startswith("PMID- ") and "<PubmedArticle" in xml[0].original
