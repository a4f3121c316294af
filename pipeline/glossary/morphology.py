"""How a glossary form may change shape in running text, per language.

The matcher (:mod:`.matcher`) indexes every word of every form under a *key* (a stem) with a
*rule* saying which endings may follow that stem in a text token.  This module supplies, per
language, the case folding and those (key, rule) pairs:

* **English and unknown locales** — words match whole (:data:`EXACT`); English possessives
  need nothing here because the apostrophe ends the word token.
* **Azerbaijani, Turkish** (agglutinative) — only the LAST word of a form takes suffixes:
  Xocalıda, Milli Məclisin, Haydar Aliyev Vakfı'nın.  A suffix is accepted only if it parses
  as 1–4 morphemes of the inventory below (plural, possessive, case, -ki, copula) with vowel
  harmony, buffer consonants and (Turkish) d/t assimilation; an apostrophe before it is
  allowed (Turkish proper names).  Forbidden forms are parsed leniently (any harmony, d or t),
  since a typo such as Xocalida is suffixed like the real word.  A word ending in a softening consonant also gets its soft
  stem (kitap → kitabı), usable only before a vowel.
* **Russian** — every word may decline.  An explicit ending inventory per word shape, not the
  Snowball stemmer: Snowball over-stems names (Алиев → "ал", Гейдаров → "гейдар"), so stem
  comparison both misses Алиева and confuses Гейдаров with Гейдар.  Capitalised words ending
  in a vowel other than а/я (Ханкенди, Хатаи, Милли) are indeclinable foreign names and match
  exactly; names in -ы take plural endings only (Сальяны → в Сальянах), never -и, so the
  misspelling Ходжали never passes for Ходжалы.

What this deliberately does not do: derivation (Xocalılı, степанакертский), vowel drop
(Vakıf → Vakfı: renderings are written in the form they take), Russian stress/ё details.
A rendering that needs a form the rules miss can list it under ``accepted``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- case folding


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold_default(text: str) -> str:
    """Case-fold for lookup: NFC, then Unicode casefold; İ folds to plain i (not i + dot)."""
    return _nfc(text).replace("İ", "i").casefold()


def fold_turkic(text: str) -> str:
    """Turkish/Azerbaijani folding: I → ı and İ → i, which ``str.lower`` gets wrong."""
    return _nfc(text).replace("I", "ı").replace("İ", "i").lower()


def fold_russian(text: str) -> str:
    """Russian folding: lower case, ё → е (ё is optional in ordinary print)."""
    return _nfc(text).lower().replace("ё", "е")


# --------------------------------------------------------------------------- word rules


@dataclass(frozen=True)
class WordRule:
    """Which endings may follow an indexed stem.  The base rule: none (the word matches whole)."""

    apostrophe: bool = False  # may the ending follow an apostrophe (Hocalı'da)?

    def accepts(self, stem: str, ending: str) -> bool:
        return ending == ""


EXACT = WordRule()


@dataclass(frozen=True)
class Endings(WordRule):
    """A closed set of endings (Russian declension)."""

    endings: frozenset[str] = frozenset({""})

    def accepts(self, stem: str, ending: str) -> bool:
        return ending in self.endings


@dataclass(frozen=True)
class Suffixes(WordRule):
    """Agglutinative suffix chains (az, tr), parsed by :func:`parse_suffixes`.

    ``soft`` marks a softened stem (kitab- for kitap): it exists only before a vowel.
    """

    lang: str = "tr"
    soft: bool = False
    lenient: bool = False

    def accepts(self, stem: str, ending: str) -> bool:
        if not ending:
            return not self.soft
        if self.soft and ending[0] not in _VOWELS:
            return False
        return parse_suffixes(self.lang, stem, ending, self.lenient)


class Morphology:
    """Exact matching: English source text and target locales without rules of their own."""

    lang = "en"
    max_ending = 0  # the longest ending (in characters) the matcher must try to cut off a token

    def fold(self, text: str) -> str:
        """The lookup form of ``text`` (case and normalization folded the language's way)."""
        return fold_default(text)

    def rules(self, word: str, last: bool, lenient: bool = False) -> list[tuple[str, WordRule]]:
        """The (key, rule) pairs under which ``word`` (as written in a form) is indexed.

        ``last``: the form's last word; ``lenient``: the form is forbidden (catch it however
        it is inflected).
        """
        return [(self.fold(word), EXACT)]


# --------------------------------------------------------------------------- az / tr

_VOWELS = frozenset("aıoueəiöüâîû")
_BACK = frozenset("aıouâû")
_ROUNDED = frozenset("ouöüû")
# Turkish d → t after these (the "fıstıkçı şahap" consonants); Azerbaijani always writes d.
_VOICELESS_TR = frozenset("fstkçşhp")
# Final-consonant softening before a vowel-initial suffix (polysyllabic words).
_SOFTENING = {"tr": {"p": "b", "ç": "c", "t": "d", "k": "ğ"}, "az": {"k": "y", "q": "ğ"}}

# Suffix inventory.  Slots give the order: plural < possessive < case < -ki < copula, and -ki
# (which makes a new noun: Xocalıdakı "the one in Khojaly") may be followed again by plural,
# case or copula.  Template letters:
#   A   two-way harmony: a after a back vowel, e (tr) / ə (az) after a front one
#   I   four-way harmony: ı i u ü
#   D   d, or t after a voiceless consonant (tr only)
#   (y) (n) (s)   buffer consonant, written only after a vowel;  (I) vowel, only after a consonant
# ``vowel_only`` morphemes exist only after a vowel: the pronominal n that follows a
# possessive-ending compound (Heydər Əliyev Fonduna, Vakfı'nın, Teşkilatı'nda).  We do not try
# to tell such compounds from other vowel-final words, so Hocalı'nda is over-accepted: harmless
# for a presence check.
PLURAL, POSSESSIVE, CASE, KI, COPULA = range(1, 6)


@dataclass(frozen=True)
class Morpheme:
    """One suffix of the inventory: its name, its slot in the order, its template."""

    name: str
    slot: int
    template: str
    vowel_only: bool = False
    after: frozenset[str] = frozenset()  # if set: only right after one of these morphemes


_COMMON = (
    Morpheme("plural", PLURAL, "lAr"),
    Morpheme("poss3sg", POSSESSIVE, "(s)I"),
    Morpheme("poss3pl", POSSESSIVE, "lArI"),
    Morpheme("poss1sg", POSSESSIVE, "(I)m"),
    Morpheme("poss1pl", POSSESSIVE, "(I)mIz"),
    Morpheme("poss2sg", POSSESSIVE, "(I)n"),
    Morpheme("poss2pl", POSSESSIVE, "(I)nIz"),
    Morpheme("dat", CASE, "(y)A"),
    Morpheme("loc", CASE, "DA"),
    Morpheme("abl", CASE, "DAn"),
    Morpheme("gen", CASE, "(n)In"),
    Morpheme("ins", CASE, "(y)lA"),
    Morpheme("dat", CASE, "nA", vowel_only=True),
    Morpheme("loc", CASE, "nDA", vowel_only=True),
    Morpheme("abl", CASE, "nDAn", vowel_only=True),
    Morpheme("acc", CASE, "nI", vowel_only=True),
    Morpheme("cop", COPULA, "DIr"),
    Morpheme("past", COPULA, "(y)DI"),
    Morpheme("cond", COPULA, "(y)sA"),
    Morpheme("evid", COPULA, "(y)mIş"),
)
INVENTORY: dict[str, tuple[Morpheme, ...]] = {
    # Turkish accusative after a vowel takes y (Hocalı'yı); -ki does not harmonise.
    "tr": _COMMON + (Morpheme("acc", CASE, "(y)I"), Morpheme("ki", KI, "ki", after=frozenset({"loc", "gen"}))),
    # Azerbaijani accusative after a vowel takes n (Xocalını); -kı/-ki/-ku/-kü harmonises.
    "az": _COMMON + (Morpheme("acc", CASE, "I"), Morpheme("ki", KI, "kI", after=frozenset({"loc", "gen"}))),
}
MAX_MORPHEMES = 4


def _last_vowel(text: str) -> str:
    for ch in reversed(text):
        if ch in _VOWELS:
            return ch
    return "e"  # no vowel (an acronym such as BM is read be-me): front


def _realize(lang: str, template: str, before: str, vowel: str = "") -> str:
    """The surface form of ``template`` after the text ``before`` (stem plus earlier suffixes).

    ``vowel`` overrides the harmony vowel (lenient parsing tries them all).
    """
    out: list[str] = []
    prev = before[-1]
    vowel = vowel or _last_vowel(before)
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "(":
            inner, i = template[i + 1], i + 3
            if inner == "I":
                if prev in _VOWELS:
                    continue
                ch = "I"
            else:
                if prev not in _VOWELS:
                    continue
                out.append(inner)
                prev = inner
                continue
        else:
            i += 1
        if ch == "A":
            ch = "a" if vowel in _BACK else ("ə" if lang == "az" else "e")
        elif ch == "I":
            ch = ("u" if vowel in _ROUNDED else "ı") if vowel in _BACK else ("ü" if vowel in "öü" else "i")
        elif ch == "D":
            ch = "t" if lang == "tr" and prev in _VOICELESS_TR else "d"
        out.append(ch)
        prev = ch
        if ch in _VOWELS:
            vowel = ch
    return "".join(out)


@lru_cache(maxsize=65536)
def parse_suffixes(lang: str, stem: str, ending: str, lenient: bool = False) -> bool:
    """True if ``ending`` is 1–4 inventory morphemes that may follow ``stem`` (both folded).

    ``lenient`` ignores vowel harmony and d/t assimilation: used for forbidden forms, whose
    writers (no Azerbaijani keyboard: Xocalida) harmonise with the real word, not the typo.

    >>> parse_suffixes("az", "xocalı", "da"), parse_suffixes("az", "xocalı", "də")
    (True, False)
    """
    inventory = INVENTORY[lang]

    def walk(before: str, rest: str, slot: int, previous: str, count: int) -> bool:
        if not rest:
            return count > 0
        if count == MAX_MORPHEMES:
            return False
        for m in inventory:
            if slot == KI:
                if m.slot not in (PLURAL, CASE, COPULA):
                    continue
            elif m.slot <= slot:
                continue
            if m.after and previous not in m.after:
                continue
            if m.vowel_only and before[-1] not in _VOWELS:
                continue
            if lenient:
                variants = {_realize(lang, m.template, before, v) for v in "aoeö"}
                if "D" in m.template:
                    variants |= {v.replace("t", "d") for v in variants} | {v.replace("d", "t") for v in variants}
            else:
                variants = {_realize(lang, m.template, before)}
            for s in variants:
                if rest.startswith(s) and walk(before + s, rest[len(s):], m.slot, m.name, count + 1):
                    return True
        return False

    return walk(stem, ending, 0, "", 0)


class Agglutinative(Morphology):
    """Azerbaijani and Turkish: the last word of a form may carry a suffix chain."""

    max_ending = 16  # four morphemes, e.g. -lArInDAn (10) with room to spare

    def __init__(self, lang: str):
        self.lang = lang

    def fold(self, text: str) -> str:
        return fold_turkic(text)

    def rules(self, word: str, last: bool, lenient: bool = False) -> list[tuple[str, WordRule]]:
        key = self.fold(word)
        if not last:
            return [(key, EXACT)]
        pairs: list[tuple[str, WordRule]] = [(key, Suffixes(apostrophe=True, lang=self.lang, lenient=lenient))]
        soft = _SOFTENING[self.lang].get(key[-1:])
        if soft and sum(ch in _VOWELS for ch in key) >= 2:
            pairs.append((key[:-1] + soft, Suffixes(lang=self.lang, soft=True, lenient=lenient)))
        return pairs


# --------------------------------------------------------------------------- Russian

def _set(*endings: str) -> frozenset[str]:
    return frozenset(endings)


# Adjective endings, all genders, numbers and cases (ё folded to е).
_ADJ = _set("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему",
            "ым", "им", "ом", "ем", "ую", "юю", "ых", "их", "ыми", "ими", "ей")
_ADJ_CITATION = ("ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ой", "ая", "яя", "ое", "ее",
                 "ые", "ие", "ым", "им", "ую", "юю", "ых", "их")
_NOUN_IYA = _set("ия", "ии", "ию", "ией", "иею", "ий", "иям", "иями", "иях")  # Организация
_NOUN_IE = _set("ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях")  # соглашение
_NOUN_A = _set("а", "ы", "и", "е", "у", "ой", "ою", "ей", "ам", "ами", "ах", "ом", "о")  # Шуша; frozen genitive Гейдара
_NOUN_YA = _set("я", "и", "е", "ю", "ей", "ею", "ям", "ями", "ях", "ь")
_NOUN_SOFT = _set("ь", "я", "ю", "ем", "е", "и", "ей", "ью", "ям", "ями", "ях")
_NOUN_J = _set("й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях")
_NOUN_O = _set("о", "е", "а", "у", "ом", "ем", "ам", "ами", "ах", "я", "ю")  # сотрудничество
_NOUN_PLURAL = _set("и", "ы", "ь", "а", "е", "у", "ой", "ей", "ью", "ам", "ами", "ах", "ям", "ями", "ях", "ов", "ев")
# Masculine consonant stems.  Proper names leave out the plurals, so Гейдар never matches the
# surname Гейдаров; surnames in -ов/-ев/-ин take the adjectival -ым (Алиевым), and -ой/-у of
# the feminine.
_NAME_HARD = _set("", "а", "у", "ом", "ем", "е", "ы", "и")
_SURNAME = _set("", "а", "у", "ым", "е", "ой", "ы", "ых", "ыми")
_COMMON_HARD = _set("", "а", "у", "ом", "ем", "е", "ы", "и", "ов", "ев", "ей", "ам", "ами", "ах", "ям", "ями", "ях")
_SURNAME_SUFFIXES = ("ов", "ев", "ин", "ын")
_ORDINAL_ENDINGS = _set("й", "я", "е", "го", "му", "м", "ми", "х", "ю", "ый", "ий", "ой", "ая", "ое", "ые")
_NAME_PLURAL = _set("ы", "ов", "ам", "ами", "ах")
_RU_VOWELS = frozenset("аеиоуыэюя")


class Russian(Morphology):
    """Russian: every word of a form declines, by an ending inventory chosen from its shape."""

    lang = "ru"
    max_ending = 4  # -иями

    def fold(self, text: str) -> str:
        return fold_russian(text)

    def rules(self, word: str, last: bool, lenient: bool = False) -> list[tuple[str, WordRule]]:
        key = self.fold(word)
        if key in _ORDINAL_ENDINGS:
            # The ending of a numeral, 366-й: it declines on its own (366-го, 366-му), so
            # every ending is indexed as a word of its own.
            return [(ending, EXACT) for ending in sorted(_ORDINAL_ENDINGS)]
        stem, endings = russian_paradigm(word, key)
        if endings == {""}:
            return [(key, EXACT)]
        return [(stem, Endings(endings=endings))]


def russian_paradigm(word: str, key: str) -> tuple[str, frozenset[str]]:
    """(stem, endings) for one word of a Russian form; ``key`` is its folded spelling."""
    capital = word[:1].isupper()
    exact = (key, _set(""))
    if len(key) < 3 or not key.isalpha() or (word.isupper() and len(word) > 1):
        return exact  # short words, numbers, acronyms (ООН)
    if key.endswith("ий") and capital:  # Зорий (name) or a capitalised adjective
        return key[:-2], _ADJ | _NOUN_IYA
    for ending in _ADJ_CITATION:
        if capital and ending in ("им", "ым"):
            continue  # Ибрагим, Рахим: names, not adjectives
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            if ending == "ие" and key[-3] not in "кгхжшчщ":
                break  # -ние, -тие: a neuter noun (соглашение), not an adjective
            return key[: -len(ending)], _ADJ
    last_char = key[-1]
    if key.endswith(("ия", "ии")):
        return key[:-2], _NOUN_IYA  # Организация, Резолюции
    if key.endswith(("ие", "ье")):
        return key[:-2], _NOUN_IE  # Положение, Возрождение
    if capital and last_char == "ы" and key[-2] not in _RU_VOWELS:
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


# --------------------------------------------------------------------------- choosing


@lru_cache(maxsize=None)
def morphology_for(locale: str | None) -> Morphology:
    """The rules for ``locale`` (``az``, ``az_Latn``, ``tr-TR``, ``ru`` …); exact matching otherwise."""
    lang = (locale or "en").replace("-", "_").split("_")[0].lower()
    if lang in ("az", "tr"):
        return Agglutinative(lang)
    if lang == "ru":
        return Russian()
    return Morphology()
