"""The screening app under the team's rules of review.toml ([screening] blind, votes)."""

from __future__ import annotations

SIZE = (120, 40)


def _text(app, selector):
    return str(app.screen.query_one(selector).render())


def _rules(project, rules: str) -> None:
    config = project.root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[screening]\n{rules}\n",
                      encoding="utf-8")


async def test_blind_in_review_toml_hides_the_other_vote_without_blind_flag(build_app,
                                                                           screening_review):
    project, ids = screening_review
    bob = build_app(reviewer="bob")
    async with bob.run_test(size=SIZE) as pilot:
        await pilot.press("e", "1")
    _rules(project, "blind = true")
    alice = build_app(reviewer="alice")  # started without --blind
    assert alice.session.blind
    async with alice.run_test(size=SIZE):
        assert f"#{ids[0]}" in _text(alice, "#record")
        others = _text(alice, "#others")
        assert "bob" not in others and "wrong population" not in others
        assert "Blind mode" in others and "(blind)" in _text(alice, "#status")
    assert build_app(reviewer="alice", blind=False).session.blind  # False: not asked for


async def test_the_header_counts_records_awaiting_a_second_reviewer(build_app, screening_review):
    project, ids = screening_review
    bob = build_app(reviewer="bob")
    async with bob.run_test(size=SIZE) as pilot:
        await pilot.press("i", "e", "1")
    alice = build_app(reviewer="alice")
    async with alice.run_test(size=SIZE) as pilot:
        # bob's two votes each await a second reviewer once alice screens too.
        await pilot.press("i")
        assert "(1 await 2nd reviewer)" in _text(alice, "#status")
        await pilot.press("i")
        assert "await 2nd reviewer" not in _text(alice, "#status")
