"""Write the hostile-file corpus: small files that attack a reader, each with the error expected.

Generated at test time (never committed as binaries), so every case is readable here.
Run it by hand to look at the files::

    python tests/hostile/hostile_corpus.py /tmp/hostile

Each case names the file, how to write it, and the text the one-line error must
hold (None: the file is legitimate however odd, and must import in bounded time).
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
RIS = "TY  - JOUR\nTI  - Gambling harm {i}\nAU  - Smith, J\nPY  - 2020\nER  - \n\n"
PUBMED_HEAD = ('<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>'
               '<PMID>1</PMID><Article><ArticleTitle>{title}</ArticleTitle></Article>'
               '</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n')


@dataclass(frozen=True)
class Case:
    """One hostile file.

    Attributes:
        name: File name (its suffix is what a user would see; readers sniff content).
        write: Writes the file at the given path.
        error: Text the one-line error must hold, or None when the import must succeed.
        records: Records the import must read when it succeeds.
    """

    name: str
    write: Callable[[Path], None]
    error: str | None
    records: int = 0


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _ris(n: int, start: int = 0) -> str:
    return "".join(RIS.format(i=i) for i in range(start, start + n))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
             'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" '
             'sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                  'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                  'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def cell(ref: str, value: str) -> str:
    """Return one inline-string cell of a worksheet."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def header_rows(extra: str = "") -> str:
    """Return a Title/Authors/Year header row and one record row, then ``extra`` rows."""
    return ('<row r="1">' + cell("A1", "Title") + cell("B1", "Authors") + cell("C1", "Year")
            + '</row><row r="2">' + cell("A2", "Gambling harm") + cell("B2", "Smith, J")
            + cell("C2", "2020") + "</row>" + extra)


def xlsx(path: Path, rows: str, dimension: str = "A1:C2", padding: int = 0) -> None:
    """Write a minimal workbook whose one sheet holds ``rows`` (and ``padding`` spaces)."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
             f'<sheetData>{rows}</sheetData>' + " " * padding + "</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


XXE = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n'
       '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
       + PUBMED_HEAD.split("\n", 1)[1].format(title="&xxe;"))
_LOLS = ['<!ENTITY lol "lol">'] + [
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
    for i in range(1, 10)]
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n' + "\n".join(_LOLS)
                  + "\n]>\n" + PUBMED_HEAD.split("\n", 1)[1].format(title="&lol9;"))
DEEP_XML = ('<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>'
            + "<a>" * 100_000 + "</a>" * 100_000 + "</MedlineCitation></PubmedArticle>\n"
            "</PubmedArticleSet>\n")
BIG_NODE_XML = PUBMED_HEAD.format(title="a" * (17 * MIB))

CASES: tuple[Case, ...] = (
    Case("xxe.xml", _text(XXE), "entities or external references"),
    Case("billion_laughs.xml", _text(BILLION_LAUGHS), "entities or external references"),
    Case("deep_nesting.xml", _text(DEEP_XML), "nests elements more than 256 deep"),
    Case("huge_text_node.xml", _text(BIG_NODE_XML), "holds more than 16 MiB of text"),
    Case("zip_bomb.xlsx", lambda p: xlsx(p, header_rows(), padding=40 * MIB), "zip bomb"),
    Case("huge_dimension.xlsx", lambda p: xlsx(p, header_rows(), "A1:XFD1048576"), None, 1),
    Case("huge_row.xlsx", lambda p: xlsx(p, header_rows(
        '<row r="2000000000">' + cell("A2000000000", "x") + "</row>")), "past Excel's last row"),
    Case("huge_column.xlsx", lambda p: xlsx(p, header_rows(
        '<row r="3">' + cell("ZZZZZZ3", "x") + "</row>")), "past Excel's last column"),
    Case("nul_bytes.ris", _text(_ris(2).replace("Gambling", "Gamb\x00ling", 1)), "NUL bytes"),
    Case("mixed_boms.ris", _bytes(b"\xef\xbb\xbf" + _ris(3).encode() + b"\xef\xbb\xbf"
                                  + _ris(3, 3).encode()), None, 6),
    Case("utf8_and_utf16.ris", _bytes(b"\xef\xbb\xbf" + _ris(2).encode()
                                      + _ris(2, 2).encode("utf-16")), "not valid utf-8"),
    Case("long_line.ris", _text("TY  - JOUR\nTI  - " + "a" * (17 * MIB) + "\nER  - \n"),
         "line 2 is longer than 16 MiB"),
    Case("huge_cell.csv", _text('Title,Authors,Year\n"' + "a\n" * (9 * MIB) + '",x,2020\n'),
         "field larger than field limit"),
    Case("fifo.ris", _fifo, "named pipe (FIFO)"),
    Case("python_source.csv", _text('"""A module."""\nimport os, sys\n\n\ndef main(argv):\n'
                                    '    return [x for x in argv if x]  # [bold]x[/]\n' * 30),
         "format not recognised"),
)


def write_corpus(folder: Path) -> dict[str, Case]:
    """Write every case into ``folder``; return the cases by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.write(folder / case.name)
    return {case.name: case for case in CASES}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    write_corpus(target)
    print(f"wrote {len(CASES)} hostile files to {target}")
