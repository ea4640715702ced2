"""Blind screening for everyone: when a command may show one reviewer another's votes.

With ``blind = true`` under ``[screening]`` in review.toml (or a session's
``--blind``), no command shows a reviewer another reviewer's vote, nor what can be read
from it (agreement, a record's outcome, the conflicts' votes), while screening at that
stage is unfinished: some record in its pool still has no vote, or fewer votes than the
rules require. Once every record has its votes, conflicts are compared and settled in
the open.

One rule says who sees every vote while a stage is blind (:func:`sees_every_vote`):
whoever may settle its conflicts, since settling them is their job. The viewer is the
reviewer named (``--reviewer``, ``$LITSEARCH_REVIEWER``), else on PostgreSQL the role
connected. A named arbiter of review.toml sees every vote; on PostgreSQL so does a
connected role that may file decisions for others (a lead of the review, the database's
owner, a superuser: the roles the ``decisions_filed_by_self`` trigger lets through, who
read every vote in the database anyway) looking as itself, and not a plain reviewer role
named arbiter, whom the server does not let settle. A lead who names another reviewer
sees what that reviewer sees. Both questions below ask it:

* :func:`conflict_votes_hidden`: may the viewer see the votes of conflicts;
* :func:`counts_viewer`: whose decisions a count drawn from the votes (the stopping
  estimate's relevant records found, the records included, excluded or in conflict) may
  come from, since such a count tells a reviewer how the others voted too.

How far each reviewer has got (decisions per reviewer, records awaiting a second vote
and who has not voted on them) is progress, not a vote: it is shown to everyone, as the
app's side panel shows it. A record waits for a second vote whatever the first one said.
"""

from __future__ import annotations

from ..errors import ScreeningError
from ..store import Store
from ..store.team import connected_role, files_for_others
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


def sees_every_vote(store: Store, viewer: str | None, policy: ScreeningPolicy) -> bool:
    """Tell whether ``viewer`` sees every reviewer's votes while screening is blind.

    The one rule of this module (see its docstring): on PostgreSQL, with no one named
    or the connected role named, the role decides (a lead, the database's owner or a
    superuser: yes; any other role: no, even one review.toml names arbiter, since it
    may not settle conflicts there); otherwise the named viewer sees every vote when
    review.toml names them arbiter (:func:`check_viewer` lets only a role that may file
    for others name someone else on PostgreSQL).
    """
    role = connected_role(store)
    if role is not None and viewer in (None, role):
        return files_for_others(store)
    return bool(viewer) and viewer in policy.arbiters


def hidden_from(store: Store, viewer: str | None) -> dict[str, int]:
    """Return the stages whose votes are hidden from ``viewer`` now (``{stage: left}``).

    :func:`hidden_stages`, and nothing for whoever sees every vote
    (:func:`sees_every_vote`): the rule ``status``, ``prisma`` and ``screen conflicts``
    apply, for a command that shows the votes of every stage (``agreement``).

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
    """
    check_viewer(store, viewer)
    policy = store_policy(store)
    hidden = hidden_stages(store, None, policy)
    return {} if hidden and sees_every_vote(store, viewer, policy) else hidden


def _blind_to(store: Store, viewer: str | None, stage: str, flag: bool | None = None) -> bool:
    """Tell whether other reviewers' votes at ``stage`` are hidden from ``viewer`` now.

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
        ConfigError: ``flag`` is ``--no-blind`` in a review whose review.toml says blind.
    """
    check_viewer(store, viewer)
    policy = store_policy(store)
    return stage in hidden_stages(store, flag, policy) and \
        not sees_every_vote(store, viewer, policy)


def counts_viewer(store: Store, viewer: str | None, stage: str = "title-abstract") -> str | None:
    """Return whose decisions a count drawn from the votes at ``stage`` may come from.

    None: the team's (screening there is not blind, or finished, or the viewer sees
    every vote: :func:`sees_every_vote`). Otherwise the blind reviewer's own name (the
    one named, else on PostgreSQL the connected role), or :data:`NOBODY` on a review.db
    when no one is named.

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
    """
    if not _blind_to(store, viewer, stage):
        return None
    return viewer or connected_role(store) or NOBODY


def conflict_votes_hidden(store: Store, stage: str, viewer: str | None,
                          flag: bool | None = None) -> bool:
    """Tell whether ``viewer`` may not see the votes of conflicts at ``stage`` now.

    Raises:
        ScreeningError: On PostgreSQL, ``viewer`` is not the connected reviewer.
    """
    return _blind_to(store, viewer, stage, flag)


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
