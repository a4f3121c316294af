"""Russian: declension by ending inventories, fleeting vowels, ё = е, adjectives in lower case, 1 275,5.

Every word of a form may decline.  An explicit ending inventory per word shape, not the
Snowball stemmer: Snowball over-stems names (Алиев → "ал", Гейдаров → "гейдар"), so stem
comparison both misses Алиева and confuses Гейдаров with Гейдар.  Capitalised words ending in a
vowel other than а/я (Ханкенди, Хатаи, Милли) are indeclinable foreign names and match exactly;
names in -ы take plural endings only (Сальяны → в Сальянах), never -и, so the misspelling
Ходжали never passes for Ходжалы.

Stem alternations: a consonant-final noun whose last syllable has е/о/ё (день, отец, Совет) is
also indexed without that vowel, for the oblique endings (дня, дню, днём, отца): the fleeting
vowel.  Where a word has no fleeting vowel the extra stem over-accepts a form nobody writes
(Совта), which is harmless for a presence check.  ё is folded to е in forms and text alike.

Derivation: derived words of renderings (ходжалинский, Хатаинский) are listed in the glossary,
since Russian forms them irregularly (Баку → бакинский, Ходжалы → ходжалинский).  A forbidden
consonant-final name is also caught as its regular adjective and demonym (Степанакерт →
степанакертский, степанакертцы), whatever else the sentence holds; vowel-final names are not
derived by rule (Ходжали would otherwise flag the correct ходжалинский).
"""

from __future__ import annotations

import re

from pipeline.glossary.languages import register
from pipeline.glossary.languages.base import LanguageProfile, NumberFormat, TargetCase, numbered
from pipeline.glossary.morphology import EXACT, Endings, Morphology, WordRule, nfc


def fold_russian(text: str) -> str:
    """Russian folding: lower case, ё → е (ё is optional in ordinary print)."""
    return nfc(text).lower().replace("ё", "е")


def _set(*endings: str) -> frozenset[str]:
    return frozenset(endings)


# Adjective endings, all genders, numbers and cases (ё folded to е).
ADJ = _set(
    "ый",
    "ий",
    "ой",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ого",
    "его",
    "ому",
    "ему",
    "ым",
    "им",
    "ом",
    "ем",
    "ую",
    "юю",
    "ых",
    "их",
    "ыми",
    "ими",
    "ей",
)
_ADJ_CITATION = (
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ый",
    "ий",
    "ой",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ым",
    "им",
    "ую",
    "юю",
    "ых",
    "их",
)
_NOUN_IYA = _set("ия", "ии", "ию", "ией", "иею", "ий", "иям", "иями", "иях")  # Организация
_NOUN_IE = _set("ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях")  # соглашение
_NOUN_A = _set("а", "ы", "и", "е", "у", "ой", "ою", "ей", "ам", "ами", "ах", "ом", "о")  # Шуша; frozen genitive Гейдара
_NOUN_YA = _set("я", "и", "е", "ю", "ей", "ею", "ям", "ями", "ях", "ь")
_NOUN_SOFT = _set("ь", "я", "ю", "ем", "е", "и", "ей", "ью", "ям", "ями", "ях")
_NOUN_J = _set("й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях")
_NOUN_O = _set("о", "е", "а", "у", "ом", "ем", "ам", "ами", "ах", "я", "ю")  # сотрудничество
_NOUN_PLURAL = _set("и", "ы", "ь", "а", "е", "у", "ой", "ей", "ью", "ам", "ами", "ах", "ям", "ями", "ях", "ов", "ев")
# Masculine consonant stems.  Proper names leave out the plurals, so Гейдар never matches the
# surname Гейдаров; surnames in -ов/-ев/-ин/-ын take the adjectival -ым (Алиевым), and -ой/-у of
# the feminine.
_NAME_HARD = _set("", "а", "у", "ом", "ем", "е", "ы", "и")
_SURNAME = _set("", "а", "у", "ым", "е", "ой", "ы", "ых", "ыми")
_COMMON_HARD = _set("", "а", "у", "ом", "ем", "е", "ы", "и", "ов", "ев", "ей", "ам", "ами", "ах", "ям", "ями", "ях")
_SURNAME_SUFFIXES = ("ов", "ев", "ин", "ын")
_ORDINAL_ENDINGS = _set("й", "я", "е", "го", "му", "м", "ми", "х", "ю", "ый", "ий", "ой", "ая", "ое", "ые")
_NAME_PLURAL = _set("ы", "ов", "ам", "ами", "ах")
# A demonym in -ец loses the е: степанакертец, степанакертца, степанакертцы.
_DEMONYM_C = _set("а", "у", "ем", "е", "ы", "ев", "ам", "ами", "ах")
_VOWELS = frozenset("аеиоуыэюя")
_FLEETING = re.compile(r"[^аеиоуыэюяйь][ео][^аеиоуыэюяйь]\Z")


def russian_paradigm(word: str, key: str) -> tuple[str, frozenset[str]]:
    """(stem, endings) for one word of a Russian form; ``key`` is its folded spelling."""
    capital = word[:1].isupper()
    exact = (key, _set(""))
    if len(key) < 3 or not key.isalpha() or (word.isupper() and len(word) > 1):
        return exact  # short words, numbers, acronyms (ООН)
    if key.endswith("ий") and capital:  # Зорий (name) or a capitalised adjective
        return key[:-2], ADJ | _NOUN_IYA
    for ending in _ADJ_CITATION:
        if capital and ending in ("им", "ым"):
            continue  # Ибрагим, Рахим: names, not adjectives
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            if ending == "ие" and key[-3] not in "кгхжшчщ":
                break  # -ние, -тие: a neuter noun (соглашение), not an adjective
            return key[: -len(ending)], ADJ
    last_char = key[-1]
    if key.endswith(("ия", "ии")):
        return key[:-2], _NOUN_IYA  # Организация, Резолюции
    if key.endswith(("ие", "ье")):
        return key[:-2], _NOUN_IE  # Положение, Возрождение
    if capital and last_char == "ы" and key[-2] not in _VOWELS:
        # Сальяны, Закаталы, Штаты decline as plurals (в Сальянах); Ходжалы does not, but
        # over-accepting "Ходжалах" is harmless.  Never -и: Ходжали stays a misspelling.
        return key[:-1], _NAME_PLURAL
    if capital and last_char in "иыуюэое":
        return exact  # foreign proper name: Ханкенди, Хатаи, Милли, Баку, Монте
    if last_char == "а":
        extra = _set("ым", "ых", "ыми") if capital and key[:-1].endswith(_SURNAME_SUFFIXES) else _set()
        return key[:-1], _NOUN_A | extra  # Алиева: Алиевым as well
    if last_char == "я":
        return key[:-1], _NOUN_YA
    if last_char == "ь":
        return key[:-1], _NOUN_SOFT
    if last_char == "й":
        return key[:-1], _NOUN_J
    if last_char in "ое":
        return key[:-1], _NOUN_O
    if last_char in "иы":
        return key[:-1], _NOUN_PLURAL
    if last_char in "уюэ":
        return exact
    if capital:
        return key, _SURNAME if key.endswith(_SURNAME_SUFFIXES) else _NAME_HARD
    return key, _COMMON_HARD


def fleeting_stem(key: str, endings: frozenset[str]) -> str | None:
    """The stem without its fleeting vowel (ден → дн, отец → отц), for a consonant noun; else None."""
    if endings not in (_NOUN_SOFT, _NAME_HARD, _COMMON_HARD):
        return None
    stem = key[:-1] if key.endswith("ь") else key
    if len(stem) < 3 or stem.endswith(_SURNAME_SUFFIXES) or not _FLEETING.search(stem):
        return None
    return stem[:-2] + stem[-1]


def is_adjective(word: str) -> bool:
    """Whether ``word`` (as written in a form) declines as an adjective (ходжалинский, Первая)."""
    key = fold_russian(word)
    return russian_paradigm(word, key)[1] in (ADJ, ADJ | _NOUN_IYA)


class RussianMorphology(Morphology):
    """Russian: every word of a form declines, by an ending inventory chosen from its shape."""

    lang = "ru"
    max_ending = 4  # -иями

    def fold(self, text: str) -> str:
        return fold_russian(text)

    def rules(self, word: str, last: bool, lenient: bool = False, inflection: str = "") -> list[tuple[str, WordRule]]:
        key = self.fold(word)
        if key in _ORDINAL_ENDINGS:
            # The ending of a numeral, 366-й: it declines on its own (366-го, 366-му), so
            # every ending is indexed as a word of its own.
            return [(ending, EXACT) for ending in sorted(_ORDINAL_ENDINGS)]
        if inflection == "adjective":
            stem, endings = _adjective(word, key)
        else:
            stem, endings = russian_paradigm(word, key)
        if endings == {""}:
            pairs: list[tuple[str, WordRule]] = [(key, EXACT)]
        else:
            pairs = [(stem, Endings(endings=endings))]
            short = fleeting_stem(key, endings)
            if short:  # день → дня, дню, днём
                pairs.append((short, Endings(endings=endings - {"", "ь"})))
        if lenient and last and key.isalpha() and key[-1] not in _VOWELS and key[-1] not in "йь":
            # A forbidden name inside its regular derivatives: степанакертский, степанакертцы.
            pairs += [
                (key + "ск", Endings(endings=ADJ)),
                (key + "ец", EXACT),
                (key + "ц", Endings(endings=_DEMONYM_C)),
                (key + "к", Endings(endings=_NOUN_A)),
            ]
        return pairs


def _adjective(word: str, key: str) -> tuple[str, frozenset[str]]:
    for ending in _ADJ_CITATION:
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)], ADJ
    return russian_paradigm(word, key)


class RussianCase(TargetCase):
    """Target case rule plus: an adjective may start a name in lower case.

    Russian writes adjectives derived from names, and most event names, in lower case
    (ходжалинский геноцид, первая карабахская война, советская армия, генеральный секретарь ООН);
    nouns that are names (Гейдар, Ходжалы, День …) keep their capital.
    """

    def may_lower(self, word: str) -> bool:
        return is_adjective(word)


_NUMBER_WORDS = {
    1: "один одна одно одного одной одному одним одну одною одном",
    2: "два две двух двум двумя двое двоих",
    3: "три трех трем тремя трое троих",
    4: "четыре четырех четырем четырьмя четверо четверых",
    5: "пять пяти пятью пятеро пятерых",
    6: "шесть шести шестью шестеро шестерых",
    7: "семь семи семью семеро семерых",
    8: "восемь восьми восемью восьмью",
    9: "девять девяти девятью",
    10: "десять десяти десятью",
}
_ORDINAL_WORDS = numbered(["первый", "второй", "третий", "четвертый", "пятый", "шестой", "седьмой", "восьмой", "девятый", "десятый"])

PROFILE = register(
    LanguageProfile(
        code="ru",
        name="Russian",
        morphology_factory=RussianMorphology,
        case=RussianCase(),
        number_format=NumberFormat(
            decimal=",",
            # A space (ordinary, no-break, narrow or thin) groups thousands; a period is read as a
            # grouping too (older print, 1.275), never as a decimal point before three digits.
            groups=("\u0020", "\u00a0", "\u202f", "\u2009", "."),
            group="\u00a0",  # CLDR ru: 1 275,5 with a no-break space
            decade=r"-?(?:х|е|ые|ых|ым|ыми)(?![а-яё])",  # 90-х, 1990-е годы, 90-ых
            lookalikes={"Х": "X", "І": "I"},  # Cyrillic Kha and І typed for Roman numerals: ХХ век
            scales={"тысяча": 1000, "миллион": 10**6, "миллиард": 10**9},
            scales_exact={"тысяч": 1000, "тыс": 1000, "млн": 10**6, "млрд": 10**9},
            words={word: n for word, n in _ORDINAL_WORDS.items()},
            words_exact={form: n for n, forms in _NUMBER_WORDS.items() for form in forms.split()},
            months=numbered(
                ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
            ),
            century=("век", "вв"),
        ),
    )
)
