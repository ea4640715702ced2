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


def test_search_then_status_then_refresh(cli, review: Path, eutils: FakeEutils,
                                         project: Project) -> None:
    pmids = list(eutils.articles)
    eutils.add_query(QUERY, pmids=pmids[:100])
    code, out, err = cli("search", "pubmed", "--batch-size", "60", cwd=review)
    assert code == 0, err
    assert "Search run 1: 100 records stored (100 new, 0 already in the review)" in out
    assert "NCBI" in out
    code, out, err = cli("search", "pubmed", "--rerun", "1", cwd=review)
    assert code == 0, err
    assert "Search run 2: 100 records stored (0 new, 100 already in the review)" in out
    eutils.add_query(QUERY, pmids=pmids)  # 20 papers added to PubMed since
    code, out, err = cli("search", "pubmed", cwd=review)  # plain re-run of the stored string
    assert code == 0, err
    assert "Search run 3: 120 records stored (20 new, 100 already in the review)" in out
    code, out, _ = cli("status", "--json", cwd=review)
    import json
    runs = json.loads(out)["search_runs"]
    assert [(r["records"], r["new_records"]) for r in runs] == [(100, 100), (100, 0), (120, 20)]
    with sqlite3.connect(project.db_path) as con:
        assert con.execute("SELECT COUNT(*), COUNT(DISTINCT pmid) FROM records").fetchone() \
            == (120, 120)


def test_ctrl_c_mid_batch_keeps_the_run_resumable(cli, review: Path, eutils: FakeEutils,
                                                  project: Project,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from litsearch.search import fetch as pubmed_module  # where batches are stored

    real = pubmed_module.store_batch
    calls = []

    def interrupted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) == 3:  # Ctrl-C lands inside the third batch's transaction
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(pubmed_module, "store_batch", interrupted)
    code, _out, err = cli("search", "pubmed", "--batch-size", "25", cwd=review)
    assert code == 130 and "--resume" in err and "Traceback" not in err
    with sqlite3.connect(project.db_path) as con:
        assert con.execute("SELECT status FROM search_runs").fetchall() == [("running",)]
        assert con.execute("SELECT COUNT(*) FROM run_records").fetchone()[0] == 50
    monkeypatch.setattr(pubmed_module, "store_batch", real)
    code, out, err = cli("search", "pubmed", "--resume", cwd=review)
    assert code == 0, err
    assert "Search run 1: 120 records stored (120 new, 0 already in the review)" in out
    with sqlite3.connect(project.db_path) as con:
        pmids = [r[0] for r in con.execute("SELECT pmid FROM records")]
    assert sorted(pmids) == sorted(eutils.articles)


def test_api_key_is_sent_but_never_stored_or_printed(cli, review: Path,
                                                     eutils: FakeEutils) -> None:
    eutils.valid_keys = {"k-93f0a7c2e1"}
    code, out, err = cli("search", "pubmed", "--api-key", "k-93f0a7c2e1", cwd=review)
    assert code == 0, err
    assert {c["api_key"] for c in eutils.calls("efetch")} == {"k-93f0a7c2e1"}
    assert "k-93f0a7c2e1" not in out + err
    for path in review.rglob("*"):
        if path.is_file():
            assert b"k-93f0a7c2e1" not in path.read_bytes(), path


def test_rejected_key_and_missing_email_are_one_line(cli, review: Path, eutils: FakeEutils,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    eutils.valid_keys = {"right"}
    code, out, err = cli("search", "pubmed", "--api-key", "wrong", "--count-only", cwd=review)
    assert code == 2 and "NCBI rejected the API key (API key invalid)" in err
    assert "Traceback" not in err
    monkeypatch.delenv("NCBI_EMAIL")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "--email" in err


def test_contact_email_from_review_toml_and_api_key_refused_there(
        cli, review: Path, eutils: FakeEutils, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NCBI_EMAIL")
    config = review / "review.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text(base + '\n[pubmed]\nemail = "team@example.org"\n', encoding="utf-8")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 0, err
    assert eutils.calls("esearch")[-1]["email"] == "team@example.org"
    monkeypatch.setenv("NCBI_EMAIL", "me@example.org")  # the environment wins, then --email
    assert cli("search", "pubmed", "--count-only", cwd=review)[0] == 0
    assert eutils.calls("esearch")[-1]["email"] == "me@example.org"
    config.write_text(base + '\n[pubmed]\nemail = "team"\n', encoding="utf-8")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "review.toml: [pubmed] email = 'team' is not an e-mail" in err
    config.write_text(base + '\n[pubmed]\napi_key = "k-123"\n', encoding="utf-8")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "secret" in err and "NCBI_API_KEY" in err


def test_bad_eutils_address_is_one_line_and_errors_are_labelled(
        cli, review: Path, eutils: FakeEutils, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITSEARCH_EUTILS_URL", "notaurl")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "'notaurl' cannot be used (not an http(s) URL)" in err
    assert "Traceback" not in err
    monkeypatch.setenv("LITSEARCH_EUTILS_URL", eutils.url)
    (review / "queries" / "pubmed.txt").write_text("qzxwv\n", encoding="utf-8")
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 0
    assert "warning: PubMed could not use a term: PhraseNotFound: qzxwv" in " ".join(err.split())
    assert "warning: PubMed: OutputMessage" in " ".join(err.split())
    code, _out, err = cli("search", "pubmed", cwd=review)
    assert code == 2 and "nothing was stored" in " ".join(err.split())


@pytest.mark.parametrize("url", ["http://", "http:///entrez/eutils/", "http://:8080/",
                                 "http://exa mple.org/", "http://localhost:99999/",
                                 "http://[::1/", "http://a..b/", "https://-x.org/",
                                 "http://256.256.256.256/", "http://127.0.0.256:8080/",
                                 "http://user:secret@127.0.0.1:8080/"])
def test_an_eutils_address_that_cannot_work_fails_at_once(cli, review: Path, url: str,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          eutils: FakeEutils) -> None:
    """Before: retried as a network failure for about 10 s. Now one line, no request sent."""
    monkeypatch.setenv("LITSEARCH_EUTILS_URL", url)
    started = time.monotonic()
    code, _out, err = cli("search", "pubmed", "--count-only", cwd=review)
    assert code == 2 and "cannot be used" in err and "LITSEARCH_EUTILS_URL" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert time.monotonic() - started < 5 and eutils.calls("esearch") == []
    assert "secret" not in err  # a password in the address is not printed


def test_help_shows_the_review_toml_section(cli) -> None:
    code, out, _err = cli("search", "pubmed", "--help")
    assert code == 0 and "[pubmed]" in out


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


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGINT are POSIX")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_or_interrupted_mid_fetch_then_resume(cli, review: Path, eutils: FakeEutils,
                                                     project: Project, sig: int) -> None:
    eutils.delay = 0.3  # a slow connection, so the signal lands between or inside batches
    env = {**os.environ, "LITSEARCH_REVIEW": str(review)}
    proc = subprocess.Popen([sys.executable, "-m", "litsearch", "search", "pubmed",
                             "--batch-size", "20"], env=env, cwd=review,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while _stored_count(project.db_path) < 40 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    # The next answers take 20 s: Ctrl-C must not wait for them. The bound is half of
    # that, so a loaded machine's start-up and exit time cannot make the test fail.
    eutils.delay = 20.0
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 10.0
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and b"--resume" in err and b"Traceback" not in err
    else:
        assert proc.returncode == -signal.SIGKILL
    stored = _stored_count(project.db_path)
    assert 40 <= stored < 120
    with sqlite3.connect(project.db_path) as con:
        assert con.execute("SELECT status FROM search_runs").fetchall() == [("running",)]
    eutils.delay = 0.0
    code, out, err = cli("search", "pubmed", "--resume", cwd=review)
    assert code == 0, err
    assert "Search run 1: 120 records stored (120 new, 0 already in the review)" in out
    with sqlite3.connect(project.db_path) as con:
        pmids = [r[0] for r in con.execute("SELECT pmid FROM records")]
        links = con.execute("SELECT COUNT(*), COUNT(DISTINCT record_id) FROM run_records"
                            ).fetchone()
        status = con.execute("SELECT status FROM search_runs").fetchall()
    assert sorted(pmids) == sorted(eutils.articles)  # the same records, none twice
    assert links == (120, 120)
    assert status == [("complete",)]
