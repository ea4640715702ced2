"""`litsearch status` after a mixed session: the stopping line's count adds up with the
screening table. It said "2 includes found" beside a table with 1 included and 1 maybe
(the stopping test counts a maybe as relevant, as `screen --stopping` says)."""

from __future__ import annotations

from pathlib import Path


def _ris(path: Path, count: int) -> Path:
    path.write_text("".join(
        f"TY  - JOUR\nTI  - Study {i} of meaning in life\nAU  - Smith, J\nPY  - 2020\n"
        f"DO  - 10.1234/s{i}\nAB  - Meaning-making in care, study {i}.\nER  - \n\n"
        for i in range(count)), encoding="utf-8")
    return path


def test_the_stopping_line_counts_includes_and_maybes_as_the_table_does(project, cli,
                                                                         tmp_path) -> None:
    root = str(project.root)
    assert cli("import", str(_ris(tmp_path / "a.ris", 6)), "--db", "embase", "-r", root)[0] == 0
    assert cli("dedup", "-r", root)[0] == 0
    for record, flag in (("1", "--include"), ("2", "--maybe"), ("3", "--exclude")):
        code, _, err = cli("screen", "decide", record, flag, "--reviewer", "alice", "-r", root)
        assert code == 0, err
    code, out, err = cli("status", "-r", root)
    text = " ".join(out.split())
    assert code == 0, err
    assert "2 includes found" not in text
    assert "2 relevant (included or maybe) found" in text, text


def test_export_included_before_full_text_says_why_it_is_empty(project, cli, tmp_path) -> None:
    """README step 6 after title/abstract screening: `export --included` wrote an empty
    file and said only "Wrote 0 records"; the records that passed title/abstract are a
    --where away."""
    root = str(project.root)
    assert cli("import", str(_ris(tmp_path / "a.ris", 4)), "--db", "embase", "-r", root)[0] == 0
    assert cli("dedup", "-r", root)[0] == 0
    assert cli("screen", "decide", "1", "--include", "--reviewer", "alice", "-r", root)[0] == 0
    out_file = tmp_path / "included.ris"
    code, _, err = cli("export", "--included", "-o", str(out_file), "-r", root)
    text = " ".join(err.split())
    assert code == 0 and "Wrote 0 records" in text
    assert "included at full text" in text and "status IN ('included-title-abstract', " \
        "'maybe')" in text, text
    code, _, err = cli("export", "--where", "status IN ('included-title-abstract', 'maybe')",
                       "-o", str(out_file), "-r", root)
    assert code == 0 and "Wrote 1 record " in " ".join(err.split()) + " ", err
