"""``litsearch dedup`` end to end on a project folder."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import fields

import pytest
from dedup_fixtures import add, load_pairs

from litsearch.dedup.settings import WHOLE_RANGES, DedupSettings

CASES = {c["case"]: c for c in load_pairs()}


def test_dedup_command_runs_reports_and_splits(project, cli):
    ids = add(project.store, [CASES[k][x] for k in ("erratum-suffix", "pages-in-volume", "notice")
                              for x in ("a", "b")])
    project.close()
    code, out, err = cli("dedup", "--json", cwd=project.root)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["new_records"] == 6 and summary["duplicates"] == 1
    assert summary["pairs_review"] == 1
    report = project.root / "outputs" / "dedup-report.csv"
    with report.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    code, out, err = cli("dedup", "-r", str(project.root), cwd=project.root.parent)
    assert code == 0 and "0 new records" in out and "1 pair waits for review" in out
    cluster = project.store.execute("SELECT cluster_id FROM cluster_members WHERE record_id = ?",
                                    (ids[0],)).fetchone()[0]
    project.close()
    code, out, err = cli("dedup", "--split-cluster", str(cluster), "--reviewer", "bob",
                         cwd=project.root)
    assert code == 0 and "into 2 clusters" in out
    code, out, err = cli("dedup", "--split-cluster", "9999", "--reviewer", "bob",
                         cwd=project.root)
    assert code == 2 and "cluster 9999 does not exist" in err
    # With several reviewers listed, a decision is never filed under a guessed name.
    # The old spelling --split still works for one version, with a note.
    code, out, err = cli("dedup", "--split", str(cluster), cwd=project.root)
    assert "--split is now --split-cluster" in err
    assert code == 2 and "several reviewers are listed" in err
    # A split from an earlier session is taken back pair by pair with --undo A B.
    a, b = sorted(project.store.execute(
        "SELECT record_a, record_b FROM dedup_decisions").fetchone())
    project.close()
    code, out, err = cli("dedup", "--undo", str(a), str(b), "--reviewer", "bob",
                         cwd=project.root)
    assert code == 0 and f"Withdrew the decision on records {a} and {b}" in out
    code, out, err = cli("dedup", "--undo", str(a), str(b), "--reviewer", "bob",
                         cwd=project.root)
    assert code == 2 and "no decision to undo" in err
    code, out, err = cli("dedup", "--undo-split", str(a), "--reviewer", "bob", cwd=project.root)
    assert code == 2 and "no standing split involves" in err  # a 2-record split is one pair


def test_bad_dedup_setting_is_one_line_error(project, cli):
    path = project.root / "review.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[dedup]\ntitle_merge = 2\n",
                    encoding="utf-8")
    code, _out, err = cli("dedup", cwd=project.root)
    assert code == 2 and "dedup.title_merge" in err and "Traceback" not in err


def test_review_with_nothing_to_review_says_so(project, cli):
    add(project.store, [CASES["notice"]["a"]])
    project.close()
    assert cli("dedup", cwd=project.root)[0] == 0
    code, out, err = cli("dedup", "review", "--reviewer", "alice", cwd=project.root)
    assert code == 0 and "No pairs await review" in out
    # The old spelling (a flag with no value) still opens the pair review, with a note.
    code, out, err = cli("dedup", "--review", "--reviewer", "alice", cwd=project.root)
    assert code == 0 and "No pairs await review" in out
    assert "now 'litsearch dedup review'" in err


def test_review_folder_is_found_by_flag_environment_and_discovery(project, cli, monkeypatch):
    add(project.store, [CASES["notice"]["a"], CASES["notice"]["b"]])
    project.close()
    elsewhere = project.root.parent
    code, out, err = cli("dedup", "--review", str(project.root), cwd=elsewhere)
    assert code == 0 and "2 new records" in out, err
    code, out, err = cli("dedup", "--review-dir", str(project.root), cwd=elsewhere)
    assert code == 0 and "0 new records" in out and "--review-dir is now --review" in err
    monkeypatch.setenv("LITSEARCH_REVIEW", str(project.root))
    code, out, err = cli("dedup", cwd=elsewhere)
    assert code == 0 and "0 new records" in out, err
    monkeypatch.delenv("LITSEARCH_REVIEW")
    inner = project.root / "outputs"
    inner.mkdir(exist_ok=True)
    code, out, err = cli("dedup", cwd=inner)
    assert code == 0 and "0 new records" in out, err


def test_help_names_the_folder_option_as_everywhere(cli):
    code, out, _err = cli("dedup", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "--review -r DIR" in text and "$LITSEARCH_REVIEW" in text
    assert "--review-dir" not in text and "review Review the doubtful pairs" in text


@pytest.mark.parametrize(("setting", "expected"), [
    ("max_year_gap = -1", "dedup.max_year_gap = -1 is not valid.*whole number from 0 to 5"),
    ("max_year_gap = 100", "dedup.max_year_gap = 100 is not valid.*whole number from 0 to 5"),
    ("max_year_gap = 1.0", "dedup.max_year_gap = 1.0 is not valid.*whole number from 0 to 5"),
    ("max_block = 1", "dedup.max_block = 1 is not valid.*whole number from 2 to 1000"),
    ("title_merge = -0.1", "dedup.title_merge = -0.1 is not valid.*number from 0.0 to 1.0"),
    ("merge_preprints = 1", "dedup.merge_preprints = 1 is not true or false"),
    ("max_year_gaps = 2", "unknown key 'max_year_gaps' in .dedup.*Did you mean 'max_year_gap'"),
])
def test_dedup_setting_out_of_range_names_file_key_and_range(project, cli, setting,
                                                              expected):
    path = project.root / "review.toml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n[dedup]\n{setting}\n",
                    encoding="utf-8")
    code, _out, err = cli("dedup", cwd=project.root)
    line = err.strip()
    assert code == 2 and "Traceback" not in err
    assert line.startswith(f"error: {path}: "), line  # the file's path, not review.toml
    assert re.search(expected, " ".join(line.split())), line


def test_every_whole_number_dedup_setting_has_a_range() -> None:
    defaults = DedupSettings()
    whole = {f.name for f in fields(DedupSettings)
             if isinstance(getattr(defaults, f.name), int)
             and not isinstance(getattr(defaults, f.name), bool)}
    assert whole == set(WHOLE_RANGES)
    for key, (low, high, _what) in WHOLE_RANGES.items():
        assert low <= getattr(defaults, key) <= high


def test_summary_counts_the_pairs_checked_and_the_records_in_blocks_over_the_cap(project, cli):
    # Four records that share a key value: under the default cap all six pairs are
    # checked and nothing is noted; with a cap of 2 every key's block is over it, so all
    # four records are named, and the old pair count stays in the JSON for old scripts.
    case = CASES["erratum-suffix"]
    add(project.store, [case["a"], case["b"], case["a"], case["b"]])
    project.close()
    code, out, err = cli("dedup", cwd=project.root)
    said = " ".join(out.split())
    assert code == 0, err
    assert "This run: 6 pairs sharing a blocking key checked" in said and "note:" not in said
    path = project.root / "review.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[dedup]\nmax_block = 2\n",
                    encoding="utf-8")
    code, out, err = cli("dedup", "--json", cwd=project.root)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["records_split"] == 4 and summary["blocks_split"] >= 1
    assert summary["pairs_unpaired"] > 0 and summary["pairs_candidate"] < 6
    path.write_text(path.read_text(encoding="utf-8").replace("= 2", "= 3"), encoding="utf-8")
    code, out, err = cli("dedup", cwd=project.root)  # the settings changed: all matched again
    said = " ".join(out.split())
    assert code == 0, err
    assert "note: 4 records of this run shared a blocking key with more than max_block" in said
