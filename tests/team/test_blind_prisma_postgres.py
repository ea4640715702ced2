"""Blind screening and `litsearch prisma`: a blind reviewer connected to a team review
sees no box counted from the votes (records excluded, sought, included), no conflicts
or second-vote counts, and no banner naming them; a one-line note says why. Real
exports from the shared corpora (EBSCO Criminal Justice, ProQuest EconLit)."""

from __future__ import annotations

import os
import re
import uuid

from litsearch.store import Store
from litsearch.store.team import add_member

FILES = (("crimjust", "ebsco-crimjust__citesource__20221207_gambling-harms_crimjust_41.ris"),
         ("econlit", "proquest-econlit__citesource__EconLit.ris"))


def _blind_team_review(cli, ris, root, url, tag):
    alice, bob = f"alice_{tag}", f"bob_{tag}"
    assert cli("init", str(root), "--title", "Gambling harms", "--reviewer", alice,
               "--reviewer", bob)[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\n[screening]\nvotes = 2\nblind = true\n", encoding="utf-8")
    for db, name in FILES:
        code, _out, err = cli("import", str(ris / name), "--db", db, "--new-db", cwd=root)
        assert code == 0, err
    assert cli("dedup", cwd=root)[0] == 0
    with Store(url) as admin:
        for name in (alice, bob):
            add_member(admin, name, "reviewer")
    # Alice includes 1-6; Bob disagrees on 1-3 and agrees on 4-5: 3 conflicts, 2 sought.
    for unit in "123456":
        assert cli("screen", "decide", unit, "--include", "--reviewer", alice, cwd=root)[0] == 0
    for unit, decision in (("1", "--exclude"), ("2", "--exclude"), ("3", "--exclude"),
                           ("4", "--include"), ("5", "--include")):
        assert cli("screen", "decide", unit, decision, "--reviewer", bob, cwd=root)[0] == 0
    return alice


def test_a_blind_reviewers_prisma_shows_no_count_drawn_from_the_votes(
        pg_admin, cli, shared_dir, tmp_path, monkeypatch):
    ris = shared_dir / "corpora" / "ris"
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    alice = _blind_team_review(cli, ris, root, url, uuid.uuid4().hex[:6])
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))

    code, out, err = cli("prisma", cwd=root)
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "conflict" not in text and "second reviewer" not in text, text
    assert "of 88 decided" not in text
    assert re.search(r"Records identified from: .*91", text)  # identification stays
    assert re.search(r"Reports sought for retrieval .*hidden", text), text
    assert "blind and unfinished" in text

    code, out, err = cli("prisma", "-o", str(tmp_path / "flow.txt"), cwd=root)
    assert code == 0, err
    written = (tmp_path / "flow.txt").read_text(encoding="utf-8")
    assert "conflict" not in written and "second reviewer" not in written, written
    assert "hidden" in written

    code, _out, err = cli("prisma", "-o", str(tmp_path / "flow.svg"), cwd=root)
    assert code == 0, err
    svg = (tmp_path / "flow.svg").read_text(encoding="utf-8")
    assert "conflicts unresolved" not in svg and "second reviewer" not in svg
    assert "hidden" in svg

    for suffix in ("csv", "json", "md"):
        code, _out, err = cli("prisma", "-o", str(tmp_path / f"flow.{suffix}"), cwd=root)
        assert code != 0 and "blind and unfinished" in err, (suffix, err)
        assert len(err.strip().splitlines()) <= 3 and "Traceback" not in err
        assert not (tmp_path / f"flow.{suffix}").exists()

    code, _out, err = cli("report", "html", "-o", str(tmp_path / "page.html"), cwd=root)
    assert code == 0, err
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "conflicts unresolved" not in page and "await a second reviewer" not in page


def test_a_blind_reviewer_is_not_told_which_records_are_in_conflict(
        pg_admin, cli, shared_dir, tmp_path, monkeypatch):
    """A record in conflict and your own vote on it tell the other reviewer's vote: the
    list (and 'No conflicts', and their number) waits until every record has its votes."""
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    tag = uuid.uuid4().hex[:6]
    alice = _blind_team_review(cli, shared_dir / "corpora" / "ris", root, url, tag)
    with Store(url) as admin:
        add_member(admin, f"lead_{tag}", "lead")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    code, out, err = cli("screen", "conflicts", cwd=root)
    assert code == 0, err
    text = " ".join(out.split())
    assert "blind and unfinished" in text
    assert "Measuring Gambling Harm" not in text and "3 conflicts" not in text, text
    assert "No conflicts" not in text

    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://lead_{tag}@", 1))
    code, out, err = cli("screen", "conflicts", cwd=root)
    assert code == 0, err
    assert "3 conflicts at title-abstract" in " ".join(out.split())


def test_a_lead_sees_the_prisma_counts_as_in_status_and_conflicts(
        pg_admin, cli, shared_dir, tmp_path, monkeypatch):
    """One rule for who sees every vote while blind: a lead saw the counts in `status` and
    the conflicts' votes, yet `prisma` said 'hidden' for every box to them too."""
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    tag = uuid.uuid4().hex[:6]
    alice = _blind_team_review(cli, shared_dir / "corpora" / "ris", root, url, tag)
    with Store(url) as admin:
        add_member(admin, f"lead_{tag}", "lead")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://lead_{tag}@", 1))
    code, out, err = cli("prisma", cwd=root)
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "hidden" not in text, text
    assert re.search(r"Reports sought for retrieval .*\b2\b", text), text
    code, out, err = cli("prisma", "--explain", "dbr_sought_reports", cwd=root)
    assert code == 0 and "refused" not in err, err
    # The reviewer still sees none of it.
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    code, out, err = cli("prisma", cwd=root)
    assert code == 0 and re.search(r"Reports sought for retrieval .*hidden",
                                   " ".join(out.split()))


def test_a_lead_sees_agreement_while_a_reviewer_does_not(
        pg_admin, cli, shared_dir, tmp_path, monkeypatch):
    """`agreement` hid kappa from the lead too, who sees every vote under the one rule."""
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    tag = uuid.uuid4().hex[:6]
    alice = _blind_team_review(cli, shared_dir / "corpora" / "ris", root, url, tag)
    with Store(url) as admin:
        add_member(admin, f"lead_{tag}", "lead")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://lead_{tag}@", 1))
    code, out, err = cli("agreement", cwd=root)
    assert code == 0, err
    text = " ".join(out.split())
    assert f"{alice} × bob_{tag}" in text and "blind and unfinished" not in text, text
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    code, out, err = cli("agreement", cwd=root)
    text = " ".join(out.split())
    assert code == 0 and "blind and unfinished" in text and "×" not in text, text
