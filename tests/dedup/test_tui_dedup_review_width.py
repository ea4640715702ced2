"""The pair review on an 80-column terminal: why a pair waits, and long DOIs, stay readable."""

from __future__ import annotations

import asyncio

from dedup_fixtures import add, load_pairs
from rich.console import Console
from textual.geometry import Region

from litsearch.dedup import review_queue, run_dedup
from litsearch.dedup.queue import explain
from litsearch.models import Record
from litsearch.tui.dedup_review import make_app, pair_table

CASES = {c["case"]: c for c in load_pairs()}
NARROW = (80, 30)


def _seed(store) -> None:
    add(store, [CASES[k][x] for k in ("pages-in-volume", "volume") for x in ("a", "b")])
    run_dedup(store)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_reason_is_not_cut_off_at_80_columns(store):
    _seed(store)
    reasons = {explain(p.rule) for p in review_queue(store)}
    # The case that prompted this: the reason alone nearly fills an 80-column line.
    assert max(map(len, reasons)) > 50

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=NARROW) as pilot:
            status = app.query_one("#status")
            # The status bar grows to fit once laid out: wait until its height settles.
            height = -1
            for _ in range(50):
                await pilot.pause(0.05)
                if status.size.height == height:
                    break
                height = status.size.height
            # ``outer_size``: ``size`` is the content box, which would crop the padded lines.
            shown = "\n".join(strip.text for strip in status.render_lines(
                Region(0, 0, status.outer_size.width, status.outer_size.height)))
            reason = explain(app.current.rule)
            await pilot.press("q")
        return shown, reason

    shown, reason = asyncio.run(scenario())
    assert _words(reason) in _words(shown)
    assert "reviewer alice" in shown and "pairs to review" in shown


def test_long_doi_folds_instead_of_ending_in_an_ellipsis():
    doi = "10.2753/mis0742-1222260201-with-a-long-suffix"
    mine = Record(title="Special section", doi=doi)
    other = Record(title="Special section", doi="10.2753/mis0742-1222270301")
    console = Console(width=80, record=True, color_system=None)
    console.print(pair_table(mine, other, "record 1", "record 2", ["doi"]))
    out = console.export_text()
    assert "…" not in out
    # Read the left record's column only: the DOI folds within it, onto its next lines.
    lines = out.splitlines()
    start, end = lines[0].index("record 1"), lines[0].index("record 2")
    assert doi in "".join(line[start:end].strip() for line in lines[1:])


def test_snapshot_pair_review_at_80_columns(store, snap_compare):
    _seed(store)
    assert snap_compare(make_app(store, "alice"), terminal_size=NARROW)
