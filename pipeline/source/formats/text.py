"""Plain text: UTF-8 documents cut by the paragraph rules of :mod:`pipeline.source.segment`.

The localized document is the units in order, a blank line between them and a final newline
(the page furniture the segmenter dropped stays dropped), as the bundle has always written it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.core.model import Document, Segmentation
from pipeline.source.decode import decode_utf8
from pipeline.source.segment import segment


class PlainText:
    """The ``text`` format (``.txt``)."""

    name = "text"
    summary = "paragraphs found by the plain-text rules (blank lines, hard wraps, broken paragraphs); page furniture dropped"
    binary = False

    def decode(self, path: Path, data: bytes) -> Document:
        return Document(path=path, text=decode_utf8(path, data))

    def segment(self, document: Document, names: frozenset[str]) -> Segmentation:
        return segment(document, names)

    def render(self, document: Document, shipped: Sequence[str], locale: str) -> bytes:
        return ("\n\n".join(shipped) + "\n").encode("utf-8")


FORMAT = PlainText()
