"""Find the header row and delimiter of a delimited export, and pick its dialect."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .csv_dialects import DIALECTS, GENERIC, WOS, Dialect

#: Delimiters seen in exports (comma, tab, Excel's semicolon for some locales).
DELIMITERS = (",", "\t", ";")
#: How many leading rows may be preamble before the header (Embase writes 3).
MAX_PREAMBLE_ROWS = 30
_WOS_TAG_RE = re.compile(r"^[A-Z][A-Z0-9]$")
#: What a column name looks like (every header cell of the shared corpora does): words,
#: not code or prose ('"--title"', 'title = "x"', '"""List the records').
_NAME_RE = re.compile(r"[\w .()/&'#%:?+,-]{1,80}")


def header_key(name: str) -> str:
    """Return a column name folded for alias comparison."""
    return re.sub(r"[\s._\-]+", "", name.strip().strip('"').lower())


_KNOWN = frozenset(header_key(c) for d in (*DIALECTS, GENERIC)
                   for cols in d.columns.values() for c in cols)
#: Column names that hold a title in some dialect: a header needs one (a source file
#: or a table of anything else is not a bibliographic export, however many of its
#: words look like column names).
_TITLES = frozenset(header_key(c) for d in (*DIALECTS, GENERIC) for c in d.columns.get("title", ()))


@dataclass(frozen=True)
class Layout:
    """Where the records of a delimited file start and how to read them.

    Attributes:
        delimiter: The cell separator.
        header_row: 0-based index of the header among the parsed rows.
        header: Column names as written (blank names become ``column N``).
        dialect: The matching dialect (GENERIC when none matches).
        score: How many header cells are known column names.
    """

    delimiter: str
    header_row: int
    header: tuple[str, ...]
    dialect: Dialect
    score: int


def _rows(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_PREAMBLE_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _is_wos_header(cells: list[str]) -> bool:
    tags = [c.strip() for c in cells if c.strip()]
    return len(tags) >= 5 and tags[0].lstrip("\ufeff") in ("PT", "FN") and \
        all(_WOS_TAG_RE.match(t) for t in tags)


def choose_dialect(header: list[str]) -> Dialect:
    """Return the dialect whose signature the header holds (most specific first)."""
    keys = {header_key(c) for c in header}
    if _is_wos_header(header):
        return WOS
    best, size = GENERIC, 0
    for dialect in DIALECTS:
        if dialect is WOS:
            continue
        if all(header_key(c) in keys for c in dialect.signature) and \
                len(dialect.signature) > size:
            best, size = dialect, len(dialect.signature)
    return best


def best_header(rows: list[list[str]]) -> tuple[int, tuple[str, ...], int] | None:
    """Return (index, header, score) of the row that looks most like a header, or None.

    A header is the row with most known column names (or a full row of WoS tags),
    one of them a title column; rows before it are preamble (Embase's search query,
    dashes, blank rows).
    """
    best: tuple[int, tuple[str, ...], int] | None = None
    for index, row in enumerate(rows[: MAX_PREAMBLE_ROWS + 1]):
        cells = [str(c if c is not None else "").strip().lstrip("\ufeff") for c in row]
        named = [c for c in cells if c]
        if not named:
            continue
        score = len(cells) if _is_wos_header(cells) else \
            sum(1 for c in named if header_key(c) in _KNOWN)
        if score == 0 or (len(named) < 2 and len(cells) > 1) or \
                not any(header_key(c) in _TITLES for c in named) or \
                not all(_NAME_RE.fullmatch(c) for c in named) or (index and score < 2):
            # (Below a preamble, one known name is too little: Embase's header has dozens.)
            continue
        if best is None or score > best[2] or (score == best[2] and len(cells) > len(best[1])):
            # Trailing unnamed columns (RefWorks, Excel re-saves) get placeholder names.
            header = tuple(c or f"column {i + 1}" for i, c in enumerate(cells))
            best = (index, header, score)
    return best


def _rows_fit(rows: list[list[str]], index: int, width: int) -> bool:
    """Tell whether most rows after a header have its width (within one cell).

    Every row of a delimited export has as many cells as its header; lines of prose
    or code split at commas have any number.
    """
    # The last row read from the head may be cut, or swallowed by an unclosed quote (the
    # reader reports that with its line): it does not count.
    after = [len(row) for row in rows[index + 1:-1] if any(c.strip() for c in row)]
    return not after or 2 * sum(abs(n - width) <= 1 for n in after) >= len(after)


def find_layout(head: str) -> Layout | None:
    """Locate the delimiter and header row of a delimited file from its head.

    Args:
        head: The first characters of the decoded file.

    Returns:
        The layout, or None when no row looks like a header of a delimited export.
    """
    # Drop a possibly cut last line so a half row does not look like a header.
    if "\n" in head:
        head = head[: head.rfind("\n") + 1]
    best: Layout | None = None
    for delimiter in DELIMITERS:
        rows = _rows(head, delimiter)
        found = best_header(rows)
        if found is None or not _rows_fit(rows, found[0], len(found[1])):
            continue
        index, header, score = found
        if best is None or score > best.score or (
                score == best.score and len(header) > len(best.header)):
            best = Layout(delimiter, index, header, choose_dialect(list(header)), score)
    return best


def sniff_score(head: str) -> float:
    """Score how likely the head is a delimited export (known dialects score higher)."""
    layout = find_layout(head)
    if layout is None:
        return 0.0
    if layout.dialect is WOS:
        return 0.9 if layout.delimiter == "\t" else 0.6
    if layout.dialect.name != "generic":
        return 0.5
    return 0.1 if layout.score >= 2 else 0.05
