"""Screening decisions as append-only events: decide, undo, note.

Nothing is ever updated or deleted. A changed decision is a new event whose
``replaces`` names the reviewer's previous event on that record and stage; an
undo is an event of its own that leaves the record undecided for that reviewer.
Each function writes in its own transaction, so a decision is on disk the moment
the call returns.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence

from ..errors import ScreeningError, UnknownReviewerError
from ..store import Store, now
from .criteria import HUMAN_STAGES, Criteria

#: Decisions a person can make (undo and note are events of their own kind).
VERDICTS = ("include", "exclude", "maybe", "not-retrieved")
#: The environment variable naming the reviewer when --reviewer is not given.
REVIEWER_ENV = "LITSEARCH_REVIEWER"

#: A decision with a client id already in the table was written before (a retry after
#: a lost connection): it is not written again. Rows without one never conflict.
#: ``replaces`` is read in the same statement: the reviewer's latest non-note event on
#: the record at the stage (see :func:`current_event`).
_INSERT = ("INSERT INTO decisions (record_id, stage, reviewer, decision, reason, criterion, note,"
           " replaces, resolution, source, decided_at, model_version, shown_rank, client_id)"
           " VALUES (?,?,?,?,?,?,?,(SELECT MAX(id) FROM decisions WHERE record_id = ? AND"
           " stage = ? AND reviewer = ? AND decision != 'note'),?,?,?,?,?,?)"
           " ON CONFLICT (client_id) DO NOTHING")
#: Where the reviewer last worked (``meta``): written when the INSERT just before it
#: added a row (a decision written before adds none, and moves nobody's place).
_POSITION = ("INSERT INTO meta (key, value) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM decisions"
             " WHERE id = last_insert_rowid() AND record_id = ? AND reviewer = ?)"
             " ON CONFLICT (key) DO UPDATE SET value = excluded.value")


def check_stage(stage: str) -> str:
    """Return ``stage`` if a person can screen at it.

    Raises:
        ScreeningError: Another word was given.
    """
    if stage not in HUMAN_STAGES:
        raise ScreeningError(f"unknown screening stage '{stage}'.",
                             f"Use --stage {' or --stage '.join(HUMAN_STAGES)}.")
    return stage


def check_decision(criteria: Criteria, stage: str, decision: str,
                   reason: str | None) -> str | None:
    """Validate a decision and return its reason's canonical label (or None).

    Raises:
        ScreeningError: Bad decision word, not-retrieved before full text, a full-text
            exclusion without reason, or a reason label the criteria do not list.
    """
    check_stage(stage)
    if decision not in VERDICTS:
        raise ScreeningError(f"unknown decision '{decision}'.",
                             f"Use one of: {', '.join(VERDICTS)}.")
    if decision == "not-retrieved" and stage != "full-text":
        raise ScreeningError("'not-retrieved' is a full-text outcome.",
                             "Use it with --stage full-text.")
    if decision != "exclude":
        if reason:
            raise ScreeningError(f"a reason ('{reason}') was given for '{decision}'.",
                                 "Reasons go with exclusions only; use --note for remarks.")
        return None
    if not reason:
        if stage == "full-text":
            raise ScreeningError("a full-text exclusion needs a reason.",
                                 f"Give one of: {_labels(criteria, stage)}.")
        return None
    found = criteria.find_reason(reason, stage)
    if found is None:
        raise ScreeningError(f"unknown reason label '{reason}' for {stage}.",
                             f"Use one of: {_labels(criteria, stage)} (see {criteria.path}).")
    return found.label


def _labels(criteria: Criteria, stage: str) -> str:
    return ", ".join(f"'{r.label}'" for r in criteria.reasons_for(stage)) or \
        "(none: add [[reasons]] to criteria.toml)"


def pick_reviewer(reviewers: Sequence[str], given: str | None = None,
                  env: Mapping[str, str] | None = None, source: str | None = None) -> str:
    """Choose the reviewer: ``given``, else ``$LITSEARCH_REVIEWER``, else the only one listed.

    ``source``: where ``given`` came from when not ``--reviewer`` (a file's column),
    named in a refusal of it.

    Raises:
        ScreeningError: No reviewer can be chosen.
        UnknownReviewerError: The name is not in review.toml.
    """
    env = os.environ if env is None else env
    if not (given or env.get(REVIEWER_ENV)) and len(reviewers) > 1:
        # Guessing would file one reviewer's decisions under another's name.
        raise ScreeningError(f"several reviewers are listed ({', '.join(reviewers)}); say who "
                             "is deciding.", f"Pass --reviewer NAME or set {REVIEWER_ENV}=NAME.")
    name = (given or env.get(REVIEWER_ENV) or (reviewers[0] if reviewers else "")).strip()
    if not name:
        raise ScreeningError("no reviewer named.",
                             'Pass --reviewer NAME or list reviewers = ["you"] in review.toml.')
    if reviewers and name not in reviewers:
        origin = f" ({source})" if given and source else ""
        raise UnknownReviewerError(f"unknown reviewer '{name}'{origin}; review.toml lists "
                             f"{', '.join(reviewers)}.",
                             "Add the name to [review] reviewers in review.toml.")
    return name


def decision_count(store: Store, reviewer: str) -> int:
    """Count ``reviewer``'s decisions, every stage (notes change no decision: not counted)."""
    row = store.execute("SELECT COUNT(*) FROM decisions WHERE reviewer = ? "
                        "AND decision != 'note'", (reviewer,)).fetchone()
    return int(row[0])


def current_event(store: Store, record_id: int, stage: str, reviewer: str) -> int | None:
    """Return the id of the reviewer's latest non-note event on a record at a stage."""
    row = store.execute(
        "SELECT MAX(id) FROM decisions WHERE record_id = ? AND stage = ? AND reviewer = ? "
        "AND decision != 'note'", (record_id, stage, reviewer)).fetchone()
    return row[0] if row else None


def record_decision(store: Store, record_id: int, stage: str, reviewer: str, decision: str, *,
                    reason: str | None = None, criterion: str | None = None,
                    note: str | None = None, resolution: bool = False,
                    source: str = "cli", model_version: str | None = None,
                    shown_rank: int | None = None, client_id: str | None = None,
                    decided_at: str | None = None) -> int:
    """Append one decision event in its own transaction and return its id.

    The caller validates (see :func:`check_decision`); this only writes.
    ``model_version`` and ``shown_rank`` say what order the record was shown in (the
    ranking model, or 'file'/'random'/'year', and its rank among the undecided).
    ``client_id`` (see :func:`new_client_id`) makes the write idempotent: written a
    second time (a retry after the connection was lost with the first write's answer),
    nothing is added and the first write's id is returned. ``decided_at`` is when the
    key was pressed (default: now).
    """
    return append_decision(store, record_id, stage, reviewer, decision, reason=reason,
                           criterion=criterion, note=note, resolution=resolution,
                           source=source, model_version=model_version,
                           shown_rank=shown_rank, client_id=client_id,
                           decided_at=decided_at)[0]


def append_decision(store: Store, record_id: int, stage: str, reviewer: str, decision: str, *,
                    reason: str | None = None, criterion: str | None = None,
                    note: str | None = None, resolution: bool = False,
                    source: str = "cli", model_version: str | None = None,
                    shown_rank: int | None = None, client_id: str | None = None,
                    decided_at: str | None = None, place: bool = True) -> tuple[int, bool]:
    """Append one decision event as :func:`record_decision` does; return (its id, whether
    this call wrote it: False when its ``client_id`` was written before).

    ``place``: also remember the record as where the reviewer last worked (the app
    reopens there); an import of decisions made elsewhere moves nobody's place.
    """
    statements = [(_INSERT, (record_id, stage, reviewer, decision, reason, criterion, note,
                             record_id, stage, reviewer, int(resolution), source,
                             decided_at or now(), model_version, shown_rank, client_id))]
    if place:
        statements.append(
            (_POSITION, (position_key(stage, reviewer), str(record_id), record_id, reviewer)))
    # One transaction, one round trip to a PostgreSQL server. Two writes of one reviewer
    # on one record (two apps open) run one after the other, so each one's ``replaces``
    # names the other's event.
    insert = store.append_together(statements,
                                   serialise=f"{reviewer}\x1f{stage}\x1f{record_id}")[0]
    if client_id is not None and insert.rowcount == 0:
        return written_as(store, client_id) or 0, False
    return int(insert.lastrowid or 0), True


def new_client_id() -> str:
    """Return a fresh client id for one keyed decision (a random UUID)."""
    return str(uuid.uuid4())


def written_as(store: Store, client_id: str) -> int | None:
    """Return the id of the decision written with ``client_id``, or None."""
    row = store.execute("SELECT id FROM decisions WHERE client_id = ?", (client_id,)).fetchone()
    return int(row[0]) if row else None


def add_note(store: Store, record_id: int, stage: str, reviewer: str, text: str,
             source: str = "cli", client_id: str | None = None) -> int:
    """Append a note event (it changes no decision) and return its id.

    Raises:
        ScreeningError: The note is empty.
    """
    if not text.strip():
        raise ScreeningError("the note is empty.", "Type some text, or press Escape.")
    return record_decision(store, record_id, stage, reviewer, "note", note=text.strip(),
                           source=source, client_id=client_id)


def undo_last(store: Store, stage: str, reviewer: str, source: str = "cli") -> int | None:
    """Undo the reviewer's most recent decision still in force; return its record id.

    Repeated calls walk further back. Returns None when nothing is left to undo.
    """
    row = store.execute(
        """SELECT d.id, d.record_id FROM decisions d
           WHERE d.reviewer = ? AND d.stage = ? AND d.decision NOT IN ('note', 'undo')
             AND d.id = (SELECT MAX(e.id) FROM decisions e WHERE e.record_id = d.record_id
                         AND e.stage = d.stage AND e.reviewer = d.reviewer
                         AND e.decision != 'note')
           ORDER BY d.id DESC LIMIT 1""", (reviewer, stage)).fetchone()
    if row is None:
        return None
    record_decision(store, row[1], stage, reviewer, "undo", source=source)
    return int(row[1])


def _remember_position(store: Store, stage: str, reviewer: str, record_id: int) -> None:
    store.set_meta(position_key(stage, reviewer), str(record_id))


def position_key(stage: str, reviewer: str) -> str:
    """Return the meta key that holds where a reviewer last worked at a stage."""
    return f"screening.position.{stage}.{reviewer}"


def remember_position(store: Store, stage: str, reviewer: str, record_id: int) -> None:
    """Save where the reviewer is (after a skip) so the app reopens there."""
    with store.transaction():
        _remember_position(store, stage, reviewer, record_id)


def decisions_mark(store: Store, since: int = 0) -> tuple[int, int]:
    """Return a cheap mark that changes when a decision is written: (highest id, how many
    ids above ``since``).

    One look along the primary key, so an app may ask every second (its live team
    panel) on any engine, whoever wrote the decision (an app, the CLI, an import). The
    count sees a decision committed after one with a higher id, as long as its id is
    above ``since``.
    """
    row = store.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM decisions WHERE id > ?",
                        (since,)).fetchone()
    return int(row[0]), int(row[1])
