"""Kept decisions the server refuses for good are set aside; the later ones are written.

A reviewer screened while the review server was away; meanwhile a lead took an import
back (``litsearch import --undo``), removing records the reviewer had decided. Real
review made with ``litsearch init``/``import``/``dedup``, real journal file, real store
(SQLite here; a fresh PostgreSQL database in the PostgreSQL pass).
"""

from __future__ import annotations

import json
from pathlib import Path

from litsearch.project import Project
from litsearch.screening.outbox import Outbox, Pending, refused_path

RIS = ("TY  - JOUR\nTI  - {title}\nAU  - Smith, John\nPY  - 2020\nDO  - 10.1000/{doi}\n"
       "ER  - \n\n")


def _ris(path: Path, works: list[str]) -> Path:
    path.write_text("".join(RIS.format(title=f"Meaning making in outpatient care: {w}", doi=w)
                            for w in works), encoding="utf-8")
    return path


def _review(tmp_path: Path, cli) -> tuple[Path, list[int], list[int]]:
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Outbox test", "--reviewer", "alice")[0] == 0
    first = _ris(tmp_path / "first.ris", ["a1", "a2"])
    second = _ris(tmp_path / "second.ris", ["b1", "b2"])
    for path, db in ((first, "embase"), (second, "psycinfo")):
        assert cli("import", str(path), "--db", db, "--review", str(root))[0] == 0
    assert cli("dedup", "--review", str(root))[0] == 0
    with Project.open(root) as project:
        rows = project.store.execute(
            "SELECT id, search_run_id FROM records ORDER BY id").fetchall()
    return (root, [r[0] for r in rows if r[1] == 1], [r[0] for r in rows if r[1] == 2])


def test_a_refused_kept_decision_is_set_aside_and_the_later_ones_are_written(tmp_path, cli):
    root, undone, kept = _review(tmp_path, cli)
    journal = tmp_path / "cache" / "alice.jsonl"
    keyed = [Pending.keyed(record_id=rid, stage="title-abstract", reviewer="alice",
                           decision=decision, source="tui")
             for rid, decision in ((undone[0], "include"), (kept[0], "exclude"),
                                   (undone[1], "maybe"), (kept[1], "include"))]
    with Project.open(root) as project:
        outbox = Outbox(journal)
        outbox.went_offline()  # the server is away: every key is kept
        for item in keyed:
            assert outbox.submit(project.store, item) is None
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 4

    # Meanwhile the lead takes the first import back (nothing of it was screened yet).
    code, _out, err = cli("import", "--undo", "1", "--review", str(root))
    assert code == 0, err

    with Project.open(root) as project:  # the app again, with the journal left behind
        outbox = Outbox(journal)
        written = outbox.flush(project.store)
        rows = project.store.execute(
            "SELECT record_id, decision, client_id FROM decisions ORDER BY id").fetchall()
    assert written == 2
    assert [(r[0], r[1]) for r in rows] == [(kept[0], "exclude"), (kept[1], "include")]
    assert [r[2] for r in rows] == [keyed[1].client_id, keyed[3].client_id]
    assert not len(outbox) and not outbox.offline
    assert not journal.exists()  # nothing left waiting
    refused = [json.loads(line) for line in
               refused_path(journal).read_text(encoding="utf-8").splitlines()]
    assert [(r["record_id"], r["decision"]) for r in refused] == \
        [(undone[0], "include"), (undone[1], "maybe")]
    assert all(f"record #{r['record_id']} is no longer in the review" in r["refused"]
               for r in refused)
    taken = outbox.take_refused()
    assert [item.client_id for item, _why in taken] == [keyed[0].client_id, keyed[2].client_id]
    assert outbox.take_refused() == []
