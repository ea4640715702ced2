"""RIS in every dialect: databases (Embase.com, Ovid, Scopus, WoS, Cochrane, EBSCO, ...)
and reference managers (EndNote, Zotero, Mendeley, RefWorks, Citavi, Rayyan, ...).

The line loop is written here rather than taken from rispy: rispy gives neither
line numbers nor each record's verbatim text, joins every untagged line the same
way (EndNote's one-keyword-per-line lists need a new value, IEEE's wrapped titles
need a join), and stops at text outside records that Ovid, Cochrane and JSTOR
write between ER and the next TY. rispy writes RIS (:mod:`litsearch.report.export`).
Field maps are the tables in :mod:`litsearch.importers.ris_dialects`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from .. import normalise
from ..errors import ImportFormatError
from ..models import Record
from ..wording import plural
from . import ris_dialects as tables
from .core_lines import line_blocks
from .core_record import JOINED_FIELDS, build_record, first, isbn, year_of
from .registry import Reader, register
from .ris_outside import outside_notes
from .source import Source

# Two-letter tags take 0-2 spaces before the dash; longer ones ("PMID  - ") exactly two,
# so an abstract line such as "BMI - body mass index" is not mistaken for a tag.
_TAG_RE = re.compile(r"^(?:([A-Z][A-Z0-9]) {0,2}|([A-Z][A-Z0-9]{2,3})  )-(?: (.*))?$")
# Rayyan joins lines: "UR  - https://…&from=export     U2  - L2029880245". A run of spaces
# then a tag and "  - " inside a value starts a new tag.
_GLUED_RE = re.compile(r"\s{2,}([A-Z][A-Z0-9]{1,3})  - ")
_SNIFF_RE = re.compile(r"^\s*TY {1,2}- ", re.MULTILINE)
# A damaged record start: lower case, the space after the dash lost, or up to three stray
# characters before the tag ("xTY  - JOUR", "ty  -JOUR", a BOM a tool turned into text).
_LOOSE_TY_RE = re.compile(r"^(?P<junk>.{0,3}?)(?i:ty) {0,3}- ?(?P<type>[A-Za-z]{2,7})\s*$")
_COMPACT_DATE_RE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)(?:[01]\d[0-3]\d)(?!\d)")
_ISSUE_JUNK_RE = re.compile(r"\d{6,}")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})
_USED = ({t for tags in tables.FIELD_TAGS.values() for t in tags}
         | {"TY", "ER", "AU", "A1", "KW", "DO", "N2", "AB"})


def _year(tags: dict[str, list[str]]) -> int | None:
    for tag in tables.FIELD_TAGS["year"]:
        for value in tags.get(tag, ()):
            found = year_of(value)
            if found is None:
                compact = _COMPACT_DATE_RE.search(value)  # TRID "Start date: 20170812"
                found = int(compact.group(1)) if compact else None
            if found:
                return found
    return None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _matches(tags: dict[str, list[str]], patterns: tuple[tuple[str, str], ...]) -> str | None:
    for tag, pattern in patterns:
        values = tags.get(tag)
        if not values:
            continue
        rx = _PATTERNS.get(pattern)
        if rx is None:
            rx = _PATTERNS[pattern] = re.compile(pattern)
        for value in values:
            match = rx.search(value)
            if match:
                return match.group(1)
    return None


def _pmid(tags: dict[str, list[str]], dialect: tables.Dialect) -> str | None:
    found = _matches(tags, dialect.pmid) or _matches(tags, tables.PMID_PATTERNS)
    if found:
        return found
    # An all-digit accession number is a PMID when the record says it came from
    # MEDLINE/PubMed (EndNote "DP - NLM", Zotero "DB - PubMed", Ovid MEDLINE segments).
    id_tags = ("ID", "AN") if dialect.name == "ovid" else ("AN",)
    sources = tags.get("DB", []) + tags.get("DP", [])
    if any(tables.PMID_ACCESSION_DB.search(s) for s in sources):
        return _matches(tags, tuple((t, r"^(\d{1,9})$") for t in id_tags))
    return None


def _doi(tags: dict[str, list[str]], dialect: tables.Dialect) -> str | None:
    for tag in (*dialect.extra_doi, *tables.DOI_TAGS):
        for value in tags.get(tag, ()):
            if normalise.doi(value):
                return value
    for tag in tables.DOI_NOTE_TAGS:
        for value in tags.get(tag, ()):
            if re.fullmatch(r"(?i)(?:doi:?\s*)?10\.\d{4,9}/\S+", value.strip()):
                return value
    for tag in tables.URL_TAGS:
        for value in tags.get(tag, ()):
            if "doi.org/10." in value.lower():
                return value.split("?")[0]
    return None


def _pages(tags: dict[str, list[str]], dialect: tables.Dialect) -> tuple[str | None, str | None]:
    start = first(v.translate(_DASHES) for v in tags.get("SP", ()))
    end = first(v.translate(_DASHES) for v in tags.get("EP", ()))
    if (start, end) in tables.NO_PAGES:
        return None, None
    # Many exporters put the whole range in SP; litsearch's own writes SP and EP apart, so
    # its SP is read whole ("00193-2021" is an article number, not pages 193 to 2021).
    if start and not end and "-" in start and dialect.name != "litsearch":
        return normalise.pages(start)
    return start, end


def _database(tags: dict[str, list[str]], dialect: tables.Dialect) -> str | None:
    if dialect.name == "ovid":
        for db in tags.get("DB", ()):
            for pattern, name in tables.OVID_DATABASES:
                if re.search(pattern, db):
                    return name
    return dialect.database


_FIELDS = tuple((name, order) for name, order in tables.FIELD_TAGS.items() if name != "year")


def _authors(pairs: list[tuple[str, str]], tags: dict[str, list[str]],
             author_tags: tuple[str, ...]) -> list[str]:
    """Return the non-blank values of ``author_tags`` in file order."""
    present = [t for t in author_tags if t in tags]
    if len(present) == 1:
        return tags[present[0]]  # one tag: its values are already in file order
    return [v.strip() for t, v in pairs if t in author_tags and v.strip()]


def to_record(pairs: list[tuple[str, str]], position: int, line: int, original: str,
              hint: str | None = None) -> Record:
    """Map one record's (tag, value) pairs, in file order, to a Record.

    ``hint`` names the dialect the text around the records points to (Ovid numbering).
    """
    tags: dict[str, list[str]] = {}
    for tag, value in pairs:
        value = value.strip()
        if value:
            found = tags.get(tag)
            if found is None:
                tags[tag] = [value]
            else:
                found.append(value)
    dialect = tables.detect(tags, hint)
    fields: dict[str, str | None] = {}
    for name, order in _FIELDS:  # core_record.pick, inlined: values here are stripped
        fields[name] = None
        for tag in order:
            found = tags.get(tag)
            if found:
                fields[name] = "; ".join(found) if name in JOINED_FIELDS else found[0]
                break
    # SN holds an ISSN or an ISBN; a book chapter may carry both (SN ISSN, BN ISBN).
    fields["isbn_value"] = next((v for t in tables.FIELD_TAGS["isbn_value"]
                                 for v in tags.get(t, ()) if isbn(v)), None)
    if fields["issue"] and _ISSUE_JUNK_RE.search(fields["issue"]):
        fields["issue"] = None  # Ovid's newer RIS puts the NLM journal ID in IS
    fields["start_page"], fields["end_page"] = _pages(tags, dialect)
    people = _authors(pairs, tags, dialect.authors)
    if not people and dialect.name != "ovid":
        # A2 is editors in most dialects and cited-reference authors in Ovid PsycInfo,
        # so it stands in only for records that name no author at all.
        people = _authors(pairs, tags, ("A2", "A3"))
    keyword_values = [] if "KW" in dialect.headings else tags.get("KW", [])
    headings = [v for t in dialect.headings for v in tags.get(t, ())]
    extra: dict[str, object] = {t: (v[0] if len(v) == 1 else v)
                                for t, v in tags.items() if t not in _USED}
    extra["ris_type"] = first(tags.get("TY", ())) or "GEN"
    extra["ris_dialect"] = dialect.name
    return build_record(
        **fields, authors=people, year=_year(tags), doi=_doi(tags, dialect),
        pmid=_pmid(tags, dialect), pmcid=_matches(tags, dialect.pmcid),
        publication_types=[v for t in dialect.publication_types for v in tags.get(t, ())],
        keywords=keyword_values, subject_headings=headings,
        source_record_id=first(v for t in dialect.record_id for v in tags.get(t, ())),
        database=_database(tags, dialect), original=original, position=position, line=line,
        extra=extra, placeholders=dialect.name != "litsearch")


def _unglue(tag: str, value: str) -> list[tuple[str, str]]:
    """Split a value holding further glued-on tags into one pair per tag."""
    parts = _GLUED_RE.split(value)
    pairs = [(tag, parts[0])]
    pairs.extend(zip(parts[1::2], parts[2::2], strict=True))
    return pairs


#: Two-character tags ("TI", "A1", "C5"): the common "XX  - value" line is recognised by
#: slicing and a set lookup; anything else goes through :data:`_TAG_RE`.
_TWO_CHAR_TAGS = frozenset(a + b for a in string.ascii_uppercase
                           for b in string.ascii_uppercase + string.digits)


def _tag(line: str) -> tuple[str | None, str]:
    """Return (tag, value) of a RIS line, or (None, line) for an untagged line."""
    if line[2:6] == "  - " and line[:2] in _TWO_CHAR_TAGS:
        return line[:2], line[6:]
    match = _TAG_RE.match(line)
    if match is None:
        return None, line
    return match.group(1) or match.group(2), match.group(3) or ""


def _check_binary(source: Source, first: int, lines: list[str]) -> None:
    if "\x00" in "".join(lines):
        number = first + next(i for i, line in enumerate(lines) if "\x00" in line)
        raise ImportFormatError(f"{source.name} line {number}: binary data (NUL bytes) "
                                "in a RIS file.", "Export the records again as RIS text.")


def _loose_start(line: str, inside: bool) -> str | None:
    """Return the reference type of a damaged ``TY`` line, or None.

    Inside a record only a known RIS type counts ("CITY - based" in an abstract does
    not); outside one any type does, since nothing else may stand there.
    """
    match = _LOOSE_TY_RE.match(line)
    if match is None:
        return None
    kind = match.group("type").upper()
    return kind if not inside or kind in tables.RIS_TYPES else None


#: Tags that make tag lines standing outside any record a record whose ``TY`` was lost
#: (Ovid writes a lone ``NL  -`` after ``ER``; that is no record).
#: Tags a record holds once: a second one means two records ran together.
_ONCE = frozenset({"TI", "T1"})
_RECORD_TAGS = frozenset({"TI", "T1", "CT", "AU", "A1", "AB", "N2", "DO", "PY", "Y1"})


def parse(source: Source) -> Iterator[tuple[list[tuple[str, str]], int, str, str | None,
                                             list[str]]]:
    """Yield each record as ((tag, value) pairs, start line, verbatim text, dialect hint,
    warnings).

    A record runs from ``TY`` to ``ER`` (or to the next ``TY``, or the end of the
    file); text between records is read for a dialect hint, and any that is not the
    vendors' own (:data:`~.ris_dialects.OUTSIDE_TEXT`) is named in a note. A record
    start that is damaged (``ty  -``, ``TY  -JOUR``, stray characters before ``TY``)
    or missing (title or author lines after an ``ER``) still starts a record, with a
    warning naming the line; a record left without ``ER`` in a file that ends its
    others with one is warned as possibly cut short. No record disappears unsaid.

    Raises:
        ImportFormatError: Binary content, or text without any ``TY`` line.
    """
    pairs: list[tuple[str, str]] | None = None
    held: list[str] = []  # verbatim lines of the open record from earlier blocks
    warnings: list[str] = []
    orphan = False  # the open record began with tag lines and no TY
    start = 0
    seen_text = seen_er = False
    unterminated = 0
    hint: str | None = None
    trailing: list[tuple[int, str]] = []  # text outside records since the last one
    before: list[tuple[int, str]] = []  # ... before the first record
    between: list[tuple[int, str]] = []  # ... between two records
    yielded = 0

    def cut(at: str) -> list[str]:
        if not seen_er or orphan:
            return warnings
        return [*warnings, f"no 'ER  -' line: the record was ended {at}; it may be cut short"]

    def kept() -> bool:
        return not orphan or any(t in _RECORD_TAGS for t, _ in pairs or ())

    def drop(first_line: int, text: list[str]) -> None:
        """Set aside the lines of tag lines outside records that make no record."""
        if any(t not in tables.OUTSIDE_TAGS for t, _ in (pairs or ())[1:]):
            trailing.extend((first_line + k, ln) for k, ln in enumerate(text) if ln.strip())

    def opened() -> None:
        """File the text outside records seen since the last record, as a record starts."""
        nonlocal trailing
        (between if yielded else before).extend(trailing)
        trailing = []

    for base, lines in line_blocks(source, "ris"):
        _check_binary(source, base, lines)
        begin = 0  # index in `lines` where the open record starts
        for i, line in enumerate(lines):
            if line[2:6] == "  - " and line[:2] in _TWO_CHAR_TAGS:
                tag: str | None = line[:2]
                value = line[6:]
            else:
                tag, value = _tag(line)
            damaged = None
            if tag is None and (kind := _loose_start(line, pairs is not None)) is not None:
                damaged, tag, value = line, "TY", kind
            if orphan and pairs is not None and tag is None and (
                    not line.strip() or line[:1] not in (" ", "\t")):
                # Tag lines outside records end at a blank line or plain text.
                if kept():
                    yielded += 1
                    yield pairs, start, "\n".join([*held, *lines[begin:i]]).rstrip(), hint, \
                        warnings
                else:
                    drop(start, [*held, *lines[begin:i]])
                pairs, held, orphan = None, [], False
            if pairs is None:
                # Outside a record: Ovid numbers and links, Cochrane/JSTOR preambles, stray tags.
                if tag is None and line[:1] in (" ", "\t"):
                    tag, value = _tag(line.lstrip())  # "  TY  - JOUR" (indented by a tool)
                if tag == "TY":
                    opened()
                    pairs, start, begin, warnings = [("TY", value)], base + i, i, []
                    if damaged is not None:
                        warnings.append(f"line {base + i}: damaged record start {damaged!r}, "
                                        f"read as 'TY  - {value}'")
                elif tag is not None and tag != "ER":
                    opened()
                    pairs, start, begin, orphan = [("TY", ""), (tag, value)], base + i, i, True
                    warnings = [f"line {base + i}: record has no 'TY  -' line (it starts at "
                                f"{line[:20]!r})"]
                elif tag == "ER":
                    continue  # an end mark with no record open (a doubled ER) loses nothing
                elif line.strip():
                    seen_text = True
                    if not any(rx.search(line) for rx in tables.OUTSIDE_TEXT):
                        trailing.append((base + i, line))
                    if hint is None:
                        hint = next((n for rx, n in tables.FILE_HINTS if rx.search(line)), None)
                continue
            if tag is None:
                if line.strip():
                    if _LOOSE_TY_RE.match(line):
                        warnings.append(f"line {base + i}: {line[:20]!r} looks like a record "
                                        "start but names no RIS type; read as text of the "
                                        "field before it")
                    last_tag, last_value = pairs[-1]
                    if last_tag in tables.LIST_TAGS:
                        pairs.append((last_tag, line.strip()))
                    else:
                        pairs[-1] = (last_tag, f"{last_value} {line.strip()}")
            elif tag == "ER":
                if kept():
                    yielded += 1
                    yield pairs, start, "\n".join([*held, *lines[begin:i + 1]]), hint, warnings
                else:
                    drop(start, [*held, *lines[begin:i + 1]])
                seen_er = seen_er or not orphan
                pairs, held, orphan = None, [], False
            elif tag == "TY":
                unterminated += not orphan
                if kept():
                    yielded += 1
                    yield (pairs, start, "\n".join([*held, *lines[begin:i]]).rstrip(), hint,
                           cut(f"at the next record (line {base + i})"))
                else:
                    drop(start, [*held, *lines[begin:i]])
                opened()
                pairs, held, start, begin, orphan = [("TY", value)], [], base + i, i, False
                warnings = [] if damaged is None else [
                    f"line {base + i}: damaged record start {damaged!r}, read as 'TY  - {value}'"]
            elif "  - " in value:
                pairs.extend(_unglue(tag, value))
            else:
                if tag in _ONCE and any(t == tag for t, _ in pairs):
                    warnings.append(f"line {base + i}: a second {tag} line in one record; "
                                    "two records may have run together (a damaged 'TY' line)")
                pairs.append((tag, value))
        if pairs is not None:
            held.extend(lines[begin:])
    if pairs is not None and kept():
        unterminated += not orphan
        yielded += 1
        yield pairs, start, "\n".join(held).rstrip(), hint, cut("at the end of the file")
    elif pairs is not None:
        drop(start, held)
    if unterminated:
        source.notes.append(f"{source.name}: {plural(unterminated, 'record')} had no 'ER  -' line; "
                            "each was ended at the next 'TY  -' or the end of the file.")
    if yielded:
        source.notes.extend(outside_notes(source.name, before, between, trailing))
    if not yielded and (seen_text or start):
        # Text, or tag lines that make no record: no RIS export, nor an empty one (RIS has
        # no frame; a file with nothing in it is refused before any reader runs).
        raise ImportFormatError(f"{source.name}: no RIS record found (no line starts with "
                                "'TY  - ').", "Check the export format, or name it with --format.")


def read(source: Source) -> Iterator[Record]:
    """Stream the records of a RIS file."""
    for position, (pairs, line, original, hint, warnings) in enumerate(parse(source), start=1):
        record = to_record(pairs, position, line, original, hint)
        record.warnings.extend(warnings)
        yield record


def sniff(head: str) -> float:
    """Score how sure the head of a file is RIS (a ``TY  -`` line near the top)."""
    return 0.9 if _SNIFF_RE.search("\n".join(head.splitlines()[:80])) else 0.0


READER = register(Reader("ris", "RIS (any database or reference manager)", sniff, read))
