"""The team's screening rules: the ``[screening]`` table of review.toml.

* ``votes``: how many independent votes a record needs at a stage before it moves on
  (``votes = { "title-abstract" = 2, "full-text" = 2 }``, or ``votes = 2`` for both).
  Left out, a stage needs **two** votes once two or more reviewers screen at it (the
  Cochrane standard) and one while a single reviewer does. "Screen at a stage" is
  exact: the distinct reviewers, not an automation tool (the rule criteria, the
  stopping rule), who hold a current decision at that stage other than a conflict
  resolution. ``1`` is single screening (with a lead's check, say); ``2`` is dual
  screening whoever screens.
* ``arbiter``: who may settle conflicts (``arbiter = ["carol"]``); left out, anyone. An
  empty list names no one and is an error (remove the key, or name someone). On
  PostgreSQL a member of the review's lead role may always settle them.
* ``blind``: reviewers do not see each other's votes while screening is unfinished, in
  every command; a session's ``--blind`` can add it, nothing can take it away.

The other keys of the table (``order``, ``model``, ``keys``) belong to the screening
app; they are only named here so that a misspelt key is an error, never ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..configcheck import Fail, boolean, integer, known_keys, raiser, string, strings, table
from ..errors import ConfigError
from ..store import Store

#: The stages a vote count applies to (the rule criteria's ``auto`` needs no second vote).
VOTE_STAGES = ("title-abstract", "full-text")
#: Independent votes a stage may ask for: single or dual screening.
VOTE_CHOICES = (1, 2)
#: Every key of ``[screening]``: the rules above, and the app's settings.
KEYS = ("votes", "arbiter", "blind", "order", "model", "keys")
#: The votes a stage needs, left out of review.toml, once this many reviewers screen it.
DUAL_FROM = 2


@dataclass(frozen=True)
class ScreeningPolicy:
    """The ``[screening]`` rules of one review.

    Attributes:
        votes: ``{stage: votes needed}`` for the stages review.toml sets; a stage left
            out follows the default (see :meth:`required`).
        arbiters: Who may settle conflicts; empty: anyone.
        blind: Reviewers are blind to each other's votes while screening is unfinished.
    """

    votes: dict[str, int] = field(default_factory=dict)
    arbiters: tuple[str, ...] = ()
    blind: bool = False

    def required(self, stage: str, screeners: int) -> int:
        """Return the votes a record needs at ``stage`` when ``screeners`` reviewers screen it.

        >>> ScreeningPolicy().required("title-abstract", 1), \
ScreeningPolicy().required("title-abstract", 2)
        (1, 2)
        >>> ScreeningPolicy(votes={"full-text": 1}).required("full-text", 3)
        1
        """
        if stage not in VOTE_STAGES:
            return 1
        set_to = self.votes.get(stage)
        if set_to is not None:
            return set_to
        return 2 if screeners >= DUAL_FROM else 1

    def describe(self, stage: str) -> str:
        """Say in words what ``stage`` needs ("2 independent votes (review.toml)")."""
        set_to = self.votes.get(stage)
        if set_to is not None:
            return f"{set_to} independent vote{'s' if set_to > 1 else ''} (review.toml)"
        return "2 independent votes once two or more reviewers screen, else 1 (default)"

    def may_settle(self, reviewer: str) -> bool:
        """Tell whether ``reviewer`` is named as an arbiter (or nobody is)."""
        return not self.arbiters or reviewer in self.arbiters

    def blind_for(self, flag: bool | None) -> bool:
        """Return whether a session is blind: review.toml's rule, or the session's flag.

        Raises:
            ConfigError: The session asks not to be blind (``--no-blind``) in a review
                whose review.toml says ``blind = true``.
        """
        if self.blind and flag is False:
            raise ConfigError("review.toml says blind = true under [screening]: screening is "
                              "blind for everyone, and no session can switch it off.",
                              "Leave out --no-blind; the votes are shown once screening "
                              "is finished.")
        return self.blind or bool(flag)


def _votes(value: Any, fail: Fail) -> dict[str, int]:
    def count(n: Any, key: str) -> int:
        # 2.0 and true compare equal to 2 and 1 in Python: only an integer is a count.
        return integer(n, key, fail, choices=VOTE_CHOICES,
                       hint="Use 1 (single screening) or 2 (dual screening), without a "
                       "decimal point or quotes.")

    if not isinstance(value, Mapping):
        n = count(value, "screening.votes")
        return dict.fromkeys(VOTE_STAGES, n)
    known_keys(value, VOTE_STAGES, "screening.votes (the stages that take a vote count)",
               fail)
    return {stage: count(n, f"screening.votes.{stage}") for stage, n in value.items()}


def _arbiters(value: Any, fail: Fail, reviewers: list[str]) -> tuple[str, ...]:
    names = [n.strip() for n in strings(value, "screening.arbiter", fail)]
    if not names:
        # An empty list names no one: neither "anyone" (that is the key left out) nor
        # "no one" (conflicts could never be settled) can be assumed.
        fail("screening.arbiter = [] names no one",
             "Remove the line to let any reviewer settle conflicts, or name who may: "
             'arbiter = ["carol"].')
    unknown = [n for n in names if reviewers and n not in reviewers]
    if unknown:
        fail(f"arbiter {unknown[0]!r} is not one of the review's reviewers",
             f"Add them to [review] reviewers, or use one of: {', '.join(reviewers)}.")
    return tuple(names)


def policy_from_config(config: Mapping[str, Any] | None, where: str = "review.toml"
                       ) -> ScreeningPolicy:
    """Read the ``[screening]`` rules from a parsed review.toml.

    Raises:
        ConfigError: ``[screening]`` is not a table, holds a key it does not have (the
            nearest valid key is named), or a value of the wrong kind.
    """
    fail = raiser(where)
    section = table((config or {}).get("screening", {}), "screening", fail)
    known_keys(section, KEYS, "[screening]", fail)
    blind = boolean(section.get("blind", False), "screening.blind", fail)
    # The app checks order and model against its choices when it starts (they live
    # with the ranking code); a value of the wrong kind is an error now.
    for key in ("order", "model"):
        if key in section:
            string(section[key], f"screening.{key}", fail, empty=False)
    review = (config or {}).get("review", {})
    reviewers = [str(r) for r in review.get("reviewers", [])] if isinstance(review, Mapping) \
        else []
    votes = _votes(section["votes"], fail) if "votes" in section else {}
    dual = [stage for stage, n in votes.items() if n > 1]
    if dual and len(reviewers) == 1:
        fail(f"screening.votes asks for {votes[dual[0]]} independent votes at {dual[0]}, but "
             f"[review] reviewers lists only {reviewers[0]!r}: no record could get its "
             "second vote", "Add the second reviewer to [review] reviewers, or set votes = 1.")
    return ScreeningPolicy(
        votes=votes,
        arbiters=_arbiters(section["arbiter"], fail, reviewers) if "arbiter" in section
        else (), blind=blind)


def store_policy(store: Store) -> ScreeningPolicy:
    """Return the rules of the review ``store`` belongs to (the defaults for a bare store)."""
    return policy_from_config(store.settings)
