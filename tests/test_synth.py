"""The synthetic corpus generator and its export writers."""

from __future__ import annotations

import collections
import csv
import io
import re
from pathlib import Path

import pytest
import rispy
from Bio import Medline

import litsearch
from litsearch.errors import ConfigError
from litsearch.models import Record
from litsearch.synth import (
    DATABASES,
    FILE_NAMES,
    generate_corpus,
    generate_works,
    gold_map,
    vocab,
    write_exports,
    write_medline,
    write_wos,
)
from litsearch.synth.__main__ import main
from litsearch.synth.corpus import DEMO_SEED, DEMO_WORKS
from litsearch.synth.writers_csv import SCOPUS_COLUMNS

DEMO_DATA = Path(litsearch.__file__).parent / "demo" / "data"


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Record]]:
    """A mid-sized corpus shared by the read-only tests."""
    return generate_corpus(400, seed=7)


@pytest.fixture(scope="module")
def exports(corpus: dict[str, list[Record]], tmp_path_factory: pytest.TempPathFactory):
    """The mid-sized corpus written as export files."""
    return write_exports(corpus, tmp_path_factory.mktemp("exports"))


def _found_by(corpus: dict[str, list[Record]]) -> dict[str, set[str]]:
    where: dict[str, set[str]] = collections.defaultdict(set)
    for database, records in corpus.items():
        for record in records:
            where[record.extra["synth_work_id"]].add(database)
    return where


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_exports(generate_corpus(60, seed=3), tmp_path / "a")
    second = write_exports(generate_corpus(60, seed=3), tmp_path / "b")
    other = write_exports(generate_corpus(60, seed=4), tmp_path / "c")
    for name in DATABASES:
        assert first[name].read_bytes() == second[name].read_bytes()
    assert any(first[n].read_bytes() != other[n].read_bytes() for n in DATABASES)


def test_shipped_demo_data_matches_the_generator(tmp_path: Path) -> None:
    fresh = write_exports(generate_corpus(DEMO_WORKS, seed=DEMO_SEED), tmp_path)
    for path in fresh.values():
        assert (DEMO_DATA / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} is stale: rerun the command in litsearch/demo/data/README.md")
    readme = (DEMO_DATA / "README.md").read_text(encoding="utf-8")
    assert f"--works {DEMO_WORKS} --seed {DEMO_SEED}" in readme


def test_demo_readme_counts_match_the_files() -> None:
    demo = generate_corpus(DEMO_WORKS, seed=DEMO_SEED)
    readme = (DEMO_DATA / "README.md").read_text(encoding="utf-8")
    total = sum(len(records) for records in demo.values())
    assert f"{total} records of {DEMO_WORKS} true works" in readme
    for name, records in demo.items():
        assert re.search(rf"^\| `{re.escape(FILE_NAMES[name])}` \|.*\| {len(records)} \|$",
                         readme, re.MULTILINE), name


def test_demo_data_has_lookalikes_that_are_not_duplicates() -> None:
    works = {w.work_id: w for w in generate_works(DEMO_WORKS, DEMO_SEED)}
    demo = generate_corpus(DEMO_WORKS, seed=DEMO_SEED)
    assert 180 <= sum(len(records) for records in demo.values()) <= 260
    where = _found_by(demo)
    for trap in ("erratum", "conference-abstract"):
        pairs = [w for w in works.values() if w.trap == trap
                 and where[w.work_id] & where[w.related_to or ""]]
        assert pairs, f"no {trap} sits in the same database as the work it resembles"


def test_about_a_third_of_works_are_found_twice_or_more(corpus) -> None:
    where = _found_by(corpus)
    share = sum(len(dbs) > 1 for dbs in where.values()) / len(where)
    assert 0.2 <= share <= 0.5


def test_pubmed_and_embase_overlap_most(corpus) -> None:
    pairs: collections.Counter[frozenset[str]] = collections.Counter()
    for dbs in _found_by(corpus).values():
        pairs.update(frozenset((a, b)) for a in dbs for b in dbs if a < b)
    assert pairs.most_common(1)[0][0] == frozenset(("pubmed", "embase"))


def test_works_contain_every_trap() -> None:
    works = generate_works(400, seed=5)
    by_id = {w.work_id: w for w in works}
    kinds = collections.Counter(w.trap for w in works)
    assert len(works) == 400
    for kind in ("erratum", "conference-abstract", "part", "shared-title", "generic-title"):
        assert kinds[kind] >= 1, kind
    for w in works:
        original = by_id.get(w.related_to or "")
        if w.trap == "erratum":
            assert re.match(r"(Erratum|Correction)", w.title)
            assert w.title.endswith(original.english_title)
            assert w.doi is None or w.doi != original.doi
        elif w.trap == "conference-abstract":
            assert w.publication_type == "conference-abstract" and w.pmid is None
            assert "Conference Abstracts" in w.journal.name or w.issue in ("Suppl 1", "Suppl 2",
                                                                            "S1")
            assert w.title[:30] == original.title[:30]
        elif w.trap == "part" and original:
            assert re.search(r"[Pp]art (II|2)", w.title) and w.authors == original.authors
        elif w.trap == "shared-title" and original:
            assert w.title == original.title and w.year != original.year
    generic = {title for title, _ in vocab.GENERIC_TITLES}
    assert all(w.title in generic for w in works if w.trap == "generic-title")


def test_topics_years_and_languages_vary() -> None:
    works = generate_works(600, seed=9)
    assert {w.year for w in works} <= set(range(2000, 2026))
    assert min(w.year for w in works) < 2005 and max(w.year for w in works) >= 2024
    assert {"en", "nl", "de"} <= {w.language for w in works}
    assert any(w.title.endswith("in rats") for w in works)
    assert {"core", "adjacent", "off", "animal"} <= {w.topic for w in works}
    assert 0.8 < sum(bool(w.doi) for w in works) / len(works) < 0.97
    assert 0.6 < sum(bool(w.pmid) for w in works) / len(works) < 0.95


def test_records_carry_gold_ids_and_database_styles(corpus) -> None:
    gold = gold_map(corpus)
    assert len(gold) == sum(len(r) for r in corpus.values())
    styles = {"pubmed": r"^\S.* [A-Z]+$", "embase": r"^\S.* ([A-Z]\.)+$",
              "psycinfo": r"^\S.*, \S", "scopus": r"^\S.*, ([A-Z]\.)+$",
              "wos": r"^\S.*, [A-Z]+$"}
    for database, records in corpus.items():
        assert [r.position for r in records] == list(range(1, len(records) + 1))
        for record in records:
            assert record.extra["synth_work_id"].startswith("W")
            assert record.database == database
            for author in record.authors:
                assert re.match(styles[database], author.raw), (database, author.raw)
    pubmed_titles = [r.title for r in corpus["pubmed"]]
    assert all(t.endswith((".", "?", "!")) for t in pubmed_titles)
    assert any(t.startswith("[") for t in pubmed_titles)


def test_medline_parses_to_the_right_count(corpus, exports) -> None:
    with exports["pubmed"].open(encoding="utf-8") as handle:
        parsed = list(Medline.parse(handle))
    assert [p["PMID"] for p in parsed] == [r.pmid for r in corpus["pubmed"]]
    text = exports["pubmed"].read_text(encoding="utf-8")
    assert text.startswith("\nPMID- ")
    assert all(len(line) <= 80 for line in text.splitlines())
    assert re.search(r"^PG  - \d+-\d{1,3}$", text, re.MULTILINE)


@pytest.mark.parametrize("database", ["embase", "psycinfo"])
def test_ris_parses_to_the_right_count(corpus, exports, database: str) -> None:
    with exports[database].open(encoding="utf-8-sig") as handle:
        entries = rispy.load(handle)
    assert len(entries) == len(corpus[database])
    ids = [e.get("id") or e["unknown_tag"]["U2"][0] for e in entries]
    assert ids == [r.source_record_id for r in corpus[database]]


def test_scopus_csv_has_bom_header_and_rows(corpus, exports) -> None:
    raw = exports["scopus"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"Authors\",\"Author full names\"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(corpus["scopus"])
    assert tuple(rows[0]) == SCOPUS_COLUMNS
    assert all(row["Source"] == "Scopus" and row["EID"].startswith("2-s2.0-") for row in rows)


def test_wos_file_has_header_er_per_record_and_ef(corpus, exports) -> None:
    lines = exports["wos"].read_text(encoding="utf-8-sig").split("\n")
    assert lines[:2] == ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    assert lines.count("ER") == len(corpus["wos"])
    assert lines.count("PT J") == len(corpus["wos"])
    assert lines[-2:] == ["EF", ""]
    assert all(re.match(r"^([A-Z][A-Z0-9] |   |ER$|EF$|$)", line) for line in lines)


def test_writers_stream_to_text_streams(corpus) -> None:
    buffer = io.StringIO()
    assert write_medline(iter(corpus["pubmed"]), buffer) == len(corpus["pubmed"])
    wos = io.StringIO()
    write_wos(corpus["wos"][:3], wos)
    assert wos.getvalue().startswith("\ufeffFN ") and wos.getvalue().endswith("ER\n\nEF\n")


def test_unknown_database_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Choose from"):
        generate_corpus(5, databases=("pubmed", "cinahl"))


def test_command_line_writes_all_exports(tmp_path: Path, capsys) -> None:
    assert main(["--works", "40", "--seed", "1", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILE_NAMES.values())
    assert "pubmed" in capsys.readouterr().out


@pytest.mark.slow
def test_hundred_thousand_records_generate() -> None:
    corpus = generate_corpus(62_000, seed=1)
    assert sum(len(records) for records in corpus.values()) >= 100_000


def test_two_works_never_share_a_page_or_article_number_of_one_volume() -> None:
    # Drawn pages clashed at scale (1,900 pages a volume, hundreds of works in it): two
    # works at one journal, volume and first page look like one paper to any reader.
    works = generate_works(20_000, seed=1)
    ranges: dict[tuple[str, str], list[tuple[int, int]]] = collections.defaultdict(list)
    numbers = []
    for w in works:
        if not w.volume or not w.start_page or w.start_page.startswith("S"):
            continue  # abstract-book pages ("S353") are shared by design
        if w.journal.article_numbers:
            numbers.append((w.journal.name, w.volume, w.start_page))
        else:
            first = int(w.start_page)
            ranges[w.journal.name, w.volume].append((first, int(w.end_page or first)))
    assert len(numbers) > 1_000 and sum(map(len, ranges.values())) > 10_000
    assert len(set(numbers)) == len(numbers)
    for placed in ranges.values():
        placed.sort()
        assert all(a[1] < b[0] for a, b in zip(placed, placed[1:], strict=False))
