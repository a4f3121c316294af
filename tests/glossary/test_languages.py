"""Language profiles: one module per language, found by code; folding, case, numbers and words per language.

Every fact a test needs (a separator, a month name, a suffix) is stated here, so no test depends
on the installed Babel's data.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.glossary import load_glossary, target_matcher
from pipeline.glossary.languages import _REGISTRY, LanguageProfile, language_code, languages, profile_for, register
from pipeline.glossary.languages.az import GRAMMAR as AZ
from pipeline.glossary.languages.base import CasePolicy, NumberFormat, TargetCase
from pipeline.glossary.languages.tr import GRAMMAR as TR
from pipeline.glossary.languages.turkic import fold_turkic
from pipeline.glossary.morphology import CASE, Agglutinative, Harmony, Morpheme, SuffixGrammar, parse_suffixes

# --------------------------------------------------------------------------- the registry


@pytest.mark.parametrize("locale, code", [("az", "az"), ("az_Latn", "az"), ("tr-TR", "tr"), ("RU", "ru"), ("ru_RU", "ru"), (None, "en")])
def test_a_locale_finds_its_languages_profile(locale, code):
    assert language_code(locale) == code
    assert profile_for(locale) is profile_for(code)
    assert profile_for(locale).code == code


def test_every_language_module_registers_itself():
    assert {"az", "en", "ru", "tr"} <= set(languages())


def test_a_new_language_is_one_profile(tmp_path, monkeypatch):
    """Kazakh (Turkic, Cyrillic) as a profile registered from outside: the matcher inflects with it."""
    grammar = SuffixGrammar(
        lang="kk",
        # Kazakh has two-way I harmony (ы/і) and devoices D after voiceless consonants.
        harmony=Harmony(
            vowels=frozenset("аәеыіоөұүуиэюя"),
            back=frozenset("аоұы"),
            rounded=frozenset("оөұү"),
            a_back="а",
            a_front="е",
            i_back="ы",
            i_back_rounded="ы",
            i_front="і",
            i_front_rounded="і",
            voiceless=frozenset("пфктшсщхцчқ"),
            d="д",
            t="т",
            representatives="аоеө",
        ),
        inventory=(Morpheme("loc", CASE, "DA"), Morpheme("abl", CASE, "DAн")),  # templates: the script's letters
    )
    profile = LanguageProfile(
        code="kk",
        name="Kazakh",
        morphology_factory=lambda: Agglutinative(grammar),
        number_format=NumberFormat(decimal=",", groups=("\u00a0", " "), group="\u00a0"),
    )
    monkeypatch.setitem(_REGISTRY, "kk", profile)
    (tmp_path / "p.yaml").write_text(
        "category: place\nterms:\n  - id: khojaly\n    term: Khojaly\n    locales: {kk: {rendering: Қожалы}}\n", encoding="utf-8"
    )
    matcher = target_matcher(load_glossary(tmp_path), "kk")
    assert [m.text for m in matcher.find("Қожалыда, Қожалыдан")] == ["Қожалыда", "Қожалыдан"]
    assert not matcher.contains_rendering("Қожалыды", "khojaly")  # not a suffix of the inventory
    assert profile_for("kk_KZ") is profile


def test_registering_a_language_twice_is_a_bug():
    with pytest.raises(ValueError, match="registered twice"):
        register(LanguageProfile(code="ru", name="Russian again", morphology_factory=lambda: None))


def test_a_language_without_a_module_gets_exact_matching_and_babels_separators():
    german = profile_for("de")
    assert german.code == "de" and german.morphology.max_ending == 0
    # CLDR: German writes 1.275,5 (stated here; Babel supplies it at run time).
    assert (german.numbers.decimal, german.numbers.group) == (",", ".")
    assert german.word_value("months", "Februar") == 2
    assert profile_for("qq").numbers.decimal == "."  # unknown to Babel: read the English way


# --------------------------------------------------------------------------- folding and case


def test_turkic_folding_is_locale_aware():
    for code in ("az", "tr"):
        assert profile_for(code).fold("İSLAM IŞIK") == "islam ışık"
    assert "İSLAM".lower() != "islam" and "IŞIK".lower() != "ışık"  # why str.lower is not enough
    assert profile_for("az").fold("IƏT") != profile_for("az").fold("İƏT")  # another letter, not another case
    assert profile_for("ru").fold("Днём") == "днем"
    assert profile_for("en").fold("İstanbul") == "istanbul"


def test_the_english_rule_holds_for_sources_only():
    english, russian = profile_for("en").case, profile_for("ru").case
    assert isinstance(english, CasePolicy) and not isinstance(english, TargetCase)
    assert not english.ok(("Khojaly", "genocide"), ["khojaly", "genocide"], exact=False)
    assert russian.ok(("Ходжалинский", "геноцид"), ["ходжалинский", "геноцид"], exact=False)


@pytest.mark.parametrize(
    "code, words, tokens, ok",
    [
        ("ru", ("Ходжалинская", "трагедия"), ["ходжалинской", "трагедии"], True),  # adjective: lower case
        ("ru", ("Первая", "Карабахская", "война"), ["первой", "карабахской", "войны"], True),
        ("ru", ("Совет", "Безопасности", "ООН"), ["Совета", "безопасности", "ООН"], True),  # later words
        ("ru", ("Гейдар", "Алиев"), ["гейдар", "Алиев"], False),  # a name keeps its capital
        ("ru", ("Совет", "Безопасности", "ООН"), ["Совета", "Безопасности", "оон"], False),  # acronyms too
        ("ru", ("Ходжалы",), ["ХОДЖАЛЫ"], True),  # headline capitals
        ("az", ("Ümummilli", "Lider"), ["Ümummilli", "lideri"], True),
        ("az", ("Birinci", "Qarabağ", "müharibəsi"), ["birinci", "Qarabağ", "müharibəsi"], True),  # an ordinal
        ("az", ("Xocalı",), ["xocalı"], False),
        ("az", ("İƏT",), ["İƏT"], True),
        ("tr", ("Hocalı", "Soykırımı", "Günü"), ["Hocalı", "soykırımı", "günü"], True),
        ("tr", ("Hocalı",), ["HOCALI"], True),
    ],
)
def test_case_in_translations_follows_the_target_language(code, words, tokens, ok):
    assert profile_for(code).case.ok(words, tokens, exact=False) is ok


def test_a_forbidden_form_is_found_in_any_case_but_an_acronyms():
    russian = profile_for("ru").case
    assert russian.ok(("Степанакерт",), ["степанакертский"], exact=False, forbidden=True)
    assert not russian.ok(("ОИК",), ["оик"], exact=False, forbidden=True)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "code, decimal, group, written",
    [
        ("en", ".", ",", "1,275"),
        ("ru", ",", "\u00a0", "1\u00a0275"),
        ("az", ",", ".", "1.275"),
        ("tr", ",", ".", "1.275"),
    ],
)
def test_each_language_states_its_separators(code, decimal, group, written):
    numbers = profile_for(code).numbers
    assert (numbers.decimal, numbers.group) == (decimal, group)
    assert numbers.format(1275) == written
    assert numbers.format(Decimal("2.5")) == f"2{decimal}5"
    assert numbers.format(1992, group_from=5) == "1992"  # years and short counts stay whole
    assert decimal not in numbers.groups


@pytest.mark.parametrize(
    "code, token, month",
    [
        ("ru", "февраля", 2),
        ("ru", "феврале", 2),
        ("ru", "мая", 5),
        ("ru", "Декабрь", 12),
        ("az", "fevralın", 2),
        ("az", "fevralda", 2),
        ("az", "mayın", 5),
        ("az", "dekabr", 12),
        ("tr", "Şubat", 2),
        ("tr", "Şubatta", 2),
        ("tr", "Aralığın", 12),
        ("tr", "mayısta", 5),
        ("en", "February", 2),
        ("en", "Feb", 2),
        ("en", "may", 5),
    ],
)
def test_month_names_are_found_in_any_inflection(code, token, month):
    assert profile_for(code).word_value("months", token) == month


@pytest.mark.parametrize(
    "code, token, table, value",
    [
        ("ru", "тысяч", "scales", 1000),
        ("ru", "тыс", "scales", 1000),
        ("ru", "тысячи", "scales", 1000),
        ("ru", "млн", "scales", 10**6),
        ("ru", "миллиона", "scales", 10**6),
        ("az", "min", "scales", 1000),
        ("az", "mindən", "scales", 1000),
        ("az", "milyon", "scales", 10**6),
        ("tr", "bin", "scales", 1000),
        ("tr", "binden", "scales", 1000),
        ("tr", "milyar", "scales", 10**9),
        ("ru", "восемь", "words", 8),
        ("ru", "двух", "words", 2),
        ("ru", "второй", "words", 2),
        ("az", "səkkiz", "words", 8),
        ("az", "ikinci", "words", 2),
        ("tr", "sekiz", "words", 8),
    ],
)
def test_scale_and_number_words(code, token, table, value):
    assert profile_for(code).word_value(table, token) == value


@pytest.mark.parametrize("code, token", [("az", "onlar"), ("tr", "onlar"), ("az", "mina"), ("tr", "binası")])
def test_words_that_only_look_like_numbers_are_not_numbers(code, token):
    profile = profile_for(code)
    assert profile.word_value("words", token) is None and profile.word_value("scales", token) is None


def test_turkic_grammars_are_the_profiles():
    assert profile_for("az").morphology.grammar is AZ and profile_for("tr").morphology.grammar is TR
    assert parse_suffixes(AZ, "xocalı", "da") and not parse_suffixes(AZ, "xocalı", "də")
    assert parse_suffixes(TR, "kuveyt", "te") and not parse_suffixes(TR, "kuveyt", "de")
    assert not parse_suffixes(AZ, "stepanakert", "li")  # a derivation: forbidden forms only
    assert parse_suffixes(AZ, "stepanakert", "lilər", lenient=True)
    assert fold_turkic("XOCALI") == "xocalı"
