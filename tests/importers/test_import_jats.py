"""PMC EFetch (``<pmc-articleset>``) and bare JATS ``<article>`` XML imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.errors import ImportFormatError
from litsearch.importers import load, loads
from litsearch.project import Project
from litsearch.store.records import iter_records

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"


def _line_of(path: Path, needle: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if i > after and needle in text)


def test_pmc_articleset_maps_the_front_matter() -> None:
    path = DATA / "pmc_articleset.xml"
    result = load(path)
    assert result.format == "jats-xml" and result.read == 2 and result.warned == 1
    first, second = result.records
    # Inline markup flattened, the footnote marker left out.
    assert first.title == ("Sleep and screens in adolescents: a cohort study of CO2 and "
                           "blue light")
    assert first.abstract == (
        "Background: Screens are used late at night by most adolescents. Methods: A cohort "
        "of 1200 pupils (aged 12\u201316) wore actigraphs for 2 weeks. Results: Each hour of "
        "screen use delayed sleep onset by 15 min (p < 0.01).")
    assert [(a.family, a.initials, a.given) for a in first.authors] == [
        ("Müller", "KP", "Klaus Peter"), ("O'Brien", "S", "Siobhán"), ("Wang", "L", "Li"),
        ("Sleep Health Study Group", "", "")]  # the editor is not an author
    assert (first.journal, first.volume, first.issue, first.start_page, first.end_page) == (
        "Journal of Sleep Research", "30", "2", "101", "110")
    assert first.year == 2021  # the print date, not the epub (2020) or PMC release (2022)
    assert (first.doi, first.pmid, first.pmcid, first.issn) == (
        "10.1111/jsr.13001", "33000001", "PMC7000001", "0962-1105")
    assert (first.language, first.publication_types, first.database) == (
        "en", ["research-article"], "pmc")
    assert first.keywords == ["sleep", "screen time", "adolescents"]
    assert first.extra == {"subjects": ["Original Article"], "publisher_id": "JSR13001"}
    # original keeps the front matter, not the body or the reference list.
    assert first.original.startswith("<front") and "Body text" not in first.original
    assert "11111111" not in first.original and first.line == _line_of(path, "<pmc-articleset>")
    # Second article: no title (kept, warned), string-name author, elocation-id, pmcid type.
    assert second.title is None and second.warnings == ["no title"]
    assert [(a.family, a.initials) for a in second.authors] == [("Kim", "C"), ("Souza", "A")]
    assert (second.start_page, second.year, second.pmcid, second.language) == (
        "e101", 2019, "PMC7000002", "fr")
    assert second.journal == "Sleep Health" and second.abstract == "A letter without a title."
    assert second.line == _line_of(path, 'article-type="letter"')


def test_bare_jats_article() -> None:
    result = load(DATA / "jats_article.xml")
    assert result.format == "jats-xml" and result.read == 1
    (record,) = result.records
    assert record.title == "Blue light and melatonin: a systematic review of n=42 trials"
    assert record.abstract == ("Evening light suppresses melatonin. Blue-enriched light "
                               "suppresses it most.")
    assert [(a.family, a.initials) for a in record.authors] == [
        ("van der Berg", "M"), ("Dupont", "JP")]
    assert record.year == 2022  # JATS 1.3 print "pub" date wins over the electronic one
    assert (record.journal, record.issn, record.start_page) == (
        "Sleep Medicine Reviews", "1087-0792", "101600")
    assert record.pmid is None and record.database is None
    assert record.source_record_id == "10.1016/j.smrv.2022.101600"


def test_biopython_pmc_efetch_from_the_corpus(shared_dir: Path) -> None:
    result = load(shared_dir / "corpora" / "other" / "pmc__biopython__efetch_pmc.xml")
    assert result.format == "jats-xml" and result.read == 1
    (record,) = result.records
    assert record.title.startswith("\u201cLung diffusing capacity for nitric oxide")
    assert record.title.endswith("ERJ Open Res 2021; 7: 00193-2021.")
    assert (record.pmid, record.pmcid, record.doi) == (
        "34527728", "PMC8435807", "10.1183/23120541.50193-2021")
    assert (record.journal, record.volume, record.issue, record.start_page, record.year) == (
        "ERJ Open Research", "7", "3", "50193-2021", 2021)
    assert record.publication_types == ["correction"] and record.authors == []


def test_default_namespace_is_read_too() -> None:
    text = ('<article xmlns="http://jats.nlm.nih.gov/ns" xml:lang="de"><front><article-meta>'
            "<title-group><article-title>Schlaf</article-title></title-group>"
            '<article-id pub-id-type="pmid">123</article-id>'
            "<pub-date><year>2018</year></pub-date></article-meta></front></article>")
    (record,) = loads(text, name="ns.xml").records
    assert (record.title, record.pmid, record.year, record.language) == (
        "Schlaf", "123", 2018, "de")


def test_pmc_oai_pmh_records_are_read() -> None:
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/'
            'OAI/2.0/"><ListRecords><record><metadata><article xmlns="https://jats.nlm.nih.gov/'
            'ns/archiving/1.3/"><front><article-meta><article-id pub-id-type="pmcid">PMC1'
            "</article-id><title-group><article-title>Via OAI</article-title></title-group>"
            "</article-meta></front></article></metadata></record></ListRecords></OAI-PMH>")
    result = loads(text, name="oai.xml")
    assert result.format == "jats-xml"
    assert [(r.title, r.pmcid) for r in result.records] == [("Via OAI", "PMC1")]


@pytest.mark.parametrize(("text", "expected"), [
    # An empty <pmc-articleset></pmc-articleset> is a search that found nothing
    # (test_empty_files.py); one holding anything but articles is no PMC answer.
    ("<pmc-articleset><error>no such id</error></pmc-articleset>", "no <article> element"),
    ('<?xml version="1.0"?>\n<pmc-articleset>\n<article>\n<front>\n<article-meta>',
     "art.xml, line 5, column"),
    ('<!DOCTYPE article [<!ENTITY x "y">]>\n<article><front><article-meta>'
     "<title-group><article-title>&x;</article-title></title-group>"
     "</article-meta></front></article>", "refuses to expand"),
])
def test_bad_files_raise_one_clear_error(text: str, expected: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        loads(text, format="jats-xml", name="art.xml")
    assert expected in str(caught.value) and "art.xml" in str(caught.value)
    assert caught.value.hint


def test_cli_imports_pmc_xml(cli, project: Project) -> None:
    code, out, err = cli("import", str(DATA / "pmc_articleset.xml"), "--db", "pubmed",
                         cwd=project.root)
    assert code == 0, err
    assert "jats-xml" in out and "no title" in err
    with Project.open(project.root) as again:
        stored = sorted(r.pmcid for _, r in iter_records(again.store))
    assert stored == ["PMC7000001", "PMC7000002"]


PIECES = st.sampled_from([
    "<pmc-articleset>", "</pmc-articleset>", "<article>", "</article>", '<article xml:lang="en">',
    "<front>", "</front>", "<article-meta>", "</article-meta>", "<journal-meta>",
    "</journal-meta>", "<title-group>", "</title-group>", "<article-title>", "</article-title>",
    "<abstract>", "</abstract>", "<sec>", "</sec>", "<title>", "</title>", "<p>", "</p>",
    '<contrib contrib-type="author">', "</contrib>", "<contrib-group>", "</contrib-group>",
    "<name>", "</name>", "<surname>Lee</surname>", "<given-names>Kim</given-names>",
    "<collab>Group</collab>", '<pub-date pub-type="epub">', "</pub-date>", "<year>2020</year>",
    '<article-id pub-id-type="pmc">', '<article-id pub-id-type="doi">', "</article-id>",
    "<kwd-group><kwd>k</kwd></kwd-group>", "<italic>", "</italic>", "12", "10.1/x", "&amp;",
    "&nbsp;", "<", "\n", " ", '<?xml version="1.0"?>', "<!-- c -->", "<xref>1</xref>",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=45), st.sampled_from(["jats-xml", None]))
def test_fuzz_reader_raises_only_import_format_error(pieces: list[str], fmt: str | None) -> None:
    try:
        result = loads("".join(pieces), format=fmt, name="fuzz.xml")
    except ImportFormatError as exc:
        assert str(exc)
        return
    assert [r.position for r in result.records] == list(range(1, result.read + 1))
    if result.format == "jats-xml":  # other formats may be detected in the fuzz text
        assert all((r.title is None) == ("no title" in r.warnings) for r in result.records)
