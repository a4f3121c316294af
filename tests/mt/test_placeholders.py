"""Glossary terms and numbers survive machine translation through placeholders."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, strategies as st

from pipeline.core.model import Rendering, Term
from pipeline.mt.placeholders import Span, glossary_spans, protect, restore

SENTENCE = "Some 2,500 residents of Khojaly fled on February 25-26, 1992."


def khojaly_span(sentence: str = SENTENCE) -> Span:
    start = sentence.index("Khojaly")
    return Span(start, start + len("Khojaly"), "Xocalı")


def test_protect_replaces_terms_and_stand_alone_numbers():
    p = protect(SENTENCE, [khojaly_span()])
    assert p.text == "Some XX0 residents of XX1 fled on February XX2, XX3."
    assert [(s.source, s.replacement, s.kind) for s in p.slots] == [
        ("2,500", "2,500", "number"),
        ("Khojaly", "Xocalı", "term"),
        ("25-26", "25-26", "number"),
        ("1992", "1992", "number"),
    ]


def test_restore_puts_renderings_and_original_digits_back():
    p = protect(SENTENCE, [khojaly_span()])
    out = restore("XX1 sakinlərindən təxminən XX0 nəfəri XX2 fevral XX3-ci ildə qaçdı.", p)
    assert out.text == "Xocalı sakinlərindən təxminən 2,500 nəfəri 25-26 fevral 1992-ci ildə qaçdı."
    assert out.missing == ()


def test_restore_tolerates_spaces_case_and_cyrillic_x():
    p = protect(SENTENCE, [khojaly_span()])
    out = restore("Около XX 0 жителей Х Х1 бежали xx2 февраля ХХ 3 года.", p)  # Cyrillic Х in two
    assert out.text == "Около 2,500 жителей Xocalı бежали 25-26 февраля 1992 года."
    assert out.missing == ()


def test_turkish_suffix_after_placeholder_attaches_to_rendering():
    p = protect("They live in Khojaly.", [Span(13, 20, "Hocalı")])
    assert restore("XX0'da yaşıyorlar.", p).text == "Hocalı'da yaşıyorlar."


def test_lost_placeholders_are_reported_and_the_text_is_kept():
    p = protect(SENTENCE, [khojaly_span()])
    out = restore("Sakinlər XX0 fevralda qaçdı XX3.", p)
    assert out.text == "Sakinlər 2,500 fevralda qaçdı 1992."
    assert out.missing == ("Xocalı", "25-26")


def test_invented_placeholder_is_reported_as_mangled():
    p = protect("Khojaly.", [Span(0, 7, "Xocalı")])
    out = restore("XX0 XX7.", p)
    assert out.text == "Xocalı XX7."
    assert out.missing == ("mangled placeholder 'XX7'",)


def test_numbers_glued_to_words_stay_for_the_engine_but_are_verified():
    p = protect("the 31st anniversary, Resolution No. 8/42-C in the 1990s", [])
    assert p.slots == ()
    assert restore("31-ci ildönümü, 8/42-C saylı qətnamə", p).missing == ("1990",)


def test_text_that_looks_like_a_placeholder_is_kept_verbatim():
    p = protect("Model XX5 and xx0 are codes, 7 units.", [])
    assert [s.kind for s in p.slots] == ["literal", "literal", "number"]
    assert restore(p.text, p).text == "Model XX5 and xx0 are codes, 7 units."


def test_overlapping_spans_keep_the_longest():
    text = "the Khojaly genocide"
    p = protect(text, [Span(4, 11, "Xocalı"), Span(4, 20, "Xocalı soyqırımı")])
    assert p.text == "the XX0"
    assert restore("XX0", p).text == "Xocalı soyqırımı"


@dataclass
class _Match:
    start: int
    end: int
    term: Term


def test_glossary_spans_use_the_locale_rendering_or_keep_dnt_terms():
    khojaly = Term("khojaly", "place", "Khojaly", renderings={"az": Rendering("az", "Xocalı")})
    bbc = Term("bbc", "organisation", "BBC", dnt=True)
    other = Term("ganja", "place", "Ganja", renderings={"ru": Rendering("ru", "Гянджа")})
    text = "BBC in Khojaly and Ganja"
    matches = [_Match(0, 3, bbc), _Match(7, 14, khojaly), _Match(19, 24, other)]
    spans = glossary_spans(text, matches, "az")
    assert [(s.start, s.end, s.replacement) for s in spans] == [(0, 3, "BBC"), (7, 14, "Xocalı")]


@given(st.text(alphabet="abc XX0123456789,.-Khojaly", max_size=60))
def test_identity_translation_restores_every_slot(text):
    start = text.find("Khojaly")
    spans = [Span(start, start + 7, "Xocalı")] if start >= 0 else []
    p = protect(text, spans)
    out = restore(p.text, p)
    expected = text.replace("Khojaly", "Xocalı", 1) if start >= 0 else text
    assert out.text == expected
    assert out.missing == ()


# --- inline tags of HTML and Word units -------------------------------------------------------

TAGGED = "Read the <a1>statement</a1> of 26 February.<br2/>"


def test_inline_tags_become_placeholders_spaced_from_the_words_they_were_glued_to():
    protected = protect(TAGGED)
    assert protected.text == "Read the XX0 statement XX1 of XX2 February.XX3"
    assert [(s.replacement, s.kind, s.spaced) for s in protected.slots] == [
        ("<a1>", "tag", (False, True)),
        ("</a1>", "tag", (True, False)),
        ("26", "number", (False, False)),
        ("<br2/>", "tag", (False, False)),
    ]
    assert protected.expected_numbers == ("26",)  # <a1>'s 1 and <br2/>'s 2 are not numbers of the text


def test_restored_tags_are_glued_back_and_a_moved_pair_keeps_its_words():
    protected = protect(TAGGED)
    restored = restore("XX2 fevral tarixli XX0 bəyanatı XX1 oxuyun.XX3", protected)
    assert restored.text == "26 fevral tarixli <a1>bəyanatı</a1> oxuyun.<br2/>"
    assert restored.missing == ()


def test_a_tag_the_engine_lost_is_reported_like_a_lost_term():
    restored = restore("XX2 fevral tarixli bəyanatı XX1 oxuyun.XX3", protect(TAGGED))
    assert restored.missing == ("<a1>",)


def test_a_glossary_span_never_swallows_a_tag():
    sentence = "Heydar <b1>Aliyev</b1> spoke."
    protected = protect(sentence, [Span(0, len("Heydar <b1>Aliyev</b1>"), "Heydər Əliyev")])
    assert [s.replacement for s in protected.slots] == ["<b1>", "</b1>"]


# --- Markdown that is not text ----------------------------------------------------------------


def test_markdown_link_targets_references_code_spans_and_autolinks_never_reach_the_engine():
    sentence = 'Read the [statement](https://o.az/s "The text") and [report][rep], quote `OMB-2025/02-33` or see <https://o.az>.'
    protected = protect(sentence)
    assert protected.text == "Read the [statement XX0 and [report XX1, quote XX2 or see XX3."
    assert [s.kind for s in protected.slots] == ["markup"] * 4
    assert protected.expected_numbers == ()  # the code span's digits are not the text's
    restored = restore("Oxuyun [bəyanat XX0 və [hesabat XX1, XX2 sitat gətirin və ya XX3 baxın.", protected)
    assert restored.text == (
        'Oxuyun [bəyanat](https://o.az/s "The text") və [hesabat][rep], `OMB-2025/02-33` sitat gətirin və ya <https://o.az> baxın.'
    )
    assert restored.missing == ()


def test_plain_text_with_a_backtick_or_a_bracket_is_left_alone():
    assert protect("It's a plain [note] with one ` backtick.").slots == ()
