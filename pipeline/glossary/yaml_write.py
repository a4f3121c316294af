"""YAML text written by hand: the scalar, mapping and list lines of glossary files, in a file's Style.

Public API::

    Style                                          how a file lays out its entries
    pair_lines(column, key, value, style) -> [str]   ``key: value`` as YAML lines
    sequence_lines(items, column, style) -> [str]    a block list as YAML lines
    plain_or_quoted(text) -> str                   a key or scalar that loads back as ``text``

Used by :mod:`.dump` (whole files and entries) and :mod:`.yaml_layout` (editing an entry in place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# --------------------------------------------------------------------------- YAML text of entries
#
# Entries are written by hand here rather than by yaml.safe_dump: PyYAML's emitter is pure
# Python (3 ms an entry, most of a 10,000-entry import) and cannot indent lists under their key
# the way glossary/*.yaml does.  The schema is small (mappings, lists, strings, booleans), so
# the only subtle part is choosing a scalar style that loads back as the same string; the
# choice is conservative (plain only when certainly safe, else double quotes with escapes).


@dataclass(frozen=True)
class Style:
    """How a glossary file lays out its entries (:func:`.yaml_layout.file_layout` reads it from a file).

    The defaults are the house style of ``glossary/*.yaml``: ``- id:`` at column 2 under
    ``terms:`` (``dash_gap``: from the dash to the text after it), nested mappings and lists
    indented by 2 (lists under their key), one blank line between entries, a string that
    would pass column ``width`` as a folded ``>-`` block.
    """

    item_column: int = 2
    dash_gap: int = 2
    indent: int = 2
    indent_sequences: bool = True
    gap: int = 1
    width: int = 100
    folded: bool = True


_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_NOT_PRINTABLE = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_FOLD_AT = re.compile(r"(?<=\S) (?=\S)")  # a single space between two words: folding keeps it


@lru_cache(maxsize=1)
def _resolver():
    import yaml  # here: only when writing (l10n check's start-up never needs PyYAML)

    return yaml.resolver.Resolver(), yaml.ScalarNode


def _plain_ok(text: str) -> bool:
    """Whether ``text`` can be written unquoted and loads back as this same string."""
    if not text or text[0] in _NOT_PLAIN_START or text[-1] in " \t:" or _NOT_PRINTABLE.search(text):
        return False
    if ": " in text or " #" in text or "\t" in text:
        return False
    resolver, node = _resolver()  # yes, no, 1992, ~, 1.5, 2024-01-01 ... would load as other types
    return resolver.resolve(node, text, (True, False)) == "tag:yaml.org,2002:str"


def _quoted(text: str) -> str:
    """A double-quoted scalar: every character that is not printable (or a line break) escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _NOT_PRINTABLE.match(char):
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _literal(text: str) -> tuple[str, list[str]] | None:
    """``("|-" or "|", lines)`` for a text with line breaks, or None when a block could change it."""
    trailing = len(text) - len(text.rstrip("\n"))
    body = text[:-1] if trailing == 1 else text
    lines = body.split("\n")
    # Leading blanks need an indentation indicator and extra final newlines need "|+" (which would
    # swallow the blank line after the entry): both are written double-quoted instead.
    if trailing > 1 or not body.strip() or not lines[0] or _NOT_PRINTABLE.search(body.replace("\n", "")):
        return None
    if any(line[:1] in (" ", "\t") or (line and not line.strip()) for line in lines):
        return None
    return ("|" if trailing else "|-"), lines


def _folded(text: str, room: int) -> list[str] | None:
    """A one-line text cut into lines of at most ``room`` characters for a ``>-`` block, or None."""
    if text[:1] in (" ", "\t") or text[-1:] in (" ", "\t") or "\t" in text or _NOT_PRINTABLE.search(text):
        return None
    lines: list[str] = []
    for word in _FOLD_AT.split(text):
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines if len(lines) > 1 else None


def _scalar(head: str, value: Any, column: int, style: Style) -> list[str]:
    """``head`` followed by the scalar ``value``; a block scalar's lines at ``column``."""
    if isinstance(value, bool):
        return [f"{head} {'true' if value else 'false'}"]
    if isinstance(value, (dict, list)):  # empty: a non-empty one is a block
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    text = str(value)
    indent = " " * column
    if "\n" in text and (block := _literal(text)) is not None:
        return [f"{head} {block[0]}"] + [indent + line if line else "" for line in block[1]]
    if style.folded and len(head) + 1 + len(text) > style.width and "\n" not in text:
        lines = _folded(text, max(style.width - column, 20))
        if lines is not None:
            return [f"{head} >-"] + [indent + line for line in lines]
    return [f"{head} {text if _plain_ok(text) else _quoted(text)}"]


def plain_or_quoted(key: Any) -> str:
    """``key`` as a YAML scalar that loads back as the same string: plain when safe, else double-quoted."""
    text = str(key)
    return text if _plain_ok(text) else _quoted(text)


def _pair(column: int, key: Any, value: Any, style: Style) -> list[str]:
    head = " " * column + plain_or_quoted(key) + ":"
    if isinstance(value, dict) and value:
        return [head] + _mapping(value, column + style.indent, style)
    if isinstance(value, list) and value:
        return [head] + _sequence(value, column + (style.indent if style.indent_sequences else 0), style)
    return _scalar(head, value, column + style.indent, style)


def _mapping(value: dict, column: int, style: Style) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        lines += _pair(column, key, item, style)
    return lines


def _sequence(items: list, column: int, style: Style) -> list[str]:
    """A block list with its dashes at ``column``; a mapping item starts on its dash line."""
    lines: list[str] = []
    gap = max(style.dash_gap, 2)
    dash = " " * column + "-" + " " * (gap - 1)
    for item in items:
        if isinstance(item, dict) and item:
            inner = _mapping(item, column + gap, style)
        elif isinstance(item, list) and item:
            inner = _sequence(item, column + gap, style)
        else:
            lines += _scalar(dash[:-1], item, column + gap, style)
            continue
        lines += [dash + inner[0][column + gap :]] + inner[1:]
    return lines


def pair_lines(column: int, key: Any, value: Any, style: Style = Style()) -> list[str]:
    """``key: value`` with the key at ``column``, as YAML lines (no line ends) in ``style``."""
    return _pair(column, key, value, style)


def sequence_lines(items: list, column: int, style: Style = Style()) -> list[str]:
    """The items of a block list with their dashes at ``column``, as YAML lines (no line ends)."""
    return _sequence(items, column, style)
