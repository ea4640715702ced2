"""``export --where`` reads the column names the CSV export writes."""

from __future__ import annotations

import csv
import io

import pytest

from litsearch.demo.run import run_demo


@pytest.fixture
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("where") / "demo"
    run_demo(root)
    return root


def _rows(cli, demo, where):
    code, out, err = cli("export", "-f", "csv", "--where", where, "-r", str(demo))
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize("column", ["litsearch_record_id", "search_run", "cluster_id", "status",
                                    "database", "year", "doi"])
def test_every_exported_column_can_be_filtered_on(cli, demo, column):
    everything = _rows(cli, demo, "1 = 1")
    value = next(row[column] for row in everything if row[column])
    literal = value if value.isdigit() else "'" + value.replace("'", "''") + "'"
    chosen = _rows(cli, demo, f"{column} = {literal}")
    assert chosen and len(chosen) == sum(row[column] == value for row in everything)
    assert all(row[column] == value for row in chosen)


def test_status_filter_matches_the_status_column(cli, demo):
    included = _rows(cli, demo, "status = 'included'")
    code, out, _ = cli("export", "-f", "csv", "--included", "-r", str(demo))
    assert {r["litsearch_record_id"] for r in included} == \
        {r["litsearch_record_id"] for r in csv.DictReader(io.StringIO(out))}


def test_a_bad_column_is_one_line_listing_the_valid_ones(cli, demo):
    code, out, err = cli("export", "-f", "csv", "--where", "search_runs = 1", "-r", str(demo))
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:")
    assert "search_runs" in err and "search_run," in err
