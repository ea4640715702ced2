"""Blind screening for everyone: when a command may show one reviewer another's votes.

With ``blind = true`` under ``[screening]`` in review.toml (or a session's
``--blind``), no command shows a reviewer another reviewer's vote, nor what can be read
from it (agreement, a record's outcome, the conflicts' votes), while screening at that
stage is unfinished: some record in its pool still has no vote, or fewer votes than the
rules require. Once every record has its votes, conflicts are compared and settled in
the open. An arbiter named in review.toml (and on PostgreSQL a lead) sees the votes of
conflicts at any time: settling them is their job.

Counts drawn from the votes (the stopping estimate's relevant records found, the
records included, excluded or in conflict) tell a reviewer how the others voted too:
:func:`counts_viewer` says whose decisions such a count may come from.
"""

from __future__ import annotations

from ..errors import ScreeningError
from ..store import Store
from ..store.team import connected_role, files_for_others
from .conflicts import is_lead
from .policy import ScreeningPolicy, store_policy
from .status import screening_status


def unfinished_stages(store: Store) -> dict[str, int]:
    """Return ``{stage: records still needing a vote}`` for every unfinished stage."""
    status = screening_status(store)
    out = {}
    for stage in ("title-abstract", "full-text"):
        left = status[stage]["awaiting"] + status[stage]["awaiting_second"]
        if left:
            out[stage] = left
    return out


def hidden_stages(store: Store, flag: bool | None = None,
                  policy: ScreeningPolicy | None = None) -> dict[str, int]:
    """Return the stages whose votes are hidden now (``{stage: records left}``).

    Args:
        store: The review database.
        flag: A session's ``--blind`` / ``--no-blind`` (None: review.toml decides).
        policy: The review's rules (default: the store's).

    Raises:
        ConfigError: ``--no-blind`` in a review whose review.toml says blind.
    """
    policy = policy or store_policy(store)
    if not policy.blind_for(flag):
        return {}
    return unfinished_stages(store)


def check_viewer(store: Store, viewer: str | None) -> None:
    """Refuse, on PostgreSQL, a reviewer who names someone else to see the review as them.

    A reviewer is who they log in as: naming the arbiter (or another reviewer) with
    ``--reviewer`` would show votes blind screening hides from them. A lead, the
    database's owner and a review.db (which has no logins) may name anyone.

    Raises:
        ScreeningError: The connected role is a reviewer other than ``viewer``.
    """
    role = connected_role(store)
    if role is None or viewer is None or viewer == role or files_for_others(store):
        return
    raise ScreeningError(f"--reviewer {viewer}: you are connected to the review as {role}, "
                         "and a reviewer sees the review only as themselves.",
                         f"Leave out --reviewer, or name {role}; a lead sees every vote.")


#: :func:`counts_viewer`'s answer when nobody is named on a review.db: no count drawn
#: from the votes may be shown.
NOBODY = ""


def counts_viewer(store: Store, viewer: str | None, stage: str = "title-abstract") -> str | None:
    """Return whose decisions a count drawn from the votes at ``stage`` may come from.

    None: the team's (screening there is not blind, or finished; or, on PostgreSQL, the
    connected role is a lead, the database's owner or a superuser; or, on a review.db,
    ``viewer`` is an arbiter named in review.toml). Otherwise the blind reviewer's own
    name (on PostgreSQL the connected role, whatever ``viewer`` says), or
    :data:`NOBODY` on a review.db when no one is named.

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
    """
    check_viewer(store, viewer)
    policy = store_policy(store)
    if stage not in hidden_stages(store, None, policy):
        return None
    role = connected_role(store)
    if role is not None:
        return None if files_for_others(store) else role
    if viewer and viewer in policy.arbiters:
        return None
    return viewer or NOBODY


def conflict_votes_hidden(store: Store, stage: str, viewer: str | None,
                          flag: bool | None = None) -> bool:
    """Tell whether ``viewer`` may not see the votes of conflicts at ``stage`` now.

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
    """
    check_viewer(store, viewer)
    policy = store_policy(store)
    if stage not in hidden_stages(store, flag, policy):
        return False
    return not (viewer is not None and policy.arbiters and viewer in policy.arbiters) \
        and not is_lead(store)


def blind_note(stage: str, left: int) -> str:
    """Say why votes at ``stage`` are not shown."""
    return (f"Screening at {stage} is blind and unfinished ({left:,} record"
            f"{'' if left == 1 else 's'} still need a vote): other reviewers' votes are "
            "not shown until every record has its votes.")


def refuse_while_blind(store: Store, what: str) -> None:
    """Refuse a command that would show every reviewer's votes while they are hidden.

    Raises:
        ScreeningError: Blind screening is unfinished at some stage.
    """
    hidden = {stage: left for stage, left in hidden_stages(store).items()
              if store.execute("SELECT 1 FROM decisions WHERE stage = ? LIMIT 1",
                               (stage,)).fetchone()}  # a stage nobody started hides nothing
    if hidden:
        stage, left = next(iter(hidden.items()))
        raise ScreeningError(f"{what} would show every reviewer's votes, and screening at "
                             f"{stage} is blind and unfinished ({left:,} record"
                             f"{'' if left == 1 else 's'} still need a vote).",
                             "Run it when every record has its votes (blind = true under "
                             "[screening] in review.toml).")


#: Record statuses that say nothing about any reviewer's vote.
VOTE_FREE_STATUSES = frozenset({"unscreened", "duplicate", "excluded-auto"})
#: What a record's status reads as while the votes behind it are hidden.
HIDDEN_STATUS = "screened (outcome hidden: blind screening unfinished)"


def blind_statuses(store: Store, statuses: dict[int, str]) -> dict[int, str]:
    """Return ``statuses`` with every vote-derived one hidden while screening is blind.

    A record's 'conflict' or 'awaiting-second-…' tells one reviewer how another voted,
    so while :func:`hidden_stages` hides a stage no export shows any outcome a vote made.
    """
    if not hidden_stages(store):
        return statuses
    return {rid: s if s in VOTE_FREE_STATUSES else HIDDEN_STATUS for rid, s in statuses.items()}
