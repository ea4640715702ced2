"""The screening app under the team's rules of review.toml ([screening] blind, votes)."""

from __future__ import annotations

import json

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


async def test_the_header_counts_no_record_settled_by_a_resolution_or_the_stopping_rule(
        build_app, screening_review, cli):
    """A record the stopping rule excluded and one reviewer decided, or whose conflict the
    arbiter settled, awaits nobody: the header agrees with ``litsearch status``."""
    project, ids = screening_review
    _rules(project, "votes = 2")
    alice = build_app(reviewer="alice")
    async with alice.run_test(size=SIZE) as pilot:
        await pilot.press("i", "i")  # ids[0], ids[1]
    bob = build_app(reviewer="bob")
    async with bob.run_test(size=SIZE) as pilot:
        await pilot.press("e", "1")  # ids[0]: a conflict with alice
    assert cli("screen", "stop", "--force", cwd=project.root)[0] == 0  # ids[2], ids[3]
    assert cli("screen", "decide", str(ids[2]), "--exclude", "--reviewer", "bob",
               cwd=project.root)[0] == 0
    assert cli("screen", "conflicts", "--resolve", str(ids[0]), "--include", "--reviewer",
               "alice", cwd=project.root)[0] == 0
    code, out, _ = cli("status", "--json", cwd=project.root)
    expected = json.loads(out)["screening"]["title-abstract"]["awaiting_second"]
    for who in ("alice", "bob"):
        app = build_app(reviewer=who)
        async with app.run_test(size=SIZE):
            header = _text(app, "#status")
            shown = int(header.split(" await 2nd")[0].rsplit("(", 1)[1]) \
                if "await 2nd" in header else 0
            assert shown == expected, (who, header, expected)
