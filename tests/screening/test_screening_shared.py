"""Two-stage screening with a real labelled set (Cohen 2006, ACE inhibitors).

The first 400 rows become records; their title/abstract and final labels are imported
as two reviewers' decisions by PMID, and the stage counts must match the labels.
"""

from __future__ import annotations

import csv

from litsearch.models import Record
from litsearch.screening.agreement import agreement
from litsearch.screening.criteria import load_criteria
from litsearch.screening.imports import import_decisions
from litsearch.screening.status import screening_status

ROWS = 400


def _rows(shared_dir):
    path = shared_dir / "data" / "screening" / "Cohen_2006_ACEInhibitors.csv"
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for _, row in zip(range(ROWS), csv.DictReader(handle), strict=False)]


def test_labelled_set_through_both_stages(project, seeded, shared_dir, tmp_path):
    rows = _rows(shared_dir)
    seeded(project.store, [Record(title=r["title"], abstract=r["abstract"] or None,
                                  year=int(r["year"]) if r["year"].isdigit() else None,
                                  pmid=r["pubmedID"], language="en") for r in rows])
    ta, ft = tmp_path / "ta.csv", tmp_path / "ft.csv"
    with ta.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["PMID", "Decision", "Reviewer"])
        for r in rows:
            label = "include" if r["label_abstract_screening"] == "1" else "exclude"
            out.writerow([r["pubmedID"], label, "alice"])
            # bob judges by the final label: stricter than alice at title/abstract.
            out.writerow([r["pubmedID"], "yes" if r["label_included"] == "1" else "no", "bob"])
    with ft.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["pmid", "decision", "reason", "stage"])
        for r in rows:
            if r["label_abstract_screening"] == "1":
                out.writerow([r["pubmedID"], "include" if r["label_included"] == "1"
                              else "exclude", "" if r["label_included"] == "1"
                              else "wrong population", "full-text"])
    criteria = load_criteria(project.criteria_path)
    assert import_decisions(project.store, criteria, ta, project.reviewers).imported == 2 * ROWS
    ta_yes = sum(r["label_abstract_screening"] == "1" for r in rows)
    final = sum(r["label_included"] == "1" for r in rows)
    assert import_decisions(project.store, criteria, ft, project.reviewers,
                            reviewer="alice").imported == ta_yes
    status = screening_status(project.store)
    assert status["title-abstract"]["include"] == final
    assert status["title-abstract"]["conflicts"] == ta_yes - final
    assert status["title-abstract"]["exclude"] == ROWS - ta_yes
    assert status["full-text"]["pool"] == final and status["full-text"]["include"] == final
    (pair,) = agreement(project.store, "title-abstract")
    assert pair.n == ROWS and pair.percent == round(100 * (ROWS - (ta_yes - final)) / ROWS, 1)
