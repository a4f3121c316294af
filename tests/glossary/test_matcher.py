"""Finding glossary forms in English source text: boundaries, case, overlaps, kinds, offsets."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import SourceMatcher, load_glossary, source_matcher

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    forbidden:
      - {form: Khodjaly, reason: old transliteration}
      - {form: Khojali, reason: misspelling, severity: warning}
  - id: baku
    term: Baku
  - id: nagorno-karabakh
    term: Nagorno-Karabakh
  - id: heydar-aliyev
    term: Heydar Aliyev
    category: person
  - id: heydar-aliyev-foundation
    term: Heydar Aliyev Foundation
    category: organisation
    forbidden: [{form: Heydar Foundation, reason: "the full name is required"}]
  - id: oic
    term: Organisation of Islamic Cooperation
    category: organisation
    variants: [Organization of Islamic Cooperation, OIC]
    forbidden:
      - {form: Organisation of the Islamic Conference, reason: renamed in 2011, severity: warning}
      - {form: Organization of the Islamic Conference, reason: renamed in 2011, severity: warning}
  - id: national-leader
    term: National Leader
    category: person
  - id: news-az
    term: News.Az
    category: organisation
    case: exact
  - id: un
    term: United Nations
    category: organisation
    variants: [UN]
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory) -> SourceMatcher:
    directory = tmp_path_factory.mktemp("glossary")
    (directory / "terms.yaml").write_text(GLOSSARY, encoding="utf-8")
    return SourceMatcher(load_glossary(directory))


def found(matcher: SourceMatcher, text: str) -> list[tuple[str, str, str]]:
    """(matched text, term id, kind) for every match, in order."""
    return [(m.text, m.term.id, m.kind) for m in matcher.find(text)]


# --------------------------------------------------------------------------- word boundaries


def test_a_term_inside_a_longer_word_does_not_match(matcher):
    assert found(matcher, "Khojalyx and xKhojaly and Khojaly1992") == []


def test_a_term_between_punctuation_matches(matcher):
    text = '"Khojaly", (Khojaly) and Khojaly.'
    assert [m.start for m in matcher.find(text)] == [1, 12, 25]


def test_possessives_with_either_apostrophe_match_the_name_without_the_s(matcher):
    text = "Khojaly's victims and Baku’s streets"
    first, second = matcher.find(text)
    assert (first.text, first.start, first.end) == ("Khojaly", 0, 7)
    assert (second.text, second.term.id) == ("Baku", "baku")
    assert text[second.end : second.end + 2] == "’s"


def test_hyphenated_forms_match_only_with_the_hyphen(matcher):
    assert found(matcher, "Nagorno-Karabakh conflict") == [("Nagorno-Karabakh", "nagorno-karabakh", "canonical")]
    assert found(matcher, "Nagorno‑Karabakh") == [("Nagorno‑Karabakh", "nagorno-karabakh", "canonical")]  # U+2011
    assert found(matcher, "Nagorno Karabakh") == []


def test_a_hyphen_in_the_text_is_a_word_boundary(matcher):
    assert found(matcher, "the Khojaly-born poet") == [("Khojaly", "khojaly", "canonical")]


def test_periods_inside_a_form_are_part_of_it(matcher):
    assert found(matcher, "reported News.Az on Monday.") == [("News.Az", "news-az", "canonical")]
    assert found(matcher, "News. Az") == []


# --------------------------------------------------------------------------- multiword forms


def test_multiword_forms_match_across_any_white_space(matcher):
    assert found(matcher, "President Heydar Aliyev said") == [("Heydar Aliyev", "heydar-aliyev", "canonical")]
    assert found(matcher, "Heydar\n  Aliyev") == [("Heydar\n  Aliyev", "heydar-aliyev", "canonical")]
    assert found(matcher, "Heydar, Aliyev") == []


def test_the_longest_form_wins_where_forms_overlap(matcher):
    text = "the Heydar Aliyev Foundation, founded in honour of Heydar Aliyev"
    assert found(matcher, text) == [
        ("Heydar Aliyev Foundation", "heydar-aliyev-foundation", "canonical"),
        ("Heydar Aliyev", "heydar-aliyev", "canonical"),
    ]


def test_a_shorter_form_is_found_when_the_longer_one_stops_short(matcher):
    assert found(matcher, "Heydar Aliyev Foundations") == [("Heydar Aliyev", "heydar-aliyev", "canonical")]


# --------------------------------------------------------------------------- case rules


def test_acronyms_match_their_exact_case_only(matcher):
    assert found(matcher, "the OIC summit") == [("OIC", "oic", "variant")]
    assert found(matcher, "the oic summit, the Oic summit") == []
    assert found(matcher, "UN, Un, un") == [("UN", "un", "variant")]


def test_a_capitalised_name_in_capitals_in_a_heading_matches(matcher):
    assert found(matcher, "KHOJALY GENOCIDE") == [("KHOJALY", "khojaly", "canonical")]
    assert found(matcher, "HEYDAR ALIYEV FOUNDATION") == [("HEYDAR ALIYEV FOUNDATION", "heydar-aliyev-foundation", "canonical")]


def test_a_capitalised_name_in_lower_case_does_not_match(matcher):
    assert found(matcher, "khojaly") == []
    assert found(matcher, "the national leader of the country") == []
    assert found(matcher, "National Leader Heydar Aliyev")[0] == ("National Leader", "national-leader", "canonical")


def test_lower_case_words_of_a_form_match_in_any_case(matcher):
    text = "ORGANISATION OF ISLAMIC COOPERATION / Organisation Of Islamic Cooperation"
    assert [m.term.id for m in matcher.find(text)] == ["oic", "oic"]


def test_other_letters_of_a_capitalised_word_are_case_insensitive(matcher):
    assert found(matcher, "KHOjaly") == [("KHOjaly", "khojaly", "canonical")]


def test_case_exact_entries_need_the_exact_spelling(matcher):
    assert found(matcher, "news.az, NEWS.AZ") == []


# --------------------------------------------------------------------------- kinds and offsets


def test_forbidden_and_variant_forms_report_their_kind_and_exact_offsets(matcher):
    text = "In Khodjaly, the Organization of Islamic Cooperation and the Heydar Foundation met."
    matches = matcher.find(text)
    assert [(m.kind, m.term.id) for m in matches] == [
        ("forbidden", "khojaly"),
        ("variant", "oic"),
        ("forbidden", "heydar-aliyev-foundation"),
    ]
    for m in matches:
        assert text[m.start : m.end] == m.text
    assert matches[0].forbidden.reason == "old transliteration" and matches[0].forbidden.severity == "error"
    assert matches[0].form == "Khodjaly"
    assert matches[1].forbidden is None


def test_a_forbidden_form_can_carry_severity_warning(matcher):
    (m,) = matcher.find("the Organisation of the Islamic Conference (1969)")
    assert m.kind == "forbidden" and m.forbidden.severity == "warning" and m.term.id == "oic"


def test_real_corpus_sentence(matcher):
    text = (
        "During Khojaly genocide, 613 people were killed. The OIC and the "
        "Heydar Aliyev Foundation's \u201cJustice for Khojaly\u201d campaign followed."
    )
    assert found(matcher, text) == [
        ("Khojaly", "khojaly", "canonical"),
        ("OIC", "oic", "variant"),
        ("Heydar Aliyev Foundation", "heydar-aliyev-foundation", "canonical"),
        ("Khojaly", "khojaly", "canonical"),
    ]


def test_the_cached_matcher_is_built_once_per_glossary_version(tmp_path):
    (tmp_path / "a.yaml").write_text("category: place\nterms:\n  - id: baku\n    term: Baku\n", encoding="utf-8")
    glossary = load_glossary(tmp_path)
    assert source_matcher(glossary) is source_matcher(load_glossary(tmp_path))
    (tmp_path / "a.yaml").write_text("category: place\nterms:\n  - id: baku\n    term: Shusha\n", encoding="utf-8")
    changed = load_glossary(tmp_path)
    assert source_matcher(changed) is not source_matcher(glossary)
    assert [m.text for m in source_matcher(changed).find("Baku, Shusha")] == ["Shusha"]


# --------------------------------------------------------------------------- properties

_PIECES = [
    "Khojaly",
    "KHOJALY",
    "khojaly",
    "Heydar",
    "Aliyev",
    "Foundation",
    "Baku",
    "’s",
    "'s",
    "OIC",
    "Organisation",
    "of",
    "Islamic",
    "Cooperation",
    "Nagorno",
    "-",
    "Karabakh",
    ",",
    ".",
    "News.Az",
    "x",
]
_texts = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  ", "\n"])), max_size=25).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_matches_are_sorted_do_not_overlap_and_point_at_their_text(matcher, text):
    matches = matcher.find(text)
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    for m in matches:
        assert text[m.start : m.end] == m.text and m.start < m.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(_texts, st.sampled_from(["Heydar Aliyev Foundation", "Khojaly’s", ".News.Az", "HEYDAR ALIYEV", "<b>Baku</b>", "UN."])))
def test_the_matches_spanning_a_whole_text_are_those_of_find_all_that_cover_it(matcher, text):
    """What validation asks of every form: found from the first word alone, the same as a scan of every word."""
    spanning = [m for m in matcher.find_all(text) if m.start == 0 and m.end == len(text)]
    assert matcher.find_spanning(text) == spanning
    assert matcher.find_spanning(text, keep=lambda form: form != "Heydar Aliyev") == [m for m in spanning if m.form != "Heydar Aliyev"]


@settings(max_examples=300, deadline=None)
@given(_texts, st.integers(0, 5), st.integers(0, 5), st.sampled_from([" ", "  ", "\n", " \t "]))
def test_extra_white_space_changes_offsets_only(matcher, text, before, after, spacing):
    padded = " " * before + text.replace(" ", spacing) + " " * after
    assert [(m.term.id, m.kind) for m in matcher.find(padded)] == [(m.term.id, m.kind) for m in matcher.find(text)]
    assert [m.start for m in matcher.find(" " * before + text)] == [m.start + before for m in matcher.find(text)]


def _shifted(matcher: SourceMatcher, text: str, shift: int, everywhere: bool = False) -> list[tuple]:
    found = matcher.find_all(text) if everywhere else matcher.find(text)
    return [(m.start + shift, m.end + shift, m.term.id, m.kind) for m in found]


@settings(max_examples=25, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=4), st.sampled_from(["x", "the x", "Lorem ipsum", "Heydar x"]), st.integers(1, 5))
def test_a_long_text_has_the_matches_of_its_pieces(matcher, pieces, filler, thousands):
    # Long runs where no form can begin between the pieces: the scan reads a long text a slice
    # and a window of tokens at a time, and skips the tokens that begin no form.
    gap = " " + " ".join([filler] * thousands * 7000) + " "
    text, expected, everywhere = "", [], []
    for piece in pieces:
        expected += _shifted(matcher, piece, len(text))
        everywhere += _shifted(matcher, piece, len(text), everywhere=True)
        text += piece + gap
    assert _shifted(matcher, text, 0) == expected
    assert _shifted(matcher, text, 0, everywhere=True) == everywhere


@pytest.mark.parametrize("at", [65536 - 9, 65536 - 7, 65536 - 1, 65536, 65536 + 1])
def test_a_form_across_the_edge_of_a_slice_is_found(matcher, at):
    # The scan splits a text about 64 KiB at a time, never inside a word.
    text = "x" * (at - 1) + " Heydar Aliyev Foundation in Khojaly " + "y" * 70_000 + " Baku"
    assert found(matcher, text) == [
        ("Heydar Aliyev Foundation", "heydar-aliyev-foundation", "canonical"),
        ("Khojaly", "khojaly", "canonical"),
        ("Baku", "baku", "canonical"),
    ]


def test_a_word_longer_than_a_slice_is_one_word(matcher):
    assert found(matcher, "Khojaly" + "x" * 200_000 + " Khojaly " + "Baku" * 50_000 + " Baku") == [
        ("Khojaly", "khojaly", "canonical"),
        ("Baku", "baku", "canonical"),
    ]


# --------------------------------------------------------------------------- derived forms: the schema

DERIVED = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales:
      ru:
        rendering: Ходжалы
        derived:
          - {form: ходжалинский, type: adjective}
          - ходжалинцы
"""


def test_derived_forms_load_with_their_class_and_line_and_dump_back(tmp_path):
    from pipeline.glossary import dump_glossary, form_line
    from pipeline.glossary.model import DerivedForm

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "places.yaml").write_text(DERIVED, encoding="utf-8")
    glossary = load_glossary(tmp_path / "in")
    khojaly = glossary["khojaly"]
    assert khojaly.renderings["ru"].derived == (DerivedForm("ходжалинский", "adjective"), DerivedForm("ходжалинцы"))
    assert form_line(khojaly, "ходжалинцы", "ru") == 10
    dump_glossary(glossary, tmp_path / "out")
    again = load_glossary(tmp_path / "out")
    assert again["khojaly"] == khojaly


def test_derived_forms_are_not_source_forms(tmp_path):
    (tmp_path / "places.yaml").write_text(DERIVED, encoding="utf-8")
    assert found(SourceMatcher(load_glossary(tmp_path)), "the ходжалинский район") == []


@pytest.mark.parametrize(
    "item, problem",
    [
        ("{form: ходжалинский, type: adjectival}", "type 'adjectival' is not one of adjective, demonym, noun"),
        ("{type: adjective}", "a derived entry has no 'form'"),
        ("{form: ходжалинский, kind: adjective}", "unknown key 'kind' in a derived form"),
    ],
)
def test_a_bad_derived_form_is_a_loading_error_at_its_line(tmp_path, item, problem):
    from pipeline.core.errors import InputError

    text = DERIVED.replace("- {form: ходжалинский, type: adjective}", f"- {item}")
    (tmp_path / "places.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as error:
        load_glossary(tmp_path)
    assert error.value.line == 9
