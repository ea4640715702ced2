"""List the benchmarks, or run the ones named: ``python -m benchmarks dedup_speed``."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    """Run each named benchmark module in turn; with no names, list them."""
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    if not argv:
        print("benchmarks (results in benchmarks/results/, summary in benchmarks/README.md):")
        for name in names:
            print(f"  python -m benchmarks.{name}")
        return 0
    for name in argv:
        if name not in names:
            print(f"error: no benchmark {name!r}; choose from {', '.join(names)}", file=sys.stderr)
            return 2
        sys.argv = [name]
        runpy.run_module(f"benchmarks.{name}", run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
