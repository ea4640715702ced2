"""Markup and vendor boilerplate stay out of titles, abstracts and keywords (issues 13, 18).

Lens writes JATS and HTML into abstracts (``<jats:p>``, ``<b>``, even escaped as
``&lt;b&gt;``); APA appends its copyright line to PsycInfo abstracts; EBSCO appends
a copyright paragraph and writes "No terms assigned" as a keyword. The verbatim
record keeps all of it in ``original``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.importers import loads
from litsearch.importers.core_text import strip_markup

TITLE = "<i>Gambling</i> &amp; harm: a &lt;b&gt;cohort&lt;/b&gt; study"
ABSTRACT = ("<jats:sec><jats:title>Background</jats:title><jats:p>Rates fell "
            "(p &lt; 0.05) in <jats:italic>all</jats:italic> groups.</jats:p></jats:sec>")
CLEAN_TITLE = "Gambling & harm: a cohort study"
CLEAN_ABSTRACT = "Background Rates fell (p < 0.05) in all groups."

#: One record in every text format whose title and abstract fields take markup.
FORMATS = {
    "ris": f"TY  - JOUR\nTI  - {TITLE}\nAB  - {ABSTRACT}\nPY  - 2021\nER  - \n",
    "medline": f"PMID- 1\nTI  - {TITLE}\nAB  - {ABSTRACT}\nDP  - 2021\n",
    "csv": f'Title,Abstract,Year\n"{TITLE}","{ABSTRACT}",2021\n',
    "bibtex": f"@article{{k1,\n  title = {{{TITLE}}},\n  abstract = {{{ABSTRACT}}},\n"
              "  year = {2021}\n}\n",
    "wos": f"FN Clarivate\nVR 1.0\nPT J\nTI {TITLE}\nAB {ABSTRACT}\nPY 2021\nER\n",
    "endnote-tagged": f"%0 Journal Article\n%T {TITLE}\n%X {ABSTRACT}\n%D 2021\n",
    "ovid": f"<1. >\nTI  - {TITLE}\nAB  - {ABSTRACT}\nYR  - 2021\n",
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_markup_is_stripped_in_every_reader_and_kept_in_original(fmt: str) -> None:
    (record,) = loads(FORMATS[fmt], format=fmt).records
    assert record.title == CLEAN_TITLE
    assert record.abstract == CLEAN_ABSTRACT
    assert "<jats:p>" in record.original


def test_lens_real_shaped_abstract() -> None:
    text = ("TY  - JOUR\nTI  - Loot boxes and problem gambling\nAB  - &lt;b&gt;Aims&lt;/b&gt;"
            " To test the link.&lt;p&gt;&lt;b&gt;Results&lt;/b&gt; r = 0.2 (n &gt; 700)."
            "\nUR  - https://www.lens.org/lens/scholar/article/000-111/main\nER  - \n")
    (record,) = loads(text, format="ris").records
    assert record.abstract == "Aims To test the link. Results r = 0.2 (n > 700)."


@pytest.mark.parametrize("text", ["p < 0.05 and q > 0.1", "A <-> B pathways", "R&D spending",
                                  "x<y and <unknown-tag> kept", "Odds 3 <5 years"])
def test_text_that_is_not_markup_is_kept(text: str) -> None:
    assert strip_markup(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>/&;#ipx1")), max_size=40))
def test_stripping_never_fails_and_removes_known_tags(text: str) -> None:
    out = strip_markup(text)
    assert out is None or "<i>" not in out and "</i>" not in out


def test_apa_copyright_line_is_not_part_of_the_abstract() -> None:
    text = ("TY  - JOUR\nTI  - Messages in responsible gambling\nAB  - Best practices for "
            "message design. (PsycInfo Database Record (c) 2021 APA, all rights reserved).\n"
            "ER  - \n")
    (record,) = loads(text, format="ris").records
    assert record.abstract == "Best practices for message design."
    assert "APA, all rights reserved" in record.original


def test_ebsco_copyright_paragraph_and_no_terms_keyword_are_not_data() -> None:
    text = ("TY  - JOUR\nTI  - Gambling in adolescents\nAB  - Prevalence was 4%. [ABSTRACT "
            "FROM AUTHOR] Copyright of PLoS ONE is the property of Public Library of Science "
            "and its content may not be copied or emailed to multiple sites or posted to a "
            "listserv without the copyright holder's express written permission. However, "
            "users may print, download, or email articles for individual use. This abstract "
            "may be abridged. (Copyright applies to all Abstracts.)\nKW  - No terms assigned\n"
            "KW  - gambling\nDP  - EBSCOhost\nER  - \n")
    (record,) = loads(text, format="ris").records
    assert record.abstract == "Prevalence was 4%."
    assert record.keywords == ["gambling"]
