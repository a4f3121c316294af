"""Where the translatable text of a Markdown document is: its blocks, located to the character.

markdown-it-py (CommonMark with GFM tables, front matter by mdit-py-plugins) says which blocks
a document has and which lines each covers (a token's ``map``); the source lines say where,
on each line, the block's text starts and ends once its container prefix (``> ``, a list
marker and its indentation, a heading's ``#``, a table's pipes) is left out.  The writer
(:mod:`pipeline.source.formats.markdown`) replaces exactly those characters, so everything else
of the file keeps its bytes.

A block is located by matching the parser's content against the end of each source line
(what a container prefix leaves); a block whose content cannot be matched that way is kept as
written and explained, never guessed at.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.core.model import Decision
from pipeline.source.formats import markdown_front_matter as front_matter
from pipeline.source.formats.markdown_source import ALT, ATX, CELL, PARAGRAPH, SETEXT, Block, Source, normalised, read_lines

_WORD = re.compile(r"\S+")
#: The container prefix a table row's first segment may hold before a leading pipe: block-quote
#: markers, list markers, indentation.
_PREFIX_ONLY = re.compile(r"(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)]))*[ \t]*")
_REFERENCE = re.compile(r"[ \t>]*\[[^\]]+\]:")


@dataclass(frozen=True)
class Layout:
    """What :func:`locate` found: the translatable blocks in document order, and a decision for
    every block (translated or kept as written) in line order."""

    blocks: tuple[Block, ...]
    decisions: tuple[Decision, ...]


@lru_cache(maxsize=2)
def parser(inline: bool = True):
    """The one markdown-it parser: CommonMark, GFM tables, YAML front matter (imported on first use).

    ``inline=False``: without the inline pass.  The blocks are all :func:`locate` needs, and
    parsing every paragraph's inline markup doubled its time (a paragraph that may be a lone
    image is parsed inline on its own).
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    return md if inline else md.disable("inline")


def locate(text: str) -> Layout:
    """The translatable blocks of the Markdown document ``text`` and the decisions taken."""
    source = read_lines(text)
    walk = _Walk(source)
    body = text[1:] if text.startswith("\ufeff") else text
    toml = front_matter.toml_fences(source)
    if toml is not None:  # the parser knows YAML front matter only: it sees blank lines instead
        walk.front_matter(*toml, front_matter.TOML)
        cut = source.ends[toml[1]] - (len(text) - len(body))
        body = "\n" * toml[1] + body[cut:]  # the same lines: every line before the last fence's end empty
    tokens = parser(inline=False).parse(body)
    for index, token in enumerate(tokens):
        walk.visit(tokens, index, token)
    walk.explain_uncovered()
    decisions = sorted(walk.decisions, key=lambda decision: decision.line)
    return Layout(tuple(walk.blocks), tuple(decisions))


class _Walk:
    """One pass over the token stream, collecting blocks and decisions."""

    def __init__(self, source: Source):
        self.source = source
        self.blocks: list[Block] = []
        self.decisions: list[Decision] = []
        self.covered: set[int] = set()  # 0-based lines a leaf block (or a table) covers
        self.row: tuple[int, list[tuple[int, int]]] | None = None  # the table row: its line, its cells
        self.cell = 0

    def keep(self, line: int, reason: str) -> None:
        """A decision to keep the block at 0-based ``line`` as written."""
        self.decisions.append(Decision(line + 1, "drop", reason, self.source.line(line).strip()))

    def add(self, block: Block | None, line: int, failure: str) -> None:
        """Record ``block`` as a unit (``None``: it could not be located, so it is kept as written)."""
        if block is None:
            self.keep(line, f"{failure}: kept as written (its text could not be matched to the source lines)")
        elif block.text:
            self.blocks.append(block)
            self.decisions.append(Decision(block.line, "unit", block.reason, block.text))

    def cover(self, token) -> None:
        if token.map:
            self.covered.update(range(*token.map))

    def visit(self, tokens, index: int, token) -> None:
        kind = token.type
        if kind == "front_matter":
            self.front_matter(token.map[0], token.map[1] - 1, front_matter.YAML)
        elif kind == "heading_open":
            self.cover(token)
            self.heading(token, tokens[index + 1])
        elif kind == "paragraph_open":
            self.cover(token)
            self.paragraph(token, tokens[index + 1])
        elif kind == "table_open":
            self.cover(token)
            self.keep(token.map[0] + 1, "table delimiter row (column alignment): kept as written")
        elif kind == "tr_open":
            self.row, self.cell = (token.map[0], _cells(self.source.line(token.map[0]))), 0
        elif kind in ("th_open", "td_open"):
            self.table_cell(tokens[index + 1])
        elif kind in _KEPT:
            self.cover(token)
            self.keep(token.map[0], _kept_reason(token))

    def explain_uncovered(self) -> None:
        """Lines no block covers: reference-link definitions (markdown-it makes no token of them)."""
        for line in range(len(self.source.starts)):
            content = self.source.line(line)
            if line in self.covered or not content.strip() or _PREFIX_ONLY.fullmatch(content):
                continue
            if _REFERENCE.match(content):
                self.keep(line, "reference-link definition: not translated (its label and target stay as written)")
            else:
                self.keep(line, "continues the reference-link definition above: kept as written")

    def front_matter(self, first: int, last: int, syntax: str) -> None:
        """The front matter between the fence lines ``first`` and ``last`` (0-based)."""
        self.covered.update(range(first, last + 1))
        keys = " and ".join(front_matter.TRANSLATED_KEYS)
        self.keep(first, f"front matter ({syntax.upper()}): kept as written but for the string values of {keys}")
        for block in front_matter.values(self.source, first, last, syntax):
            self.add(block, block.line - 1, "")

    def heading(self, token, inline) -> None:
        content = inline.content
        if not content.strip():
            self.keep(token.map[0], "empty heading: nothing to translate")
        elif token.markup.startswith("#"):
            self.add(_atx(self.source, token.map[0], content), token.map[0], "heading")
        else:
            block = _lines_block(self.source, token.map[0], token.map[1] - 1, content, SETEXT, "setext heading (underlined)")
            self.add(block and replace(block, heading=True), token.map[0], "heading")

    def paragraph(self, token, inline) -> None:
        first, last = token.map
        alone = _lone_image(inline)
        if alone is not None:
            self.add(_alt(self.source, first, inline.content, alone), first, "image")
            if not alone.content.strip():
                self.keep(first, "image without alt text: nothing to translate")
            return
        lines = last - first
        reason = "paragraph" if lines == 1 else f"paragraph of {lines} lines, joined"
        self.add(_lines_block(self.source, first, last, inline.content, PARAGRAPH, reason), first, "paragraph")

    def table_cell(self, inline) -> None:
        assert self.row is not None  # a cell is always inside a row
        line, cells = self.row
        index, self.cell = self.cell, self.cell + 1
        if not inline.content.strip():
            return
        # A leading pipe leaves the container prefix (or nothing) as the first segment.
        offset = 1 if len(cells) > 1 and _PREFIX_ONLY.fullmatch(self.source.text[cells[0][0] : cells[0][1]]) else 0
        block = None
        if offset + index < len(cells):
            block = _cell(self.source, line, cells[offset + index], inline.content, index)
        self.add(block, line, "table cell")


_KEPT = ("fence", "code_block", "html_block", "hr")


def _kept_reason(token) -> str:
    if token.type == "fence":
        return "fenced code block: code is not translated"
    if token.type == "code_block":
        return "indented code block: code is not translated"
    if token.type == "hr":
        return "thematic break"
    if token.content.lstrip().startswith("<!--"):
        return "HTML comment: not translated"
    return "HTML block: kept as written"


def _piece(source: Source, line: int, content: str) -> tuple[int, int] | None:
    """Where ``content`` (stripped) ends line ``line`` (trailing white space aside), or None."""
    body = source.line(line).rstrip()
    content = content.strip()
    if not content or not body.endswith(content):
        return None
    start = source.starts[line]
    return start + len(body) - len(content), start + len(body)


def _lines_block(source: Source, first: int, last: int, content: str, context: str, reason: str) -> Block | None:
    """A block whose text is the end of each of the lines ``first``…``last - 1`` (paragraph, setext heading)."""
    parts = content.split("\n")
    if len(parts) != last - first:
        return None
    pieces = [_piece(source, line, part) for line, part in zip(range(first, last), parts)]
    if any(piece is None for piece in pieces):
        return None
    return Block(normalised(content), first + 1, context, tuple(p for p in pieces if p is not None), reason)


def _atx(source: Source, line: int, content: str) -> Block | None:
    """An ATX heading: its text sits between the opening ``#``s and an optional closing sequence."""
    body = source.line(line)
    at = body.rfind(content) if content else -1
    if at < 0:
        return None
    start = source.starts[line] + at
    return Block(normalised(content), line + 1, ATX, ((start, start + len(content)),), "heading (#)", heading=True)


def _lone_image(inline):
    """The image token when it is alone in the paragraph (white space aside), else None."""
    content = inline.content
    if not (content.startswith("![") and content.endswith((")", "]"))):
        return None  # (the cheap test first: most paragraphs are not an image)
    children = [child for block in parser().parseInline(content) for child in block.children or ()]
    children = [c for c in children if not (c.type in ("text", "softbreak") and not c.content.strip())]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


def _alt(source: Source, line: int, content: str, image) -> Block | None:
    """An image alone in its paragraph: its alt text (the raw label between ``![`` and ``]``) is the unit."""
    label = image.content
    if not label.strip():
        return Block("", line + 1, ALT, (), "")
    body = source.line(line)
    opening = body.find("![")
    if "\n" in label or opening < 0 or body[opening + 2 : opening + 2 + len(label)] != label:
        return None
    start = source.starts[line] + opening + 2
    return Block(normalised(label), line + 1, ALT, ((start, start + len(label)),), "image alone in its paragraph: its alt text")


def _cells(row: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the segments of a table row between unescaped pipes (a trailing pipe ends the last)."""
    segments, start, escaped = [], 0, False
    end = len(row.rstrip())
    if end and row[end - 1] == "|" and not (end > 1 and row[end - 2] == "\\"):
        end -= 1
    for at in range(end):
        char = row[at]
        if char == "|" and not escaped:
            segments.append((start, at))
            start = at + 1
        escaped = char == "\\" and not escaped
    segments.append((start, end))
    return segments


def _cell(source: Source, line: int, segment: tuple[int, int], content: str, index: int) -> Block | None:
    """A table cell: the parser's cell text ends the segment, every ``|`` in it written ``\\|``
    (GFM's rule); before it, white space only, or in the row's first segment the container
    prefix (``> a | b``)."""
    base = source.starts[line]
    raw = source.text[base + segment[0] : base + segment[1]].rstrip()
    text = content.strip().replace("|", "\\|")
    before = raw[: len(raw) - len(text)]
    if not raw.endswith(text) or not (before.isspace() or not before or (segment[0] == 0 and _PREFIX_ONLY.fullmatch(before))):
        return None
    start = base + segment[0] + len(before)
    return Block(normalised(text), line + 1, CELL, ((start, start + len(text)),), f"table cell (column {index + 1})")


class Anchors(Sequence):
    """A unit's anchors, ``(offset in the unit, 1-based line, 1-based column)`` for every word
    (see :class:`~pipeline.core.model.Unit`), computed when first read: most jobs never locate
    a word, and a tuple a word is ~130 bytes.  A quoted front-matter value: its words as
    written, quotes and escapes included."""

    __slots__ = ("_source", "_pieces", "_found")

    def __init__(self, source: Source, block: Block):
        self._source: Source | None = source
        self._pieces = block.pieces
        self._found: tuple[tuple[int, int, int], ...] | None = None

    def _load(self) -> tuple[tuple[int, int, int], ...]:
        if self._found is None:
            assert self._source is not None  # dropped only once the anchors are found
            found, offset, source = [], 0, self._source
            for start, end in self._pieces:
                number = max(0, bisect_right(source.starts, start) - 1)
                column = start - source.starts[number] + 1
                for word in _WORD.finditer(source.text, start, end):
                    found.append((offset, number + 1, column + word.start() - start))
                    offset += len(word.group()) + 1
            self._found, self._source = tuple(found), None
        return self._found

    def __len__(self) -> int:
        return len(self._load())

    def __getitem__(self, index):
        return self._load()[index]

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return self._load() == tuple(tuple(item) for item in other)

    def __hash__(self) -> int:
        return hash(self._load())

    def __repr__(self) -> str:
        return f"<anchors of {len(self)} words>"
