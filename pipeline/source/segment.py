"""Cut a plain-text document into ordered paragraph units.

Press releases and scraped web pages are messy: hard-wrapped paragraphs, one paragraph per
line with no blank lines, paragraphs broken mid-sentence by a stray blank line, headings split
from their continuation, and page furniture (widgets, link lists, footers) around the text.
The rules, applied in this order, each recorded as a :class:`~pipeline.core.model.Decision`:

1. **Lines.** LF, CRLF and CR all end a line; a line of only spaces or tabs is blank.
   Blank lines separate *blocks*.
2. **Lines within a block.** A line longer than :data:`WRAP_LIMIT` characters was not
   hard-wrapped, so it ends its paragraph (one paragraph per line) unless it stops
   mid-sentence.  Shorter lines are a hard-wrapped paragraph and are joined, unless a line
   ends a sentence well short of the block's width (then the next line starts a new one),
   or is a fragment of a few words followed by a capitalised line (a list of links).
3. **Broken paragraphs.** Across a blank line, two parts are joined when the first ends with
   a comma or without terminal punctuation and the second starts in lower case
   ("During the aggression" / "against the people…", "STATEMENT" / "of the Commissioner…"),
   or when the break falls inside a name: the first ends on a capitalised word and the second
   opens with a capitalised word followed by a comma or a lower-case word ("…of the Heydar
   Aliyev" / "Foundation, is one of…"), or the two halves form a multi-word name given by
   the caller (the glossary's names).
4. **Page furniture** is not translated: a line where fewer than half the tokens are words
   (widgets such as "date 2025-02-25 + ↺ − 16 px"); two or more short non-sentence lines in a
   row (link lists: share, print, related articles); short non-sentence lines after the last
   paragraph (footers and credits: "Back to top button", "News.Az").  "Short" means at most
   :data:`SHORT_WORDS` words.
5. **Kinds.** The first unit is the *title* when it is short and has no terminal
   punctuation; any other such unit is a *heading*; the rest are paragraphs.

White space inside a unit is normalised to single spaces; nothing else is changed.

Cost: time and memory are linear in the document, whatever its shape (a 50 MB document on one
line, a million short lines, thousands of parts joined across blank lines).  Every rule looks
at a bounded number of words at either end of a line or part, the text of a part is built
once, and no list of every word of a line is ever made (that is ~60 bytes a word).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice, repeat
from operator import add

from pipeline.core.model import HEADING, PARAGRAPH, TITLE, Decision, Document, Segmentation, Unit

#: Lines longer than this were not hard-wrapped by the author's editor.
WRAP_LIMIT = 100
#: A line of a wrapped block that ends a sentence below this share of the block's width ends
#: its paragraph.
SHORT_LINE_RATIO = 0.7
#: At most this many words make a line "short" (a title, heading or page furniture).
SHORT_WORDS = 5
#: A title has at most this many characters.
TITLE_LIMIT = 200

_LINE_END = re.compile(r"\r\n|\r|\n")
_TERMINAL_MARKS = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_LOWER_START = re.compile(r"^[\"'“‘«(\[]?[^\W\d_]", re.UNICODE)
_TOKEN = re.compile(r"\S+")
#: A token of a normalised text without two letters in a row (not a word, for the widget rule):
#: the first token, and every other after its space (a literal first character lets the
#: regular expression engine jump from space to space).
_FIRST_NON_WORD = re.compile(r"(?:(?![^\W\d_]{2})[^ ])+(?![^ ])")
_NON_WORD = re.compile(r" (?:(?![^\W\d_]{2})[^ ])+(?![^ ])")
#: Every white-space character but the plain space (what str.split() and \s count as white
#: space; tests/source/test_segment.py checks the list).  Spelt out: a character class is searched
#: twice as fast as [^\S ].
OTHER_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{OTHER_SPACE}]")
_WHITE = re.compile(r"\s")
#: Lines longer than this are normalised a slice at a time (see _squeeze).
_CHUNK = 1 << 16


def _single_spaced(text: str) -> bool:
    """Whether the only white space in ``text`` is single plain spaces."""
    return "  " not in text and not _OTHER_SPACE.search(text)


def _slices(text: str):
    """``(start, end)`` of consecutive slices of ``text`` of about _CHUNK characters, cut at white space."""
    start = 0
    while start < len(text):
        cut = _WHITE.search(text, min(start + _CHUNK, len(text)))
        end = cut.start() if cut else len(text)
        yield start, end
        start = end


class _Line:
    """One non-blank line of the file: its 1-based number and its text, line end removed."""

    __slots__ = ("number", "text", "_stripped")

    def __init__(self, number: int, text: str):
        self.number = number
        self.text = text
        self._stripped: str | None = None

    @property
    def stripped(self) -> str:
        """The text without surrounding white space (computed once: a long line is not copied per rule)."""
        if self._stripped is None:
            self._stripped = self.text.strip()
        return self._stripped


def _squeeze(text: str) -> str:
    """``" ".join(text.split())``, without a list of every word of a long line.

    A line of single-spaced words is only stripped; any other long line is normalised one
    slice at a time, each cut made at white space, so at most one slice is split at once.
    """
    if _single_spaced(text):
        return text.strip(" ")  # the line itself when it needs nothing: no second copy of the document
    if len(text) <= _CHUNK:
        return " ".join(text.split())
    pieces = (" ".join(text[start:end].split()) for start, end in _slices(text))
    return " ".join(piece for piece in pieces if piece)


def _word_columns(text: str):
    """``(columns, lengths)`` of the words of a line (1-based columns), one slice of the line at a time.

    A single-spaced slice is measured with ``str.split`` (no Python loop per word); any other
    with a regular expression.
    """
    for start, end in _slices(text):
        piece = text if end - start == len(text) else text[start:end]
        if _single_spaced(piece):
            lead = len(piece) - len(piece.lstrip(" "))
            lengths = list(map(len, piece.split()))
            columns = list(accumulate(map(add, lengths, repeat(1)), initial=start + lead + 1))[:-1]
        else:
            spans = [match.span() for match in _TOKEN.finditer(piece)]
            columns = [start + a + 1 for a, _ in spans]
            lengths = [b - a for a, b in spans]
        yield columns, lengths


@dataclass
class _Part:
    """Consecutive source lines that belong to one unit (before furniture and joins)."""

    lines: list[_Line] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The lines with white space normalised, built once (a join resets it)."""
        if self._text is None:
            self._text = " ".join(_squeeze(line.text) for line in self.lines)
        return self._text

    def absorb(self, other: "_Part") -> None:
        """Take the lines of ``other`` (joined to this part)."""
        self.lines.extend(other.lines)
        self._text = None

    @property
    def first(self) -> int:
        return self.lines[0].number


class _Anchors(Sequence):
    """A unit's anchors, ``(offset, line, column)`` for every word (see :class:`~pipeline.core.model.Unit`).

    Computed when first read, and kept in three integer arrays: most jobs never locate a word
    (``update`` writes units, not findings), and a tuple of three ints costs ~130 bytes a
    word, about 1 GB for a 50 MB document, against 24 bytes here.
    """

    __slots__ = ("_lines", "_arrays")

    def __init__(self, lines: list[_Line]):
        self._lines: list[tuple[int, str]] | None = [(line.number, line.text) for line in lines]
        self._arrays: tuple[array, array, array] | None = None

    def _load(self) -> tuple[array, array, array]:
        if self._arrays is None:
            offsets, numbers, columns = array("q"), array("q"), array("q")
            offset = 0
            for number, text in self._lines or ():
                for starts, lengths in _word_columns(text):
                    numbers.fromlist([number] * len(starts))
                    columns.fromlist(starts)
                    # Each word's offset in the unit: the words before it and one space each.
                    following = list(accumulate(map(add, lengths, repeat(1)), initial=offset))
                    offset = following.pop()
                    offsets.fromlist(following)
            self._arrays, self._lines = (offsets, numbers, columns), None
        return self._arrays

    def __len__(self) -> int:
        return len(self._load()[0])

    def at(self, offset: int) -> tuple[int, int, int]:
        """The anchor of the word holding ``offset`` in the unit: the last one at or before it (else the first).

        One binary search over the offsets array: reading ``anchors[i]`` builds a tuple, and a
        search through them cost a tuple per probe for every finding located.
        """
        offsets, numbers, columns = self._load()
        index = max(0, bisect_right(offsets, offset) - 1)
        return offsets[index], numbers[index], columns[index]

    def __getitem__(self, index):
        offsets, numbers, columns = self._load()
        if isinstance(index, slice):
            return tuple(zip(offsets[index], numbers[index], columns[index]))
        return offsets[index], numbers[index], columns[index]

    def __iter__(self):
        return zip(*self._load())

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == tuple(b) for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"<anchors of {len(self)} words>"


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR, dropping a UTF-8 BOM; a final line end adds no empty line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n") if "\r" not in text else _LINE_END.split(text)  # (str.split is 10× faster)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _ends_sentence(text: str) -> bool:
    """Terminal punctuation, maybe followed by closing quotes or brackets, ends the text.

    (Read backwards from the end: a long text is neither copied nor scanned.)
    """
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return bool(end) and text[end - 1] in _TERMINAL_MARKS


def _starts_lower(text: str) -> bool:
    start = _TOKEN.search(text)
    match = _LOWER_START.match(text, start.start()) if start else None
    return match is not None and match.group(0)[-1].islower()


def _first_words(text: str, count: int) -> list[str]:
    """The first ``count`` white-space separated words of ``text``, found without splitting all of it."""
    return [match.group() for match in islice(_TOKEN.finditer(text), count)]


def _last_words(text: str, count: int) -> list[str]:
    """The last ``count`` words of ``text``, from a window at its end grown until it holds them."""
    size = 256
    while size < len(text):
        words = text[-size:].split()
        if len(words) > count:  # the window's first word may be cut: it is not among the last
            return words[-count:]
        size *= 4
    return text.split()[-count:]


def _more_words_than(text: str, count: int) -> bool:
    return len(_first_words(text, count + 1)) > count


def _is_short_fragment(text: str) -> bool:
    return not _more_words_than(text, SHORT_WORDS) and not _ends_sentence(text)


def _is_widget(text: str) -> bool:
    """Fewer than half of the tokens are words: a UI widget, not prose.

    ``text`` is normalised (single spaces, stripped); the tokens without two letters in a row
    are counted by one regular expression, with no list of the tokens.
    """
    if not text:
        return False
    tokens = text.count(" ") + 1
    others = sum(1 for _ in _NON_WORD.finditer(text)) + bool(_FIRST_NON_WORD.match(text))
    return (tokens - others) * 2 < tokens


def _blocks(lines: list[str]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for number, text in enumerate(lines, start=1):
        if text and not text.isspace():  # (not text.strip(): that copies every line)
            current.append(_Line(number, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_block(block: list[_Line], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 2: decide, for each line break inside a block, whether it ends a paragraph."""
    width = max(len(line.stripped) for line in block)
    parts = [_Part([block[0]])]
    for previous, line in zip(block, block[1:]):
        prev_text = previous.stripped
        if len(prev_text) > WRAP_LIMIT:
            breaks = _ends_sentence(prev_text) or not _starts_lower(line.stripped)
            reason = "a long line is its own paragraph (one paragraph per line)"
        elif _is_short_fragment(prev_text) and not _starts_lower(line.stripped):
            breaks = True
            reason = "a line of a few words followed by a capitalised line is a list item, not wrapped prose"
        else:
            breaks = _ends_sentence(prev_text) and len(prev_text) < SHORT_LINE_RATIO * width
            reason = "a short line ending a sentence ends its paragraph"
        if breaks:
            parts.append(_Part([line]))
            why[line.number] = ("unit", reason)
        else:
            parts[-1].absorb(_Part([line]))
            why[line.number] = ("join", f"hard-wrapped continuation of line {previous.number}")
    return parts


def _name_break(first: str, second: str, names: frozenset[str]) -> bool:
    """True when a blank line falls inside a name (see rule 3).

    Only the last words of ``first`` and the first words of ``second`` are looked at.
    """
    tail = _last_words(first, 4)
    head = _first_words(second, 4)
    if not tail or not head or _ends_sentence(first):
        return False
    for size_tail in range(1, min(4, len(tail)) + 1):
        for size_head in range(1, min(4, len(head)) + 1):
            candidate = " ".join(tail[-size_tail:] + head[:size_head]).rstrip(",;:.!?)”'\"")
            if candidate in names:
                return True
    last, opening = tail[-1], head[0]
    follower = head[1] if len(head) > 1 else ""
    return (
        _more_words_than(first, SHORT_WORDS)
        and last[:1].isupper()
        and opening[:1].isupper()
        and (opening.endswith(",") or (follower[:1].islower()))
        and not _ends_sentence(opening)
    )


def _join_broken(parts: list[_Part], names: frozenset[str], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 3: join parts separated by a stray blank line.

    The tests read only the end of the part so far and the start of the next, so the part so
    far is represented by its last ``SHORT_WORDS + 1`` words: enough for every test (four
    words of a name, "more than SHORT_WORDS words"), and joining thousands of parts in a
    row stays linear instead of rebuilding a growing text at each join.
    """
    keep = SHORT_WORDS + 1
    joined: list[_Part] = []
    previous = ""  # the last `keep` words of joined[-1].text
    for part in parts:
        current = part.text
        if joined:
            reason = None
            if (previous.endswith(",") or not _ends_sentence(previous)) and _starts_lower(current):
                reason = f"continues the sentence of line {joined[-1].first} (starts in lower case)"
            elif _name_break(previous, current, names):
                reason = f"continues a name broken at the end of line {joined[-1].lines[-1].number}"
            if reason:
                joined[-1].absorb(part)
                why[part.first] = ("join", reason)
                previous = " ".join(_last_words(f"{previous} {' '.join(_last_words(current, keep))}", keep))
                continue
        joined.append(part)
        previous = " ".join(_last_words(current, keep))
    return joined


def _drop_furniture(parts: list[_Part], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 4: page furniture is not a unit."""
    drop: dict[int, str] = {}
    for index, part in enumerate(parts):
        if _is_widget(part.text):
            drop[index] = "widget: fewer than half of its tokens are words"
    short = [_is_short_fragment(part.text) for part in parts]
    for index in range(len(parts)):
        neighbours = (index > 0 and short[index - 1]) or (index + 1 < len(parts) and short[index + 1])
        if short[index] and neighbours and index not in drop:
            drop[index] = "link list: one of several short lines without a sentence"
    last_prose = max((i for i, part in enumerate(parts) if i not in drop and not short[i]), default=-1)
    for index in range(last_prose + 1, len(parts)):
        drop.setdefault(index, "footer: a short line after the last paragraph")
    kept = []
    for index, part in enumerate(parts):
        if index in drop:
            for line in part.lines:
                why[line.number] = ("drop", drop[index])
        else:
            kept.append(part)
    return kept


def _kind(index: int, text: str) -> str:
    if len(text) <= TITLE_LIMIT and not _ends_sentence(text):
        return TITLE if index == 0 else HEADING
    return PARAGRAPH


def segment(document: Document, names: frozenset[str] | set[str] = frozenset()) -> Segmentation:
    """Cut ``document`` into units, recording every decision.

    ``names`` are multi-word names (the glossary's forms) a stray blank line must not split.
    """
    names = frozenset(names)
    why: dict[int, tuple[str, str]] = {}
    parts: list[_Part] = []
    blocks = _blocks(split_lines(document.text))
    for block in blocks:
        why[block[0].number] = ("unit", "first line of a block (after a blank line or the start)")
        parts.extend(_split_block(block, why))
    parts = _drop_furniture(_join_broken(parts, names, why), why)
    units = tuple(
        Unit(text=part.text, line=part.first, kind=_kind(index, part.text), anchors=_Anchors(part.lines))
        for index, part in enumerate(parts)
    )
    # Every non-blank line, in file order, has exactly one decision; its text is the line's
    # stripped text, shared with the line (not a second copy of the document).
    decisions = tuple(Decision(line.number, *why[line.number], line.stripped) for block in blocks for line in block)
    return Segmentation(document=document, units=units, decisions=decisions)
