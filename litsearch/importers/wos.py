"""Web of Science plain text ("tagged": .txt, .ciw, .isi) on every WoS-platform database.

Grammar: an ``FN``/``VR`` header, then records of two-character tags followed by one
space; continuation lines start with three spaces and, for author-like tags, hold one
value per line. ``ER`` ends a record and ``EF`` the file (``EF`` is often missing). The
tag-to-field table is shared with the tab-delimited export (:data:`WOS_TAGS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import ImportFormatError
from ..models import Record
from .core_lines import numbered_lines
from .csv_dialects import WOS_DATABASES, WOS_TAGS
from .delimited_cells import SPLITTERS
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record
from .registry import Reader, register
from .source import Source

#: Tags whose continuation lines are separate values (one author, address or reference each).
LINE_VALUED_TAGS = frozenset({"AU", "AF", "BA", "BF", "BE", "CA", "GP", "C1", "C3", "CR", "ED",
                              "EM", "RI", "OI", "FU", "AD", "TN", "ST", "OR"})
#: Tags whose values are ``;``-separated lists.
SEMICOLON_TAGS = frozenset({"DE", "ID", "MH", "DT", "SC", "WC"})
#: Every tag seen in WoS exports, used to recover lines where the space after the tag is lost.
KNOWN_TAGS = frozenset(t for tags in WOS_TAGS.values() for t in tags) | LINE_VALUED_TAGS | \
    SEMICOLON_TAGS | frozenset({"PT", "ER", "EF", "FN", "VR", "NR", "TC", "Z9", "U1", "U2", "PU",
                                "PI", "PA", "SE", "SU", "SI", "PN", "PG", "GA", "RP", "FX", "J9",
                                "JI", "PD", "EA", "EY", "HC", "HP", "DA", "OA", "WE", "MA", "CT",
                                "CY", "CL", "SP", "HO", "BS", "DL", "AR", "PM", "UT", "BN"})
_TAG_RE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*)|)$")
_PREFIX_RE = re.compile(r"^([A-Z]+)")


def sniff(head: str) -> float:
    """Score a head as WoS plain text: ``FN`` and ``VR`` header lines, or PT/ER records."""
    lines = head.lstrip("\ufeff\n\r ").splitlines()[:5]
    if lines and lines[0].startswith("FN ") and any(ln.startswith("VR ") for ln in lines):
        return 0.99
    if lines and re.match(r"^PT [A-Z]$", lines[0]) and re.search(r"(?m)^ER\s*$", head):
        return 0.8
    return 0.0


def _database(ident: str | None) -> str:
    match = _PREFIX_RE.match(ident or "")
    prefix = match.group(1) if match else "WOS"
    prefix = "ZOOR" if prefix.startswith("ZOOR") else prefix
    return WOS_DATABASES.get(prefix, "Web of Science")


def tags_to_record(tags: dict[str, list[str]], *, original: str, position: int,
                   line: int | None, warnings: list[str]) -> Record:
    """Map a WoS record (tag -> lines) onto a Record through :data:`WOS_TAGS`."""
    values: dict[str, list[str]] = {}
    used: set[str] = set()
    for fname, tag_list in WOS_TAGS.items():
        for tag in tag_list:
            lines = tags.get(tag)
            if not lines:
                continue
            used.add(tag)
            if fname in FIRST_SOURCE_LISTS and values.get(fname):
                continue
            if tag in LINE_VALUED_TAGS:
                items = [ln.strip() for ln in lines if ln.strip()]
            else:
                items = [" ".join(ln.strip() for ln in lines)]
            if fname in LIST_FIELDS and tag not in LINE_VALUED_TAGS:
                items = [p for item in items for p in SPLITTERS["semicolon_else_comma"](item)]
            values.setdefault(fname, []).extend(items)
    ident = (tags.get("UT") or tags.get("AN") or [""])[0].strip()
    if ident.upper().startswith("MEDLINE:"):
        values.setdefault("pmid", []).append(ident.split(":", 1)[1])
    values["database"] = [_database(ident)]
    extra: dict[str, object] = {}
    for tag, lines in tags.items():
        if tag not in used:
            extra[tag] = lines[0] if len(lines) == 1 else "\n".join(lines)
    return build_record(values, extra=extra, original=original, position=position, line=line,
                        warnings=warnings)


def read(source: Source) -> Iterator[Record]:
    """Yield the records of a WoS plain-text export.

    A record starts at ``PT`` (or the first tag after ``ER``) and ends at ``ER``;
    a new ``PT`` closes a record left without ``ER``.

    Raises:
        ImportFormatError: The file holds no ``PT`` ... ``ER`` record at all.
    """
    tags: dict[str, list[str]] = {}
    lines: list[str] = []
    warnings: list[str] = []
    start = position = 0
    stray = -1
    current: str | None = None

    def flush() -> Record:
        nonlocal tags, lines, warnings, current
        record = tags_to_record(tags, original="\n".join(lines), position=position, line=start,
                                warnings=warnings)
        tags, lines, warnings, current = {}, [], [], None
        return record

    for number, raw in numbered_lines(source, "wos"):
        text = raw.rstrip("\n").rstrip("\r").lstrip("\ufeff")
        match = _TAG_RE.match(text)
        tag, value = (match.group(1), match.group(2) or "") if match else (None, "")
        if tag is None and text[:2] in KNOWN_TAGS and text[2:3] not in (" ", ""):
            tag, value = text[:2], text[2:]
        if tag in ("FN", "VR", "EF") and not lines:
            continue
        if tag == "ER":
            if lines:
                lines.append(text)
                yield flush()
            continue
        if tag == "PT" and lines:
            warnings.append("record has no ER line; closed at the next PT")
            yield flush()
        if not lines:
            if not text.strip():
                continue
            if tag is None:
                source.notes.append(f"{source.name}, line {number}: ignored text outside "
                                    f"records ({text.strip()[:40]!r}).")
                stray = number
                continue
            position += 1
            start = number
            if tag != "PT":
                warnings.append(f"line {number}: record has no PT line"
                                + (f" (line {stray} may be its damaged start)"
                                   if stray == number - 1 else ""))
        lines.append(text)
        if tag is not None and text[:1] != " ":
            current = tag
            if match is None:
                warnings.append(f"line {number}: no space after tag {tag}")
            if tag == "TI" and "TI" in tags:
                warnings.append(f"line {number}: a second TI line in one record; two "
                                "records may have run together")
            tags.setdefault(tag, []).append(value)
        elif text.strip() and current is not None:
            tags[current].append(text.strip())
    if lines:
        warnings.append("record has no ER line at the end of the file")
        yield flush()
    if position == 0:
        raise ImportFormatError(f"{source.name}: no Web of Science records (no PT ... ER blocks).",
                                "Export the records again as 'Plain text file' (full record).")


#: Lines of an export that holds no record: the file header and the end-of-file mark.
FRAME_TAGS = ("FN", "VR")
_FRAME_RE = re.compile(rf"\A\s*FN [^\n]*\n(?:\s*(?:{'|'.join(FRAME_TAGS)})\b[^\n]*\n)*\s*EF\s*\Z")


def envelope(text: str) -> bool:
    """Return True for an export with a header and ``EF`` but no record (0 hits)."""
    return _FRAME_RE.match(text.replace("\ufeff", "")) is not None


READER = register(Reader(name="wos", label="Web of Science plain text (tagged)",
                         sniff=sniff, read=read, envelope=envelope))
