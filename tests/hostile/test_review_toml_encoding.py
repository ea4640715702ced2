"""review.toml saved by a Windows editor: with a UTF-8 byte-order mark (Notepad), or in
Windows-1252 with an accented comment. The first was refused as "Invalid statement (at
line 1, column 1)" (the mark is invisible in an editor); the second ended every command
in a UnicodeDecodeError traceback."""

from __future__ import annotations

from pathlib import Path


def _review(cli, tmp_path: Path) -> Path:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Windows", "--reviewer", "alice", "--reviewer",
               "bob", "--reviewer", "carol")[0] == 0
    return root


def test_a_byte_order_mark_is_read_and_kept(cli, tmp_path: Path) -> None:
    root = _review(cli, tmp_path)
    config = root / "review.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes())
    code, out, err = cli("status", cwd=root)
    assert code == 0, err
    code, out, err = cli("team", "remove", "bob", cwd=root)
    assert code == 0, err
    after = config.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\xef\xbb\xbf") == 1
    assert b'reviewers = ["alice", "carol"]' in after


def test_a_file_not_in_utf8_is_one_line_saying_so(cli, tmp_path: Path) -> None:
    root = _review(cli, tmp_path)
    config = root / "review.toml"
    config.write_bytes(config.read_bytes() + "# révision du protocole\n".encode("cp1252"))
    code, out, err = cli("status", cwd=root)
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "not UTF-8" in err and "line" in err and "save it as utf-8" in err.lower()
