"""The CSV follows the PRISMA2020 R package template exactly; JSON uses the same keys."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_scenarios import NEW_REVIEW, WITH_OTHER, add_other_methods, new_review, run

from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_csv import r_pairs, to_csv, to_json
from litsearch.report.rtemplate import COLUMNS, DATA_KEYS, TEMPLATE_ROWS
from litsearch.store import Store

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "report" / "PRISMA_template.csv"


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as db:
        yield db


def test_template_table_reproduces_the_r_package_file() -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    assert buf.getvalue() == TEMPLATE.read_text(encoding="utf-8")


def test_csv_keeps_every_template_row_and_fills_n(store: Store) -> None:
    add_other_methods(store, new_review(store))
    rows = _read(to_csv(compute_flow(store, ("alice", "bob"))))
    template = _read(TEMPLATE.read_text(encoding="utf-8"))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(template)
    for got, want in zip(rows, template, strict=True):
        assert {k: got[k] for k in COLUMNS if k != "n"} == {k: want[k] for k in COLUMNS
                                                             if k != "n"}
    values = {r["data"]: r["n"] for r in rows if r["data"] != "NA"}
    assert set(DATA_KEYS) <= set(values)
    for key, expected in WITH_OTHER.items():
        assert values[key] == str(expected), key
    labels = [r for r in rows if r["data"] == "NA"]
    assert [r["box"] for r in labels] == ["prevstud", "newstud", "othstud"]


def test_csv_reason_strings_parse_like_the_r_package(store: Store) -> None:
    new_review(store)
    rows = {r["data"]: r["n"] for r in _read(to_csv(compute_flow(store)))}
    # PRISMA_parse_reasons_: split on "; ", reason before the first comma, number after.
    parsed = [part.split(",", 1) for part in rows["dbr_excluded"].split("; ")]
    assert [(r, int(n)) for r, n in parsed] == [("Wrong population", 1),
                                               ("Wrong study design", 1)]
    assert rows["other_excluded"] == "0"
    assert rows["database_specific_results"] == "PubMed, 7; Embase, 5"


def test_names_with_separators_are_made_safe() -> None:
    assert r_pairs({"Wrong population, adults; older": 3}) == "Wrong population - adults - older, 3"
    assert r_pairs({}) == "0"


def test_records_of_method_other_join_the_website_row(store: Store) -> None:
    with store.transaction():
        run(store, "expert contact", ["X1", "X2"], method="other")
        run(store, "NICE website", ["W1"], method="website")
    rows = {r["data"]: r for r in _read(to_csv(compute_flow(store)))}
    assert rows["website_results"]["n"] == "3"
    assert rows["website_results"]["boxtext"] == "Websites and other sources"


def test_json_has_the_r_keys_and_details(store: Store) -> None:
    new_review(store)
    data = json.loads(to_json(compute_flow(store, ("alice", "bob"))))
    for key, expected in NEW_REVIEW.items():
        assert data[key] == expected, key
    assert set(DATA_KEYS) <= set(data)
    details = data["litsearch"]
    assert details["databases"] == {"PubMed": 7, "Embase": 5}
    assert details["records_excluded_human"] == 2
    assert details["records_excluded_automation"] == 1
    assert details["violations"] == [] and details["updated_review"] is False
