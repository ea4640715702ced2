"""Store failures (issue 17.5): disk full, read-only, locked and damaged each get their own
one-line message; nothing is half-written, and a database that is fine is never called
damaged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from litsearch.errors import StoreError
from litsearch.project import Project
from litsearch.store import Store
from litsearch.store.failures import classify, quick_check

RESTORE = "Restore review.db from a backup"


def _ris(path: Path, count: int, tag: str = "a") -> Path:
    abstract = "Meaning-making in mental-health care and its outcomes. " * 20
    path.write_text("".join(
        f"TY  - JOUR\nTI  - Study {tag} {i} of meaning in life\nAU  - Smith, J\n"
        f"PY  - 2020\nDO  - 10.1234/{tag}{i}\nAB  - {abstract}\nER  - \n\n"
        for i in range(count)), encoding="utf-8")
    return path


def _counts(root: Path) -> tuple[int, int]:
    with Store(root / "review.db") as store:
        assert quick_check(store.path) is None
        return (store.execute("SELECT COUNT(*) FROM records").fetchone()[0],
                store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0])


def _one_line(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_import_on_a_full_disk(small_disk, cli, tmp_path: Path) -> None:
    review = small_disk.root / "review"
    Project.create(review, title="t").close()
    first = _ris(tmp_path / "first.ris", 20, "f")
    assert cli("import", str(first), "--db", "embase", "--review", str(review))[0] == 0
    small_disk.fill(leave=200_000)
    big = _ris(tmp_path / "big.ris", 600)
    code, _, err = cli("import", str(big), "--db", "embase", "--review", str(review))
    assert code == 2 and "is full" in _one_line(err) and "intact" in err
    assert RESTORE not in err and "create a new review" not in err
    small_disk.empty()
    assert _counts(review) == (20, 1)  # the first import whole, nothing of the second
    assert cli("import", str(big), "--db", "embase", "--review", str(review))[0] == 0
    assert _counts(review) == (620, 2)


def test_every_command_on_a_full_disk_says_full_not_damaged(small_disk, cli) -> None:
    review = small_disk.root / "review"
    Project.create(review, title="t").close()
    small_disk.fill(leave=0)
    for args in (("status",), ("dedup",), ("export", "-f", "csv")):
        code, _, err = cli(*args, "--review", str(review))
        assert code == 2 and "full" in _one_line(err), (args, err)
        assert RESTORE not in err and "not a usable" not in err, (args, err)
    small_disk.empty()
    assert _counts(review) == (0, 0)


def test_read_only_review(small_disk, cli, tmp_path: Path) -> None:
    review = small_disk.root / "review"
    Project.create(review, title="t").close()
    ris = _ris(tmp_path / "a.ris", 5)
    assert cli("import", str(ris), "--db", "embase", "--review", str(review))[0] == 0
    small_disk.read_only()
    try:
        for args in (("status",), ("import", str(ris), "--db", "scopus")):
            code, _, err = cli(*args, "--review", str(review))
            assert code == 2 and "read-only" in _one_line(err), (args, err)
            assert RESTORE not in err and "not a usable" not in err
    finally:
        small_disk.read_only(False)
    assert _counts(review) == (5, 1)


def test_outputs_on_a_full_disk_keep_the_old_file(small_disk, cli, tmp_path: Path) -> None:
    review = tmp_path / "review"
    Project.create(review, title="t").close()
    assert cli("import", str(_ris(tmp_path / "a.ris", 200)), "--db", "embase",
               "--review", str(review))[0] == 0
    out = small_disk.root / "records.csv"
    out.write_text("the earlier export\n", encoding="utf-8")
    small_disk.fill(leave=20_000)
    code, _, err = cli("export", "-f", "csv", "-o", str(out), "--review", str(review))
    assert code == 2 and "No space left on device" in _one_line(err)
    assert "Free some disk space" in err
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(p.name for p in small_disk.root.iterdir()
                  if not p.name.startswith("filler-")) == ["records.csv"]


def test_a_damaged_database_is_the_only_one_told_to_restore(project, cli,
                                                            tmp_path: Path) -> None:
    assert cli("import", str(_ris(tmp_path / "a.ris", 300)), "--db", "embase",
               "--review", str(project.root))[0] == 0
    project.close()
    path = project.db_path
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 40_000] = b"\xff" * 40_000
    path.write_bytes(bytes(data))
    assert quick_check(path) is not None
    for args in (("status",), ("export", "-f", "csv")):
        code, _, err = cli(*args, "--review", str(project.root))
        assert code == 2 and "is damaged: PRAGMA quick_check reports" in _one_line(err), err
        assert RESTORE in err


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    path.write_bytes(b"not sqlite at all " * 100)
    with pytest.raises(StoreError, match="is not a SQLite database") as info:
        Store(path)
    assert "\n" not in str(info.value)


class _FailingConnection:
    """A real connection whose COMMIT fails as SQLite fails it on a full disk or a lock."""

    def __init__(self, db: sqlite3.Connection, error: sqlite3.Error) -> None:
        self._db, self._error = db, error

    def execute(self, sql: str, *args):
        if sql == "COMMIT":
            raise self._error
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._db, name)


@pytest.mark.parametrize(("error", "expected"), [
    ("database or disk is full", "is full"),
    ("attempt to write a readonly database", "read-only"),
    ("database is locked", "is locked by another process"),
])
def test_injected_commit_failures(tmp_path: Path, error: str, expected: str) -> None:
    """The same messages where no disk can be mounted: the error raised at the SQLite layer."""
    store = Store(tmp_path / "review.db")
    real = store.db
    store.db = _FailingConnection(real, sqlite3.OperationalError(error))
    with pytest.raises(StoreError, match=expected) as info:
        with store.transaction():
            store.execute("INSERT INTO meta(key, value) VALUES('probe', 'x')")
    assert RESTORE not in str(info.value)
    store.db = real
    assert not real.in_transaction  # rolled back, not left open
    assert store.get_meta("probe") is None
    store.close()


def test_a_real_readonly_error_is_classified(tmp_path: Path) -> None:
    Store(tmp_path / "review.db").close()
    uri = (tmp_path / "review.db").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn, pytest.raises(sqlite3.OperationalError) as info:
        conn.execute("CREATE TABLE t(x)")
    assert classify(info.value, tmp_path / "review.db") == "readonly"
    assert classify(ValueError("x"), tmp_path / "review.db") is None


def test_only_database_errors_are_told_as_store_failures(project) -> None:
    """An OSError about another file (an export, an output) keeps its own message."""
    import errno

    with pytest.raises(OSError) as info, project:
        raise OSError(errno.EACCES, "Permission denied", "exports/a.ris")
    assert not isinstance(info.value, StoreError)
    with pytest.raises(StoreError, match="is full"), project:
        raise sqlite3.OperationalError("database or disk is full")


def test_an_intact_file_that_is_not_a_review_is_not_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta(x)")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with pytest.raises(StoreError, match="finds the file intact") as info:
        Store(path)
    assert RESTORE not in str(info.value) and "Restore it from a backup" not in str(info.value)
