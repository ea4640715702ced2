"""Other native text exports: EndNote tagged (``%0``/refer), ProQuest plain text, PMID lists.

Also holds the block splitter the Ovid readers share: records that start at a marker
line and hold tag (or heading) lines with indented continuations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from re import Pattern

from ..errors import ImportFormatError
from ..models import Record
from .core_lines import numbered_lines
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record
from .registry import Reader, register
from .source import Source

#: EndNote tagged (refer) tags -> canonical field.
ENDNOTE_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("%T",), "abstract": ("%X",), "authors": ("%A",), "year": ("%D", "%8"),
    "journal": ("%J", "%B"), "volume": ("%V",), "issue": ("%N",), "pages": ("%P",),
    "doi": ("%R",), "issn": ("%@",), "language": ("%G",), "publication_types": ("%0", "%9"),
    "keywords": ("%K",), "url": ("%U",), "source_record_id": ("%M", "%F"),
    "database": ("%W",),
}
#: ProQuest plain-text labels -> canonical field.
PROQUEST_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("Title",), "abstract": ("Abstract",), "authors": ("Author",),
    "year": ("Publication year", "Publication date", "Degree date"),
    "journal": ("Publication title", "Source"), "volume": ("Volume",), "issue": ("Issue",),
    "pages": ("Pages", "First page"), "doi": ("DOI",), "issn": ("ISSN",), "isbn": ("ISBN",),
    "language": ("Language",), "publication_types": ("Document type", "Source type"),
    "keywords": ("Identifier / keyword", "Subject"),
    "subject_headings": ("MeSH", "Classification"),
    "url": ("Document URL",), "source_record_id": ("ProQuest document ID",),
    "database": ("Database",), "pmid": ("PubMed ID", "PMID"),
}
_PROQUEST_KNOWN = {label for labels in PROQUEST_LABELS.values() for label in labels} | {
    "Links", "Advisor", "Committee member", "Copyright", "Country of publication", "Degree",
    "Department", "Dissertation/thesis number", "Number of pages", "Place of publication",
    "School code", "University location", "University/institution", "Publisher",
    "Last updated", "First available", "Accession number", "Update", "Location",
    "Company / organization", "Publication subject", "Section", "Subject headings"}
_PROQUEST_LABEL_RE = re.compile(r"^([A-Z][\w /&().-]{1,40}):\s?(.*)$")
_DOCUMENT_RE = re.compile(r"^Document \d+ of \d+\s*$")
_RULE_RE = re.compile(r"^_{10,}\s*$")
_REFER_START_RE = re.compile(r"^%0 ")
_REFER_TAG_RE = re.compile(r"^(%[0-9A-Z@!#$&()*+^|~?<>])\s?(.*)$")


@dataclass
class TaggedBlock:
    """One record of a tag- or heading-based text export.

    Attributes:
        text: The record's lines, verbatim.
        line: 1-based line where the record starts.
        tags: Tag (or heading) -> occurrences, each a list of its lines.
    """

    text: str
    line: int
    tags: dict[str, list[list[str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: Tags (or headings) a record holds once: a second one means two records ran together
#: because the start line between them was damaged.
ONCE_TAGS = frozenset({"TI", "Title", "%T", "%0"})


def damaged_start(start: Pattern[str], text: str) -> bool:
    """Return True for a record-start line behind up to three stray characters."""
    return any(start.match(text[k:]) for k in range(1, 4))


def once_warning(tags: dict[str, list[list[str]]], tag: str, number: int) -> str | None:
    """Return the warning for a second :data:`ONCE_TAGS` tag in one record, or None."""
    if tag in ONCE_TAGS and tag in tags:
        return (f"line {number}: a second {tag} in one record; two records may have run "
                "together (a damaged record start)")
    return None


def blocks(source: Source, start: Pattern[str], tag_pattern: str | None) -> Iterator[TaggedBlock]:
    """Split a file into records at ``start`` lines.

    Args:
        source: The file.
        start: A line that opens a record (``<3001. >``, ``<8>``).
        tag_pattern: Regex with (tag, value) groups for tag lines; None means headings
            (unindented lines name a field, indented lines hold its value).
    """
    tag_re = re.compile(tag_pattern) if tag_pattern else None
    block: TaggedBlock | None = None
    lines: list[str] = []
    current: list[str] | None = None
    for number, raw in numbered_lines(source):
        text = raw.rstrip("\n").replace("\ufeff", "")
        damaged = not start.match(text) and damaged_start(start, text)
        if damaged or start.match(text):
            if block is not None:
                block.text = "\n".join(lines).rstrip()
                yield block
            block, lines, current = TaggedBlock("", number), [text], None
            if damaged:
                block.warnings.append(f"line {number}: damaged record start {text!r}")
            continue
        if block is None:
            if text.strip() and (tag_re.match(text) if tag_re else None):
                block, lines = TaggedBlock("", number), []
                block.warnings.append(f"line {number}: record has no start line "
                                      f"(it starts at {text[:20]!r})")
            else:
                continue
        lines.append(text)
        if not text.strip():
            continue
        match = tag_re.match(text) if tag_re else None
        if match:
            current = [match.group(2)]
            if warning := once_warning(block.tags, match.group(1), number):
                block.warnings.append(warning)
            block.tags.setdefault(match.group(1), []).append(current)
        elif tag_re is None and not text[:1].isspace():
            current = []
            if warning := once_warning(block.tags, text.strip(), number):
                block.warnings.append(warning)
            block.tags.setdefault(text.strip(), []).append(current)
        elif current is not None:
            current.append(text.strip())
    if block is not None:
        block.text = "\n".join(lines).rstrip()
        yield block


def values_from_table(tags: dict[str, list[list[str]]], table: dict[str, tuple[str, ...]],
                      line_valued: frozenset[str] = frozenset()
                      ) -> tuple[dict[str, list[str]], dict[str, object]]:
    """Collect canonical values from tag occurrences; unmapped tags go to ``extra``."""
    values: dict[str, list[str]] = {}
    used: set[str] = set()
    for fname, names in table.items():
        for name in names:
            occurrences = tags.get(name)
            if not occurrences:
                continue
            used.add(name)
            if fname in FIRST_SOURCE_LISTS and values.get(fname):
                continue
            for lines in occurrences:
                if name in line_valued:
                    values.setdefault(fname, []).extend(ln for ln in lines if ln.strip())
                else:
                    text = " ".join(ln.strip() for ln in lines if ln.strip())
                    if fname in LIST_FIELDS and ";" in text:
                        values.setdefault(fname, []).extend(text.split(";"))
                    elif text:
                        values.setdefault(fname, []).append(text)
    extra = {name: "\n".join(" ".join(lines) for lines in occ)
             for name, occ in tags.items() if name not in used}
    return values, extra


def sniff_endnote(head: str) -> float:
    """Score a head as EndNote tagged: most leading lines start with a ``%`` tag."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines()[:12] if ln.strip()]
    tagged = sum(1 for ln in lines if _REFER_TAG_RE.match(ln))
    if lines and _REFER_TAG_RE.match(lines[0]) and tagged >= max(2, len(lines) // 2):
        return 0.9 if any(ln.startswith(("%0 ", "%T ")) for ln in lines) else 0.4
    return 0.0


def read_endnote(source: Source) -> Iterator[Record]:
    """Yield EndNote tagged records (blank lines or a new ``%0`` separate records)."""
    block: TaggedBlock | None = None
    current: list[str] | None = None
    lines: list[str] = []
    position, stray = 0, -1

    def finish() -> Record:
        assert block is not None
        values, extra = values_from_table(block.tags, ENDNOTE_TAGS)
        return build_record(values, extra=extra, original="\n".join(lines).rstrip(),
                            position=position, line=block.line, warnings=block.warnings)

    for number, raw in numbered_lines(source):
        text = raw.rstrip("\n").replace("\ufeff", "")
        match = _REFER_TAG_RE.match(text)
        damaged = match is None and damaged_start(_REFER_START_RE, text)
        if damaged:
            match = _REFER_TAG_RE.match(text[text.index("%0"):])
        if not text.strip() or (match and match.group(1) == "%0" and block is not None
                                and "%0" in block.tags):
            if block is not None:
                yield finish()
                block, lines, current = None, [], None
            if not text.strip():
                continue
        if block is None:
            if not match:
                source.notes.append(f"{source.name}, line {number}: ignored text outside "
                                    f"records ({text.strip()[:40]!r}).")
                stray = number
                continue
            position += 1
            block = TaggedBlock("", number)
            if stray == number - 1:
                block.warnings.append(f"line {stray}: text just before the record; its "
                                      "start line may be damaged")
        if damaged:
            block.warnings.append(f"line {number}: damaged record start {text[:20]!r}")
        lines.append(text)
        if match:
            current = [match.group(2)]
            if match.group(1) != "%0" and (warning := once_warning(
                    block.tags, match.group(1), number)):
                block.warnings.append(warning)
            block.tags.setdefault(match.group(1), []).append(current)
        elif current is not None:
            current.append(text.strip())
    if block is not None:
        yield finish()
    if position == 0:
        raise ImportFormatError(f"{source.name}: no EndNote tagged records (no '%T' lines).",
                                "Export again as EndNote tagged (.enw), or use --format.")


def sniff_proquest(head: str) -> float:
    """Score a head as ProQuest plain text ("Report Information from ProQuest")."""
    return 0.95 if "Report Information from ProQuest" in head[:2000] else 0.0


def read_proquest(source: Source) -> Iterator[Record]:
    """Yield one record per ``Document n of N`` block of a ProQuest text export.

    The table of contents and the bibliography section carry no Document header and
    are skipped. The line after the header (before the first label) is the title.
    """
    position = 0
    block: TaggedBlock | None = None
    lines: list[str] = []
    current: list[str] | None = None

    def finish() -> Record:
        assert block is not None
        heading = block.tags.pop("_heading", [])
        values, extra = values_from_table(block.tags, PROQUEST_LABELS)
        if heading and not values.get("title"):
            values["title"] = [" ".join(heading[0])]
        # "Identifier / keyword" is comma-separated where "Subject" uses semicolons.
        values["keywords"] = [k for v in values.get("keywords", []) for k in v.split(",")]
        return build_record(values, extra=extra, original="\n".join(lines).strip(),
                            position=position, line=block.line, warnings=block.warnings)

    after_rule = False
    for number, raw in numbered_lines(source):
        text = raw.rstrip("\n")
        if text.strip():
            after_rule = bool(_RULE_RE.match(text)) or (after_rule and block is None)
        damaged = not _DOCUMENT_RE.match(text) and damaged_start(_DOCUMENT_RE, text)
        if damaged or _DOCUMENT_RE.match(text) or _RULE_RE.match(text):
            if block is not None:
                yield finish()
                block = None
            if damaged or _DOCUMENT_RE.match(text):
                position += 1
                block, lines, current = TaggedBlock("", number), [text], None
                if damaged:
                    block.warnings.append(f"line {number}: damaged record start {text[:30]!r}")
            continue
        match = _PROQUEST_LABEL_RE.match(text)
        if block is None:
            if not (match and match.group(1) == "Title" and after_rule):
                continue
            # A record's fields after a rule with no "Document n of N" line: its start
            # was lost (the contents and bibliography sections hold no "Title:" lines).
            position += 1
            block, lines, current = TaggedBlock("", number), [], None
            block.warnings.append(f"line {number}: record has no 'Document n of N' line")
        lines.append(text)
        if not text.strip():
            continue
        if re.match(r"^https?://\S+$", text.strip()) and current is not None and \
                "Links" not in block.tags:
            # The document URL stands alone on a line after the author.
            block.tags.setdefault("Document URL", []).append([text.strip()])
        elif match and match.group(1) in _PROQUEST_KNOWN:
            current = [match.group(2)]
            if warning := once_warning(block.tags, match.group(1), number):
                block.warnings.append(warning)
            block.tags.setdefault(match.group(1), []).append(current)
        elif current is None and "_heading" not in block.tags:
            block.tags["_heading"] = [[text.strip()]]
        elif current is not None:
            current.append(text.strip())
    if block is not None:
        yield finish()
    if position == 0:
        raise ImportFormatError(f"{source.name}: no 'Document n of N' records.",
                                "Export again from ProQuest as plain text, or use --format.")


_PMID_LINE_RE = re.compile(r"^\s*(\d{1,9})\s*$")


def sniff_pmids(head: str) -> float:
    """Score a head as a list of PubMed IDs, one per line."""
    lines = [ln for ln in head.splitlines()[:50] if ln.strip()]
    if len(lines) >= 1 and all(_PMID_LINE_RE.match(ln) for ln in lines):
        return 0.6
    return 0.0


def read_pmids(source: Source) -> Iterator[Record]:
    """Yield one record per PMID (the record holds only the ID).

    Raises:
        ImportFormatError: A line is not a PMID.
    """
    position = 0
    for number, raw in numbered_lines(source):
        if not raw.strip():
            continue
        match = _PMID_LINE_RE.match(raw)
        if not match:
            raise ImportFormatError(f"{source.name}, line {number}: {raw.strip()[:40]!r} "
                                    "is not a PubMed ID.",
                                    "A PMID list holds one number per line.")
        position += 1
        yield build_record({"pmid": [match.group(1)], "source_record_id": [match.group(1)],
                            "database": ["PubMed"]}, original=raw.strip(),
                           position=position, line=number)


ENDNOTE_READER = register(Reader(name="endnote-tagged", label="EndNote tagged / refer (%0 %T %A)",
                                 sniff=sniff_endnote, read=read_endnote))
PROQUEST_READER = register(Reader(name="proquest-text", label="ProQuest plain text",
                                  sniff=sniff_proquest, read=read_proquest))
PMID_READER = register(Reader(name="pmid-list", label="PubMed ID list (one per line)",
                              sniff=sniff_pmids, read=read_pmids))
