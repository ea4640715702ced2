"""Hostile titles, notes, reasons, strings and file names show as text in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litsearch.models import Record
from litsearch.project import Project
from litsearch.report.html import render_html
from litsearch.store import SearchRun, add_records, add_search_run, add_source_file, now

#: Each would run script, or end a block early, if written unescaped anywhere.
HOSTILE = [
    "</script><script>window.__pwned = 1</script>",
    "<!--<script>window.__pwned = 2</script>-->",
    "<img src=x onerror=\"window.__pwned = 3\">",
    "\"'><svg onload=window.__pwned=4>",
    "]]></title><script>window.__pwned = 5</script>",
    "\u2028\u2029 & &amp; &lt;b&gt;",
]


@pytest.fixture(params=[False, True], ids=["plain", "packed"])
def hostile(request, tmp_path: Path) -> Path:
    """A review whose every user text is one of HOSTILE; returns the written page."""
    project = Project.create(tmp_path / "review", title="x", reviewers=["alice", "bob"])
    store = project.store
    run_id = add_search_run(store, SearchRun(database=HOSTILE[4], platform=HOSTILE[3],
                                             query=HOSTILE[0], limits={"years": HOSTILE[1]}))
    add_source_file(store, run_id, path=HOSTILE[2], name=HOSTILE[2], sha256="ab" * 32,
                    format="ris", imported_at=now())
    records = [Record(title=text, abstract=text, journal=text, database="pubmed",
                      url="javascript:window.__pwned=6", original=text) for text in HOSTILE]
    ids = add_records(store, run_id, records)
    for rid, text in zip(ids, HOSTILE, strict=True):
        store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, reason, "
                      "note, decided_at) VALUES (?, 'title-abstract', 'alice', 'exclude', ?, "
                      "?, ?)", (rid, text, text, now()))
    config = project.root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'title = "x"', f"title = {json.dumps(HOSTILE[0] + HOSTILE[1])}"), encoding="utf-8")
    page = project.outputs_dir / "report.html"
    page.write_text(render_html(Project.open(project.root), pack=request.param),
                    encoding="utf-8")
    project.close()
    return page


def test_hostile_text_shows_as_text(hostile: Path, open_page) -> None:
    page, errors = open_page(hostile)
    assert page.evaluate("window.__pwned") is None
    assert page.text_content("h1") == HOSTILE[0] + HOSTILE[1]
    assert page.title().startswith(HOSTILE[0])
    assert page.locator("pre.query").first.text_content() == HOSTILE[0]
    assert HOSTILE[2] in page.text_content("#searches")
    titles = page.locator("#list h3 button").all_text_contents()
    assert sorted(titles) == sorted(HOSTILE)
    for button in page.locator("#list h3 button").all():
        button.click()
    page.wait_for_function(f"document.querySelectorAll('.record-entry').length === {len(HOSTILE)}")
    assert page.evaluate("window.__pwned") is None
    trails = page.locator(".record-entry ol.trail li").all_text_contents()
    for text in HOSTILE:
        assert any(f"exclude ({text})" in t and f"note: {text}" in t for t in trails), text
    # A javascript: address is shown, never made a link.
    assert page.locator('a[href^="javascript"]').count() == 0
    page.click("#box-screened")
    page.wait_for_selector("#box-body li")
    assert sorted(page.locator("#box-body li").all_text_contents()) == sorted(
        f"record {rid} — {text} (excluded-title-abstract)"
        for rid, text in zip(range(1, 7), HOSTILE, strict=True))
    assert page.evaluate("window.__pwned") is None
    assert errors == []
