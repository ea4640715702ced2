"""Importing decisions made elsewhere, and exporting the audit trail."""

from __future__ import annotations

import csv
import io
import json

import pytest

from litsearch.errors import ScreeningError
from litsearch.screening.audit import export_decisions
from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import record_decision
from litsearch.screening.imports import import_decisions


def _import(project, path, **kw):
    return import_decisions(project.store, load_criteria(project.criteria_path), path,
                            project.reviewers, **kw)


def test_import_matches_by_id_doi_pmid_and_title(review, tmp_path):
    project, ids = review
    path = tmp_path / "rayyan.csv"
    path.write_text(
        "litsearch_record_id,DOI,PMID,Title,Decision,Exclusion reason,Reviewer,Notes\n"
        f"{ids[0]},,,,Included,,bob,\n"
        ",https://doi.org/10.1000/JMH.1,,,excluded,Wrong population,bob,\"multi\nline\"\n"
        ",,PMID: 1002,,maybe,,,\n"
        ",,,\"MEANING-MAKING in outpatient mental health care: study 3.\",0,,alice,\n"
        ",,,Something else,,,,\n", encoding="utf-8")
    result = _import(project, path, reviewer="alice")
    assert result.imported == 4 and result.skipped_blank == 1
    rows = project.store.execute("SELECT record_id, reviewer, decision, reason, note, source "
                                 "FROM decisions ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        (ids[0], "bob", "include", None, None, "import:rayyan.csv"),
        (ids[1], "bob", "exclude", "wrong population", "multi\nline", "import:rayyan.csv"),
        (ids[2], "alice", "maybe", None, None, "import:rayyan.csv"),
        (ids[3], "alice", "exclude", None, None, "import:rayyan.csv")]


@pytest.mark.parametrize("body, message", [
    ("doi,decision\n10.1000/jmh.0,include\n10.9/none,include\n",
     ": 1 of 2 rows match no single work in the review, so nothing was imported: line 3: no "
     "work in the review has DOI '10.9/none'"),
    ("litsearch_record_id,decision,reason\n{id},exclude,wrong pop\n",
     "line 2: unknown reason label 'wrong pop'"),
    ("litsearch_record_id,decision\n{id},perhaps\n", "line 2: bad decision word 'perhaps'"),
    ("litsearch_record_id,decision,reviewer\n{id},include,carol\n",
     "line 2: unknown reviewer 'carol' (column 'reviewer'); review.toml lists alice, bob"),
    # The name came from the file, not from --reviewer: the message says which column.
    ("litsearch_record_id,Decision,Screener\n{id},include,\n{id},exclude,carol\n",
     "line 3: unknown reviewer 'carol' (column 'Screener')"),
    ("litsearch_record_id,decision,stage\n{id},include,abstracts\n",
     "line 2: unknown stage 'abstracts'"),
    ("doi,verdict\n", "line 1: needs a decision column"),
    ("litsearch_record_id,decision,note\n{id},include,\"two\nlines\"\n999,include,\n",
     ": 1 of 2 rows match no single work in the review, so nothing was imported: line 4: "
     "no work in the review has litsearch record id '999'"),
])
def test_import_errors_name_file_and_line(review, tmp_path, body, message):
    project, ids = review
    path = tmp_path / "decisions.csv"
    path.write_text(body.format(id=ids[0]), encoding="utf-8")
    with pytest.raises(ScreeningError) as info:
        _import(project, path, reviewer="alice")
    assert f"decisions.csv{message if message.startswith(':') else ' ' + message}" \
        in str(info.value)
    assert project.store.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0


def test_export_decisions_lists_every_event(review, tmp_path):
    project, ids = review
    store = project.store
    record_decision(store, ids[0], "title-abstract", "alice", "include")
    record_decision(store, ids[0], "title-abstract", "alice", "exclude", reason="wrong topic",
                    note="on second thought")
    record_decision(store, ids[0], "title-abstract", "alice", "undo")
    out = tmp_path / "decisions.csv"
    assert export_decisions(store, "csv", out) == 3
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["decision"] for r in rows] == ["include", "exclude", "undo"]
    assert [r["replaced_earlier"] for r in rows] == ["0", "1", "1"]
    assert rows[1]["reason"] == "wrong topic" and rows[1]["note"] == "on second thought"
    assert rows[0]["doi"] == "10.1000/jmh.0" and rows[0]["decided_at"].endswith("Z")
    buffer = io.StringIO()
    export_decisions(store, "jsonl", buffer)
    events = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert events[2]["replaces"] == events[1]["event_id"] and events[0]["resolution"] is False
    with pytest.raises(ScreeningError, match="unknown decisions export format 'xml'"):
        export_decisions(store, "xml", buffer)


def test_import_without_a_reviewer_is_refused_when_several_are_listed(review, tmp_path):
    project, ids = review
    path = tmp_path / "decisions.csv"
    path.write_text(f"litsearch_record_id,decision\n{ids[0]},include\n", encoding="utf-8")
    with pytest.raises(ScreeningError, match="several reviewers"):
        _import(project, path)
    assert project.store.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
