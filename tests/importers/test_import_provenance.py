"""Issue 13 finding 4: an import records only what is true of the search behind a file.

Real exports from shared/corpora: the platform comes from the file's dialect, the
search string from ``queries/<db>.txt`` only when that string is written for the same
platform, the date from the file's own stamp (else none), and no hit count at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.importers.pipeline import import_file
from litsearch.importers.provenance import export_date, platform_of_label
from litsearch.project import Project
from litsearch.report.prisma_s import search_report
from litsearch.store.records import list_search_runs

OVID_STRING = "1 exp spirituality/\n2 (meaning adj3 life).ti,ab.\n3 1 or 2\n"


def _corpus(shared_dir: Path, name: str) -> Path:
    return shared_dir / "corpora" / name


def test_an_ebsco_export_never_takes_the_ovid_string(project: Project, shared_dir: Path) -> None:
    """The stored psycinfo string is written for Ovid (review.toml); the file is EBSCOhost's."""
    (project.queries_dir / "psycinfo.txt").write_text(OVID_STRING, encoding="utf-8")
    summary = import_file(project, _corpus(shared_dir, "ris/ebsco-psycinfo__citesource__"
                                                       "psycinfo_64.ris"), "psycinfo",
                          searched_on="2025-01-28")
    (run,) = list_search_runs(project.store)
    assert run.query is None and run.query_source is None
    assert any("queries/psycinfo.txt was not recorded as this run's search string: it is "
               "written for Ovid and ebsco-psycinfo__citesource__psycinfo_64.ris" in n
               for n in summary.notes)
    # review.toml says Ovid for psycinfo: the file contradicts it, and the user is told.
    assert any("review.toml's platform says 'Ovid', but" in n and "EBSCOhost" in n
               for n in summary.notes)
    report = search_report(project.store)
    assert "the search string was not recorded with this run" in report
    assert "exp spirituality/" not in report


def test_an_ovid_export_takes_the_ovid_string(project: Project, shared_dir: Path) -> None:
    (project.queries_dir / "psycinfo.txt").write_text(OVID_STRING, encoding="utf-8")
    import_file(project, _corpus(shared_dir, "ris/ovid-psycinfo__asreview__ovid_psycinfo.ris"),
                "psycinfo", searched_on="2024-05-02")
    (run,) = list_search_runs(project.store)
    assert run.query == OVID_STRING.strip() and run.query_source == "queries/psycinfo.txt"
    assert run.platform == "Ovid"


def test_a_file_that_does_not_show_its_platform_takes_no_string(project: Project,
                                                                shared_dir: Path) -> None:
    (project.queries_dir / "pubmed.txt").write_text('"spiritual care"[tiab]', encoding="utf-8")
    summary = import_file(project, _corpus(shared_dir, "ris/zotero__asreview__pubmed_zotero.ris"),
                          "pubmed", searched_on="2024-05-02")
    assert list_search_runs(project.store)[0].query is None
    assert any("does not show which platform it came from" in n for n in summary.notes)


def test_platform_option_contradicted_by_the_file_is_a_warning(project: Project,
                                                                shared_dir: Path) -> None:
    summary = import_file(project, _corpus(shared_dir, "ris/scopus__ASySD__scopus.ris"),
                          "scopus", platform="Ovid")
    assert any("--platform says 'Ovid', but scopus__ASySD__scopus.ris is an export from Scopus" in n
               for n in summary.notes)


def test_date_comes_from_the_export_stamp_never_today(project: Project,
                                                      shared_dir: Path) -> None:
    """Scopus stamps "Export Date: 28 January 2025"; a Zotero RIS stamps nothing."""
    stamped = import_file(project, _corpus(shared_dir, "ris/scopus__ASySD__scopus.ris"),
                          "scopus")
    bare = import_file(project, _corpus(shared_dir, "ris/zotero__asreview__pubmed_zotero.ris"),
                       "pubmed")
    runs = list_search_runs(project.store)
    assert [r.searched_on for r in runs] == ["2025-01-28", None]
    assert any("from scopus__ASySD__scopus.ris's Export Date" in n for n in stamped.notes)
    assert any("does not say when the search was run" in n for n in bare.notes)
    report = search_report(project.store)
    assert "(import date; search date not recorded)" in report
    # Those notes are litsearch's, about the file: not warnings Scopus gave.
    assert "Notes from the import:" in report and "Warnings from the source" not in report
    # An export holds records, not the count the source reported for the search.
    assert all(r.reported_count is None for r in runs)
    assert "Records reported by the source" not in report


@pytest.mark.parametrize(("head", "platform", "expected"), [
    ("N1  - Export Date: 30 January 2020; Cited By: 2\n", "scopus", ("2020-01-30", "Export Date")),
    ("Scopus\nEXPORT DATE: 08 July 2023\n\n@ARTICLE{x,", "scopus", ("2023-07-08", "Export Date")),
    ("____\n\nReport Information from ProQuest\nDecember 08 2015 21:33\n____", "proquest",
     ("2015-12-08", "ProQuest report date")),
    ("N1  - Export Date: 30 January 2020\nN1  - Export Date: 2 May 2021\n", "scopus", (None, "")),
    ("TY  - JOUR\nPY  - 2020\n", "scopus", (None, "")),
    # A stamp of another platform, or in a file whose platform is unknown, is not read.
    ("N1  - Export Date: 30 January 2020\n", None, (None, "")),
    ("N1  - Export Date: 30 January 2020\n", "lens", (None, "")),
    # Web of Science's DA: tagged and BibTeX; in its RIS, DA is the publication date.
    ("PT J\nAU Smith, J\nDA 2020-01-11\nER\n", "wos",
     ("2020-01-11", "DA (date the export was generated)")),
    ("@article{ WOS:1,\nDA = {2023-07-08},\n}", "wos",
     ("2023-07-08", "DA (date the export was generated)")),
    ("TY  - JOUR\nDA  - DEC 26\nDA  - 2020-01-11\n", "wos", (None, "")),
    ("PMID- 1\nDA  - 20010101\n", "pubmed", (None, "")),
])
def test_export_dates(head: str, platform: str | None, expected: tuple) -> None:
    assert export_date(head, platform) == expected


@pytest.mark.parametrize(("name", "db", "platform", "searched_on", "query"), [
    # A Citavi library: three Scopus records stamped "Export Date" among Lens records.
    ("ris/citavi__asreview__ris_issue_1099.txt", "scopus", None, None, None),
    # Scopus BibTeX says source={Scopus} on each entry, and stamps its date above them.
    ("bibtex/scopus__pyBibX__scopus_m.bib", "scopus", "Scopus", "2023-07-08",
     "queries/scopus.txt"),
    # Web of Science stamps DA, the day the export was generated, on every record.
    ("wos-tagged/wos-zoorec__synthesisr__zoorec.txt", "wos", "Web of Science", "2020-01-11",
     "queries/wos.txt"),
    ("bibtex/wos__pyBibX__wos_m.bib", "wos", "Web of Science", "2023-07-08", "queries/wos.txt"),
])
def test_platform_and_date_from_what_the_whole_file_shows(project: Project, shared_dir: Path,
                                                          name, db, platform, searched_on,
                                                          query) -> None:
    for stored in ("scopus", "wos"):
        (project.queries_dir / f"{stored}.txt").write_text(
            "TITLE-ABS(meaning)" if stored == "scopus" else "TS=(meaning)", encoding="utf-8")
    import_file(project, _corpus(shared_dir, name), db, platform=None)
    (run,) = list_search_runs(project.store)
    assert (run.searched_on, run.query_source) == (searched_on, query)
    if platform:
        assert run.platform == platform


@pytest.mark.parametrize(("label", "platform"), [
    ("Ovid", "ovid"), ("OvidSP", "ovid"), ("Embase.com", "embasecom"), ("EBSCOhost", "ebsco"),
    ("Web of Science Core Collection", "wos"), ("PubMed", "pubmed"), ("Scopus", "scopus"),
    ("Cochrane Library", "cochrane"), ("my own platform", None), (None, None),
    # Whole words only: a fragment inside another word names no platform.
    ("Knowledge Works", None), ("Lensing Lab export", None), ("Scholarly Commons", None),
    ("EBSCO host", "ebsco"), ("SpringerLink", "springer"), ("Web of Science Core", "wos"),
])
def test_platform_labels(label, platform) -> None:
    assert platform_of_label(label) == platform


def test_status_asks_for_the_string_and_the_date(project: Project, shared_dir: Path,
                                                 cli) -> None:
    (project.queries_dir / "psycinfo.txt").write_text(OVID_STRING, encoding="utf-8")
    path = _corpus(shared_dir, "ris/ebsco-psycinfo__citesource__psycinfo_64.ris")
    code, _out, err = cli("import", str(path), "--db", "psycinfo", cwd=project.root)
    assert code == 0, err
    code, out, err = cli("status", cwd=project.root)
    text = " ".join(out.split())
    assert "PRISMA-S: search run 1 (psycinfo) has no search string" in text
    assert "search run 1 (psycinfo) has no search date" in text
