"""Sentence splitting of English paragraphs: where sentences end, and where they do not."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from pipeline.mt.sentences import join, spans, split

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_plain_sentences_split_at_periods():
    assert split("The town was attacked. Many fled. Some returned.") == ["The town was attacked.", "Many fled.", "Some returned."]


def test_a_sentence_may_start_with_a_number():
    # corpus/2023-02-31-years-since-khojaly.txt
    text = (
        "The next massacre ended the lives of 613 people, including 106 women. "
        "1,275 civilians were captured, the fate of 150 is still unknown."
    )
    assert split(text) == [
        "The next massacre ended the lives of 613 people, including 106 women.",
        "1,275 civilians were captured, the fate of 150 is still unknown.",
    ]


def test_no_before_a_number_is_an_abbreviation():
    # corpus/2018-02-26th-anniversary-commemoration.txt
    text = (
        "The OIC recognised the Khojaly tragedy as genocide. Resolution No. 8/42-C adopted by the "
        "42nd session of the Council of Foreign Ministers calls upon Member States to act."
    )
    assert split(text) == [
        "The OIC recognised the Khojaly tragedy as genocide.",
        "Resolution No. 8/42-C adopted by the 42nd session of the Council of Foreign Ministers calls upon Member States to act.",
    ]


def test_resolution_with_roman_numeral_and_period_inside_parentheses():
    # corpus/2018-02-26th-anniversary-commemoration.txt: "1948.) were applied."
    text = (
        "All elements of the crime of genocide stated in the International Conventions (The UN General "
        "Assembly Resolution 96 (I) dated 11 December 1946 & the Resolution 260 (III) of 9 December 1948.) "
        "were applied. Khojaly genocide was a criminal act."
    )
    assert len(split(text)) == 2
    assert split(text)[0].endswith("were applied.")


def test_titles_initials_and_dotted_abbreviations_do_not_end_sentences():
    assert split("Mr. Smith met Dr. J. R. Brown in the U.S. Congress on Monday. They talked.") == [
        "Mr. Smith met Dr. J. R. Brown in the U.S. Congress on Monday.",
        "They talked.",
    ]


def test_month_abbreviation_before_a_day_and_decimal_numbers():
    assert split("It happened on Feb. 26 at 5.5 km from the town. Nobody forgot.") == [
        "It happened on Feb. 26 at 5.5 km from the town.",
        "Nobody forgot.",
    ]


def test_dots_inside_a_token_are_not_boundaries():
    # corpus/2025-02-ombudsperson-33rd-anniversary.txt
    assert split("the ombudsperson said in a statement on Tuesday, News.Az reports.") == [
        "the ombudsperson said in a statement on Tuesday, News.Az reports."
    ]


def test_closing_quote_after_the_period_belongs_to_the_sentence():
    # corpus/2025-02-ombudsperson-33rd-anniversary.txt
    text = (
        "“On the night of February 25-26, 1992, the Armenian armed forces committed the crime of "
        "genocide against the peaceful population.” “613 Khojaly residents were murdered.”"
    )
    assert split(text) == [
        "“On the night of February 25-26, 1992, the Armenian armed forces committed the crime of "
        "genocide against the peaceful population.”",
        "“613 Khojaly residents were murdered.”",
    ]


def test_quote_then_lowercase_continues_the_sentence():
    # corpus/2023-02-31-years-since-khojaly.txt
    text = "“Justice for Khojaly!” announced at the initiative of Leyla Aliyeva is increasing. It works."
    assert split(text) == ["“Justice for Khojaly!” announced at the initiative of Leyla Aliyeva is increasing.", "It works."]
    assert split("is still unknown,” she recalled. Then") == ["is still unknown,” she recalled.", "Then"]


def test_question_exclamation_and_ellipsis():
    assert split("Why? Because it happened! And then... Nothing. But the ... dots stay.") == [
        "Why?",
        "Because it happened!",
        "And then...",
        "Nothing.",
        "But the ... dots stay.",
    ]
    assert split("They waited… Then they left.") == ["They waited…", "Then they left."]


def test_lowercase_after_a_period_is_not_a_new_sentence():
    assert split("This is approx. ten km, e.g. near the town.") == ["This is approx. ten km, e.g. near the town."]


def test_headings_without_final_punctuation_and_empty_text():
    assert split("31 years passes since Khojaly genocide") == ["31 years passes since Khojaly genocide"]
    assert split("") == []
    assert split("   ") == []


def test_join_uses_a_single_space():
    assert join(["Birinci cümlə.", " İkinci cümlə. ", "", "Üçüncü."]) == "Birinci cümlə. İkinci cümlə. Üçüncü."


def test_spans_point_into_the_paragraph():
    text = "  One. Two.  "
    assert [text[a:b] for a, b in spans(text)] == ["One.", "Two."]


def test_every_corpus_paragraph_round_trips():
    count = 0
    for path in sorted(CORPUS.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            paragraph = " ".join(block.split())
            if paragraph:
                parts = split(paragraph)
                assert join(parts) == paragraph
                assert all(part == part.strip() and part for part in parts)
                count += len(parts)
    assert count > 90


_words = st.sampled_from(
    [
        "Khojaly",
        "the",
        "No.",
        "U.S.",
        "5.5",
        "Mr.",
        "“Justice!”",
        "people.",
        "1,275",
        "A.",
        "...",
        "?",
        "end.”",
        "(I)",
        "genocide",
        "Feb.",
        "26",
        "x",
    ]
)


@given(st.lists(_words, min_size=0, max_size=30))
def test_split_then_join_gives_back_any_normalised_paragraph(words):
    paragraph = " ".join(words)
    assert join(split(paragraph)) == paragraph
