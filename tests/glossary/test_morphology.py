"""Finding renderings in translations: az/tr suffixes, Russian declension, misspellings, forbidden forms."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import TargetMatcher, load_glossary, target_matcher
from pipeline.glossary.languages.az import GRAMMAR as AZ
from pipeline.glossary.languages.ru import fold_russian
from pipeline.glossary.languages.turkic import fold_turkic
from pipeline.glossary.morphology import parse_suffixes

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales:
      az: {rendering: Xocalı, forbidden: [{form: Xocali, reason: "ı, not i"}]}
      ru: {rendering: Ходжалы, forbidden: [{form: Ходжали, reason: "ы, not и"}]}
      tr: {rendering: Hocalı, forbidden: [{form: Hocali, reason: "ı, not i"}]}
  - id: khankendi
    term: Khankendi
    forbidden: [Stepanakert]
    locales:
      az: {rendering: Xankəndi, forbidden: [{form: Stepanakert, reason: Armenian name}]}
      ru: {rendering: Ханкенди, forbidden: [{form: Степанакерт, reason: Armenian name}]}
      tr: {rendering: Hankendi, forbidden: [{form: Stepanakert, reason: Armenian name}]}
  - id: xatai
    term: Xatai
    locales:
      az: {rendering: Xətai}
      ru: {rendering: Хатаи}
      tr: {rendering: Hatai}
  - id: heydar-aliyev
    term: Heydar Aliyev
    category: person
    locales:
      az: {rendering: Heydər Əliyev}
      ru: {rendering: Гейдар Алиев}
      tr: {rendering: Haydar Aliyev}
  - id: heydar-aliyev-foundation
    term: Heydar Aliyev Foundation
    category: organisation
    locales:
      az: {rendering: Heydər Əliyev Fondu}
      ru: {rendering: Фонд Гейдара Алиева}
      tr: {rendering: Haydar Aliyev Vakfı}
  - id: milli-majlis
    term: Milli Majlis
    category: organisation
    locales:
      az: {rendering: Milli Məclis}
      ru: {rendering: Милли Меджлис}
      tr: {rendering: Milli Meclis}
  - id: oic
    term: Organisation of Islamic Cooperation
    category: organisation
    variants: [OIC]
    locales:
      az: {rendering: İslam Əməkdaşlıq Təşkilatı, accepted: [İƏT]}
      ru: {rendering: Организация исламского сотрудничества, accepted: [ОИС]}
      tr: {rendering: İslam İşbirliği Teşkilatı, accepted: [İİT]}
  - id: un-security-council
    term: UN Security Council
    category: organisation
    locales:
      tr: {rendering: BM Güvenlik Konseyi}
  - id: european-union
    term: European Union
    category: organisation
    locales:
      tr: {rendering: Avrupa Birliği}
  - id: news-az
    term: News.Az
    category: organisation
    dnt: true
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    directory = tmp_path_factory.mktemp("glossary")
    (directory / "terms.yaml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(directory)


def found(glossary, locale: str, text: str) -> list[tuple[str, str, str]]:
    """(matched text, term id, kind) for every match in ``text``, in order."""
    return [(m.text, m.term.id, m.kind) for m in target_matcher(glossary, locale).find(text)]


# --------------------------------------------------------------------------- folding


def test_turkic_folding_keeps_dotted_and_dotless_i_apart():
    assert fold_turkic("İSLAM IŞIK") == "islam ışık"
    assert "İslam".lower() != "islam"  # why str.lower is not enough
    assert fold_russian("Объединённых") == "объединенных"


# --------------------------------------------------------------------------- Azerbaijani


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Xocalı soyqırımı 1992-ci ildə Xocalıda törədilib.", ["Xocalı", "Xocalıda"]),
        ("Xocalının müdafiəçiləri", ["Xocalının"]),
        ("Xocalını unutmayaq", ["Xocalını"]),
        ("Xocalıdakı hadisələr", ["Xocalıdakı"]),
        ("XOCALI SOYQIRIMI", ["XOCALI"]),
    ],
)
def test_az_khojaly_with_case_suffixes(glossary, text, expected):
    assert [m[0] for m in found(glossary, "az", text)] == expected
    assert {m[1:] for m in found(glossary, "az", text)} == {("khojaly", "rendering")}


@pytest.mark.parametrize(
    "text, term_id, span",
    [
        ("Heydər Əliyev Fondunun təşəbbüsü ilə", "heydar-aliyev-foundation", "Heydər Əliyev Fondunun"),
        ("Heydər Əliyev Fonduna müraciət", "heydar-aliyev-foundation", "Heydər Əliyev Fonduna"),
        ("Milli Məclisin iclası", "milli-majlis", "Milli Məclisin"),
        ("Milli Məclisi buraxdı", "milli-majlis", "Milli Məclisi"),
        ("Xankəndiyə qayıdış", "khankendi", "Xankəndiyə"),
        ("Xankəndidən gələn", "khankendi", "Xankəndidən"),
        ("İslam Əməkdaşlıq Təşkilatının bəyanatı", "oic", "İslam Əməkdaşlıq Təşkilatının"),
        ("Ümummilli lider Heydər Əliyevin sözləri", "heydar-aliyev", "Heydər Əliyevin"),
    ],
)
def test_az_the_last_word_takes_the_suffix(glossary, text, term_id, span):
    assert found(glossary, "az", text) == [(span, term_id, "rendering")]


def test_az_misspellings_and_wrong_harmony_are_not_the_rendering(glossary):
    matcher = target_matcher(glossary, "az")
    assert found(glossary, "az", "Xocali") == [("Xocali", "khojaly", "forbidden")]
    # A typo is suffixed like the real word (back harmony): the forbidden form is caught anyway.
    assert found(glossary, "az", "Xocalida") == [("Xocalida", "khojaly", "forbidden")]
    assert found(glossary, "az", "Xocalidə") == [("Xocalidə", "khojaly", "forbidden")]
    assert not matcher.contains_rendering("Xocali faciəsi", "khojaly")
    assert not matcher.contains_rendering("Xocalıdə", "khojaly")  # ə after a back vowel
    assert not matcher.contains_rendering("Xocalıx", "khojaly")  # not a suffix at all


def test_az_forbidden_renderings_are_found_inflected(glossary):
    assert found(glossary, "az", "Stepanakertdə keçirilən") == [("Stepanakertdə", "khankendi", "forbidden")]


# --------------------------------------------------------------------------- Turkish


@pytest.mark.parametrize(
    "text, span, term_id",
    [
        ("Hocalı'da 613 kişi öldürüldü.", "Hocalı'da", "khojaly"),
        ("Hocalı’da 613 kişi öldürüldü.", "Hocalı’da", "khojaly"),
        ("Hocalı'daki katliam", "Hocalı'daki", "khojaly"),
        ("Hankendi'de toplantı", "Hankendi'de", "khankendi"),
        ("Haydar Aliyev Vakfı'nın girişimiyle", "Haydar Aliyev Vakfı'nın", "heydar-aliyev-foundation"),
        ("Haydar Aliyev Vakfının girişimiyle", "Haydar Aliyev Vakfının", "heydar-aliyev-foundation"),
        ("İslam İşbirliği Teşkilatı'na üye", "İslam İşbirliği Teşkilatı'na", "oic"),
        ("İSLAM İŞBİRLİĞİ TEŞKİLATI", "İSLAM İŞBİRLİĞİ TEŞKİLATI", "oic"),
        ("Milli Meclis'te kabul edildi", "Milli Meclis'te", "milli-majlis"),
        ("Hatai ilçesi", "Hatai", "xatai"),
        ("BM Güvenlik Konseyi'nin kararları", "BM Güvenlik Konseyi'nin", "un-security-council"),
        ("Avrupa Birliğine katılım", "Avrupa Birliğine", "european-union"),
    ],
)
def test_tr_suffixes_with_or_without_apostrophe(glossary, text, span, term_id):
    assert found(glossary, "tr", text) == [(span, term_id, "rendering")]


def test_tr_misspelling_and_forbidden_forms(glossary):
    assert found(glossary, "tr", "Hocali'nin") == [("Hocali'nin", "khojaly", "forbidden")]
    assert found(glossary, "tr", "Hocali'da") == [("Hocali'da", "khojaly", "forbidden")]
    # After an apostrophe the name itself is intact: a bad suffix is just not part of the match.
    assert found(glossary, "tr", "Hocalı'de") == [("Hocalı", "khojaly", "rendering")]
    assert found(glossary, "tr", "Stepanakert'te yaşayan") == [("Stepanakert'te", "khankendi", "forbidden")]
    assert found(glossary, "tr", "Stepanakert'de") == [("Stepanakert'de", "khankendi", "forbidden")]
    assert not target_matcher(glossary, "tr").contains_rendering("Hocalıxyz", "khojaly")


def test_tr_apostrophe_suffix_spans_include_the_suffix_and_are_marked_inflected(glossary):
    (m,) = target_matcher(glossary, "tr").find("Hocalı'da")
    assert (m.start, m.end, m.inflected, m.locale) == (0, 9, True, "tr")


# --------------------------------------------------------------------------- Russian


@pytest.mark.parametrize(
    "text, span, term_id",
    [
        ("по инициативе Гейдара Алиева", "Гейдара Алиева", "heydar-aliyev"),
        ("памятник Гейдару Алиеву", "Гейдару Алиеву", "heydar-aliyev"),
        ("встреча с Гейдаром Алиевым", "Гейдаром Алиевым", "heydar-aliyev"),
        ("при поддержке Фонда Гейдара Алиева", "Фонда Гейдара Алиева", "heydar-aliyev-foundation"),
        ("Фондом Гейдара Алиева", "Фондом Гейдара Алиева", "heydar-aliyev-foundation"),
        ("депутаты Милли Меджлиса", "Милли Меджлиса", "milli-majlis"),
        ("в Милли Меджлисе", "Милли Меджлисе", "milli-majlis"),
        ("в Ходжалы погибли 613 человек", "Ходжалы", "khojaly"),
        ("в Ханкенди", "Ханкенди", "khankendi"),
        ("генсек Организации исламского сотрудничества", "Организации исламского сотрудничества", "oic"),
    ],
)
def test_ru_every_word_declines(glossary, text, span, term_id):
    assert found(glossary, "ru", text) == [(span, term_id, "rendering")]


def test_case_exact_entries_still_inflect(tmp_path):
    (tmp_path / "o.yaml").write_text(
        """\
category: organisation
terms:
  - id: oic
    term: OIC
    case: exact
    locales: {ru: {rendering: Организация исламского сотрудничества}, az: {rendering: İƏT}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    assert [m[0] for m in found(glossary, "ru", "с Организацией исламского сотрудничества")] == ["Организацией исламского сотрудничества"]
    assert found(glossary, "ru", "с организацией исламского сотрудничества") == []
    assert found(glossary, "az", "İƏT-in sammiti, İƏTin") == [("İƏT", "oic", "rendering"), ("İƏTin", "oic", "rendering")]
    assert found(glossary, "az", "iət") == []


def test_ru_numeral_endings_decline_with_the_phrase(tmp_path):
    (tmp_path / "r.yaml").write_text(
        """\
category: organisation
terms:
  - id: regiment
    term: 366th Motorized Rifle Regiment
    locales: {ru: {rendering: 366-й мотострелковый полк}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    assert found(glossary, "ru", "военнослужащие 366-го мотострелкового полка") == [
        ("366-го мотострелкового полка", "regiment", "rendering")
    ]
    assert found(glossary, "ru", "367-го мотострелкового полка") == []


def test_ru_acronyms_do_not_decline(glossary):
    assert found(glossary, "ru", "ОИС приняла резолюцию") == [("ОИС", "oic", "accepted")]
    assert found(glossary, "ru", "ОИСа") == []


def test_ru_indeclinable_names_do_not_accept_misspellings(glossary):
    assert found(glossary, "ru", "в Ходжали") == [("Ходжали", "khojaly", "forbidden")]
    assert found(glossary, "ru", "в Ходжале") == []


def test_ru_native_nouns_decline_even_when_capitalised(tmp_path):
    (tmp_path / "d.yaml").write_text(
        """\
category: place
terms:
  - id: salyan
    term: Salyan
    locales: {ru: {rendering: Сальяны}}
  - id: united-states
    term: United States
    locales: {ru: {rendering: Соединённые Штаты Америки}}
  - id: resolution
    term: Situation in the occupied territories
    category: document
    locales: {ru: {rendering: Положение на оккупированных территориях}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    assert found(glossary, "ru", "в Сальянах") == [("Сальянах", "salyan", "rendering")]
    assert found(glossary, "ru", "посол Соединенных Штатов Америки") == [
        ("Соединенных Штатов Америки", "united-states", "rendering")
    ]  # ё written as е
    assert found(glossary, "ru", "о Положении на оккупированных территориях")[0][1] == "resolution"


def test_ru_forbidden_name_is_caught_in_any_case(glossary):
    for text in ("в Степанакерте", "из Степанакерта", "Степанакертом", "Степанакерт"):
        assert [m[1:] for m in found(glossary, "ru", text)] == [("khankendi", "forbidden")], text


def test_ru_a_different_surname_is_not_the_name(glossary):
    assert found(glossary, "ru", "Гейдаров Алиевич") == []


def test_ru_fleeting_vowels_and_yo(tmp_path):
    (tmp_path / "e.yaml").write_text(
        """\
category: event
terms:
  - id: genocide-day
    term: Khojaly Genocide Day
    locales: {ru: {rendering: День Ходжалинского геноцида}}
  - id: un
    term: United Nations
    locales: {ru: {rendering: Организация Объединённых Наций}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    # День loses its е in every other case (дня, дню, днём); ё is е in print.
    for text in ("День", "Дня", "Дню", "Днём", "Днем", "Дне"):
        assert found(glossary, "ru", f"{text} Ходжалинского геноцида") == [
            (f"{text} Ходжалинского геноцида", "genocide-day", "rendering")
        ], text
    assert found(glossary, "ru", "Ден Ходжалинского геноцида") == []  # the bare stem is no word
    assert found(glossary, "ru", "Организацией Объединенных Наций")[0][1] == "un"


def test_ru_case_in_translations(tmp_path):
    (tmp_path / "e.yaml").write_text(
        """\
category: event
terms:
  - id: first-war
    term: First Karabakh War
    locales: {ru: {rendering: Первая Карабахская война}}
  - id: heydar-aliyev
    term: Heydar Aliyev
    locales: {ru: {rendering: Гейдар Алиев}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    # Adjectives and later words may be lower case; a name may not.
    assert found(glossary, "ru", "в ходе первой карабахской войны") == [("первой карабахской войны", "first-war", "rendering")]
    assert found(glossary, "ru", "ПЕРВАЯ КАРАБАХСКАЯ ВОЙНА") == [("ПЕРВАЯ КАРАБАХСКАЯ ВОЙНА", "first-war", "rendering")]
    assert found(glossary, "ru", "гейдар Алиев") == []


# --------------------------------------------------------------------------- derived words

DERIVED = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales:
      az: {rendering: Xocalı, derived: [{form: xocalılar, type: demonym}], forbidden: [Xocali]}
      ru: {rendering: Ходжалы, derived: [{form: ходжалинский, type: adjective}, ходжалинцы]}
      tr: {rendering: Hocalı, derived: [{form: Hocalılı, type: demonym}], forbidden: [Hocali]}
  - id: khankendi
    term: Khankendi
    locales:
      az: {rendering: Xankəndi, forbidden: [Stepanakert]}
      ru: {rendering: Ханкенди, forbidden: [Степанакерт]}
      tr: {rendering: Hankendi, forbidden: [Stepanakert]}
"""


@pytest.fixture(scope="module")
def derived_glossary(tmp_path_factory):
    directory = tmp_path_factory.mktemp("derived")
    (directory / "p.yaml").write_text(DERIVED, encoding="utf-8")
    return load_glossary(directory)


@pytest.mark.parametrize(
    "locale, text, span",
    [
        ("ru", "ходжалинская трагедия", "ходжалинская"),
        ("ru", "Ходжалинской трагедии", "Ходжалинской"),
        ("ru", "о ходжалинских событиях", "ходжалинских"),
        ("ru", "ходжалинцев выселили", "ходжалинцев"),
        ("az", "xocalıların taleyi", "xocalıların"),
        ("az", "Xocalılar qayıdır", "Xocalılar"),
        ("tr", "Hocalılılar döndü", "Hocalılılar"),
        ("tr", "Hocalılıların acısı", "Hocalılıların"),
    ],
)
def test_a_derived_word_counts_as_the_rendering_inflected_by_its_class(derived_glossary, locale, text, span):
    matcher = target_matcher(derived_glossary, locale)
    (match,) = matcher.find(text)
    assert (match.text, match.term.id, match.kind, match.derived) == (span, "khojaly", "accepted", True)
    assert matcher.contains_rendering(text, "khojaly")


@pytest.mark.parametrize(
    "locale, text, span",
    [
        ("ru", "степанакертский гарнизон", "степанакертский"),
        ("ru", "Степанакертского аэропорта", "Степанакертского"),
        ("ru", "степанакертцы", "степанакертцы"),
        ("az", "Stepanakertli", "Stepanakertli"),
        ("az", "stepanakertlilər", "stepanakertlilər"),
        ("tr", "Stepanakertliler", "Stepanakertliler"),
        ("tr", "Stepanakert'li", "Stepanakert'li"),
        ("az", "xocalilar", "xocalilar"),  # a misspelling stays forbidden in the plural demonym
        ("tr", "Hocalılı", None),  # the correct demonym is not the forbidden Hocali
    ],
)
def test_a_forbidden_name_is_found_inside_its_derived_words(derived_glossary, locale, text, span):
    forbidden = [m.text for m in target_matcher(derived_glossary, locale).find(text) if m.kind == "forbidden"]
    assert forbidden == ([span] if span else [])


def test_a_vowel_final_forbidden_name_is_not_derived_by_rule(tmp_path):
    (tmp_path / "p.yaml").write_text(
        """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales: {ru: {rendering: Ходжалы, derived: [ходжалинский], forbidden: [Ходжали]}}
""",
        encoding="utf-8",
    )
    matches = target_matcher(load_glossary(tmp_path), "ru").find_all("ходжалинский район")
    assert [(m.text, m.kind) for m in matches] == [("ходжалинский", "accepted")]


def test_a_rendering_is_not_derived_unless_the_glossary_lists_it(glossary):
    # The test glossary lists no derived words: Hocalılı is not Hocalı + a case suffix.
    assert not target_matcher(glossary, "tr").contains_rendering("Hocalılı kadınlar", "khojaly")
    assert not target_matcher(glossary, "ru").contains_rendering("ходжалинский", "khojaly")


# --------------------------------------------------------------------------- contains_rendering


def test_contains_rendering_is_not_hidden_by_a_longer_overlapping_term(glossary):
    matcher = target_matcher(glossary, "az")
    text = "Heydər Əliyev Fondunun prezidenti"
    assert [m.term.id for m in matcher.find(text)] == ["heydar-aliyev-foundation"]
    assert matcher.contains_rendering(text, "heydar-aliyev")
    assert matcher.contains_rendering(text, glossary["heydar-aliyev-foundation"])
    assert not matcher.contains_rendering(text, "khojaly")


def test_accepted_forms_count_as_the_rendering(glossary):
    assert found(glossary, "az", "İƏT-in sammiti") == [("İƏT", "oic", "accepted")]
    assert target_matcher(glossary, "tr").contains_rendering("İİT'nin toplantısı", "oic")


def test_a_do_not_translate_term_is_looked_for_in_english(glossary):
    for locale in ("az", "ru", "tr"):
        assert target_matcher(glossary, locale).contains_rendering("News.Az xəbər verir", "news-az")
    assert found(glossary, "tr", "News.Az'ın haberi") == [("News.Az'ın", "news-az", "rendering")]


def test_locales_without_rules_match_exactly(glossary):
    assert TargetMatcher(glossary, "de").find("Xocalı") == []


# --------------------------------------------------------------------------- properties

_AZ_CHAINS = ["", "da", "dan", "nın", "nı", "ya", "dakı", "dakılar", "lar", "ların", "dır", "ydı"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_AZ_CHAINS), st.sampled_from(["", "Bu gün ", "1992-ci ildə "]), st.sampled_from(["", " soyqırımı", ".", ", "]))
def test_az_any_inventory_chain_after_the_rendering_is_found(glossary, chain, before, after):
    text = before + "Xocalı" + chain + after
    assert found(glossary, "az", text) == [("Xocalı" + chain, "khojaly", "rendering")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aeıioöuüdlnrsy", min_size=1, max_size=6))
def test_az_a_suffix_is_accepted_only_if_the_inventory_parses_it(glossary, ending):
    matched = target_matcher(glossary, "az").contains_rendering("Xocalı" + ending, "khojaly")
    assert matched == parse_suffixes(AZ, "xocalı", ending)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Xocalıda", "Heydər", "Əliyev", "Fondunun", "Milli", "Məclisin", "və", ",", "Xankəndiyə", "Stepanakertdə", "Xocali"]
        ),
        max_size=20,
    )
)
def test_az_matches_are_sorted_and_never_overlap(glossary, words):
    text = " ".join(words)
    matches = target_matcher(glossary, "az").find(text)
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in matches)
