"""Who files a decision: on a team review, the database role the reviewer connected as.

On a review in ``review.db`` the reviewer is named (``--reviewer``,
``$LITSEARCH_REVIEWER``, or the one reviewer review.toml lists; see
:func:`~litsearch.screening.decisions.pick_reviewer`). On PostgreSQL the server knows
who is connected, so that role is the reviewer by default, and a name that is someone
else's is refused here, before anything is written, with a line that says how to fix
it. The database's ``decisions_filed_by_self`` trigger (:mod:`litsearch.store.team`)
stays the real guard; this check only gives the early, clear message. A lead (or the
database's owner) may file under another listed name, as the trigger allows: importing a
co-reviewer's decisions, settling conflicts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from ..errors import ScreeningError, UnknownReviewerError
from ..store import Store
from ..store.team import connected_role, files_for_others
from .decisions import REVIEWER_ENV, decision_count, pick_reviewer


def reviewer_for(store: Store, reviewers: Sequence[str], given: str | None = None,
                 env: Mapping[str, str] | None = None, source: str | None = None) -> str:
    """Return who files decisions in this session.

    Args:
        store: The open review (its engine and connected role decide).
        reviewers: The reviewers review.toml lists.
        given: ``--reviewer`` (or a file's reviewer column), if any.
        env: The environment (default ``os.environ``) for ``$LITSEARCH_REVIEWER``.
        source: Where ``given`` came from when not ``--reviewer`` (a file's column:
            "column 'Screener'"), for the messages.

    Raises:
        ScreeningError: On PostgreSQL, a name other than the connected role from a role
            that may not file for others; otherwise as :func:`pick_reviewer`.
    """
    env = os.environ if env is None else env
    try:
        return _reviewer_for(store, reviewers, given, env, source)
    except UnknownReviewerError as exc:
        named = (given or env.get(REVIEWER_ENV) or "").strip()
        if named in reviewers:
            raise
        raise _taken_off(store, named) or exc from None


def _reviewer_for(store: Store, reviewers: Sequence[str], given: str | None,
                  env: Mapping[str, str], source: str | None) -> str:
    role = connected_role(store)
    if role is None:
        return pick_reviewer(reviewers, given, env, source)
    named = (given or "").strip()
    where = f"reviewer {named} ({source})" if source else f"--reviewer {named}"
    if not named and (env.get(REVIEWER_ENV) or "").strip():
        named = str(env[REVIEWER_ENV]).strip()
        where = f"${REVIEWER_ENV}={named}"
    if not named or named == role:
        return role  # the server vouches for who this is
    if not files_for_others(store):
        instead = ("Import only your own rows (a lead imports a co-reviewer's)" if source
                   else f"Leave out --reviewer and ${REVIEWER_ENV}")
        raise ScreeningError(
            f"{where} is not who you are connected as ({role}, on {store.path}); a team "
            "review files each decision under the reviewer's own database role.",
            f"{instead}, or connect as {named} (the user in [store] url, "
            "$LITSEARCH_DATABASE_URL or $PGUSER).", title="Not you")
    return pick_reviewer(reviewers, named, env={}, source=source)


def _taken_off(store: Store, name: str) -> ScreeningError | None:
    """Say so when ``name``, not listed, has decisions: they were taken off the team."""
    if not name:
        return None
    decisions = decision_count(store, name)
    if not decisions:
        return None
    return ScreeningError(f"{name} is not on the team any more: review.toml no longer lists "
                          f"them, so they record no decisions (their {decisions:,} earlier "
                          "ones stay in the review).",
                          "Screen under your own name; a lead puts them back by adding the "
                          "name to [review] reviewers.", title="Not on the team")


def reviewer_picker(store: Store, reviewers: Sequence[str]
                    ) -> Callable[[str | None, str | None], str]:
    """Return who files each row of a decisions file (the environment is not read).

    The picker takes the row's name and where it came from (None: ``--reviewer``; else
    the file's column, named in any refusal). A lead imports co-reviewers' decisions:
    the rows are named as on a review.db (a row without a name, with several reviewers
    listed, is refused rather than guessed). Any other role imports only their own:
    :func:`reviewer_for`.
    """
    role = connected_role(store)
    if role is None or files_for_others(store):
        return lambda given, source: pick_reviewer(reviewers, given, env={}, source=source)
    return lambda given, source: reviewer_for(store, reviewers, given, env={}, source=source)


def require_arbiter(store: Store) -> None:
    """Refuse, up front, a conflict resolution from a team review's plain reviewer.

    Raises:
        ScreeningError: The connected role is not a lead (the trigger would refuse it).
    """
    role = connected_role(store)
    if role is not None and not files_for_others(store):
        raise ScreeningError(f"{role} is a reviewer of {store.path}; settling conflicts is "
                             "for a lead of the review.",
                             "Ask a lead ('litsearch team list'), or have the database's "
                             "admin run 'litsearch team add NAME --role lead'.",
                             title="Not a lead")
