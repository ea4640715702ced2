"""Blind screening on a team review: the reviewer connected gets counts from their own
votes (status, screen --stopping), a lead the team's (tests/screening/test_blind_counts.py
has the review.db side)."""

from __future__ import annotations

import json
import os
import uuid

from litsearch.store import Store
from litsearch.store.team import add_member

RIS = ("TY  - JOUR\nTI  - Meaning making in outpatient care: study {i}\nAU  - Smith, John\n"
       "PY  - 2020\nDO  - 10.1000/blind.{i}\nER  - \n\n")


def test_a_blind_reviewer_connected_sees_their_own_counts_and_a_lead_the_team(
        pg_admin, cli, tmp_path, monkeypatch):
    tag = uuid.uuid4().hex[:6]
    alice, bob, lead = f"alice_{tag}", f"bob_{tag}", f"lead_{tag}"
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Blind team", "--reviewer", alice,
               "--reviewer", bob)[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\n[screening]\nvotes = 2\nblind = true\n", encoding="utf-8")
    export = tmp_path / "embase.ris"
    export.write_text("".join(RIS.format(i=i) for i in range(6)), encoding="utf-8")
    assert cli("import", str(export), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    with Store(url) as admin:
        for name, role in ((alice, "reviewer"), (bob, "reviewer"), (lead, "lead")):
            add_member(admin, name, role)
    for unit, decision, who in (("1", "--include", alice), ("2", "--exclude", alice),
                                ("1", "--include", bob), ("3", "--include", bob),
                                ("4", "--maybe", bob)):
        code, _out, err = cli("screen", "decide", unit, decision, "--reviewer", who, cwd=root)
        assert code == 0, err

    def as_role(user: str) -> None:
        monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                           url.replace("postgresql://postgres@", f"postgresql://{user}@", 1))

    as_role(alice)
    code, out, err = cli("status", "--json", cwd=root)
    assert code == 0, err
    mine = json.loads(out)
    assert mine["stopping"]["whose"] == alice
    assert (mine["stopping"]["screened"], mine["stopping"]["found"]) == (2, 1)
    assert mine["screening"]["title-abstract"]["include"] is None
    code, out, err = cli("screen", "--stopping", cwd=root)
    assert code == 0, err
    assert f"Stopping estimate for {alice} at title-abstract (blind screening: your own " \
        "decisions only): 2 of 6 records screened, 1 relevant found." in " ".join(out.split())
    # Naming someone else is refused (a reviewer sees the review only as themselves).
    code, _out, err = cli("status", "--reviewer", bob, cwd=root)
    assert code != 0 and "only as themselves" in err

    as_role(lead)
    code, out, err = cli("status", "--json", cwd=root)
    assert code == 0, err
    team = json.loads(out)
    assert team["stopping"]["whose"] is None
    assert (team["stopping"]["screened"], team["stopping"]["found"]) == (4, 3)
    assert team["screening"]["title-abstract"]["include"] is not None
