"""Protect glossary terms and numbers from the MT engine, put them back, verify the result.

Before a sentence goes to the engine, every glossary term that has a fixed rendering for the
target locale, and every stand-alone number, is replaced by a placeholder token.  After
translation each token is replaced by the locale's rendering (for a number: the original
digits), and the output is checked for anything the engine lost or mangled.

Placeholder form: ``XX0``, ``XX1``, … (two capital X and the slot number).  Why this form:

* every character is plain ASCII that any SentencePiece/BPE vocabulary contains, so the token
  never becomes ``<unk>`` (bracket symbols such as ``⟦0⟧`` usually do, and are then dropped or
  replaced by whatever the model attended to);
* NMT models treat short capital-letter codes with digits like names or part numbers and copy
  them verbatim, in every target script; in Turkish and Azerbaijani they get suffixes
  after an apostrophe (``XX0'da``), which then attach to the rendering as they should;
* it survives the usual damage, which :func:`restore` tolerates: spaces inside or around the
  token (``XX 0``, ``X X0``), a lower-cased token (``xx0``), and a Cyrillic ``Х`` look-alike from
  a Russian model.

Text already looking like a placeholder in the source is itself protected (restored verbatim),
so it can never be confused with a slot.  Numbers glued to letters (``31st``, ``8/42-C``) are
left in the text for the engine to inflect, and only verified: every digit sequence of the
source, outside glossary terms, must appear in the output.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from pipeline.core.inline_tags import inline_tags

__all__ = [
    "Span",
    "Slot",
    "Protected",
    "Restored",
    "protect",
    "restore",
    "glossary_spans",
    "PLACEHOLDER_RE",
    "token",
]

TERM = "term"
NUMBER = "number"
LITERAL = "literal"
TAG = "tag"  # an inline placeholder tag of an HTML or Word unit (pipeline.core.inline_tags)
MARKUP = "markup"  # Markdown that is not text: a link's target, a code span, an autolink

#: Markdown kept out of the engine's hands (the ``markup`` check compares them): a link's or
#: image's target with its title (``](https://… "Title")``), a reference (``][label]``), a code
#: span, an autolink.  The link text itself is translated.
_MARKDOWN = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
    r"|\]\[[^\]\s][^\]]*\]"
    r"|(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)"
    r"|<(?:https?|mailto|ftp):[^<>\s]+>"
)
_SPACED = (TAG, MARKUP)

#: A placeholder as the engine may return it: X/Х (Latin or Cyrillic, any case), optional
#: spaces, X again, optional spaces, the slot number.
PLACEHOLDER_RE = re.compile(r"(?<![^\W\d_])[XxХх]\s?[XxХх]\s*(\d{1,3})(?!\d)")

# A stand-alone number: digits with optional thousands separators / decimal part, not glued
# to letters, other digits, or a slash (a range like 25-26 is one number; 8/42-C is none).
_NUMBER_RE = re.compile(r"(?<![\w/.,\-–])\d+(?:[.,]\d+)*(?:[-–]\d+(?:[.,]\d+)*)?(?![\w/\-–]|[.,]\d)")
_DIGITS_RE = re.compile(r"\d+")


def token(index: int) -> str:
    """The placeholder for slot ``index``."""
    return f"XX{index}"


@dataclass(frozen=True)
class Span:
    """A stretch of the source to protect, and what to put in its place in the translation."""

    start: int
    end: int
    replacement: str
    kind: str = TERM
    label: str = ""  # e.g. the glossary term id, for messages


@dataclass(frozen=True)
class Slot:
    """One placeholder in a protected sentence."""

    token: str
    source: str  # the source text it replaced
    replacement: str  # what goes back into the translation
    kind: str
    #: A tag's token was given a space before / after, away from a word it was glued to
    #: (``the XX0 statement XX1``): taken out again when the tag is put back.
    spaced: tuple[bool, bool] = (False, False)


@dataclass(frozen=True)
class Protected:
    """A sentence ready for the engine: its text with placeholders, and the slots."""

    source: str
    text: str
    slots: tuple[Slot, ...] = ()
    expected_numbers: tuple[str, ...] = ()  # digit runs of the source outside terms


@dataclass(frozen=True)
class Restored:
    """The translation with renderings put back, and what was lost or mangled on the way."""

    text: str
    missing: tuple[str, ...] = ()


def glossary_spans(text: str, matches: Iterable, locale: str) -> list[Span]:
    """Turn glossary matches on ``text`` into spans for ``locale``.

    ``matches`` are objects with ``start``, ``end`` and ``term`` (a :class:`pipeline.core.model.Term`),
    as returned by the glossary's ``SourceMatcher.find``.  A term with a rendering for the
    locale is replaced by that rendering; a do-not-translate term by its own source text;
    a term without either is left for the engine.  Matches of a *forbidden* English form (a
    former or disputed name, a misquoted title) are left for the engine too: replacing them is
    an editorial decision, and the glossary check reports them.
    """
    spans: list[Span] = []
    for match in matches:
        if getattr(match, "kind", None) == "forbidden":
            continue
        term = match.term
        rendering = (getattr(term, "renderings", None) or {}).get(locale)
        if rendering is not None and getattr(rendering, "text", None):
            replacement = rendering.text
        elif getattr(term, "dnt", False):
            replacement = text[match.start : match.end]
        else:
            continue
        spans.append(Span(match.start, match.end, replacement, TERM, getattr(term, "id", "")))
    return spans


def _non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Longest-first, then leftmost, non-overlapping spans, in text order."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if span.end <= span.start:
            continue
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def protect(sentence: str, spans: Sequence[Span] = (), numbers: bool = True) -> Protected:
    """Replace inline tags, ``spans`` (and, if ``numbers``, stand-alone numbers) by placeholder tokens.

    Inline tags (``<a1>``, ``</a1>``, ``<br2/>``: markup of an HTML or Word unit) and Markdown
    that is not text (a link's target, a code span, an autolink) come first and are put back as
    they are; a glossary span that would swallow one is left to the engine.
    Overlapping spans are resolved longest first.  Returns the text to send to the engine
    together with the slots :func:`restore` needs.
    """
    tags = [Span(tag.start, tag.end, tag.token, TAG) for tag in inline_tags(sentence)]
    if "`" in sentence or "](" in sentence or "][" in sentence or "<" in sentence:
        tags += [Span(m.start(), m.end(), m.group(0), MARKUP) for m in _MARKDOWN.finditer(sentence) if not _overlaps(m, tags)]
    free = [span for span in list(spans) + _literals(sentence) if not _overlaps(span, tags)]
    chosen = sorted(tags + _non_overlapping(free), key=lambda s: s.start)
    if numbers:
        taken = list(chosen)
        chosen += [Span(m.start(), m.end(), m.group(0), NUMBER) for m in _NUMBER_RE.finditer(sentence) if not _overlaps(m, taken)]
        chosen.sort(key=lambda s: s.start)
    parts: list[str] = []
    slots: list[Slot] = []
    cursor = 0
    for index, span in enumerate(chosen):
        parts.append(sentence[cursor : span.start])
        spaced = (False, False)
        if span.kind in _SPACED:  # a token glued to a word would not be read (nor found again) as one
            spaced = (_is_word_char(sentence, span.start - 1), _is_word_char(sentence, span.end))
        parts.append(" " * spaced[0] + token(index) + " " * spaced[1])
        slots.append(Slot(token(index), sentence[span.start : span.end], span.replacement, span.kind, spaced))
        cursor = span.end
    parts.append(sentence[cursor:])
    return Protected(sentence, "".join(parts), tuple(slots), tuple(_expected_numbers(sentence, chosen)))


def _literals(sentence: str) -> list[Span]:
    """Text already looking like a placeholder: protected, and put back verbatim."""
    return [Span(m.start(), m.end(), m.group(0), LITERAL) for m in PLACEHOLDER_RE.finditer(sentence)]


def _overlaps(span, others: Sequence[Span]) -> bool:
    start, end = (span.start(), span.end()) if isinstance(span, re.Match) else (span.start, span.end)
    return any(start < other.end and end > other.start for other in others)


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _expected_numbers(sentence: str, chosen: Sequence[Span]) -> list[str]:
    """The digit runs of ``sentence`` outside glossary terms and tags (a term's rendering and
    ``<a1>``'s number are not numbers of the text)."""
    expected: list[str] = []
    cursor = 0
    for span in chosen:
        if span.kind in (TERM, TAG, MARKUP):
            expected += _DIGITS_RE.findall(sentence[cursor : span.start])
            cursor = span.end
    expected += _DIGITS_RE.findall(sentence[cursor:])
    return expected


def restore(translation: str, protected: Protected) -> Restored:
    """Put the renderings back into ``translation`` and report what is missing.

    Tolerates spaces inside a token and case/script changes of the ``XX`` (see the module
    docstring).  ``missing`` names, in slot order, every rendering or number whose placeholder
    did not come back, then every source number absent from the output, then any placeholder
    the engine invented or mangled (``"mangled placeholder 'XX 7'"``).  The text is kept as
    the engine produced it otherwise.
    """
    slots = protected.slots
    seen: set[int] = set()
    mangled: list[str] = []

    def put_back(match: re.Match) -> str:
        index = int(match.group(1))
        if index < len(slots):
            seen.add(index)
            return slots[index].replacement
        mangled.append(f"mangled placeholder '{match.group(0)}'")
        return match.group(0)

    text = PLACEHOLDER_RE.sub(put_back, translation)
    for index, slot in enumerate(slots):  # a tag's token was spaced away from its words: glue it back
        if slot.kind in _SPACED and index in seen:
            if slot.spaced[0]:
                text = text.replace(" " + slot.replacement, slot.replacement, 1)
            if slot.spaced[1]:
                text = text.replace(slot.replacement + " ", slot.replacement, 1)

    missing: list[str] = []
    for index, slot in enumerate(slots):
        if index not in seen and slot.replacement not in missing:
            missing.append(slot.replacement)

    have = Counter(_DIGITS_RE.findall(text))
    want = Counter(protected.expected_numbers)
    for number, count in want.items():
        if have[number] < count and number not in missing and not any(number in m for m in missing):
            missing.append(number)
    return Restored(text, tuple(missing + mangled))
