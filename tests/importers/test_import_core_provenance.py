"""What a reader learns about each record's source survives the import."""

from __future__ import annotations

from pathlib import Path

from litsearch.importers.pipeline import import_file
from litsearch.store.records import iter_records

WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Smith, J
TI Spiritual care in outpatient psychiatry
SO JOURNAL OF MEANING
PY 2020
UT BCI:BCI202000123456
ER

PT J
AU Lee, A
SO JOURNAL OF MEANING
PY 2021
UT WOS:000123456700001
ER

EF
"""


def test_platform_database_is_kept_beside_db_and_untitled_counted(project, tmp_path: Path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, encoding="utf-8")
    summary = import_file(project, path, "wos")
    assert (summary.read, summary.imported) == (2, 2)
    assert any("1 record has no title; it was kept" in note for note in summary.notes)
    records = [r for _, r in iter_records(project.store)]
    assert {r.database for r in records} == {"wos"}
    assert records[0].extra.get("source_database") == "BIOSIS Previews"
    assert records[1].extra["source_database"] == "Web of Science Core Collection"
