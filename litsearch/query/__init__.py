"""The query stage: search strategies, per-platform strings, parsing and lint.

- :func:`load_strategy` / :func:`save_strategy`: ``queries/strategy.toml``.
- :func:`render`: one platform's string(s) with notes; :func:`render_files` writes
  ``queries/<db>.txt`` and refuses to overwrite hand edits unless forced.
- :func:`parse_strategy`: bring an existing string (PubMed, Ovid, Scopus, WoS,
  EBSCO, embase.com, Cochrane or the zingeving report's plain style) into blocks.
- :func:`lint_text`: findings with code, severity, line:col and fix;
  :func:`lint_strategy` checks ``strategy.toml``'s blocks at their TOML lines.
- :func:`read_query`: the exact string stored in ``queries/<db>.txt``.
"""

from .convert import parse_strategy
from .files import (
                    LintResult,
                    RenderOutcome,
                    lint_file,
                    lint_paths,
                    parse_file,
                    read_query,
                    read_sidecar,
                    render_files,
                    stored_state,
)
from .lint import LINT_CODES, Finding, lint_text
from .lint_strategy import lint_strategy
from .model import Block, Heading, Limits, Search, Strategy, Term
from .platforms import PLATFORMS, Platform, get_platform
from .render import Rendered, render
from .strategy import dumps_strategy, load_strategy, save_strategy

__all__ = [
    "LINT_CODES", "PLATFORMS", "Block", "Finding", "Heading", "Limits", "LintResult", "Platform",
    "RenderOutcome", "Rendered", "Search", "Strategy", "Term", "dumps_strategy",
    "get_platform", "lint_file", "lint_paths", "lint_strategy", "lint_text", "load_strategy",
    "parse_file", "parse_strategy", "read_query", "read_sidecar", "render", "render_files",
    "save_strategy", "stored_state",
]
