"""Text every reader cleans the same way: markup out of titles and abstracts, vendor
boilerplate out of abstracts, placeholder terms out of keywords.

Lens writes JATS (``<jats:p>``) and HTML (``<b>``, even escaped: ``&lt;b&gt;``) into
abstracts; APA appends its copyright line to every PsycInfo abstract; EBSCO appends a
copyright paragraph and writes "No terms assigned" as a keyword. None of it is the
work's text: it would reach screening, dedup and exports. The record's ``original``
keeps the text as the file had it.

Markup is read with the standard library's HTML parser (tags, entities, character
references), not with patterns: only names of known markup tags are dropped, so "p < 0.05"
or "a <b> c" written as text by an author stay as they are when not tags.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..models import Record
from ..placeholders import TERMS

#: Tags dropped from titles and abstracts (HTML inline and block tags, JATS and MathML
#: by prefix); any other ``<...>`` is kept as text. Block tags leave a space.
INLINE_TAGS = frozenset({"b", "i", "u", "em", "strong", "sub", "sup", "sc", "span", "font",
                         "small", "big", "tt", "code", "a", "italic", "bold", "underline",
                         "inline-formula", "mi", "mo", "mn", "mrow", "msub", "msup", "math"})
BLOCK_TAGS = frozenset({"p", "br", "div", "sec", "title", "li", "ul", "ol", "list",
                        "list-item", "abstract", "h1", "h2", "h3", "h4", "h5", "h6",
                        "label", "caption", "hr"})
#: Namespace prefixes whose every tag is markup.
MARKUP_PREFIXES = ("jats:", "mml:")
#: Vendor text at the end of an abstract that is not the abstract, as (label, pattern).
ABSTRACT_BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("APA copyright line", re.compile(
        r"\s*\(?\s*PsycI(?:NFO|nfo) Database Record \(c\)\s*\d{4}\s*APA,? all rights "
        r"reserved\s*\)?\.?\s*$")),
    ("EBSCO copyright paragraph", re.compile(
        r"\s*(?:\[ABSTRACT FROM [A-Z ]+\]\s*)?Copyright of .{1,300}? is the property of .*$",
        re.S)),
    ("EBSCO source marker", re.compile(r"\s*\[ABSTRACT FROM [A-Z ]+\]\s*$")),
)

#: A known markup tag left whole inside text the parser kept verbatim (``<a<i>``: the
#: parser reads one unknown tag "a<i" and keeps it, known ``<i>`` and all).
_KNOWN_NAMES = "|".join(sorted(INLINE_TAGS | BLOCK_TAGS))
_KNOWN_TAG = re.compile(rf"</?(?:{_KNOWN_NAMES})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_TAG_HINT = re.compile(r"</?[A-Za-z]|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def _is_markup(tag: str) -> bool:
    return tag in INLINE_TAGS or tag in BLOCK_TAGS or tag.startswith(MARKUP_PREFIXES)


class _Stripper(HTMLParser):
    """Collect text, dropping known markup tags and keeping any other ``<...>`` verbatim."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not _is_markup(tag):
            self.parts.append(self.get_starttag_text() or "")
        elif tag.split(":")[-1] in BLOCK_TAGS:
            self.parts.append(" ")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if not _is_markup(tag):
            self.parts.append(f"</{tag}>")
        elif tag.split(":")[-1] in BLOCK_TAGS:
            self.parts.append(" ")


def strip_markup(text: str | None) -> str | None:
    """Return ``text`` without HTML/JATS/MathML markup and with entities decoded.

    Escaped markup (``&lt;b&gt;bold&lt;/b&gt;``) is decoded, then stripped too.

    >>> strip_markup("<jats:p>Rates &lt;b&gt;fell&lt;/b&gt; (p &lt; 0.05)</jats:p>")
    'Rates fell (p < 0.05)'
    """
    if not text or not _TAG_HINT.search(text):
        return text
    for _ in range(2):  # once for markup, once more for markup that was escaped
        parser = _Stripper()
        parser.feed(text)
        parser.close()
        stripped = " ".join(_KNOWN_TAG.sub(" ", "".join(parser.parts)).split())
        if stripped == text:
            break
        text = stripped
        if not _TAG_HINT.search(text):
            break
    return text or None


def drop_boilerplate(abstract: str | None) -> str | None:
    """Return an abstract without the vendor copyright lines of :data:`ABSTRACT_BOILERPLATE`."""
    if not abstract:
        return abstract
    for _label, pattern in ABSTRACT_BOILERPLATE:
        abstract = pattern.sub("", abstract)
    return abstract.strip() or None


def tidy(record: Record) -> Record:
    """Clean a built record's title, abstract and terms in place (every reader calls it)."""
    record.title = strip_markup(record.title)
    record.abstract = drop_boilerplate(strip_markup(record.abstract))
    if record.keywords:
        record.keywords = [k for k in record.keywords if k.lower() not in TERMS]
    if record.subject_headings:
        record.subject_headings = [h for h in record.subject_headings
                                   if h.lower() not in TERMS]
    return record


def nul_field(record: Record) -> str | None:
    """Return the name of the first field of ``record`` holding a NUL byte, or None.

    A NUL byte in an export is binary data (a corrupt or wrongly chosen file). Neither
    engine should keep it: PostgreSQL cannot store it at all, so a review that moves to a
    server would fail later on a record SQLite took. Every reader's records are checked
    here, on both engines, before anything is stored.
    """
    return next((name for name, value in vars(record).items() if _has_nul(value)), None)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    if hasattr(value, "__dict__"):  # an Author
        return any(_has_nul(v) for v in vars(value).values())
    return False
