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

import importlib.util
import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, cast

from pipeline.core.cache import read_cached, store_cached

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

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
_SUFFIXES = frozenset(
    {
        "lets",
        "let",
        "ling",
        "lings",
        "ness",
        "ship",
        "ships",
        "hood",
        "less",
        "ful",
        "wise",
        "ward",
        "wards",
        "like",
        "able",
        "ably",
        "ers",
        "ing",
        "ings",
        "ism",
        "ist",
        "ists",
    }
)
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
def english_words() -> "EnglishWords":
    """pyspellchecker's English word-frequency list (word -> frequency), loaded once.

    Parsing its JSON (160,000 words) took ~0.2 s, most of a one-file check, and even a dict
    unmarshalled from the user's cache ~40 ms; :class:`EnglishWords` keeps the list as sorted
    text instead and finds a word in it when asked.  The first run makes that text from the
    package's ``en.json.gz`` (decompressed and checked, a piece at a time, not parsed: ~20 ms) and keeps
    it in the user's cache directory, keyed by the file's size and date; later runs read it
    in a couple of milliseconds.
    """
    # found, not imported: only its data file is read (a dependency, so always found, from a file)
    spec = cast("ModuleSpec", importlib.util.find_spec("spellchecker"))
    source = Path(cast(str, spec.origin)).parent / "resources" / "en.json.gz"
    stat = source.stat()
    name = f"en-words-{stat.st_size}-{int(stat.st_mtime)}.v2.txt"
    cached = read_cached(name)
    if cached is not None:
        try:
            return EnglishWords.from_bytes(cached)
        except ValueError:  # a damaged cache entry: make it again
            pass
    words = EnglishWords.from_json_gz(source.read_bytes())
    store_cached(name, *words.to_chunks())
    return words


class EnglishWords(Mapping):
    """A word list (word -> frequency) kept as sorted lines of text, each ``"word": frequency``.

    A lookup bisects a sparse index of the lines (the first of every ~1 KB) and searches one
    block: a few microseconds, and nothing to build on loading but that index (~3,000 keys).
    Answers are kept (:meth:`frequency`), since a text asks about the same words again and
    again: asking again is a dict lookup.
    """

    _MAGIC = b"l10n-english-words 2"
    _BLOCK_BYTES = 1024

    def __init__(self, data: bytes, count: int, start: int = 0, end: int | None = None):
        """``data[start:end]``: the records in byte order, each line ``"word": frequency`` (JSON
        spacing, a comma after it allowed), with a line break before the first and after the
        last.  (The bytes around them, a file's braces or a cache entry's header, are not
        copied away: the list is 2.7 MB.)"""
        end = len(data) if end is None else end
        self._data, self._count, self._start, self._end = data, count, start, end
        self._starts: list[int] = []
        self._keys: list[bytes] = []
        at = start + 1
        while at < end:
            self._starts.append(at)
            self._keys.append(data[at : data.index(b"\n", at)])
            at = data.find(b"\n", at + self._BLOCK_BYTES, end) + 1 or end
        #: ``frequency(word)``: the word's frequency, None when it is not in the list (the
        #: checks' fast path: a C dict lookup once a word has been asked about).
        self.frequency = _Answers(self._look_up).__getitem__

    @classmethod
    def from_json_gz(cls, compressed: bytes) -> "EnglishWords":
        """The list in pyspellchecker's gzipped JSON, as ``SpellChecker(language="en")`` reads it.

        The file as pyspellchecker writes it has one '"word": frequency' a line: lines that hold
        two quotes (one key, a value that is no string) and no escapes, the words in lower case
        (pyspellchecker would lower them).  Then it is the list already, and needs sorting, not
        parsing; anything else is parsed as JSON.  The shape is read off the quotes, line ends,
        backslashes and capitals alone (see _STRUCTURE).
        """
        text = _gunzip(compressed).strip()
        # As shipped: "{", a line break, the lines, a line break, "}".  Then the bytes between
        # the braces are the list as it is kept, if they are plain and sorted.
        size = len(text)
        if size > 4 and text[:2] == b"{\n" and text[-2:] == b"\n}" and not text[2:3].isspace() and not text[-3:-2].isspace():
            count = _plain_and_sorted(text, 2, size - 2)
            if count:
                return cls(text, count, 1, size - 1)
        body = text[1:-1].strip() if text[:1] == b"{" and text[-1:] == b"}" else b""
        lines = body.split(b",\n")
        n = len(lines)
        plain = body.translate(None, _NOT_STRUCTURE) == b'""\n' * (n - 1) + b'""' and _lower_case(body, ascii_checked=True)
        ordered = sorted(lines)
        if not plain or ordered[0][:1] != b'"' or ordered[-1][:1] != b'"':  # sorted: all start with one
            return cls._from_json(text)
        if ordered == lines:  # the file's own bytes are the list (commas are read as JSON)
            return cls(b"\n" + body + b"\n", n)
        return cls(b"\n".join([b"", *ordered, b""]), n)

    @classmethod
    def _from_json(cls, text: bytes) -> "EnglishWords":
        """Any other shape of the list: parsed, lower-cased and summed as pyspellchecker does."""
        words: dict[str, int] = {}
        for word, frequency in json.loads(text).items():
            words[word.lower()] = words.get(word.lower(), 0) + frequency
        lines = sorted(filter(None, (_record(word, frequency) for word, frequency in words.items())))
        return cls(b"\n" + b"\n".join(lines) + b"\n", len(lines))

    def to_bytes(self) -> bytes:
        """The list as stored in the cache: a header line, then the records (see :meth:`from_bytes`)."""
        return b"".join(self.to_chunks())

    def to_chunks(self) -> tuple[bytes, memoryview]:
        """:meth:`to_bytes` in two pieces, the header and the records (not copied)."""
        header = b"%s %d %d" % (self._MAGIC, self._count, self._end - self._start)
        return header, memoryview(self._data)[self._start : self._end]

    @classmethod
    def from_bytes(cls, stored: bytes) -> "EnglishWords":
        """The list :meth:`to_bytes` stored; ValueError when ``stored`` is not one, or not all of one."""
        cut = stored.find(b"\n")
        header = stored[:cut].rsplit(b" ", 2)
        if cut < 0 or len(header) != 3 or header[0] != cls._MAGIC or int(header[2]) != len(stored) - cut:
            raise ValueError("not a stored English word list")
        return cls(stored, int(header[1]), cut)

    def get(self, word, default=None):
        """The frequency of ``word``, or ``default`` when it is not in the list."""
        try:
            found = self.frequency(word)
        except TypeError:  # unhashable: not a word
            found = None
        return default if found is None else found

    def _look_up(self, word: str) -> int | None:
        if '"' in word or "\n" in word:  # no key has one (from_json_gz makes sure)
            return None
        try:
            key = b'"' + word.encode("utf-8") + b'"'
        except UnicodeEncodeError:  # a lone surrogate: no word of the list
            return None
        # Only the word's own line starts with key (no key has a quote), and it sorts before
        # key + 0xff (a byte UTF-8 never has): it is in the last block whose first line does.
        block = bisect_right(self._keys, key + b"\xff") - 1
        if block < 0:
            return None
        end = self._starts[block + 1] if block + 1 < len(self._starts) else self._end
        at = self._data.find(b"\n" + key, self._starts[block] - 1, end)
        if at < 0:
            return None
        rest = self._data[at + 1 + len(key) : self._data.index(b"\n", at + 1)]  # ': 123,' (JSON spacing)
        value = rest.strip().removeprefix(b":").strip().removesuffix(b",").strip()
        if value.isdigit():
            return int(value)
        return json.loads(value)  # any other JSON number, as pyspellchecker would keep it

    def __contains__(self, word) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __iter__(self) -> Iterator[str]:
        for line in self._data[self._start + 1 : self._end - 1].split(b"\n") if self._count else ():
            yield line[1 : line.index(b'"', 1)].decode("utf-8")

    def __len__(self) -> int:
        return self._count


class _Answers(dict):
    """word -> frequency or None, each asked of the list once (``look_up``), then a dict lookup."""

    _LIMIT = 1 << 17  # answers kept before starting over, so memory stays bounded

    def __init__(self, look_up):
        super().__init__()
        self._look_up = look_up

    def __missing__(self, word):
        if len(self) >= self._LIMIT:
            self.clear()
        found = self[word] = self._look_up(word) if isinstance(word, str) else None
        return found


#: What :meth:`EnglishWords.from_json_gz` keeps of a file to judge its shape: quotes, line
#: ends, backslashes and ASCII capitals (``bytes.translate`` deletes every other byte).
_STRUCTURE = b'"\n\\ABCDEFGHIJKLMNOPQRSTUVWXYZ'
_NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(_STRUCTURE)))
_HIGH = bytes(range(128, 256))
_NOT_KEPT = bytes(sorted(set(range(128)) - set(_STRUCTURE)))  # what _plain_and_sorted deletes: ASCII but structure


_PIECE = 1 << 16  # _plain_and_sorted reads about this many bytes at a time


def _plain_and_sorted(data: bytes, start: int, end: int) -> int:
    """The number of lines of ``data[start:end]`` (cut at ``",\\n"``) if they are plain (each
    with two quotes, the first its first byte, no backslash, no upper-case letter) and sorted;
    else 0.

    What :meth:`EnglishWords.from_json_gz` asks of the whole text, asked a piece of about
    _PIECE bytes at a time, cut between two lines: the lines of one piece are freed before the
    next is split, so the same memory serves every piece (a list of every line was ~2,000 new
    pages of memory, a third of building the list).
    """
    count, last = 0, None
    while start < end:
        cut = data.find(b",\n", min(start + _PIECE, end), end)
        cut = end if cut < 0 else cut
        piece = data[start:cut]
        lines = piece.split(b",\n")
        # One pass keeps the structure and the non-ASCII bytes (a few): each is then judged on its own.
        kept = piece.translate(None, _NOT_KEPT)
        ascii_only = kept.isascii()
        if (kept if ascii_only else kept.translate(None, _HIGH)) != b'""\n' * (len(lines) - 1) + b'""':
            return 0
        if not ascii_only:
            rest = kept.translate(None, _STRUCTURE).decode("utf-8")  # whole UTF-8 sequences: only ASCII was cut out
            if rest.lower() != rest:
                return 0
        if lines[0][:1] != b'"' or lines[-1][:1] != b'"' or (last is not None and lines[0] < last) or sorted(lines) != lines:
            return 0
        count, last, start = count + len(lines), lines[-1], cut + 2
    return count if start == end + 2 else 0  # (start == end: the text ends with ",\n", an empty line)


def _gunzip(compressed: bytes) -> bytes:
    """``gzip.decompress(compressed)``: zlib's own gzip reader (CRC checked in C) for one member."""
    import zlib  # here: only the first run, which builds the cached list, decompresses

    reader = zlib.decompressobj(wbits=31)
    try:
        data = reader.decompress(compressed)
    except zlib.error:
        data = b""
    if reader.eof and not reader.unused_data:
        return data
    import gzip  # several members, or a damaged file: gzip's reading, and its errors

    return gzip.decompress(compressed)


def _lower_case(text: bytes, ascii_checked: bool = False) -> bool:
    """Whether UTF-8 ``text`` has no upper-case letter (``str.lower`` would change nothing).

    ``ascii_checked``: the caller knows it has no ASCII capital.
    """
    if not ascii_checked and text.lower() != text:  # bytes.lower: ASCII capitals only
        return False
    # What is left without the ASCII bytes is whole UTF-8 sequences, still UTF-8, and short.
    rest = text.translate(None, bytes(range(128))).decode("utf-8")
    return rest.lower() == rest


def _record(word: str, frequency) -> bytes | None:
    """``"word": frequency``, a line of :class:`EnglishWords`; None for a word no check asks about
    (one with a quote, a line break or a lone surrogate)."""
    if '"' in word or "\n" in word:
        return None
    try:
        return f'"{word}": {json.dumps(frequency)}'.encode("utf-8")
    except UnicodeEncodeError:
        return None


@lru_cache(maxsize=1)
def _longest_word() -> int:
    return max((len(word) for word in english_words()), default=0)


#: Tokens up to this long try every cut; longer ones only cuts that leave both halves no longer
#: than the longest word (a half longer than that is no word, so the answer is the same).
_ALL_CUTS = 40


@lru_cache(maxsize=1 << 16)  # a document repeats its unknown words (names, typos)
def _split(word: str) -> str | None:
    frequency = english_words().frequency
    if frequency(word) is not None:
        return None
    best, best_score = None, 0
    # Both halves must be dictionary words, so no half is longer than the longest one: the
    # cuts tried are bounded, and a long token costs no copy of itself per letter.
    longest = _longest_word() if len(word) > _ALL_CUTS else len(word)
    for cut in range(max(2, len(word) - longest), min(len(word) - 1, longest + 1)):
        left, right = word[:cut], word[cut:]
        if right in _SUFFIXES:
            continue
        score = min(frequency(left) or 0, frequency(right) or 0)
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
        found.setdefault(match.start(), Glued(match.start(), match.end(), match.group(0), f"{match.group(1)} {match.group(2)}"))
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
