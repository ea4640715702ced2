"""``litsearch simulate`` on hostile labelled files: a right result or a one-line error."""

from __future__ import annotations

import csv

import pytest

from litsearch.errors import ScreeningError
from litsearch.screening.labelled import load_labelled


def _write_rows(path, rows, column="included"):
    """Write a labelled CSV: title, abstract and the label ``column``, then ``rows``."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "abstract", column])
        writer.writerows(rows)
    return path


def _write(path, labels, column="included"):
    return _write_rows(path, ([f"Record {i} on meaning in later life", "An abstract.", value]
                              for i, value in enumerate(labels)), column)


def _topic(i):
    """The topic of record ``i`` of twenty: the first five are the included ones'."""
    return "meaning in later life" if i < 5 else "hospital bed costs"


@pytest.mark.parametrize("yes,no", [("yes", "no"), ("1.0", "0.0"), ("TRUE", "FALSE"),
                                    ("Included", "Excluded")])
def test_label_spellings_read_as_include_and_exclude(tmp_path, yes, no):
    data = load_labelled(_write(tmp_path / "l.csv", [yes, no, no, yes]), "included")
    assert data.labels.tolist() == [1, 0, 0, 1]


@pytest.mark.parametrize("blank_at", [0, 2])
def test_a_blank_label_is_named_as_a_blank_cell_not_a_missing_column(tmp_path, blank_at):
    values = ["1", "0", "0", "1"]
    values[blank_at] = ""
    with pytest.raises(ScreeningError) as err:
        load_labelled(_write(tmp_path / "l.csv", values), "included")
    text = str(err.value)
    assert f"record {blank_at + 1}" in text
    assert "empty cell" in text
    assert "no label column" not in text


def test_a_missing_column_is_named_as_missing(tmp_path):
    with pytest.raises(ScreeningError, match="no label column 'decision'"):
        load_labelled(_write(tmp_path / "l.csv", ["1", "0"]), "decision")


def test_repeated_records_are_reported_not_silently_simulated(tmp_path, cli):
    rows = [[f"Study {i} of {_topic(i)}", f"About {_topic(i)}.", int(i < 5)] for i in range(20)]
    rows.append(["Study 0 of meaning in later life", "About meaning in later life.", 1])
    path = _write_rows(tmp_path / "dup.csv", rows)
    assert load_labelled(path, "included").repeats == ((21, 1),)
    code, out, err = cli("simulate", str(path), "--label", "included", "--seeds", "1", "--json")
    assert code == 0, err
    assert "note: 1 record of dup.csv repeats" in err and "record 21 = record 1" in err


def test_a_file_with_no_text_at_all_is_refused(tmp_path, cli):
    """Every title and abstract empty: simulate printed WSS, RRF and ATD as if a model
    had ranked the records; there is nothing to learn from, so it says so."""
    path = _write_rows(tmp_path / "notext.csv", [["", "", int(i < 4)] for i in range(20)])
    code, out, err = cli("simulate", str(path), "--label", "included", "--seeds", "1")
    assert code != 0 and "WSS" not in out
    assert "no record of notext.csv has a title, abstract or keywords" in " ".join(err.split())


def test_records_without_text_are_counted_in_a_note(tmp_path, cli):
    path = _write_rows(tmp_path / "some.csv", [
        ["", "", 0] if i >= 18 else [f"Study {i} of {_topic(i)}", "", int(i < 5)]
        for i in range(20)])
    code, out, err = cli("simulate", str(path), "--label", "included", "--seeds", "1", "--json")
    assert code == 0, err
    flat = " ".join(err.split())
    assert "note: 2 records of some.csv have no title, abstract or keywords" in flat


def test_a_set_without_excludes_is_told_that_it_has_no_exclude(cli, tmp_path):
    """Every record an include: the error said 'Lower --prior-included', which cannot
    help (and --prior-excluded cannot go below 1); it names what is missing."""
    path = tmp_path / "all-included.csv"
    path.write_text("title,abstract,label\n" + "".join(
        f"Bibliometric study {i},An analysis of citations {i},1\n" for i in range(5)))
    code, _, err = cli("simulate", str(path), "--label", "label", "--seeds", "1")
    assert code != 0
    assert "no exclude" in err and "--prior-included" not in err


def test_a_set_with_one_include_is_told_why_it_cannot_be_replayed(cli, tmp_path):
    path = tmp_path / "one-include.csv"
    path.write_text("title,abstract,label\nBibliometric study,Citations,1\n"
                    "Rats in stress,Hippocampus,0\nTax law,Courts,0\n")
    code, _, err = cli("simulate", str(path), "--label", "label", "--seeds", "1")
    assert code != 0 and "only 1 include" in err and "at most 0" not in err
