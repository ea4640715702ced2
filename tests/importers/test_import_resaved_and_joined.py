"""Exports a user has passed through another program, or joined, before importing them.

- litsearch's own CSV re-saved by R (``write.csv``, ``readr::write_csv``), which writes
  ``NA`` for every empty cell: the empty fields must come back empty, not as "NA".
- Two exports of different formats joined into one file (``cat a.nbib b.ris``): the
  second export's records must not be glued onto the first's or read as records
  without a title; the file is refused, naming the line where the second one starts.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from litsearch.errors import ImportFormatError
from litsearch.importers.pipeline import import_file
from litsearch.report.export import export_records
from litsearch.store import Store

CRIMJUST = "corpora/ris/ebsco-crimjust__citesource__20221207_gambling-harms_crimjust_41.ris"
LENS = "corpora/ris/lens__citesource__20221207_gambling-harms_lens_49.ris"
CANCER = "corpora/nbib/pubmed__Reflib-Node__cancer.nbib"
WOS_SAMPLE = "corpora/wos-tagged/wos__bibliometrix__wos_sample.txt"
TEXT_FIELDS = ("title", "abstract", "journal", "volume", "issue", "start_page", "end_page",
               "url", "language")


def _resave_like_r(source: Path, target: Path) -> None:
    """Write ``source`` as readr::write_csv does: NA for an empty cell, quotes as needed."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(rows[0])
        for row in rows[1:]:
            writer.writerow([cell if cell != "" else "NA" for cell in row])


def test_own_csv_resaved_by_r_reads_na_as_empty(shared_dir: Path, tmp_path: Path) -> None:
    with Store(":memory:") as first, Store(":memory:") as second:
        import_file(first, shared_dir / LENS, "lens")
        exported = tmp_path / "records.csv"
        export_records(first, "csv", exported)
        resaved = tmp_path / "records-from-r.csv"
        _resave_like_r(exported, resaved)
        summary = import_file(second, resaved, "lens")
        assert summary.read == summary.imported == 49
        columns = ", ".join(TEXT_FIELDS)
        before = first.execute(f"SELECT {columns} FROM records ORDER BY id").fetchall()
        after = second.execute(f"SELECT {columns} FROM records ORDER BY id").fetchall()
        assert [tuple(r) for r in after] == [tuple(r) for r in before]
        notes = second.execute("SELECT messages FROM search_runs").fetchone()[0]
        assert "NA" in notes and "empty" in notes


def test_own_csv_keeps_a_literal_na_title_when_not_resaved(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("litsearch_record_id,search_run,title,year,pmid,journal\n"
                    "1,1,NA,2020,123456,NA\n", encoding="utf-8")
    with Store(":memory:") as store:
        import_file(store, path, "embase")
        assert tuple(store.execute("SELECT title, journal FROM records").fetchone()) == \
            ("NA", "NA")


@pytest.mark.parametrize(("first", "second", "line_text"), [
    (CANCER, CRIMJUST, "TY  - "), (CRIMJUST, CANCER, "PMID- "), (WOS_SAMPLE, CRIMJUST, "TY  - "),
])
def test_two_formats_joined_in_one_file_are_refused(shared_dir: Path, tmp_path: Path,
                                                    first: str, second: str,
                                                    line_text: str) -> None:
    head = (shared_dir / first).read_bytes()
    joined = tmp_path / "joined.txt"
    joined.write_bytes(head + (shared_dir / second).read_bytes())
    with joined.open(encoding="utf-8-sig") as handle:  # universal newlines, as litsearch
        lines = handle.read().split("\n")
    line = next(i for i, text in enumerate(lines, 1)
                if text.startswith(line_text) and i > head.count(b"\n"))
    with Store(":memory:") as store:
        with pytest.raises(ImportFormatError) as caught:
            import_file(store, joined, "embase")
        assert f"line {line}" in str(caught.value)
        assert "two" in str(caught.value) and "split" in caught.value.hint.lower()
        assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
        assert store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0] == 0


SCOPUS = "corpora/scopus-csv/scopus__litstudy__scopus.csv"


def test_csv_cut_short_warns_its_last_row(shared_dir: Path, tmp_path: Path) -> None:
    """A download cut off inside a row: the row is kept, warned as possibly cut short."""
    data = (shared_dir / SCOPUS).read_bytes()
    cut = tmp_path / "scopus-cut.csv"
    cut.write_bytes(data[:len(data) // 2])
    with Store(":memory:") as store:
        summary = import_file(store, cut, "scopus")
        assert summary.read == summary.imported == 19
        warned = store.execute("SELECT position, extra FROM records WHERE extra LIKE "
                               "'%import_warnings%'").fetchall()
        assert [row[0] for row in warned] == [19]
        assert "cut short" in warned[0][1]


def test_complete_csv_without_final_line_break_warns_nothing(shared_dir: Path,
                                                             tmp_path: Path) -> None:
    """Google Sheets writes no line break after the last row; that row is whole."""
    whole = tmp_path / "scopus-no-final-newline.csv"
    whole.write_bytes((shared_dir / SCOPUS).read_bytes().rstrip(b"\r\n"))
    with Store(":memory:") as store:
        summary = import_file(store, whole, "scopus")
        assert summary.read == 58 and summary.warned == 0


def test_medline_cut_short_warns_its_last_record(shared_dir: Path, tmp_path: Path) -> None:
    """MEDLINE has no end-of-record tag: a file ending mid-line ends in a cut record."""
    data = (shared_dir / CANCER).read_bytes()
    cut = tmp_path / "cancer-cut.nbib"
    cut.write_bytes(data[:len(data) // 2])
    with Store(":memory:") as store:
        summary = import_file(store, cut, "pubmed")
        assert summary.read == 9
        warned = store.execute("SELECT position, extra FROM records WHERE extra LIKE "
                               "'%import_warnings%'").fetchall()
        assert [row[0] for row in warned] == [9]
        assert "cut short" in warned[0][1]


def test_medline_without_final_line_break_but_whole_warns_nothing(shared_dir: Path) -> None:
    """This real file ends on its last SO line with no line break: its records are whole."""
    with Store(":memory:") as store:
        summary = import_file(store, shared_dir / "corpora/nbib/pubmed__synthesisr__"
                              "PubMed_example.txt", "pubmed")
        assert summary.read == 3 and summary.warned == 0



ZOTERO_PUBMED = "corpora/ris/zotero__citesource__20221207_gambling-harms_pubmed_176.ris"


def _csv_round_trip(shared_dir: Path, tmp_path: Path, name: str, query: str) -> tuple:
    with Store(":memory:") as first, Store(":memory:") as second:
        import_file(first, shared_dir / name, "lens")
        exported = tmp_path / "records.csv"
        export_records(first, "csv", exported)
        import_file(second, exported, "lens")
        return ([tuple(r) for r in first.execute(query)],
                [tuple(r) for r in second.execute(query)])


def test_own_csv_round_trip_keeps_the_vendors_record_ids(shared_dir: Path,
                                                         tmp_path: Path) -> None:
    """Lens IDs (like WoS UTs, Scopus EIDs) come back from litsearch's CSV export."""
    before, after = _csv_round_trip(shared_dir, tmp_path, LENS,
                                    "SELECT source_record_id FROM records ORDER BY id")
    assert all(row[0] for row in before)
    assert after == before


def test_own_csv_round_trip_keeps_the_period_of_a_written_out_name(shared_dir: Path,
                                                                   tmp_path: Path) -> None:
    """"King, Daniel L." came back as given name "Daniel L"."""
    before, after = _csv_round_trip(shared_dir, tmp_path, ZOTERO_PUBMED,
                                    "SELECT authors FROM records ORDER BY id")

    def people(rows: list[tuple]) -> list[list[tuple]]:
        return [[(a["family"], a["initials"], a["given"]) for a in json.loads(r[0])]
                for r in rows]
    assert any("Daniel L." in row[0] for row in before)
    assert people(after) == people(before)


def test_same_export_saved_again_is_named(shared_dir: Path, tmp_path: Path) -> None:
    """The same Lens export, one byte longer: every record is already in run 1."""
    again = tmp_path / "lens-again.ris"
    again.write_bytes((shared_dir / LENS).read_bytes() + b"\n")
    with Store(":memory:") as store:
        import_file(store, shared_dir / LENS, "lens")
        summary = import_file(store, again, "lens")
        assert summary.imported == 49 and not summary.already_imported
        note = next(n for n in summary.notes if "already" in n)
        assert "49" in note and "run 1" in note and "--undo 2" in note


def test_an_update_search_sharing_some_records_is_not_named(shared_dir: Path) -> None:
    """PsycInfo and WoS share 37 records: an overlap, not the same export twice."""
    with Store(":memory:") as store:
        import_file(store, shared_dir / "corpora/ris/wos__citesource__WoS_79.ris", "x")
        summary = import_file(store, shared_dir / "corpora/ris/ebsco-psycinfo__citesource__"
                              "psycinfo_64.ris", "x")
        assert not any("already" in n for n in summary.notes)


def test_files_after_a_failed_one_are_named_as_not_imported(shared_dir: Path, tmp_path: Path,
                                                            cli) -> None:
    """`import a.ris joined.txt b.ris`: b.ris is not imported, and the error says so."""
    cli("init", str(tmp_path / "review"), "--title", "t")
    joined = tmp_path / "joined.txt"
    joined.write_bytes((shared_dir / CANCER).read_bytes() + (shared_dir / CRIMJUST).read_bytes())
    code, out, err = cli("import", str(shared_dir / LENS), str(joined),
                         str(shared_dir / WOS_SAMPLE), "--db", "pubmed",
                         "--searched-on", "2024-01-01", cwd=tmp_path / "review")
    assert code == 2
    assert "wos__bibliometrix__wos_sample.txt" in " ".join(err.split())
    assert "not imported" in err
    code, out, err = cli("status", "--json", cwd=tmp_path / "review")
    assert json.loads(out)["records"]["total"] == 49


def test_two_platforms_exports_joined_in_one_ris_file_are_named(shared_dir: Path,
                                                                tmp_path: Path) -> None:
    """A Lens and a Web of Science RIS export joined: all are read, and the mix is said."""
    joined = tmp_path / "lens-and-wos.ris"
    joined.write_bytes((shared_dir / LENS).read_bytes()
                       + (shared_dir / "corpora/ris/wos__citesource__WoS_79.ris").read_bytes())
    with Store(":memory:") as store:
        summary = import_file(store, joined, "lens")
        assert summary.read == summary.imported == 128
        note = next(n for n in summary.notes if "platforms" in n)
        assert "Lens (49)" in note and "Web of Science (79)" in note and "--undo 1" in note


def test_one_platforms_export_says_nothing_of_platforms(shared_dir: Path) -> None:
    with Store(":memory:") as store:
        summary = import_file(store, shared_dir / LENS, "lens")
        assert not any("platforms" in n for n in summary.notes)
