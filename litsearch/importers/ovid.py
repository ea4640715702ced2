"""Ovid native formats: the tagged export (``<3001. >`` then ``TI  - ``) and display text.

The tagged format is what Ovid writes for the Citavi (``.ovd``) and EndNote (``.cgi``)
options. The display format (Journals@Ovid "Display"/"Complete Reference") has a
heading line per field followed by indented value lines. Both carry the source as a
free-text citation, parsed into volume, issue and pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import ImportFormatError
from ..models import Record
from .delimited_record import build_record
from .registry import Reader, register
from .source import Source
from .tagged_other import TaggedBlock, blocks, values_from_table

#: Ovid tag -> canonical field (tags may repeat; order = priority).
OVID_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "OT"),
    "abstract": ("AB",),
    "authors": ("AU", "FA", "AI"),
    "year": ("YR", "DP", "PD", "EP", "DD"),
    "journal": ("JN", "JT", "JA", "TA"),
    "volume": ("VO", "VI", "VL"),
    "issue": ("IP", "NO"),
    "pages": ("PG", "PA"),
    "doi": ("DO", "DI"),
    "pmid": ("PM", "PMID"),
    "issn": ("IS", "ISSN"),
    "isbn": ("IB", "BN"),
    "language": ("LG", "LA"),
    "publication_types": ("PT",),
    "keywords": ("KW", "ID"),
    "subject_headings": ("MH", "SH"),
    "url": ("UR", "XL"),
    "source_record_id": ("UI", "AN"),
    "database": ("DB",),
}
#: Tags whose continuation lines are separate values (Ovid indents them by 6 spaces).
OVID_LINE_VALUED = frozenset({"IN", "AU", "FA", "MH", "OD", "KW"})
#: Ovid display headings -> canonical field.
DISPLAY_HEADINGS: dict[str, tuple[str, ...]] = {
    "title": ("Title",),
    "abstract": ("Abstract",),
    "authors": ("Author", "Authors", "Authors Full Name"),
    "year": ("Year of Publication", "Date of Publication", "Publication Date", "Status"),
    "citation": ("Source",),
    "doi": ("DOI Number", "Digital Object Identifier", "DOI"),
    "pmid": ("PubMed ID", "PMID"),
    "issn": ("ISSN", "ISSN Print", "ISSN Electronic"),
    "isbn": ("ISBN",),
    "language": ("Language",),
    "publication_types": ("Document Type", "Publication Type"),
    "keywords": ("Author Keywords", "Keywords", "Keyword Heading Word"),
    "subject_headings": ("MeSH Subject Headings", "Subject Headings", "Emtree Heading Word"),
    "url": ("Link to the Ovid Full Text or citation", "URL"),
    "source_record_id": ("Accession Number", "Unique Identifier"),
    "database": ("Database",),
}
#: "Ecohydrology. 8(6):1048-1064, September 2015." and Embase "BMC Proc. 12 (3) (pp 1-9), 2018."
_SOURCE_RE = re.compile(
    r"^(?P<journal>[^.]+?)\.\s+(?:.*?\s)?(?P<volume>\d+[A-Za-z]?)\s*\((?P<issue>[^)]*)\)"
    r"\s*(?::\s*(?P<pages>[\w-]+)|\((?:pp\s*)?(?P<pages2>[\w-]+)\))?")
_DISPLAY_START_RE = re.compile(r"^<\d+>\s*$")
_TAGGED_START_RE = re.compile(r"^<\d+\.\s*>\s*$")
_AUTHOR_NOISE_RE = re.compile(
    r"(?:,?\s+(?:MD|PhD|MSc|MPH|MS|MA|BSc|BS|RN|DDS|MBBS|FRCS|FRCP|DPhil|DrPH|MBA))+\s*$|"
    r"(?:\s+\d+(?:\s*,\s*\d+)*|\s*[*+\u2020\u2021\u00a7]+)\s*$")


def _strip_author_noise(name: str) -> str:
    """Drop affiliation markers and degrees: "Verbeek, Jan MD *" -> "Verbeek, Jan"."""
    previous = None
    while previous != name:
        previous, name = name, _AUTHOR_NOISE_RE.sub("", name).strip()
    return name


def parse_source(value: str) -> dict[str, list[str]]:
    """Parse an Ovid free-text source citation into journal, volume, issue, pages, year."""
    out: dict[str, list[str]] = {}
    match = _SOURCE_RE.match(value.strip())
    if match:
        for key in ("journal", "volume", "issue"):
            if match.group(key) and match.group(key).strip():
                out[key] = [match.group(key).strip()]
        pages = match.group("pages") or match.group("pages2")
        if pages:
            out["pages"] = [pages]
    else:
        journal = value.strip().split(". ", 1)[0].rstrip(". ")
        if journal:
            out["journal"] = [journal]
    years = re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", value)
    if years:
        out["year"] = [years[0]]
    return out


def sniff_tagged(head: str) -> float:
    """Score a head as Ovid native tagged: ``<n. >`` then ``XX  - `` tag lines."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines()[:6] if ln.strip()]
    if lines and _TAGGED_START_RE.match(lines[0]) and any(
            re.match(r"^[A-Z][A-Z0-9]{1,3}\s{1,2}- ", ln) for ln in lines[1:]):
        return 0.95
    return 0.0


def sniff_display(head: str) -> float:
    """Score a head as Ovid display text: ``<n>`` then heading and indented value lines."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines()[:8] if ln.strip()]
    if len(lines) >= 3 and _DISPLAY_START_RE.match(lines[0]) and not lines[1][:1].isspace() \
            and lines[2][:1].isspace():
        return 0.9
    return 0.0


def _tagged_record(block: TaggedBlock, position: int) -> Record:
    values, extra = values_from_table(block.tags, OVID_TAGS, OVID_LINE_VALUED)
    for source in block.tags.get("SO", []):
        for key, parts in parse_source(" ".join(source)).items():
            values.setdefault(key, []).extend(parts)
    database = " ".join(values.get("database", []))
    if re.search(r"medline|pubmed", database, re.I):
        values.setdefault("pmid", []).extend(values.get("source_record_id", []))
    return build_record(values, extra=extra, original=block.text, position=position,
                        line=block.line, warnings=block.warnings)


def read_tagged(source: Source) -> Iterator[Record]:
    """Yield the records of an Ovid native tagged export."""
    position = 0
    for position, block in enumerate(blocks(source, _TAGGED_START_RE,
                                            r"^([A-Z][A-Z0-9]{1,3})\s{0,2}- ?(.*)$"), 1):
        yield _tagged_record(block, position)
    if position == 0:
        raise ImportFormatError(f"{source.name}: no Ovid records (no '<1. >' record lines).",
                                "Export from Ovid again, or name the right format with --format.")


def _display_record(block: TaggedBlock, position: int) -> Record:
    values: dict[str, list[str]] = {}
    extra: dict[str, object] = {}
    used: set[str] = set()
    for fname, headings in DISPLAY_HEADINGS.items():
        for heading in headings:
            for lines in block.tags.get(heading, []):
                used.add(heading)
                text = " ".join(ln.strip() for ln in lines if ln.strip())
                if fname == "citation":
                    for key, parts in parse_source(text).items():
                        values.setdefault(key, []).extend(parts)
                elif fname == "authors":
                    names = [_strip_author_noise(n) for n in text.split(";")]
                    values.setdefault(fname, []).extend(n for n in names if n)
                elif fname in ("keywords", "subject_headings"):
                    values.setdefault(fname, []).extend(
                        p.strip(" .") for p in text.split(";") if p.strip(" ."))
                else:
                    values.setdefault(fname, []).append(text.rstrip(".") if fname in (
                        "source_record_id", "language") else text)
    for heading, occurrences in block.tags.items():
        if heading not in used:
            extra[heading] = "\n".join(" ".join(ln.strip() for ln in lines if ln.strip())
                                       for lines in occurrences)
    values.setdefault("publication_types", [])
    values["publication_types"] = [p.split(":")[0].strip(" .")
                                   for p in values["publication_types"]]
    return build_record(values, extra=extra, original=block.text, position=position,
                        line=block.line, warnings=block.warnings)


def read_display(source: Source) -> Iterator[Record]:
    """Yield the records of an Ovid display-format text export."""
    position = 0
    for position, block in enumerate(blocks(source, _DISPLAY_START_RE, None), 1):
        yield _display_record(block, position)
    if position == 0:
        raise ImportFormatError(f"{source.name}: no Ovid records (no '<1>' record lines).",
                                "Export from Ovid again, or name the right format with --format.")


TAGGED_READER = register(Reader(name="ovid", label="Ovid native tagged (<n. > records)",
                                sniff=sniff_tagged, read=read_tagged))
DISPLAY_READER = register(Reader(name="ovid-display", label="Ovid display text (<n> records)",
                                 sniff=sniff_display, read=read_display))
