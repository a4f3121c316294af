"""How a glossary form may change shape in running text: the engines.

The matcher (:mod:`.matcher`) indexes every word of every form under a *key* (a stem) with a
*rule* saying which endings may follow that stem in a text token.  This module holds the
language-independent machinery; what a language's words do is data in its profile
(:mod:`pipeline.glossary.languages`: one module per language), which picks an engine and fills it:

* :class:`Morphology` — words match whole (English, and locales without a profile of their own);
  English possessives need nothing here because the apostrophe ends the word token.
* :class:`Agglutinative` — suffixing languages with vowel harmony (Azerbaijani, Turkish; a
  Kazakh or Uzbek profile would bring its own :class:`SuffixGrammar`): only the LAST word of a
  form takes suffixes (Xocalıda, Milli Məclisin, Haydar Aliyev Vakfı'nın).  A suffix is accepted
  only if it parses as 1–4 morphemes of the grammar's inventory (plural, possessive, case, -ki,
  copula) with vowel harmony, buffer consonants and d/t assimilation; an apostrophe before it
  is allowed (proper names).  Forbidden forms are parsed leniently (any harmony, d or t) and may
  also carry the grammar's *derivational* suffixes (Stepanakertli), since a typo such as
  Xocalida is suffixed like the real word and a forbidden name stays forbidden inside a demonym.
  A word ending in a softening consonant also gets its soft stem (kitap → kitabı), usable only
  before a vowel.
* Fusional languages (Russian) implement :meth:`Morphology.rules` in their profile with
  :class:`Endings` (a closed set of endings per stem).

Derived words of *renderings* (ходжалинский, xocalılar) are never guessed: the glossary lists
them (``derived:``), and the profile inflects them by the class the entry gives.

The engines stand below the profiles and import none: a profile hands its engine the grammar
and the case folding (Turkic İ/ı in ``languages/turkic.py``, Russian ё in ``languages/ru.py``;
:func:`fold_default` here is Unicode's), and :func:`pipeline.glossary.languages.morphology_for`
finds a locale's engine.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

# --------------------------------------------------------------------------- case folding


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (composed accents), cheaply for ASCII: what every folding starts from."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold_default(text: str) -> str:
    """Case-fold for lookup: NFC, then Unicode casefold; İ folds to plain i (not i + dot)."""
    return nfc(text).replace("İ", "i").casefold()


# --------------------------------------------------------------------------- word rules


@dataclass(frozen=True)
class WordRule:
    """Which endings may follow an indexed stem.  The base rule: none (the word matches whole)."""

    apostrophe: bool = False  # may the ending follow an apostrophe (Hocalı'da)?

    def accepts(self, stem: str, ending: str) -> bool:
        """Whether ``ending`` (folded) may follow ``stem`` (folded) in one text token."""
        return ending == ""


EXACT = WordRule()


@dataclass(frozen=True)
class Endings(WordRule):
    """A closed set of endings (Russian declension)."""

    endings: frozenset[str] = frozenset({""})

    def accepts(self, stem: str, ending: str) -> bool:
        return ending in self.endings


class Morphology:
    """Exact matching: English source text and target locales without rules of their own."""

    lang = "en"
    max_ending = 0  # the longest ending (in characters) the matcher must try to cut off a token

    def fold(self, text: str) -> str:
        """The lookup form of ``text`` (case and normalization folded the language's way)."""
        return fold_default(text)

    def rules(self, word: str, last: bool, lenient: bool = False, inflection: str = "") -> list[tuple[str, WordRule]]:
        """The (key, rule) pairs under which ``word`` (as written in a form) is indexed.

        ``last``: the form's last word; ``lenient``: the form is forbidden (catch it however
        it is inflected or derived); ``inflection``: the class a glossary entry gives a derived
        word (``adjective``, ``demonym``, ``noun``; empty: judged from the word's shape).
        """
        return [(self.fold(word), EXACT)]


# --------------------------------------------------------------------------- agglutinative

# Slots give the order: derivation < plural < possessive < case < -ki < copula, and -ki (which
# makes a new noun: Xocalıdakı "the one in Khojaly") may be followed again by plural, case or
# copula.
DERIVATION, PLURAL, POSSESSIVE, CASE, KI, COPULA = range(1, 7)


@dataclass(frozen=True)
class Morpheme:
    """One suffix of an inventory: its name, its slot in the order, its template.

    Template letters: ``A`` two-way harmony (a / e or ə), ``I`` four-way harmony (ı i u ü),
    ``D`` d, or t after a voiceless consonant where the language assimilates; ``(y)`` ``(n)``
    ``(s)`` a buffer consonant written only after a vowel; ``(I)`` a vowel only after a consonant.
    ``vowel_only`` morphemes exist only after a vowel: the pronominal n that follows a
    possessive-ending compound (Heydər Əliyev Fonduna, Vakfı'nın, Teşkilatı'nda).  We do not try
    to tell such compounds from other vowel-final words, so Hocalı'nda is over-accepted:
    harmless for a presence check.
    """

    name: str
    slot: int
    template: str
    vowel_only: bool = False
    after: frozenset[str] = frozenset()  # if set: only right after one of these morphemes


@dataclass(frozen=True)
class Harmony:
    """A Turkic vowel system: which vowels are back and rounded, and how A and I are written."""

    vowels: frozenset[str]
    back: frozenset[str]
    rounded: frozenset[str]
    a_back: str = "a"
    a_front: str = "e"
    i_back: str = "ı"
    i_back_rounded: str = "u"
    i_front: str = "i"
    i_front_rounded: str = "ü"
    voiceless: frozenset[str] = frozenset()  # D is t after these (Turkish); empty: always d
    d: str = "d"  # the letters D stands for (Cyrillic-script languages: д, т)
    t: str = "t"
    #: one vowel of each harmony class, for lenient parsing (a typo harmonises with the real word)
    representatives: str = "aoeö"


@dataclass(frozen=True, eq=False)
class SuffixGrammar:
    """What an agglutinative profile supplies: harmony, suffix inventory, derivations, softening.

    Compared and hashed by identity (each profile builds its grammar once): :func:`parse_suffixes`
    remembers its answers per grammar.
    """

    lang: str
    harmony: Harmony
    inventory: tuple[Morpheme, ...]
    derivations: tuple[Morpheme, ...] = ()  # accepted on forbidden forms only (Stepanakertli)
    softening: dict[str, str] = field(default_factory=dict)  # final consonant → before a vowel
    max_morphemes: int = 4


def _last_vowel(harmony: Harmony, text: str) -> str:
    for ch in reversed(text):
        if ch in harmony.vowels:
            return ch
    return "e"  # no vowel (an acronym such as BM is read be-me): front


def _realize(grammar: SuffixGrammar, template: str, before: str, vowel: str = "") -> str:
    """The surface form of ``template`` after the text ``before`` (stem plus earlier suffixes).

    ``vowel`` overrides the harmony vowel (lenient parsing tries them all).
    """
    h = grammar.harmony
    out: list[str] = []
    prev = before[-1]
    vowel = vowel or _last_vowel(h, before)
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "(":
            inner, i = template[i + 1], i + 3
            if inner == "I":
                if prev in h.vowels:
                    continue
                ch = "I"
            else:
                if prev not in h.vowels:
                    continue
                out.append(inner)
                prev = inner
                continue
        else:
            i += 1
        if ch == "A":
            ch = h.a_back if vowel in h.back else h.a_front
        elif ch == "I":
            if vowel in h.back:
                ch = h.i_back_rounded if vowel in h.rounded else h.i_back
            else:
                ch = h.i_front_rounded if vowel in h.rounded else h.i_front
        elif ch == "D":
            ch = h.t if prev in h.voiceless else h.d
        out.append(ch)
        prev = ch
        if ch in h.vowels:
            vowel = ch
    return "".join(out)


def _variants(grammar: SuffixGrammar, m: Morpheme, before: str, lenient: bool) -> set[str]:
    if not lenient:
        return {_realize(grammar, m.template, before)}
    h = grammar.harmony
    variants = {_realize(grammar, m.template, before, v) for v in h.representatives}
    if "D" in m.template:
        variants |= {v.replace(h.t, h.d) for v in variants} | {v.replace(h.d, h.t) for v in variants}
    return variants


def _allowed(m: Morpheme, slot: int, previous: str, before: str, grammar: SuffixGrammar) -> bool:
    if slot == KI:
        if m.slot not in (PLURAL, CASE, COPULA):
            return False
    elif m.slot <= slot:
        return False
    if m.after and previous not in m.after:
        return False
    return not (m.vowel_only and before[-1] not in grammar.harmony.vowels)


@lru_cache(maxsize=65536)
def parse_suffixes(grammar: SuffixGrammar, stem: str, ending: str, lenient: bool = False) -> bool:
    """True if ``ending`` is 1–4 inventory morphemes that may follow ``stem`` (both folded).

    ``lenient`` ignores vowel harmony and d/t assimilation and allows the grammar's
    derivational suffixes: used for forbidden forms, whose writers (no Azerbaijani keyboard:
    Xocalida) harmonise with the real word, not the typo, and which stay forbidden inside a
    derived word (Stepanakertli).

    >>> from pipeline.glossary.languages.az import GRAMMAR
    >>> parse_suffixes(GRAMMAR, "xocalı", "da"), parse_suffixes(GRAMMAR, "xocalı", "də")
    (True, False)
    """
    morphemes = grammar.inventory + (grammar.derivations if lenient else ())

    def walk(before: str, rest: str, slot: int, previous: str, count: int) -> bool:
        if not rest:
            return count > 0
        if count == grammar.max_morphemes:
            return False
        for m in morphemes:
            if not _allowed(m, slot, previous, before, grammar):
                continue
            for s in _variants(grammar, m, before, lenient):
                if rest.startswith(s) and walk(before + s, rest[len(s) :], m.slot, m.name, count + 1):
                    return True
        return False

    return walk(stem, ending, 0, "", 0)


@dataclass(frozen=True)
class Suffixes(WordRule):
    """Agglutinative suffix chains, parsed by :func:`parse_suffixes`.

    ``soft`` marks a softened stem (kitab- for kitap): it exists only before a vowel.
    """

    grammar: SuffixGrammar = field(kw_only=True, repr=False)  # keyword-only: it follows a defaulted field
    soft: bool = False
    lenient: bool = False

    def accepts(self, stem: str, ending: str) -> bool:
        if not ending:
            return not self.soft
        if self.soft and ending[0] not in self.grammar.harmony.vowels:
            return False
        return parse_suffixes(self.grammar, stem, ending, self.lenient)


class Agglutinative(Morphology):
    """Suffixing languages (az, tr): the last word of a form may carry a suffix chain."""

    max_ending = 16  # four morphemes, e.g. -lArInDAn (10), or -lI + three, with room to spare

    def __init__(self, grammar: SuffixGrammar, fold: Callable[[str], str] = fold_default):
        self.grammar = grammar
        self.lang = grammar.lang
        self._fold = fold  # the language's folding (Turkic İ/ı for az and tr: languages/turkic.py)

    def fold(self, text: str) -> str:
        return self._fold(text)

    def rules(self, word: str, last: bool, lenient: bool = False, inflection: str = "") -> list[tuple[str, WordRule]]:
        key = self.fold(word)
        if not last:
            return [(key, EXACT)]
        pairs: list[tuple[str, WordRule]] = [(key, Suffixes(apostrophe=True, grammar=self.grammar, lenient=lenient))]
        soft = self.grammar.softening.get(key[-1:])
        if soft and sum(ch in self.grammar.harmony.vowels for ch in key) >= 2:
            pairs.append((key[:-1] + soft, Suffixes(grammar=self.grammar, soft=True, lenient=lenient)))
        return pairs
