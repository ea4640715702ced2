"""The argument guard: a value option never swallows the option typed after it."""

from __future__ import annotations

import pytest
from typer.main import get_command

from litsearch.cli import full_app
from litsearch.cli.options import OptionValueError, guard_args


@pytest.fixture(scope="module")
def command():
    return get_command(full_app())


@pytest.mark.parametrize(("args", "guarded"), [
    # --exclude [REASON]: left out before another option or at the end.
    (["screen", "decide", "6", "--exclude", "--reviewer", "bob"],
     ["screen", "decide", "6", "--exclude", "", "--reviewer", "bob"]),
    (["screen", "decide", "6", "--reviewer", "bob", "--exclude"],
     ["screen", "decide", "6", "--reviewer", "bob", "--exclude", ""]),
    (["screen", "decide", "6", "--exclude", "-r", "x"],
     ["screen", "decide", "6", "--exclude", "", "-r", "x"]),
    # A reason is kept as typed, even one that looks like an option of another command.
    (["screen", "decide", "6", "--exclude", "wrong population", "--reviewer", "bob"],
     ["screen", "decide", "6", "--exclude", "wrong population", "--reviewer", "bob"]),
    (["screen", "decide", "6", "--exclude", "--json"],
     ["screen", "decide", "6", "--exclude", "--json"]),
    (["screen", "decide", "6", "--exclude=--reviewer", "bob"],
     ["screen", "decide", "6", "--exclude=--reviewer", "bob"]),
    # A value that starts with a dash but is no option of the command is a value.
    (["screen", "decide", "6", "--note", "-5 points", "--include"],
     ["screen", "decide", "6", "--note", "-5 points", "--include"]),
    # After "--" nothing is touched.
    (["screen", "decide", "--include", "--", "--exclude"],
     ["screen", "decide", "--include", "--", "--exclude"]),
    (["status", "--json"], ["status", "--json"]),
    ([], []),
])
def test_guard_fills_left_out_values(command, args, guarded):
    assert guard_args(command, args) == guarded


@pytest.mark.parametrize(("args", "message"), [
    (["screen", "decide", "6", "--reviewer", "--include"],
     "litsearch screen decide: --reviewer needs a value, but --include comes next"),
    (["export", "decisions", "--format", "-o", "x.csv"],
     "litsearch export decisions: --format needs a value, but -o comes next"),
    (["prisma", "-o", "--format", "svg"], "litsearch prisma: -o needs a value"),
])
def test_guard_refuses_an_option_as_a_value(command, args, message):
    with pytest.raises(OptionValueError) as caught:
        guard_args(command, args)
    assert message in str(caught.value) and "Write " in str(caught.value)


def test_cli_prints_the_guard_error_as_one_line(project, cli):
    code, out, err = cli("prisma", "--format", "--review", str(project.root))
    assert code == 2 and out == ""
    assert err.startswith("error: litsearch prisma: --format needs a value, but --review")
    assert len(err.strip().splitlines()) == 1
