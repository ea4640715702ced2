"""BibTeX from Scopus, Web of Science, Zotero, EndNote, Mendeley and publishers.

Parsed with bibtexparser 2. Field names are compared lower-case (WoS writes
``Author``/``Unique-ID``); values are LaTeX-decoded to Unicode (``{\\"u}`` -> ``ü``,
WoS double braces dropped) except identifiers and URLs, which are kept literal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares.names import split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ImplicitComment
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalkerError

from ..errors import ImportFormatError
from ..models import Author, Record
from .core_lines import numbered_lines
from .delimited_record import FIRST_SOURCE_LISTS, LIST_FIELDS, build_record
from .registry import Reader, register
from .source import Source

#: Canonical field -> BibTeX field names (lower-case) in priority order.
BIBTEX_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "abstract": ("abstract",),
    "authors": ("author",),
    "year": ("year", "date"),
    "journal": ("journal", "journaltitle", "booktitle", "abbrev_source_title", "journal-iso"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "pages": ("pages", "art_number", "article-number", "articleno", "eid"),
    "doi": ("doi",),
    "pmid": ("pmid", "pubmed_id", "pubmedid", "pubmed"),
    "pmcid": ("pmcid",),
    "issn": ("issn", "eissn"),
    "isbn": ("isbn",),
    "language": ("language", "langid"),
    "publication_types": ("document_type", "type"),
    "keywords": ("author_keywords", "keywords", "keywords-plus"),
    "subject_headings": ("mesh", "mesh_terms"),
    "url": ("url",),
    "source_record_id": ("unique-id",),
    "database": ("source",),
}
#: Fields taken literally (no LaTeX decoding: ``~`` and ``_`` mean themselves there).
LITERAL_FIELDS = frozenset({"doi", "url", "pmid", "pubmed_id", "pubmedid", "pmcid", "issn",
                            "eissn", "isbn", "unique-id", "file", "eprint", "biburl"})
#: Entry-key and Unique-ID prefixes that name the database.
KEY_DATABASES = {"WOS": "Web of Science", "ISI": "Web of Science", "PMID": "Europe PMC",
                 "PPR": "Europe PMC"}
_LATEX = LatexNodes2Text()
# bibtexparser logs each rejected block; we report them ourselves (warnings, errors), so
# keep its messages off stderr unless the application configures logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
_LATEX_ISLAND_RE = re.compile(
    r"\\[a-zA-Z]+\*?(?:\{[^{}]*\})*|\\[^a-zA-Z\s](?:\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z])?|\$[^$]*[\\^_][^$]*\$")
#: A tie (non-breaking space); "\\~{n}" is an accent, not a tie.
_TIE_RE = re.compile(r"(?<!\\)~")
_LINE_AT_RE = re.compile(r"(?m)^[ \t]*@")
# An entry start with its key and comma ("@article{smith2020,"; the rare round-bracket
# form ends its line there), or a macro block: a Python decorator ("@dataclass(frozen=
# True)", "@wraps(func, assigned=x)") is neither.
_AT_ENTRY_RE = re.compile(r"(?m)^\s*@\s*(?:[A-Za-z]+\s*(?:\{\s*[^\s,={}()\"']*\s*,|"
                          r"\(\s*[^\s,={}()\"']*\s*,\s*$)|(?i:string|comment|preamble)\s*[{(])")


def sniff(head: str) -> float:
    """Score a head as BibTeX: an ``@type{`` entry start near the top."""
    match = _AT_ENTRY_RE.search(head)
    if not match:
        return 0.0
    # Scopus puts "Scopus / EXPORT DATE" before the first entry; long prefixes are suspicious.
    return 0.9 if len(head[: match.start()].strip()) < 400 else 0.3


def decode(value: str) -> str:
    """Decode LaTeX markup in a BibTeX value to plain Unicode text.

    Only the LaTeX islands (``{\\"u}``, ``\\'{e}``, ``$\\alpha$``, ``\\&``) go through
    pylatexenc, which costs milliseconds per call on long abstracts; protection braces
    and ties are then dropped.
    """
    if "~" in value:
        value = _TIE_RE.sub("\u00a0", value)  # a tie, before \textasciitilde{} decodes to "~"
    if "\\" in value or "$" in value:
        value = _LATEX_ISLAND_RE.sub(_decode_island, value)
    return value.replace("{", "").replace("}", "")


def _decode_island(match: re.Match[str]) -> str:
    try:
        return _LATEX.latex_to_text(match.group(0))
    except LatexWalkerError:
        return match.group(0)


def _literal(value: str) -> str:
    return value.replace("{", "").replace("}", "").replace("\\_", "_").replace("\\%", "%")


def _split_list(value: str) -> list[str]:
    # Scopus and WoS use "; ", Zotero ", ", EndNote one keyword per raw line.
    pattern = r"\s*[;\n]\s*" if re.search(r"[;\n]", value) else r"\s*,\s*"
    return [p.strip() for p in re.split(pattern, value) if p.strip()]


def _person(name: str) -> str | Author:
    """Decode one name; a fully braced name (``{World Health Organization}``) is a body."""
    if name.startswith("{") and name.endswith("}") and "," not in name:
        text = decode(name).strip()
        return Author(family=text, raw=text)
    return decode(name)


def _split_authors(raw: str) -> list[str]:
    names = split_multiple_persons_names(raw)
    if len(names) == 1 and " , " in raw:
        # Scopus 2017 wrote "D'Ambrosio, A.a , Aria, M.a" (no "and", affiliation letters).
        names = [n.strip() for n in raw.split(" , ")]
    return [re.sub(r"(?<=\.)[a-z]{1,2}$", "", n.strip()) for n in names]


def entry_record(entry: Entry, position: int, shift: int = 0) -> Record:
    """Map one BibTeX entry onto a Record (unmapped fields kept in ``extra``).

    Args:
        entry: The parsed entry.
        position: 1-based position in the file.
        shift: Lines to add to the entry's start line (its chunk's place in the file).
    """
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    values: dict[str, list[str]] = {}
    used: set[str] = set()
    for fname, names in BIBTEX_FIELDS.items():
        for name in names:
            raw = fields.get(name)
            if raw is None or not raw.strip():
                continue
            used.add(name)
            if fname in FIRST_SOURCE_LISTS and values.get(fname):
                continue
            if fname == "authors":
                items = [_person(n) for n in _split_authors(raw)]
            elif fname in LIST_FIELDS:
                items = _split_list(decode(raw))
            else:
                items = [_literal(raw) if name in LITERAL_FIELDS else decode(raw)]
            values.setdefault(fname, []).extend(items)
    eprint_type = fields.get("eprinttype", fields.get("archiveprefix", "")).lower()
    if "eprint" in fields and eprint_type in ("pubmed", "pmid"):
        values.setdefault("pmid", []).append(fields["eprint"])
        used.add("eprint")
    key = entry.key.strip()
    prefix = key.split(":", 1)[0].upper() if ":" in key else ""
    if prefix == "PMID":
        values.setdefault("pmid", []).append(key.split(":", 1)[1])
    ident = (values.get("source_record_id") or [key])[0]
    values.setdefault("source_record_id", []).append(key)
    id_prefix = ident.split(":", 1)[0].upper() if ":" in ident else prefix
    if id_prefix in KEY_DATABASES:
        values.setdefault("database", []).append(KEY_DATABASES[id_prefix])
    values.setdefault("publication_types", []).append(entry.entry_type.lower())
    extra: dict[str, object] = {"bibtex_key": key, "entry_type": entry.entry_type}
    for name, raw in fields.items():
        if name not in used:
            extra[name] = raw
    start = entry.start_line + 1 + shift if entry.start_line is not None else None
    return build_record(values, extra=extra, original=entry.raw or "", position=position,
                        line=start)


#: Entries parsed per bibtexparser call: bounds memory on big exports (bibtexparser
#: holds about ten times the text size while parsing).
CHUNK_ENTRIES = 2000
_STRING_BLOCK_RE = re.compile(r"(?i)@\s*string\s*[{(]")


def _chunks(lines: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    """Cut BibTeX text into runs of about :data:`CHUNK_ENTRIES` whole entries, streaming.

    Yields (chunk text, line offset of the chunk in the file, lines of the ``@string``
    prefix prepended so macros defined earlier still resolve).
    """
    buffer: list[str] = []
    entries, offset, macros, last = 0, 0, "", ""
    for line in lines:
        if _LINE_AT_RE.match(line):
            # Cut only where the previous entry visibly closed, never inside a value.
            if entries >= CHUNK_ENTRIES and last[-1:] in ("}", ")"):
                chunk = "".join(buffer)
                yield macros + chunk, offset, macros.count("\n")
                offset += len(buffer)
                macros += "".join(_string_blocks(chunk))
                buffer, entries = [], 0
            entries += 1
        buffer.append(line)
        if line.strip():
            last = line.rstrip()
    if buffer:
        yield macros + "".join(buffer), offset, macros.count("\n")


def _string_blocks(chunk: str) -> Iterator[str]:
    for match in _STRING_BLOCK_RE.finditer(chunk):
        next_at = _LINE_AT_RE.search(chunk, match.end())
        yield chunk[match.start(): next_at.start() if next_at else len(chunk)].rstrip() + "\n"


def _libraries(source: Source) -> Iterator[tuple[Library, int]]:
    """Yield (parsed library, line shift to add to its blocks' start lines) per chunk."""
    # Lines through numbered_lines: a line past the limits table is refused, not held.
    lines = (line + "\n" for _, line in numbered_lines(source))
    for chunk, offset, prefix_lines in _chunks(lines):
        yield bibtexparser.parse_string(chunk), offset - prefix_lines


def _closed_early(library: Library) -> dict[int, Entry]:
    """Return entries that closed before their fields ended, rebuilt whole, by id.

    ``title={A title}}},`` closes the entry at the extra brace; bibtexparser keeps the
    fields after it as a comment between entries. A comment holding ``name = value``
    lines right after an entry is that entry's tail: the two are read together.
    """
    rebuilt: dict[int, Entry] = {}
    previous: object = None
    for block in library.blocks:
        if (isinstance(block, ImplicitComment) and isinstance(previous, Entry)
                and any(_FIELD_START_RE.match(ln) for ln in (block.raw or "").splitlines())):
            whole = _recover(f"{previous.raw}{block.raw}", previous.start_line or 0)
            if whole is not None:
                rebuilt[id(previous)] = whole
        previous = block
    return rebuilt


def _entries(source: Source, library: Library, shift: int) -> list[tuple[Entry, list[str]]]:
    early = _closed_early(library)
    entries: list[tuple[Entry, list[str]]] = [
        (early[id(e)], [f"line {(e.start_line or 0) + 1 + shift}: the entry closed early "
                        "(unbalanced braces); the fields after it were read line by line"])
        if id(e) in early else (e, []) for e in library.entries]
    for block in library.failed_blocks:
        fallback = getattr(block, "ignore_error_block", None)
        if isinstance(fallback, Entry):
            note = [] if isinstance(block, DuplicateBlockKeyBlock) else [str(block.error)]
            entries.append((_unwrapped(fallback), note))
            continue
        recovered = _recover(block.raw or "", block.start_line or 0)
        if recovered is None:
            line = (block.start_line or 0) + 1 + shift
            first = (block.raw or "").strip().splitlines()[:1]
            raise ImportFormatError(
                f"{source.name}, line {line}: cannot parse this BibTeX entry "
                f"({first[0][:60] if first else ''!r}).",
                "Check its braces and quotes, or re-export the file.")
        entries.append((recovered, ["unbalanced braces; fields recovered line by line"]))
    entries.sort(key=lambda pair: pair[0].start_line or 0)
    return entries


def read(source: Source) -> Iterator[Record]:
    """Yield one record per BibTeX entry (``@string``, ``@comment``, ``@preamble`` skipped).

    Entries with a key already used are still records (exports repeat keys).

    Raises:
        ImportFormatError: An entry cannot be parsed (with its line).
    """
    position = 0
    for library, shift in _libraries(source):
        for entry, warnings in _entries(source, library, shift):
            position += 1
            record = entry_record(entry, position, shift)
            record.warnings.extend(warnings)
            yield record


def _unwrapped(entry: Entry) -> Entry:
    """Strip the value delimiters bibtexparser leaves on entries it flagged as failed."""
    fields = []
    for fld in entry.fields:
        value = str(fld.value).strip()
        if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
            value = value[1:-1]
        fields.append(Field(fld.key, value))
    return Entry(entry.entry_type, entry.key, fields, start_line=entry.start_line, raw=entry.raw)


_ENTRY_START_RE = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)\s*,?\s*$")
_FIELD_START_RE = re.compile(r"^\s*([A-Za-z][\w\-:.]*)\s*=\s*(.*)$")


def _recover(raw: str, start_line: int) -> Entry | None:
    """Rebuild an entry bibtexparser rejected, reading one ``name = value`` per line.

    Exports with a stray brace inside one value (EBSCO pastes page scripts into
    keywords) lose one field's exactness this way, not the whole record.
    """
    lines = raw.splitlines()
    head = _ENTRY_START_RE.match(lines[0]) if lines else None
    if head is None:
        return None
    fields: list[Field] = []
    for text in lines[1:]:
        match = _FIELD_START_RE.match(text)
        if match:
            fields.append(Field(match.group(1), match.group(2)))
        elif fields:
            fields[-1] = Field(fields[-1].key, f"{fields[-1].value}\n{text}")
    if not fields:
        return None
    for i, fld in enumerate(fields):
        value = re.sub(r"[,}\s]*$", "", fld.value.strip()) if i == len(fields) - 1 else \
            fld.value.strip().rstrip(",")
        if value[:1] in "{\"" and value[-1:] in "}\"":
            value = value[1:-1]
        while value.endswith("}") and value.count("}") > value.count("{"):
            value = value[:-1]  # the stray closing braces of a damaged value
        fields[i] = Field(fld.key, value.strip())
    return Entry(head.group(1), head.group(2), fields, start_line=start_line, raw=raw)


READER = register(Reader(name="bibtex", label="BibTeX (.bib)", sniff=sniff, read=read))
