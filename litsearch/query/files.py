"""The rendered strings on disk: ``queries/<db>.txt`` plus ``queries/.rendered.json``.

Each ``<db>.txt`` holds exactly what is pasted into the platform (Google Scholar:
one string per line), so other stages read it as is. The sidecar records the
SHA-256 of what litsearch last wrote, so a later render can tell a hand edit
(kept unless forced) from an old render (replaced).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QueryError
from ..outfiles import write_text
from ..store import now
from .detect import guess_platform
from .lint import Finding, lint_text
from .lint_strategy import lint_strategy
from .platforms import get_platform
from .render import render
from .strategy import load_strategy

SIDECAR = ".rendered.json"
STRATEGY = "strategy.toml"


@dataclass
class RenderOutcome:
    """What happened to one database's file.

    Attributes:
        db: The database name (file stem).
        platform: The platform id it was rendered for.
        path: The ``queries/<db>.txt`` file.
        status: ``written``, ``unchanged``, ``kept`` (a hand edit, not overwritten),
            ``overwritten`` (a hand edit replaced with --force) or ``skipped`` (not a
            platform litsearch renders for).
        notes: What to check or set by hand on the platform.
        findings: Lint findings for the rendered string.
        diff: For ``kept`` and ``overwritten``: the file's text against the new render.
        strings: How many strings the file holds (Google Scholar: several).
    """

    db: str
    platform: str
    path: Path
    status: str
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    diff: str = ""
    strings: int = 1


def sha256(text: str) -> str:
    """Return the hex SHA-256 of ``text`` as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_sidecar(queries_dir: Path) -> dict:
    """Return ``.rendered.json`` (an empty dict when absent or unreadable)."""
    path = Path(queries_dir) / SIDECAR
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_query(path: str | Path) -> str:
    """Return the search string stored in a ``queries/<db>.txt`` file.

    The file holds only the string; this drops the final newline (and a BOM an
    editor may have added). Google Scholar files hold one string per line.

    Raises:
        QueryError: The file does not exist.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise QueryError(f"no stored search string at {path}.",
                         "Render it with 'litsearch query render --db "
                         f"{path.stem}' or write the string there.") from exc
    return text.rstrip("\r\n")


def stored_state(queries_dir: str | Path, db: str) -> str:
    """Say whether ``queries/<db>.txt`` is ``missing``, ``rendered`` or ``hand-edited``."""
    path = Path(queries_dir) / f"{db}.txt"
    if not path.exists():
        return "missing"
    entry = read_sidecar(Path(queries_dir)).get(db) or {}
    return "rendered" if entry.get("sha256") == sha256(path.read_text(encoding="utf-8")) \
        else "hand-edited"


def render_files(queries_dir: str | Path, databases: Iterable[str | tuple[str, str]],
                 force: bool = False, strategy_path: str | Path | None = None,
                 year: int | None = None, skip_unknown: bool = False) -> list[RenderOutcome]:
    """Render the strategy into ``queries/<db>.txt`` for each database.

    Args:
        queries_dir: The review's ``queries/`` folder.
        databases: Database names, or (name, platform label) pairs from review.toml.
        force: Overwrite files edited by hand since litsearch last wrote them.
        strategy_path: The strategy (default ``queries_dir/strategy.toml``).
        year: The current year for closed year ranges (default: today's).
        skip_unknown: Report names that are no platform (e.g. a hand-search entry of
            review.toml) as ``skipped`` instead of raising.

    Raises:
        ConfigError: The strategy file is missing or invalid.
        QueryError: A database name is not a known platform.
    """
    queries_dir = Path(queries_dir)
    strategy = load_strategy(strategy_path or queries_dir / STRATEGY)
    strategy_sha = sha256((Path(strategy_path or queries_dir / STRATEGY))
                          .read_text(encoding="utf-8"))
    sidecar = read_sidecar(queries_dir)
    outcomes = []
    for entry in databases:
        name, label = (entry, "") if isinstance(entry, str) else entry
        try:
            platform = get_platform(name, label)
        except QueryError:
            if not skip_unknown:
                raise
            outcomes.append(RenderOutcome(name, "", queries_dir / f"{name}.txt", "skipped",
                                          [f"{name!r} is not a platform litsearch renders "
                                           "for; keep its string in this file by hand."]))
            continue
        rendered = render(strategy, platform, year)
        text = rendered.text
        path = queries_dir / f"{name}.txt"
        outcome = RenderOutcome(name, platform.id, path, "written", rendered.notes,
                                lint_text(text, platform), strings=len(rendered.strings))
        if path.exists():
            current = path.read_text(encoding="utf-8")
            known = (sidecar.get(name) or {}).get("sha256")
            if current == text:
                outcome.status = "unchanged"
            elif known != sha256(current):
                outcome.diff = "".join(difflib.unified_diff(
                    current.splitlines(keepends=True), text.splitlines(keepends=True),
                    f"{path.name} (edited by hand)", f"{path.name} (new render)"))
                outcome.status = "overwritten" if force else "kept"
        if outcome.status in ("written", "overwritten"):
            _write(path, text)
        unchanged_entry = outcome.status == "unchanged" and \
            (sidecar.get(name) or {}).get("sha256") == sha256(text) and \
            (sidecar.get(name) or {}).get("notes") == rendered.notes
        if outcome.status != "kept" and not unchanged_entry:
            sidecar[name] = {"platform": platform.id, "sha256": sha256(text),
                             "strategy_sha256": strategy_sha, "rendered_at": now(),
                             "notes": rendered.notes}
        outcomes.append(outcome)
    queries_dir.mkdir(parents=True, exist_ok=True)
    _write(queries_dir / SIDECAR, json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
    return outcomes


def _write(path: Path, text: str) -> None:
    """Write through a temporary file so a crash never leaves half a string."""
    write_text(path, text, newline="\n")


@dataclass
class LintResult:
    """The findings for one file, and which platform's rules were used.

    Attributes:
        path: The file.
        platform: The platform id used (``plain`` or ``strategy`` for strategy.toml).
        findings: The findings, by position.
        chosen_by: How the platform was chosen: ``--db``, ``file name``, ``syntax``
            (the string looks like that platform's) or ``none`` (plain style).
    """

    path: Path
    platform: str
    findings: list[Finding]
    chosen_by: str = "--db"

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity == "error" for f in self.findings)


def lint_file(path: str | Path, db: str | None = None) -> LintResult:
    """Lint a stored string; the platform is ``db``, else the file's name, else the one
    whose syntax the string shows (:func:`.detect.guess_platform`), else plain."""
    path = Path(path)
    text = read_query(path)
    chosen_by = "--db"
    if db is None:
        try:
            db, chosen_by = get_platform(path.stem).id, "file name"
        except QueryError:
            guess = guess_platform(text)
            db, chosen_by = (guess, "syntax") if guess else ("plain", "none")
    platform = "plain" if db == "plain" else get_platform(db).id
    return LintResult(path, platform, lint_text(text, platform), chosen_by)


def lint_paths(paths: Iterable[str | Path], db: str | None = None) -> list[LintResult]:
    """Lint stored strings and strategy files; a folder stands for its ``*.txt`` files
    and its ``strategy.toml``.

    Returns:
        One result per file, in name order within folders.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(q for q in [p / STRATEGY] if q.exists())
            files.extend(sorted(p.glob("*.txt")))
        else:
            files.append(p)
    return [LintResult(f, "strategy", lint_strategy(f), "file name") if f.suffix == ".toml"
            else lint_file(f, db) for f in files]


def parse_file(path: str | Path, db: str, output: str | Path | None = None,
               force: bool = False) -> tuple[str, list[str]]:
    """Parse a stored string into strategy TOML, optionally writing it.

    Returns:
        The TOML text and the parser's warnings.

    Raises:
        QueryError: The string cannot be parsed, or ``output`` exists and not ``force``.
    """
    from .convert import parse_strategy
    from .strategy import dumps_strategy

    strategy, warnings = parse_strategy(read_query(path), db)
    header = (f"Parsed from {Path(path).name} ({db}) by litsearch query parse.\n"
              "Block names come from each block's first term: rename them freely.")
    text = dumps_strategy(strategy, header)
    if output is not None:
        out = Path(output)
        if out.exists() and not force:
            raise QueryError(f"{out} already exists; nothing was written.",
                             "Choose another -o path, or add --force to replace it.")
        _write(out, text)
    return text, warnings
