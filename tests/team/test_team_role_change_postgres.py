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
