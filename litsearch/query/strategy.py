"""Read and write ``queries/strategy.toml``: concept blocks, searches and limits.

``docs/strategy.md`` documents every key with examples; ``litsearch init`` writes a
commented template (``litsearch/templates/strategy.toml``). A key the format does
not have is an error naming the nearest valid one, so a misspelling never silently
changes a search. Wildcards are generic: ``*`` any characters, ``?`` one character,
``$`` zero or one.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import ConfigError
from ..outfiles import write_text
from .model import FIELDS, VOCABULARIES, Block, Heading, Limits, Search, Strategy, Term

#: A multi-line ``near = [ … ]`` array as tomli_w writes it.
_NEAR_ARRAY = re.compile(r'near = \[\n((?:[ \t]*"(?:[^"\\\n]|\\.)*",\n)+)[ \t]*\]')

_TERM_KEYS = {"term", "field", "exact", "near", "within", "ordered"}
#: The keys each table of a strategy file may hold (docs/strategy.md documents each).
KEYS: dict[str, frozenset[str]] = {
    "top": frozenset({"title", "default_field", "limits", "blocks", "searches"}),
    "limits": frozenset({"year_from", "year_to", "languages", "publication_types"}),
    "block": frozenset({"label", "field", "terms", "scholar", *VOCABULARIES}),
    "term": frozenset(_TERM_KEYS),
    "heading": frozenset({"name", "explode", "major"}),
    "search": frozenset({"name", "label", "all", "not"}),
}


#: Words users write for a key that difflib would not find (the model's own names).
KEY_SYNONYMS = {"none": "not", "exclude": "not", "any": "all", "include": "all",
                "words": "terms", "keywords": "terms", "headings": "mesh"}


def check_keys(raw: dict[str, Any], kind: str, where: str) -> None:
    """Refuse a key the strategy format does not have, naming the nearest valid one.

    Raises:
        ConfigError: ``raw`` holds a key not in :data:`KEYS` ``[kind]``.
    """
    allowed = KEYS[kind]
    for key in raw:
        if key not in allowed:
            close = [KEY_SYNONYMS[key]] if KEY_SYNONYMS.get(key) in allowed else \
                difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            raise ConfigError(f"{where}: unknown key {key!r}.",
                              f"{hint}Valid keys here: {', '.join(sorted(allowed))} "
                              "(see docs/strategy.md).")


def load_strategy(path: str | Path) -> Strategy:
    """Read a strategy file.

    Raises:
        ConfigError: The file is missing, is not TOML, or names an unknown block/field.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"no strategy file at {path}.",
                          "Write one (docs/strategy.md documents the format) or bring an "
                          "existing string in with 'litsearch query parse FILE --db NAME -o "
                          f"{path}'.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}.", "Fix the TOML syntax at that line.") from exc
    return strategy_from_dict(data, str(path))


def strategy_from_dict(data: dict[str, Any], where: str = "strategy") -> Strategy:
    """Build a :class:`Strategy` from parsed TOML, checking keys, names and fields."""
    check_keys(data, "top", where)
    default_field = data.get("default_field", "tiab")
    _check_field(default_field, f"{where}: default_field")
    blocks: dict[str, Block] = {}
    if not isinstance(data.get("blocks") or {}, dict):
        raise ConfigError(f"{where}: blocks must be [blocks.NAME] tables.",
                          'Write [blocks.NAME] with terms = ["…"] (see docs/strategy.md).')
    for name, raw in (data.get("blocks") or {}).items():
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: [blocks.{name}] must be a table.",
                              'Write [blocks.NAME] with terms = ["…"].')
        blocks[name] = _block(name, raw, f"{where}: blocks.{name}")
    if not blocks:
        raise ConfigError(f"{where}: the strategy has no blocks.",
                          'Add a block: [blocks.NAME] with terms = ["…"].')
    raw_searches = data.get("searches") or []
    if not isinstance(raw_searches, list) or not all(isinstance(x, dict) for x in raw_searches):
        raise ConfigError(f"{where}: searches must be [[searches]] tables.",
                          'Write [[searches]] with all = ["block", …] (see docs/strategy.md).')
    searches = [_search(i, raw, blocks, where) for i, raw in enumerate(raw_searches, start=1)]
    if not searches and blocks:
        searches = [Search(name="all", all=list(blocks))]
    lim = data.get("limits") or {}
    if not isinstance(lim, dict):
        raise ConfigError(f"{where}: [limits] must be a table.", "Write [limits] with "
                          "year_from = 2010 and the like (see docs/strategy.md).")
    check_keys(lim, "limits", f"{where}: limits")
    limits = Limits(year_from=lim.get("year_from"), year_to=lim.get("year_to"),
                    languages=[str(x).lower() for x in _list(lim, "languages",
                                                             f"{where}: limits")],
                    publication_types=[str(x) for x in _list(lim, "publication_types",
                                                             f"{where}: limits")])
    for key in ("year_from", "year_to"):
        value = getattr(limits, key)
        if value is not None and not isinstance(value, int):
            raise ConfigError(f"{where}: limits.{key} must be a year like 2010, not {value!r}.")
    return Strategy(blocks=blocks, searches=searches, limits=limits,
                    title=str(data.get("title", "")), default_field=default_field)


def _check_field(value: Any, where: str) -> None:
    if value is not None and value not in FIELDS:
        close = difflib.get_close_matches(str(value), FIELDS, n=1, cutoff=0.6)
        raise ConfigError(f"{where}: unknown field {value!r}."
                          + (f" Did you mean {close[0]!r}?" if close else ""),
                          f"Use one of: {', '.join(FIELDS)}.")


def _list(raw: dict[str, Any], key: str, where: str) -> list:
    """Return ``raw[key]`` as a list; a bare string would be read letter by letter."""
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be a list, not {value!r}.",
                          f"Write {key} = [{tomli_w.dumps({'x': value})[4:].strip()}].")
    return value


def _flag(raw: dict[str, Any], key: str, default: bool, where: str) -> bool:
    """Return ``raw[key]`` as a bool; the string "false" must not count as true."""
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {value!r}.",
                          f"Write {key} = {'true' if default else 'false'} (no quotes).")
    return value


def _unknown_block(name: Any, blocks: dict[str, Block], where: str) -> ConfigError:
    close = difflib.get_close_matches(str(name), list(blocks), n=1, cutoff=0.6)
    return ConfigError(f"{where}: unknown block {name!r}."
                       + (f" Did you mean {close[0]!r}?" if close else ""),
                       f"Define [blocks.{name}] or use one of: {', '.join(blocks)}.")


def _term(raw: Any, where: str) -> Term:
    if isinstance(raw, str):
        text = " ".join(raw.split())
        if not text:
            raise ConfigError(f"{where}: empty term.", "Remove the empty string.")
        return Term(text)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a term must be a string or a table with "
                          f"{', '.join(sorted(_TERM_KEYS))}; got {raw!r}.")
    named = raw.get("term") or raw.get("near")
    check_keys(raw, "term", f"{where}: term {named!r}" if named else where)
    _check_field(raw.get("field"), where)
    if "near" in raw:
        words = tuple(str(w) for w in _list(raw, "near", where))
        if len(words) < 2:
            raise ConfigError(f"{where}: near needs two or more words; got {raw['near']!r}.")
        within, ordered = raw.get("within", 0), _flag(raw, "ordered", False, where)
        if not isinstance(within, int) or isinstance(within, bool) or within < 0:
            raise ConfigError(f"{where}: within must be a number of words (0 or more), "
                              f"not {within!r}.", "Write within = 3 (no quotes).")
        if within == 0 and ordered:
            return Term(" ".join(words), field=raw.get("field"))
        return Term(" ".join(words), field=raw.get("field"), near=words, within=within,
                    ordered=ordered)
    if "term" not in raw:
        raise ConfigError(f"{where}: a term table needs term = \"…\" or near = [\"…\", \"…\"].")
    return Term(" ".join(str(raw["term"]).split()), field=raw.get("field"),
                exact=_flag(raw, "exact", False, where))


def _heading(raw: Any, where: str) -> Heading:
    if isinstance(raw, str):
        return Heading(raw)
    if isinstance(raw, dict) and "name" in raw:
        check_keys(raw, "heading", f"{where}: heading {raw['name']!r}")
        return Heading(str(raw["name"]), explode=_flag(raw, "explode", True, where),
                       major=_flag(raw, "major", False, where))
    raise ConfigError(f"{where}: a heading must be a string or {{name = \"…\"}}; got {raw!r}.")


def _block(name: str, raw: dict[str, Any], where: str) -> Block:
    check_keys(raw, "block", where)
    _check_field(raw.get("field"), where)
    terms = [_term(t, f"{where}.terms") for t in _list(raw, "terms", where)]
    headings = {voc: [_heading(h, f"{where}.{voc}") for h in _list(raw, voc, where)]
                for voc in VOCABULARIES if raw.get(voc)}
    if not terms and not headings:
        raise ConfigError(f"{where}: the block has no terms or headings.",
                          'Add terms = ["…"] or remove the block.')
    return Block(name=name, terms=terms, label=str(raw.get("label", "")),
                 field=raw.get("field"), headings=headings,
                 scholar=[str(s) for s in _list(raw, "scholar", where)])


def _search(i: int, raw: dict[str, Any], blocks: dict[str, Block], where: str) -> Search:
    name = str(raw.get("name", f"search{i}"))
    here = f"{where}: searches[{i}] ({name})"
    check_keys(raw, "search", here)
    entries: list[str | list[str]] = []
    for entry in _list(raw, "all", here):
        names = entry if isinstance(entry, list) else [entry]
        for n in names:
            if n not in blocks:
                raise _unknown_block(n, blocks, here)
        entries.append(list(names) if isinstance(entry, list) else entry)
    for entry in _list(raw, "not", here):
        for n in entry if isinstance(entry, list) else [entry]:
            if n not in blocks:
                raise _unknown_block(n, blocks, f"{here}: not")
    if not entries:
        raise ConfigError(f"{here}: the search ANDs no blocks.", 'Write all = ["block", …].')
    return Search(name=name, all=entries, none=list(raw.get("not", [])),
                  label=str(raw.get("label", "")))


def strategy_to_dict(strategy: Strategy) -> dict[str, Any]:
    """Return the TOML-ready dict of a strategy (the inverse of strategy_from_dict)."""
    data: dict[str, Any] = {}
    if strategy.title:
        data["title"] = strategy.title
    data["default_field"] = strategy.default_field
    lim = strategy.limits
    limits = {k: v for k, v in (("year_from", lim.year_from), ("year_to", lim.year_to),
                                ("languages", lim.languages),
                                ("publication_types", lim.publication_types)) if v}
    if limits:
        data["limits"] = limits
    data["blocks"] = {name: _block_dict(b) for name, b in strategy.blocks.items()}
    data["searches"] = [{k: v for k, v in (("name", s.name), ("label", s.label), ("all", s.all),
                                           ("not", s.none)) if v} for s in strategy.searches]
    return data


def _term_value(t: Term) -> str | dict[str, Any]:
    if t.near:
        out: dict[str, Any] = {"near": list(t.near), "within": t.within}
        if t.ordered:
            out["ordered"] = True
    elif t.exact or t.field:
        out = {"term": t.text}
        if t.exact:
            out["exact"] = True
    else:
        return t.text
    if t.field:
        out["field"] = t.field
    return out


def _block_dict(b: Block) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if b.label:
        out["label"] = b.label
    if b.field:
        out["field"] = b.field
    out["terms"] = [_term_value(t) for t in b.terms]
    for voc, heads in b.headings.items():
        out[voc] = [h.name if h.explode and not h.major else
                    {"name": h.name, "explode": h.explode, "major": h.major} for h in heads]
    if b.scholar:
        out["scholar"] = list(b.scholar)
    return out


def dumps_strategy(strategy: Strategy, header: str = "") -> str:
    """Return the strategy as TOML text, with ``header`` as leading comment lines."""
    body = tomli_w.dumps(strategy_to_dict(strategy), multiline_strings=False)
    # tomli_w writes every array over several lines; a proximity term's few words
    # read better on one line ({ near = ["spiritual", "care"], within = 3 }).
    body = _NEAR_ARRAY.sub(lambda m: "near = [" + ", ".join(
        x.strip().rstrip(",") for x in m.group(1).strip().splitlines()) + "]", body)
    comments = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comments + ("\n" if comments else "") + body


def save_strategy(strategy: Strategy, path: str | Path, header: str = "") -> Path:
    """Write a strategy file (UTF-8) and return its path."""
    path = Path(path)
    write_text(path, dumps_strategy(strategy, header))
    return path
