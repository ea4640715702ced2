"""A NUL byte in any export is refused the same way on both engines, whatever the format.

PostgreSQL cannot store a NUL in text; SQLite can. Before this check, a CSV, MEDLINE or
BibTeX file with one imported into a SQLite review and failed later (or differently) on a
server, so one file gave two results. Now every reader's records are checked before
anything is stored (the PostgreSQL pass runs this file again).
"""

from __future__ import annotations

import pytest

FILES = {
    "scopus.csv": b"Title,Authors,Year\nGood one,\"Smith, J\",2020\nBad\x00 one,\"Li, X\",2021\n",
    "pubmed.nbib": b"PMID- 1\nTI  - Fine title\nAU  - Smith J\n\nPMID- 2\nTI  - A ti\x00tle\n"
                   b"AB  - text\n",
    "wos.bib": b"@article{a,\n  title = {Fine},\n  year = {2020}\n}\n"
               b"@article{b,\n  title = {Bad},\n  abstract = {x\x00y},\n  year = {2021}\n}\n",
    "embase.ris": b"TY  - JOUR\nTI  - Fine\nER  - \n\nTY  - JOUR\nTI  - Ba\x00d\nER  - \n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_nul_byte_stops_the_import_with_one_line_and_keeps_nothing(project, cli,
                                                                     name) -> None:
    path = project.root / name
    path.write_bytes(FILES[name])
    code, out, err = cli("import", str(path), "--db", "scopus", "--searched-on", "2024-05-02",
                         cwd=project.root)
    assert code != 0
    assert "NUL" in err and name in err and "Traceback" not in err + out
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1
    store = project.store
    assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
    assert store.execute("SELECT COUNT(*) FROM source_files").fetchone()[0] == 0
