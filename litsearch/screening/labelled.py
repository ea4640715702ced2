"""Read a fully labelled set for ``litsearch simulate``: any importable file plus a label.

The file goes through the same readers as ``litsearch import`` (CSV, RIS, ...); the
label is a column (or tag) that the reader keeps among a record's extra fields.
A label must read as include (1, yes, true, include, included, relevant) or exclude
(0, no, false, exclude, excluded, irrelevant); anything else stops the run with the
record named, so no record is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ScreeningError
from ..importers import choose_reader
from ..importers.source import Source
from .ranking import record_text

_YES = {"1", "1.0", "yes", "y", "true", "include", "included", "relevant"}
_NO = {"0", "0.0", "no", "n", "false", "exclude", "excluded", "irrelevant"}


@dataclass(frozen=True)
class Labelled:
    """Texts and 1/0 labels, in file order."""

    name: str
    label: str
    texts: list[str]
    labels: np.ndarray
    #: (record, the earlier record it repeats), 1-based: same title, keywords and
    #: abstract. Each is still simulated as its own record, so the user is told.
    repeats: tuple[tuple[int, int], ...] = ()


def _label_value(raw: object, label: str, where: str) -> int:
    value = str(raw).strip().lower()
    if value in _YES:
        return 1
    if value in _NO:
        return 0
    shown = "an empty cell" if not value else repr(str(raw))
    raise ScreeningError(f"{where}: the label column {label!r} holds {shown}, "
                         "neither include nor exclude.",
                         "A simulation needs every record labelled (1/0, yes/no, "
                         "include/exclude); drop or label that record.")


def _label_cell(extra: dict, label: str) -> object | None:
    """The record's value in the label column (case-insensitive); None when absent."""
    found = next((v for k, v in extra.items() if str(k).lower() == label.lower()), None)
    if isinstance(found, list):
        found = found[0] if found else None
    return found


def load_labelled(path: str | Path, label: str) -> Labelled:
    """Read ``path`` and its ``label`` column.

    Raises:
        LitsearchError: The file cannot be read, the column is missing, or a label is
            blank or unreadable (the record is named).
    """
    path = Path(path)
    if not path.is_file():
        raise ScreeningError(f"{path} does not exist.", "Give the labelled file's path.")
    source = Source.from_path(path)
    reader = choose_reader(source)
    texts: list[str] = []
    labels: list[int] = []
    records = list(reader.read(source))
    values = [_label_cell(record.extra, label) for record in records]
    # A reader leaves an empty cell out of a record's extra fields, so a record without
    # the column is a blank label when any other record has it.
    column_seen = any(v is not None for v in values)
    for i, (record, found) in enumerate(zip(records, values, strict=True), start=1):
        if found is None and not column_seen:
            extra = {str(k).lower() for k in record.extra}
            seen = ", ".join(sorted(k for k in extra if k != "csv_dialect")) or "none"
            raise ScreeningError(
                f"{path.name}, record {i}: no label column {label!r} (columns kept beside "
                f"the bibliographic ones: {seen}).",
                "Name the column that holds the decisions with --label.")
        labels.append(_label_value("" if found is None else found, label,
                                   f"{path.name}, record {i}"))
        keywords = "; ".join(record.keywords) if record.keywords else None
        texts.append(record_text(record.title, record.abstract, keywords))
    if not texts:
        raise ScreeningError(f"{path.name} holds no records.", "Check the file.")
    if not any(text.strip() for text in texts):
        raise ScreeningError(f"no record of {path.name} has a title, abstract or keywords: "
                             "a model has nothing to learn from, and any figure would be "
                             "chance.", "Check the file's column names (title, abstract).")
    first: dict[str, int] = {}
    repeats = []
    for i, text in enumerate(texts, start=1):
        key = " ".join(text.lower().split())
        if key and first.setdefault(key, i) != i:
            repeats.append((i, first[key]))
    return Labelled(path.name, label, texts, np.asarray(labels, dtype=np.int64),
                    tuple(repeats))
