"""Offline, rule-based sentence splitting for English paragraphs.

Machine translation works sentence by sentence: models are trained on sentences, decoding
cost grows with length, and a sentence is the unit the translation memory reuses when one
sentence of a paragraph is edited.  This splitter needs no model and no download.

A boundary is terminal punctuation (``.``, ``!``, ``?``, ``...``, ``…``), optionally followed by
closing quotes or brackets, then white space, then something that can start a sentence: an
upper-case letter, a digit, or an opening quote/bracket followed by one of those.  A period is
*not* a boundary after

* titles and other abbreviations that are always followed by more of the sentence
  (``Mr.``, ``Dr.``, ``St.``, ``e.g.``, ``vs.`` …),
* abbreviations that precede a number (``No. 8/42-C``, ``Art. 5``, ``Feb. 26``, ``p. 12``),
* dotted abbreviations (``U.S.``, ``U.N.``, ``a.m.``) and single-letter initials (``J. Smith``).

Periods inside tokens (``5.5``, ``News.Az``) are never boundaries because no white space follows.
Known trade-off: a sentence that really ends with ``U.S.`` or an initial is joined to the next
one, which costs nothing worse than a longer input to the engine.
"""

from __future__ import annotations

import re

__all__ = ["split", "spans", "join"]

_CLOSERS = "”\"’')]»"
_OPENERS = "“\"‘'([«"

# Terminal punctuation run, optional closers, and the white space that must follow.  The run
# is one character class, tried only where a run starts: "(?:\.{2,}|…|[.!?])+" matched the
# same strings but could split a run of periods in exponentially many ways before failing
# ("......x": 22 periods took 2 s), and starting inside a run made long runs quadratic.
_CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")

#: Abbreviations after which a period never ends a sentence.
ALWAYS = frozenset(
    """mr mrs ms messrs mmes dr prof st sr jr gen col lt maj sgt capt cmdr adm rev hon sen
    rep gov pres amb supt insp mt ft vs cf viz approx dept univ assn bros e.g i.e""".split()
)

#: Abbreviations that do not end a sentence when a number follows (``No. 8``, ``Feb. 26``).
BEFORE_NUMBER = frozenset(
    """no nos art arts vol vols p pp para paras fig figs ch chap sec sect ed no's op res
    jan feb mar apr jun jul aug sep sept oct nov dec tel ref item items""".split()
)

_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S / e.g / a.m (last period is the candidate)
_INITIAL = re.compile(r"[A-Z]")


#: No abbreviation is longer; bounding the look-back keeps splitting linear on huge tokens.
_MAX_WORD = 32
_SPACE = re.compile(r"\s*")


def _word_before(text: str, end: int) -> str:
    """The white-space delimited token ending at ``end`` (at most _MAX_WORD long), without openers."""
    start = end
    while start > 0 and end - start < _MAX_WORD and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _starts_sentence(rest: str) -> bool:
    """Whether ``rest`` (text after the white space) can begin a new sentence."""
    if not rest:
        return False
    first = rest[0]
    if first.isupper() or first.isdigit():
        return True
    if first in _OPENERS:
        following = rest[1:2]
        return bool(following) and (following.isupper() or following.isdigit() or following in _OPENERS)
    return False


def _is_boundary(text: str, match: re.Match) -> bool:
    # Only the next few characters matter; slicing the whole rest would make splitting quadratic.
    space = _SPACE.match(text, match.end())
    assert space is not None  # \s* matches everywhere
    after = space.end()
    rest = text[after : after + 2]
    if not _starts_sentence(rest):
        return False
    punct = match.group(0).rstrip(_CLOSERS)
    if punct != ".":
        return True  # ! ? ... … and combinations end a sentence before a capital
    if match.group(0) != ".":
        return True  # 'population.”' – the quote closes a sentence that ended in a period
    word = _word_before(text, match.start())
    lower = word.lower()
    if lower in ALWAYS:
        return False
    if lower in BEFORE_NUMBER and rest[0].isdigit():
        return False
    if _DOTTED.fullmatch(word) or _INITIAL.fullmatch(word):
        return False
    return True


def spans(paragraph: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each sentence in ``paragraph``.

    Leading and trailing white space of every sentence is excluded; the text between two
    spans is white space only.
    """
    result: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        if match.start() < start or not _is_boundary(paragraph, match):
            continue
        result.append((start, match.end()))
        start = match.end()
    result.append((start, len(paragraph)))
    trimmed = []
    for a, b in result:
        while a < b and paragraph[a].isspace():
            a += 1
        while b > a and paragraph[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def split(paragraph: str) -> list[str]:
    """Split an English paragraph into sentences (an empty paragraph gives ``[]``).

    For a paragraph whose white space is normalised to single spaces (as every unit's is),
    ``join(split(p)) == p.strip()``.
    """
    return [paragraph[a:b] for a, b in spans(paragraph)]


def join(sentences: list[str]) -> str:
    """Reassemble (translated) sentences into one paragraph, separated by a single space."""
    return " ".join(s.strip() for s in sentences if s and s.strip())
