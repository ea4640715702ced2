"""Speed of the CSV, WoS, BibTeX, EndNote XML and XLSX readers against bare parsers.

Run: ``python -m benchmarks.import_formats_speed [--records 100000]
[--out benchmarks/results/import-formats.md]``

Synthetic Scopus CSV and WoS plain text come from :mod:`litsearch.synth`; the same
records are also written as BibTeX, EndNote XML and XLSX by the small writers below.
Each step runs in a fresh Python process so its peak memory (max RSS) is its own:

- bare: the parse a hand-written importer would start from (``csv.DictReader``, a
  tag-to-dict loop, ``bibtexparser.parse_string``, ``defusedxml`` ``iterparse``,
  openpyxl ``iter_rows``): no normalising, no mapping;
- litsearch: the registered reader (parse + dialect mapping + normalisation), records
  streamed and dropped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks._harness import in_fresh_process, reader_step, write_results, xlsx_rows
from litsearch.models import Record

FORMATS = ("csv", "wos", "bibtex", "endnote-xml", "xlsx")


def _bib(record: Record, i: int) -> str:
    authors = " and ".join(f"{a.family}, {a.initials}" for a in record.authors)
    fields = {"author": authors, "title": record.title, "journal": record.journal,
              "year": record.year, "volume": record.volume, "number": record.issue,
              "pages": f"{record.start_page}--{record.end_page}" if record.end_page else
              record.start_page, "doi": record.doi, "abstract": record.abstract}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@article{{key{i},\n{body}\n}}\n\n"


def _xml(record: Record, i: int) -> str:
    def style(text: object) -> str:
        return f'<style face="normal" font="default" size="100%">{escape(str(text))}</style>'

    authors = "".join(f"<author>{style(a.family + ', ' + a.initials)}</author>"
                      for a in record.authors)
    return (f"<record><rec-number>{i}</rec-number><ref-type name=\"Journal Article\">17"
            f"</ref-type><contributors><authors>{authors}</authors></contributors><titles>"
            f"<title>{style(record.title or '')}</title></titles><periodical><full-title>"
            f"{style(record.journal or '')}</full-title></periodical><volume>"
            f"{style(record.volume or '')}</volume><dates><year>{style(record.year or '')}"
            f"</year></dates><electronic-resource-num>{style(record.doi or '')}"
            f"</electronic-resource-num><abstract>{style(record.abstract or '')}</abstract>"
            "</record>")


def _write_inputs(folder: Path, n: int) -> dict[str, Path]:
    from litsearch.synth import generate_corpus
    from litsearch.synth.writers_csv import write_scopus_csv
    from litsearch.synth.writers_wos import write_wos

    corpus = generate_corpus(4000, databases=("scopus", "wos"), seed=11)
    records = list(itertools.islice(itertools.cycle(corpus["scopus"]), n))
    paths = {fmt: folder / name for fmt, name in (
        ("csv", "scopus.csv"), ("wos", "wos.txt"), ("bibtex", "refs.bib"),
        ("endnote-xml", "refs.xml"), ("xlsx", "refs.xlsx"))}
    write_scopus_csv(records, paths["csv"])
    write_wos(itertools.islice(itertools.cycle(corpus["wos"]), n), paths["wos"])
    with paths["bibtex"].open("w", encoding="utf-8") as out:
        out.writelines(_bib(r, i) for i, r in enumerate(records))
    with paths["endnote-xml"].open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?><xml><records>')
        out.writelines(_xml(r, i) for i, r in enumerate(records))
        out.write("</records></xml>")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Title", "Authors", "Year", "Source title", "DOI", "Abstract", "EID"])
    for i, r in enumerate(records):
        sheet.append([r.title, "; ".join(a.display() for a in r.authors), r.year, r.journal,
                      r.doi, r.abstract, f"2-s2.0-{i}"])
    book.save(paths["xlsx"])
    return paths


def _bare(fmt: str, path: Path) -> int:
    if fmt == "csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    if fmt == "wos":
        count, tags, last = 0, {}, ""
        with path.open(encoding="utf-8-sig") as handle:
            for line in handle:
                if line.startswith("ER"):
                    count, tags = count + 1, {}
                elif line.startswith("   "):
                    tags[last].append(line.strip())
                elif len(line) > 3:
                    last = line[:2]
                    tags.setdefault(last, []).append(line[3:].rstrip("\n"))
        return count
    if fmt == "bibtex":
        import bibtexparser

        return len(bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries)
    if fmt == "endnote-xml":
        from defusedxml.ElementTree import iterparse

        count = 0
        with path.open("rb") as handle:
            for _event, elem in iterparse(handle):
                if elem.tag == "record":
                    count += 1
                    elem.clear()
        return count
    return xlsx_rows(path)


def _run_step(step: str, fmt: str, path: Path) -> dict[str, float]:
    # Imports happen before the clock starts (the bare parsers' modules too).
    import bibtexparser  # noqa: F401
    import defusedxml.ElementTree  # noqa: F401
    import openpyxl  # noqa: F401

    return reader_step(_bare, step, fmt, path)


def _measure(step: str, fmt: str, path: Path) -> dict[str, float]:
    return in_fresh_process("benchmarks.import_formats_speed", "--step", step, "--format", fmt,
                            "--file", str(path))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one step of it, for the subprocesses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/import-formats.md"))
    parser.add_argument("--step", choices=("bare", "litsearch"))
    parser.add_argument("--format", choices=FORMATS)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(_run_step(args.step, args.format, args.file)))
        return 0
    lines = ["# Import speed: CSV, WoS, BibTeX, EndNote XML, XLSX readers", "",
             f"{args.records:,} synthetic records per file (litsearch.synth Scopus/WoS records; "
             "BibTeX, EndNote XML and XLSX written from the same records), each step in a "
             "fresh process. Run with `python -m benchmarks.import_formats_speed`.", "",
             "| format | MiB | bare s | litsearch s | records/s | ratio | bare peak MiB | "
             "litsearch peak MiB |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_inputs(Path(tmp), args.records)
        for fmt in FORMATS:
            bare = _measure("bare", fmt, paths[fmt])
            ours = _measure("litsearch", fmt, paths[fmt])
            print(fmt, bare, ours, file=sys.stderr)
            lines.append(
                f"| {fmt} | {paths[fmt].stat().st_size / 2**20:.0f} | {bare['seconds']:.2f} | "
                f"{ours['seconds']:.2f} | {ours['records'] / ours['seconds']:,.0f} | "
                f"{ours['seconds'] / bare['seconds']:.2f}x | {bare['peak_mib']:.0f} | "
                f"{ours['peak_mib']:.0f} |")
    lines += ["", "ratio = litsearch / bare. The bare steps map and normalise nothing; the "
              "readers add dialect detection, field mapping, author/DOI/PMID/year/language "
              "normalisation and the verbatim `original` of every record.", ""]
    text = "\n".join(lines)
    write_results(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
