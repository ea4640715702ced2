"""Dual-screening rules on a real export (Lens CSV): what a blind reviewer may see in the
report page and prisma --explain, and what import-decisions says about full-text rows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from litsearch.project import Project
from litsearch.report.html import render_html

LENS = "corpora/csv/lens__citation-file-formatting___baseline.csv"
OUTCOMES = ("conflict", "included", "excluded", "maybe", "awaiting", "not-retrieved")


def _meta(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="meta">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_blind_page_identification_boxes_carry_no_screening_outcome(cli, shared_dir: Path,
                                                                     tmp_path: Path) -> None:
    # alice includes 1 and 2; bob excludes 1 (a conflict) and includes 2 (agreed).
    root = _blind_review(cli, shared_dir, tmp_path, (
        ("1", "--include", "--reviewer", "alice"), ("2", "--include", "--reviewer", "alice"),
        ("1", "--exclude", "--reviewer", "bob"), ("2", "--include", "--reviewer", "bob")))
    with Project.open(root) as project:
        page = render_html(project, reviewer="alice")
    boxes = _meta(page)["boxes"]
    assert boxes["records_excluded"].get("hidden")
    listed = boxes["database_results"]
    assert 1 in listed["ids"] and 2 in listed["ids"]
    leaked = [d for d in listed["details"] if any(word in d for word in OUTCOMES)]
    assert leaked == [], f"a blind page tells alice the outcome of records: {leaked}"


def _blind_review(cli, shared_dir: Path, tmp_path: Path, votes=(
        ("1", "--include", "--reviewer", "alice"), ("2", "--exclude", "--reviewer", "alice"),
        ("1", "--exclude", "--reviewer", "bob"), ("2", "--exclude", "--reviewer", "bob"))) -> Path:
    """A blind, two-vote review of a real Lens export with ``votes`` decided."""
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Blind")[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'reviewers = ["reviewer1"]', 'reviewers = ["alice", "bob"]')
        + "\n[screening]\nvotes = 2\nblind = true\n", encoding="utf-8")
    assert cli("import", str(shared_dir / LENS), "--db", "scopus", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    for args in votes:
        assert cli("screen", "decide", *args, cwd=root)[0] == 0
    return root


def test_prisma_explain_shows_a_blind_reviewer_no_outcome(cli, shared_dir: Path,
                                                          tmp_path: Path, monkeypatch) -> None:
    """alice included 1 and excluded 2; bob excluded both. Blind and unfinished, no
    --explain list may say 1 is a conflict or 2 excluded (both tell bob's vote)."""
    root = _blind_review(cli, shared_dir, tmp_path)
    # alice looks (on PostgreSQL the test connects as the owner, who sees every vote).
    monkeypatch.setenv("LITSEARCH_REVIEWER", "alice")
    code, out, err = cli("prisma", "--explain", "records_excluded", cwd=root)
    assert code != 0 and err.startswith("error: ") and "blind" in err
    code, out, err = cli("prisma", "--explain", "conflict_title_abstract", cwd=root)
    assert code != 0 and "blind" in err
    code, out, _ = cli("prisma", "--explain", "database_results", "--format", "csv", cwd=root)
    assert code == 0
    rows = out.splitlines()[1:]
    assert len(rows) == 100 and all(row.endswith(",") for row in rows), rows[:3]
    code, out, _ = cli("prisma", cwd=root)
    assert "conflict)" not in out and "excluded-title-abstract)" not in out
    # The database names stay: they tell nothing about anyone's votes.
    code, out, _ = cli("prisma", "--explain", "database_specific_results", "--format", "csv",
                       cwd=root)
    assert code == 0 and out.splitlines()[1].endswith(",Scopus")


def test_import_says_when_full_text_decisions_are_on_records_not_at_full_text(
        cli, shared_dir: Path, tmp_path: Path) -> None:
    """votes = 2: alice's title/abstract include leaves record 1 awaiting bob, so bob's
    imported full-text decision on it counts nowhere yet; the import says so."""
    root = _blind_review(cli, shared_dir, tmp_path)
    assert cli("screen", "decide", "3", "--include", "--reviewer", "alice", cwd=root)[0] == 0
    rows = tmp_path / "covidence-full-text.csv"
    rows.write_text("litsearch_record_id,decision,reviewer,stage\n"
                    "3,include,bob,full-text\n", encoding="utf-8")
    code, out, _ = cli("screen", "import-decisions", str(rows), cwd=root)
    assert code == 0
    assert "1 of them are full-text decisions on records that have not reached full text" \
        in " ".join(out.split())
    # A file that includes it at title/abstract first brings it to full text: no note.
    both = tmp_path / "both.csv"
    both.write_text("litsearch_record_id,decision,reviewer,stage\n"
                    "3,include,bob,title-abstract\n3,include,bob,full-text\n", encoding="utf-8")
    code, out, _ = cli("screen", "import-decisions", str(both), cwd=root)
    assert code == 0 and "not reached full text" not in out


def test_a_full_text_conflict_over_retrieval_keeps_the_retrieval_boxes_moving(
        cli, shared_dir: Path, tmp_path: Path) -> None:
    """alice assessed a report, bob could not retrieve it (a conflict), and a second
    report has alice's vote only: settling either may move 'Reports not retrieved' and
    'Reports assessed', so PRISMA must not show those two boxes as final."""
    root = _blind_review(cli, shared_dir, tmp_path)
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("blind = true\n", ""),
                      encoding="utf-8")
    for unit in ("3", "4"):
        for who in ("alice", "bob"):
            assert cli("screen", "decide", unit, "--include", "--reviewer", who,
                       cwd=root)[0] == 0
    # Title/abstract finished: record 1's conflict settled, the rest stopped early.
    assert cli("screen", "conflicts", "--resolve", "1", "--exclude", "--reviewer", "alice",
               cwd=root)[0] == 0
    assert cli("screen", "stop", "--force", cwd=root)[0] == 0
    for args in (("3", "--include", "--reviewer", "alice"),
                 ("3", "--not-retrieved", "--reviewer", "bob"),
                 ("4", "--include", "--reviewer", "alice")):
        assert cli("screen", "decide", *args, "--stage", "full-text", cwd=root)[0] == 0
    out_file = tmp_path / "prisma.json"
    assert cli("prisma", "-o", str(out_file), cwd=root)[0] == 0
    flow = json.loads(out_file.read_text(encoding="utf-8"))["litsearch"]
    assert flow["pending"] == {"conflict_full_text": 1, "second_full_text": 1}
    for box in ("dbr_notretrieved_reports", "dbr_assessed"):
        assert box in flow["moving_boxes"], (box, flow["moving_boxes"])


def test_two_votes_with_one_reviewer_listed_is_a_one_line_error(cli, shared_dir: Path,
                                                               tmp_path: Path) -> None:
    """votes = 2 while review.toml lists one reviewer: every record would wait for a
    second vote nobody may give (an unlisted name is refused), and PRISMA would include
    nothing, for ever."""
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Alone")[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[screening]\nvotes = { "full-text" = 2 }\n', encoding="utf-8")
    code, out, err = cli("import", str(shared_dir / LENS), "--db", "scopus", cwd=root)
    assert code != 0 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert "reviewer1" in err and "votes = 1" in err
