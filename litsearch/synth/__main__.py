"""Write a synthetic corpus as database exports: ``python -m litsearch.synth``.

Example:
    python -m litsearch.synth --works 120 --seed 2024 --out litsearch/demo/data
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import LitsearchError
from .corpus import generate_corpus
from .tables import DATABASES
from .writers import write_exports


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, generate the corpus, write the exports and list them."""
    parser = argparse.ArgumentParser(
        prog="python -m litsearch.synth",
        description="Generate a synthetic corpus and write one export file per database.",
    )
    parser.add_argument("--works", type=int, required=True, help="number of true works")
    parser.add_argument("--out", required=True, help="folder to write the exports into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--databases", default=",".join(DATABASES),
                        help=f"comma-separated subset of {','.join(DATABASES)}")
    args = parser.parse_args(argv)
    try:
        corpus = generate_corpus(args.works, args.databases.split(","), seed=args.seed)
        paths = write_exports(corpus, args.out)
    except LitsearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    for name, path in paths.items():
        print(f"{name:<9} {len(corpus[name]):>7} records  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
