"""The placeholder syntax of inline markup: what is a tag, and what a translation must keep."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.inline_tags import (
    CLOSE,
    EMPTY,
    OPEN,
    inline_tags,
    nesting_problem,
    tag_problems,
    tag_tokens,
    tags_reordered,
    without_tags,
)

SOURCE = "Read the <a1>statement</a1> of the <b2>Ombudsman</b2>.<br3/>"


def test_tags_are_found_in_order_with_their_kind_and_number():
    tags = inline_tags(SOURCE)
    assert [(t.name, t.number, t.kind) for t in tags] == [
        ("a", 1, OPEN),
        ("a", 1, CLOSE),
        ("b", 2, OPEN),
        ("b", 2, CLOSE),
        ("br", 3, EMPTY),
    ]
    assert [SOURCE[t.start : t.end] for t in tags] == tag_tokens(SOURCE) == ["<a1>", "</a1>", "<b2>", "</b2>", "<br3/>"]


def test_text_that_only_looks_like_markup_is_not_a_tag():
    assert tag_tokens("x < y, <b>bold</b>, <a0>, <A1>, </a1/>, a <1>") == []


def test_a_translation_keeping_every_tag_once_has_no_problem_even_when_a_pair_moves():
    assert tag_problems(SOURCE, "<b2>Ombudsmanın</b2> <a1>bəyanatını</a1> oxuyun.<br3/>") == []
    assert tags_reordered(SOURCE, "<b2>Ombudsmanın</b2> <a1>bəyanatını</a1> oxuyun.<br3/>")
    assert not tags_reordered(SOURCE, "Oxuyun <a1>bəyanat</a1> <b2>Ombudsman</b2>.<br3/>")


def test_each_problem_names_its_tags():
    assert tag_problems(SOURCE, "Read the statement of the <b2>Ombudsman</b2>.<br3/>") == ["missing <a1>, </a1>"]
    assert tag_problems(SOURCE, SOURCE + "<i4>x</i4>") == ["not in the source: <i4>, </i4>"]
    assert tag_problems(SOURCE, SOURCE + "<br3/>") == ["repeated: <br3/>"]
    assert tag_problems(SOURCE, "Read the <a1>statement of the <b2>Ombudsman</a1></b2>.<br3/>") == [
        "</a1> closes a tag that is not the last one opened"
    ]


def test_nesting():
    assert nesting_problem("<a1><b2>x</b2></a1>") is None
    assert nesting_problem("<a1>x") == "<a1> is never closed"
    assert nesting_problem("x</a1>") == "</a1> closes a tag that is not the last one opened"


@given(st.lists(st.sampled_from(["word ", "<a1>", "</a1>", "<br2/>", "<b3>", "</b3>", " "]), max_size=12))
def test_a_text_never_has_a_problem_against_itself_unless_its_own_tags_are_broken(pieces):
    text = "".join(pieces)
    problems = tag_problems(text, text)
    tokens = tag_tokens(text)
    if len(tokens) == len(set(tokens)) and nesting_problem(text) is None:
        assert problems == []
    else:
        assert problems


def test_without_tags_reads_a_unit_as_text():
    assert without_tags("the 30<sup1>th</sup1> anniversary") == "the 30th anniversary"
    assert without_tags("in 1992.<br2/>26 February") == "in 1992. 26 February"
    assert without_tags("no tags, 1 < 2") == "no tags, 1 < 2"
