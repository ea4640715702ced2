"""SVG snapshots of the screening app at a fixed terminal size.

Update on purpose with ``pytest tests/tui --snapshot-update`` and review the diff.
"""

from __future__ import annotations

from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import add_note, record_decision
from litsearch.store import Store

SIZE = (120, 36)


def test_snapshot_title_abstract(build_app, snap_compare):
    assert snap_compare(build_app(), terminal_size=SIZE)


def test_snapshot_narrow_terminal(build_app, snap_compare):
    assert snap_compare(build_app(), terminal_size=(80, 24))


def test_snapshot_reason_picker(build_app, snap_compare):
    assert snap_compare(build_app(), press=["i", "e"], terminal_size=SIZE)


def test_snapshot_help(build_app, snap_compare):
    assert snap_compare(build_app(), press=["?"], terminal_size=SIZE)


def test_snapshot_full_text_with_other_reviewer(build_app, screening_review, snap_compare):
    project, ids = screening_review
    with Store(project.db_path) as store:
        assert load_criteria(project.criteria_path).reasons
        for unit in ids:
            record_decision(store, unit, "title-abstract", "alice", "include")
        record_decision(store, ids[0], "full-text", "bob", "exclude", reason="wrong population")
        add_note(store, ids[0], "full-text", "bob", "only inpatients")
    assert snap_compare(build_app(stage="full-text"), terminal_size=SIZE)


def test_snapshot_blind_and_done(build_app, screening_review, snap_compare):
    project, ids = screening_review
    with Store(project.db_path) as store:
        for unit in ids:
            record_decision(store, unit, "title-abstract", "bob", "include")
    assert snap_compare(build_app(reviewer="alice", blind=True),
                        press=["i", "i", "m", "e", "enter"], terminal_size=SIZE)
