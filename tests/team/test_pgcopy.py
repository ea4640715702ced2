"""Bulk inserts through PostgreSQL's COPY give what executemany gives (PostgreSQL pass)."""

from __future__ import annotations

import os
import re

import pgtest
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.demo.run import run_demo
from litsearch.errors import StoreError
from litsearch.models import RECORD_FIELDS, Record
from litsearch.store import Store, pgcopy
from litsearch.store.records import SearchRun, add_records, add_search_run, record_values

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


@pytest.fixture
def pg_url() -> str:
    """The fresh database conftest gives each test in the PostgreSQL pass."""
    if pgtest.admin_url() is None:
        pytest.skip("needs the test PostgreSQL server: make test's PostgreSQL pass starts it "
                    "(tests/pg_server.sh)")
    return os.environ["LITSEARCH_DATABASE_URL"]


@pytest.fixture
def copies(monkeypatch):
    """Count the batches that went through COPY (a test must see the fast path taken)."""
    seen: list[str] = []
    real = pgcopy.copy_many

    def spy(connection, sql, rows):  # type: ignore[no-untyped-def]
        cursor = real(connection, sql, rows)
        if cursor is not None:
            seen.append(sql.split("(")[0].split()[-1])
        return cursor

    monkeypatch.setattr("litsearch.store.postgres.copy_many", spy)
    return seen


def test_copy_and_executemany_give_identical_exports(tmp_path, cli, pg_url, copies,
                                                     monkeypatch):
    """The demo's import, dedup and screening on SQLite, on PostgreSQL with COPY and
    without it: every export is the same text."""
    admin = pgtest.admin_url()
    exports = {}

    def run(label: str, url: str | None) -> None:
        if url is None:
            monkeypatch.delenv("LITSEARCH_DATABASE_URL", raising=False)
        else:
            monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
        root = tmp_path / label
        run_demo(root)
        out = []
        for args in (("export", "-f", "csv", "--raw"), ("export", "-f", "ris"),
                     ("export", "-f", "bibtex"), ("export", "decisions", "-f", "csv", "--raw"),
                     ("prisma", "--format", "csv")):
            code, text, err = cli(*args, "-r", str(root))
            assert code == 0, err
            # Each run stamps its own times; everything else must be the same text.
            out.append(STAMP.sub("TIME", text.replace(str(root), "ROOT")))
        exports[label] = out

    run("sqlite", None)
    monkeypatch.setattr(pgcopy, "COPY_MIN_ROWS", 1)  # every batch of the demo, however small
    run("copy", pg_url)
    assert {"records", "run_records", "cluster_members", "dedup_keys"} <= set(copies)
    other, name = pgtest.fresh_database(admin)
    try:
        monkeypatch.setattr(pgcopy, "COPY_MIN_ROWS", 10**9)
        copies.clear()
        run("executemany", other)
        assert copies == []
    finally:
        pgtest.drop_database(admin, name)
    for a, b, c in zip(exports["sqlite"], exports["copy"], exports["executemany"], strict=True):
        assert a == b == c


#: Text a COPY stream must carry exactly: its own delimiters and escapes, line ends,
#: the text spelling of NULL, characters outside the BMP, markup, quotes.
AWKWARD = st.lists(st.one_of(
    st.sampled_from(["\t", "\n", "\r", "\r\n", "\\", "\\N", "\\.", "\\t", ",", '"', "'",
                     "|", "😀", "𝔘", "\u2028", "\ufeff", "é", "<i>", " "]),
    st.characters(exclude_characters="\x00", codec="utf-8")), max_size=40).map("".join)
MAYBE = st.one_of(st.none(), AWKWARD)


@st.composite
def records(draw) -> Record:  # type: ignore[no-untyped-def]
    long = draw(st.booleans())
    abstract = draw(AWKWARD) * (5000 if long else 1) or None
    return Record(title=draw(AWKWARD) or "untitled", abstract=abstract,
                  journal=draw(MAYBE), doi=draw(MAYBE), year=draw(st.none() | st.integers(
                      -2**40, 2**40)), keywords=draw(st.lists(AWKWARD, max_size=3)),
                  database="embase", extra=draw(st.dictionaries(st.sampled_from(["n", "k"]),
                                                                AWKWARD, max_size=2)))


def _stored(store: Store, ids: list[int]) -> list[tuple]:
    listed = ", ".join(RECORD_FIELDS)
    rows = store.execute(f"SELECT {listed} FROM records WHERE id BETWEEN ? AND ? ORDER BY id",
                         (ids[0], ids[-1])).fetchall()
    return [tuple(r) for r in rows]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(batch=st.lists(records(), min_size=1, max_size=12))
def test_awkward_values_round_trip_through_copy_exactly(pg_url, batch):
    """Tabs, newlines, backslashes, '\\N', non-BMP characters, NULLs, 100 kB abstracts:
    what COPY stores is what the INSERT sends, and what executemany stores."""
    saved = pgcopy.COPY_MIN_ROWS
    with Store(pg_url) as store:
        try:
            pgcopy.COPY_MIN_ROWS = 1
            with store.transaction():
                run = add_search_run(store, SearchRun(database="embase"))
                copied = add_records(store, run, batch)
            pgcopy.COPY_MIN_ROWS = 10**9
            with store.transaction():
                run = add_search_run(store, SearchRun(database="embase"))
                inserted = add_records(store, run, batch)
        finally:
            pgcopy.COPY_MIN_ROWS = saved
        sent = [record_values(r) for r in batch]
        assert _stored(store, copied) == sent == _stored(store, inserted)
        links = store.execute("SELECT record_id, position, is_new FROM run_records "
                              "WHERE record_id BETWEEN ? AND ? ORDER BY record_id",
                              (copied[0], copied[-1])).fetchall()
        assert [tuple(r) for r in links] == [(i, r.position, 1)
                                             for i, r in zip(copied, batch, strict=True)]


def test_a_nul_byte_is_refused_by_both_paths_and_nothing_is_kept(pg_url, monkeypatch):
    """PostgreSQL text cannot hold NUL: COPY refuses the batch as executemany does, as a
    one-line error rather than a database traceback."""
    batch = [Record(title=f"t{i}", abstract="a\x00b" if i == 150 else "ok", database="x")
             for i in range(200)]
    errors = []
    with Store(pg_url) as store:
        for floor in (1, 10**9):
            monkeypatch.setattr(pgcopy, "COPY_MIN_ROWS", floor)
            with pytest.raises(StoreError) as caught:
                with store.transaction():
                    add_records(store, add_search_run(store, SearchRun(database="x")), batch)
            errors.append(str(caught.value))
        assert errors[0] == errors[1]
        assert "NUL byte" in errors[0] and "records" in errors[0]
        assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0


def test_importing_a_file_with_a_nul_byte_says_so_in_one_line(project, cli, pg_url):
    """A CSV cell with a NUL byte (RIS files are refused by their reader already): the
    import stops with one line naming the cause and the fix, and nothing is imported."""
    path = project.root / "scopus.csv"
    path.write_bytes(b"Title,Abstract,Year\nA study of care,has a \x00 byte,2020\n"
                     b"Another study,fine,2021\n")
    code, out, err = cli("import", str(path), "--db", "scopus", "--searched-on", "2024-05-02",
                         "-r", str(project.root))
    assert code != 0
    assert "NUL byte" in err and "Traceback" not in err + out
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1
    with Store(pg_url) as store:
        assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0


def test_staged_copy_keeps_conflicts_ids_and_the_sequence(pg_url, monkeypatch):
    """INSERT OR IGNORE through a staging table: existing and repeated pairs ignored, new
    ones numbered in row order, and the next single insert continues the sequence."""
    monkeypatch.setattr(pgcopy, "COPY_MIN_ROWS", 1)
    sql = ("INSERT OR IGNORE INTO dedup_pairs (record_a, record_b, score, rule, outcome, "
           "dedup_run_id, created_at) VALUES (?, ?, ?, ?, 'merged', ?, ?)")
    with Store(pg_url) as store:
        with store.transaction():
            run = add_search_run(store, SearchRun(database="x"))
            ids = add_records(store, run, [Record(title=f"t{i}", database="x")
                                           for i in range(6)])
            dedup_run = store.execute("INSERT INTO dedup_runs (started_at, method, version, "
                                      "settings, records_in) VALUES ('t', 'm', 'v', '{}', 6)"
                                      ).lastrowid
            first = store.execute(sql, (ids[0], ids[1], 0.5, "doi", dedup_run, "t")).lastrowid
            rows = [(ids[4], ids[5], 0.25, "b", dedup_run, "t"),
                    (ids[0], ids[1], 0.9, "again", dedup_run, "t"),
                    (ids[2], ids[3], 1 / 3, "c", dedup_run, "t"),
                    (ids[4], ids[5], 0.1, "repeat", dedup_run, "t")]
            store.db.executemany(sql, rows)
            after = store.execute(sql, (ids[1], ids[2], 0.7, "z", dedup_run, "t")).lastrowid
        pairs = store.execute("SELECT id, record_a, record_b, score, rule FROM dedup_pairs "
                              "ORDER BY id").fetchall()
    assert [tuple(p)[1:] for p in pairs] == [
        (ids[0], ids[1], 0.5, "doi"), (ids[4], ids[5], 0.25, "b"),
        (ids[2], ids[3], 1 / 3, "c"), (ids[1], ids[2], 0.7, "z")]
    assert pairs[0][0] == first and pairs[-1][0] == after
    assert [p[0] for p in pairs] == sorted(p[0] for p in pairs)


def test_do_update_with_a_key_twice_in_a_batch_keeps_the_last_row(pg_url, monkeypatch):
    """ON CONFLICT DO UPDATE cannot touch a row twice in one statement: such a batch goes
    to executemany, which keeps the last row as SQLite does."""
    monkeypatch.setattr(pgcopy, "COPY_MIN_ROWS", 1)
    sql = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
    with Store(pg_url) as store:
        with store.transaction():
            store.db.executemany(sql, [("copy:a", "1"), ("copy:b", "2"), ("copy:a", "3")])
            store.db.executemany(sql, [("copy:b", "4"), ("copy:c", "5")])
        assert store.get_meta("copy:a") == "3"
        assert store.get_meta("copy:b") == "4" and store.get_meta("copy:c") == "5"
