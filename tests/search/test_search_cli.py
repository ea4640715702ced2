"""``litsearch search pubmed`` in-process and as a process killed mid-fetch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_eutils import FakeEutils

from litsearch.project import Project

QUERY = '"spiritual care"[tiab] AND "mental health"[tiab]'


@pytest.fixture
def review(project: Project, eutils: FakeEutils, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A review with queries/pubmed.txt, pointed at the local server."""
    (project.queries_dir / "pubmed.txt").write_text(QUERY + "\n", encoding="utf-8")
    eutils.add_query(QUERY, translation='"spiritual care"[tiab] AND "mental health"[tiab]',
                     warnings=[("QuotedPhraseNotFound", '"spiritual care"')])
    monkeypatch.setenv("LITSEARCH_EUTILS_URL", eutils.url)
    monkeypatch.setenv("NCBI_EMAIL", "cli@example.org")
    return project.root


def test_count_only_shows_count_translation_and_warnings(cli, review: Path,
                                                         eutils: FakeEutils) -> None:
    code, out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 0, err
    assert "PubMed count: 120 records for the search in queries/pubmed.txt" in out
    assert '"spiritual care"[tiab] AND' in out  # field tags are not eaten as markup
    assert 'QuotedPhraseNotFound: "spiritual care"' in err
    assert eutils.calls("esearch")[0]["term"] == QUERY  # the file's final newline dropped
    assert eutils.calls("esearch")[0]["email"] == "cli@example.org"
    assert eutils.calls("efetch") == []


def test_search_then_status_then_refresh(cli, review: Path, eutils: FakeEutils) -> None:
    code, out, err = cli("search", "pubmed", "--batch-size", "60", cwd=review)
    assert code == 0, err
    assert "Search run 1: 120 records stored (120 new, 0 already in the review)" in out
    assert "NCBI" in out
    code, out, err = cli("search", "pubmed", "--rerun", "1", cwd=review)
    assert code == 0, err
    assert "Search run 2: 120 records stored (0 new, 120 already in the review)" in out
    code, out, _ = cli("status", "--json", cwd=review)
    import json
    runs = json.loads(out)["search_runs"]
    assert [(r["records"], r["new_records"]) for r in runs] == [(120, 120), (120, 0)]


def test_rejected_key_and_missing_email_are_one_line(cli, review: Path, eutils: FakeEutils,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    eutils.valid_keys = {"right"}
    code, out, err = cli("search", "pubmed", "--api-key", "wrong", "--count-only", cwd=review)
    assert code == 2 and "NCBI rejected the API key (API key invalid)" in err
    assert "Traceback" not in err
    monkeypatch.delenv("NCBI_EMAIL")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "--email" in err


def test_missing_query_file(cli, review: Path) -> None:
    code, _out, err = cli("search", "pubmed", "--query", str(review / "nope.txt"), cwd=review)
    assert code == 2 and "nope.txt" in err


def test_resume_with_nothing_to_resume(cli, review: Path) -> None:
    code, _out, err = cli("search", "pubmed", "--resume", cwd=review)
    assert code == 2 and "no unfinished PubMed search" in err


def _stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM run_records").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_fetch_then_resume(cli, review: Path, eutils: FakeEutils,
                                       project: Project) -> None:
    eutils.delay = 0.3  # a slow connection, so the kill lands between batches
    env = {**os.environ, "LITSEARCH_REVIEW": str(review)}
    proc = subprocess.Popen([sys.executable, "-m", "litsearch", "search", "pubmed",
                             "--batch-size", "20"], env=env, cwd=review,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while _stored_count(project.db_path) < 40 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _stored_count(project.db_path)
    assert 40 <= stored < 120
    eutils.delay = 0.0
    code, out, err = cli("search", "pubmed", "--resume", cwd=review)
    assert code == 0, err
    assert "Search run 1: 120 records stored (120 new" in out
    with sqlite3.connect(project.db_path) as con:
        pmids = [r[0] for r in con.execute("SELECT pmid FROM records")]
        status = con.execute("SELECT status FROM search_runs").fetchall()
    assert sorted(pmids) == sorted(eutils.articles)  # the same records, none twice
    assert status == [("complete",)]
