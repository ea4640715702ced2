"""Golden files for the text, Markdown and SVG renderings; the SVG is checked as XML.

Update the golden files on purpose with ``LITSEARCH_UPDATE_GOLDEN=1 pytest tests/report``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from report_scenarios import add_other_methods, decide, new_review, run, update_after_freeze

from litsearch.report.prisma import PrismaFlow, compute_flow
from litsearch.report.render_md import render_md
from litsearch.report.render_svg import BOX_W, CHAR_W, LINE_H, PAD, render_svg
from litsearch.report.render_text import render_text
from litsearch.report.versions import META_KEY, freeze_version
from litsearch.store import Store

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "report" / "golden"
RENDERERS = {"txt": render_text, "md": render_md, "svg": render_svg}
SVG = "{http://www.w3.org/2000/svg}"


def _new(store: Store) -> PrismaFlow:
    new_review(store)
    return compute_flow(store, ("alice", "bob"))


def _updated(store: Store) -> PrismaFlow:
    ids = new_review(store)
    freeze_version(store, compute_flow(store, ("alice", "bob")), label="v1")
    versions = json.loads(store.get_meta(META_KEY))
    versions[0]["frozen_at"] = "2026-12-01T09:00:00.000000Z"  # a fixed date for the golden file
    with store.transaction():
        store.set_meta(META_KEY, json.dumps(versions))
    add_other_methods(store, ids)
    update_after_freeze(store, ids)
    return compute_flow(store, ("alice", "bob"))


def _other(store: Store) -> PrismaFlow:
    add_other_methods(store, new_review(store))
    return compute_flow(store, ("alice", "bob"))


def _updated_databases_only(store: Store) -> PrismaFlow:
    ids = new_review(store)
    freeze_version(store, compute_flow(store, ("alice", "bob")))
    update_after_freeze(store, ids)
    return compute_flow(store, ("alice", "bob"))


SCENARIOS = {"new": _new, "updated": _updated}
#: Every PRISMA 2020 template (v1 new, v2 + other methods, v3 updated, v4 both) and the
#: data keys its diagram must show.
LAYOUTS = {"v1": (_new, "dbr"), "v2": (_other, "dbr other"),
           "v3": (_updated_databases_only, "dbr update"), "v4": (_updated, "dbr other update")}


@pytest.mark.parametrize("ext", sorted(RENDERERS))
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_rendering_matches_golden_file(name: str, ext: str) -> None:
    with Store(":memory:") as store:
        text = RENDERERS[ext](SCENARIOS[name](store), "Golden review")
    path = GOLDEN / f"{name}.{ext}"
    if os.environ.get("LITSEARCH_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with LITSEARCH_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def _keys(root) -> set[str]:
    return {k for g in root.iter(f"{SVG}g") for k in g.get("data-keys", "").split()}


DBR_KEYS = {"database_results", "database_specific_results", "register_results",
            "register_specific_results", "duplicates", "excluded_automatic", "excluded_other",
            "records_screened", "records_excluded", "dbr_sought_reports",
            "dbr_notretrieved_reports", "dbr_assessed", "dbr_excluded", "new_studies",
            "new_reports"}
OTHER_KEYS = {"website_results", "organisation_results", "citations_results",
              "other_sought_reports", "other_notretrieved_reports", "other_assessed",
              "other_excluded"}
UPDATE_KEYS = {"previous_studies", "previous_reports", "total_studies", "total_reports"}


def test_svg_is_well_formed_and_has_every_box() -> None:
    with Store(":memory:") as store:
        new_root = ET.fromstring(render_svg(_new(store)))
    with Store(":memory:") as store:
        upd_root = ET.fromstring(render_svg(_updated(store)))
    assert new_root.tag == f"{SVG}svg"
    assert _keys(new_root) == DBR_KEYS
    assert _keys(upd_root) == DBR_KEYS | OTHER_KEYS | UPDATE_KEYS
    bands = {g.get("id") for g in upd_root.iter(f"{SVG}g") if g.get("class") == "band"}
    assert bands == {"band-identification", "band-screening", "band-included"}
    arrows = [p for p in upd_root.iter(f"{SVG}polyline") if p.get("class") == "arrow"]
    assert len(arrows) == 15


def test_svg_escapes_and_wraps_text() -> None:
    nasty = 'Wrong <design> & "quotes" in a reason long enough to need several lines of text'
    with Store(":memory:") as store:
        ids = new_review(store)
        with store.transaction():
            _, got = run(store, "A database & <its> very long name that will not fit on one line",
                         ["L1"])
            decide(store, got["L1"], "title-abstract", "include")
            decide(store, got["L1"], "full-text", "exclude", reason=nasty)
        svg = render_svg(compute_flow(store), "Title <&>")
    root = ET.fromstring(svg)
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "&amp;" in svg and "<design>" not in svg
    assert any("Wrong <design> &" in t for t in texts)
    limit = (BOX_W - 2 * PAD) / CHAR_W
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "box" and not group.get("id").startswith("title-"):
            for t in group.iter(f"{SVG}text"):
                assert len(t.text or "") <= limit, t.text
    assert ids


def _rects(root) -> list[tuple[str, float, float, float, float, int]]:
    """Return (id, x, y, w, h, text lines) of every box and band."""
    out = []
    for g in root.iter(f"{SVG}g"):
        rect = g.find(f"{SVG}rect")
        box = tuple(float(rect.get(a)) for a in ("x", "y", "width", "height"))
        out.append((g.get("id"), *box, len(list(g.iter(f"{SVG}text")))))
    return out


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_svg_boxes_do_not_overlap_and_hold_their_text(layout: str) -> None:
    build, parts = LAYOUTS[layout]
    with Store(":memory:") as store:
        root = ET.fromstring(render_svg(build(store)))
        wanted = {"dbr": DBR_KEYS, "other": OTHER_KEYS, "update": UPDATE_KEYS}
        assert _keys(root) == set().union(*(wanted[p] for p in parts.split()))
        with store.transaction():  # many sources and reasons make tall boxes
            for db in ("scopus", "wos", "cinahl"):
                _, got = run(store, db, [f"{db}{i}" for i in range(3)])
                for i, rid in enumerate(got.values()):
                    decide(store, rid, "title-abstract", "include")
                    decide(store, rid, "full-text", "exclude", reason=f"reason {db} {i} " * 4)
        flow = compute_flow(store, ("alice", "bob"))
        root = ET.fromstring(render_svg(flow))
    rects = _rects(root)
    assert len(rects) >= 12
    for i, (a, ax, ay, aw, ah, lines) in enumerate(rects):
        if not a.startswith("band-"):
            assert lines * LINE_H <= ah, f"{a}: {lines} lines in {ah} px"
        for b, bx, by, bw, bh, _ in rects[i + 1:]:
            apart = ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
            assert apart, f"{a} overlaps {b}"
    width, height = float(root.get("width")), float(root.get("height"))
    assert all(x + w <= width and y + h <= height for _, x, y, w, h, _ in rects)
    for line in root.iter(f"{SVG}polyline"):
        points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
