"""Import decisions made elsewhere (Rayyan, ASReview, Covidence exports, spreadsheets).

The whole file is checked before anything is written. Each row is matched to one
work of the review by its DOI, PMID, then title and year (:mod:`.row_match`); another
tool's own record numbers are never taken for litsearch's. Rows that match nothing,
match several works or carry identifiers that disagree are refused and listed, and
nothing is written unless every row matches (or ``skip_unmatched`` is given). A bad
decision word, stage, reviewer or reason stops the import with a one-line error naming
the file and line. Rows with a blank decision (ASReview's unseen records) are skipped.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LitsearchError, ScreeningError
from ..importers.delimited_cells import clean_cell
from ..importers.delimited_header import DELIMITERS
from ..importers.source import Source
from ..outfiles import is_own_csv, unneutralise
from ..store import Store, now
from ..wording import plural
from .criteria import Criteria
from .decisions import append_decision, check_decision
from .identity import reviewer_picker
from .row_match import WorkIndex, match_row
from .state import stage_outcomes, stage_pool

#: Columns that hold litsearch record ids: the ones litsearch's own exports write
#: (``export decisions``, ``export -f csv``). Another tool's id column (Rayyan ``key``,
#: ASReview ``record_id``, Covidence ``Covidence #``) is never read as one.
ID_COLUMNS = ("litsearch_record_id",)
#: Id-like columns other tools write: reported as not read, so the user knows why.
OTHER_ID_COLUMNS = ("record_id", "id", "key", "covidence_#", "litsearch_id", "ref")
#: Accepted column names per field, compared lower-cased with spaces and dashes as '_'.
COLUMN_ALIASES = {
    "doi": ("doi", "item_doi"),
    "pmid": ("pmid", "pubmed_id", "pubmedid", "medline_pmid"),
    "title": ("title", "primary_title", "ti", "document_title", "article_title"),
    "year": ("year", "publication_year", "published_year", "py", "pub_year"),
    # ASReview's export keeps the dataset's own columns (a label from an earlier round,
    # ``included``) and adds the decisions made in it as asreview_label: that one first.
    "decision": ("asreview_label", "decision", "label", "vote", "included", "label_included",
                 "screening_decision", "status"),
    "reason": ("reason", "exclusion_reason", "reasons", "exclusion_reasons"),
    "reviewer": ("reviewer", "user", "screener", "asreview_user_name"),
    "stage": ("stage",),
    "note": ("note", "notes", "asreview_note", "comment"),
}
#: Rayyan keeps each reviewer's decision in its notes column:
#: ``RAYYAN-INCLUSION: {"Emily"=>"Included", "Bob"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: …``.
RAYYAN_INCLUSION = re.compile(r"RAYYAN-INCLUSION:\s*\{([^}]*)\}")
RAYYAN_VOTE = re.compile(r'"([^"]+)"\s*=>\s*"([^"]+)"')
RAYYAN_REASONS = re.compile(r"RAYYAN-EXCLUSION-REASONS:\s*([^|]+)")
#: How many refused rows an error message lists before "and N more".
LISTED_ROWS = 10
#: Decision words other tools write, mapped to litsearch decisions.
DECISION_WORDS = {
    "include": "include", "included": "include", "yes": "include", "y": "include",
    "1": "include", "relevant": "include", "accept": "include", "accepted": "include",
    "exclude": "exclude", "excluded": "exclude", "no": "exclude", "n": "exclude",
    "0": "exclude", "irrelevant": "exclude", "reject": "exclude", "rejected": "exclude",
    "maybe": "maybe", "unsure": "maybe", "undecided": "maybe",
    "not-retrieved": "not-retrieved", "not retrieved": "not-retrieved",
}
#: Stage words accepted in a ``stage`` column.
STAGE_WORDS = {"title-abstract": "title-abstract", "ta": "title-abstract",
               "title/abstract": "title-abstract", "tiab": "title-abstract",
               "full-text": "full-text", "ft": "full-text", "fulltext": "full-text",
               "full text": "full-text"}


class UnmatchedRowsError(ScreeningError):
    """Rows of a decisions file that match no single work; nothing was imported.

    Attributes:
        rows: ``(line, reason)`` for every refused row.
    """

    def __init__(self, path: Path, rows: list[tuple[int, str]], total: int) -> None:
        listed = "; ".join(f"line {line}: {why}" for line, why in rows[:LISTED_ROWS])
        more = f"; and {len(rows) - LISTED_ROWS} more" if len(rows) > LISTED_ROWS else ""
        super().__init__(f"{path}: {len(rows)} of {total} rows match no single work in the "
                         f"review, so nothing was imported: {listed}{more}.",
                         "Correct those rows, or pass --skip-unmatched to import the rest "
                         "(the skipped rows are listed).")
        self.rows = rows


@dataclass
class ImportResult:
    """What an import wrote, and what it left out."""

    imported: int = 0
    skipped_blank: int = 0
    #: Title/abstract decisions on records the rule criteria excluded: kept, but they do
    #: not count (those records never reach title/abstract screening).
    on_auto_excluded: int = 0
    #: Full-text decisions on records that have not reached full text (not included at
    #: title/abstract, or awaiting a second vote there): kept, counted once they do.
    before_full_text: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    #: ``(line, reason)`` of rows left out with ``skip_unmatched``.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: Rows that repeat another row's decision on the same work (written once).
    repeated: int = 0
    #: Id-like columns of the file that were not read as litsearch record ids.
    unread_id_columns: list[str] = field(default_factory=list)
    #: Rows an earlier import of this same file wrote (their client ids): not written again.
    already: int = 0
    #: What was noticed reading the file (an encoding other than UTF-8).
    notes: list[str] = field(default_factory=list)


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))


def _column_map(header: Sequence[str], id_column: str | None = None) -> dict[str, int]:
    """Map field -> column index; ``id`` only from a litsearch id column or ``id_column``.

    Raises:
        ScreeningError: ``id_column`` is not a column of the file.
    """
    norm = [_norm(h) for h in header]
    found = {}
    for name, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in norm:
                found[name] = norm.index(alias)
                break
    if id_column is not None:
        if _norm(id_column) not in norm:
            raise ScreeningError(f"--id-column {id_column!r} is not a column of the file "
                                 f"(columns: {', '.join(h.strip() for h in header)}).",
                                 "Name the column that holds litsearch record ids.")
        found["id"] = norm.index(_norm(id_column))
    else:
        for alias in ID_COLUMNS:
            if alias in norm:
                found["id"] = norm.index(alias)
                break
    return found


def _delimiter(first_line: str, id_column: str | None) -> str:
    """Return the delimiter that splits the header into the most known column names.

    Excel writes semicolons where the comma is the decimal sign; tab-separated text is
    another common save. A tie (a one-column file) is read as comma-separated.
    """
    known = {a for aliases in COLUMN_ALIASES.values() for a in aliases} | set(ID_COLUMNS)
    known |= {_norm(id_column)} if id_column else set()

    def score(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_norm(cell) in known for cell in cells)

    return max(DELIMITERS, key=score)


def _read(path: Path, id_column: str | None) -> tuple[Source, str, str]:
    """Return the file's source, decoded text and delimiter.

    Raises:
        ScreeningError: The file cannot be read.
    """
    try:
        # The importers' detection: a BOM, UTF-16, else UTF-8, else Windows-1252 (what
        # Excel's plain "CSV" save writes), said in a note.
        source = Source.from_path(path)
        with source.open_text() as stream:
            text = stream.read()
    except (LitsearchError, UnicodeDecodeError) as exc:
        raise ScreeningError(f"cannot read {path}: {exc}.", "Save it as UTF-8 CSV.") from exc
    return source, text, _delimiter(text.split("\n", 1)[0], id_column)


#: One vote of a row: decision word, reviewer, reason, and where the reviewer's name
#: came from (None: ``--reviewer``; else the file's column, for the messages).
Vote = tuple[str, str | None, str | None, str | None]


def _votes(values: dict[str, str], decision: str | None, reviewer: str | None,
           columns: dict[str, str]) -> list[Vote]:
    """Return the row's votes; none for a blank row.

    A decision column wins; else Rayyan's notes (one vote per reviewer named there);
    else the decision given for the whole file. ``columns``: field -> the file's header.
    """
    reason = values.get("reason", "").strip() or None
    cell = values.get("reviewer", "").strip()
    who, source = (cell, f"column '{columns['reviewer']}'") if cell else (reviewer, None)
    if "decision" in values:
        word = values["decision"].strip().lower()
        return [(word, who, reason, source)] if word else []
    notes = values.get("note", "")
    inclusion = RAYYAN_INCLUSION.search(notes)
    if inclusion:
        reasons = RAYYAN_REASONS.search(notes)
        rayyan_reason = reason or (reasons.group(1).strip() if reasons else None)
        return [(word.strip().lower(), name.strip(),
                 rayyan_reason if word.strip().lower().startswith("exclu") else None,
                 f"Rayyan's inclusion note in column '{columns['note']}'")
                for name, word in RAYYAN_VOTE.findall(inclusion.group(1))]
    return [(decision, who, reason, source)] if decision else []


def import_decisions(store: Store, criteria: Criteria, path: str | Path,
                     reviewers: Sequence[str], stage: str = "title-abstract",
                     reviewer: str | None = None, *, id_column: str | None = None,
                     decision: str | None = None, skip_unmatched: bool = False
                     ) -> ImportResult:
    """Check and import a CSV of decisions in one transaction.

    Rows are matched to works by DOI, PMID, then title and year
    (:func:`litsearch.screening.row_match.match_row`); a litsearch record id is read
    only from a ``litsearch_record_id`` column or the column ``id_column`` names.

    Args:
        store: The review database.
        criteria: The review's criteria (reason labels are checked against them).
        path: The CSV file: DOI, PMID, title (and year) columns to match on, a
            decision column (or Rayyan's notes, or ``decision``), and optional reason,
            reviewer, stage and note columns.
        reviewers: The reviewers review.toml lists.
        stage: The stage for rows without a stage column.
        reviewer: The reviewer for rows without a reviewer column.
        id_column: A column that holds litsearch record ids.
        decision: The decision of every row, for a file without a decision column (a
            Covidence export of one list).
        skip_unmatched: Import the rows that match and list the others, instead of
            refusing the whole file.

    Raises:
        ScreeningError: A bad row, as "FILE line N: what. How to fix."
        UnmatchedRowsError: Rows that match no single work (unless ``skip_unmatched``).
    """
    path = Path(path)
    source, text, delimiter = _read(path, id_column)
    # Only \r and \n end a row: str.splitlines would also break a cell at U+2028, a
    # form feed or a vertical tab, and read its tail as a row of its own.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    try:
        cols = _column_map(header, id_column)
    except ScreeningError as exc:
        raise ScreeningError(f"{path} line 1: {exc.message}", exc.hint) from None
    rayyan = "note" in cols and "decision" not in cols
    own = is_own_csv(header)
    if not ("decision" in cols or rayyan or decision) or \
            not {"id", "doi", "pmid", "title"} & set(cols):
        raise ScreeningError(f"{path} line 1: needs a decision column (or --decision) and one "
                             "of doi, pmid, title or litsearch_record_id.",
                             "Rename the columns (see --help).")
    result = ImportResult(unread_id_columns=[
        h.strip() for h in header if _norm(h) in OTHER_ID_COLUMNS
        and ("id" not in cols or header.index(h) != cols["id"])])
    others = [h.strip() for i, h in enumerate(header) if "decision" in cols
              and i != cols["decision"] and _norm(h) in COLUMN_ALIASES["decision"]]
    if others:
        result.notes.append(f"decisions were read from column {header[cols['decision']].strip()}"
                            f"; {', '.join(others)} also look like decisions and were not read.")
    if source.encoding == "cp1252":
        result.notes.append(f"{path.name} is not valid UTF-8; read as Windows-1252 (Excel's "
                            "plain CSV save). If accented letters look wrong, save it as CSV "
                            "UTF-8 and import it again.")
    index = WorkIndex.from_store(store)
    pick = reviewer_picker(store, reviewers)  # on a team review: the connected role
    names = {field: header[i].strip() for field, i in cols.items()}
    rows: dict[tuple[int, str, str], tuple] = {}
    first_line: dict[tuple[int, str, str], int] = {}
    total, line = 0, 1
    for fields_ in reader:
        start, line = line + 1, reader.line_num
        # Cells as a spreadsheet protects them (="10.1000/x") read as their value.
        values = {k: clean_cell(fields_[i]) if i < len(fields_) else ""
                  for k, i in cols.items()}
        if own:
            # litsearch's own CSV (export decisions, export -f csv) quotes cells that start
            # like a formula; the quote is not part of the note, title or reason.
            values = {k: unneutralise(v) for k, v in values.items()}
        votes = _votes(values, decision, reviewer, names)
        if not votes:
            result.skipped_blank += 1
            continue
        total += 1
        found = match_row(index, values)
        if found.unit is None:
            result.skipped.append((start, found.reason))
            continue
        for word, who, reason, named_in in votes:
            try:
                row = _check_row(found.unit, values, word, (who, named_in), reason, criteria,
                                 pick, stage)
            except ScreeningError as exc:
                raise ScreeningError(f"{path} line {start}: {exc.message}", exc.hint) from None
            key = (found.unit, row[1], row[2])
            if key not in rows:
                rows[key], first_line[key] = row, start
            elif rows[key] is not None and rows[key][3:5] == row[3:5]:
                result.repeated += 1
            else:
                # Two rows give one work different decisions by one reviewer: which is
                # meant cannot be told, so neither row stands.
                result.skipped.append((start, f"record {found.unit} is also on line "
                                              f"{first_line[key]}, with a different decision "
                                              f"by {row[2]} at {row[1]}"))
                if rows[key] is not None:
                    result.skipped.append((first_line[key], f"record {found.unit} is also on "
                                                            f"line {start}, with a different "
                                                            "decision"))
                rows[key] = None
    if result.skipped and not skip_unmatched:
        raise UnmatchedRowsError(path, sorted(result.skipped), total)
    result.skipped.sort()
    _write(store, index.unit_of, [(first_line[k], r) for k, r in rows.items() if r is not None],
           path, source.sha256, result)
    return result


def _write(store: Store, unit_of: dict[int, int], rows: list[tuple[int, tuple]], path: Path,
           digest: str, result: ImportResult) -> None:
    stamp, source = now(), f"import:{path.name}"
    auto = stage_outcomes(store, "auto", unit_of)
    with store.transaction():
        for line, (unit, st, who, decision, reason, note) in rows:
            # The row's client id comes from the file's bytes and the row: the same file
            # imported again writes none of its rows twice (an edited file is new rows).
            client_id = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                       f"litsearch-import:{digest}:{line}:{st}:{who}"))
            _event, written = append_decision(store, unit, st, who, decision, reason=reason,
                                              note=note or None, source=source,
                                              decided_at=stamp, client_id=client_id,
                                              place=False)
            if not written:
                result.already += 1
                continue
            result.on_auto_excluded += st == "title-abstract" and auto.get(unit) == "exclude"
            result.imported += 1
            result.by_decision[decision] = result.by_decision.get(decision, 0) + 1
        if result.already:
            result.notes.append(
                f"{plural(result.already, 'decision')} of {path.name} "
                f"{'was' if result.already == 1 else 'were'} imported before from this same "
                "file and not written again.")
        # After the file's own title/abstract rows, which may bring a record to full text.
        full_text = [unit for _line, (unit, st, *_) in rows if st == "full-text"]
        if full_text:
            reached = set(stage_pool(store, "full-text", sorted(set(full_text)), unit_of))
            result.before_full_text = sum(unit not in reached for unit in full_text)


def _check_row(unit: int, values: dict[str, str], word: str,
               who: tuple[str | None, str | None], reason: str | None, criteria: Criteria,
               pick: Callable[[str | None, str | None], str], stage: str) -> tuple:
    decision = DECISION_WORDS.get(word)
    if decision is None:
        raise ScreeningError(f"bad decision word '{word}'.",
                             "Use include, exclude, maybe or not-retrieved (or yes/no, 1/0).")
    st_word = values.get("stage", "").strip().lower()
    st = STAGE_WORDS.get(st_word) if st_word else stage
    if st is None:
        raise ScreeningError(f"unknown stage '{st_word}'.", "Use title-abstract or full-text.")
    name = pick(*who)  # (the name, where it came from)
    reason = check_decision(criteria, st, decision, reason)
    # A note from Rayyan's notes column is its decision record, not a reviewer's note.
    note = "" if RAYYAN_INCLUSION.search(values.get("note", "")) else values.get("note", "")
    return unit, st, name, decision, reason, note.strip()
