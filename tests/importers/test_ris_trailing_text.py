"""Text after a RIS file's last record is said, never dropped unsaid.

A second export pasted onto a RIS file (``cat a.ris b.csv``) was skipped as text outside
records: 58 Scopus rows disappeared without a word. Vendors' own text between records
(Ovid's numbers and links, Cochrane's and JSTOR's preambles) is no record and stays quiet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.importers.pipeline import import_file
from litsearch.store import Store

CRIMJUST = "corpora/ris/ebsco-crimjust__citesource__20221207_gambling-harms_crimjust_41.ris"
SCOPUS = "corpora/scopus-csv/scopus__litstudy__scopus.csv"
QUIET = ("corpora/ris/ovid-psycinfo__asreview__ovid_psycinfo.ris",
         "corpora/ris/ovid-cab__synthesisr__Ovid_ris_example.ris",
         "corpora/ris/jstor__colrev__jstor_ris.ris")


def _notes(path: Path) -> list[str]:
    with Store(":memory:") as store:
        summary = import_file(store, path, "other")
    return list(summary.notes)


def test_a_csv_pasted_after_the_last_record_is_named(shared_dir: Path, tmp_path: Path) -> None:
    ris = (shared_dir / CRIMJUST).read_text(encoding="utf-8")
    csv_text = (shared_dir / SCOPUS).read_text(encoding="utf-8-sig")
    joined = tmp_path / "joined.ris"
    joined.write_text(ris.rstrip("\n") + "\n" + csv_text, encoding="utf-8")
    first = ris.rstrip("\n").count("\n") + 2  # not splitlines: the file holds U+2028
    rows = len([line for line in csv_text.split("\n") if line.strip()])
    notes = [n for n in _notes(joined) if "after the last record" in n]
    assert len(notes) == 1, notes
    assert f"lines {first}-" in notes[0] and "import that part as a file of its own" in notes[0]
    assert f"{rows:,} lines" in notes[0] or f"{rows} lines" in notes[0]


@pytest.mark.parametrize("name", QUIET)
def test_vendor_text_between_records_says_nothing(shared_dir: Path, name: str) -> None:
    if not (shared_dir / name).exists():
        pytest.skip(f"{name} not in the shared corpora")
    assert not [n for n in _notes(shared_dir / name) if "after the last record" in n]
