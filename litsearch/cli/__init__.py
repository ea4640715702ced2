"""The ``litsearch`` command line: thin commands over library calls.

Each stage registers its commands from its own module here. Every user-caused
error is a :class:`~litsearch.errors.LitsearchError`, printed as one line on
stderr with a non-zero exit; never a traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.util import find_spec

import typer
import typer.core
from rich.markup import escape

from ..errors import LitsearchError
from .helptext import reflow_help
from .options import guard_args, rewrite_legacy
from .output import err_console

app = typer.Typer(
    name="litsearch",
    help="Systematic literature review from search strings to the PRISMA 2020 flow diagram.\n\n"
         "Each command has its own --help with an example.\n\n"
         "Example:\n\n"
         "    litsearch init my-review --title \"Meaning-making in mental-health care\"",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"litsearch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print litsearch's version and exit."),
) -> None:
    """Systematic literature review from search strings to the PRISMA 2020 flow diagram."""
    # A callback keeps ``litsearch`` a command group even when only one command is
    # registered (Typer would otherwise run that command as the program itself).


#: Modules under ``litsearch.cli`` that each define ``register(app)``.
COMMAND_MODULES = ("workspace", "importing", "audit", "query", "search", "dedup", "screen",
                   "report", "store")

#: Top-level command -> the modules that define it. A command loads only its own
#: modules (and so only its stage's libraries), which keeps start-up fast: the
#: screening app must open in under two seconds on a large review.
COMMAND_HOME = {
    "init": ("workspace",), "status": ("workspace",), "demo": ("workspace",),
    "import": ("importing",), "export": ("importing", "audit"), "query": ("query",),
    "search": ("search",), "dedup": ("dedup",), "screen": ("screen",),
    "agreement": ("screen",), "prisma": ("report",), "report": ("report",),
    "store": ("store",), "team": ("store",),
}

_registered: set[str] = set()

# Typer 0.2x vendors click as ``typer._click``; older releases use click itself.
_CLICK_ERRORS = (getattr(typer.core, "_click", None) or import_module("click")).exceptions
#: Click's "no arguments: show help" error (click 8.2+), else a class nothing raises.
_NO_ARGS = getattr(_CLICK_ERRORS, "NoArgsIsHelpError", type("_Never", (Exception,), {}))


def _register(modules: tuple[str, ...]) -> typer.Typer:
    """Add the commands of ``modules`` to :data:`app` (each module once) and return it."""
    for name in modules:
        # A stage whose CLI module is not written yet simply has no commands; an error
        # inside a module that exists still raises.
        if name not in _registered and find_spec(f"{__name__}.{name}") is not None:
            import_module(f"{__name__}.{name}").register(app)
            _registered.add(name)
    return app


def full_app() -> typer.Typer:
    """Return :data:`app` with every command registered (help, docs, tests)."""
    return _register(COMMAND_MODULES)


class _Interrupted(Exception):  # noqa: N818 (Ctrl-C carried past Typer, not an error)
    """Ctrl-C inside a command, carried past Typer (which turns it into a silent exit 130)."""


def _report_interrupts(command: typer.core.TyperGroup) -> None:
    """Make Ctrl-C inside any command reach :func:`main`, which says what was kept."""
    invoke = command.invoke

    def guarded(ctx: object) -> object:
        try:
            return invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Interrupted from exc

    command.invoke = guarded  # type: ignore[method-assign]


#: What Ctrl-C leaves: every command stores whole steps (an import, a dedup run, a decision).
INTERRUPTED = ("[yellow]interrupted[/]: nothing after the last saved step was kept "
               "(an import or a dedup run is stored whole or not at all).")


def _modules_for(args: list[str]) -> tuple[str, ...]:
    first = args[0] if args and not args[0].startswith("-") else ""
    return COMMAND_HOME.get(first, COMMAND_MODULES)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code.

    Bad flags and arguments (exit 2) and library errors are printed here as one
    line on stderr starting with ``error:``; never a usage box or a traceback.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    _register(_modules_for(args))
    try:
        command = typer.main.get_command(app)
        _report_interrupts(command)
        reflow_help(command)
        args, notes = rewrite_legacy(args)
        for text in notes:
            err_console.print(f"[yellow]note:[/] {escape(text)}", soft_wrap=True)
        # "--exclude --reviewer bob": an option never becomes the value of the one before it.
        args = guard_args(command, args)
        code = command.main(args=args, prog_name="litsearch", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except _NO_ARGS:
        # Typer has printed the group's help already (``no_args_is_help``).
        return 2
    except _CLICK_ERRORS.UsageError as exc:
        # One line like every other user error: the message and where to read more.
        if exc.ctx is not None:
            where = exc.ctx.command_path
        else:  # an option missing its value is raised before its command's context exists
            where = " ".join(["litsearch", *args[:1]]) if args and not args[0].startswith("-") \
                else "litsearch"
        message = exc.format_message().rstrip(".")
        err_console.print(f"[bold red]error:[/] {escape(message)}. "
                          f"See '{escape(where)} --help'.", highlight=False, soft_wrap=True)
        return exc.exit_code
    except _CLICK_ERRORS.ClickException as exc:
        err_console.print(f"[bold red]error:[/] {escape(exc.format_message())}",
                          highlight=False, soft_wrap=True)
        return exc.exit_code
    except (typer.Abort, _Interrupted):
        # Click turns end of input at a prompt into Abort.
        err_console.print(INTERRUPTED, highlight=False, soft_wrap=True)
        return 130
    except LitsearchError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False,
                          soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console.print(INTERRUPTED, highlight=False, soft_wrap=True)
        return 130
    # Without standalone mode Typer returns the exit code of typer.Exit (or the
    # command's own return value, which is None for every command here).
    return code if isinstance(code, int) else 0


def run() -> None:
    """Entry point that exits with :func:`main`'s code."""
    sys.exit(main())
