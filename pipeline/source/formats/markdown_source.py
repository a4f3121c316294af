"""A Markdown document's lines and the located blocks of text the writer replaces: the nouns
shared by :mod:`~pipeline.source.formats.markdown_blocks` (the body) and
:mod:`~pipeline.source.formats.markdown_front_matter` (the front matter)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: What a block's text is, for the writer: how a translation is written back in its place.
PARAGRAPH = "paragraph"
ATX = "atx-heading"
SETEXT = "setext-heading"
CELL = "table-cell"
ALT = "image-alt"
FRONT_MATTER = "front-matter"

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Source:
    """The document's text cut into lines: ``starts[i]``/``ends[i]`` are the offsets of line
    ``i`` (0-based) without its line end; a BOM at the start of the text is left out of line 0."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def line(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]


def read_lines(text: str) -> Source:
    """The lines of ``text`` (LF, CRLF and CR end a line, as markdown-it normalises them)."""
    starts, ends = [1 if text.startswith("\ufeff") else 0], []
    for match in _LINE_END.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    if starts[-1] == len(text) and len(starts) > 1:  # a final line end adds no empty line
        starts.pop()
        ends.pop()
    return Source(text, tuple(starts), tuple(ends))


@dataclass(frozen=True)
class Block:
    """One translatable block: its normalised text and where that text is in the file.

    ``pieces`` are ``(start, end)`` offsets of the text on each line it covers, in order; the
    writer replaces ``text[pieces[0][0]:pieces[-1][1]]`` (container prefixes of the lines after
    the first go with it: a translation is written on one line).  ``style`` is a front-matter
    value's syntax and quoting (``yaml-plain``, ``yaml'``, ``yaml"``, ``toml'``, ``toml"``),
    else empty.
    """

    text: str
    line: int  # 1-based
    context: str  # PARAGRAPH, ATX, SETEXT, CELL, ALT or FRONT_MATTER
    pieces: tuple[tuple[int, int], ...]
    reason: str
    style: str = ""
    heading: bool = False  # a heading or the front-matter title (the first one is the TITLE)


def normalised(text: str) -> str:
    """White space runs as single spaces, stripped at both ends."""
    return " ".join(text.split())
