"""A newcomer's walkthrough: every "Next:" hint that status prints is a command that works.

A fresh review with two reviewers imports real-shaped exports of five vendors (the
demo's bundled files), then follows ``litsearch status`` from step to step until
PRISMA. Each hint that runs by itself is run as printed and must succeed; a hint
that opens a full-screen app (``screen``, ``dedup review``) must parse as written
(``--help`` after its words) and its work is then done the way the app would do it,
one decision per record through ``screen decide`` or per pair.

The text ``status`` prints is followed too: its "Next:" is the JSON's, every "Also:"
hint parses, and the stopping estimate's "Details:" command runs. Everything the
commands print is then read for counts in the wrong number ("1 records") and for
counts without thousands separators.
"""

from __future__ import annotations

import json
import re
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

#: "1" and a plural: "1 records", "1 strings". Words ending in s that are not plurals
#: ("1 is", "1 was", "1 of 3 records has") are left out.
ONE_PLURAL = re.compile(r"(?<![\d.,#/-])\b1 (?!(?:is|was|has|does|this|its|as|plus|status)\b)"
                        r"([a-z]+s)\b")
#: A count of four digits or more without separators (dates, ids in paths excluded).
BARE_THOUSANDS = re.compile(r"(?<![\d,.#/:-])\d{4,}(?![\d-])")


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
    printed: list[str] = []
    cli = _recording(cli, printed)
    code, _out, err = cli("init", str(tmp_path / "review"), "--title", "Walkthrough",
                          "--reviewer", "alice", "--reviewer", "bob")
    assert code == 0, err
    root = tmp_path / "review"
    # Step 2 of the README: the strategy init wrote renders and lints clean.
    for words in (("query", "render"), ("query", "lint", "--all")):
        code, _out, err = cli(*words, cwd=root)
        assert code == 0, (words, err)
    # The first hint names placeholders (FILE, NAME): the loop below fills them in.
    code, out, err = cli("status", "--json", cwd=root)
    assert json.loads(out)["next"]["command"] == "litsearch import FILE --db NAME", out
    _follow_printed_status(cli, root, "litsearch import FILE --db NAME")
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
    seen, details = [], []
    for _ in range(20):
        code, out, err = cli("status", "--json", cwd=root)
        assert code == 0, err
        hint = json.loads(out)["next"]["command"]
        seen.append(hint)
        details += _follow_printed_status(cli, root, hint)
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
    assert "litsearch screen --stopping" in details, details
    # A count of one, as a user meets it: one record exported.
    code, _out, err = cli("export", "--where", "litsearch_record_id = 1",
                          "-o", str(root / "one.ris"), cwd=root)
    assert code == 0, err
    text = "\n".join(printed)
    assert not ONE_PLURAL.findall(text), [m.group(0) for m in ONE_PLURAL.finditer(text)]
    _status_at_scale(cli, root)


def _recording(cli, printed: list[str]):
    """Wrap the ``cli`` fixture so that everything each command prints is kept."""
    def run(*args, cwd=None):
        code, out, err = cli(*args, cwd=cwd)
        if "--json" not in args and "--help" not in args:
            printed.extend((out, err))
        return code, out, err
    return run


def _follow_printed_status(cli, root, hint: str) -> list[str]:
    """Check the hints of the printed status; run its "Details:" commands; return them."""
    code, out, err = cli("status", cwd=root)
    assert code == 0, err
    flat = " ".join(out.split())
    nexts = re.findall(r"Next: (litsearch [^(]*?) \(", flat)
    assert nexts == [hint], (nexts, hint)
    for also in re.findall(r"Also: (litsearch [^(]*?) \(", flat):
        words = shlex.split(also)[1:]
        code, _out, err = cli(*words, *(["--help"] if also in APPS else []), cwd=root)
        assert code == 0, (also, err)
    details = re.findall(r"Details: (litsearch [a-z -]+)", flat)
    for command in details:
        code, out, err = cli(*shlex.split(command)[1:], cwd=root)
        assert code == 0 and "Stopping estimate" in out, (command, out, err)
    return [d.strip() for d in details]


def _status_at_scale(cli, root) -> None:
    """Print this review's real status with every count a thousand times larger:
    each count is shown with thousands separators, never as a bare 12000."""
    from litsearch.cli.workspace import print_status

    code, out, _err = cli("status", "--json", cwd=root)
    report = json.loads(out)

    def scale(value):
        if isinstance(value, bool) or not isinstance(value, int | float | dict | list):
            return value
        if isinstance(value, dict):
            return {k: v if k in ("id", "superseded_by", "schema_version") else scale(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [scale(v) for v in value]
        return value * 1000 + 7 if isinstance(value, int) and value else value

    for key in ("records", "dedup", "screening", "search_runs"):
        report[key] = scale(report[key])
    if report.get("stopping"):
        report["stopping"] = {**report["stopping"], **{
            k: report["stopping"][k] * 1000 + 7 for k in ("screened", "pool", "found",
                                                          "remaining_upper")}}
    from litsearch.cli import output

    with output.console.capture() as captured:
        print_status(report)
    text = captured.get()
    assert "1,007" in text or "2,007" in text, text
    bare = [m.group(0) for m in BARE_THOUSANDS.finditer(text)]
    assert not bare, (bare, text)
