"""After ``screen --auto`` with no rules set, ``status`` moves on to screening."""

from __future__ import annotations

from litsearch.project import Project
from litsearch.status import review_status


def _import_and_dedup(cli, project: Project) -> None:
    path = project.root / "two.ris"
    path.write_text("TY  - JOUR\nTI  - Meaning-making in outpatient care\nPY  - 2020\nER  - \n"
                    "TY  - JOUR\nTI  - Spiritual care for depression\nPY  - 2021\nER  - \n",
                    encoding="utf-8")
    assert cli("import", str(path), "--db", "pubmed", cwd=project.root)[0] == 0
    assert cli("dedup", cwd=project.root)[0] == 0


def test_auto_without_rules_is_not_suggested_again(cli, project: Project) -> None:
    _import_and_dedup(cli, project)
    assert review_status(project)["next"]["command"] == "litsearch screen --auto"
    code, out, _ = cli("screen", "--auto", cwd=project.root)
    assert code == 0 and "0 excluded" in out
    step = review_status(project)["next"]
    assert step["command"] == "litsearch screen" and "2 records" in step["why"]
