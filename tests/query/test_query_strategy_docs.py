"""docs/strategy.md documents every key of the format, and its examples are valid."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from litsearch.query import load_strategy, render
from litsearch.query.strategy import KEYS, strategy_from_dict

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "strategy.md").read_text(encoding="utf-8")
TEMPLATE = REPO / "litsearch" / "templates" / "strategy.toml"


def test_query_strategy_doc_names_every_key() -> None:
    missing = sorted(k for keys in KEYS.values() for k in keys if f"`{k}`" not in DOC)
    assert not missing, f"docs/strategy.md does not document: {missing}"


def test_query_strategy_doc_examples_are_valid() -> None:
    examples = re.findall(r"```toml\n(.*?)```", DOC, re.S)
    whole = strategy_from_dict(tomllib.loads(examples[0]))
    shown = re.search(r"For PubMed this renders as \(shortened\)\n`(.*?)`", DOC, re.S)
    start, _, end = shown.group(1).partition(" …")
    pubmed = render(whole, "pubmed").strings[0]
    assert pubmed.startswith(start) and pubmed.endswith(end)
    for text in examples[1:]:  # fragments: each is valid inside a minimal strategy
        data = tomllib.loads(text)
        if "blocks" in data or "limits" in data:
            data.setdefault("blocks", {"x": {"terms": ["x"]}})
            for block in data["blocks"].values():
                block.setdefault("terms", ["x"])
            strategy_from_dict(data)


def test_query_strategy_template_is_valid_and_lint_clean(tmp_path) -> None:
    from litsearch.query import PLATFORMS, lint_strategy, lint_text

    strategy = load_strategy(TEMPLATE)
    assert len(strategy.blocks) == 2 and len(strategy.searches) == 1 and strategy.limits
    assert lint_strategy(TEMPLATE) == []
    for db in PLATFORMS:
        for string in render(strategy, db).strings:
            assert lint_text(string, db) == [], db


def test_query_init_writes_the_commented_template(tmp_path, cli) -> None:
    code, _, _ = cli("init", str(tmp_path / "review"))
    assert code == 0
    written = (tmp_path / "review" / "queries" / "strategy.toml").read_text(encoding="utf-8")
    assert written == TEMPLATE.read_text(encoding="utf-8")
    assert "docs/strategy.md" in written


def test_query_render_help_points_to_the_strategy_page(cli) -> None:
    code, out, _ = cli("query", "render", "--help")
    assert code == 0 and "docs/strategy.md" in out
