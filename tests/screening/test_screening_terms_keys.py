"""Term matching for highlights and rules; the keymap as data."""

from __future__ import annotations

import pytest

from litsearch.errors import ConfigError
from litsearch.screening.keymap import DEFAULT_KEYS, keys_for, load_keymap
from litsearch.screening.terms import Span, find_terms, highlight_spans


def test_terms_truncation_phrases_and_boundaries():
    text = "Spiritual care and spirituality; “in vitro” work in-vitro; Meaningful GOD godly"
    assert find_terms(text, ["spiritu*"]) == ["spiritual", "spirituality"]
    assert find_terms(text, ['"in vitro"']) == ["in vitro", "in-vitro"]
    assert find_terms(text, ["God"]) == ["god"]
    assert find_terms(text, ["meaning"]) == []
    assert find_terms(None, ["x"]) == [] and find_terms(text, []) == []


def test_highlight_spans_prefer_phrases_and_exclusions():
    text = "Spiritual care in mice"
    spans = highlight_spans(text, ["spiritu*", "spiritual care", "mice*"], ["mice"])
    assert spans == [Span(0, 14, "include"), Span(18, 22, "exclude")]


def test_default_and_custom_keys():
    assert load_keymap({}) == {k: a for a, k in DEFAULT_KEYS.items()}
    keymap = load_keymap({"screening": {"keys": {"include": ["y", "ctrl+i"], "maybe": "?"
                                                 , "help": "h"}}})
    assert keys_for(keymap, "include") == ["y", "ctrl+i"] and keymap["?"] == "maybe"
    assert "i" not in keymap


@pytest.mark.parametrize("keys, message", [
    ({"inclde": "y"}, "unknown action 'inclde'"),
    ({"include": "1"}, "'1' is reserved"),
    ({"maybe": "s"}, "'s' is bound to both"),
    ({"include": 3}, "include must be a key"),
])
def test_bad_keys_are_config_errors(keys, message):
    with pytest.raises(ConfigError, match=message):
        load_keymap({"screening": {"keys": keys}})
