"""Load and check ``screening/criteria.toml``: rule criteria, exclusion reasons, highlights.

The file has four parts::

    inclusion = ["Published 2010 to the present", ...]   # shown beside each record

    [rules]                       # applied by `litsearch screen --auto`
    year_min = 2010
    languages = ["en", "nl"]
    exclude_publication_types = ["editorial", "erratum", "conference*"]

    [[rules.exclude_terms]]       # or simply: exclude_terms = ["rats", "mice"]
    id = "animal-only"
    terms = ["rats", "mice", "animal model*"]
    unless = ["patient*", "human*"]

    [[reasons]]                   # human exclusion reasons; keys 1-9 pick them in order
    label = "wrong population"
    description = "..."
    stages = ["title-abstract", "full-text"]   # optional, default both

    [highlight]
    include = ["meaning*", "spiritu*"]
    exclude = ["rats", "mice"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ..configcheck import Fail, boolean, known_keys, spelled, string, strings
from ..errors import ConfigError
from ..normalise import LANGUAGES

#: Stages a human reason can apply to.
HUMAN_STAGES = ("title-abstract", "full-text")
#: Most reasons one stage can offer: the digit keys 1-9 pick them.
MAX_REASONS = 9
#: Record fields the exclusion-term rule may look in.
TERM_FIELDS = ("title", "abstract", "keywords", "subject_headings")
_RULE_KEYS = ("year_min", "year_max", "languages", "include_publication_types",
              "exclude_publication_types", "exclude_terms", "detect_language")
#: The keys of the file, of a [[reasons]] entry, of a [[rules.exclude_terms]] entry and
#: of [highlight]: a misspelt one (``stage =`` for ``stages =``) would be ignored.
_TOP_KEYS = ("inclusion", "rules", "reasons", "highlight")
_REASON_KEYS = ("label", "description", "stages")
_TERM_KEYS = ("id", "terms", "unless", "fields", "description")
_HIGHLIGHT_KEYS = ("include", "exclude")


@dataclass(frozen=True)
class Reason:
    """A human exclusion reason.

    Attributes:
        label: The short label stored with each decision ("wrong population").
        description: The longer text shown while screening.
        stages: The stages that offer this reason.
    """

    label: str
    description: str = ""
    stages: tuple[str, ...] = HUMAN_STAGES


@dataclass(frozen=True)
class TermRule:
    """Exclude a record whose fields mention ``terms`` but none of ``unless``.

    Attributes:
        id: The rule id stored as the decision's criterion.
        terms: Terms that mark a record off-topic (``*`` truncates).
        unless: Terms that rescue a record (a study of both rats and patients stays).
        fields: Record fields searched.
    """

    id: str
    terms: tuple[str, ...]
    unless: tuple[str, ...] = ()
    fields: tuple[str, ...] = ("title", "abstract")
    description: str = ""


@dataclass(frozen=True)
class Rules:
    """The criteria a machine can apply; every field is optional."""

    year_min: int | None = None
    year_max: int | None = None
    languages: tuple[str, ...] = ()
    include_publication_types: tuple[str, ...] = ()
    exclude_publication_types: tuple[str, ...] = ()
    exclude_terms: tuple[TermRule, ...] = ()
    #: Detect the language from title and abstract when a record has none.
    detect_language: bool = True

    @property
    def empty(self) -> bool:
        """True when no rule is set, so ``screen --auto`` can exclude nothing."""
        return not (self.year_min or self.year_max or self.languages or self.exclude_terms
                    or self.include_publication_types or self.exclude_publication_types)


@dataclass(frozen=True)
class Criteria:
    """A review's screening criteria as loaded from ``criteria.toml``."""

    rules: Rules = field(default_factory=Rules)
    reasons: tuple[Reason, ...] = ()
    inclusion: tuple[str, ...] = ()
    highlight_include: tuple[str, ...] = ()
    highlight_exclude: tuple[str, ...] = ()
    path: str = ""

    def reasons_for(self, stage: str) -> list[Reason]:
        """Return the reasons offered at ``stage``, in file order."""
        return [r for r in self.reasons if stage in r.stages]

    def find_reason(self, label: str, stage: str | None = None) -> Reason | None:
        """Return the reason whose label matches (case and spacing ignored), or None."""
        key = " ".join(label.lower().split())
        for reason in self.reasons if stage is None else self.reasons_for(stage):
            if " ".join(reason.label.lower().split()) == key:
                return reason
        return None


def load_criteria(path: str | Path) -> Criteria:
    """Read and check a criteria file.

    Raises:
        ConfigError: The file is missing, is not TOML, or a value has the wrong shape
            (the message names the file, the line and the fix).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the screening criteria {path}: {exc.strerror}.",
                          "Create it with 'litsearch init' or copy the template.") from exc
    return parse_criteria(text, str(path))


def parse_criteria(text: str, name: str = "criteria.toml") -> Criteria:
    """Parse criteria from TOML text; ``name`` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: {exc}.", "Fix the TOML syntax at that line.") from exc
    checker = _Checker(text, name)
    checker.known(data, _TOP_KEYS, "the file")
    rules_data = data.get("rules", {})
    checker.table(rules_data, "rules")
    unknown = [key for key in rules_data if key not in _RULE_KEYS]
    if unknown:
        key = unknown[0]
        checker.fail(key, f"unknown rule '{key}'", f"Known rules: {', '.join(sorted(_RULE_KEYS))}.")
    rules = Rules(
        year_min=checker.year(rules_data, "year_min"),
        year_max=checker.year(rules_data, "year_max"),
        languages=checker.languages(rules_data, "languages"),
        include_publication_types=checker.strings(rules_data, "include_publication_types"),
        exclude_publication_types=checker.strings(rules_data, "exclude_publication_types"),
        exclude_terms=_term_rules(checker, rules_data.get("exclude_terms", [])),
        detect_language=boolean(rules_data.get("detect_language", True),
                                "rules.detect_language", checker.at("detect_language")),
    )
    if rules.year_min and rules.year_max and rules.year_min > rules.year_max:
        checker.fail("year_max", "rules.year_max is before rules.year_min",
                     "Swap the two years.")
    reasons_data = data.get("reasons", [])
    if not isinstance(reasons_data, list):
        checker.fail("reasons", "reasons must be a list of [[reasons]] tables",
                     'Write each reason as [[reasons]] with label = "wrong population".')
    reasons = tuple(_reason(checker, i, r) for i, r in enumerate(reasons_data, 1))
    labels = [r.label.lower() for r in reasons]
    for label in labels:
        if labels.count(label) > 1:
            checker.fail(label, f"reason label '{label}' is used twice",
                         "Give each reason its own label.")
    for stage in HUMAN_STAGES:
        if len([r for r in reasons if stage in r.stages]) > MAX_REASONS:
            checker.fail("[[reasons]]", f"more than {MAX_REASONS} reasons for {stage}",
                         "Keys 1-9 pick reasons: merge some, or limit them with stages = [...].")
    highlight = data.get("highlight", {})
    checker.table(highlight, "highlight")
    checker.known(highlight, _HIGHLIGHT_KEYS, "[highlight]")
    inclusion = data.get("inclusion", [])
    return Criteria(rules=rules, reasons=reasons,
                    inclusion=checker.strings({"inclusion": inclusion}, "inclusion"),
                    highlight_include=checker.strings(highlight, "include"),
                    highlight_exclude=checker.strings(highlight, "exclude"), path=name)


def _term_rules(checker: _Checker, value: Any) -> tuple[TermRule, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return (TermRule("exclude-terms", tuple(value)),) if value else ()
    if not isinstance(value, list):
        checker.fail("exclude_terms", "rules.exclude_terms must be a list",
                     'Write exclude_terms = ["rats", "mice"] or [[rules.exclude_terms]] tables.')
    out = []
    for i, item in enumerate(value, 1):
        checker.table(item, f"rules.exclude_terms entry {i}")
        checker.known(item, _TERM_KEYS, f"rules.exclude_terms entry {i}")
        fields_ = checker.strings(item, "fields") or ("title", "abstract")
        bad = [f for f in fields_ if f not in TERM_FIELDS]
        if bad:
            checker.fail("fields", f"unknown field '{bad[0]}' in rules.exclude_terms entry {i}",
                         f"Use some of {', '.join(TERM_FIELDS)}.")
        terms = checker.strings(item, "terms")
        if not terms:
            checker.fail("exclude_terms", f"rules.exclude_terms entry {i} has no terms",
                         'Add terms = ["rats", "mice"].')
        rule_id = string(item.get("id", ""), "id", checker.at("id")).strip()
        out.append(TermRule(id=rule_id or f"exclude-terms-{i}", terms=terms,
                            unless=checker.strings(item, "unless"), fields=fields_,
                            description=string(item.get("description", ""), "description",
                                               checker.at("description"))))
    return tuple(out)


def _reason(checker: _Checker, index: int, item: Any) -> Reason:
    checker.table(item, f"reasons entry {index}")
    checker.known(item, _REASON_KEYS, f"reasons entry {index}")
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        checker.fail("[[reasons]]", f"reasons entry {index} has no label",
                     'Add label = "wrong population".')
    stages = checker.strings(item, "stages") or HUMAN_STAGES
    bad = [s for s in stages if s not in HUMAN_STAGES]
    if bad:
        checker.fail(label, f"reason '{label}' names unknown stage '{bad[0]}'",
                     f"Use {' or '.join(HUMAN_STAGES)}.")
    description = string(item.get("description", ""), "description", checker.at(label))
    return Reason(" ".join(label.split()), description.strip(), stages)


class _Checker:
    """Turn shape errors into one-line ConfigErrors that point at a line of the file."""

    def __init__(self, text: str, name: str) -> None:
        self.lines = text.splitlines()
        self.name = name

    def line_of(self, needle: str) -> int | None:
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        return next((i for i, line in enumerate(self.lines, 1)
                     if pattern.search(line) and not line.lstrip().startswith("#")), None)

    def fail(self, needle: str, what: str, fix: str) -> NoReturn:
        line = self.line_of(needle)
        where = f"{self.name} line {line}" if line else self.name
        raise ConfigError(f"{where}: {what}.", fix)

    def at(self, needle: str) -> Fail:
        """Return a ``fail`` for :mod:`litsearch.configcheck` that points at ``needle``'s line."""
        def fail(what: str, fix: str) -> NoReturn:
            self.fail(needle, what, fix)
        return fail

    def known(self, data: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
        for key in data:
            if key not in allowed:
                known_keys(data, allowed, what, self.at(key))

    def table(self, value: Any, what: str) -> None:
        if not isinstance(value, dict):
            self.fail(what.split()[0], f"{what} must be a table", f"Write [{what.split()[0]}].")

    def strings(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        # A bare string is an error, not a one-item list: "en, nl" is not a language.
        value = strings(data.get(key, []), key, self.at(key), empty_items=True)
        return tuple(v.strip() for v in value if v.strip())

    def languages(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        """Return the languages as the ISO 639-1 codes records are compared in.

        "English", "eng" and "en" are one language: compared as written, a name matched
        no record's code and the rule excluded every record in that language.
        """
        codes: list[str] = []
        for value in self.strings(data, key):
            written = " ".join(value.lower().split())
            code = LANGUAGES.get(written) or (written if re.fullmatch(r"[a-z]{2}", written)
                                              else None)
            if code is None:
                self.fail(key, f"rules.{key}: {spelled(value)} is not a language code or "
                          "a language name litsearch knows",
                          'Write ISO 639-1 codes, one quoted item each, e.g. '
                          'languages = ["en", "nl"].')
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def year(self, data: dict[str, Any], key: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 2999:
            digits = re.search(r"[12]\d{3}", str(value))
            self.fail(key, f"rules.{key} must be a four-digit year, not {spelled(value)}",
                      f"Write {key} = {digits.group() if digits else 2010}.")
        return int(value)
