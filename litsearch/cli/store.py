"""``litsearch store migrate`` and ``litsearch team``: a review on a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..errors import StoreError
from ..project import CONFIG_NAME, Project
from ..review_toml import add_reviewer
from ..screening.roster import take_off_team
from ..store import Store
from ..store.pgurl import is_postgres_url, redact
from ..store.team import ROLES, add_member, connected_role, files_for_others, list_members
from ..store.transfer import transfer
from ..wording import number, plural
from .output import ReviewOption, console, err_console, open_project, styled

store_app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")
team_app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")


@store_app.callback()
def _store() -> None:
    """Where the review's database lives: move it to a PostgreSQL server, or back to a file.

    Example:

        litsearch store migrate --to postgresql://db.example.org/gambling_review
    """


@team_app.callback()
def _team() -> None:
    """A team review's people: each reviewer connects as their own database role.

    list needs the review on a PostgreSQL server (\\[store] url in review.toml); add
    and remove work on a review.db too (review.toml's reviewers are its team).

    Example:

        litsearch team add alice --role reviewer
    """


def _target(to: str, root: Path) -> str:
    if is_postgres_url(to):
        return to
    if to.startswith("sqlite:"):
        path = Path(to[len("sqlite:"):]).expanduser()
        path = path if path.is_absolute() else root / path
        if path.exists():
            raise StoreError(f"{path} already exists; nothing was copied.",
                             "Name a new file: --to sqlite:PATH.")
        return str(path)
    raise StoreError(f"--to {redact(to)!r} is neither postgresql://… nor sqlite:PATH.",
                     "Write --to postgresql://HOST/DBNAME or --to sqlite:review-copy.db.")


def migrate(
    to: str = typer.Option(..., "--to", metavar="URL",
                           help="postgresql://HOST/DBNAME (an empty database; the password "
                                "comes from ~/.pgpass or $PGPASSWORD), or sqlite:PATH."),
    review: Path = ReviewOption,
) -> None:
    """Copy the whole review into another database, checking every table's row count.

    The copy is one transaction: it is kept whole or not at all. The review goes on
    using its current database until review.toml's \\[store] url names the new one.

    Example:

        litsearch store migrate --to postgresql://db.example.org/gambling_review
    """
    with open_project(review) as project:
        target_location = _target(to, project.root)
        with Store(target_location) as target:
            result = transfer(project.store, target)
    table = Table(title=f"Copied {result.source} -> {result.target}",
                  title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in result.rows.items():
        table.add_row(name, number(rows))
    console.print(table)
    where = redact(to) if is_postgres_url(to) else target_location
    console.print(styled("Every table's rows were counted on both sides. Next: set [bold]{}[/] "
                         "in review.toml (or remove it to use a file).", f'[store] url = "{where}"')
                  if is_postgres_url(to) else f"Next: the copy is {where}.",
                  soft_wrap=True)


def team_add(
    name: str = typer.Argument(..., metavar="NAME", help="The person's database role."),
    role: str = typer.Option("reviewer", "--role", metavar="ROLE",
                             help=f"{' or '.join(ROLES)}: a reviewer reads and adds their "
                                  "own decisions; a lead also imports, deduplicates, settles "
                                  "conflicts and freezes PRISMA versions."),
    change_role: bool = typer.Option(False, "--change-role",
                                     help="Move someone already on the team to ROLE (a "
                                          "lead made a reviewer loses the lead's rights)."),
    review: Path = ReviewOption,
) -> None:
    """Add a person to the team (creates their login role; run as the database's owner).

    On a review.db the team is review.toml's \\[review] reviewers: the name is listed
    there (a reviewer taken off with 'team remove' is back on).

    Set their password on the server (ALTER ROLE NAME PASSWORD ...); it never goes in
    review.toml. A member's role is changed only with --change-role.

    Example:

        litsearch team add alice --role reviewer
    """
    with open_project(review) as project:
        if project.store.engine != "postgresql":
            _add_to_review_toml(project, name, role)
            return
        member = add_member(project.store, name, role, change=change_role)
        leads = [m.name for m in list_members(project.store) if m.role == "lead"]
    console.print(f"{member.name} is a {member.role} of this review.")
    if not leads:
        err_console.print(styled("warning: the team has no lead; imports, dedup and "
                                 "settling conflicts need one: [bold]litsearch team add NAME "
                                 "--role lead[/]."))


def _add_to_review_toml(project: Project, name: str, role: str) -> None:
    """On a review.db the team is review.toml's [review] reviewers: list ``name`` there."""
    if role != "reviewer":
        raise StoreError(f"a review in {project.store.path} has no {role} role: its team is "
                         "review.toml's [review] reviewers, who all may do everything.",
                         f"Leave out --role to list {name} as a reviewer; the lead's role is "
                         "for a review on a PostgreSQL server.")
    name = name.strip()
    listed = name in project.reviewers
    project.config = add_reviewer(project.root / CONFIG_NAME, name)
    project.store.settings = project.config
    when = "already" if listed else "again" if _decided(project, name) else "now"
    console.print(f"{name} is on the team {when}: review.toml lists them under [review] "
                  "reviewers.", markup=False)


def _decided(project: Project, name: str) -> bool:
    return project.store.execute("SELECT 1 FROM decisions WHERE reviewer = ? LIMIT 1",
                                 (name,)).fetchone() is not None


def team_list(review: Path = ReviewOption) -> None:
    """List the team: each person's role, and who you are connected as.

    Example:

        litsearch team list
    """
    with open_project(review) as project:
        members = list_members(project.store)
        me = connected_role(project.store)
        everything = files_for_others(project.store)
    table = Table(title="Team", title_justify="left")
    table.add_column("name")
    table.add_column("role")
    for member in members:
        table.add_row(member.name + (" (you)" if member.name == me else ""), member.role)
    console.print(table)
    mine = next((m.role for m in members if m.name == me), None)
    if mine is not None:
        console.print(f"You are connected as {me}, a {mine} of this review.", markup=False)
    else:
        console.print(f"You are connected as {me}, not on the team: "
                      + ("the database's owner or an administrator, who may do everything."
                         if everything else "you may read this review, not add to it."),
                      markup=False)
    if not members:
        err_console.print(styled("No team yet: [bold]litsearch team add NAME --role lead[/]."))


def team_remove(
    name: str = typer.Argument(..., metavar="NAME", help="The reviewer to take off the team."),
    force: bool = typer.Option(False, "--force",
                               help="Take off the last lead, or the only arbiter review.toml "
                                    "names (anyone may then settle conflicts)."),
    review: Path = ReviewOption,
) -> None:
    """Take a reviewer off the team: their next decision is refused; their decisions stay.

    review.toml stops listing them (reviewers, arbiter); on a PostgreSQL review their
    role leaves the team's groups for a read-only one (run as the database's owner), so
    the server refuses their writes, and decisions they kept offline are set aside as
    refused ('litsearch team add NAME' puts them back). Their past
    decisions stay in the review and in PRISMA and agreement. Records holding only their
    vote, where two are needed, await another reviewer's ('litsearch status').

    Example:

        litsearch team remove bob
    """
    with open_project(review) as project:
        done = take_off_team(project, name, force=force)
        on_server = connected_role(project.store) is not None
    who = done.name
    if on_server:
        console.print(f"{who} is off the team: the review server now refuses their "
                      "decisions (their login role stays, and may still read the "
                      "review).", markup=False)
    else:
        console.print(f"{who} is off the team: review.toml no longer lists them, so a "
                      "decision under their name is refused.", markup=False)
    one = done.decisions == 1
    console.print(f"Their {plural(done.decisions, 'decision')} "
                  f"{'stays' if one else 'stay'} in the review (who decided what) and "
                  f"{'is' if one else 'are'} counted in PRISMA and agreement as before.",
                  markup=False)
    for stage, n in done.awaiting_other.items():
        console.print(f"{stage}: {plural(n, 'record')} {'holds' if n == 1 else 'hold'} "
                      f"only {who}'s vote and now {'awaits' if n == 1 else 'await'} another "
                      "reviewer's ('litsearch status' counts them as awaiting a second "
                      "reviewer).", markup=False)
    console.print(f"Records {who} had not decided wait for the rest of the team, as before.",
                  markup=False)
    if done.anyone_settles:
        err_console.print(f"warning: {who} was the only arbiter: the arbiter line is "
                          "removed from review.toml, so anyone may settle conflicts.",
                          markup=False)
    elif done.was_arbiter:
        console.print(f"{who} is no longer an arbiter in review.toml.", markup=False)
    if done.no_lead:
        err_console.print(styled("warning: the team has no lead; imports, dedup and "
                                 "settling conflicts need one: [bold]litsearch team add NAME "
                                 "--role lead[/]."))


def register(app: typer.Typer) -> None:
    """Add the store and team commands to the CLI."""
    store_app.command("migrate")(migrate)
    team_app.command("add")(team_add)
    team_app.command("list")(team_list)
    team_app.command("remove")(team_remove)
    app.add_typer(store_app, name="store")
    app.add_typer(team_app, name="team")
