"""One rule for who sees what while screening is blind (litsearch.screening.blind).

``status`` asked the rule for the title/abstract stage only and, once that stage was
finished, showed a blind reviewer the full-text counts drawn from the votes (conflicts,
includes) while full-text screening was still blind and unfinished: the other reviewer's
full-text votes could be read from them. Each stage is now asked on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

RIS = ("TY  - JOUR\nTI  - {title}\nAU  - Smith, John\nPY  - 2020\nDO  - 10.1000/{doi}\n"
       "AB  - Interviews with outpatients about meaning in life and care.\nER  - \n\n")
TITLES = ["Meaning making in outpatient psychiatry", "Chaplaincy and depression in older age",
          "Hope interventions in community teams", "Religious coping in nursing practice"]


def _review(cli, tmp_path: Path) -> Path:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Blind full text", "--reviewer", "alice",
               "--reviewer", "bob", "--reviewer", "dora")[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[screening]\nvotes = 2\nblind = true\narbiter = ["dora"]\n',
                      encoding="utf-8")
    export = tmp_path / "embase.ris"
    export.write_text("".join(RIS.format(title=t, doi=i) for i, t in enumerate(TITLES)),
                      encoding="utf-8")
    assert cli("import", str(export), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    # Title/abstract finished: both include 1-3, both exclude 4.
    steps = [(str(r), "--include", "--reviewer", who) for r in (1, 2, 3)
             for who in ("alice", "bob")]
    steps += [("4", "--exclude", "--reviewer", who) for who in ("alice", "bob")]
    # Full text unfinished: on record 1 alice includes and bob excludes (a conflict);
    # alice has decided record 2 too; record 3 nobody yet.
    steps += [("1", "--include", "--reviewer", "alice", "--stage", "full-text"),
              ("1", "--exclude", "wrong population", "--reviewer", "bob", "--stage",
               "full-text"),
              ("2", "--include", "--reviewer", "alice", "--stage", "full-text")]
    for args in steps:
        code, _out, err = cli("screen", "decide", *args, cwd=root)
        assert code == 0, err
    return root


def _status(cli, root: Path, *args: str) -> dict:
    code, out, err = cli("status", "--json", *args, cwd=root)
    assert code == 0, err
    return json.loads(out)["screening"]


def test_full_text_counts_stay_hidden_once_title_abstract_is_finished(cli, tmp_path,
                                                                      monkeypatch):
    monkeypatch.delenv("LITSEARCH_REVIEWER", raising=False)
    root = _review(cli, tmp_path)
    alice = _status(cli, root, "--reviewer", "alice")
    ta, ft = alice["title-abstract"], alice["full-text"]
    assert ta["include"] == 3 and not ta.get("outcomes_hidden")  # finished: in the open
    assert ft["outcomes_hidden"] is True
    assert [ft[k] for k in ("include", "exclude", "conflicts")] == [None] * 3
    # Progress stays: the pool, what nobody decided, what awaits a second vote.
    assert (ft["pool"], ft["awaiting"], ft["awaiting_second"]) == (3, 1, 1)
    code, out, _err = cli("status", "--reviewer", "alice", cwd=root)
    assert "the counts drawn from the votes are hidden" in out

    # The arbiter (whose job is settling them) and a review not blind see the conflict.
    assert _status(cli, root, "--reviewer", "dora")["full-text"]["conflicts"] == 1
