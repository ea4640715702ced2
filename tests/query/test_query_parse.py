"""Parsing: round trips for every platform, the seed's strings, and error positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.errors import QueryError
from litsearch.query import (
    PLATFORMS,
    Block,
    Limits,
    Search,
    Strategy,
    Term,
    lint_text,
    load_strategy,
    parse_strategy,
    render,
)
from litsearch.query.strategy import dumps_strategy, strategy_from_dict

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "query" / "seed"
# Platforms that write a truncated phrase as separate words lose its hyphens.
HYPHEN_SPLITTING = {"cochrane", "embase.com", "europepmc", "scopus"}


def _vocab_headings(strategy: Strategy, block: Block, platform: str) -> tuple:
    vocab = PLATFORMS[platform].vocabulary
    if vocab is None or not block.headings:
        return ()
    heads = block.headings.get(vocab) or block.headings.get("mesh") or \
        next(iter(block.headings.values()))
    # APA headings on EBSCO (DE "X") carry no explode flag: it is ticked in the thesaurus.
    keep_explode = platform not in ("ebsco-psycinfo", "europepmc")
    return tuple((h.name.lower(), h.explode and keep_explode, h.major) for h in heads)


def _signature(strategy: Strategy, platform: str) -> list:
    """Blocks as comparable values: terms (text, proximity), headings, field as rendered."""
    fields = PLATFORMS[platform].fields
    out = []
    for block in strategy.blocks.values():
        terms = []
        for t in block.terms:
            text = t.text.replace("-", " ") if platform in HYPHEN_SPLITTING else t.text
            terms.append((text, t.within if t.near else None, t.ordered,
                          fields[strategy.block_field(block, t)]))
        out.append((tuple(sorted(terms)), _vocab_headings(strategy, block, platform)))
    return sorted(out)


def _searches(strategy: Strategy) -> list:
    """Searches as sets of term sets (names differ after parsing)."""
    def terms(name: str) -> frozenset:
        return frozenset(t.text.replace("-", " ") for t in strategy.blocks[name].terms)
    return [[frozenset(terms(n) for n in ([e] if isinstance(e, str) else e)) for e in s.all]
            for s in strategy.searches]


ROUND_TRIP = [p for p in PLATFORMS if p not in ("google-scholar", "europepmc")]


@pytest.mark.parametrize("platform", ROUND_TRIP)
def test_query_round_trip_shipped(platform: str) -> None:
    shipped = load_strategy(REPO / "queries" / "strategy.toml")
    parsed, _ = parse_strategy(render(shipped, platform, year=2026).strings[0], platform)
    if platform not in ("wos", "scopus"):  # neither has subject headings
        assert _signature(parsed, platform) == _signature(shipped, platform)
    else:
        assert [s[0] for s in _signature(parsed, platform)] == \
            [s[0] for s in _signature(shipped, platform)]
    assert _searches(parsed) == _searches(shipped)
    assert render(parsed, platform, year=2026).strings == \
        render(shipped, platform, year=2026).strings


def _rich() -> Strategy:
    return strategy_from_dict({
        "limits": {"year_from": 2012, "year_to": 2020, "languages": ["english"]},
        "blocks": {
            "a": {"terms": ["burnout", "compassion fatigue", "wom?n", "colo$r",
                            {"near": ["spiritual", "care"], "within": 3},
                            {"near": ["pastoral", "care"], "within": 2, "ordered": True}],
                  "mesh": ["Burnout, Professional", {"name": "Empathy", "explode": False}]},
            "b": {"terms": ["nurs*", "chaplain"], "field": "ti"},
            "c": {"terms": ["rat", "mice"]},
        },
        "searches": [{"name": "A", "all": ["a", "b"], "not": ["c"]}],
    })


@pytest.mark.parametrize("platform", ["pubmed", "medline", "embase.com", "cochrane", "wos",
                                      "scopus", "cinahl", "ebsco-psycinfo", "europepmc"])
def test_query_round_trip_features(platform: str) -> None:
    strategy = _rich()
    terms = strategy.blocks["a"].terms
    # What a platform cannot express is dropped here (the renderer notes each loss).
    lossy = {"pubmed": ["wom?n", "colo$r", "pastoral care"], "scopus": ["colo$r"],
             "europepmc": ["colo$r", "pastoral care"], "cochrane": ["colo$r"],
             "wos": ["pastoral care"], "medline": ["pastoral care"]}
    strategy.blocks["a"].terms = [t for t in terms if t.text not in lossy.get(platform, [])]
    text = render(strategy, platform, year=2026).strings[0]
    parsed, _ = parse_strategy(text, platform)
    assert render(parsed, platform, year=2026).strings[0] == text
    if platform not in ("wos", "scopus"):
        assert _signature(parsed, platform) == _signature(strategy, platform)
    assert parsed.searches[0].none and len(parsed.searches[0].all) == 2


def test_query_parse_seed_pubmed_example() -> None:
    text = (REPO / "queries" / "examples" / "pubmed-gp-care.txt").read_text(encoding="utf-8")
    strategy, warnings = parse_strategy(text, "pubmed")
    blocks = list(strategy.blocks.values())
    assert len(blocks) == 7
    assert blocks[0].field == "tiab" and len(blocks[0].terms) == 25
    assert [t.text for t in blocks[1].terms] == ["patient*", "cliënt*"]
    assert blocks[1].field == "all"  # untagged PubMed terms search all fields
    assert Term("GP*") in blocks[3].terms
    assert Term("integrative review") in blocks[4].terms
    assert strategy.limits == Limits(year_from=2010, year_to=2022)
    search = strategy.searches[0]
    assert len(search.all) == 6 and [t.text for t in strategy.blocks[search.none[0]].terms] \
        == ["animal*"]
    assert any("integrative review" in w for w in warnings)
    assert any("no field" in w for w in warnings)


def test_query_shipped_example_toml_is_current() -> None:
    text = (REPO / "queries" / "examples" / "pubmed-gp-care.txt").read_text(encoding="utf-8")
    strategy, _ = parse_strategy(text, "pubmed")
    stored = load_strategy(REPO / "queries" / "examples" / "pubmed-gp-care.toml")
    assert stored.blocks == strategy.blocks and stored.searches == strategy.searches
    assert stored.limits == strategy.limits


def test_query_parse_plain_seed_blocks() -> None:
    text = "\n\n".join((SEED / f"{n}.txt").read_text(encoding="utf-8")
                       for n in ("meaning", "needs", "ggz-a-professionals"))
    strategy, _ = parse_strategy(text, "plain")
    assert len(strategy.blocks) == 3
    meaning = list(strategy.blocks.values())[0]
    assert Term("existentiële zorg") in meaning.terms and Term("spiritual care") in meaning.terms
    professionals = list(strategy.blocks.values())[2]
    assert Term("mental health practice*") in professionals.terms  # despite practice*”OR
    assert strategy.searches[0].all == list(strategy.blocks)


def test_query_parse_plain_wrapped_lines() -> None:
    text = ('meaning* OR "fourth dimension" OR\n\nspiritu* OR “spiritual\nquestion*”\n'
            "profession* OR vocation*\nOR work*\n")
    strategy, _ = parse_strategy(text, "plain")
    assert [[t.text for t in b.terms] for b in strategy.blocks.values()] == \
        [["meaning*", "fourth dimension", "spiritu*", "spiritual question*"],
         ["profession*", "vocation*", "work*"]]


@pytest.mark.parametrize("platform,text,within,ordered", [
    ("medline", "(spiritual adj3 care).ti,ab.", 2, False),
    ("medline", "(spiritual adj care).ti,ab.", None, True),
    ("embase.com", "(spiritual NEAR/3 care):ti,ab", 2, False),
    ("wos", "TS=(spiritual NEAR care)", 15, False),
    ("cochrane", "(spiritual NEAR care):ti,ab", 6, False),
    ("scopus", "TITLE-ABS(spiritual PRE/2 care)", 2, True),
    ("cinahl", "TI (spiritual W1 care)", 1, True),
    ("pubmed", '"spiritual care"[tiab:~4]', 4, False),
])
def test_query_parse_proximity_counts(platform: str, text: str, within: int | None,
                                      ordered: bool) -> None:
    strategy, _ = parse_strategy(text, platform)
    term = list(strategy.blocks.values())[0].terms[0]
    if within is None:  # adjacent, in order: a phrase
        assert term == Term("spiritual care")
    else:
        assert (term.near, term.within, term.ordered) == (("spiritual", "care"), within, ordered)


def test_query_parse_ovid_and_ebsco_headings() -> None:
    ovid, _ = parse_strategy("exp Burnout, Professional/ or *Empathy/ or nurs*.ti,ab.",
                             "medline")
    block = list(ovid.blocks.values())[0]
    assert [(h.name, h.explode, h.major) for h in block.headings["mesh"]] == \
        [("Burnout, Professional", True, False), ("Empathy", False, True)]
    ebsco, _ = parse_strategy('(MH "Spirituality+") OR (MM "Religion") OR TI faith', "cinahl")
    heads = list(ebsco.blocks.values())[0].headings["cinahl"]
    assert [(h.name, h.explode, h.major) for h in heads] == \
        [("Spirituality", True, False), ("Religion", False, True)]


@pytest.mark.parametrize("text,where", [
    ("(meaning*[tiab] OR faith[tiab]", "line 1:1"),
    ("meaning*[tiab] OR\n(faith[tiab]))", "line 2:14"),
    ('meaning*[tiab] OR "faith[tiab]', "line 1:19"),
    ("(a[tiab] OR b[tiab])[tiab]", "line 1:21"),
])
def test_query_parse_errors_have_positions(text: str, where: str) -> None:
    with pytest.raises(QueryError, match=where):
        parse_strategy(text, "pubmed")


def test_query_parse_refuses_unkeepable_constructs() -> None:
    with pytest.raises(QueryError, match="line 1:5: proximity between groups"):
        parse_strategy("TS=((nurse AND doctor) NEAR/3 care)", "wos")
    with pytest.raises(QueryError, match="cannot be parsed"):
        parse_strategy("care", "google-scholar")
    with pytest.raises(QueryError, match="field 'au'"):
        parse_strategy("smith j[au] AND care[tiab]", "pubmed")


def test_query_parsed_strategy_dumps_and_loads(tmp_path: Path) -> None:
    strategy = _rich()
    path = tmp_path / "s.toml"
    path.write_text(dumps_strategy(strategy, "a header"), encoding="utf-8")
    again = load_strategy(path)
    assert again.blocks == strategy.blocks and again.searches == strategy.searches
    assert again.limits == strategy.limits
    assert path.read_text(encoding="utf-8").startswith("# a header\n")


def test_query_searches_or_and_common_blocks() -> None:
    text = "(care[tiab]) AND ((nurse[tiab] AND home[tiab]) OR (doctor[tiab] AND clinic[tiab]))"
    strategy, _ = parse_strategy(text, "pubmed")
    assert len(strategy.searches) == 2
    for search in strategy.searches:
        assert "care" in search.all
    assert Search("A", ["nurse", "home", "care"]) == strategy.searches[0]


OVID_HISTORY = """1     exp Spirituality/ (23456)
2     (meaning* or "purpose in life" or spiritu*).ti,ab. (98765)
3     1 or 2 (120000)
4     (nurs* or "mental health practitioner*").ti,ab.
5     exp animals/ not humans/
6     (3 and 4) not 5
7     limit 6 to (english language and yr="2010 -Current")
"""


def test_query_parse_numbered_ovid_history() -> None:
    strategy, _ = parse_strategy(OVID_HISTORY, "medline")
    meaning, nursing, animals, humans = strategy.blocks.values()
    assert [h.name for h in meaning.headings["mesh"]] == ["Spirituality"]
    assert [t.text for t in meaning.terms] == ["meaning*", "purpose in life", "spiritu*"]
    assert meaning.field == nursing.field == "tiab"
    assert strategy.searches[0].all == [meaning.name, nursing.name]
    assert strategy.searches[0].none == [[animals.name, humans.name]]  # animal-only records
    assert render(strategy, "pubmed").strings[0].endswith(
        ' NOT ("animals"[mh] NOT "humans"[mh:noexp])) AND 2010:3000[dp] AND english[la]')
    assert strategy.limits == Limits(year_from=2010, languages=["english"])


@pytest.mark.parametrize("platform,text", [
    ("pubmed", "#1 meaning*[tiab] OR spiritu*[tiab]\n#2 nurse*[tiab]\n#3 #1 AND #2\n"),
    ("cinahl", "S1 TI spiritual* OR AB spiritual*\nS2 TI nurs*\nS3 S1 AND S2\n"),
    ("medline", "1. spiritual*.ti,ab.\n2. nurs*.ti.\n3. and/1-2\n"),
])
def test_query_parse_numbered_histories(platform: str, text: str) -> None:
    strategy, _ = parse_strategy(text, platform)
    assert len(strategy.blocks) == 2 and len(strategy.searches[0].all) == 2


@pytest.mark.parametrize("platform,text,limits", [
    ("pubmed", '("Spirituality"[Mesh] OR spiritual*[tiab]) AND ("Mental Disorders"[Mesh:NoExp] '
               'OR "mental illness"[Title/Abstract]) AND ("2010/01/01"[Date - Publication] : '
               '"3000"[Date - Publication]) AND english[Language]',
     Limits(year_from=2010, languages=["english"])),
    ("scopus", 'TITLE-ABS-KEY ( "spiritual care" OR chaplain* ) AND TITLE-ABS-KEY ( "mental '
               'illness" ) AND PUBYEAR > 2009 AND ( LIMIT-TO ( LANGUAGE , "English" ) OR '
               'LIMIT-TO ( LANGUAGE , "Dutch" ) )',
     Limits(year_from=2010, languages=["english", "dutch"])),
    ("wos", 'TS=("spiritual care" OR chaplain*) AND TS=("mental illness") AND PY=(2010-2024)',
     Limits(year_from=2010, year_to=2024)),
    ("medline", 'exp Spirituality/ or (spiritual care or chaplain$).ti,ab.', Limits()),
    ("embase.com", "('spirituality'/exp OR 'spiritual care':ti,ab,kw OR chaplain*:ti,ab,kw) "
                   "AND [2010-2024]/py", Limits(year_from=2010, year_to=2024)),
    ("cochrane", '[mh "Spirituality"] OR ("spiritual care" OR chaplain*):ti,ab,kw', Limits()),
    ("cinahl", '(MH "Spirituality+") OR TI ( "spiritual care" OR chaplain* ) OR '
               'AB ( "spiritual care" OR chaplain* )', Limits()),
])
def test_query_parse_vendor_strings(platform: str, text: str, limits: Limits) -> None:
    strategy, _ = parse_strategy(text, platform)
    first = list(strategy.blocks.values())[0]
    assert {t.text for t in first.terms} in ({"spiritual*"}, {"spiritual care", "chaplain*"})
    assert strategy.limits == limits
    assert lint_text(text, platform) == [] or platform == "pubmed"


def test_query_parse_plain_error_position_in_original_text() -> None:
    with pytest.raises(QueryError, match=r"line 3:10: this \( is never closed"):
        parse_strategy("meaning* OR faith\n\nnurs* OR (care\n", "plain")


def test_query_parse_numbered_history_error_position() -> None:
    with pytest.raises(QueryError, match=r"line 2:16: this \( is never closed"):
        parse_strategy("1 care.ti,ab.\n2 nurs*.ti. or (doctor*.ti.\n3 1 and 2\n", "medline")
