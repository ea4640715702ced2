"""A password written into a team review's URL never reaches output (no server needed).

libpq takes a password from the URL's user part (``alice:pw@host``) and from its query
(``?password=pw``); a lab that copies a URL from its admin may have either.
"""

from __future__ import annotations

import pytest

from litsearch.errors import LitsearchError
from litsearch.project import Project
from litsearch.store import Store
from litsearch.store.pgurl import redact


def _init(cli, folder):
    code, _, err = cli("init", str(folder), "--title", "t")
    assert code == 0, err


@pytest.mark.parametrize("url", [
    "postgresql://alice:s3cret@db.example.org:5432/review?sslmode=require",
    "postgresql://db.example.org/review?user=alice&password=s3cret",
    "postgresql://db.example.org/review?password=s3cret&sslmode=require",
    "postgresql://db.example.org/review?sslmode=require&password=s3cret",
    "postgres://alice:p@ss/s3cret@db.example.org/review",
])
def test_redact_leaves_no_part_of_the_password(url):
    shown = redact(url)
    assert "s3cret" not in shown and "p@ss" not in shown
    assert "db.example.org" in shown


def test_a_password_in_the_url_query_of_review_toml_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("LITSEARCH_DATABASE_URL", raising=False)
    _init(cli, tmp_path / "r")
    config = tmp_path / "r" / "review.toml"
    config.write_text(config.read_text() + '\n[store]\nurl = '
                      '"postgresql://127.0.0.1:9/db?user=alice&password=s3cret"\n')
    with pytest.raises(LitsearchError, match="holds a password") as caught:
        _ = Project.open(tmp_path / "r").database_url
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize("url", [
    "postgresql://127.0.0.1:9/nowhere?user=alice&password=s3cret&connect_timeout=2",
    "postgresql://alice:p@ss3cret@127.0.0.1:9/nowhere?connect_timeout=2",
])
def test_a_connection_failure_never_shows_the_password(url):
    with pytest.raises(LitsearchError) as caught:
        Store(url)
    text = str(caught.value)
    assert "s3cret" not in text and "127.0.0.1" in text


def test_store_migrate_never_prints_a_password_given_in_the_query(cli, tmp_path):
    _init(cli, tmp_path / "r")
    code, out, err = cli("store", "migrate", "-r", str(tmp_path / "r"), "--to",
                         "postgresql://127.0.0.1:9/db?password=s3cret&connect_timeout=2")
    assert code != 0 and "127.0.0.1:9/db" in err
    assert "s3cret" not in out + err


def test_a_server_that_is_down_is_said_in_one_line_with_the_reason(tmp_path):
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(LitsearchError) as caught:
        Store(f"postgresql://alice@127.0.0.1:{port}/review?connect_timeout=2")
    text = str(caught.value)
    assert "Connection refused" in text and "\n" not in text and ":  " not in text


@pytest.mark.parametrize("value", [
    "host=127.0.0.1 dbname=review user=alice password=s3cret",
    "host=127.0.0.1 dbname=review password = 's3cret with spaces' user=alice",
])
def test_a_libpq_keyword_string_for_the_url_is_refused_without_its_password(
        cli, tmp_path, monkeypatch, value):
    # $LITSEARCH_DATABASE_URL set to libpq's keyword form (as psql takes it) was
    # refused with the whole string, password and all, in the error.
    _init(cli, tmp_path / "r")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", value)
    code, out, err = cli("status", "-r", str(tmp_path / "r"))
    assert code == 2
    assert "s3cret" not in out + err and "spaces" not in out + err
    assert "LITSEARCH_DATABASE_URL" in err and "not a PostgreSQL URL" in err


def test_store_migrate_to_a_libpq_keyword_string_never_prints_its_password(cli, tmp_path):
    _init(cli, tmp_path / "r")
    code, out, err = cli("store", "migrate", "-r", str(tmp_path / "r"), "--to",
                         "host=127.0.0.1 dbname=x password=s3cret")
    assert code == 2 and "neither postgresql://" in err
    assert "s3cret" not in out + err
