"""The glossary matchers read the words of an HTML or Word unit, not its placeholder tags."""

from __future__ import annotations

from pipeline.glossary import source_matcher, target_matcher


def test_a_name_split_by_a_tag_is_still_found_where_it_is(glossary):
    text = "Heydar <b2>Aliyev</b2> visited <i3>Khojaly</i3>."
    found = [(m.start, m.end, m.term.id) for m in source_matcher(glossary).find(text)]
    assert found == [(0, 17, "heydar-aliyev"), (text.index("Khojaly"), text.index("Khojaly") + 7, "khojaly")]


def test_a_forbidden_name_inside_tags_is_found_in_a_translation(glossary):
    forbidden = target_matcher(glossary, "az").forbidden("<a1>Stepanakert</a1> şəhərində")
    assert [(m.text, m.kind) for m in forbidden] == [("Stepanakert", "forbidden")]


def test_the_numbers_of_tags_are_not_words():
    from pipeline.core.inline_tags import mask_tags

    assert mask_tags("a <a1>b</a1> <br2/>") == "a " + " " * 4 + "b" + " " * 5 + " " + " " * 6
    assert mask_tags("plain") == "plain"
