"""``litsearch team add`` never changes a member's role silently (a lead made a reviewer
lost the lead's rights without a word, and the team could be left with no lead)."""

from __future__ import annotations

import uuid


def _roles(cli, root):
    code, out, err = cli("team", "list", "--review", str(root))
    assert code == 0, err
    return " ".join(out.replace("│", " ").split())


def test_a_lead_is_not_made_a_reviewer_without_change_role(pg_admin, cli, tmp_path):
    tag = uuid.uuid4().hex[:6]
    carol, alice = f"carol_{tag}", f"alice_{tag}"
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Team roles")[0] == 0
    assert cli("team", "add", carol, "--role", "lead", "--review", str(root))[0] == 0

    code, _out, err = cli("team", "add", carol, "--role", "reviewer", "--review", str(root))
    assert code != 0 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert f"{carol} is a lead of this review" in err and "--change-role" in err
    assert f"{carol} lead" in _roles(cli, root)  # unchanged

    # Adding someone as what they are already is no change.
    code, out, err = cli("team", "add", carol, "--role", "lead", "--review", str(root))
    assert code == 0 and f"{carol} is a lead" in out and not err

    # A reviewer made a lead is a change too.
    assert cli("team", "add", alice, "--review", str(root))[0] == 0
    code, _out, err = cli("team", "add", alice, "--role", "lead", "--review", str(root))
    assert code != 0 and "would give them the lead's rights" in err

    # Asked for: done, and the team left without a lead is said.
    code, out, err = cli("team", "add", carol, "--role", "reviewer", "--change-role",
                         "--review", str(root))
    assert code == 0, err
    assert f"{carol} is a reviewer of this review." in out
    assert "warning: the team has no lead" in err
    assert f"{carol} reviewer" in _roles(cli, root)


def test_a_reviewer_changing_a_role_is_told_who_may_not_to_pass_change_role(
        pg_admin, cli, tmp_path, monkeypatch):
    """A reviewer (no right to add anyone) asking to make a colleague a lead was told to
    pass --change-role, which then failed on the permission: say the permission first."""
    import os

    tag = uuid.uuid4().hex[:6]
    alice, dan = f"alice_{tag}", f"dan_{tag}"
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Team roles")[0] == 0
    for name in (alice, dan):
        assert cli("team", "add", name, "--review", str(root))[0] == 0
    url = os.environ["LITSEARCH_DATABASE_URL"]
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    code, _out, err = cli("team", "add", dan, "--role", "lead", "--review", str(root))
    assert code != 0 and "only the database's owner" in err, err
    assert "--change-role" not in err
