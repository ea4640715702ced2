"""Import decisions made elsewhere (Rayyan, ASReview, Covidence exports, spreadsheets).

The whole file is checked before anything is written; the first problem stops
the import with a one-line error naming the file and line. Rows with a blank
decision (ASReview's unseen records) are skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import normalise
from ..errors import ScreeningError
from ..store import Store, now
from .criteria import Criteria
from .decisions import check_decision, current_event, pick_reviewer
from .lookup import require_dedup, title_key
from .state import stage_outcomes

#: Accepted column names per field, compared lower-cased with spaces and dashes as '_'.
COLUMN_ALIASES = {
    "record_id": ("record_id", "litsearch_id", "id", "key"),
    "doi": ("doi",),
    "pmid": ("pmid", "pubmed_id", "pubmedid"),
    "title": ("title", "primary_title", "ti"),
    "decision": ("decision", "label", "vote", "included", "label_included", "asreview_label",
                 "screening_decision", "status"),
    "reason": ("reason", "exclusion_reason", "reasons", "exclusion_reasons"),
    "reviewer": ("reviewer", "user", "screener", "asreview_user_name"),
    "stage": ("stage",),
    "note": ("note", "notes", "asreview_note", "comment"),
}
#: Decision words other tools write, mapped to litsearch decisions.
DECISION_WORDS = {
    "include": "include", "included": "include", "yes": "include", "y": "include",
    "1": "include", "relevant": "include", "accept": "include", "accepted": "include",
    "exclude": "exclude", "excluded": "exclude", "no": "exclude", "n": "exclude",
    "0": "exclude", "irrelevant": "exclude", "reject": "exclude", "rejected": "exclude",
    "maybe": "maybe", "unsure": "maybe", "undecided": "maybe",
    "not-retrieved": "not-retrieved", "not retrieved": "not-retrieved",
}
#: Stage words accepted in a ``stage`` column.
STAGE_WORDS = {"title-abstract": "title-abstract", "ta": "title-abstract",
               "title/abstract": "title-abstract", "tiab": "title-abstract",
               "full-text": "full-text", "ft": "full-text", "fulltext": "full-text",
               "full text": "full-text"}


@dataclass
class ImportResult:
    """What an import wrote."""

    imported: int = 0
    skipped_blank: int = 0
    #: Title/abstract decisions on records the rule criteria excluded: kept, but they do
    #: not count (those records never reach title/abstract screening).
    on_auto_excluded: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)


def _column_map(header: Sequence[str]) -> dict[str, int]:
    norm = [re.sub(r"[\s\-]+", "_", h.strip().lower().lstrip("\ufeff")) for h in header]
    found = {}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in norm:
                found[name] = norm.index(alias)
                break
    return found


class _Matcher:
    """Index records by id, DOI, PMID and title, mapping each to its screening unit."""

    def __init__(self, store: Store) -> None:
        self.unit_of = require_dedup(store)
        self.doi: dict[str, set[int]] = {}
        self.pmid: dict[str, set[int]] = {}
        self.title: dict[str, set[int]] = {}
        for rid, doi, pmid, title in store.execute("SELECT id, doi, pmid, title FROM records"):
            unit = self.unit_of.get(rid, rid)
            for index, key in ((self.doi, doi), (self.pmid, pmid), (self.title, title_key(title))):
                if key:
                    index.setdefault(key, set()).add(unit)

    def match(self, values: dict[str, str]) -> tuple[set[int], str]:
        rid = values.get("record_id", "").strip()
        if rid:
            return ({self.unit_of[int(rid)]} if rid.isdigit() and int(rid) in self.unit_of
                    else set()), f"record id {rid}"
        for name, index, norm in (("doi", self.doi, normalise.doi),
                                  ("pmid", self.pmid, normalise.pmid),
                                  ("title", self.title, title_key)):
            raw = values.get(name, "").strip()
            if raw:
                return set(index.get(norm(raw) or raw, ())), f"{name} '{raw[:60]}'"
        return set(), ""


def import_decisions(store: Store, criteria: Criteria, path: str | Path,
                     reviewers: Sequence[str], stage: str = "title-abstract",
                     reviewer: str | None = None) -> ImportResult:
    """Check and import a CSV of decisions in one transaction.

    Args:
        store: The review database.
        criteria: The review's criteria (reason labels are checked against them).
        path: The CSV file: a record id, DOI, PMID or title column to match on, a
            decision column, and optional reason, reviewer, stage and note columns.
        reviewers: The reviewers review.toml lists.
        stage: The stage for rows without a stage column.
        reviewer: The reviewer for rows without a reviewer column.

    Raises:
        ScreeningError: The first bad row, as "FILE line N: what. How to fix."
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScreeningError(f"cannot read {path}: {exc}.", "Save it as UTF-8 CSV.") from exc
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    cols = _column_map(header or [])
    if "decision" not in cols or not {"record_id", "doi", "pmid", "title"} & set(cols):
        raise ScreeningError(f"{path} line 1: needs a decision column and one of record_id, "
                             "doi, pmid or title.", "Rename the columns (see --help).")
    matcher = _Matcher(store)
    rows, result, line = [], ImportResult(), 1
    for fields_ in reader:
        start, line = line + 1, reader.line_num
        values = {k: fields_[i] if i < len(fields_) else "" for k, i in cols.items()}
        word = values["decision"].strip().lower()
        if not word:
            result.skipped_blank += 1
            continue
        try:
            rows.append(_check_row(values, word, matcher, criteria, reviewers, stage, reviewer))
        except ScreeningError as exc:
            raise ScreeningError(f"{path} line {start}: {exc.message}", exc.hint) from None
    stamp, source = now(), f"import:{path.name}"
    auto = stage_outcomes(store, "auto", matcher.unit_of)
    with store.transaction():
        for unit, st, who, decision, reason, note in rows:
            result.on_auto_excluded += st == "title-abstract" and auto.get(unit) == "exclude"
            store.execute(
                "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, note, "
                "replaces, source, decided_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (unit, st, who, decision, reason, note or None,
                 current_event(store, unit, st, who), source, stamp))
            result.imported += 1
            result.by_decision[decision] = result.by_decision.get(decision, 0) + 1
    return result


def _check_row(values: dict[str, str], word: str, matcher: _Matcher, criteria: Criteria,
               reviewers: Sequence[str], stage: str, reviewer: str | None) -> tuple:
    decision = DECISION_WORDS.get(word)
    if decision is None:
        raise ScreeningError(f"bad decision word '{word}'.",
                             "Use include, exclude, maybe or not-retrieved (or yes/no, 1/0).")
    st_word = values.get("stage", "").strip().lower()
    st = STAGE_WORDS.get(st_word) if st_word else stage
    if st is None:
        raise ScreeningError(f"unknown stage '{st_word}'.", "Use title-abstract or full-text.")
    units, how = matcher.match(values)
    if not how:
        raise ScreeningError("no record id, DOI, PMID or title on this row.",
                             "Fill one of those columns.")
    if not units:
        raise ScreeningError(f"unknown record: no record has {how}.",
                             "Check the identifier against 'litsearch export'.")
    if len(units) > 1:
        raise ScreeningError(f"{how} matches {len(units)} different records.",
                             "Add a record_id column to say which.")
    who = pick_reviewer(reviewers, values.get("reviewer", "").strip() or reviewer, env={})
    reason = check_decision(criteria, st, decision, values.get("reason", "").strip() or None)
    return next(iter(units)), st, who, decision, reason, values.get("note", "").strip()
