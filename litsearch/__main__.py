"""``python -m litsearch`` and the ``litsearch`` command's entry point."""

from __future__ import annotations

import sys

#: Ctrl-C while Python is still loading the CLI: no command has run yet.
INTERRUPTED_AT_START = "interrupted: litsearch was still starting; nothing was changed.\n"


def run() -> None:
    """Load the CLI and exit with its code; Ctrl-C during loading exits 130 in one line."""
    try:
        from litsearch.cli import main
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED_AT_START)
        sys.exit(130)
    sys.exit(main())


if __name__ == "__main__":
    run()
