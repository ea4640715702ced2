"""Loading and checking criteria.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.errors import ConfigError
from litsearch.screening.criteria import load_criteria, parse_criteria

REPO = Path(__file__).resolve().parents[2]


def test_template_written_by_init_loads(project):
    criteria = load_criteria(project.criteria_path)
    assert [r.label for r in criteria.reasons_for("title-abstract")] == [
        "wrong population", "wrong topic", "wrong publication type"]
    assert criteria.rules.year_min is None


def test_repository_review_ships_appendix1_criteria():
    criteria = load_criteria(REPO / "screening" / "criteria.toml")
    assert criteria.rules.year_min == 2010
    assert criteria.rules.languages == ("en", "nl")
    labels = [r.label for r in criteria.reasons]
    assert {"wrong population", "not about meaning-making", "not peer-reviewed"} <= set(labels)
    assert "zingeving" in criteria.highlight_include and "GGZ" in criteria.highlight_include
    assert {"animal*", "rats", "mice", "in vitro"} <= set(criteria.highlight_exclude)
    assert [r.label for r in criteria.reasons_for("full-text")][-1] == "published before 2010"
    assert "wrong language" not in [r.label for r in criteria.reasons_for("title-abstract")]


def test_simple_exclude_terms_list_becomes_one_rule():
    criteria = parse_criteria('[rules]\nexclude_terms = ["rats", "mice"]\n')
    (rule,) = criteria.rules.exclude_terms
    assert rule.id == "exclude-terms" and rule.terms == ("rats", "mice")


@pytest.mark.parametrize("text, fragment", [
    ("[rules]\nyear_min = 10\n", "line 2: rules.year_min must be a four-digit year"),
    ("[rules]\nyear_min = 2020\nyear_max = 2010\n", "line 3: rules.year_max is before"),
    ("[rules]\nyears = 2010\n", "line 2: unknown rule 'years'"),
    ("[rules]\nlanguages = [\"en\"]\n[[reasons]]\ndescription = \"x\"\n", "has no label"),
    ('[[reasons]]\nlabel = "a"\n[[reasons]]\nlabel = "A"\n', "is used twice"),
    ("".join(f'[[reasons]]\nlabel = "r{i}"\n' for i in range(10)), "more than 9 reasons"),
    ('[[reasons]]\nlabel = "a"\nstages = ["abstract"]\n', "unknown stage 'abstract'"),
    ("[rules\n", "criteria.toml"),
])
def test_bad_criteria_give_one_line_errors(text, fragment):
    with pytest.raises(ConfigError) as info:
        parse_criteria(text)
    message = str(info.value)
    assert fragment in message and "\n" not in message


def test_reason_lookup_ignores_case_and_spacing():
    criteria = parse_criteria('[[reasons]]\nlabel = "Wrong  population"\n')
    assert criteria.find_reason("wrong population").label == "Wrong population"
    assert criteria.find_reason("wrong pop") is None
