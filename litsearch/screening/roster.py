"""Who is on the team now, and taking a reviewer off it (``litsearch team remove``).

The team is who may record decisions: on a review.db the reviewers ``[review]
reviewers`` lists in review.toml (a name it does not list is refused); on PostgreSQL
also the members of the review's reviewer and lead roles (:mod:`litsearch.store.team`),
the server being the guard. Taking someone off does both: review.toml stops listing
them (and naming them arbiter), and on PostgreSQL their role leaves both groups for the
read-only former group, so the server refuses their next decision (a decision they kept
offline is then set aside as refused, :mod:`litsearch.screening.outbox`) and
:func:`require_on_team` says why before a command tries.

Their decisions stay: the audit trail says who decided what, and PRISMA and agreement
count them as before. A record that holds their vote only, at a stage that needs two,
awaits another reviewer's vote (``litsearch status`` counts it as awaiting a second
reviewer, and no longer asks them for second votes); a record they had not decided
waits for the rest of the team, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, ScreeningError
from ..project import CONFIG_NAME, Project, load_config
from ..review_toml import remove_reviewer
from ..store import Store
from ..store.team import (
    connected_role,
    former_members,
    list_members,
    on_team,
    revoke_member,
    team_roles,
)
from .decisions import decision_count
from .policy import VOTE_STAGES, store_policy
from .state import AWAITING, latest_votes, outcome, required_votes


def require_on_team(store: Store) -> None:
    """Refuse, up front, a decision from a role taken off the team (the server would).

    Raises:
        ScreeningError: On PostgreSQL, the connected role is on no team group.
    """
    role = connected_role(store)
    if role is not None and not on_team(store):
        raise ScreeningError(f"{role} is not on this review's team (taken off it, or never "
                             f"added): the review server refuses their decisions; their "
                             "earlier ones stay in the review.",
                             f"Ask the database's owner to add you ('litsearch team add "
                             f"{role}'); 'litsearch team list' shows the team.",
                             title="Not on the team")


def still_listed(root: Path, name: str) -> Callable[[], None]:
    """Return a check that ``name`` is still on a review.db's team, for a session left open.

    A review.db has no server to refuse a decision: the screening app calls this before
    each write, so an app left open when ``litsearch team remove`` took its reviewer off
    records nothing more. review.toml is read again only when it has changed; a file
    that cannot be read (mid-edit) leaves the answer as it was.

    The check raises :class:`ScreeningError` once review.toml lists reviewers and not
    ``name``.
    """
    path = root / CONFIG_NAME
    seen: dict[str, object] = {"stamp": None, "listed": True}

    def check() -> None:
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp is not None and stamp != seen["stamp"]:
            seen["stamp"] = stamp
            try:
                review = load_config(path).get("review", {})
            except ConfigError:
                review = None
            if isinstance(review, dict):
                names = review.get("reviewers", [])
                seen["listed"] = not isinstance(names, list) or not names or name in names
        if not seen["listed"]:
            raise ScreeningError(f"{name} is not on the team any more: review.toml no longer "
                                 "lists them, so this decision was not recorded (their "
                                 "earlier ones stay in the review).",
                                 "Close the app; a lead puts them back by adding the name to "
                                 "[review] reviewers.", title="Not on the team")

    return check


def taken_off(store: Store, screeners: Iterable[str]) -> list[str]:
    """Return who of ``screeners`` was taken off the team, sorted.

    A name review.toml does not list (when it lists anyone) is off it; on PostgreSQL
    the roles the server lets decide are on it (a member of the team's groups, nested
    too, the database's owner, a superuser: they need not be listed), and the members
    of the review's former group (``team remove`` put them there) are off it.
    """
    review = store.settings.get("review", {})
    listed = {str(n) for n in review.get("reviewers", [])} if isinstance(review, dict) \
        else set()
    former: set[str] = set()
    if connected_role(store) is not None:
        former = former_members(store)
        if listed or list_members(store):
            listed |= team_roles(store) - former
    return sorted(who for who in screeners if who in former or (listed and who not in listed))


@dataclass(frozen=True)
class Removal:
    """What taking a reviewer off the team did.

    Attributes:
        name: Who was taken off.
        role: Their team role on PostgreSQL ("reviewer" or "lead"); None when they
            were no member role (a review.db, or a name only review.toml listed).
        decisions: Their decisions, kept and still counted.
        awaiting_other: ``{stage: records holding only their vote, awaiting another
            reviewer's}`` (stages that need two votes).
        was_arbiter: review.toml named them arbiter (no longer).
        anyone_settles: They were the only arbiter named: the arbiter line is gone, so
            anyone may settle conflicts (only with ``force``).
        no_lead: The team is left without a lead (only with ``force``).
    """

    name: str
    role: str | None
    decisions: int
    awaiting_other: dict[str, int] = field(default_factory=dict)
    was_arbiter: bool = False
    anyone_settles: bool = False
    no_lead: bool = False


def take_off_team(project: Project, name: str, force: bool = False) -> Removal:
    """Take ``name`` off the team; keep their decisions.

    Args:
        project: The review (review.toml is changed in place, comments kept).
        name: The reviewer.
        force: Take off the last lead, or the only arbiter review.toml names.

    Raises:
        ScreeningError: ``name`` is not on the team, is the only reviewer a review.db's
            review.toml lists (none listed, any name goes), or (without ``force``) the
            last lead or only arbiter.
        ConfigError: The review.toml left would be refused (two votes asked for and one
            reviewer left): nothing is changed.
        StoreError: On PostgreSQL, the connected role may not change roles.
    """
    name = name.strip()
    store = project.store
    on_server = connected_role(store) is not None
    members = {m.name: m.role for m in list_members(store)} if on_server else {}
    listed = project.reviewers
    if name not in listed and name not in members:
        on = "review.toml's [review] reviewers" + (" or the review's roles" if on_server else "")
        raise ScreeningError(f"{name} is not on this review's team ({on}: "
                             f"{', '.join(sorted({*listed, *members})) or 'nobody'}).",
                             "Check the spelling: 'litsearch team list' shows the team"
                             if on_server else "Check the spelling in review.toml.")
    if listed == [name] and not on_server:  # on a server the roles are the guard
        raise ScreeningError(f"{name} is the only reviewer review.toml lists; with none "
                             f"listed any name may record decisions, {name}'s too.",
                             "Add who takes over to [review] reviewers first, then run this "
                             "again.")
    policy = store_policy(store)
    leads = [m for m, role in members.items() if role == "lead"]
    no_lead = leads == [name]
    if no_lead and not force:
        raise ScreeningError(f"{name} is the review's last lead: without one nobody may "
                             "import, deduplicate or settle conflicts.",
                             "Make someone else a lead first ('litsearch team add NAME "
                             "--role lead'), or pass --force.")
    anyone_settles = policy.arbiters == (name,)
    if anyone_settles and not force:
        raise ScreeningError(f"{name} is the only arbiter review.toml names: without one "
                             "anyone may settle conflicts.",
                             "Name another arbiter under [screening] first, or pass --force "
                             "(the arbiter line is removed).")
    path = project.root / CONFIG_NAME
    try:
        remove_reviewer(path, name, write=False)  # checked before anything changes
    except ConfigError as exc:
        raise ConfigError(f"taking {name} off the team would leave {CONFIG_NAME} invalid: "
                          f"{exc.message}", exc.hint) from exc
    if name in members:
        revoke_member(store, name)
    project.config = remove_reviewer(path, name)
    store.settings = project.config
    return Removal(name, members.get(name), decision_count(store, name),
                   _awaiting_other(store, name),
                   was_arbiter=name in policy.arbiters, anyone_settles=anyone_settles,
                   no_lead=no_lead)


def _awaiting_other(store: Store, name: str) -> dict[str, int]:
    """Count, per stage, the records whose only vote is ``name``'s and that need more."""
    policy = store_policy(store)
    out = {}
    for stage in VOTE_STAGES:
        votes = latest_votes(store, stage)
        required = required_votes(policy, stage, votes)
        held = sum(1 for unit_votes in votes.values()
                   if set(unit_votes) == {name} and outcome(unit_votes, stage, required)
                   == AWAITING)
        if held:
            out[stage] = held
    return out
