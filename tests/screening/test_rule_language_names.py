"""``languages = ["English"]`` in criteria.toml: the natural way to write the rule.

It was compared as the string "english" with the records' codes ("en"), so `screen
--auto` excluded every English record of a real Embase export as "wrong language",
without a word. A language name or code is read as its ISO 639-1 code; a value that is
neither is a one-line error naming the file, the key and the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.errors import ConfigError
from litsearch.screening.criteria import parse_criteria

EMBASE = Path("corpora/ris/embase__citation-file-formatting___baseline_embase.ris")


@pytest.mark.parametrize("written", ['"English"', '"english"', '"eng"', '"EN"'])
def test_a_language_written_as_a_name_keeps_the_records_in_that_language(
        project, cli, shared_dir, written) -> None:
    export = shared_dir / EMBASE
    assert cli("import", str(export), "--db", "embase", "--review", str(project.root))[0] == 0
    assert cli("dedup", "--review", str(project.root))[0] == 0
    criteria = project.root / "screening" / "criteria.toml"
    criteria.write_text(f"[rules]\nlanguages = [{written}]\n", encoding="utf-8")
    code, out, err = cli("screen", "--auto", "--review", str(project.root))
    assert code == 0, err
    assert "0 excluded" in " ".join(out.split()), out


@pytest.mark.parametrize(("written", "codes"), [
    ('["English", "Dutch"]', ("en", "nl")), ('["eng", "dut"]', ("en", "nl")),
    ('["en", "id"]', ("en", "id")), ('["Nederlands"]', ("nl",))])
def test_language_names_and_codes_are_read_as_iso_codes(written, codes) -> None:
    assert parse_criteria(f"[rules]\nlanguages = {written}\n").rules.languages == codes


@pytest.mark.parametrize("written", ['"klingon"', '"English, Dutch"', '"e"'])
def test_a_language_that_is_no_language_is_a_one_line_error(written) -> None:
    with pytest.raises(ConfigError) as info:
        parse_criteria(f"[rules]\nlanguages = [{written}]\n", "screening/criteria.toml")
    message = str(info.value)
    assert "screening/criteria.toml line 2" in message and "languages" in message
    assert '"en"' in message and "\n" not in message.strip()
