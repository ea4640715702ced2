"""Blind dual screening: counts drawn from the votes show a blind reviewer their own only.

The stopping estimate counts the relevant records found; the team's figure includes the
other reviewers' includes, which tells a blind reviewer how they voted. Real review
made with ``litsearch init``/``import``/``dedup``, decisions with ``screen decide``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RIS = ("TY  - JOUR\nTI  - {title}\nAU  - Smith, John\nPY  - 2020\nDO  - 10.1000/{doi}\n"
       "AB  - Interviews with outpatients about meaning in life and care.\nER  - \n\n")
TITLES = ["Meaning making in outpatient psychiatry", "Chaplaincy and depression in older age",
          "Hope interventions in community teams", "Religious coping in nursing practice",
          "Existential distress in anxiety care", "Spiritual needs of psychiatric inpatients"]


def _review(cli, tmp_path: Path, blind: bool = True, arbiter: str | None = None) -> Path:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Blind counts", "--reviewer", "alice",
               "--reviewer", "bob", "--reviewer", "dora")[0] == 0
    rules = "\n[screening]\nvotes = 2\n" + ("blind = true\n" if blind else "") \
        + (f'arbiter = ["{arbiter}"]\n' if arbiter else "")
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8") + rules, encoding="utf-8")
    export = tmp_path / "embase.ris"
    export.write_text("".join(RIS.format(title=t, doi=i) for i, t in enumerate(TITLES)),
                      encoding="utf-8")
    assert cli("import", str(export), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    # alice: 1 relevant of 2; bob: 3 relevant of 3 (two records alice has not seen).
    for args in (("1", "--include", "--reviewer", "alice"),
                 ("2", "--exclude", "--reviewer", "alice"),
                 ("1", "--include", "--reviewer", "bob"),
                 ("3", "--include", "--reviewer", "bob"),
                 ("4", "--maybe", "--reviewer", "bob")):
        code, _out, err = cli("screen", "decide", *args, cwd=root)
        assert code == 0, err
    return root


def _status(cli, root: Path, *args: str) -> dict:
    code, out, err = cli("status", "--json", *args, cwd=root)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.sqlite_only  # the PostgreSQL pass connects as a superuser: tests/team has it
def test_a_blind_reviewer_gets_the_stopping_estimate_from_their_own_decisions(cli, tmp_path,
                                                                             monkeypatch):
    monkeypatch.delenv("LITSEARCH_REVIEWER")
    root = _review(cli, tmp_path)
    alice = _status(cli, root, "--reviewer", "alice")
    assert alice["stopping"]["whose"] == "alice"
    assert (alice["stopping"]["screened"], alice["stopping"]["found"]) == (2, 1)
    ta = alice["screening"]["title-abstract"]
    assert ta["outcomes_hidden"] is True
    assert [ta[k] for k in ("include", "exclude", "maybe", "conflicts")] == [None] * 4
    assert ta["pool"] == 6  # progress counts stay
    code, out, _err = cli("status", "--reviewer", "alice", cwd=root)
    text = " ".join(out.split())
    assert "Stopping estimate from alice's own decisions only (blind screening): 1 relevant" \
        in text
    assert "the counts drawn from the votes are hidden" in text

    monkeypatch.setenv("LITSEARCH_REVIEWER", "alice")  # as the app's users set it
    assert _status(cli, root)["stopping"]["whose"] == "alice"
    monkeypatch.delenv("LITSEARCH_REVIEWER")
    code, out, err = cli("screen", "--stopping", "--reviewer", "alice", cwd=root)
    assert code == 0, err
    assert "Stopping estimate for alice at title-abstract (blind screening: your own " \
        "decisions only): 2 of 6 records screened, 1 relevant found." in " ".join(out.split())

    # Nobody named on a review.db: no count drawn from the votes at all.
    nobody = _status(cli, root)
    assert nobody["stopping"] == {"hidden": True}
    code, _out, err = cli("screen", "--stopping", cwd=root)
    assert code != 0 and err.startswith("error: ") and "blind" in err and "--reviewer" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.sqlite_only
def test_the_team_figure_when_not_blind_or_for_the_arbiter(cli, tmp_path, monkeypatch):
    root = _review(cli, tmp_path, blind=False)
    team = _status(cli, root, "--reviewer", "alice")
    assert team["stopping"]["whose"] is None
    assert (team["stopping"]["screened"], team["stopping"]["found"]) == (4, 3)
    assert team["screening"]["title-abstract"]["include"] is not None

    (tmp_path / "blind").mkdir()
    root = _review(cli, tmp_path / "blind", arbiter="dora")
    dora = _status(cli, root, "--reviewer", "dora")
    assert dora["stopping"]["whose"] is None and dora["stopping"]["found"] == 3
    monkeypatch.setenv("LITSEARCH_REVIEWER", "dora")  # --reviewer asks for dora's own
    code, out, _err = cli("screen", "--stopping", cwd=root)
    assert "Stopping estimate for the review at title-abstract: 4 of 6 records screened, " \
        "3 relevant found." in " ".join(out.split())
