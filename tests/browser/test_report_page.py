"""The demo review's HTML report in real headless Chromium: boxes, search, trails, layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litsearch.demo.run import run_demo
from litsearch.project import Project
from litsearch.report.html import render_html

BOXES = ("records_screened", "records_excluded", "dbr_excluded", "duplicates", "new_studies")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo review (its run writes outputs/report.html)."""
    root = tmp_path_factory.mktemp("browser") / "demo"
    run_demo(root)
    project = Project.open(root)
    # The same page with its records packed (gzip + base64), as a large review writes it.
    (project.outputs_dir / "report-packed.html").write_text(render_html(project, pack=True),
                                                           encoding="utf-8")
    yield project
    project.close()


def _explain_ids(cli, demo: Project, key: str) -> list[int]:
    code, out, err = cli("prisma", "--review", str(demo.root), "--explain", key,
                         "--format", "json")
    assert code == 0, err
    return [row["record_id"] for row in json.loads(out)]


def _panel_ids(page, key: str) -> list[int]:
    section = page.locator(f'#box-body section[data-key="{key}"]')
    show_all = section.locator("button.show-all")
    if show_all.count() and show_all.is_visible():
        show_all.click()
    return [int(x) for x in section.locator("li").evaluate_all(
        "items => items.map(li => li.dataset.recordId)")]


PAGES = pytest.mark.parametrize("name", ["report.html", "report-packed.html"])


@PAGES
def test_a_box_lists_the_records_of_prisma_explain(demo, open_page, cli, name) -> None:
    page, errors = open_page(demo.outputs_dir / name)
    svg_ids = {"records_screened": "#box-screened", "records_excluded": "#box-excluded",
               "dbr_excluded": "#box-dbr-excluded", "duplicates": "#box-removed",
               "new_studies": "#box-included"}
    for key in BOXES:
        page.click(svg_ids[key])
        page.wait_for_selector(f'#box-body section[data-key="{key}"]')
        expected = _explain_ids(cli, demo, key)
        assert expected, key
        assert _panel_ids(page, key) == expected, key
    # By keyboard: Tab to a box, Enter opens it and moves focus to the list's heading.
    page.focus("#box-screened")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'box-h'")
    assert page.evaluate("document.activeElement.id") == "box-h"
    assert errors == []


@PAGES
def test_search_for_a_title_and_open_its_trail(demo, open_page, name) -> None:
    page, errors = open_page(demo.outputs_dir / name)
    rid, title = demo.store.execute(
        "SELECT d.record_id, r.title FROM decisions d JOIN records r ON r.id = d.record_id "
        "WHERE d.stage = 'full-text' ORDER BY d.id LIMIT 1").fetchone()
    query = title[5:40]
    page.fill("#q", query)
    page.wait_for_function("q => document.getElementById('list').dataset.query === q",
                           arg=query.strip().lower())
    assert "records match" in page.text_content("#count")
    item = page.locator(f"#record-{rid}")
    assert item.locator("button").first.text_content() == title
    item.locator("button").first.click()
    page.wait_for_selector(f"#record-{rid} .record-entry")
    trail = item.locator(".record-entry ol.trail li").all_text_contents()
    events = demo.store.execute(
        "SELECT d.id, d.reviewer, d.stage, d.decision FROM decisions d "
        "JOIN cluster_members m ON m.record_id = d.record_id WHERE m.cluster_id = "
        "(SELECT cluster_id FROM cluster_members WHERE record_id = ?) ORDER BY d.id",
        (rid,)).fetchall()
    assert len(trail) == len(events) >= 2
    for text, (event, reviewer, stage, decision) in zip(trail, events, strict=True):
        assert f"{reviewer}, {stage}: {decision}" in text and f"event {event})" in text
    # A record link (#record-N) opens that record's entry.
    item.locator("button").first.click()  # folds it again
    assert not item.locator(".record-entry").count()
    page.evaluate(f"location.hash = '#record-{rid}'")
    page.wait_for_selector(f"#record-{rid} .record-entry")
    page.wait_for_function(f"document.activeElement.closest('#record-{rid}') !== null")
    assert errors == []


def test_filters_by_decision_and_reviewer(demo, open_page) -> None:
    page, errors = open_page(demo.outputs_dir / "report.html")
    page.select_option("#f-stage", label="full-text")
    page.select_option("#f-decision", label="exclude")
    expected = demo.store.execute(
        "SELECT COUNT(DISTINCT record_id) FROM decisions WHERE stage = 'full-text' "
        "AND decision = 'exclude'").fetchone()[0]
    assert page.text_content("#count").startswith(f"{expected} of ")
    reviewer = demo.store.execute("SELECT reviewer FROM decisions WHERE stage = 'full-text' "
                                  "LIMIT 1").fetchone()[0]
    page.select_option("#f-reviewer", label=reviewer)
    assert page.text_content("#count").startswith(f"{expected} of ")
    page.select_option("#f-reviewer", label="demo-reviewer-2")
    assert page.text_content("#count").startswith("0 of ")
    page.click("#f-reset")
    total = demo.store.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    page.wait_for_function(f"document.getElementById('count').textContent"
                           f".startsWith('{total} of {total}')")
    assert errors == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900),
                                                       ("phone", 390, 844)])
def test_layout_and_screenshots(demo, open_page, artefacts: Path, name, width, height) -> None:
    page, errors = open_page(demo.outputs_dir / "report.html", width, height)
    page.screenshot(path=str(artefacts / f"demo-report-{name}.png"), full_page=False)
    page.click("#box-excluded")
    page.locator("#box-panel").screenshot(path=str(artefacts / f"demo-report-{name}-box.png"))
    page.screenshot(path=str(artefacts / f"demo-report-{name}-full.png"), full_page=True)
    # Nothing but the diagram (which scrolls in its own box) is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert errors == []


def test_reflows_at_400_percent_zoom_and_prints(demo, open_page) -> None:
    # 400 % zoom of a 1280 px window is a 320 CSS px viewport (WCAG 1.4.10 reflow).
    page, errors = open_page(demo.outputs_dir / "report.html", 320, 256)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator("#flow svg").first.is_visible()
    assert errors == []


def test_accessibility_axe_core(demo, open_page) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    page, errors = open_page(demo.outputs_dir / "report.html")
    page.click("#box-excluded")
    page.locator("#list > li button").first.click()
    page.wait_for_selector("#list .record-entry")
    results = axe.Axe().run(page)
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in results.response["violations"]]
    assert violations == []
    assert errors == []
