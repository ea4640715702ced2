"""Map one row of a delimited export (CSV, TSV, XLSX) onto a record through its dialect."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..models import Record
from ..outfiles import is_own_csv, unneutralise
from .csv_dialects import DEFAULT_SPLIT, WOS, WOS_DATABASES, Dialect
from .delimited_cells import SPLITTERS, clean_cell, clean_url, parse_citation, pmid_in_text
from .delimited_header import header_key
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record, is_blank, is_empty

#: Columns of litsearch's own CSV that it writes only as a number or an identifier, or
#: empty: a placeholder there ("NA") means a program re-saved the file writing one for
#: every empty cell (R's write.csv, readr's write_csv), so placeholders are empty again.
OWN_TYPED_COLUMNS = ("litsearch_record_id", "search_run", "cluster_id", "year", "doi", "pmid",
                     "pmcid", "issn", "isbn")


class RowMapper:
    """Precomputed column lookups for one header and dialect.

    Args:
        header: Column names as written in the file.
        dialect: The dialect chosen for the header.
    """

    def __init__(self, header: Sequence[str], dialect: Dialect) -> None:
        self.dialect = dialect
        self.names = _unique_names(header)
        index = {}
        for i, name in enumerate(header):
            index.setdefault(header_key(name), i)
        self.fields: list[tuple[str, int]] = []
        for fname, columns in dialect.columns.items():
            for column in columns:
                i = index.get(header_key(column))
                if i is not None:
                    self.fields.append((fname, i))
        self.used = {i for _, i in self.fields}
        # litsearch's own CSV: "'=SUM(A1)" reads back as "=SUM(A1)" (outfiles.neutralise).
        self.own = is_own_csv(header)
        self.typed = [i for i, name in enumerate(header)
                      if header_key(name) in {header_key(c) for c in OWN_TYPED_COLUMNS}]
        #: Where a placeholder was first seen in a typed column of litsearch's own CSV
        #: (``(line, column, cell)``); from then on placeholders read as empty.
        self.resaved: tuple[int | None, str, str] | None = None
        overflow = [index[header_key(c)] for c in dialect.overflow if header_key(c) in index]
        self.overflow = overflow[0] if overflow else None

    def realign(self, cells: list[str], warnings: list[str]) -> list[str]:
        """Fit a ragged row to the header.

        Trailing empty cells are dropped (old WoS tab exports end every row with a tab).
        Surplus cells go into the dialect's overflow column when it has one (Scopus
        writes each extra funding text as a cell of its own); otherwise they are kept
        in ``extra`` with a warning.
        """
        width = len(self.names)
        while len(cells) > width and not cells[-1].strip():
            cells = cells[:-1]
        surplus = len(cells) - width
        if surplus <= 0:
            return cells + [""] * (-surplus)
        if self.overflow is not None:
            i = self.overflow
            joined = "\n".join(c for c in cells[i: i + surplus + 1] if c.strip())
            return cells[:i] + [joined] + cells[i + surplus + 1:]
        warnings.append(f"row has {len(cells)} cells for {width} columns; "
                        "the surplus cells are kept in extra['surplus_cells']")
        return cells

    def notice_resave(self, cells: Sequence[str], line: int | None) -> None:
        """Tell from one row of litsearch's own CSV whether a program wrote "NA" for empty."""
        if not self.own or self.resaved is not None:
            return
        for i in self.typed:
            cell = cells[i].strip() if i < len(cells) else ""
            if cell and is_blank(cell):
                self.resaved = (line, self.names[i], cell)
                return

    def resave_note(self, source_name: str) -> str | None:
        """The note for the run when the file is litsearch's CSV re-saved with placeholders."""
        if self.resaved is None:
            return None
        line, column, cell = self.resaved
        where = f"line {line}, " if line else ""
        return (f"{source_name} is litsearch's CSV re-saved by another program, which wrote "
                f"{cell!r} for an empty cell ({where}column {column}): placeholders such as "
                f"{cell!r} were read as empty fields.")

    def record(self, cells: list[str], position: int, line: int | None) -> Record:
        """Build the record for one row (cells already split by the CSV reader)."""
        warnings: list[str] = []
        cells = [clean_cell(str(c)) for c in cells]
        if self.own:
            self.notice_resave(cells, line)
            cells = [unneutralise(c) for c in cells]
        cells = self.realign(cells, warnings)
        width = len(self.names)
        row = {name: cells[i] for i, name in enumerate(self.names)}
        values: dict[str, list[str]] = {}
        tail: dict[str, list[str]] = {}
        # litsearch's own CSV writes "" for empty: its cells are read as they stand,
        # unless another program re-saved it with a placeholder for every empty cell.
        literal = self.own and self.resaved is None
        blank = is_empty if literal else is_blank
        for fname, i in self.fields:
            cell = cells[i]
            if blank(cell):
                continue
            if fname == "citation":
                for key, part in parse_citation(cell).items():
                    tail.setdefault(key, []).append(part)
            elif fname == "pmid_in_text":
                found = pmid_in_text(cell)
                if found:
                    tail.setdefault("pmid", []).append(found)
            elif fname in FIRST_SOURCE_LISTS and values.get(fname):
                continue
            elif fname in LIST_FIELDS:
                split = SPLITTERS[self.dialect.split.get(fname, DEFAULT_SPLIT[fname])]
                values.setdefault(fname, []).extend(split(cell))
            else:
                values.setdefault(fname, []).append(clean_url(cell) if fname == "url" else cell)
        for key, parts in tail.items():
            values.setdefault(key, []).extend(parts)
        if self.dialect is WOS:
            # MEDLINE on the WoS platform carries the PMID only in its accession number.
            values.setdefault("pmid", []).extend(
                v.split(":", 1)[1] for v in values.get("source_record_id", [])
                if v.upper().startswith("MEDLINE:"))
        database = self._database(values)
        if database:
            values.setdefault("database", []).insert(0, database)
        extra: dict[str, object] = {"csv_dialect": self.dialect.name}
        for i, name in enumerate(self.names):
            if i not in self.used and not blank(cells[i]):
                extra[name] = cells[i]
        if len(cells) > width:
            extra["surplus_cells"] = cells[width:]
            row["surplus_cells"] = json.dumps(cells[width:], ensure_ascii=False)
        original = json.dumps(row, ensure_ascii=False)
        return build_record(values, extra=extra, original=original, position=position,
                            line=line, warnings=warnings, placeholders=not literal)

    def _database(self, values: dict[str, list[str]]) -> str | None:
        if self.dialect is WOS:
            for ident in values.get("source_record_id", []):
                prefix = ident.split(":", 1)[0].strip().upper()
                prefix = "ZOOR" if prefix.startswith("ZOOR") else prefix
                if prefix in WOS_DATABASES:
                    return WOS_DATABASES[prefix]
        return self.dialect.database


def _unique_names(header: Sequence[str]) -> list[str]:
    """Make repeated column names distinct ("labeled_at", "labeled_at (2)")."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        count = seen.get(name, 0) + 1
        seen[name] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names
