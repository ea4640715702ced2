"""A value of the wrong kind in review.toml or criteria.toml is a one-line error.

TOML keeps types that Python would bend without a word (``2.0 == 2``, ``True == 1``,
``bool("no")``, ``str(5)``, a string iterated as a list of letters), and a misspelt
key or table is a setting silently not applied. Each case here was read silently
before (``[screening] votes`` and ``arbiter`` are in tests/screening/test_screening_team_rules.py).
"""

from __future__ import annotations

import re

import pytest

from litsearch.errors import ConfigError
from litsearch.project import Project
from litsearch.screening.criteria import load_criteria, parse_criteria


def _edit(project: Project, old: str, new: str) -> None:
    path = project.root / "review.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    project.close()


@pytest.mark.parametrize(("old", "new", "message"), [
    ('reviewers = ["alice", "bob"]', 'reviewers = ["alice", 2]',
     r'review.reviewers = \["alice", 2\] is not a list of non-empty strings'),
    ('reviewers = ["alice", "bob"]', 'reviewers = ["alice", ""]',
     "review.reviewers .* is not a list of non-empty strings"),
    ('title = "Test review"', "title = 2024", "review.title = 2024 is not a string"),
    ('question = ""', "question = true", "review.question = true is not a string"),
    ("[review]", "[screenig]\nvotes = 1\n\n[review]",
     r"unknown key 'screenig' in review.toml. Did you mean 'screening'\?"),
    ("[review]", '[store]\nurl = 5\n\n[review]', "store.url = 5 is not a non-empty string"),
    ('name = "pubmed"', "name = 1", "databases entry 1: name = 1 is not a non-empty string"),
    ('platform = "PubMed"', "platform = false",
     "databases entry 1: platform = false is not a non-empty string"),
])
def test_a_review_toml_value_of_the_wrong_kind_is_a_one_line_error(project, cli, old, new,
                                                                   message):
    root = project.root
    _edit(project, old, new)
    with pytest.raises(ConfigError, match=message):
        Project.open(root)
    code, out, err = cli("status", "-r", str(root))
    assert code != 0 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(("section", "message"), [
    ("[dedup]\nmax_year_gapp = 2\n",
     r"unknown key 'max_year_gapp' in \[dedup\].*Did you mean 'max_year_gap'\?"),
    ("[dedup]\nmax_year_gap = -1\n", r"dedup.max_year_gap = -1 is not valid.*from 0 to 5"),
    ("[dedup]\nmerge_preprints = \"yes\"\n", "dedup.merge_preprints = \"yes\" is not true"),
    ('[pubmed]\nemial = "me@example.org"\n',
     r"unknown key 'emial' in \[pubmed\].*Did you mean 'email'\?"),
    ('[pubmed]\nemail = "me at example.org"\n', "is not an e-mail address"),
    ('[pubmed]\napi_key = "0123456789abcdef"\n', r"\[pubmed\] holds an api_key"),
])
def test_dedup_and_pubmed_sections_are_checked_by_every_command(project, cli, section,
                                                                 message):
    """[dedup] and [pubmed] were read only by dedup and search pubmed: a misspelt key
    there was a setting silently not applied in every other command's eyes."""
    root = project.root
    _edit(project, "[review]", section + "\n[review]")
    with pytest.raises(ConfigError, match=message):
        Project.open(root)
    for command in (("status",), ("screen", "--stopping"), ("prisma",)):
        code, out, err = cli(*command, "-r", str(root))
        assert code != 0 and out == "", command
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
        assert re.search(message, err), err


@pytest.mark.parametrize(("text", "message"), [
    # bool("no") is True: detection would stay on.
    ('[rules]\ndetect_language = "no"\n',
     'line 2: rules.detect_language = "no" is not true or false'),
    ("[rules]\ndetect_language = 0\n", "line 2: rules.detect_language = 0 is not true or false"),
    # One language called "en, nl" matches no record: every record excluded by the rule.
    ('[rules]\nlanguages = "en, nl"\n',
     r'line 2: languages = "en, nl" is not a list of strings. Write languages = \["en", "nl"\]'),
    ('[highlight]\ninclude = "meaning*"\n', 'line 2: include = "meaning\\*" is not a list'),
    ('inclusion = "Published 2010 or later"\n', 'line 1: inclusion = .* is not a list'),
    # A misspelt table or key: its rules or limits silently not applied.
    ("[rule]\nyear_min = 2010\n", r"line 1: unknown key 'rule' in the file. Did you mean 'rules'"),
    ('[[reasons]]\nlabel = "a"\nstage = ["full-text"]\n',
     r"line 3: unknown key 'stage' in reasons entry 1. Did you mean 'stages'"),
    ('[highlight]\nincludes = ["x"]\n', r"line 2: unknown key 'includes' in \[highlight\]"),
    ('[[rules.exclude_terms]]\nterms = ["rats"]\nunles = ["human*"]\n',
     r"line 3: unknown key 'unles' in rules.exclude_terms entry 1. Did you mean 'unless'"),
    # str(5) and str(True) would be stored as the rule's id and description.
    ('[[rules.exclude_terms]]\nid = 5\nterms = ["rats"]\n', "line 2: id = 5 is not a string"),
    ('[[rules.exclude_terms]]\nterms = ["rats"]\ndescription = true\n',
     "line 3: description = true is not a string"),
    ('[[reasons]]\nlabel = "a"\ndescription = 3\n', "description = 3 is not a string"),
    ('reasons = "wrong population"\n', "reasons must be a list of \\[\\[reasons\\]\\] tables"),
])
def test_a_criteria_value_of_the_wrong_kind_is_a_one_line_error(text, message):
    with pytest.raises(ConfigError, match=message) as info:
        parse_criteria(text)
    assert "\n" not in str(info.value)


def test_the_values_a_file_gives_in_the_right_kind_are_read_as_before(tmp_path):
    path = tmp_path / "criteria.toml"
    path.write_text('inclusion = ["Published 2010 or later"]\n[rules]\ndetect_language = false\n'
                    'languages = ["en", "nl"]\n[[rules.exclude_terms]]\nid = "animal-only"\n'
                    'terms = ["rats"]\ndescription = "animals"\n[[reasons]]\nlabel = "a"\n'
                    'description = "why"\nstages = ["full-text"]\n[highlight]\n'
                    'include = ["x"]\n', encoding="utf-8")
    criteria = load_criteria(path)
    assert criteria.rules.detect_language is False
    assert criteria.rules.languages == ("en", "nl")
    assert criteria.rules.exclude_terms[0].id == "animal-only"
    assert criteria.reasons[0].stages == ("full-text",)
    assert criteria.highlight_include == ("x",)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('reviewers = ["alice", "bob"]', 'reviewer = ["alice", "bob"]',
     r"review.toml: unknown key 'reviewer' in \[review\]\. Did you mean 'reviewers'\?"),
    ('title = "Test review"', 'titel = "Test review"',
     r"unknown key 'titel' in \[review\]\. Did you mean 'title'\?"),
    ('platform = "PubMed"', 'platfrom = "PubMed"',
     r"unknown key 'platfrom' in databases entry 1\. Did you mean 'platform'\?"),
    ('name = "embase"', 'name = "PubMed"',
     r"databases entry \d+: name = \"PubMed\" is listed twice"),
])
def test_a_misspelt_review_or_database_key_is_a_one_line_error(project, cli, old, new,
                                                               message) -> None:
    """A misspelt key in [review] or [[databases]] was a setting silently not applied
    (`reviewer = [...]`: the review had no reviewers; `platfrom`: no platform)."""
    _edit(project, old, new)
    code, _, err = cli("status", "--review", str(project.root))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert re.search(message, err), err


def test_a_note_of_ones_own_in_review_is_kept(project, cli) -> None:
    """The worked example keeps `source = "..."` in [review]: a key near no known one."""
    _edit(project, 'reviewers = ["alice", "bob"]',
          'reviewers = ["alice", "bob"]\nsource = "Appendix 1 of the protocol"')
    assert cli("status", "--review", str(project.root))[0] == 0


@pytest.mark.parametrize(("written", "shown", "fix"), [
    ("year_min = 2010-01-01", "not 2010-01-01", "Write year_min = 2010."),
    ('year_max = "2026"', 'not "2026"', "Write year_max = 2026."),
    ("year_max = 2026.0", "not 2026.0", "Write year_max = 2026."),
])
def test_a_year_of_the_wrong_kind_is_shown_as_written_and_fixed_with_its_own_digits(
        written, shown, fix) -> None:
    """A TOML date was shown as Python's datetime.date(2010, 1, 1), and every fix said
    "year_min = 2010" or "year_max = 2010", whatever year was meant."""
    with pytest.raises(ConfigError) as info:
        parse_criteria(f"[rules]\n{written}\n", "criteria.toml")
    message = " ".join(str(info.value).split())
    assert shown in message and fix in message, message
