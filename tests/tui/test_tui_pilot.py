"""Drive the screening app by its keys and check what the database holds."""

from __future__ import annotations

from litsearch.store import Store

SIZE = (120, 40)


def _events(project):
    with Store(project.db_path) as store:
        return [tuple(r) for r in store.execute(
            "SELECT record_id, stage, reviewer, decision, reason, note, source FROM decisions "
            "ORDER BY id")]


def _text(app, selector):
    return str(app.screen.query_one(selector).render())


async def test_include_exclude_with_reason_maybe(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        assert f"#{ids[0]}" in _text(app, "#record")
        await pilot.press("i", "e", "2", "m")
        assert "you: 3 done / 1 left" in _text(app, "#status")
        # Read through a second connection while the app still runs: already committed.
        assert len(_events(project)) == 3
    assert _events(project) == [
        (ids[0], "title-abstract", "alice", "include", None, None, "tui"),
        (ids[1], "title-abstract", "alice", "exclude", "not about meaning-making", None, "tui"),
        (ids[2], "title-abstract", "alice", "maybe", None, None, "tui")]


async def test_exclude_can_be_cancelled_or_given_without_reason(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape")
        assert _events(project) == []
        await pilot.press("e", "9", "enter")
    assert _events(project) == [(ids[0], "title-abstract", "alice", "exclude", None, None, "tui")]


async def test_undo_shows_the_record_again(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "i", "u")
        assert f"#{ids[1]}" in _text(app, "#record")
        await pilot.press("m")
    assert [e[3] for e in _events(project)] == ["include", "include", "undo", "maybe"]
    assert _events(project)[2][0] == ids[1]


async def test_note_and_resume(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"ask bob", "enter", "i", "s")
        assert "ask bob" not in _text(app, "#others")
    assert _events(project) == [
        (ids[0], "title-abstract", "alice", "note", None, "ask bob", "tui"),
        (ids[0], "title-abstract", "alice", "include", None, None, "tui")]
    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        assert f"#{ids[2]}" in _text(again, "#record")  # after the skipped ids[1]
        assert "you: 1 done / 3 left" in _text(again, "#status")
        await pilot.press("u")
        assert "your note: ask bob" in _text(again, "#others")


async def test_blind_mode_hides_other_reviewers(build_app, screening_review):
    project, ids = screening_review
    bob = build_app(reviewer="bob")
    async with bob.run_test(size=SIZE) as pilot:
        await pilot.press("e", "1")
    seeing = build_app(reviewer="alice")
    async with seeing.run_test(size=SIZE):
        assert "bob: exclude (wrong population)" in _text(seeing, "#others")
        assert "review: 1 screened / 3 left" in _text(seeing, "#status")
    blind = build_app(reviewer="alice", blind=True)
    async with blind.run_test(size=SIZE):
        others = _text(blind, "#others")
        assert "bob" not in others and "Blind mode" in others


async def test_full_text_reasons_and_not_retrieved(build_app, screening_review):
    project, ids = screening_review
    ta = build_app()
    async with ta.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # a full-text outcome: a warning, nothing stored
        assert ["full-text screening" in n.message for n in ta._notifications] == [True]
        assert _events(project) == []
        await pilot.press("i", "e", "enter", "m", "i")
    ft = build_app(stage="full-text")
    async with ft.run_test(size=SIZE) as pilot:
        assert "DOI 10.1000/jmh.2019.1" in _text(ft, "#record")
        await pilot.press("e", "enter")  # a reason is required: Enter does nothing
        assert ft.screen.query_one("#reasons").display  # still asking
        await pilot.press("6")
        assert "URL https://example.org/full-text/3" in _text(ft, "#record")
        await pilot.press("r", "i")
        assert "All 3 records at full text have your decision" in _text(ft, "#record")
    assert _events(project)[-3:] == [
        (ids[0], "full-text", "alice", "exclude", "published before 2010", None, "tui"),
        (ids[2], "full-text", "alice", "not-retrieved", None, None, "tui"),
        (ids[3], "full-text", "alice", "include", None, None, "tui")]


async def test_search_jumps_to_a_match(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("/", *"wijk", "enter")
        assert f"#{ids[3]}" in _text(app, "#record")
        await pilot.press("/", *"qqq", "enter")
        assert app._notifications and list(app._notifications)[-1].title == "No match"
        await pilot.press("i")
    assert _events(project) == [(ids[3], "title-abstract", "alice", "include", None, None, "tui")]


async def test_keys_come_from_review_toml(screening_review):
    project, ids = screening_review
    config = project.root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[screening.keys]\ninclude = "y"\nexclude = ["x", "e"]\n',
                      encoding="utf-8")
    from litsearch.tui.app import make_app
    app = make_app(project.root, reviewer="alice")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "y", "x", "1", "?")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("q")  # closes help, does not quit
        assert app.is_running
    assert [e[3] for e in _events(project)] == ["include", "exclude"]


def test_highlights_colour_on_and_off_topic_terms(screening_review):
    from litsearch.screening.criteria import load_criteria
    from litsearch.tui.widgets.record_view import HIGHLIGHT_STYLES, highlighted
    project, _ = screening_review
    text = highlighted("Spiritual care for rats in GGZ", load_criteria(project.criteria_path))
    styled = {text.plain[s.start:s.end]: str(s.style) for s in text.spans}
    assert styled == {"Spiritual care": HIGHLIGHT_STYLES["include"],
                      "rats": HIGHLIGHT_STYLES["exclude"], "GGZ": HIGHLIGHT_STYLES["include"]}


async def test_undo_after_reopening_says_what_it_undid(build_app, screening_review):
    project, ids = screening_review
    first = build_app()
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("i", "e", "1")
    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        assert f"#{ids[2]}" in _text(again, "#record")
        await pilot.press("u")
        assert f"#{ids[1]}" in _text(again, "#record")
        assert [n.message for n in again._notifications] == [
            f"Undid your exclude on #{ids[1]}; decide it again."]
        await pilot.press("u", "u")  # the second undo has nothing left: an error, no crash
        assert list(again._notifications)[-1].title == "Nothing to undo"
    assert [e[3] for e in _events(project)] == ["include", "exclude", "undo", "undo"]


async def test_full_text_before_any_inclusion_says_why_it_is_empty(build_app):
    app = build_app(stage="full-text")
    async with app.run_test(size=SIZE) as pilot:
        assert "No records have reached full text" in _text(app, "#record")
        assert "you: 0 done / 0 left" in _text(app, "#status")
        await pilot.press("i")  # nothing shown: an error message, nothing stored
        assert list(app._notifications)[-1].title == "All decided"
        assert app.screen.__class__.__name__ == "ScreeningScreen"
    assert _events(app.project) == []


async def test_end_of_queue_tallies_and_narrow_terminal_keeps_help(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert _text(app, "#keys").rstrip().endswith("? help  q quit")
        assert "you: 0 done / 4 left" in _text(app, "#status")
        await pilot.press("i", "m", "e", "enter", "i")
        done = _text(app, "#record")
        assert "All 4 records at title/abstract have your decision" in done
        assert "1 exclude, 2 include, 1 maybe" in done
        await pilot.press("q")
    assert not app.is_running


async def test_long_abstract_scrolls_and_the_next_record_starts_at_the_top(build_app,
                                                                            screening_review):
    project, ids = screening_review
    with Store(project.db_path) as store:
        store.execute("UPDATE records SET abstract = ? WHERE id = ?",
                      (" ".join(f"Sentence {n} about spiritual care." for n in range(400)),
                       ids[0]))
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one("#record-pane")
        assert pane.max_scroll_y > 0
        await pilot.press("pagedown", "down")
        assert pane.scroll_y > 0
        await pilot.press("n", *"long", "enter")  # same record: stays where it was
        assert pane.scroll_y > 0
        await pilot.press("i")
        await pilot.pause()
        assert pane.scroll_y == 0 and f"#{ids[1]}" in _text(app, "#record")


async def test_o_overrules_a_rule_for_one_record(build_app, screening_review):
    """Issue 13, finding 1: a reviewer overrules a rule exclusion in the app, with a reason."""
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.rules import apply_rules

    project, ids = screening_review
    with Store(project.db_path) as store:
        with store.transaction():  # as if the source had said the second record is German
            store.execute("UPDATE records SET language = 'de' WHERE id = ?", (ids[1],))
        apply_rules(store, load_criteria(project.criteria_path))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        assert ids[1] not in app.session.queue.position  # out, by the language rule
        await pilot.press("o")
        await pilot.press(*f"{ids[1]} English paper with a German summary", "enter")
        await pilot.pause()
        assert f"#{ids[1]}" in _text(app, "#record")
        await pilot.press("i")
    override, decision = [e for e in _events(project) if e[0] == ids[1]][1:]
    assert override == (ids[1], "auto", "alice", "include", None,
                        "English paper with a German summary", "tui")
    assert decision == (ids[1], "title-abstract", "alice", "include", None, None, "tui")


async def test_the_header_counts_relevant_through_undo_and_changed_decisions(
        build_app, screening_review):
    """The relevant count (included or maybe, the word `status` uses) is kept per
    decision (not recounted per key): after undos and a changed decision it is what a
    count of the stored decisions gives."""
    from litsearch.screening.queue import ScreeningQueue

    project, ids = screening_review
    app = build_app()

    def shown() -> int:
        # "includes 1 (+1 maybe)": the ranking learns both as relevant (queue.found).
        words = _text(app, "#status").split(" · includes ")[1].split(" · ")[0].split()
        maybes = int(words[1].strip("(+")) if len(words) > 1 else 0
        return int(words[0]) + maybes

    def stored() -> int:
        with Store(project.db_path) as store:
            return ScreeningQueue.load(store, "title-abstract", "alice").found

    async with app.run_test(size=SIZE) as pilot:
        assert shown() == 0
        steps = [(("i",), 1), (("m",), 2), (("e", "1"), 2), (("u",), 2), (("u",), 1),
                 (("m",), 2), (("/", *f"#{ids[0]}", "enter", "e", "1"), 1),
                 (("/", *f"#{ids[2]}", "enter", "i"), 2)]
        for keys, expected in steps:
            await pilot.press(*keys)
            await pilot.pause()
            assert shown() == stored() == expected, keys
