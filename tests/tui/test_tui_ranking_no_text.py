"""Relevance order on records with no title and no abstract: file order, and why.

Some exports carry records with the bibliographic fields only (a RIS of conference
entries whose titles were lost, a reference list pasted into a spreadsheet). The cold
start's TF-IDF over their texts found no word and raised, and the app said "Ranking
stopped: ... ValueError: empty vocabulary"; the order must be file order and the
reviewer told why in one line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pilot_helpers import until

from litsearch.store import Store
from litsearch.tui.app import make_app

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 40)

#: Six records as a RIS export gives them when the titles are lost: authors, year,
#: journal and pages, an empty TI line, no AB.
RIS = "".join(
    f"TY  - JOUR\nAU  - Author{i}, A.\nTI  - \nPY  - {2010 + i}\nJO  - Journal {i}\n"
    f"VL  - {i + 1}\nSP  - {10 * i + 1}\nER  - \n\n" for i in range(6))


def _review_without_text(project, cli):
    shutil.copy(REPO / "screening" / "criteria.toml", project.criteria_path)
    export = project.root / "no_titles.ris"
    export.write_text(RIS, encoding="utf-8")
    root = str(project.root)
    project.close()
    assert cli("import", str(export), "--db", "pubmed", "--review", root)[0] == 0
    assert cli("dedup", "--review", root)[0] == 0
    with Store(project.db_path) as store:
        ids = [r[0] for r in store.execute("SELECT id FROM records ORDER BY id")]
        assert len(ids) == 6
        assert not any(t or a for t, a in store.execute("SELECT title, abstract FROM records"))
    return ids


def _decisions(project):
    with Store(project.db_path) as store:
        return [tuple(r) for r in store.execute(
            "SELECT record_id, decision, model_version FROM decisions ORDER BY id")]


async def test_relevance_order_without_any_text_keeps_file_order_and_says_why(project, cli):
    ids = _review_without_text(project, cli)
    app = make_app(project.root, reviewer="alice", order="relevance")

    def told():
        return [n.message for n in app._notifications if "no title or abstract" in n.message]

    async with app.run_test(size=SIZE) as pilot:
        # Waits on what the test checks, not on a fixed time: a loaded machine is slow.
        assert await until(pilot, lambda: bool(told()), 20.0)
        # An include and an exclude: a ranking would now be learned, had there been text.
        await pilot.press("i", "e", "enter")
        assert await until(pilot, lambda: len(_decisions(project)) == 2, 20.0)
        await pilot.press("m")
        assert await until(pilot, lambda: len(_decisions(project)) == 3, 20.0)
        await pilot.pause(0.5)  # a late "Ranking stopped" would show by now
        messages = [n.message for n in app._notifications]
    assert not [m for m in messages if "Ranking stopped" in m], messages
    assert len(told()) == 1 and "file order" in told()[0] and "\n" not in told()[0], messages
    # File order, and the decisions say so.
    assert _decisions(project) == [(ids[0], "include", "file"), (ids[1], "exclude", "file"),
                                   (ids[2], "maybe", "file")]


def test_the_model_ranks_records_without_text_in_file_order():
    # The ranking process (and a simulation) builds the model itself: no text is file
    # order there too, never an error.
    from litsearch.screening.order import RelevanceModel

    model = RelevanceModel([11, 12, 13, 14], ["", " ", "", ""], ["meaning*", "spiritual care"])
    cold = model.rank({})
    assert cold.order == [11, 12, 13, 14] and cold.version == "file"
    # With an include and an exclude the model is fitted on no words: it does not fail
    # (the app does not get here: it opens in file order, test above).
    assert sorted(model.rank({11: 1, 12: 0}).order) == [11, 12, 13, 14]
