"""The HTML review report as a file: escaping, box lists, blind screening, the command.

What the page does in a browser is tested in tests/browser/ (real Chromium).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_scenarios import cluster, decide, new_review, run, singletons, update_after_freeze

from litsearch.demo.run import run_demo
from litsearch.errors import ConfigError
from litsearch.project import Project
from litsearch.report.explain import explain
from litsearch.report.html import render_html, script_json
from litsearch.report.outputs import project_flow
from litsearch.report.versions import freeze_version
from litsearch.screening.status import record_statuses

HOSTILE = "</script><script>window.__pwned=1</script><!--<img src=x onerror=alert(1)>"


def _json_block(page: str, ident: str) -> object:
    match = re.search(rf'<script type="application/json" id="{ident}">(.*?)</script>', page,
                      re.S)
    assert match, ident
    return json.loads(match.group(1))


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda kids: st.lists(kids, max_size=4)
                    | st.dictionaries(st.text(max_size=8), kids, max_size=4), max_leaves=20))
def test_script_json_keeps_the_value_and_cannot_end_the_script(value: object) -> None:
    text = str(script_json(value))
    assert json.loads(text) == value
    lowered = text.lower()
    assert "</" not in lowered and "<!--" not in lowered and "<script" not in lowered


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("html") / "demo"
    run_demo(root)
    project = Project.open(root)
    yield project
    project.close()


def test_demo_writes_the_page(demo: Project) -> None:
    page = (demo.outputs_dir / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Self-contained: nothing is fetched from anywhere.
    assert not re.search(r'\b(src|href)="(https?:)?//', page)
    assert "<link" not in page


def test_every_box_lists_the_records_of_prisma_explain(demo: Project) -> None:
    page = render_html(demo)
    boxes = _json_block(page, "meta")["boxes"]
    flow = project_flow(demo)
    checked = 0
    for key, box in boxes.items():
        rows = explain(demo.store, flow, key)
        assert box["ids"] == [r.record_id for r in rows], key
        assert [box["details"][i] for i in box["detail"]] == [r.detail for r in rows], key
        checked += bool(rows)
    assert checked >= 8
    index = _json_block(page, "index")
    assert len(index) == demo.store.execute("SELECT COUNT(*) FROM records").fetchone()[0]


def _hostile_review(project: Project, blind: bool = False) -> dict[str, int]:
    store = project.store
    _, ids = run(store, "pubmed", ["a", "b", "c"], query=HOSTILE)
    store.execute("UPDATE records SET title = ?, abstract = ? WHERE id = ?",
                  (HOSTILE, HOSTILE, ids["a"]))
    cluster(store, [ids["a"], ids["b"]])
    singletons(store, list(ids.values()))
    decide(store, ids["a"], "title-abstract", "include", reviewer="alice")
    decide(store, ids["a"], "title-abstract", "exclude", reviewer="bob", reason=HOSTILE)
    decide(store, ids["c"], "title-abstract", "exclude", reviewer="bob", reason="wrong topic")
    store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, note, "
                  "decided_at) VALUES (?, 'title-abstract', 'alice', 'note', ?, "
                  "'2026-11-21T10:00:00Z')", (ids["a"], HOSTILE))
    config = project.root / "review.toml"
    text = config.read_text(encoding="utf-8").replace('title = "Test review"',
                                                      f"title = {json.dumps(HOSTILE)}")
    # bob alone excludes c: single screening, so that is an exclusion, not a second vote
    # awaited.
    text += "\n[screening]\nvotes = 1\n" + ("blind = true\n" if blind else "")
    config.write_text(text, encoding="utf-8")
    return ids


def test_hostile_text_is_escaped_everywhere(project: Project) -> None:
    _hostile_review(project)
    page = render_html(Project.open(project.root))
    # The only script elements are the page's own: data blocks and one script.
    opened = re.findall(r"<script\b[^>]*>", page)
    assert all(tag == "<script>" or 'type="application/json"' in tag for tag in opened)
    assert opened.count("<script>") == 1
    assert page.count("<script>window.__pwned") == 0
    assert "<!--<img" not in page and "<img" not in page
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1" in page  # the title, as text
    # The data blocks give the text back exactly.
    index = _json_block(page, "index")
    assert HOSTILE in [row[1] for row in index]


def test_blind_page_hides_other_reviewers_votes(project: Project) -> None:
    _hostile_review(project, blind=True)
    reopened = Project.open(project.root)
    page = render_html(reopened, reviewer="alice")
    assert "Blind screening:" in page and "written for alice" in page
    tables = _json_block(page, "meta")["tables"]
    assert tables["reviewer"] == ["alice"]
    trail = [ev for chunk in [_json_block(page, "chunk-0")] for row in chunk for ev in row[-1]]
    assert trail and {ev[3] for ev in trail} == {"alice"}
    assert "bob" not in page.split('<script type="application/json" id="meta">')[0]
    assert _json_block(page, "meta")["boxes"]["records_excluded"] == {
        "label": "Records excluded", "hidden": True}
    # review.toml says blind: no page can switch it off.
    with pytest.raises(ConfigError, match="blind = true.*no session can switch it off"):
        render_html(reopened, reviewer="alice", blind=False)
    # Not blind: both reviewers' votes, agreement and the box lists are there.
    full = render_html(_not_blind(project), reviewer="alice")
    assert set(_json_block(full, "meta")["tables"]["reviewer"]) == {"alice", "bob"}
    assert "Agreement between reviewers" in full and 'class="banner"' not in full


def test_blind_page_shows_no_count_folded_from_other_reviewers_votes(project: Project) -> None:
    """The diagram, the pending list and the checks count outcomes of others' votes."""
    _hostile_review(project, blind=True)
    reopened = Project.open(project.root)
    html = render_html(reopened, reviewer="alice").split('<script type="application/json"')[0]
    text = re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ")
    # bob alone excluded c and disagreed with alice on a: neither shows as a number.
    assert "Records excluded (n = hidden)" in text
    assert not re.search(r"Records excluded \(n = \d", text)
    assert not re.search(r"conflicts: \d", text)
    assert "the arithmetic checks are not shown" in text
    # The identification boxes keep their counts.
    assert re.search(r"Databases \(n = 3\)", text)
    full = render_html(_not_blind(project), reviewer="alice")
    assert "Records excluded (n = 1)" in full


def _not_blind(project: Project) -> Project:
    """The review opened again after blind = true was taken out of review.toml."""
    config = project.root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("blind = true\n", ""),
                      encoding="utf-8")
    return Project.open(project.root)


def test_a_conflict_settled_by_one_of_its_reviewers_shows_both_votes(project: Project) -> None:
    """alice votes include, bob exclude, alice settles it: her own vote stays in the table."""
    _, ids = run(project.store, "pubmed", ["a", "b"])
    cluster(project.store, [ids["a"], ids["b"]])
    decide(project.store, ids["b"], "title-abstract", "include", reviewer="alice")
    decide(project.store, ids["a"], "title-abstract", "exclude", reviewer="bob",
           reason="wrong topic")
    decide(project.store, ids["a"], "title-abstract", "include", reviewer="alice", resolution=1)
    page = render_html(project)
    row = re.search(r"<caption>Conflicts and how each was settled</caption>.*?<tbody>(.*?)"
                    r"</tbody>", page, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[2] == "alice: include; bob: exclude (wrong topic)"
    assert cells[3:] == ["alice", "include"]


def test_records_of_a_frozen_version_keep_their_status(project: Project) -> None:
    """After a freeze the flow counts only the update; every record still has its status."""
    ids = new_review(project.store)
    freeze_version(project.store, project_flow(project), force=True)
    update_after_freeze(project.store, ids)
    page = render_html(project)
    meta, index = _json_block(page, "meta"), _json_block(page, "index")
    shown = {row[0]: meta["tables"]["status"][row[4]] for row in index}
    expected = record_statuses(project.store)
    assert shown == expected
    assert shown[ids["P2"]] not in ("", "unscreened")


def test_blind_review_with_screening_finished_shows_every_vote(project: Project) -> None:
    ids = _hostile_review(project, blind=True)
    decide(project.store, ids["a"], "title-abstract", "include", reviewer="lead", resolution=1)
    for rid in (ids["a"], ids["c"]):
        decide(project.store, rid, "title-abstract", "exclude", reviewer="alice",
               reason="wrong topic")
    decide(project.store, ids["a"], "title-abstract", "include", reviewer="lead", resolution=1)
    decide(project.store, ids["a"], "full-text", "include", reviewer="alice")
    page = render_html(Project.open(project.root), reviewer="alice")
    assert "screening is finished, so every reviewer's votes are shown" in page
    assert {"alice", "bob", "lead"} <= set(_json_block(page, "meta")["tables"]["reviewer"])


def test_report_html_command(cli, demo: Project, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "page.html"
    code, _, err = cli("report", "html", "--review", str(demo.root), "-o", str(out))
    assert code == 0, err
    assert "Wrote the review report page" in err
    assert out.read_text(encoding="utf-8").count("<h2") >= 5
    code, _, err = cli("report", "html", "--review", str(demo.root))
    assert code == 0 and (demo.outputs_dir / "report.html").is_file()


def test_progress_is_reported_step_by_step(demo: Project) -> None:
    seen: list[tuple[int, int, str]] = []
    render_html(demo, progress=lambda done, total, name: seen.append((done, total, name)))
    assert [done for done, _, _ in seen] == list(range(len(seen)))
    assert seen[-1] == (len(seen) - 1, len(seen) - 1, "done")


def test_pairs_decided_by_a_person_show_the_fields_that_differed(tmp_path: Path) -> None:
    from litsearch.dedup import decide_pair
    from litsearch.report.html_sections import dedup_section

    run_demo(tmp_path / "demo")
    project = Project.open(tmp_path / "demo")
    a, b = project.store.execute(
        "SELECT record_a, record_b FROM dedup_pairs p JOIN records ra ON ra.id = p.record_a "
        "JOIN records rb ON rb.id = p.record_b WHERE p.outcome = 'merged' "
        "AND ra.title != rb.title AND ra.journal = rb.journal ORDER BY p.id LIMIT 1").fetchone()
    decide_pair(project.store, a, b, "different", "carol")
    manual = dedup_section(project.store)["manual"]
    assert [(r["record_a"], r["record_b"], r["manual_decision"], r["reviewer"])
            for r in manual] == [(min(a, b), max(a, b), "different", "carol")]
    assert "title" in manual[0]["differs"] and "journal" not in manual[0]["differs"]
    page = render_html(project)
    assert "carol" in page and "Pairs decided by a person" in page
    project.close()


def test_records_per_database_alone_shared_and_not_deduplicated(project: Project) -> None:
    from litsearch.report.html_sections import dedup_section

    store = project.store
    _, pubmed = run(store, "pubmed", ["a", "b"])
    _, embase = run(store, "embase", ["c"])
    run(store, "scopus", ["d"])
    cluster(store, [pubmed["a"], embase["c"]])
    cluster(store, [pubmed["b"]])
    section = dedup_section(store)
    assert section["per_database"] == {"Embase": [1, 0, 1, 0], "PubMed": [2, 1, 1, 0],
                                       "Scopus": [1, 0, 0, 1]}
    assert section["pairs"] == [["Embase", "PubMed", 1]]
    page = render_html(project)
    assert "not deduplicated yet" in page


def test_an_unknown_reviewer_is_an_error(cli, project: Project) -> None:
    code, _, err = cli("report", "html", "--review", str(project.root), "--reviewer", "alcie")
    assert code != 0
    assert "error: --reviewer alcie: not a reviewer of this review." in err
    assert "alice, bob" in err and not (project.outputs_dir / "report.html").exists()


def test_packed_records_unpack_to_the_same_data(demo: Project) -> None:
    import base64
    import gzip

    plain = render_html(demo, generated="t", pack=False)
    packed = render_html(demo, generated="t", pack=True)
    assert _json_block(packed, "meta")["packed"] is True
    for ident in ("index", "chunk-0"):
        match = re.search(rf'<script type="application/gzip\+base64" id="{ident}">([^<]*)</script>',
                          packed)
        assert match, ident
        assert json.loads(gzip.decompress(base64.b64decode(match.group(1)))) == \
            _json_block(plain, ident)
    assert len(packed) < len(plain)
