"""What a language profile is: folding, morphology, letter case and number writing for one language.

The pieces, each used by one part of the checks:

* ``fold`` and ``morphology`` — the glossary matcher's lookup form and inflection rules
  (:mod:`pipeline.glossary.morphology` engines, filled with the language's data);
* ``case`` — a :class:`CasePolicy`: how the letter case of a word in running text may differ
  from the glossary form's (:class:`SourceCase` for English sources, :class:`TargetCase` for
  translations);
* ``numbers`` — a :class:`NumberFormat`: separators, scale words, number and month words,
  decade markers and Roman-numeral look-alikes, read by :mod:`pipeline.checks.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Mapping

from pipeline.glossary.morphology import Morphology, WordRule, nfc

# --------------------------------------------------------------------------- letter case


def case_variants(a: str, b: str) -> bool:
    """Whether two different letters are one letter in two cases (Turkic İ/i and I/ı included)."""
    return a.lower() == b.lower() or a.upper() == b.upper() or {a, b} in ({"İ", "i"}, {"I", "ı"})


def is_acronym(word: str) -> bool:
    """A word written in capitals with at least two letters (UN, ООН, BMT, İƏT)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def same_case_as_far_as_spelt(word: str, token: str) -> bool:
    """Letters of ``token`` equal to ``word``'s up to case are equal in case too (Организацией)."""
    for a, b in zip(word, token):
        if a != b:
            return not case_variants(a, b)
    return True


class CasePolicy:
    """The English capitalisation rule, for English source text.

    ``case: exact`` entries (and forms in capitals, such as OIC) match only in their exact case;
    otherwise every capitalised word of the form must be capitalised in the text (a heading in
    capitals qualifies) and the rest is case-insensitive.
    """

    def ok(self, words: tuple[str, ...], tokens: list[str], exact: bool, forbidden: bool = False) -> bool:
        """Whether text ``tokens`` (the last may carry a suffix) may be the form ``words``.

        ``forbidden``: the form is forbidden (the English rule holds for those too).
        """
        for word, token in zip(words, tokens):
            token = nfc(token)
            if exact:
                if not same_case_as_far_as_spelt(word, token):
                    return False
            elif word[:1].isupper():
                if not token[:1].isupper():
                    return False
                if len(word) > 1 and word.isupper() and not token[: len(word)].isupper():
                    return False  # an acronym inside a longer form: UN in "UN Security Council"
        return True


SourceCase = CasePolicy


class TargetCase(CasePolicy):
    """Letter case in translations, where the English rule does not hold.

    * Acronyms (ООН, BMT, İƏT) keep their capitals, whatever the entry's ``case``.
    * A lower-case word of a form matches in any case: sentence start, headline capitals,
      title case (ходжалинская трагедия → Ходжалинская трагедия, XOCALI SOYQIRIMI).
    * A capitalised word matches capitalised or in capitals.  Only the FIRST word of a form
      must keep its capital (it carries the name: Xocalı, Гейдар); later words are titles and
      common nouns that these languages write in lower case (Hocalı soykırımı günü, Совет
      безопасности ООН, Sovet ordusu), and the profile's :meth:`may_lower` says which first
      words may be lower case too (Russian adjectives: ходжалинский геноцид).
    * ``case: exact`` in the glossary is about English acronyms: in a translation the acronyms
      of the form keep their capitals, the other words follow the rules above.
    * A forbidden form is found in any case but an acronym's (степанакертский, STEPANAKERT):
      a wrong name stays wrong in lower case and inside a lower-case derived word.
    """

    def may_lower(self, word: str) -> bool:
        """Whether the first word of a form, capitalised there, may be written in lower case."""
        return False

    def ok(self, words: tuple[str, ...], tokens: list[str], exact: bool, forbidden: bool = False) -> bool:
        for index, (word, token) in enumerate(zip(words, tokens)):
            token = nfc(token)
            if is_acronym(word):
                if not same_case_as_far_as_spelt(word, token):
                    return False
            elif forbidden:
                continue
            elif word[:1].isupper() and not token[:1].isupper():
                if index == 0 and not self.may_lower(word):
                    return False
        return True


# --------------------------------------------------------------------------- word tables


class WordTable:
    """Words with a value (number words, scale words, month names), found in any inflection.

    Built from citation forms with the language's morphology (as the matcher indexes glossary
    forms), or from exact forms; :meth:`get` looks a folded token up in one probe per ending
    length.
    """

    def __init__(self, morphology: Morphology, inflected: Mapping[str, object] | None = None, exact: Mapping[str, object] | None = None):
        self.fold = morphology.fold
        self.max_ending = morphology.max_ending
        self.keys: dict[str, list[tuple[WordRule, object]]] = {}
        for word, value in (inflected or {}).items():
            for key, rule in morphology.rules(word, True):
                self.keys.setdefault(key, []).append((rule, value))
        for word, value in (exact or {}).items():
            self.keys.setdefault(morphology.fold(word), []).insert(0, (_WHOLE, value))
        # Most words of a text are none of these: two letters rule them out without folding.
        self.starts = (
            {key[:2] for key in self.keys}
            | {key[:2].upper() for key in self.keys}
            | {key[:2].title() for key in self.keys}
            | {key[:1].upper() + key[1:2] for key in self.keys}
        )
        self.cache: dict[str, object] = {}

    def get(self, token: str):
        """The value of ``token`` (as written), or None."""
        # Words repeat: a token seen before is one probe, whether it has a value or not
        # (the number check asks about every word of every translation; folding each was most of its time).
        value = self.cache.get(token, _UNSEEN)
        if value is not _UNSEEN:
            return value
        if len(self.cache) > 50_000:  # a text of unique words must not grow it forever
            self.cache.clear()
        if token[:2] not in self.starts and self.fold(token[:3])[:2] not in self.starts:
            value = None  # (three letters folded: a decomposed accent folds into its letter)
        else:
            value = self._lookup(self.fold(token))
        self.cache[token] = value
        return value

    def _lookup(self, word: str):
        for cut in range(len(word), max(0, len(word) - self.max_ending - 1), -1):
            for rule, value in self.keys.get(word[:cut], ()):
                if rule.accepts(word[:cut], word[cut:]):
                    return value
        return None


_WHOLE = WordRule()
_UNSEEN = object()  # WordTable.get: a token not looked up yet


# --------------------------------------------------------------------------- numbers

_SPACES = ("\u0020", "\u00a0", "\u202f", "\u2009")


@dataclass(frozen=True)
class NumberFormat:
    """How a language writes numbers, as data.

    ``decimal`` is the decimal separator; ``groups`` the thousands separators a reader accepts
    (never the decimal one); ``group`` the one a suggestion uses.  Word tables map words to
    values, each given as citation forms the language's morphology inflects (``…``) and as
    exact forms (``…_exact``: abbreviations, irregular forms): ``scales`` multiply the number
    before them (тысяча, min, bin), ``words`` are number and ordinal words (восемь, səkkiz,
    ikinci), ``months`` month names (1–12), ``century`` the words that let a one-letter Roman
    numeral count (V век).  ``decade`` is a regular expression matched right after a number
    (90-х, 90-cı illər, 90'lı yıllar); ``lookalikes`` are letters of the script typed for Roman
    numerals (Cyrillic Х for X).
    """

    decimal: str = "."
    groups: tuple[str, ...] = (",",) + _SPACES
    group: str = ","
    decade: str = r"'?s\b"
    month_needs_number: bool = False  # English "may", "March": a month only next to a number
    lookalikes: dict[str, str] = field(default_factory=dict)
    scales: dict[str, int] = field(default_factory=dict)
    scales_exact: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    words_exact: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    months_exact: dict[str, int] = field(default_factory=dict)
    century: tuple[str, ...] = ()

    def format(self, value, group_from: int = 4) -> str:
        """``value`` (int or Decimal) written the language's way: 1275 → "1 275" / "1.275".

        Whole parts shorter than ``group_from`` digits are not grouped (years: 1992).
        """
        text = str(value)
        sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
        whole, _, fraction = text.partition(".")
        if len(whole) >= max(group_from, 4):
            head = len(whole) % 3 or 3
            whole = self.group.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
        return sign + whole + (self.decimal + fraction if fraction else "")


# --------------------------------------------------------------------------- the profile


@dataclass
class LanguageProfile:
    """Everything the checks know about one language (see the module docstring)."""

    code: str
    name: str
    morphology_factory: Callable[[], Morphology]
    case: CasePolicy = field(default_factory=TargetCase)
    #: the number data, or a function that builds it on first use (Babel data for generic profiles)
    number_format: NumberFormat | Callable[[], NumberFormat] = field(default_factory=NumberFormat)

    @cached_property
    def morphology(self) -> Morphology:
        """The inflection rules (built on first use)."""
        return self.morphology_factory()

    @cached_property
    def numbers(self) -> NumberFormat:
        """How the language writes numbers (built on first use)."""
        data = self.number_format
        return data if isinstance(data, NumberFormat) else data()

    def fold(self, text: str) -> str:
        """The lookup form of ``text``: case and normalization folded the language's way."""
        return self.morphology.fold(text)

    @cached_property
    def _tables(self) -> dict[str, WordTable]:
        n, m = self.numbers, self.morphology
        return {
            "scales": WordTable(m, n.scales, n.scales_exact),
            "words": WordTable(m, n.words, n.words_exact),
            "months": WordTable(m, n.months, n.months_exact),
            "century": WordTable(m, dict.fromkeys(n.century, True)),
        }

    def word_value(self, table: str, token: str):
        """The value of ``token`` in one of the number tables (``scales``, ``words``, ``months``,
        ``century``), or None."""
        return self._tables[table].get(token)

    @cached_property
    def decade_pattern(self) -> re.Pattern:
        """The decade marker as a compiled pattern (matched right after a number)."""
        return re.compile(self.numbers.decade, re.IGNORECASE)


def numbered(words: Iterable[str], start: int = 1) -> dict[str, int]:
    """``{word: start, next word: start + 1, …}``: month names and number words in order."""
    return {word: i for i, word in enumerate(words, start)}
