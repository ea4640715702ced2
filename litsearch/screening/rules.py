"""Apply the rule criteria (``litsearch screen --auto``): years, languages, types, terms.

Each exclusion is a decision at stage 'auto' by :data:`RULES_REVIEWER` whose
criterion is the rule id; PRISMA counts them as "marked as ineligible by
automation tools". Re-running is idempotent: a unit already excluded by the same
rule gets no new event, and a unit no longer caught by any rule (the criteria
changed) gets an 'undo' event so it returns to human screening.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..normalise import LANGUAGES, languages
from ..store import Store, now
from .criteria import Criteria, Rules
from .language import find_languages
from .lookup import require_dedup
from .state import RULES_REVIEWER, latest_votes
from .status import screening_units
from .terms import find_terms

#: Language codes litsearch recognises; a field naming another is left to a person.
KNOWN_CODES = frozenset(LANGUAGES.values())

_COLUMNS = "id, title, abstract, year, language, publication_types, keywords, subject_headings"


@dataclass(frozen=True)
class Verdict:
    """Why a rule excludes a record.

    Attributes:
        rule: The rule id ("year", "language", "publication-type", or a term rule's id).
        detail: A one-line explanation stored as the decision's note.
    """

    rule: str
    detail: str


@dataclass
class AutoResult:
    """What one ``screen --auto`` run did."""

    checked: int = 0
    #: False when criteria.toml sets no rule at all (nothing could be excluded).
    has_rules: bool = True
    excluded: dict[str, int] = field(default_factory=dict)
    newly_excluded: int = 0
    restored: int = 0
    languages_detected: int = 0
    #: Records the language rule left to human screening because it could not tell.
    language_unsure: int = 0


def check_record(row: dict[str, Any], rules: Rules) -> Verdict | None:
    """Return the first rule that excludes a record, or None.

    Args:
        row: Record fields (``title``, ``abstract``, ``year``, ``language``,
            ``publication_types``, ``keywords``, ``subject_headings`` as lists).
        rules: The rule criteria.
    """
    year = row.get("year")
    if year is not None and rules.year_min is not None and year < rules.year_min:
        return Verdict("year", f"published {year}, before {rules.year_min}")
    if year is not None and rules.year_max is not None and year > rules.year_max:
        return Verdict("year", f"published {year}, after {rules.year_max}")
    if rules.languages:
        verdict = _check_language(row, rules)
        if verdict:
            return verdict
    types = row.get("publication_types") or []
    if types and rules.exclude_publication_types:
        hit = [t for t in types if find_terms(t, rules.exclude_publication_types)]
        if hit:
            return Verdict("publication-type", f"publication type '{hit[0]}'")
    if types and rules.include_publication_types and \
            not any(find_terms(t, rules.include_publication_types) for t in types):
        return Verdict("publication-type", f"publication type '{'; '.join(types)}' is not "
                                           "one of those included")
    for rule in rules.exclude_terms:
        text = " ".join(_field_text(row.get(name)) for name in rule.fields)
        hits = find_terms(text, rule.terms)
        if hits and not find_terms(text, rule.unless):
            return Verdict(rule.id, f"mentions {', '.join(hits[:3])}")
    return None


def _check_language(row: dict[str, Any], rules: Rules) -> Verdict | None:
    """Exclude only on a stated language, or a detection every part of the text agrees on.

    A field naming several languages counts each; a language litsearch does not
    recognise, and any doubt in detection, leave the record to human screening
    (``row["language_unsure"]`` says why, so ``screen --auto`` can count them).
    """
    field = row.get("language")
    if field:
        codes = languages(field)
        if any(code in rules.languages for code in codes):
            return None
        unknown = [code for code in codes if code not in KNOWN_CODES]
        if unknown:
            row["language_unsure"] = f"language field names '{unknown[0]}'"
            return None
        return Verdict("language", f"language field '{field}' names none of "
                                   f"{', '.join(rules.languages)}")
    if not rules.detect_language:
        return None
    finding = find_languages(row.get("title"), row.get("abstract"), rules.languages)
    row["detected_language"] = finding.detection
    if any(code in rules.languages for code in finding.languages):
        return None
    if finding.detection is None:
        row["language_unsure"] = f"no language field; detection unsure ({finding.unsure})"
        return None
    found = finding.detection
    return Verdict("language", f"no language field; '{found.language}' detected in all "
                               f"{found.parts} parts of title and abstract "
                               f"(p >= {found.confidence})")


def _field_text(value: Any) -> str:
    if isinstance(value, list):
        return " ; ".join(map(str, value))
    return str(value or "")


def apply_rules(store: Store, criteria: Criteria,
                progress: Callable[[int, int], None] | None = None) -> AutoResult:
    """Check every screening unit against the rule criteria and record the exclusions.

    Raises:
        ScreeningError: Some records have not been deduplicated yet.
    """
    unit_of = require_dedup(store)
    units = screening_units(store)
    current = {u: v.get(RULES_REVIEWER) for u, v in latest_votes(store, "auto", unit_of).items()}
    result = AutoResult(has_rules=not criteria.rules.empty)
    stamp = now()
    with store.transaction():
        for start in range(0, len(units), 500):
            chunk = units[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for db_row in store.execute(f"SELECT {_COLUMNS} FROM records WHERE id IN ({marks}) "
                                        "ORDER BY id", chunk).fetchall():
                row = dict(db_row)
                for name in ("publication_types", "keywords", "subject_headings"):
                    row[name] = json.loads(row[name] or "[]")
                verdict = check_record(row, criteria.rules)
                result.languages_detected += row.get("detected_language") is not None
                result.language_unsure += "language_unsure" in row
                _record(store, row["id"], verdict, current.get(row["id"]), result, stamp)
            result.checked += len(chunk)
            if progress:
                progress(result.checked, len(units))
    return result


def _record(store: Store, unit: int, verdict: Verdict | None, vote: Any, result: AutoResult,
            stamp: str) -> None:
    sql = ("INSERT INTO decisions (record_id, stage, reviewer, decision, reason, criterion, note,"
           " replaces, source, decided_at) VALUES (?, 'auto', ?, ?, ?, ?, ?, ?, 'rules', ?)")
    if verdict is not None:
        result.excluded[verdict.rule] = result.excluded.get(verdict.rule, 0) + 1
        if vote is not None and vote.decision == "exclude" and vote.reason == verdict.rule:
            return
        store.execute(sql, (unit, RULES_REVIEWER, "exclude", verdict.rule, verdict.rule,
                            verdict.detail, vote.id if vote else None, stamp))
        result.newly_excluded += 1
    elif vote is not None and vote.decision == "exclude":
        store.execute(sql, (unit, RULES_REVIEWER, "undo", None, None,
                            "no rule excludes it any more", vote.id, stamp))
        result.restored += 1
