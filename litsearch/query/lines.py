"""Line-numbered strategies (Ovid ``1 or 2``, ``or/1-4``; ``#1 AND #2``; ``S1 OR S2``).

Search histories are often copied line by line, each line numbered, later lines
combining earlier ones by number. :func:`numbered_lines` recognises such a text and
:func:`resolve_lines` rewrites it into one bracketed string, so the ordinary parser
reads it. Ovid's ``limit N to (…)`` lines become ``.lg.`` and ``.yr.`` clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalise import LANGUAGES

# "1  exp Spirituality/ (12345)", "2. meaning*.ti,ab.", "#3 care[tiab]", "S4 TI care",
# "#5<tab>care:ti,ab<tab>1234" (Cochrane's export: the hit count after a tab)
_LINE = re.compile(r"(?:#|S)?(\d+)[.)]?\s+(\S.*?)\s*(?:\(\s*\d[\d,]*\s*\)|\t\s*\d[\d,]*)?\s*$")
_REF = re.compile(r"(?<![\w/])(?:#|S)?(\d+)(?![\w/.:\[])")
_COMBO = re.compile(r"(?:#|S)?\d+|\b(?:and|or|not|AND|OR|NOT)\b|[()\s]")
#: A hyphen, or a dash a word processor put in its place (or/1–3 pasted from Word).
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_RANGE = rf"\d+(?:\s*[{_DASH}]\s*\d+)?"
_SHORT = re.compile(rf"(and|or)/({_RANGE}(?:\s*,\s*{_RANGE})*)\s*$", re.IGNORECASE)
_LIMIT = re.compile(r"limit\s+(\d+)\s+to\s+(.+)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"(\w+)\s+language", re.IGNORECASE)
_YEARS = re.compile(r'yr\s*=\s*"?\s*(\d{4})\s*-\s*(\d{4}|current)"?', re.IGNORECASE)


@dataclass
class Line:
    """One numbered line: its number, expression text and where that text starts."""

    number: int
    text: str
    start: int
    #: Limits written after the line (Cochrane: ``with Publication Year from
    #: 2010 to 2024, in Trials``), taken off ``text``.
    qualifier: str = ""


def numbered_lines(text: str) -> list[Line] | None:
    """Return the numbered lines of ``text``, or None when it is not numbered.

    A text is numbered when it has two or more non-empty lines, each starting with
    its number (``1``, ``1.``, ``#1``, ``S1``) in increasing order.
    """
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            m = _LINE.match(raw.strip())
            if m is None and out and _WOS_SETTINGS.match(raw.strip()):
                # Web of Science: the set's settings on the line after it.
                out[-1].qualifier = " ".join(filter(None, [out[-1].qualifier, raw.strip()]))
                pos += len(raw) + 1
                continue
            if m is None:
                return None
            body, start = m.group(2), m.start(2)
            if label := _SEARCH_LABEL.match(body):  # PubMed's history: "#3 Search: #1 AND #2"
                body, start = body[label.end():], start + label.end()
            offset = pos + len(raw) - len(raw.lstrip()) + start
            head, qualifier = _split_qualifier(body)
            out.append(Line(int(m.group(1)), head, offset, qualifier))
        pos += len(raw) + 1
    numbers = [line.number for line in out]
    if len(out) < 2 or numbers != sorted(set(numbers)):
        return None
    return out


#: PubMed's search history labels: "Search: " before the string, "Filters: …" after it.
_SEARCH_LABEL = re.compile(r"Search:\s*", re.IGNORECASE)
_FILTERS = re.compile(r"\s+Filters:\s")
#: Web of Science's settings line under each set of its search history.
_WOS_SETTINGS = re.compile(r"(?:Indexes|Databases|Editions|Timespan|Refined by)\s*=",
                           re.IGNORECASE)
_WOS_PART = re.compile(r"(?<!\S)(?=(?:Indexes|Databases|Editions|Timespan|Refined by)\s*=)",
                       re.IGNORECASE)
_WOS_YEARS = re.compile(r"Timespan\s*=\s*(\d{4})\s*-\s*(\d{4})", re.IGNORECASE)
#: EBSCOhost's history columns after the search: options, then its links.
_EBSCO_OPTIONS = re.compile(r"\s+(?=(?:Limiters|Expanders|Search modes|Narrow by)\s+-\s)")
_EBSCO_TAIL = re.compile(r"(?:\s+(?:View Results|View Details|Edit))+\s*$")
_EBSCO_DATES = re.compile(r"Published Date:\s*(\d{4})\d{0,4}\s*-\s*(\d{4})\d{0,4}",
                          re.IGNORECASE)
#: A line reference in the ``#n`` style, which search text beside it cannot mean otherwise.
_HASH_REF = re.compile(r"(?<![\w#])#(\d+)(?![\w\[])")
#: Where Cochrane's export starts a combining line's limits: `` with …`` or `` in …``.
_QUALIFIER = re.compile(r",?\s+(?=(?:with|in)\s)", re.IGNORECASE)
#: Cochrane's limits as its export writes them after a line of search text; only these
#: are taken off such a line (there ``with`` and ``in`` may be search words).
_COCHRANE_PART = (r"(?:with\s+Publication\s+Year\s+from\s+\d{4}\s+to\s+\d{4}"
                  r"|with\s+Cochrane\s+Library\s+publication\s+date\s+between\s+.+?"
                  r"|in\s+(?:Trials|Cochrane\s+Reviews|Cochrane\s+Protocols|Clinical\s+Answers"
                  r"|Editorials|Special\s+Collections))")
_COCHRANE_TAIL = re.compile(rf"{_COCHRANE_PART}(?:\s*,\s*{_COCHRANE_PART})*", re.IGNORECASE)
_COCHRANE_YEARS = re.compile(r"with\s+Publication\s+Year\s+from\s+(\d{4})\s+to\s+(\d{4})",
                             re.IGNORECASE)


def _split_qualifier(text: str) -> tuple[str, str]:
    """Return a line and the limits written after it (``#3 AND #4 in Trials``,
    ``care:ti,ab with Publication Year from 2010 to 2024``; PubMed's ``… Filters: English,
    from 2010 - 2024``)."""
    text = _EBSCO_TAIL.sub("", text)
    if options := _EBSCO_OPTIONS.search(text):
        return text[:options.start()].rstrip(), text[options.start():].strip()
    if filters := _FILTERS.search(text):
        return text[:filters.start()].rstrip(), text[filters.start():].strip()
    for m in _QUALIFIER.finditer(text):
        head = text[:m.start()]
        if _REF.search(head) and not _COMBO.sub("", head) or \
                head.strip() and _COCHRANE_TAIL.fullmatch(text[m.end():]):
            return head, text[m.end():]
    return text, ""


def qualifier_limits(lines: list[Line]) -> tuple[tuple[int, int] | None, list[str],
                                                  list[str]]:
    """Return the years and languages of the last line's qualifiers (Cochrane's ``with
    Publication Year from …``, EBSCO's ``Limiters - …``, Web of Science's ``Timespan=``)
    and a warning for each part a strategy cannot hold (``in Trials``, ``Peer Reviewed``).

    The last line is the search, so only its years and languages are kept. Those of an
    earlier line limit that line only: they are named in a warning unless the last
    line's own limits already hold them (the same years or fewer, the same languages).
    """
    read = [(line, *_line_limits(line)) for line in lines]
    _, years, languages, _ = read[-1]
    unkept = []
    for line, _, line_languages, parts in read:
        for part, kind, value in parts:
            covered = line is lines[-1] or (
                kind == "years" and years is not None and value[0] <= years[0]
                and years[1] <= value[1]
                or kind == "language" and bool(languages) and set(languages) <= set(
                    line_languages))
            if kind is None:
                unkept.append(f"line {line.number}: {part!r} is not kept (a strategy holds "
                              "years, languages and publication types): set it again in "
                              "the platform's limits.")
            elif not covered:
                unkept.append(f"line {line.number}: {part!r} is not kept (a strategy keeps "
                              "only the last line's limits, which hold for the whole "
                              "search), so that line's part of the search is broader: keep "
                              "the string as written in queries/<db>.txt if that matters.")
    return years, languages, unkept


def _line_limits(line: Line) -> tuple[tuple[int, int] | None, list[str],
                                      list[tuple[str, str | None, tuple[int, int] | str]]]:
    """Return a line's qualifier years, languages and each part with its kind (``years``,
    ``language``, None for a part a strategy cannot hold) and value."""
    years = None
    languages: list[str] = []
    parts: list[tuple[str, str | None, tuple[int, int] | str]] = []
    for part in _qualifier_parts(line.qualifier):
        if m := _COCHRANE_YEARS.fullmatch(part) or _WOS_YEARS.fullmatch(part) or \
                _EBSCO_DATES.fullmatch(part):
            years = (int(m.group(1)), int(m.group(2)))
            parts.append((part, "years", years))
        elif m := _LANGUAGE.fullmatch(part):
            languages.append(m.group(1).lower())
            parts.append((part, "language", m.group(1).lower()))
        elif part and part.lower() != "search modes - boolean/phrase":
            parts.append((part, None, part))
    return years, languages, parts


def _qualifier_parts(qualifier: str) -> list[str]:
    if qualifier.startswith("Filters:"):
        return [qualifier]
    if _WOS_SETTINGS.match(qualifier):
        return [p.strip() for p in _WOS_PART.split(qualifier)]
    if _EBSCO_OPTIONS.match(" " + qualifier):
        out = []
        for section in _EBSCO_OPTIONS.split(" " + qualifier):
            head, _, items = section.strip().partition(" - ")
            if head.lower() == "limiters":
                out.extend(i.strip() for i in items.split(";"))
            elif section.strip():
                out.append(section.strip())
        return out
    return [p.strip() for p in re.split(r",\s*(?=(?:with|in)\s)", qualifier)]


def is_combination(text: str) -> bool:
    """Whether a line only combines earlier lines (``1 or 2``, ``or/1-4``, limits)."""
    return bool(_SHORT.fullmatch(text.strip()) or _LIMIT.match(text.strip())
                or not _COMBO.sub("", text))


def resolve_lines(lines: list[Line], family: str) -> str:
    """Return the last line with every line reference replaced by its expression."""
    op = {"and": "and", "or": "or"} if family == "ovid" else {"and": "AND", "or": "OR"}
    resolved: dict[int, str] = {}
    for line in lines:
        text = line.text.strip()
        short = _SHORT.fullmatch(text)
        limit = _LIMIT.match(text)
        if short:
            numbers = _expand(short.group(2))
            text = f" {op[short.group(1).lower()]} ".join(f"({resolved[n]})" for n in numbers
                                                        if n in resolved)
        elif limit:
            text = _limit(resolved.get(int(limit.group(1)), ""), limit.group(2), op["and"])
        else:  # a combination, or search text beside #n references (#1 AND humans[mh])
            ref = _REF if not _COMBO.sub("", text) else _HASH_REF
            text = ref.sub(lambda m: f"({resolved[int(m.group(1))]})"
                           if int(m.group(1)) in resolved else m.group(0), text)
        resolved[line.number] = text
    return resolved[lines[-1].number]


def unresolved(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Return (start, end, message) for each line reference that is not an earlier line.

    Such a reference would be dropped (``or/1-7`` of six lines) or searched as a word
    (``4 and 9``): the search would lose a concept without a word.
    """
    out: list[tuple[int, int, str]] = []
    earlier: set[int] = set()
    for line in lines:
        bad = [ref for ref in _references(line.text) if ref[0] not in earlier]
        if bad:
            numbers = list(dict.fromkeys(str(n) for n, _, _ in bad))
            which = f"line {numbers[0]}, which is not an earlier line" if len(numbers) == 1 \
                else f"lines {', '.join(numbers[:-1])} and {numbers[-1]}, which are not " \
                "earlier lines"
            out.append((line.start + bad[0][1], line.start + bad[-1][2],
                        f"line {line.number} refers to {which} of this history"))
        earlier.add(line.number)
    return out


def _references(text: str) -> list[tuple[int, int, int]]:
    """Return (line number, start, end) of each line reference in a combining line."""
    if short := _SHORT.fullmatch(text):
        return [(n, short.start(2), short.end(2)) for n in _expand(short.group(2))]
    if limit := _LIMIT.match(text):
        return [(int(limit.group(1)), limit.start(1), limit.end(1))]
    if not _COMBO.sub("", text):
        return [(int(m.group(1)), m.start(), m.end()) for m in _REF.finditer(text)]
    return [(int(m.group(1)), m.start(), m.end()) for m in _HASH_REF.finditer(text)]


def _expand(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = re.sub(f"[{_DASH}]", "-", part.strip()).partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def _limit(base: str, spec: str, and_op: str) -> str:
    parts = [f"({base})"]
    languages, years, _ = limit_parts(spec)
    if languages:
        parts.append(f"({' or '.join(languages)}).lg.")
    if years:
        parts.append(f'"{years[0]}-{years[1]}".yr.')
    return f" {and_op} ".join(parts)


#: One part of an Ovid limit: a year range, a quoted name, an age group, or a word.
_LIMIT_TOKEN = re.compile(r'yr\s*=\s*"[^"]*"|"[^"]*"|<[^>]*>|[^\s()<"]+')


def limit_parts(spec: str) -> tuple[list[str], tuple[str, str] | None, list[str]]:
    """Return the languages, the year range and the parts a strategy cannot hold of an
    Ovid ``limit N to …`` (``(dutch or english) and yr="2010 -Current"``, ``humans``)."""
    spec = re.sub(f"[{_DASH}]", "-", spec)
    parts: list[list[str]] = [[]]
    for token in _LIMIT_TOKEN.findall(spec):
        if token.lower() in ("and", "or"):
            parts.append([])
        else:
            parts[-1].append(token)
    languages: list[str] = []
    years = None
    unkept: list[str] = []
    for part in (" ".join(p) for p in parts if p):
        if m := _YEARS.fullmatch(part):
            years = (m.group(1), m.group(2))
        elif m := _LANGUAGE.fullmatch(part):
            languages.append(m.group(1).lower())
        elif len(part) > 3 and LANGUAGES.get(part.lower()):
            languages.append(part.lower())
        else:
            unkept.append(part)
    return languages, years, unkept


def unkept_limits(lines: list[Line]) -> list[str]:
    """Return a warning for each part of a ``limit N to …`` line a strategy cannot hold."""
    out = []
    for line in lines:
        if limit := _LIMIT.match(line.text.strip()):
            out.extend(f"line {line.number}: limit {part!r} is not kept (a strategy holds "
                       "years, languages and publication types), so the search is broader: "
                       "set it again in the platform's limits."
                       for part in limit_parts(limit.group(2))[2])
    return out
