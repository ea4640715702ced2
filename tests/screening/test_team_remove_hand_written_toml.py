"""``team remove`` on a review.toml written by hand in another TOML layout: ``[review]`` as
an inline table, dotted keys. The command said "bob is off the team: review.toml no longer
lists them" and left bob listed, so bob went on recording decisions (counted as votes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.project import load_config

RIS = "".join(f"TY  - JOUR\nTI  - Meaning in life study {i}\nPY  - 2020\nDO  - 10.1000/x{i}\n"
              "ER  - \n\n" for i in range(4))
LAYOUTS = {
    "inline table": ('review = { title = "Hand", question = "", reviewers = [\n'
                     '  "alice",  # first\n  # on leave some weeks\n  "bob",\n  "carol" ,\n] }\n'),
    "dotted keys": ('review.title = "Hand"\nreview.question = ""\n'
                    'review.reviewers = ["alice", "bob", "carol"]  # the team\n'),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_remove_takes_the_reviewer_out_of_any_layout(cli, tmp_path: Path, monkeypatch,
                                                     layout: str) -> None:
    monkeypatch.delenv("LITSEARCH_REVIEWER", raising=False)
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Hand")[0] == 0
    (root / "review.toml").write_text(
        "# written by hand\n" + LAYOUTS[layout]
        + '\n[screening]\nvotes = 2\narbiter = [ "carol" ]  # settles\n', encoding="utf-8")
    (tmp_path / "a.ris").write_text(RIS, encoding="utf-8")
    assert cli("import", str(tmp_path / "a.ris"), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    assert cli("screen", "decide", "1", "--include", "--reviewer", "bob", cwd=root)[0] == 0

    code, out, err = cli("team", "remove", "bob", cwd=root)
    assert code == 0, err
    assert load_config(root / "review.toml")["review"]["reviewers"] == ["alice", "carol"]
    text = (root / "review.toml").read_text(encoding="utf-8")
    assert "# written by hand" in text and "# settles" in text
    code, out, err = cli("screen", "decide", "2", "--include", "--reviewer", "bob", cwd=root)
    assert code == 2 and len(err.strip().splitlines()) == 1, (out, err)
    assert "bob is not on the team" in err


def test_remove_keeps_windows_line_endings(cli, tmp_path: Path, monkeypatch) -> None:
    """A review.toml saved on Windows (CRLF) came back with every line ending changed, so
    the shared file showed as rewritten whole in version control."""
    monkeypatch.delenv("LITSEARCH_REVIEWER", raising=False)
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Windows", "--reviewer", "alice", "--reviewer",
               "bob", "--reviewer", "carol")[0] == 0
    config = root / "review.toml"
    config.write_bytes(config.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    lines = config.read_bytes().count(b"\r\n")
    code, _out, err = cli("team", "remove", "bob", cwd=root)
    assert code == 0, err
    after = config.read_bytes()
    assert after.count(b"\r\n") == lines and b"\n" not in after.replace(b"\r\n", b""), after
    assert load_config(config)["review"]["reviewers"] == ["alice", "carol"]
