"""No record disappears without a word: damaged, spliced and duplicated record starts.

Issue 17.2: two RIS exports joined with ``cat`` (each with a BOM) lost a record, and
``ty  -``, ``TY  -JOUR`` or a stray character before ``TY`` did the same, silently.
The property below builds files in every tagged format, damages record starts the
ways real files get damaged, and checks that every record is either read or named
in a warning (or the file is refused with an error).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import litsearch.importers  # noqa: F401  (registers every reader)
from litsearch.errors import ImportFormatError
from litsearch.importers import loads
from litsearch.importers.registry import get_reader
from litsearch.importers.source import Source

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
BOM = "\ufeff"


def _ris(i: int) -> list[str]:
    return ["TY  - JOUR", f"TI  - Gambling harm study {i}", f"AU  - Smith, J{i}",
            "PY  - 2020", "ER  - ", ""]


def _medline(i: int) -> list[str]:
    return [f"PMID- {1000 + i}", "OWN - NLM", f"TI  - Gambling harm study {i}",
            "FAU - Smith, J", "DP  - 2020", ""]


def _wos(i: int) -> list[str]:
    return ["PT J", f"AU Smith, J{i}", f"TI Gambling harm study {i}", "PY 2020",
            f"UT WOS:{100000 + i}", "ER", ""]


def _ovid(i: int) -> list[str]:
    return [f"<{i + 1}. >", f"TI  - Gambling harm study {i}", "AU  - Smith J", "YR  - 2020", ""]


def _endnote(i: int) -> list[str]:
    return ["%0 Journal Article", f"%T Gambling harm study {i}", "%A Smith, J", "%D 2020", ""]


def _proquest(i: int) -> list[str]:
    return [f"Document {i + 1} of 9", "", f"Gambling harm study {i}", "Author: Smith, J",
            f"Title: Gambling harm study {i}", "Publication year: 2020", "",
            "_" * 60, ""]


FORMATS = {"proquest-text": (_proquest, ["Report Information from ProQuest", "", "_" * 60, ""]),
           "ris": (_ris, []), "medline": (_medline, []), "wos": (_wos, ["FN Clarivate",
           "VR 1.0"]), "ovid": (_ovid, []), "endnote-tagged": (_endnote, [])}

DAMAGES = ("none", "bom", "stray", "lower", "nospace", "drop_separator", "duplicate",
           "drop_start")


def _damage(lines: list[str], previous: list[str], how: str) -> tuple[list[str], list[str]]:
    """Return (this record's lines, the previous record's lines) after one damage."""
    head, rest = lines[0], lines[1:]
    if how == "bom":
        head = BOM + head
    elif how == "stray":
        head = "x" + head
    elif how == "lower":
        head = head.lower()
    elif how == "nospace":
        head = head.replace("- ", "-", 1) if "- " in head else head.replace(" ", "", 1)
    elif how == "drop_separator" and previous:
        previous = [ln for ln in previous if ln.strip() not in ("ER  -", "ER", "")]
    elif how == "drop_start":
        return rest, previous
    return [head, *rest], previous


def _build(fmt: str, damages: list[str], tail_cut: bool) -> tuple[str, list[str]]:
    make, preamble = FORMATS[fmt]
    records: list[list[str]] = []
    titles: list[str] = []
    for i, how in enumerate(damages):
        lines, prev = _damage(make(i), records[-1] if records else [], how)
        if records:
            records[-1] = prev
        records.append(lines)
        titles.append(f"Gambling harm study {i}")
        if how == "duplicate":
            records.append(list(lines))
    text_lines = preamble + [ln for rec in records for ln in rec]
    text = "\n".join(text_lines)
    if tail_cut:
        text = text.rstrip()[:-3]
    return text, titles


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@SETTINGS
@given(damages=st.lists(st.sampled_from(DAMAGES), min_size=1, max_size=6),
       tail_cut=st.booleans())
def test_no_record_disappears_without_a_warning(fmt: str, damages: list[str],
                                                tail_cut: bool) -> None:
    text, titles = _build(fmt, damages, tail_cut)
    try:
        records = list(get_reader(fmt).read(Source.from_text(text, name="t")))
    except ImportFormatError:
        return  # refused loudly, with a message: nothing lost in silence
    read_titles = [r.title or "" for r in records]
    for title in titles[:-1] if tail_cut else titles:
        if title in read_titles:
            continue
        holders = [r for r in records if title in r.original]
        assert holders and all(r.warnings for r in holders), (title, read_titles)
    assert all(record.original.strip() for record in records)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_files_joined_with_cat_keep_every_record(fmt: str) -> None:
    make, preamble = FORMATS[fmt]
    one = "\n".join(preamble + [ln for i in range(53) for ln in make(i)]) + "\n"
    other = "\n".join(preamble + [ln for i in range(53, 106) for ln in make(i)]) + "\n"
    joined = (BOM + one + BOM + other).encode("utf-8")
    result = litsearch.importers.loads(joined, format=fmt)
    assert result.read == 106
    assert sorted(r.title for r in result.records) == sorted(
        f"Gambling harm study {i}" for i in range(106))


@pytest.mark.parametrize("start", ["ty  - JOUR", "TY  -JOUR", "xTY  - JOUR", "?TY  - JOUR",
                                   "Ty - JOUR"])
def test_a_damaged_ris_start_is_read_and_warned_with_its_line(start: str) -> None:
    lines = [ln for i in range(3) for ln in _ris(i)]
    lines[6] = start  # the second record's TY line
    result = loads("\n".join(lines), format="ris")
    assert result.read == 3
    second = result.records[1]
    assert second.title == "Gambling harm study 1"
    assert any("line 7" in w for w in second.warnings)
    assert result.warned == 1


def test_ris_tag_lines_without_ty_become_a_warned_record() -> None:
    lines = [ln for i in range(3) for ln in _ris(i)]
    lines[6] = "T Y - JOUR"  # damaged beyond recognition: no TY at all
    result = loads("\n".join(lines), format="ris")
    assert [r.title for r in result.records] == [f"Gambling harm study {i}" for i in range(3)]
    assert any("no 'TY  -' line" in w for w in result.records[1].warnings)


def test_ovid_lone_nl_after_er_is_not_a_record() -> None:
    text = "\n".join([*_ris(0)[:-2], "ER  -", "NL  - Clin Psychol", "", *_ris(1)])
    result = loads(text, format="ris")
    assert result.read == 2 and result.warned == 0


def test_ris_record_cut_in_a_field_is_warned_and_kept_whole() -> None:
    text = "\n".join(ln for i in range(3) for ln in _ris(i)).rstrip()
    cut = text[:text.rindex("PY  - 2020") + 6]  # the last record stops mid-field
    result = loads(cut, format="ris")
    assert result.read == 3
    last = result.records[-1]
    assert any("cut short" in w for w in last.warnings)
    assert last.original.endswith("PY  -")
    assert not result.records[0].warnings


def test_medline_records_without_a_blank_line_are_split_and_warned() -> None:
    lines = [ln for i in range(3) for ln in _medline(i)]
    del lines[5]  # the blank line after the first record
    result = loads("\n".join(lines), format="medline")
    assert [r.pmid for r in result.records] == ["1000", "1001", "1002"]
    assert any("no blank line" in w for w in result.records[0].warnings)


def test_a_start_like_line_with_no_ris_type_is_warned() -> None:
    lines = [ln for i in range(2) for ln in _ris(i)]
    lines.insert(3, "ty - Foo")  # inside the first record
    result = loads("\n".join(lines), format="ris")
    assert result.read == 2
    assert any("line 4" in w and "looks like a record start" in w
               for w in result.records[0].warnings)
