"""The inline markup of a Markdown unit, as a translation must keep it: link targets, emphasis
and strong spans, code spans.

A Markdown unit keeps its inline markup as the author wrote it (``**bold**``, ``[text](url)``,
`` `code` ``), so a translator can drop a link or a code span by accident; the ``markup``
check (:mod:`pipeline.checks.markup`) compares what this module reads in the source and in
its translation.  The text is read with the same markdown-it parser as the documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.source.formats.markdown_blocks import parser

#: A full reference link's label, ``[text][label]``: markdown-it resolves it only with the
#: document's definitions, which a unit alone does not have, so its label is read here.
_REFERENCE_LABEL = re.compile(r"(?<!\\)\]\[([^\]\s][^\]]*)\]")


@dataclass(frozen=True)
class InlineMarkup:
    """What a unit's inline markup is made of, each list in source order."""

    links: tuple[str, ...]  # link and autolink targets as written; ``[label]`` for a reference link
    images: tuple[str, ...]  # image sources
    strong: int  # ``**…**`` / ``__…__`` spans
    emphasis: int  # ``*…*`` / ``_…_`` spans
    code: tuple[str, ...]  # code span contents, verbatim


def inline_markup(text: str) -> InlineMarkup:
    """The inline markup of the Markdown text ``text`` (one unit: a paragraph, a heading, a cell)."""
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    strong = emphasis = 0
    plain: list[str] = []  # the text outside code spans, where reference labels are looked for
    for block in parser().parseInline(text):
        for token in block.children or ():
            if token.type == "link_open":
                links.append(_target(token))
            elif token.type == "image":
                images.append(str(token.attrGet("src") or ""))
            elif token.type == "strong_open":
                strong += 1
            elif token.type == "em_open":
                emphasis += 1
            elif token.type == "code_inline":
                code.append(token.content)
            elif token.type == "text":
                plain.append(token.content)
    links.extend(f"[{label}]" for label in _REFERENCE_LABEL.findall("".join(plain)))
    return InlineMarkup(tuple(links), tuple(images), strong, emphasis, tuple(code))


def _target(token) -> str:
    """A link's target: its href as the parser reads it (the same way in the source and the
    translation, so both are compared alike: an e-mail autolink is ``mailto:…``)."""
    return str(token.attrGet("href") or "")
