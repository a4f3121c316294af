"""Glued words: two words written without the space between them.

Four shapes, each a rule that generalises rather than a list of known typos:

* a lower-case letter directly followed by a capital inside a word: ``30thAnniversary``
  (words written in mixed case on purpose, such as ``iPhone`` or ``McDonald``, have the capital
  after one or two letters; a glued word has a whole word before it);
* letters directly followed by digits or digits by letters other than an ordinal or decade
  suffix: ``whereas1275``;
* a comma or semicolon directly followed by a letter: ``Convention,the``; a closing quotation
  mark directly followed by a letter: ``BBC”reported``;
* a lower-case word unknown to an English dictionary that splits into two known words, unless
  the second part is a derivational suffix (``townlets`` is a word, ``toits`` is "to its").
  The dictionary is pyspellchecker's English word-frequency list, loaded on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The lazy prefix ends with exactly two lower-case letters before the capital: the same matches
# as "[a-z]{2,}", without the backtracking that made a long lower-case token quadratic.
_CAMEL = re.compile(r"(?<![\w.])(?=\w*[a-z])([\w’']*?[a-z]{2}|\d+(?:st|nd|rd|th))([A-Z][a-z]+)\b")
#: What every _CAMEL match holds (a lower-case letter, then a capital): a quick test of a slice.
_CAMEL_HINT = re.compile(r"[a-z][A-Z]")
_LETTER_DIGIT = re.compile(r"\b([A-Za-z]{2,})(\d+)\b|\b(\d+)((?!(?:st|nd|rd|th|s)\b)[a-z]{2,})\b")
# The mark first, then a look back at the letter before it: the same matches as a look-behind
# first, found twice as fast (the engine skips ahead to the next mark).
_PUNCT = re.compile(r"([,;])(?<=[^\W\d_][,;])([^\W\d_]{2,})|([”»])([^\W\d_]{2,})")
_LOWER_WORD = re.compile(r"(?<![\w’'\-.])([a-z]{5,})(?![\w’'\-])")
#: Second halves that make a derived word, not two words.
_SUFFIXES = frozenset({"lets", "let", "ling", "lings", "ness", "ship", "ships", "hood", "less", "ful", "wise",
                       "ward", "wards", "like", "able", "ably", "ers", "ing", "ings", "ism", "ist", "ists"})
#: Both halves of a split must be at least this frequent in the word list.
_MIN_FREQUENCY = 100
_WHITE = re.compile(r"\s")
_SLICE = 1024  # _finditer_near tests slices of about this many characters


@dataclass(frozen=True)
class Glued:
    """A glued word at ``start:end`` of a text and the spaced form suggested for it."""

    start: int
    end: int
    text: str
    suggestion: str


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """pyspellchecker's English word-frequency list (word -> frequency), loaded once.

    Decompressing and parsing its JSON takes ~0.2 s, most of a one-file check; the parsed
    dict is kept in the user's cache directory (marshal, keyed by the list's size and date)
    and loads in a few milliseconds afterwards.
    """
    import importlib.util
    import marshal

    from ..cache import read_cached, store_cached

    spec = importlib.util.find_spec("spellchecker")
    stat = (Path(spec.origin).parent / "resources" / "en.json.gz").stat()
    name = f"en-words-{stat.st_size}-{int(stat.st_mtime)}.marshal"
    cached = read_cached(name)
    if cached is not None:
        try:
            return marshal.loads(cached)
        except (EOFError, ValueError, TypeError):
            pass
    from spellchecker import SpellChecker

    words = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    store_cached(name, marshal.dumps(words))
    return words


@lru_cache(maxsize=1)
def _longest_word() -> int:
    return max(map(len, english_words()), default=0)


@lru_cache(maxsize=1 << 16)  # a document repeats its unknown words (names, typos)
def _split(word: str) -> str | None:
    frequency = english_words()
    if word in frequency:
        return None
    best, best_score = None, 0
    # Both halves must be dictionary words, so no half is longer than the longest one: the
    # cuts tried are bounded, and a long token costs no copy of itself per letter.
    longest = _longest_word()
    for cut in range(max(2, len(word) - longest), min(len(word) - 1, longest + 1)):
        left, right = word[:cut], word[cut:]
        if right in _SUFFIXES:
            continue
        score = min(frequency.get(left, 0), frequency.get(right, 0))
        if score >= _MIN_FREQUENCY and score > best_score:
            best, best_score = f"{left} {right}", score
    return best


def _finditer_near(pattern: re.Pattern, hint: re.Pattern, text: str):
    """``pattern.finditer(text)``, run only over the slices of ``text`` in which ``hint`` is found.

    For a pattern whose every match holds a match of ``hint`` and no white space: slices are
    cut at white space, so no match crosses one, and a slice without ``hint`` holds none.
    The same matches, without running ``pattern`` (slow: it tries every position) over text
    that cannot hold one.  A text without white space is one slice.
    """
    start, size = 0, len(text)
    while start < size:
        cut = _WHITE.search(text, min(start + _SLICE, size))
        end = cut.start() if cut else size
        if hint.search(text, start, end):
            yield from pattern.finditer(text, start, end)  # (look-behinds still see the text before start)
        start = end


def find_glued(text: str) -> list[Glued]:
    """Every glued word in ``text``, in order."""
    found: dict[int, Glued] = {}
    for match in _finditer_near(_CAMEL, _CAMEL_HINT, text):
        found.setdefault(match.start(), Glued(match.start(), match.end(), match.group(0),
                                              f"{match.group(1)} {match.group(2)}"))
    for match in _LETTER_DIGIT.finditer(text):
        a, b = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        found.setdefault(match.start(), Glued(match.start(), match.end(), match.group(0), f"{a} {b}"))
    for match in _PUNCT.finditer(text):
        mark, word = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        found.setdefault(match.start(), Glued(match.start(), match.end(), match.group(0), f"{mark} {word}"))
    known = english_words()
    for match in _LOWER_WORD.finditer(text):
        if match.group(1) in known:  # most words: no call of _split for them
            continue
        spaced = _split(match.group(1))
        if spaced:
            found.setdefault(match.start(), Glued(match.start(), match.end(), match.group(1), spaced))
    return [found[key] for key in sorted(found)]
