"""Time the HTML review report on a synthetic review of about 100k records, in Chromium.

Run: ``python -m benchmarks.report_html [n_works]`` (default 62,000 works ≈ 100k records,
the review of ``benchmarks/report.py``: clusters from the synthetic gold, decisions drawn
with a fixed seed). Needs Debian's chromium at /usr/bin/chromium (``make test`` installs it).

Measured, each in the same run:

- writing the page (``render_html``, records packed: gzip + base64) and its size;
- opening it in headless Chromium (fresh profile, file:// URL): milliseconds from
  navigation start until the page's script has drawn the first records
  (``data-ready-ms``), best and median of 5 fresh pages;
- the floor: the same file with the page's script taken out, until its ``load`` event
  (the browser parsing the HTML and the data blocks, nothing more);
- side by side, the same page with its records as plain JSON (``pack=False``);
- clicking the "Records screened" box, and searching the titles for a word.

Results go to ``benchmarks/results/report-html.md``.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import write_results
from benchmarks.report import build
from litsearch.project import Project
from litsearch.report.html import render_html

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULTS = Path(__file__).parent / "results" / "report-html.md"
RUNS = 5


def _open_times(context, path: Path, ready: bool) -> list[float]:
    times = []
    for _ in range(RUNS):
        page = context.new_page()
        page.goto(path.as_uri(), timeout=120_000)
        if ready:
            page.wait_for_selector("html[data-ready]", timeout=120_000)
            times.append(float(page.get_attribute("html", "data-ready-ms")))
        else:
            times.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"))
        page.close()
    return times


def _interactions(context, path: Path) -> dict[str, float]:
    page = context.new_page()
    page.goto(path.as_uri(), timeout=120_000)
    page.wait_for_selector("html[data-ready]", timeout=120_000)
    start = time.perf_counter()
    page.click("#box-screened")
    page.wait_for_selector('#box-body section[data-key="records_screened"] li')
    box = time.perf_counter() - start
    start = time.perf_counter()
    page.fill("#q", "meaning")
    page.wait_for_function("document.getElementById('list').dataset.query === 'meaning'")
    search = time.perf_counter() - start - 0.15  # less the search box's 150 ms debounce
    count = page.text_content("#count")
    page.close()
    return {"box": box, "search": search, "count": count}


def load_average() -> str:
    """Return the 1-minute load average (the machine is shared), or '?'."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    n_works = int(argv[0]) if argv else 62_000
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "review", title="Synthetic review (benchmark)",
                                 reviewers=["alice"])
        t0 = time.perf_counter()
        n_records = build(project.store, n_works)
        print(f"built {n_records:,} records in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        page = render_html(project)
        write_s = time.perf_counter() - t0
        plain = render_html(project, pack=False)
        project.close()
        plain_path = Path(tmp) / "plain.html"
        plain_path.write_text(plain, encoding="utf-8")
        path = Path(tmp) / "report.html"
        path.write_text(page, encoding="utf-8")
        floor_path = Path(tmp) / "floor.html"
        floor_path.write_text(re.sub(r"<script>.*?</script>", "", page, flags=re.S),
                              encoding="utf-8")
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=CHROMIUM, args=FLAGS,
                headless=True, viewport={"width": 1280, "height": 900})
            opened = _open_times(context, path, ready=True)
            floor = _open_times(context, floor_path, ready=False)
            opened_plain = _open_times(context, plain_path, ready=True)
            acts = _interactions(context, path)
            context.close()
    mib = len(page.encode("utf-8")) / 2**20
    plain_mib = len(plain.encode("utf-8")) / 2**20
    text = "\n".join([
        "# HTML review report at scale",
        "",
        f"`python -m benchmarks.report_html {n_works}`: {n_records:,} records, "
        f"Chromium {CHROMIUM}, {RUNS} fresh pages each; times in ms. Load average on the "
        f"2-core machine (shared) at the end: {load_average()}.",
        "",
        "| step | best | median | × floor (median) |",
        "|---|---:|---:|---:|",
        f"| floor: parse the same file without its script (load event) | {min(floor):,.0f} | "
        f"{statistics.median(floor):,.0f} | 1.00 |",
        f"| open the page until the first records are drawn | {min(opened):,.0f} | "
        f"{statistics.median(opened):,.0f} | "
        f"{statistics.median(opened) / statistics.median(floor):.2f} |",
        f"| the same with the records as plain JSON ({plain_mib:,.1f} MiB) | "
        f"{min(opened_plain):,.0f} | {statistics.median(opened_plain):,.0f} | "
        f"{statistics.median(opened_plain) / statistics.median(floor):.2f} |",
        "",
        f"- writing the page (`render_html`): {write_s:,.1f} s; size {mib:,.1f} MiB",
        f"- clicking \"Records screened\" until its list shows: {acts['box'] * 1000:,.0f} ms",
        f"- searching the titles for \"meaning\": {acts['search'] * 1000:,.0f} ms "
        f"({acts['count']})",
        "",
    ])
    write_results(RESULTS, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
