"""Speed of the ESummary, PMC/JATS and .xls readers against bare parsers, and .xls vs .xlsx.

Run: ``python -m benchmarks.import_more_formats_speed [--records 20000]
[--out benchmarks/results/import-more-formats.md]``

The same synthetic PubMed records (:mod:`litsearch.synth`) are written as legacy
ESummary DocSums, a PMC ``pmc-articleset`` (front matter only), an .xls workbook
(BIFF8 LABEL/NUMBER cells in an OLE2 file, by the writer below) and the same sheet
as .xlsx. Each step runs in a fresh process so its peak memory (max RSS) is its own:

- bare: defusedxml ``iterparse`` counting elements, or xlrd reading every cell;
- litsearch: the registered reader (parse, mapping, normalisation), records dropped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import struct
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks._harness import in_fresh_process, reader_step, write_results, xlsx_rows
from litsearch.models import Record

FORMATS = ("esummary-xml", "jats-xml", "xls", "xlsx")
HEADER = ["Title", "Authors", "Year", "Source title", "DOI", "PubMed ID", "Abstract"]
_END, _FREE, _FATSECT, _DIFSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC


def _docsum(r: Record) -> str:
    authors = "".join(f'<Item Name="Author" Type="String">{escape(a.display())}</Item>'
                      for a in r.authors)
    return (f'<DocSum><Id>{r.pmid}</Id><Item Name="PubDate" Type="Date">{r.year}</Item>'
            f'<Item Name="Source" Type="String">{escape(r.journal or "")}</Item>'
            f'<Item Name="AuthorList" Type="List">{authors}</Item>'
            f'<Item Name="Title" Type="String">{escape(r.title or "")}</Item>'
            f'<Item Name="Volume" Type="String">{r.volume or ""}</Item>'
            f'<Item Name="Pages" Type="String">{r.start_page or ""}</Item>'
            '<Item Name="LangList" Type="List"><Item Name="Lang" Type="String">English</Item>'
            '</Item><Item Name="ArticleIds" Type="List">'
            f'<Item Name="pubmed" Type="String">{r.pmid}</Item>'
            f'<Item Name="doi" Type="String">{escape(r.doi or "")}</Item></Item>'
            f'<Item Name="FullJournalName" Type="String">{escape(r.journal or "")}</Item>'
            "</DocSum>\n")


def _article(r: Record, i: int) -> str:
    authors = "".join(f'<contrib contrib-type="author"><name><surname>{escape(a.family)}'
                      f"</surname><given-names>{a.initials}</given-names></name></contrib>"
                      for a in r.authors)
    return (f'<article article-type="research-article" xml:lang="en"><front><journal-meta>'
            f"<journal-title-group><journal-title>{escape(r.journal or '')}</journal-title>"
            f"</journal-title-group></journal-meta><article-meta>"
            f'<article-id pub-id-type="pmid">{r.pmid}</article-id>'
            f'<article-id pub-id-type="pmc">{7000000 + i}</article-id>'
            f'<article-id pub-id-type="doi">{escape(r.doi or "")}</article-id>'
            f"<title-group><article-title>{escape(r.title or '')}</article-title></title-group>"
            f"<contrib-group>{authors}</contrib-group>"
            f'<pub-date pub-type="ppub"><year>{r.year}</year></pub-date>'
            f"<volume>{r.volume or ''}</volume><fpage>{r.start_page or ''}</fpage>"
            f"<abstract><sec><title>Background</title><p>{escape(r.abstract or '')}</p></sec>"
            "</abstract></article-meta></front><body><p>Full text.</p></body></article>\n")


def _rows(records: list[Record]) -> list[list[object]]:
    return [HEADER] + [[r.title, "; ".join(a.display() for a in r.authors), r.year, r.journal,
                        r.doi, int(r.pmid) if r.pmid else None, r.abstract] for r in records]


def _biff_cell(row: int, col: int, value: object) -> bytes:
    if isinstance(value, (int, float)):
        data = struct.pack("<HHHd", row, col, 0, float(value))
        return struct.pack("<HH", 0x0203, len(data)) + data
    text = str(value)[:4000]
    try:  # LABEL: compressed (Latin-1) when possible, else UTF-16LE
        body = struct.pack("<HB", len(text), 0) + text.encode("latin-1")
    except UnicodeEncodeError:
        body = struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")
    data = struct.pack("<HHH", row, col, 0) + body
    return struct.pack("<HH", 0x0204, len(data)) + data


def _biff8(rows: list[list[object]]) -> bytes:
    def rec(kind: int, data: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    bof = [rec(0x0809, struct.pack("<HHHHII", 0x0600, t, 0x0DBB, 0x07CC, 0, 6))
           for t in (0x0005, 0x0010)]
    xf = rec(0x00E0, struct.pack("<HHHBBBBIiH", *[0] * 10))
    head = bof[0] + rec(0x0042, struct.pack("<H", 1200)) + xf
    sheet_rec_len = 4 + 8 + 2 * len("Sheet1")
    offset = len(head) + sheet_rec_len + 4
    sheet = rec(0x0085, struct.pack("<IBBB", offset, 0, 0, 6) + b"\x01" +
                "Sheet1".encode("utf-16-le"))
    cells = b"".join(_biff_cell(r, c, v) for r, row in enumerate(rows)
                     for c, v in enumerate(row) if v not in (None, ""))
    return head + sheet + rec(0x000A) + bof[1] + cells + rec(0x000A)


def _ole2(stream: bytes) -> bytes:
    """Wrap a stream in an OLE2 file with as many FAT and DIFAT sectors as it needs."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    n = len(stream) // 512
    nfat = 1
    while True:
        ndifat = max(0, -(-(nfat - 109) // 127))
        if nfat * 128 >= nfat + ndifat + 1 + n:
            break
        nfat += 1
    first_dir = nfat + ndifat
    fat = [_FATSECT] * nfat + [_DIFSECT] * ndifat + [_END]
    fat += [first_dir + 2 + i for i in range(n - 1)] + [_END]
    fat += [_FREE] * (nfat * 128 - len(fat))
    fat_ids = list(range(nfat))
    difat_sectors = b""
    for k in range(ndifat):
        ids = fat_ids[109 + 127 * k: 109 + 127 * (k + 1)]
        nxt = nfat + k + 1 if k + 1 < ndifat else _END
        difat_sectors += struct.pack("<128I", *(ids + [_FREE] * (127 - len(ids))), nxt)
    header_ids = fat_ids[:109] + [_FREE] * (109 - min(109, nfat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 +
              struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
              struct.pack("<9I", 0, nfat, first_dir, 0, 4096, _END, 0,
                          nfat if ndifat else _END, ndifat) + struct.pack("<109I", *header_ids))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) +
                struct.pack("<III", _FREE, _FREE, child) + b"\0" * 36 +
                struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, _END, 0) +
                 entry("Workbook", 2, _FREE, first_dir + 1, len(stream)) +
                 entry("", 0, _FREE, 0, 0) * 2)
    return header + struct.pack(f"<{len(fat)}I", *fat) + difat_sectors + directory + stream


def _write_inputs(folder: Path, n: int) -> dict[str, Path]:
    from openpyxl import Workbook

    from litsearch.synth import generate_corpus

    corpus = generate_corpus(4000, databases=("pubmed",), seed=11)
    records = list(itertools.islice(itertools.cycle(corpus["pubmed"]), n))
    paths = {"esummary-xml": folder / "esummary.xml", "jats-xml": folder / "pmc.xml",
             "xls": folder / "refs.xls", "xlsx": folder / "refs.xlsx"}
    with paths["esummary-xml"].open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<eSummaryResult>\n')
        out.writelines(_docsum(r) for r in records)
        out.write("</eSummaryResult>\n")
    with paths["jats-xml"].open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" ?>\n<pmc-articleset>')
        out.writelines(_article(r, i) for i, r in enumerate(records))
        out.write("</pmc-articleset>\n")
    rows = _rows(records[:65535])  # a BIFF8 sheet holds 65,536 rows
    paths["xls"].write_bytes(_ole2(_biff8(rows)))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(paths["xlsx"])
    return paths


def _bare(fmt: str, path: Path) -> int:
    if fmt in ("esummary-xml", "jats-xml"):
        from defusedxml.ElementTree import iterparse

        tag, count = ("DocSum" if fmt == "esummary-xml" else "article"), 0
        with path.open("rb") as handle:
            for _event, elem in iterparse(handle):
                if elem.tag == tag:
                    count += 1
                    elem.clear()
        return count
    if fmt == "xls":
        import io

        import xlrd

        book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
        sheet = book.sheet_by_index(0)
        return sum(1 for r in range(1, sheet.nrows) if sheet.row_values(r))
    return xlsx_rows(path)


def _run_step(step: str, fmt: str, path: Path) -> dict[str, float]:
    import defusedxml.ElementTree  # noqa: F401  (imports before the clock starts)
    import openpyxl  # noqa: F401
    import xlrd  # noqa: F401

    return reader_step(_bare, step, fmt, path)


def _measure(step: str, fmt: str, path: Path) -> dict[str, float]:
    return in_fresh_process("benchmarks.import_more_formats_speed", "--step", step, "--format", fmt,
                            "--file", str(path))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one step of it, for the subprocesses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--out", type=Path,
                        default=Path("benchmarks/results/import-more-formats.md"))
    parser.add_argument("--step", choices=("bare", "litsearch"))
    parser.add_argument("--format", choices=FORMATS)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(_run_step(args.step, args.format, args.file)))
        return 0
    lines = ["# Import speed: ESummary, PMC/JATS and .xls readers", "",
             f"{args.records:,} synthetic PubMed records per file (litsearch.synth), written as "
             "legacy ESummary DocSums, a PMC pmc-articleset and the same sheet as .xls and "
             ".xlsx; each step in a fresh process. Run with "
             "`python -m benchmarks.import_more_formats_speed`.", "",
             "| format | records | MiB | bare s | litsearch s | records/s | ratio | "
             "bare peak MiB | litsearch peak MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_inputs(Path(tmp), args.records)
        for fmt in FORMATS:
            bare = _measure("bare", fmt, paths[fmt])
            ours = _measure("litsearch", fmt, paths[fmt])
            results[fmt] = ours
            print(fmt, bare, ours, file=sys.stderr)
            lines.append(
                f"| {fmt} | {ours['records']:,} | {paths[fmt].stat().st_size / 2**20:.0f} | "
                f"{bare['seconds']:.2f} | {ours['seconds']:.2f} | "
                f"{ours['records'] / ours['seconds']:,.0f} | "
                f"{ours['seconds'] / bare['seconds']:.2f}x | {bare['peak_mib']:.0f} | "
                f"{ours['peak_mib']:.0f} |")
    lines += ["", "ratio = litsearch / bare. The same sheet read as .xls took "
              f"{results['xls']['seconds'] / results['xlsx']['seconds']:.2f}x the time of "
              ".xlsx (litsearch readers, same run).", ""]
    text = "\n".join(lines)
    write_results(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
