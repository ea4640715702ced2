"""A team review on PostgreSQL: migration both ways, and roles the database enforces."""

from __future__ import annotations

import sqlite3
import uuid

import pgtest
import pytest

from litsearch.demo.run import run_demo
from litsearch.errors import StoreError
from litsearch.models import Record
from litsearch.screening.decisions import record_decision
from litsearch.store import Store
from litsearch.store.records import SearchRun, add_records, add_search_run


@pytest.fixture
def empty_db(pg_admin):
    made = []

    def make() -> str:
        url, name = pgtest.fresh_database(pg_admin)
        made.append(name)
        return url

    yield make
    for name in made:
        pgtest.drop_database(pg_admin, name)


def _as(url: str, user: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{user}@", 1)


def test_migration_sqlite_postgres_sqlite_gives_identical_exports(tmp_path, cli, empty_db,
                                                                  monkeypatch):
    monkeypatch.delenv("LITSEARCH_DATABASE_URL", raising=False)
    root = tmp_path / "demo"
    run_demo(root)
    exports = {}

    def export_all(label: str) -> None:
        out = []
        for args in (("export", "-f", "csv", "--raw"), ("export", "-f", "ris"),
                     ("export", "decisions", "-f", "csv", "--raw"), ("status", "--json")):
            code, text, err = cli(*args, "-r", str(root))
            assert code == 0, err
            out.append(text.replace(str(root), "ROOT"))
        exports[label] = out

    export_all("sqlite")
    url = empty_db()
    code, out, err = cli("store", "migrate", "--to", url, "-r", str(root))
    assert code == 0, err
    assert "records" in out and "decisions" in out
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
    export_all("postgresql")
    code, out, err = cli("store", "migrate", "--to", "sqlite:back.db", "-r", str(root))
    assert code == 0, err
    monkeypatch.delenv("LITSEARCH_DATABASE_URL")
    (root / "review.db").rename(root / "original.db")
    for suffix in ("-wal", "-shm"):
        (root / f"review.db{suffix}").unlink(missing_ok=True)
    (root / "back.db").rename(root / "review.db")
    export_all("back")
    for a, b, c in zip(exports["sqlite"], exports["postgresql"], exports["back"], strict=True):
        assert a == b == c
    # A second migration into a database that holds a review is refused, nothing written.
    code, _out, err = cli("store", "migrate", "--to", url, "-r", str(root))
    assert code == 2 and "already holds a review" in err


def _seed(store: Store, n: int) -> list[int]:
    records = [Record(title=f"Meaning-making in care: study {i}", year=2020,
                      doi=f"10.1000/x.{i}", database="pubmed") for i in range(n)]
    with store.transaction():
        run = add_search_run(store, SearchRun(database="pubmed"))
        return add_records(store, run, records)


def test_roles_are_enforced_by_the_database(empty_db):
    url = empty_db()
    tag = uuid.uuid4().hex[:6]
    alice, bob, carol = f"alice_{tag}", f"bob_{tag}", f"carol_{tag}"
    from litsearch.store.team import add_member, list_members

    with Store(url) as admin:
        ids = _seed(admin, 3)
        add_member(admin, alice, "reviewer")
        add_member(admin, bob, "reviewer")
        add_member(admin, carol, "lead")
        assert {(m.name, m.role) for m in list_members(admin)} == {
            (alice, "reviewer"), (bob, "reviewer"), (carol, "lead")}
    with Store(_as(url, alice)) as store:
        record_decision(store, ids[0], "title-abstract", alice, "include", source="test")
        with pytest.raises((StoreError, sqlite3.Error), match=f"may not file a decision as {bob}"):
            record_decision(store, ids[1], "title-abstract", bob, "include", source="test")
        for sql in ("UPDATE decisions SET decision = 'exclude'", "DELETE FROM decisions",
                    "DELETE FROM records", "INSERT INTO meta (key, value) VALUES ('x', 'y')"):
            with pytest.raises(sqlite3.Error):
                store.execute(sql)
        with pytest.raises((StoreError, sqlite3.Error), match="settle conflicts"):
            record_decision(store, ids[1], "title-abstract", alice, "include", source="test",
                            resolution=True)
    with Store(_as(url, carol)) as store:
        record_decision(store, ids[1], "title-abstract", carol, "exclude", source="test",
                        resolution=True)
        store.execute("INSERT INTO meta (key, value) VALUES ('lead-was-here', '1')")
        rows = store.execute("SELECT reviewer FROM decisions ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [alice, carol]


def test_a_password_in_review_toml_is_refused_and_never_shown(project, monkeypatch):
    monkeypatch.delenv("LITSEARCH_DATABASE_URL", raising=False)
    from litsearch.project import Project

    config = project.root / "review.toml"
    config.write_text(config.read_text() + '\n[store]\nurl = "postgresql://a:s3cret@h/db"\n')
    with pytest.raises(StoreError.__mro__[1], match="holds a password") as caught:
        _ = Project.open(project.root).database_url
    assert "s3cret" not in str(caught.value)


def test_a_connection_failure_names_the_server_without_its_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql://alice:s3cret@127.0.0.1:9/nowhere?connect_timeout=2")
    text = str(caught.value)
    assert "s3cret" not in text and "127.0.0.1:9/nowhere" in text


def test_migrating_back_to_sqlite_copies_rows_whatever_the_servers_row_order(tmp_path,
                                                                              empty_db):
    # Two reviewers writing at once leave a server's rows out of id order: a changed
    # decision can lie before the one it replaces. The copy into a review.db failed
    # (FOREIGN KEY constraint failed, a traceback) because it inserted rows in the
    # server's order.
    from litsearch.store.transfer import transfer

    url = empty_db()
    with Store(url) as store:
        ids = _seed(store, 3)
        for verdict in ("include", "exclude", "maybe"):
            record_decision(store, ids[0], "title-abstract", "postgres", verdict,
                            source="test")
        # What concurrent writers do to the heap, made certain: rows in descending id.
        store.execute("CREATE INDEX audit_desc ON decisions (id DESC)")
        store.execute("CLUSTER decisions USING audit_desc")
        order = [r[0] for r in store.execute("SELECT id FROM decisions").fetchall()]
        assert order == sorted(order, reverse=True)
        with Store(tmp_path / "back.db") as back:
            transfer(store, back)
            rows = back.execute("SELECT id, replaces FROM decisions ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(order[2], None), (order[1], order[2]),
                                        (order[0], order[1])]
