"""Segmentation: plain text as it comes from press releases and scraped pages → paragraph units."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.source.corpus import read_corpus
from pipeline.core.model import HEADING, PARAGRAPH, TITLE, Document
from pipeline.source.segment import segment

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def units(text: str, names=frozenset()):
    return [u.text for u in segment(Document(Path("doc.txt"), text), names).units]


def cut(text: str, names=frozenset()):
    return segment(Document(Path("doc.txt"), text), names)


LONG_A = "The first paragraph is long enough not to be a heading and it says something about the events of the day in some detail."
LONG_B = "The second paragraph is just as long and it also says something about what happened afterwards, in as much detail as the first."


def test_blank_lines_separate_paragraphs_even_with_spaces_and_tabs():
    assert units(f"{LONG_A}\n \t \n{LONG_B}\n") == [LONG_A, LONG_B]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lf_crlf_and_cr_line_ends(newline):
    text = newline.join([LONG_A, "", LONG_B, ""])
    assert units(text) == [LONG_A, LONG_B]


def test_utf8_bom_is_not_part_of_the_first_unit():
    assert units(f"\ufeff{LONG_A}\n\n{LONG_B}") == [LONG_A, LONG_B]


def test_hard_wrapped_paragraph_is_one_unit():
    text = (
        "The Khojaly events of February 1992 were the subject of many reports\n"
        "in the international press. Journalists from several countries visited\n"
        "the area and described what they saw in detail to their readers at\n"
        "home.\n"
        "\n"
        "A second paragraph follows after a blank line, and it is wrapped at\n"
        "the same width as the first one was.\n"
    )
    assert units(text) == [
        "The Khojaly events of February 1992 were the subject of many reports in the international press. "
        "Journalists from several countries visited the area and described what they saw in detail to their "
        "readers at home.",
        "A second paragraph follows after a blank line, and it is wrapped at the same width as the first one was.",
    ]


def test_wrapped_paragraphs_without_blank_line_split_where_a_sentence_ends_early():
    text = (
        "The Khojaly events of February 1992 were the subject of many reports\n"
        "in the international press.\n"
        "A second paragraph starts on the next line, and it is wrapped at the\n"
        "same width as the first one was.\n"
    )
    assert len(units(text)) == 2


def test_one_paragraph_per_line_without_blank_lines():
    text = f"{LONG_A}\n{LONG_B}\n{LONG_A.replace('first', 'third')}\n"
    assert len(units(text)) == 3


def test_long_line_broken_mid_sentence_without_blank_line_is_joined():
    first = LONG_A[:-1] + " and then, because the author pressed enter by mistake, the sentence"
    assert units(f"{first}\ncontinues on the next line.") == [f"{first} continues on the next line."]


def test_stray_blank_line_mid_sentence_is_joined_when_next_part_starts_lower_case():
    text = f"{LONG_A[:-1]} and then over one million people became\n\n\nrefugees and internally displaced persons.\n"
    assert units(text) == [f"{LONG_A[:-1]} and then over one million people became refugees and internally displaced persons."]


def test_part_ending_with_comma_is_joined_with_lower_case_continuation():
    assert units(f"{LONG_A[:-1]},\n\nwhich everybody remembers.") == [f"{LONG_A[:-1]}, which everybody remembers."]


def test_new_sentence_after_missing_full_stop_is_not_joined():
    first = "As a consequence, hundreds of villages were destroyed and people were severely displaced"
    second = "Occupied territories are a historical and integral part of the country, as resolutions confirm."
    assert units(f"{first}\n\n{second}") == [first, second]


def test_break_inside_a_multi_word_name_is_joined():
    text = (
        "In this regard, the campaign was launched at the initiative of the Heydar Aliyev\n\n"
        "Foundation, is one of the purposeful measures taken for recognition."
    )
    assert units(text) == [
        "In this regard, the campaign was launched at the initiative of the Heydar Aliyev "
        "Foundation, is one of the purposeful measures taken for recognition."
    ]


def test_break_inside_a_glossary_name_is_joined_with_the_names_given():
    text = "The resolution was supported by the Organization of Islamic\n\nCooperation. It was adopted unanimously."
    assert len(units(text)) == 2
    assert len(units(text, names={"Organization of Islamic Cooperation"})) == 1


def test_heading_split_from_its_continuation_is_one_title():
    result = cut("STATEMENT\n\nof the Commissioner for Human Rights on the anniversary\n\n" + LONG_A)
    assert [u.text for u in result.units] == ["STATEMENT of the Commissioner for Human Rights on the anniversary", LONG_A]
    assert result.units[0].kind == TITLE


def test_title_is_a_short_first_line_without_terminal_punctuation():
    result = cut(f"31 years pass since the events\n\n{LONG_A}\n\nSubheading here\n\n{LONG_B}")
    assert [u.kind for u in result.units] == [TITLE, PARAGRAPH, HEADING, PARAGRAPH]


def test_a_first_sentence_is_not_a_title():
    assert cut(f"{LONG_A}\n\n{LONG_B}").units[0].kind == PARAGRAPH


def test_widget_lines_are_dropped():
    result = cut(f" date 2025-02-25 + ↺ − 16 px\n\n{LONG_A}\n\n| 12:30 | 4 °C |\n\n{LONG_B}")
    assert [u.text for u in result.units] == [LONG_A, LONG_B]
    dropped = [d for d in result.decisions if d.action == "drop"]
    assert [d.line for d in dropped] == [1, 5] and all("widget" in d.reason for d in dropped)


def test_trailing_page_furniture_and_credits_are_dropped():
    text = f"{LONG_A}\n\n{LONG_B}\n\nRelated Articles\n\nLeave a Reply\n\nBack to top button\n"
    assert units(text) == [LONG_A, LONG_B]
    assert units(f"{LONG_A}\n\n{LONG_B}\n\nExample.Com\n") == [LONG_A, LONG_B]


def test_share_and_print_link_lists_are_dropped_anywhere():
    text = f"Share\nTweet\nPrint this page\n\n{LONG_A}\n\nFacebook\n\nTwitter\n\nEmail\n\n{LONG_B}"
    assert units(text) == [LONG_A, LONG_B]


def test_white_space_inside_a_unit_is_normalised_and_nothing_else_changes():
    text = "  “Quoted”   words,\u00a0 odd\tspacing —  kept   as   they  are,  said the  source.  "
    assert units(text) == ["“Quoted” words, odd spacing — kept as they are, said the source."]


def test_every_unit_keeps_the_line_of_its_first_line_and_can_locate_words():
    result = cut(f"\n\nTitle of the piece\n\n{LONG_A[:-1]}\nsecond   half of the same sentence.")
    assert [u.line for u in result.units] == [3, 5]
    unit = result.units[1]
    offset = unit.text.index("half")
    assert unit.locate(offset) == (6, 10)


def test_the_corpus_segments_into_the_65_units_a_careful_reader_cuts():
    results = {d.path.name: cut_doc for d, cut_doc in ((d, segment(d)) for d in read_corpus(CORPUS))}
    counts = {name: len(r.units) for name, r in results.items()}
    assert counts == {
        "2018-02-26th-anniversary-commemoration.txt": 14,
        "2020-02-ombudsman-regional-events.txt": 4,
        "2022-02-ombudsman-30th-anniversary-statement.txt": 21,
        "2023-02-31-years-since-khojaly.txt": 14,
        "2025-02-ombudsperson-33rd-anniversary.txt": 12,
    }
    assert sum(counts.values()) == 65
    statement = results["2022-02-ombudsman-30th-anniversary-statement.txt"].units
    assert statement[0].text.startswith("STATEMENT of the Commissioner") and statement[0].kind == TITLE
    commemoration = [u.text for u in results["2018-02-26th-anniversary-commemoration.txt"].units]
    assert any("Heydar Aliyev Foundation, is one of the purposeful" in t for t in commemoration)
    assert any("During the aggression against the people in Khojaly" in t for t in commemoration)
    everything = " ".join(u.text for r in results.values() for u in r.units)
    for furniture in ("16 px", "Related Articles", "Leave a Reply", "Back to top button"):
        assert furniture not in everything
    assert not results["2025-02-ombudsperson-33rd-anniversary.txt"].units[-1].text == "News.Az"


# A fuzzer's view: whatever the input, segmentation never crashes, and the units plus the
# dropped lines account for every word of the input, in order.
_pieces = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "\ufeff",
        "word",
        "Word",
        "WORD",
        "end.",
        "comma,",
        "“quote”",
        "Khojaly’s",
        "613",
        "↺",
        "+",
        "px",
        "ǅemal",
        "日本",
        "\u00a0",
        "a" * 150,
        "x" * 300 + ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=60).map("".join))
def test_segmentation_never_crashes_and_never_loses_or_reorders_words(text):
    result = cut(text)
    kept_or_dropped = []
    by_line = {}
    for unit in result.units:
        by_line[unit.line] = unit.text.split()
    # Walk lines in order: a unit's words start at its first line; dropped lines keep theirs.
    for decision in result.decisions:
        if decision.action == "drop":
            by_line.setdefault(decision.line, []).extend(decision.text.split())
    for line in sorted(by_line):
        kept_or_dropped.extend(by_line[line])
    source = text[1:] if text.startswith("\ufeff") else text
    assert kept_or_dropped == source.split()


# -- any size, any shape: the rules read bounded ends of lines and parts ---------------------------


def test_the_white_space_list_is_every_white_space_character_but_the_plain_space():
    import re
    import sys

    from pipeline.source.segment import OTHER_SPACE

    listed = re.compile(f"[{OTHER_SPACE}]")
    everything = [chr(code) for code in range(sys.maxunicode + 1)]
    assert {c for c in everything if listed.match(c)} == {c for c in everything if c.isspace() and c != " "}


def test_a_line_longer_than_a_slice_is_normalised_and_anchored_like_a_short_one():
    from pipeline.source.segment import _CHUNK

    gaps = [" ", " ", " ", "  ", "\t", " \u00a0 "]
    words = ["Khojaly", "genocide,", "“quoted”", "Xocalı", "1992", "end."]
    line = "  " + "".join(words[i % 6] + gaps[i % 5] for i in range(3 * _CHUNK // 8)) + "final."
    assert len(line) > 2 * _CHUNK
    (unit,) = cut(f"{line}\n").units
    assert unit.text == " ".join(line.split())
    assert len(unit.anchors) == len(line.split())
    for (offset, number, column), word in zip(unit.anchors, unit.text.split(" ")):
        assert number == 1 and unit.text[offset : offset + len(word)] == word
        assert line[column - 1 : column - 1 + len(word)] == word


def test_thousands_of_parts_broken_by_blank_lines_join_into_one_unit():
    parts = ["The report was read aloud"] + [f"and then read again, time {n}" for n in range(3000)]
    result = cut("\n\n".join(parts) + ".\n")
    (unit,) = result.units
    assert unit.text == " ".join(parts) + "."
    joins = [d for d in result.decisions if d.action == "join"]
    assert len(joins) == 3000 and all("continues the sentence of line 1" in d.reason for d in joins)


def test_anchors_are_a_sequence_of_triples_equal_to_the_plain_tuple():
    from pipeline.core.model import Unit

    unit = cut(f"{LONG_A[:-1]}\n  second   half of the same sentence.\n").units[0]
    triples = tuple(unit.anchors)
    assert triples[0] == (0, 1, 1) and triples[-1] == unit.anchors[-1] == (len(unit.text) - 9, 2, 29)
    assert unit.anchors[:2] == triples[:2] and len(unit.anchors) == len(unit.text.split())
    plain = Unit(unit.text, unit.line, unit.kind, triples)
    assert unit == plain and plain == unit and hash(unit) == hash(plain)
