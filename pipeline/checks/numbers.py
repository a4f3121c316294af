"""Numbers are facts: those of a source text must reach its translation with the same meaning.

Numbers are read as values, each text the way its language writes them (the language profile's
:class:`~pipeline.glossary.languages.base.NumberFormat`), then compared:

* grouping and decimal separators per locale: 1,275 (en) = 1 275 (ru) = 1.275 (az, tr) = 1275,
  and 3.5 (en) = 3,5 (ru, az, tr);
* scale words multiply: 7 тысяч = 7 min = 7 bin = 7,000, 2,5 тыс. = 2,500; a Turkic compound
  adds up: 2 bin 500 = 2,500; number and ordinal words of the translation count (восемь,
  səkkiz, ikinci);
* Roman numerals are numbers in either text (VII session, XX əsr, Cyrillic ХХ век = 20th century);
* ordinal and case suffixes do not matter: 26th = 26-cı = 26-го = 26'ncı = 26.;
* a decade is a decade: 1990s = 1990-х = 90-х = 90-cı illər = 1990'lar (not the year 1990);
* dates: a month the source names next to a number must be in the translation, by name in any
  inflection (февраля, fevralın, Şubat'ta) or in a numeric date (26.02.1992).

Every number of the source must be in the translation (as many times); numbers the translation
adds are reported only beside a missing one ("… has 1257 instead").  A number of the translation
that reads as another value in the target language than in the source's (1,275 in Russian,
Turkish or Azerbaijani text is 1.275, a decimal) is named, with the locale's spelling as the fix.
"""

from __future__ import annotations

from pipeline.core.inline_tags import without_tags

import re
from collections import Counter
from dataclasses import dataclass
from typing import Final, Sequence
from decimal import Decimal

from pipeline.glossary.languages import profile_for
from pipeline.glossary.languages.base import LanguageProfile, NumberFormat

_SEPARATORS = ",.\u00a0\u202f\u2009' "
_CHUNK = re.compile(rf"(?<!\d)\d+(?:[{_SEPARATORS}]\d+)*")
_WORD = re.compile(r"[^\W\d_]+")
_ITEM = re.compile(rf"(?P<number>{_CHUNK.pattern})|(?<=\d)(?P<glued>{_WORD.pattern})|(?P<word>{_WORD.pattern})")
_SEPARATOR = re.compile(rf"[{_SEPARATORS}]")
_DATE = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})\Z")
_ROMAN = re.compile(r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ADJACENT_GAP = re.compile(r"[\s,\-–—]*\Z")
#: What a source needs to hold any fact: a digit or a Roman numeral (months count next to digits).
_ANY_FACT = re.compile(r"\d|[IVXLC]{2}|\([IVXLC]\)")


@dataclass(frozen=True)
class Fact:
    """One number (or month, or decade) of a text: its meaning and how it is written.

    ``key`` is the meaning ("1275", "3.5", "month:2", "decade:90"); ``misread`` (translations
    only) the meaning the same spelling has in the source language, when it differs.
    """

    key: str
    text: str
    start: int
    misread: str = ""
    word: bool = False  # read from a word (восемь, ikinci, тысяча), not from digits


@dataclass(frozen=True)
class Comparison:
    """What the translation lacks of the source's facts, what it has instead, and misread spellings."""

    missing: tuple[Fact, ...] = ()
    extra: tuple[Fact, ...] = ()
    misread: tuple[tuple[Fact, Fact], ...] = ()  # (source fact, translation fact read otherwise)
    locale: str = ""

    def __bool__(self) -> bool:
        return bool(self.missing)


def key_of(value: Decimal) -> str:
    """The canonical text of a value: ``1275``, ``3.5`` (exact, whatever its length)."""
    whole, _, fraction = format(value, "f").partition(".")
    fraction = fraction.rstrip("0")
    return _digits(whole) + (f".{fraction}" if fraction else "")


def _digits(digits: str) -> str:
    """A whole number's canonical text without ``int()`` (no length limit): ``007`` → ``7``."""
    return digits.lstrip("0") or "0"


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral of I, V, X, L and C up to 399 (VII, XX); None otherwise."""
    if not _ROMAN.match(word):
        return None
    total = 0
    for i, ch in enumerate(word):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(word) and _ROMAN_VALUES[word[i + 1]] > value else value
    return total


# --------------------------------------------------------------------------- reading one chunk


def _grouped(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def read_chunk(chunk: str, numbers: NumberFormat) -> list[tuple[str, int, int]]:
    """The values of a run of digits and separators, as ``(key, start, end)`` within ``chunk``.

    ``1 275`` is one grouped number where the language groups with a space; ``3,5`` a decimal
    where the comma is its decimal separator (any single separator that is not a valid grouping
    is read as a decimal too: 3.5 in Russian text is still three and a half); ``26.02.1992`` a
    date (day, ``month:2``, year); anything else is separate numbers.
    """
    date = _DATE.match(chunk)
    if date and 1 <= int(date.group(1)) <= 31 and 1 <= int(date.group(3)) <= 12:
        return [
            (_digits(date.group(1)), date.start(1), date.end(1)),
            (f"month:{int(date.group(3))}", date.start(3), date.end(3)),
            (date.group(4), date.start(4), date.end(4)),
        ]
    separators = _SEPARATOR.findall(chunk)
    parts = _SEPARATOR.split(chunk)
    if not separators:
        return [(_digits(chunk), 0, len(chunk))]
    kinds = set(separators)
    if len(kinds) == 1:
        sep = separators[0]
        if sep in numbers.groups and _grouped(parts):
            return [(_digits("".join(parts)), 0, len(chunk))]
        if len(parts) == 2 and sep in ".,":
            return [(key_of(Decimal(f"{parts[0]}.{parts[1]}")), 0, len(chunk))]
    elif (
        len(kinds) == 2
        and separators[-1] == numbers.decimal
        and separators[0] in numbers.groups
        and len(set(separators[:-1])) == 1
        and _grouped(parts[:-1])
    ):
        return [(key_of(Decimal("".join(parts[:-1]) + "." + parts[-1])), 0, len(chunk))]
    out, position = [], 0
    for part in parts:  # "25,26" or "1.2.3": separate numbers
        start = chunk.index(part, position)
        out.append((_digits(part), start, start + len(part)))
        position = start + len(part)
    return out


# --------------------------------------------------------------------------- reading a text


#: An item of a text, a plain tuple (texts have many words, most of which never count):
#: ``(kind, text, start, end)``, the kind being _ITEM's group: a number, a word written right
#: after a number (26th; 26-го is not glued) or another word.
_Item = tuple[int, str, int, int]
_KIND: Final = 0
_TEXT: Final = 1
_START: Final = 2
_END: Final = 3
_NUMBER, _GLUED, _WORD_ITEM = 1, 2, 3


def _items(text: str) -> list[_Item]:
    """The numbers and words of ``text``, built in one pass (the check reads every word of every translation)."""
    # A word right after a digit follows a number with nothing between (every digit is in a number):
    # _ITEM tells it apart by its group, so no item needs to look at the one before it.
    return [(m.lastindex, m.group(), *m.span()) for m in _ITEM.finditer(text)]  # type: ignore[misc]  # lastindex: every alternative is a group


def _gap(text: str, a: _Item, b: _Item) -> str:
    return text[a[_END] : b[_START]]


def read_facts(text: str, profile: LanguageProfile, source: bool = False, source_numbers: NumberFormat | None = None) -> list[Fact]:
    """Every number, month and decade of ``text`` read the way ``profile``'s language writes them.

    ``source``: the text is the source (number words and bare scale words do not count there:
    "thousands of" is not a number).  ``source_numbers``: the source language's format, to
    note a translation's number that would read otherwise there (``Fact.misread``).
    """
    items = _items(text)
    facts: list[Fact] = []
    kinds = _word_kinds(profile)
    i, count = 0, len(items)
    while i < count:
        item = items[i]
        if item[_KIND] == _NUMBER:
            i = _number(text, items, i, profile, source, source_numbers, facts)
            continue
        if item[_KIND] != _GLUED:
            kind = kinds.get(item[_TEXT])
            if kind is None:
                kind = _word_kind(profile, item[_TEXT])
            if kind != _PLAIN:  # most words: no month, number or scale word, and not a Roman numeral
                _word(text, items, i, profile, source, facts, kind == _IN_TABLES)
        i += 1
    return facts


def _number(text, items, i, profile, source, source_numbers, facts) -> int:
    """Read the number at ``items[i]`` (with a scale word, compound or decade); the next index."""
    numbers = profile.numbers
    item = items[i]
    values = read_chunk(item[_TEXT], numbers)
    misread = ""
    if source_numbers is not None and len(values) == 1:
        theirs = read_chunk(item[_TEXT], source_numbers)
        if len(theirs) == 1 and theirs[0][0] != values[0][0]:
            misread = theirs[0][0]
    if len(values) != 1 or values[0][0].startswith("month:") or len(values[0][0]) > 30:
        # several numbers, a date, or digits too long to be a quantity: read as written
        facts.extend(Fact(key, item[_TEXT][a:b], item[_START] + a) for key, a, b in values)
        return i + 1
    value, end, j = Decimal(values[0][0]), item[_END], i + 1
    scale, j, end = _scale(text, items, j, profile, end)
    scaled = scale is not None
    if scaled:
        value, misread = value * scale, ""
        while j < len(items) and items[j][_KIND] == _NUMBER and _gap(text, items[j - 1], items[j]).isspace():
            nxt = read_chunk(items[j][_TEXT], numbers)  # 2 bin 500, 1 milyon 200 bin
            if len(nxt) != 1 or not nxt[0][0].isdigit():
                break
            smaller, k, part_end = _scale(text, items, j + 1, profile, items[j][_END])
            part = Decimal(nxt[0][0]) * (smaller or 1)
            if part >= scale:  # 7 bin 1992'de: two numbers, not 8992
                break
            value, j, end, scale = value + part, k, part_end, smaller or 1
    decade = profile.decade_pattern.match(text, end)
    if not scaled and decade and value % 10 == 0 and len(item[_TEXT]) in (2, 4):
        facts.append(Fact(f"decade:{int(value) % 100}", text[item[_START] : decade.end()].rstrip(), item[_START]))
        if source:  # 1990s is a decade, not the year 1990
            return _skip_glued(items, j)
    j = _skip_glued(items, j)
    if j > i + 1 and not scaled and items[j - 1][_KIND] == _GLUED:
        end = items[j - 1][_END]  # 20th, 1990s, 31st: the number as the reader sees it
    facts.append(Fact(key_of(value), text[item[_START] : end], item[_START], misread))
    return j


def _skip_glued(items, j: int) -> int:
    while j < len(items) and items[j][_KIND] == _GLUED:
        j += 1
    return j


def _scale(text, items, j, profile, end):
    """``(multiplier, next index, end)`` for a scale word at ``items[j]`` (7 тысяч, 2,5 тыс.);
    ``(None, j, end)`` when there is none."""
    if j < len(items) and items[j][_KIND] == _WORD_ITEM and _gap(text, items[j - 1], items[j]).strip() == "":
        scale = profile.word_value("scales", items[j][_TEXT])
        if scale is not None:
            stop = items[j][_END] + (1 if text[items[j][_END] : items[j][_END] + 1] == "." else 0)
            return scale, j + 1, stop
    return None, j, end


def _word(text, items, i, profile, source, facts, in_tables: bool) -> None:
    """A month name, a Roman numeral, or (translations) a number or bare scale word at ``items[i]``.

    ``in_tables``: the word is a month, number or scale word (else only a Roman numeral can be read).
    """
    numbers, item = profile.numbers, items[i]
    month = profile.word_value("months", item[_TEXT]) if in_tables else None
    if month is not None and (not numbers.month_needs_number or _next_to_number(text, items, i)):
        facts.append(Fact(f"month:{month}", item[_TEXT], item[_START]))
        return
    roman = roman_value(_unlook(item[_TEXT], numbers)) if item[_TEXT][:1].isupper() else None
    if roman is not None and (len(item[_TEXT]) > 1 or _century_context(text, items, i, profile)):
        facts.append(Fact(str(roman), item[_TEXT], item[_START]))
        return
    if source or not in_tables:
        return
    word = profile.word_value("words", item[_TEXT])
    scale = profile.word_value("scales", item[_TEXT])
    if word is not None:  # две тысячи, on bin: the word times the scale after it
        times = profile.word_value("scales", items[i + 1][_TEXT]) if i + 1 < len(items) else None
        facts.append(Fact(str(word * (times or 1)), item[_TEXT], item[_START], word=True))
    elif scale is not None and not (i > 0 and profile.word_value("words", items[i - 1][_TEXT])):
        facts.append(Fact(str(scale), item[_TEXT], item[_START], word=True))  # тысяча человек, min nəfər


#: A word's kind: in no number table and not in capitals (nothing to read); in capitals (a Roman
#: numeral, perhaps); a month, number or scale word.
_PLAIN, _CAPITAL, _IN_TABLES = 0, 1, 2
_WORD_KINDS: dict[str, dict[str, int]] = {}  # language -> word -> its kind (remembered: words repeat)


def _word_kinds(profile: LanguageProfile) -> dict[str, int]:
    """The words of ``profile``'s language whose kind is known so far."""
    kinds = _WORD_KINDS.get(profile.code)
    if kinds is None:
        kinds = _WORD_KINDS[profile.code] = {}
    return kinds


def _word_kind(profile: LanguageProfile, word: str) -> int:
    """Whether ``word`` is a month, number or scale word of ``profile``'s language, else in capitals, else plain."""
    kinds = _word_kinds(profile)
    kind = kinds.get(word)
    if kind is None:
        if len(kinds) > 100_000:  # a text of unique words must not grow it forever
            kinds.clear()
        if any(profile.word_value(table, word) is not None for table in ("months", "words", "scales")):
            kind = _IN_TABLES
        else:
            kind = _CAPITAL if word[:1].isupper() and word.isupper() else _PLAIN  # else no Roman numeral either
        kinds[word] = kind
    return kind


def _unlook(word: str, numbers: NumberFormat) -> str:
    if not word.isupper():
        return ""
    return "".join(numbers.lookalikes.get(ch, ch) for ch in word)


def _century_context(text, items, i, profile) -> bool:
    """A one-letter Roman numeral counts in brackets, "(I)", or before a century word, "V век"."""
    item = items[i]
    if text[item[_START] - 1 : item[_START]] == "(" and text[item[_END] : item[_END] + 1] == ")":
        return True
    return i + 1 < len(items) and profile.word_value("century", items[i + 1][_TEXT]) is not None


def _next_to_number(text, items, i) -> bool:
    """Whether the word at ``items[i]`` stands next to a number (February 26, 26th February)."""
    before = i - 1
    while before >= 0 and items[before][_KIND] == _GLUED:  # 26th: the suffix belongs to the number
        before -= 1
    if before >= 0 and items[before][_KIND] == _NUMBER and _ADJACENT_GAP.match(text[items[i - 1][_END] : items[i][_START]]):
        return True
    after = i + 1
    return after < len(items) and items[after][_KIND] == _NUMBER and bool(_ADJACENT_GAP.match(text[items[i][_END] : items[after][_START]]))


# --------------------------------------------------------------------------- comparing


def compare(source: str, translation: str, locale: str | None, source_locale: str = "en") -> Comparison:
    """The source's numbers that ``translation`` (in ``locale``) lacks, with what it has instead."""
    source_profile, target_profile = profile_for(source_locale), profile_for(locale)
    source, translation = without_tags(source), without_tags(translation)  # <a1>'s 1 is no number
    if not _ANY_FACT.search(source):  # most units: nothing to compare, nothing to read
        return Comparison(locale=target_profile.code)
    want = _source_facts(source, source_profile)
    if not want:
        return Comparison(locale=target_profile.code)
    have = read_facts(translation, target_profile, source_numbers=source_profile.numbers)
    missing_keys = Counter(f.key for f in want) - Counter(f.key for f in have)
    extra_keys = Counter(f.key for f in have) - Counter(f.key for f in want)
    missing = _take(want, missing_keys)
    extra = _take(have, extra_keys)
    by_misread: dict[str, Fact] = {}
    for fact in extra:
        if fact.misread:
            by_misread.setdefault(fact.misread, fact)
    misread = tuple((m, by_misread[m.key]) for m in missing if m.key in by_misread)
    return Comparison(tuple(missing), tuple(extra), misread, target_profile.code)


_SOURCE_FACTS: dict[tuple[str, str], tuple[Fact, ...]] = {}  # (language, source text) -> its facts


def _source_facts(source: str, profile: LanguageProfile) -> tuple[Fact, ...]:
    """The facts of a source text, read once: the same msgid recurs in every locale's catalogs."""
    key = (profile.code, source)
    facts = _SOURCE_FACTS.get(key)
    if facts is None:
        if len(_SOURCE_FACTS) >= 8_192:  # bounded (~2 KB an entry): memory must not grow with the corpus
            _SOURCE_FACTS.clear()
        facts = _SOURCE_FACTS[key] = tuple(read_facts(source, profile, source=True))
    return facts


def _take(facts: Sequence[Fact], counts: Counter) -> list[Fact]:
    counts = Counter(counts)
    out = []
    for fact in facts:
        if counts[fact.key] > 0:
            out.append(fact)
            counts[fact.key] -= 1
    return out


def shown_extras(comparison: Comparison) -> list[Fact]:
    """The translation's extra facts worth naming: written in digits (or Roman numerals), one per place.

    Number words (одним, bir) are left out, and so is the plain number under a decade (80 of 80-х).
    """
    decades = {f.start for f in comparison.extra if f.key.startswith("decade:")}
    return [f for f in comparison.extra if not f.word and not (f.start in decades and not f.key.startswith("decade:"))]


def describe(fact: Fact) -> str:
    """A fact for a message: the number as written, "the month February", "the 1990s"."""
    if fact.key.startswith("month:"):
        return f"the month '{fact.text}'"
    if fact.key.startswith("decade:"):
        return f"the decade '{fact.text}'"
    return f"'{fact.text}'"


def formatted(fact: Fact, locale: str | None, group_from: int = 4) -> str:
    """``fact``'s value as ``locale`` writes it: 1 275, 1.275 (a month or decade: as the source has it).

    ``group_from``: the fewest digits that get grouped (5 keeps years and 4-digit counts whole).
    """
    if ":" in fact.key:
        return fact.text
    return profile_for(locale).numbers.format(Decimal(fact.key), group_from)
