"""Word documents (.docx): the body's paragraphs are units, everything else is carried through.

What is a unit: each paragraph of the document's body with text, in document order: Normal
paragraphs, the Title, headings, list items (numbered or bulleted), and paragraphs in table
cells (nested tables too).  Empty paragraphs, and paragraphs with nothing but an image, a break
or a field, are not units.  A unit's ``line`` is the paragraph's 1-based position among all
the body's paragraphs (empty ones and those in tables counted; text boxes' not), so
``doc.docx:12`` is the 12th paragraph.

Inside a paragraph, runs formatted otherwise than the paragraph's own text, links, breaks,
images and fields are placeholder tags (:mod:`pipeline.source.formats.docx_runs`).

Kinds: the first paragraph in a Title or Heading 1 style (or a style based on one, or outline
level 1) is the TITLE, any later one and every other heading level a HEADING, the rest
PARAGRAPH.  A document with no Title or Heading 1 at all gets the plain-text rule for its first
unit: TITLE when it reads like one (at most 200 characters, not ending a sentence), so a
statement whose title was typed in a Normal paragraph has the kind its plain-text copy has.

Carried through untranslated (kept byte for byte): headers, footers, footnotes, endnotes,
comments, text boxes, styles, numbering, images and every other part of the package.

The localized document: the source's zip with ``word/document.xml`` rewritten only where a unit
ships a text other than its own; when none does, the source's bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.inline_tags import TAG, tag_problems
from pipeline.core.model import HEADING, PARAGRAPH, TITLE, Decision, Document, Segmentation, Unit
from pipeline.source.formats.docx_package import Package, open_package, parse_xml, replace_member, serialize
from pipeline.source.formats.docx_rebuild import rebuild_paragraph
from pipeline.source.formats.docx_runs import Element, Tagged, read_paragraph, w
from pipeline.source.segment import TITLE_LIMIT

_SENTENCE_END = ".!?…:;"
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class Block:
    """One paragraph of the body as the reader sees it."""

    line: int  # its 1-based position among the body's paragraphs
    element: Element
    tagged: Tagged
    level: int | None  # 0 Title, 1-9 Heading N, None for the rest
    listed: bool  # numbered or bulleted
    tables: int  # how many tables it is nested in
    text_boxes: int


def body_paragraphs(root: Element) -> list[Element]:
    """The body's paragraphs in document order, in table cells too, not those of text boxes
    (which sit inside another paragraph's run)."""
    body = root.find(w("body"))
    if body is None:
        return []
    return [p for p in body.iter(w("p")) if next(p.iterancestors(w("p")), None) is None]


def read_blocks(package: Package, root: Element) -> list[Block]:
    """Every body paragraph as a :class:`Block`."""
    blocks = []
    for line, paragraph in enumerate(body_paragraphs(root), start=1):
        properties = paragraph.find(w("pPr"))
        style = package.default_style
        style_element = properties.find(w("pStyle")) if properties is not None else None
        if style_element is not None:
            style = style_element.get(w("val"))
        level = package.levels.get(style or "")
        outline = properties.find(w("outlineLvl")) if properties is not None else None
        if outline is not None and (outline.get(w("val")) or "").isdigit():
            value = int(outline.get(w("val")))
            level = value + 1 if value < 9 else None
        number = properties.find(f"{w('numPr')}/{w('numId')}") if properties is not None else None
        listed = (number is not None and number.get(w("val")) != "0") or (number is None and style in package.list_styles)
        tables = sum(1 for _ in paragraph.iterancestors(w("tbl")))
        text_boxes = sum(1 for _ in paragraph.iter(w("txbxContent")))
        blocks.append(Block(line, paragraph, read_paragraph(paragraph), level, listed, tables, text_boxes))
    return blocks


def _reads_as_title(text: str) -> bool:
    """The plain-text segmenter's title rule: short, and not ending a sentence."""
    words = TAG.sub("", text).rstrip().rstrip(_CLOSERS)
    return len(text) <= TITLE_LIMIT and not words.endswith(tuple(_SENTENCE_END))


def _kinds(blocks: list[Block]) -> list[str]:
    """The kind of each block that is a unit (see the module's rules)."""
    units = [block for block in blocks if block.tagged.has_words]
    titled = any(block.level in (0, 1) for block in units)
    kinds, title_given = [], False
    for index, block in enumerate(units):
        if block.level in (0, 1) and not title_given:
            kind, title_given = TITLE, True
        elif block.level is not None:
            kind = HEADING
        elif index == 0 and not titled and _reads_as_title(block.tagged.text):
            kind = TITLE
        else:
            kind = PARAGRAPH
        kinds.append(kind)
    return kinds


def _what(block: Block, kind: str) -> str:
    """Why a block is a unit, in a user's words."""
    if block.level is not None:
        style = "Title" if block.level == 0 else f"Heading {block.level}"
        what = f"{style} style: {'the title' if kind == TITLE else 'a heading'}"
    elif kind == TITLE:
        what = "the first paragraph reads like a title (short, no sentence end) and no paragraph has a Title or Heading 1 style"
    else:
        what = "a list item (numbered or bulleted)" if block.listed else "a paragraph"
    where = "" if not block.tables else " in a table cell" if block.tables == 1 else " in a nested table's cell"
    tags = len(block.tagged.slots)
    inline = f"; {tags} inline element{'s' if tags > 1 else ''} as placeholder tags" if tags else ""
    return f"{what}{where}{inline}"


def _decisions(blocks: list[Block], kinds: list[str], package: Package) -> list[Decision]:
    decisions = []
    kind_of = iter(kinds)
    for block in blocks:
        text = block.tagged.text
        if block.tagged.has_words:
            decisions.append(Decision(block.line, "unit", _what(block, next(kind_of)), text))
        elif text:
            decisions.append(Decision(block.line, "drop", "no text, only an image, a break or a field: carried through", text))
        else:
            decisions.append(Decision(block.line, "drop", "an empty paragraph (spacing): carried through", ""))
        if block.text_boxes:
            decisions.append(Decision(block.line, "drop", "a text box in this paragraph: carried through untranslated", ""))
    for member, what in package.stories:
        decisions.append(Decision(0, "drop", f"{what} ({member}): carried through untranslated", ""))
    return decisions


def _read(path: Path, data: bytes) -> tuple[Package, Element, list[Block]]:
    package = open_package(path, data)
    tree = parse_xml(path, package.xml)
    return package, tree, read_blocks(package, tree.getroot())


class WordDocx:
    """The ``docx`` format (``.docx``)."""

    name = "docx"
    summary = (
        "body paragraphs (title, headings, list items, table cells) are units, their runs' formatting, links, breaks, "
        "images and fields placeholder tags; headers, footers, notes, comments and text boxes carried through untranslated"
    )
    binary = True

    def decode(self, path: Path, data: bytes) -> Document:
        _, _, blocks = _read(path, data)
        text = "\n\n".join(block.tagged.text for block in blocks if block.tagged.has_words)
        return Document(path=path, text=text, format=self.name, raw=data)

    def segment(self, document: Document, names: frozenset[str]) -> Segmentation:
        package, _, blocks = _read(document.path, document.raw)
        kinds = _kinds(blocks)
        units = tuple(
            Unit(text=block.tagged.text, line=block.line, kind=kind)
            for block, kind in zip([b for b in blocks if b.tagged.has_words], kinds)
        )
        return Segmentation(document, units, tuple(_decisions(blocks, kinds, package)))

    def render(self, document: Document, shipped: Sequence[str], locale: str) -> bytes:
        package, tree, blocks = _read(document.path, document.raw)
        units = [block for block in blocks if block.tagged.has_words]
        if len(shipped) != len(units):
            raise ValueError(f"{len(shipped)} texts shipped for the {len(units)} units of {document.path}")
        changed = False
        for block, text in zip(units, shipped):
            if text == block.tagged.text or tag_problems(block.tagged.text, text):
                continue  # unchanged, or tags that do not match the source's: the source paragraph stays
            rebuild_paragraph(block.element, block.tagged, text, locale.replace("_", "-"))
            changed = True
        if not changed:
            return document.raw
        return replace_member(document.raw, package.member, serialize(tree, package.xml))


FORMAT = WordDocx()
