"""An auditor sees which ranking each record was shown in: the decision's model_version
(``elas-u4/1/fit-37``) and shown_rank are in ``export decisions`` (csv and jsonl) and in
the report page's decision trail. Real records: EBSCO Criminal Justice (shared corpora)."""

from __future__ import annotations

import csv
import json

from litsearch.project import Project
from litsearch.screening.decisions import record_decision

CRIMJUST = "ebsco-crimjust__citesource__20221207_gambling-harms_crimjust_41.ris"


def _review(cli, shared_dir, tmp_path):
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Gambling", "--reviewer", "alice")[0] == 0
    code, _out, err = cli("import", str(shared_dir / "corpora" / "ris" / CRIMJUST), "--db",
                          "crimjust", "--new-db", cwd=root)
    assert code == 0, err
    assert cli("dedup", cwd=root)[0] == 0
    with Project.open(root) as project:
        record_decision(project.store, 1, "title-abstract", "alice", "include",
                        source="tui", model_version="file", shown_rank=1)
        record_decision(project.store, 7, "title-abstract", "alice", "exclude",
                        reason="wrong population", source="tui",
                        model_version="elas-u4/1/fit-37", shown_rank=3)
    return root


def test_export_decisions_names_the_ranking_each_record_was_shown_in(cli, shared_dir,
                                                                     tmp_path):
    root = _review(cli, shared_dir, tmp_path)
    code, _out, err = cli("export", "decisions", "-o", str(tmp_path / "d.csv"), cwd=root)
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "d.csv").open(encoding="utf-8")))
    assert [(r["model_version"], r["shown_rank"]) for r in rows] == [
        ("file", "1"), ("elas-u4/1/fit-37", "3")]
    code, _out, err = cli("export", "decisions", "--format", "jsonl", "-o",
                          str(tmp_path / "d.jsonl"), cwd=root)
    assert code == 0, err
    events = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert events[1]["model_version"] == "elas-u4/1/fit-37" and events[1]["shown_rank"] == 3
    # The export still reads back (a file edited elsewhere): the new columns are ignored.
    code, _out, err = cli("screen", "import-decisions", str(tmp_path / "d.csv"),
                          "--reviewer", "alice", cwd=root)
    assert code == 0, err


def test_the_report_pages_trail_names_the_ranking(cli, shared_dir, tmp_path):
    root = _review(cli, shared_dir, tmp_path)
    code, _out, err = cli("report", "html", "-o", str(tmp_path / "r.html"),
                          cwd=root)
    assert code == 0, err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "elas-u4/1/fit-37" in page
    assert '"model"' in page and "shown in ranking" in page
