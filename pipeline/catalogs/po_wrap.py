"""Where GNU gettext breaks a PO string across lines: UAX #14 line breaking as libunistring does it.

``msgcat``, ``msgmerge`` and every tool built on them wrap a string at 79 columns, at the
break opportunities of the Unicode line breaking algorithm as libunistring (1.0, the library
gettext 0.21 links) implements it: a pair table over line-break classes, applied to the
*escaped* text (``\\"`` and ``\\n`` are two columns, and never split).  Writing our files the
same way makes ``l10n update`` after ``msgcat`` (or Poedit, or Weblate) change zero lines, and
the other way round.

The classes come from uniseg's copy of the Unicode Character Database (a locked version, so
a wrap never changes with what happens to be installed); the table and its two deliberate
departures from UAX #14 (a break between numeric punctuation and a letter, for
``"<P>Some sentence.</P>"``; none between two B2 dashes) are libunistring's.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from contextlib import contextmanager
from functools import lru_cache
from itertools import accumulate, chain
from typing import Iterator, Sequence

from pipeline.catalogs.po_wrap_tables import DOUBLE_WIDTH, LIBUNISTRING_1_0, RESOLVED, TABLE, ZERO_WIDTH

PAGE_WIDTH = 79  # gettext's default --width

_CLASS_CACHE: dict[str, str] = {chr(code): cls for first, last, cls in LIBUNISTRING_1_0 for code in range(first, last + 1)}

POSSIBLE, MANDATORY, PROHIBITED = 1, 2, 0
# The width ranges as half-open bounds: a code point is inside one when bisect_right is odd.
_ZERO_BOUNDS = tuple(value + index % 2 for index, value in enumerate(ZERO_WIDTH))
_DOUBLE_BOUNDS = tuple(value + index % 2 for index, value in enumerate(DOUBLE_WIDTH))


def char_class(char: str) -> str:
    """The libunistring line-break class of ``char`` (``AL``, ``SP``, ``BA``, …)."""
    cls = _CLASS_CACHE.get(char)
    if cls is None:
        from uniseg.linebreak import line_break  # 30 ms to import: only a command that writes a file pays it

        name = line_break(char).name
        cls = RESOLVED.get(name, name)
        if cls in ("OP", "CP") and unicodedata.east_asian_width(char) in ("F", "W", "H"):
            cls = "OP2" if cls == "OP" else "CL"
        _CLASS_CACHE[char] = cls
    return cls


def char_width(char: str) -> int:
    """Columns ``char`` takes on a terminal, as libunistring's ``uc_width`` counts (controls count 0)."""
    if " " <= char < "\x7f":
        return 1
    code = ord(char)
    if code < 0x20:
        return 0
    if bisect_right(_ZERO_BOUNDS, code) % 2:
        return 0
    return 2 if bisect_right(_DOUBLE_BOUNDS, code) % 2 else 1


def possible_breaks(text: str) -> list[int]:
    """Per character, whether a line may break before it: POSSIBLE, MANDATORY or PROHIBITED.

    libunistring 1.0's ``u8_possible_linebreaks``: spaces never start a line and carry the
    "only with spaces between" pairs; a combining mark (or a zero width joiner) joins the
    character before it, except after a space, where a line may start with it.
    """
    result = [PROHIBITED] * len(text)
    last = "BK"  # the class of the last character that was not a space
    seen_space = False
    for i, char in enumerate(text):
        cls = char_class(char)
        if cls == "SP":
            seen_space = True
            continue
        if cls == "BK":
            result[i], last = MANDATORY, "BK"
        elif cls == "ZW":
            last = "ZW"
        elif cls in ("CM", "ZWJ"):
            if last == "ZW" or (seen_space and last != "BK"):
                result[i] = POSSIBLE
            if cls == "ZWJ" or last in ("ZW", "BK") or seen_space:
                last = "ZWJ" if cls == "ZWJ" else "AL"  # a mark with nothing to join stands as a letter
        elif last == "ZW":
            result[i], last = POSSIBLE, cls
        else:
            if last != "BK":
                rule = TABLE[last, cls]
                if rule == "D" or (rule == "I" and seen_space):
                    result[i] = POSSIBLE
            last = cls
        seen_space = False
    return result


class _ClassCodes(dict):
    """Code point → one character standing for its class, filled as characters are met.

    With it ``str.translate`` turns a text into its classes in one C-level pass, and regular
    expressions find the break opportunities (:func:`opportunities`).
    """

    def __missing__(self, code: int) -> str:
        value = self[code] = _CODE_OF[char_class(chr(code))]
        return value


_CLASSES = sorted({cls for pair in TABLE for cls in pair}) + ["SP", "BK", "ZW", "CM", "ZWJ"]
_CODE_OF = {cls: chr(0x80 + index) for index, cls in enumerate(_CLASSES)}  # one Latin-1 byte each, no regex syntax
_CLASS_CODES = _ClassCodes()
# ASCII text (most msgids) is turned into class codes byte by byte, without a dict lookup a character.
_ASCII_CODES = bytes(ord(_CLASS_CODES[code]) for code in range(128)) + bytes(128)
_SPACE = _CODE_OF["SP"]
# Classes with rules of their own (mandatory breaks, zero width space, combining marks): a text
# holding one goes through possible_breaks, character by character.
_SPECIAL = re.compile("[" + "".join(_CODE_OF[cls] for cls in ("BK", "ZW", "CM", "ZWJ")) + "]")
_AFTER_SPACES = re.compile(f"(?<=[^{_SPACE}]){_SPACE}+(?=[^{_SPACE}])")


def _alternation(rule: str, between: str) -> re.Pattern:
    """Pairs whose TABLE entry is ``rule``: the first class, then ``between``, then (looking ahead) the second."""
    seconds: dict[str, str] = {}
    for (first, second), value in TABLE.items():
        if value == rule:
            seconds[first] = seconds.get(first, "") + _CODE_OF[second]
    return re.compile("|".join(f"{_CODE_OF[first]}{between}(?=[{codes}])" for first, codes in sorted(seconds.items())))


def _never_after_spaces() -> re.Pattern:
    """Spaces after which no break is possible; every alternative starts with a literal, so it is fast.

    A class after which nothing breaks (OP), a class before which nothing breaks (CL, IS, …),
    and the few single pairs left (B2 B2, CL NS, QU OP).
    """
    classes = sorted({cls for pair in TABLE for cls in pair})
    never_before = [cls for cls in classes if all(TABLE[first, cls] == "P" for first in classes)]
    never_after = [cls for cls in classes if all(TABLE[cls, second] == "P" for second in classes if second != "ZWJ")]
    pairs: dict[str, str] = {}
    for (first, second), value in TABLE.items():
        if value == "P" and first not in never_after and second not in never_before:
            pairs[first] = pairs.get(first, "") + _CODE_OF[second]
    space = f"{_SPACE}+"
    return re.compile(
        "|".join(
            [
                f"{space}(?=[{''.join(_CODE_OF[cls] for cls in never_before)}])",
                f"[{''.join(_CODE_OF[cls] for cls in never_after)}]{space}",
                *(f"{_CODE_OF[first]}{space}(?=[{codes}])" for first, codes in sorted(pairs.items())),
            ]
        )
    )


_DIRECT = _alternation("D", "")  # a break right after the first class
_NEVER_AFTER_SPACES = _never_after_spaces()  # no break even with spaces between


def opportunities(text: str) -> list[tuple[int, int]]:
    """(position, POSSIBLE or MANDATORY) for every break opportunity in ``text``, in order.

    The same answer as :func:`possible_breaks`, from regular expressions over the class codes:
    a break is possible after spaces unless the pair forbids it (P), and without spaces where
    the pair allows it directly (D).
    """
    possible, mandatory = _scan(text)
    if not mandatory:
        return [(position, POSSIBLE) for position in possible]
    return sorted([(position, POSSIBLE) for position in possible] + [(position, MANDATORY) for position in mandatory])


def _scan(text: str) -> tuple[list[int], list[int]]:
    """The possible and the mandatory break positions of ``text``, each in order (:func:`opportunities`)."""
    codes = text.encode("ascii").translate(_ASCII_CODES).decode("latin-1") if text.isascii() else text.translate(_CLASS_CODES)
    if _SPECIAL.search(codes):
        kinds = possible_breaks(text)
        return ([i for i, kind in enumerate(kinds) if kind == POSSIBLE], [i for i, kind in enumerate(kinds) if kind == MANDATORY])
    positions = [match.end() for match in _AFTER_SPACES.finditer(codes)]
    never = [match.end() for match in _NEVER_AFTER_SPACES.finditer(codes)] if positions else []
    direct = [match.end() for match in _DIRECT.finditer(codes)]
    if never or direct:  # rare in prose: most breaks are after spaces, and already in order
        positions = sorted(set(positions).difference(never).union(direct))
    return positions, []


def width_breaks(text: str, width: int, start_column: int, possible: list[int], mandatory: Sequence[int] = ()) -> list[int]:
    """The positions (before which) a line breaks so that lines fit in ``width`` columns.

    libunistring's ``u8_width_linebreaks``: greedy, an atomic piece (from one opportunity to the
    next, among ``possible``) that would pass the width moves to the next line; a piece longer
    than a whole line stays whole.  A mandatory break (U+2028) starts counting again from 0.
    """
    offsets = _column_offsets(text)
    if mandatory:
        found = sorted([(position, POSSIBLE) for position in possible] + [(position, MANDATORY) for position in mandatory])
        return _width_breaks_stepwise(_piece_width(offsets), len(text), width, start_column, found)
    # Each line ends at the last opportunity before the first one past the width: one bisect a line.
    bounds = [*possible, len(text)]
    columns = [offsets[position] for position in bounds] if offsets else bounds
    chosen: list[int] = []
    line_start, line_column, base = -1, 0, start_column  # no opportunity starts the first line
    while True:
        past = bisect_right(columns, line_column + width - base)  # the first boundary past the width
        if past == len(bounds):
            return chosen
        # Break before the piece that ends there; if that piece starts the line, after it.
        cut = past - 1 if past > 0 and bounds[past - 1] > line_start else past
        if cut == len(bounds) - 1:  # the end of the text: nothing left to move
            return chosen
        chosen.append(bounds[cut])
        line_start, line_column, base = bounds[cut], columns[cut], 0


def _width_breaks_stepwise(piece_width, size: int, width: int, start_column: int, found) -> list[int]:
    """:func:`width_breaks` one opportunity at a time, as libunistring walks (for mandatory breaks).

    ``found`` is any iterable of (position, kind) in order; ``piece_width(start, end)`` gives
    the columns of ``text[start:end]``.
    """
    chosen: list[int] = []
    last_break: int | None = None
    column, piece_start = start_column, 0
    for position, kind in chain(found, [(size, None)]):
        piece = piece_width(piece_start, position)
        if last_break is not None and column + piece > width:
            chosen.append(last_break)
            column = 0
        if kind == MANDATORY:
            last_break, column, piece_start = None, 0, position + 1  # the separator itself takes no room
        elif kind == POSSIBLE:
            last_break, column, piece_start = position, column + piece, position
    return chosen


def _width_one_pattern() -> re.Pattern:
    """Text made only of one-column characters (most scripts but CJK, and no marks or controls)."""
    bounds = sorted({0x20, 0x7F, 0x110000, *_ZERO_BOUNDS, *_DOUBLE_BOUNDS})
    ranges = [
        (low, high - 1) for low, high in zip(bounds, bounds[1:]) if low >= 0x20 and char_width(chr(low)) == 1 and not 0xD800 <= low < 0xE000
    ]
    return re.compile("[%s]*\\Z" % "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges))


_WIDTH_ONE = _width_one_pattern()


def _column_offsets(text: str) -> list[int] | None:
    """Columns before each position of ``text``; None when every character is one column wide."""
    if _WIDTH_ONE.match(text):  # ASCII, Latin, Greek and Cyrillic letters (not their marks)
        return None
    return [0, *accumulate(map(char_width, text))]


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"'}
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_ESCAPE_SEQUENCE = re.compile(r"\\.", re.S)


def _escaped(portion: str) -> tuple[str, set[int]]:
    """``portion`` as written between quotes, and the breaks forbidden inside its escapes."""
    if not _NEEDS_ESCAPE.search(portion):
        return portion, set()
    text = portion.translate(_ESCAPE_TABLE)
    overrides = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(text)}  # never inside "\n"
    if portion.endswith("\n"):
        overrides.add(len(text) - 2)  # never break just before the closing "\n"
    return text, overrides


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as gettext writes one portion at a time."""
    if not value:
        return [""]
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        portions.append(pieces[-1])
    return portions


_LONG = 1 << 20  # characters: a string longer than this is scanned a window at a time
_WINDOW = 1 << 16


def _long_cuts(text: str, overrides: set[int], width: int) -> list[int]:
    """:func:`width_breaks` for continuation lines of a very long string, in memory of one window.

    Every cut of a string this long falls after ``keyword ""`` (it cannot fit the first line
    unless it has no break opportunity at all, and then it has no cut either).  Text of
    one-column characters without mandatory breaks (the usual) is cut with one bisect a line,
    as :func:`width_breaks` does; other text walks every opportunity.
    """
    if _WIDTH_ONE.match(text) is None or _has_mandatory(text):
        return _long_cuts_stepwise(text, overrides, width)
    chosen: list[int] = []
    pending: list[int] = []  # opportunities of the windows not yet passed
    line_start, first = -1, 0  # no opportunity starts the first continuation line; pending[first:] is ahead
    for window in chain(_windowed_positions(text, overrides), [[len(text)]]):
        pending.extend(window)
        while True:
            past = bisect_right(pending, max(line_start, 0) + width, first)  # the first boundary past the width
            if past == len(pending):
                pending, first = pending[-1:], 0  # only the last opportunity can still end this line
                break
            cut = past - 1 if past > first and pending[past - 1] > line_start else past
            if pending[cut] == len(text):
                return chosen
            chosen.append(pending[cut])
            line_start, first = pending[cut], cut + 1
    return chosen


def _has_mandatory(text: str) -> bool:
    return any(char_class(char) == "BK" for char in set(text))


def _windowed_positions(text: str, overrides: set[int]):
    """The possible breaks of ``text`` (minus ``overrides``), one window's list at a time."""
    for begin in range(0, len(text), _WINDOW):
        context = max(begin - 1, 0)
        while context > 0 and char_class(text[context]) in ("SP", "CM", "ZWJ"):
            context -= 1
        possible, _ = _scan(text[context : begin + _WINDOW])
        yield [context + p for p in possible if context + p >= begin and context + p not in overrides]


def _piece_width(offsets: list[int] | None):
    """Columns of ``text[start:end]`` from :func:`_column_offsets` (None: every character one column)."""
    if offsets is None:
        return lambda start, end: end - start
    return lambda start, end: offsets[end] - offsets[start]


def _long_cuts_stepwise(text: str, overrides: set[int], width: int) -> list[int]:
    """:func:`_long_cuts` one opportunity at a time (wide characters, marks or mandatory breaks)."""
    if _WIDTH_ONE.match(text) is not None:

        def piece_width(start: int, end: int) -> int:
            return end - start
    else:

        def piece_width(start: int, end: int) -> int:
            return sum(map(char_width, text[start:end]))

    return _width_breaks_stepwise(piece_width, len(text), width, 0, _windowed_opportunities(text, overrides))


def _windowed_opportunities(text: str, overrides: set[int]):
    """:func:`opportunities` of ``text`` (minus ``overrides``), found one window at a time.

    Each window is scanned from the last character before it that is not a space or a mark, so
    the state at its first position is what a scan of the whole text would have there.
    """
    for begin in range(0, len(text), _WINDOW):
        context = max(begin - 1, 0)
        while context > 0 and char_class(text[context]) in ("SP", "CM", "ZWJ"):
            context -= 1
        possible, mandatory = _scan(text[context : begin + _WINDOW])
        found = [(context + p, POSSIBLE) for p in possible] + [(context + p, MANDATORY) for p in mandatory]
        yield from (item for item in sorted(found) if item[0] >= begin and item[0] not in overrides)


def _breaks(text: str, overrides: set[int]) -> tuple[list[int], list[int]]:
    possible, mandatory = _scan(text)
    if overrides:
        possible = [position for position in possible if position not in overrides]
        mandatory = [position for position in mandatory if position not in overrides]
    return possible, mandatory


def wrap_string(prefix: str, keyword: str, value: str, wrap: bool = True) -> list[str]:
    """The lines GNU gettext writes for ``keyword "value"`` (``msgid``, ``msgstr[1]``, …).

    Remembered: a msgid is written in its template and again in every locale's catalog (but a
    string of megabytes, a whole document on one line, is not kept).  Inside
    :func:`one_document`, every string is remembered until it ends; otherwise the last
    :data:`REMEMBERED` (a catalog written on its own writes each msgid once: there is little to
    remember, and 65,536 paragraphs held by ``l10n translate`` were 200 MB on 1,000 documents).
    """
    if len(value) > _LONG:
        key = (prefix, keyword, value, wrap)
        if _last_long[0] != key:  # one kept: the same msgid comes again in each locale's catalog
            _last_long[:] = [key, _wrapped.__wrapped__(prefix, keyword, value, wrap)]
        return list(_last_long[1])
    if _document is not None:
        key = (prefix, keyword, value, wrap)
        lines = _document.get(key)
        if lines is None:
            lines = _document[key] = _wrapped.__wrapped__(prefix, keyword, value, wrap)
        return list(lines)
    return list(_wrapped(prefix, keyword, value, wrap))


_last_long: list = [None, ()]
# The lines of every string wrapped since one_document began (None: outside one).
_document: dict[tuple[str, str, str, bool], tuple[str, ...]] | None = None


def forget() -> None:
    """Empty the memory of wrapped lines: a caller that has written one document's files calls it,
    so memory stays flat over a corpus (a string comes again mostly within its own document)."""
    _wrapped.cache_clear()
    _last_long[:] = [None, ()]
    if _document is not None:
        _document.clear()


@contextmanager
def one_document() -> Iterator[None]:
    """Within: every string wrapped is remembered, however many; on leaving, everything is forgotten.

    For rendering one document's template and its catalogs, which write each msgid once per
    file, in the same order.  The bounded memory is least recently used first: a document with
    more distinct strings than it holds (67,000 paragraphs in 50 MB) had each one forgotten just
    before the next file asked for it again, so every file wrapped every string anew.  Remembering
    them all costs about the msgids' own size, for one document at a time.
    """
    global _document
    previous, _document = _document, {}
    try:
        yield
    finally:
        _document = previous
        forget()


#: Strings remembered outside :func:`one_document`: the short ones that come back in every file
#: (dates, names, the header's), never a corpus' worth of paragraphs.
REMEMBERED = 1 << 10


@lru_cache(maxsize=REMEMBERED)
def _wrapped(prefix: str, keyword: str, value: str, wrap: bool) -> tuple[str, ...]:
    """:func:`wrap_string`'s lines, computed.

    ``prefix`` is ``""``, ``"#~ "`` (obsolete), ``"#| "`` or ``"#~| "`` (previous).  A value that
    does not fit, or holds a newline before its end, starts with ``keyword ""``; each newline
    ends a line; the rest breaks at 79 columns.  ``wrap=False`` is the ``no-wrap`` flag.
    """
    width = (PAGE_WIDTH if wrap else 1 << 30) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    cuts: list[int]
    portions = _portions(value)
    for number, portion in enumerate(portions):
        text, overrides = _escaped(portion)
        start = len(keyword) + 1 if first else 0
        if len(text) > _LONG:
            cuts = _long_cuts(text, overrides, width)
            if first and (cuts or start > width or number < len(portions) - 1):
                lines.append(f'{prefix}{keyword} ""')
                first = False
        elif len(text) + start <= width and _column_offsets(text) is None:
            cuts = []  # fits: no need to look for opportunities
        else:
            possible, mandatory = _breaks(text, overrides)
            cuts = width_breaks(text, width, start, possible, mandatory)
            if first and (cuts or start > width or number < len(portions) - 1):
                lines.append(f'{prefix}{keyword} ""')
                first = False
                cuts = width_breaks(text, width, 0, possible, mandatory)
        if first and text and number < len(portions) - 1:
            lines.append(f'{prefix}{keyword} ""')
            first = False
        lead = f"{prefix}{keyword} " if first else prefix
        first = False
        bounds = [0, *cuts, len(text)]
        for line_number, (begin, end) in enumerate(zip(bounds, bounds[1:])):
            lines.append(f'{lead if line_number == 0 else prefix}"{text[begin:end]}"')
    return tuple(lines)
