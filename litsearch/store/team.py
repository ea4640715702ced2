"""A team review's people as PostgreSQL roles: reviewers are who they log in as.

Each person connects as their own database role (a password from ``~/.pgpass`` or
``$PGPASSWORD``, never from review.toml). Two group roles per review database say
what a member may do, and the database itself enforces it, not only litsearch:

* ``<database>_reviewer``: read everything, add decisions (INSERT on ``decisions``)
  only under their own name: a trigger refuses a decision whose reviewer is not the
  connected role, and a conflict resolution or a rule decision; write only their own
  place in the screening queue (a row-level policy on ``meta``);
* ``<database>_lead``: everything a review needs (import, dedup, settling
  conflicts, criteria, PRISMA versions), decisions under any name (the rule
  criteria are filed as ``litsearch-rules``).

* ``<database>_former``: someone taken off the team (``litsearch team remove``): reads
  the review (their own trail, and an app left open goes on showing it), writes nothing,
  so the server refuses their decisions, kept offline ones too.

Decisions stay append-only for everyone (the triggers of the schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import StoreError
from .db import Store

ROLES = ("reviewer", "lead")
#: The group of those taken off the team: read only.
FORMER = "former"

#: The meta rows a reviewer may write: where they were in screening.
_OWN_ROW = ("starts_with(key, 'screening.position.') AND "
            "right(key, length(session_user) + 1) = '.' || session_user")

#: SQLSTATE of the trigger's refusal: insufficient_privilege, as a GRANT's would be.
_REFUSED = "42501"


@dataclass(frozen=True)
class Member:
    """A person on the review team."""

    name: str
    role: str


def _require_postgres(store: Store) -> None:
    if store.engine != "postgresql":
        raise StoreError("team roles need a review on a PostgreSQL server; this review is "
                         f"in {store.path}.",
                         "Move it with 'litsearch store migrate --to postgresql://HOST/DB', "
                         "then set [store] url in review.toml.")


def _database(store: Store) -> str:
    return str(store.execute("SELECT current_database()").fetchone()[0])


def group(store: Store, role: str) -> str:
    """Return the group role of ``role`` ("reviewer" or "lead") for this review."""
    return f"{_database(store)}_{role}"


def _ident(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]{0,62}", name):
        raise StoreError(f"{name!r} cannot be a database role name.",
                         "Use letters, digits, '_', '.' or '-', starting with a letter.")
    return '"' + name + '"'


def _setup(store: Store) -> None:
    """Create the two group roles, their grants and the decision trigger (idempotent)."""
    reviewer, lead = _ident(group(store, "reviewer")), _ident(group(store, "lead"))
    former = _ident(group(store, FORMER))
    db = _ident(_database(store))
    lead_name = group(store, "lead").replace("'", "''")
    for name in (reviewer, lead, former):
        store.execute(f"DO $$ BEGIN CREATE ROLE {name} NOLOGIN; "
                      "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {reviewer}, {lead}, {former}",
        f"GRANT USAGE ON SCHEMA public TO {reviewer}, {lead}, {former}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reviewer}, {former}",
        f"GRANT INSERT ON decisions TO {reviewer}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {reviewer}",
        f"GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO {lead}",
        f"GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public TO {lead}",
        f"GRANT CREATE ON SCHEMA public TO {lead}",
        # The app remembers where each reviewer was (meta screening.position.STAGE.NAME):
        # a reviewer may write that row of their own and no other.
        f"GRANT INSERT, UPDATE ON meta TO {reviewer}",
        "ALTER TABLE meta ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS meta_read ON meta",
        "CREATE POLICY meta_read ON meta FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS meta_lead ON meta",
        f"CREATE POLICY meta_lead ON meta FOR ALL TO {lead} USING (true) WITH CHECK (true)",
        "DROP POLICY IF EXISTS meta_own_position ON meta",
        f"CREATE POLICY meta_own_position ON meta FOR ALL TO {reviewer} USING ({_OWN_ROW}) "
        f"WITH CHECK ({_OWN_ROW})",
        # A decision is filed under the connected role, unless a lead (or the owner) files it.
        "CREATE OR REPLACE FUNCTION decisions_filed_by_self() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"IF pg_has_role(session_user, '{lead_name}', 'member') "
        "OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database "
        "WHERE datname = current_database()) "
        "OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN RETURN NEW; "
        "END IF; "
        "IF NEW.reviewer <> session_user THEN RAISE EXCEPTION USING ERRCODE = "
        f"'{_REFUSED}', MESSAGE = format('%s may not file a decision as %s', session_user, "
        "NEW.reviewer); END IF; "
        "IF NEW.resolution <> 0 OR NEW.stage = 'auto' THEN RAISE EXCEPTION USING ERRCODE = "
        f"'{_REFUSED}', MESSAGE = format('%s may not settle conflicts or file rule "
        "decisions (a lead does)', session_user); END IF; "
        "RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS decisions_filed_by_self ON decisions",
        "CREATE TRIGGER decisions_filed_by_self BEFORE INSERT ON decisions FOR EACH ROW "
        "EXECUTE FUNCTION decisions_filed_by_self()",
    ]
    for sql in statements:
        store.execute(sql)


def add_member(store: Store, name: str, role: str = "reviewer",
               change: bool = False) -> Member:
    """Create (or update) ``name``'s login role and put it in the review's ``role`` group.

    Args:
        store: The review (PostgreSQL).
        name: The person's database role.
        role: "reviewer" or "lead".
        change: Allow moving a member of the team from their role to ``role`` (a lead
            made a reviewer loses the lead's rights; without it that is refused).

    Raises:
        StoreError: Not a PostgreSQL review, an unknown role, a bad name, a member's
            role changed without ``change``, or the connected role may not create
            roles (the lab's admin runs this once).
    """
    _require_postgres(store)
    if role not in ROLES:
        raise StoreError(f"unknown team role {role!r}.", f"Use one of: {', '.join(ROLES)}.")
    person = _ident(name)
    # Asked first: a reviewer asking to make a colleague a lead is not told to pass
    # --change-role, which would only fail on this.
    _require_admin(store, "adds people or changes their role", "add")
    now_is = next((m.role for m in list_members(store) if m.name == name), None)
    if now_is is not None and now_is != role and not change:
        rights = "take the lead's rights from them" if now_is == "lead" \
            else "give them the lead's rights"
        raise StoreError(f"{name} is a {now_is} of this review; adding them as a {role} "
                         f"would {rights}.",
                         f"Pass --change-role to make {name} a {role}; 'litsearch team list' "
                         "shows the team.")
    try:
        with store.transaction():
            _setup(store)
            store.execute(f"DO $$ BEGIN CREATE ROLE {person} LOGIN; "
                          "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            for other in {*ROLES, FORMER} - {role}:
                store.execute(f"REVOKE {_ident(group(store, other))} FROM {person}")
            store.execute(f"GRANT {_ident(group(store, role))} TO {person}")
    except StoreError as exc:
        if "permission denied" not in exc.message:
            raise
        # Not a lead's job either: creating login roles needs the database's owner.
        raise StoreError(exc.message.replace("your database role may not do this",
                                             "only the database's owner adds people", 1),
                         "Run 'litsearch team add' connected as the database's owner or an "
                         "administrator (a role with CREATEROLE), as the lab set it up."
                         ) from exc
    return Member(name, role)


def _require_admin(store: Store, what: str, command: str) -> None:
    """Refuse a role that may not create or change roles (the lab's admin does it)."""
    me, may = store.execute("SELECT current_user, rolcreaterole OR rolsuper FROM pg_roles "
                            "WHERE rolname = current_user").fetchone()
    if not may:
        raise StoreError(f"only the database's owner {what} in {store.path}: you are "
                         f"connected as {me}.",
                         "Ask whoever set the review up (the database's owner or an "
                         "administrator, a role with CREATEROLE) to run "
                         f"'litsearch team {command}'.")


def revoke_member(store: Store, name: str) -> None:
    """Move ``name`` from the team's groups to the read-only former group.

    The server then refuses their writes (a decision, their place in the queue) and
    still lets them read: an app they left open keeps working and sets the decisions
    it kept offline aside as refused, instead of failing on its next read. Their login
    role stays (other databases may use it; dropping it is the lab's admin's call), and
    so do their decisions: the audit trail names them.

    Raises:
        StoreError: Not a PostgreSQL review, a bad name, or the connected role may not
            change roles.
    """
    _require_postgres(store)
    person = _ident(name)
    _require_admin(store, "takes people off the team", "remove")
    with store.transaction():
        _setup(store)
        for role in ROLES:
            store.execute(f"REVOKE {_ident(group(store, role))} FROM {person}")
        store.execute(f"GRANT {_ident(group(store, FORMER))} TO {person}")


def on_team(store: Store) -> bool:
    """Tell whether the connected role may record decisions: a member of the team's
    groups, or a role that files for others (the database's owner, a superuser)."""
    # pg_has_role, as the server's grants and trigger see it: a member through a group
    # of its own (a lab's role granted the reviewer group) is on the team too.
    groups = [group(store, role) for role in ROLES]
    row = store.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname IN (?, ?) "
        "AND pg_has_role(session_user, g.oid, 'member'))", tuple(groups)).fetchone()
    return bool(row[0]) or files_for_others(store)


def list_members(store: Store) -> list[Member]:
    """Return the review's team: every role in its reviewer or lead group."""
    _require_postgres(store)
    names = {group(store, role): role for role in ROLES}
    rows = store.execute(
        "SELECT m.rolname, g.rolname FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE g.rolname IN (?, ?) ORDER BY m.rolname", tuple(names)).fetchall()
    return [Member(str(member), names[str(grp)]) for member, grp in rows]


def team_roles(store: Store) -> set[str]:
    """Return every role the server lets record decisions in this review.

    A member of the reviewer or lead group (through a group of its own too), the
    database's owner and the superusers: the roles :func:`on_team` says yes to.
    """
    _require_postgres(store)
    rows = store.execute(
        "SELECT r.rolname FROM pg_roles r WHERE r.rolsuper OR r.oid = (SELECT datdba FROM "
        "pg_database WHERE datname = current_database()) OR EXISTS (SELECT 1 FROM pg_roles g "
        "WHERE g.rolname IN (?, ?) AND pg_has_role(r.oid, g.oid, 'member'))",
        tuple(group(store, role) for role in ROLES)).fetchall()
    return {str(name) for (name,) in rows}


def former_members(store: Store) -> set[str]:
    """Return who was taken off the team: the roles in the review's former group."""
    _require_postgres(store)
    rows = store.execute(
        "SELECT m.rolname FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE g.rolname = ?", (group(store, FORMER),)).fetchall()
    return {str(name) for (name,) in rows}


def connected_role(store: Store) -> str | None:
    """Return the role a PostgreSQL review is connected as (None for a review.db)."""
    return store.db.role if store.engine == "postgresql" else None  # type: ignore[attr-defined]


def files_for_others(store: Store) -> bool:
    """Return True when the connected role may file decisions under other names.

    The same test as the ``decisions_filed_by_self`` trigger: a lead of this review, the
    database's owner or a superuser. A plain reviewer (or any other role) may not.
    """
    lead = group(store, "lead")
    row = store.execute(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) "
        "THEN pg_has_role(session_user, ?, 'member') ELSE false END "
        "OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database "
        "WHERE datname = current_database()) "
        "OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
        (lead, lead)).fetchone()
    return bool(row[0])
