"""Markdown: CommonMark with GFM tables and YAML front matter, read with markdown-it-py.

Units, in document order: the front matter's ``title`` and ``description`` (string values
written on one line), headings (``#`` and underlined), paragraphs (in block quotes and list
items too), table cells (header and body) and the alt text of an image alone in its
paragraph.  Not translated, kept as written: code blocks (fenced and indented), HTML blocks
and comments, the other front-matter keys and values, reference-link definitions, thematic
breaks.  Inline markup stays in the unit as the author wrote it (``**bold**``, ``_em_``,
``[text](url "title")``, `` `code` ``, ``<https://…>``): translators see and keep it, and the
``markup`` check (:mod:`pipeline.checks.markup`) holds the translation to the same links,
emphasis and code.  A hard-wrapped paragraph is one unit, its lines joined with single spaces.

Writing back splices each shipped text into the original source (see
:mod:`pipeline.source.formats.markdown_blocks` for how each block is located): a unit shipped
as its own text keeps its bytes, so a catalog translated to itself gives the file back byte for
byte, a BOM included (the decoded text keeps it, the only text format that does, for this).
A translated unit is written on one line in the place of its text, under the same container
prefix (``> ``, the list item's indentation), so a hard-wrapped paragraph comes back as one
long line, which Markdown renders the same.  What Markdown would read otherwise is escaped:
``|`` in a table cell, a leading ``#``, ``>``, list marker or fence in a paragraph, unbalanced
brackets in an alt text, and a front-matter value that YAML would not read back as the same
string is double-quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.inline_tags import tag_problems
from pipeline.core.model import HEADING, PARAGRAPH, TITLE, Document, Segmentation, Unit
from pipeline.source.decode import decode_utf8
from pipeline.source.formats import markdown_blocks as blocks
from pipeline.source.formats import markdown_front_matter as front_matter
from pipeline.source.formats import markdown_source as located

_BOM = b"\xef\xbb\xbf"
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")
#: A line start Markdown would read as block syntax rather than paragraph text.
_BLOCK_START = re.compile(r"#{1,6}(?:[ \t]|$)|>|[-+*](?:[ \t]|$)|`{3}|~{3}|[-*_](?:[ \t]*[-*_]){2,}[ \t]*$")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])(?:[ \t]|$)")
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


class Markdown:
    """The ``markdown`` format (``.md``, ``.markdown``)."""

    name = "markdown"
    summary = (
        "headings, paragraphs, list items, block quotes, table cells, image alt text and the front matter's "
        "title/description are units (inline markup kept as written); code, HTML, link definitions and other "
        "front matter are not"
    )
    binary = False

    def decode(self, path: Path, data: bytes) -> Document:
        """The document as UTF-8 text; a BOM is kept as the text's first character, so the
        writer gives it back (the parser and every unit leave it out)."""
        text = decode_utf8(path, data, "Markdown")
        if data.startswith(_BOM):
            if not text.strip():
                raise InputError(path, "the document is empty", "add text or remove the file from the corpus")
            text = "\ufeff" + text
        return Document(path=path, text=text, format=self.name)

    def segment(self, document: Document, names: frozenset[str]) -> Segmentation:
        """The units of ``document`` (``names`` are not needed: Markdown marks its own paragraphs)."""
        layout = blocks.locate(document.text)
        source = located.read_lines(document.text)
        units = []
        titled = False
        for block in layout.blocks:
            kind = PARAGRAPH
            if block.heading:
                kind = HEADING if titled else TITLE
                titled = True
            units.append(Unit(text=block.text, line=block.line, kind=kind, anchors=blocks.Anchors(source, block)))
        return Segmentation(document=document, units=tuple(units), decisions=layout.decisions)

    def render(self, document: Document, shipped: Sequence[str], locale: str) -> bytes:
        """The document with each unit's text replaced by its shipped text (see the module docstring)."""
        layout = blocks.locate(document.text)
        if len(shipped) != len(layout.blocks):
            raise ValueError(f"{len(shipped)} texts shipped for the {len(layout.blocks)} units of {document.path}")
        text, out, position = document.text, [], 0
        for block, translation in zip(layout.blocks, shipped):
            if translation == block.text or tag_problems(block.text, translation):
                continue  # its original bytes, as written
            start, end = block.pieces[0][0], block.pieces[-1][1]
            out.append(text[position:start])
            out.append(written(block, translation))
            position = end
        out.append(text[position:])
        return "".join(out).encode("utf-8")


def written(block: located.Block, translation: str) -> str:
    """``translation`` as Markdown source in the place of ``block``'s text: on one line, with
    what the block's context would read otherwise escaped."""
    line = _LINE_BREAKS.sub(" ", translation).strip()
    if block.context == located.CELL:
        return _UNESCAPED_PIPE.sub(r"\1\\|", line)
    if block.context == located.ALT:
        return line if _balanced(line) else line.replace("[", "\\[").replace("]", "\\]")
    if block.context == located.FRONT_MATTER:
        return front_matter.written(line, block.style)
    if block.context == located.ATX:
        line = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
    return _paragraph_start(line)


def _paragraph_start(line: str) -> str:
    """A backslash before a leading ``#``, ``>``, list marker, fence or rule, which would make
    the line another block than the paragraph or heading it replaces."""
    ordered = _ORDERED_START.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{line[ordered.end(1) :]}"
    if _BLOCK_START.match(line):
        return "\\" + line
    return line


def _balanced(text: str) -> bool:
    """Whether the unescaped brackets of ``text`` are balanced (an alt text may hold them so)."""
    depth = 0
    escaped = False
    for char in text:
        if not escaped and char in "[]":
            depth += 1 if char == "[" else -1
            if depth < 0:
                return False
        escaped = char == "\\" and not escaped
    return depth == 0


FORMAT = Markdown()
