"""The screening app's pieces rendered without a running app: key bar, criteria panel."""

from __future__ import annotations

import pytest
from rich.console import Console

from litsearch.screening.criteria import parse_criteria
from litsearch.screening.keymap import load_keymap
from litsearch.tui.widgets.key_bar import key_bar
from litsearch.tui.widgets.side_panel import render_criteria


@pytest.mark.parametrize("width", [160, 120, 80, 60, 30])
@pytest.mark.parametrize("stage", ["title-abstract", "full-text"])
def test_key_bar_fits_and_always_shows_help_and_quit(width, stage):
    text = key_bar(load_keymap({}), stage, width).plain
    assert len(text) == width
    assert text.rstrip().endswith("? help  q quit") or text.rstrip().endswith("?  help   q  quit")
    if width >= 120:
        assert "i  include" in text and ("not retrieved" in text) == (stage == "full-text")


def test_key_bar_shows_the_keys_review_toml_binds():
    keymap = load_keymap({"screening": {"keys": {"include": "y", "quit": "x"}}})
    text = key_bar(keymap, "title-abstract", 120).plain
    assert "y  include" in text and text.rstrip().endswith("x  quit") and "i  include" not in text


def test_criteria_panel_keeps_wrapped_lines_indented():
    criteria = parse_criteria('inclusion = ["Published 2010 to the present, in English or '
                              'Dutch"]\n[[reasons]]\nlabel = "wrong population"\n'
                              'description = "Not about professionals or clients in outpatient '
                              'mental-health care."\n')
    console = Console(width=30, record=True, color_system=None)
    console.print(render_criteria(criteria, "title-abstract"))
    lines = console.export_text().splitlines()
    bullet = lines.index(next(line for line in lines if line.startswith("• Published")))
    assert lines[bullet + 1].startswith("  ") and lines[bullet + 1].strip()
    number = lines.index(next(line for line in lines if line.startswith("1 wrong population")))
    assert all(line.startswith("  ") for line in lines[number + 1:number + 4])
