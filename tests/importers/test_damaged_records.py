"""A record read from damaged text is flagged where the user looks, with its text kept.

Issue 17.3: a RIS record cut in the middle of a field was stored as normal, and in
BibTeX ``title={A title}}},`` lost the fields after it without a warning.
"""

from __future__ import annotations

import json
from pathlib import Path

from litsearch.importers import loads
from litsearch.project import Project
from litsearch.screening.criteria import Criteria
from litsearch.store.records import iter_records
from litsearch.tui.widgets.record_view import render_record

RIS = "".join(f"TY  - JOUR\nTI  - Study {i}\nAU  - Smith, J\nPY  - 2020\nER  - \n\n"
              for i in range(3))
BIB_EXTRA_BRACE = """@article{a1,
  title={A title}}},
  author={Smith, John},
  year={2020},
  doi={10.1000/x1}
}

@article{a2,
  title={Second},
  year={2021}
}
"""


def test_bibtex_extra_brace_keeps_the_fields_after_it_and_warns() -> None:
    result = loads(BIB_EXTRA_BRACE, format="bibtex")
    first = result.records[0]
    assert (first.title, first.year, first.doi) == ("A title", 2020, "10.1000/x1")
    assert [a.family for a in first.authors] == ["Smith"]
    assert any("closed early" in w and "line 1" in w for w in first.warnings)
    assert "doi={10.1000/x1}" in first.original
    assert not result.records[1].warnings


def test_cut_ris_record_is_warned_in_summary_status_and_screening(
        cli, project: Project, tmp_path: Path) -> None:
    path = tmp_path / "cut.ris"
    path.write_text(RIS.rstrip()[:-len("ER  -") - 8], encoding="utf-8")  # cut inside PY
    code, out, err = cli("import", str(path), "--db", "embase", cwd=project.root)
    assert code == 0, err
    assert "reading warning" in " ".join(err.split())
    code, out, _ = cli("status", "--json", cwd=project.root)
    assert json.loads(out)["search_runs"][0]["warned"] == 1
    code, out, _ = cli("status", cwd=project.root)
    assert "1 record read with a warning" in " ".join(out.split())
    with Project.open(project.root) as again:
        records = [r for _, r in iter_records(again.store)]
    cut = records[-1]
    assert any("cut short" in w for w in cut.extra["import_warnings"])
    assert cut.original.startswith("TY  - JOUR\nTI  - Study 2")
    shown = render_record(1, cut, Criteria(), [], None).plain
    assert "Import warning: no 'ER  -' line" in shown
