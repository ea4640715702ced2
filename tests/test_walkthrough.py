"""A newcomer's walkthrough: every "Next:" hint that status prints is a command that works.

A fresh review with two reviewers imports real-shaped exports of five vendors (the
demo's bundled files), then follows ``litsearch status`` from step to step until
PRISMA. Each hint that runs by itself is run as printed and must succeed; a hint
that opens a full-screen app (``screen``, ``dedup review``) must parse as written
(``--help`` after its words) and its work is then done the way the app would do it,
one decision per record through ``screen decide`` or per pair.
"""

from __future__ import annotations

import json
import shlex
import shutil
from importlib import resources

from litsearch.dedup import decide_pair
from litsearch.dedup.queue import review_queue
from litsearch.demo.reviewers import title_abstract_call
from litsearch.project import Project
from litsearch.screening.decisions import record_decision
from litsearch.screening.state import stage_pool
from litsearch.screening.status import screening_units
from litsearch.store.records import get_record

EXPORTS = (("pubmed.nbib", "pubmed"), ("embase.ris", "embase"), ("psycinfo.ris", "psycinfo"),
           ("scopus.csv", "scopus"), ("wos.txt", "wos"))
#: Hints that open a full-screen app: checked to parse, their work done by decisions.
APPS = {"litsearch screen", "litsearch screen --stage full-text", "litsearch dedup review"}


def _decide_stage(cli, root, stage: str) -> None:
    """Decide every record of ``stage``: the first few as typed, the rest as the app does."""
    with Project.open(root) as project:
        pool = stage_pool(project.store, stage, screening_units(project.store))
        records = {unit: get_record(project.store, unit) for unit in pool}
        for unit, record in list(records.items())[3:]:
            for index, reviewer in enumerate(("alice", "bob")[:1 if stage == "full-text" else 2]):
                call = title_abstract_call(record, index)
                record_decision(project.store, unit, stage, reviewer, call.decision,
                                reason=call.reason or "wrong population")
    for unit, record in list(records.items())[:3]:
        for index, reviewer in enumerate(("alice", "bob")):
            call = title_abstract_call(record, index)
            flag = ["--include"] if call.decision == "include" else \
                ["--exclude", "--reason", call.reason or "wrong population"]
            if stage == "full-text" and call.decision == "exclude":
                flag = ["--exclude", "--reason", "wrong population"]
            code, _out, err = cli("screen", "decide", str(unit), *flag, "--stage", stage,
                                  "--reviewer", reviewer, cwd=root)
            assert code == 0, err
            if stage == "full-text":
                break


def test_every_next_hint_is_a_command_that_works(tmp_path, cli):
    code, _out, err = cli("init", str(tmp_path / "review"), "--title", "Walkthrough",
                          "--reviewer", "alice", "--reviewer", "bob")
    assert code == 0, err
    root = tmp_path / "review"
    exports = root / "exports"
    exports.mkdir()
    data = resources.files("litsearch.demo") / "data"
    for name, db in EXPORTS:
        (exports / name).write_bytes(data.joinpath(name).read_bytes())
        code, _out, err = cli("import", str(exports / name), "--db", db,
                              "--searched-on", "2024-05-02", cwd=root)
        assert code == 0, err
    shutil.copy(resources.files("litsearch.demo") / "review" / "criteria.toml",
                root / "screening" / "criteria.toml")
    seen = []
    for _ in range(20):
        code, out, err = cli("status", "--json", cwd=root)
        assert code == 0, err
        hint = json.loads(out)["next"]["command"]
        seen.append(hint)
        words = shlex.split(hint)[1:]
        if hint in APPS:
            code, _out, err = cli(*words, "--help", cwd=root)
            assert code == 0, (hint, err)
            if hint == "litsearch dedup review":
                with Project.open(root) as project:
                    for pair in review_queue(project.store, load=False):
                        decide_pair(project.store, pair.record_a, pair.record_b, "different",
                                    "alice")
            else:
                _decide_stage(cli, root, "full-text" if "full-text" in hint else
                              "title-abstract")
            continue
        if "conflicts" in words:
            code, out, err = cli(*words, cwd=root)
            assert code == 0, (hint, err)
            stage = "full-text" if "full-text" in hint else "title-abstract"
            with Project.open(root) as project:
                from litsearch.screening.conflicts import list_conflicts
                ids = [c.record_id for c in list_conflicts(project.store, stage)]
            for record_id in ids:
                code, _out, err = cli("screen", "conflicts", "--stage", stage, "--resolve",
                                      str(record_id), "--include", "--reviewer", "alice",
                                      cwd=root)
                assert code == 0, err
            continue
        code, out, err = cli(*words, cwd=root)
        assert code == 0, (hint, err)
        if hint == "litsearch prisma":
            break
    assert seen[-1] == "litsearch prisma", seen
    assert "litsearch dedup" in seen and "litsearch screen --auto" in seen, seen
    assert "litsearch screen" in seen and "litsearch screen --stage full-text" in seen, seen
