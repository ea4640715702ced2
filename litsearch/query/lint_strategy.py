"""Lint a strategy file: its blocks' terms, reported at their line in the TOML.

Each block is written out in the plain style (terms ORed, multi-word terms quoted)
and linted with the term checks (duplicates, redundancy, diacritics, acronyms,
truncation too short for PubMed); each finding is then moved to where its term
is written in ``strategy.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError
from .lint import Finding, excerpt, lint_text
from .model import Strategy, Term
from .strategy import strategy_from_dict
from .tokens import line_col

#: Checks that belong to a strategy (the others are about a written string).
STRATEGY_CODES = {"Q202", "Q203", "Q204", "Q501", "Q502"}


def lint_strategy(path: str | Path) -> list[Finding]:
    """Lint ``strategy.toml``; findings point at the term's line in the file.

    Raises:
        ConfigError: The file is not a valid strategy.
    """
    path = Path(path)
    source = path.read_text(encoding="utf-8")
    try:
        strategy = strategy_from_dict(tomllib.loads(source), str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}.", "Fix the TOML syntax at that line.") from exc
    return lint_strategy_text(strategy, source)


def lint_strategy_text(strategy: Strategy, source: str) -> list[Finding]:
    """Lint a loaded strategy whose TOML text is ``source``."""
    names = list(strategy.blocks)
    plain = "\n\n".join(" OR ".join(_plain(t) for t in strategy.blocks[n].terms)
                        for n in names)
    starts = [m.start() for m in re.finditer(r"^(?=\S)", plain, re.M)]
    out = []
    for f in lint_text(plain, "plain"):
        if f.code not in STRATEGY_CODES:
            continue
        block = names[sum(1 for s in starts if s <= f.start) - 1]
        term = plain[f.start:f.end].strip('"')
        where = _locate(source, block, term)
        line, col = line_col(source, where)
        context, caret = excerpt(source, where)
        out.append(replace(f, line=line, col=col, start=where, end=where + len(term) + 2,
                           message=f"[blocks.{block}] {f.message}", context=context,
                           caret=caret))
    out.extend(_pubmed_truncation(strategy, source))
    return sorted(out, key=lambda f: (f.start, f.code))


def _plain(term: Term) -> str:
    return f'"{term.text}"' if term.needs_quotes or term.near else term.text


def _locate(source: str, block: str, term: str) -> int:
    header = re.search(rf"^\[blocks\.{re.escape(block)}\]", source, re.M)
    begin = header.end() if header else 0
    hit = source.find(f'"{term}"', begin)
    return hit if hit >= 0 else begin


def _pubmed_truncation(strategy: Strategy, source: str) -> list[Finding]:
    """Report what PubMed, the strictest platform, cannot truncate.

    That is a stem under 4 characters, or a wildcard before a phrase's last word.
    """
    out = []

    def add(code: str, name: str, term: Term, message: str, fix: str) -> None:
        where = _locate(source, name, term.text)
        line, col = line_col(source, where)
        context, caret = excerpt(source, where)
        out.append(Finding(code, "warning", line, col, f"[blocks.{name}] {message}", fix,
                           where, where + len(term.text) + 2, context, caret))

    for name, block in strategy.blocks.items():
        for term in block.terms:
            for word in term.words:
                cut = word.find("*")
                if 0 <= cut < 4:
                    add("Q301", name, term, f"{word!r} truncates after {cut} characters; "
                        "PubMed needs 4, Web of Science 3.",
                        "write the words out, or a longer stem.")
            words = term.text.replace("-", " ").split()
            if not term.near and any(c in "*?$" for w in words[:-1] for c in w):
                add("Q302", name, term, f"{term.text!r} has a wildcard before its last word; "
                    "PubMed truncates only at the end of a phrase.",
                    "move the wildcard to the last word or write the variants out.")
    return out
