"""Shared pieces of the E-utilities and JATS readers: root sniffing and safe streaming.

XML goes through defusedxml's iterparse: no entity expansion, no DTD fetched, no
network. A DOCTYPE line naming an NCBI DTD is allowed (every E-utilities and PMC
file has one); ElementTree never fetches it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import ImportFormatError
from .limits import iter_xml
from .source import Source

#: The prolog before the root element: declaration, comments, PIs and a DOCTYPE
#: (with or without an internal subset).
#: The encoding an XML declaration names.
_ENCODING_RE = re.compile(r"""\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']""")
_PROLOG_RE = re.compile(
    r"\A\ufeff?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.S)
_ROOT_RE = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_CHUNK = 1 << 16


def root_name(head: str) -> str | None:
    """Return the local name of the first element of an XML head, or None if not XML.

    >>> root_name('<?xml version="1.0"?>\\n<!DOCTYPE x SYSTEM "x.dtd">\\n<eSearchResult>')
    'eSearchResult'
    """
    prolog = _PROLOG_RE.match(head)
    rest = head[prolog.end() if prolog else 0:]
    match = _ROOT_RE.match(rest)
    return match.group(2) if match else None


def frame(roots: frozenset[str], inner: frozenset[str] = frozenset()
          ) -> Callable[[str], bool]:
    """Return a test for XML text that is an empty set: a root of ``roots`` holding
    nothing but ``inner`` wrapper elements (no record, no text).

    For :attr:`~litsearch.importers.registry.Reader.envelope`. Anything else (an error
    element, a record, malformed XML) is no frame, and goes to the reader.

    >>> frame(frozenset({"PubmedArticleSet"}))('<?xml version="1.0"?>\\n<PubmedArticleSet/>')
    True
    """
    def test(text: str) -> bool:
        if root_name(text) not in roots:
            return False
        try:  # as the readers parse it: a DOCTYPE is never fetched, entities are refused
            # The text is decoded already: parsed as text, whatever encoding its
            # declaration names (a frame saved as UTF-16 says so); an encoding no codec
            # knows is no frame (the reader says so, with its line).
            declared = _ENCODING_RE.match(text.lstrip("\ufeff"))
            if declared:
                codecs.lookup(declared.group(1))
            root = fromstring(text.lstrip("\ufeff"))
        except (ParseError, DefusedXmlException, LookupError):
            return False  # the reader says what is wrong, with its line
        return all(element is root or local(element.tag) in inner for element in root.iter()) \
            and not "".join(root.itertext()).strip()
    return test


def local(tag: object) -> str:
    """Return an element tag without its ``{namespace}`` part."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def flat_text(element: Element | None, skip: frozenset[str] = frozenset()) -> str | None:
    """Return all text inside an element with markup flattened and spaces collapsed.

    Args:
        element: The element, or None.
        skip: Local names of descendants whose text is left out (footnote markers).
    """
    if element is None:
        return None
    if not skip:
        text = "".join(element.itertext())
    else:
        text = "".join(_text_without(element, skip))
    return " ".join(text.split()) or None


def _text_without(element: Element, skip: frozenset[str]) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if local(child.tag) not in skip:
            yield from _text_without(child, skip)
        if child.tail:
            yield child.tail


def tag_lines(stream: BinaryIO, tag: bytes) -> list[int]:
    """Return the line of every ``<tag`` start (followed by space or ``>``), in order.

    A byte scan in fixed chunks: ElementTree does not report source lines, and
    exports often hold a whole set on a few lines.
    """
    pattern = re.compile(rb"<" + re.escape(tag) + rb"[\s>]")
    keep = len(tag) + 1
    lines: list[int] = []
    line, carry = 1, b""
    while chunk := stream.read(_CHUNK):
        data = carry + chunk
        # A start tag cut by the chunk's end is found next round: hold back its bytes.
        scan = max(0, len(data) - keep)
        line = _scan(pattern, data, scan, line, lines)
        carry = data[scan:]
    _scan(pattern, carry, len(carry), line, lines)
    return lines


def _scan(pattern: re.Pattern[bytes], data: bytes, end: int, line: int,
          lines: list[int]) -> int:
    """Record the lines of tags starting before ``end``; return the line at ``end``."""
    last = 0
    for match in pattern.finditer(data):
        if match.start() >= end:
            break
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    return line + data.count(b"\n", last, end)


def iter_elements(source: Source, tags: frozenset[str], hint: str) -> Iterator[Element]:
    """Stream the elements whose local name is in ``tags``, each complete.

    The caller clears each element after use, so memory stays flat.

    Raises:
        ImportFormatError: Malformed XML (with line and column) or forbidden
            constructs (entities, external references).
    """
    with source.open_binary() as stream:
        try:
            for element in iter_xml(source.name, stream, forbid_dtd=False):
                if local(element.tag) in tags:
                    yield element
        except ParseError as exc:
            line, column = exc.position if exc.position else ("?", "?")
            raise ImportFormatError(
                f"{source.name}, line {line}, column {column}: malformed XML ({exc.msg}).",
                hint) from exc
        except DefusedXmlException as exc:
            raise ImportFormatError(
                f"{source.name}: the XML uses entities or external references litsearch "
                f"refuses to expand ({exc}).", hint) from exc
        except LookupError as exc:  # expat looks up the encoding the declaration names
            raise ImportFormatError(
                f"{source.name}, line 1: the XML declaration names an unknown encoding ({exc}).",
                'Correct it to encoding="UTF-8" (or the one the file uses).') from exc


def drop_encoding_note(source: Source) -> None:
    """Remove Source's "read as Windows-1252" note: an XML parser decodes by the prolog."""
    source.notes[:] = [n for n in source.notes if "Windows-1252" not in n]
