"""Real headless Chromium for the HTML report tests, driven by Playwright.

The browser is Debian's ``chromium`` (``make test`` installs it as root when it is
missing); Playwright only drives it (``executable_path``), it downloads nothing. Where
no Chromium can be had, every browser test is skipped with a message saying so.
Screenshots go to ``test-artefacts/browser/`` (or ``$LITSEARCH_TEST_ARTEFACTS``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Where Debian installs Chromium; $LITSEARCH_CHROMIUM names another binary.
CHROMIUM = os.environ.get("LITSEARCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a closed network: no sandbox (root in a container), no GPU, nothing fetched.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTEFACTS = Path(os.environ.get("LITSEARCH_TEST_ARTEFACTS")
                 or Path(__file__).resolve().parents[2] / "test-artefacts") / "browser"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A Chromium with a fresh profile for one test module."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package "
                    "('make test' does so as root) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tempfile.mkdtemp(prefix="litsearch-chromium-")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


class PageErrors(list):
    """Console errors and uncaught exceptions of one page."""


@pytest.fixture
def open_page(browser):
    """Open a file in a new page; returns (page, errors). Pages close after the test."""
    pages = []

    def _open(path: Path, width: int = 1280, height: int = 900):
        page = browser.new_page()
        pages.append(page)
        errors = PageErrors()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("html[data-ready]", timeout=30_000)
        return page, errors

    yield _open
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """The folder test screenshots are kept in."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS
