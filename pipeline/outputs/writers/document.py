"""``<out>/<lang>/<stem>.<ext>``: the localized document, in the source document's own format.

Plain text is the source re-segmented, every unit replaced by its reviewed translation (or
kept in the source language), in document order, a blank line between units and a final
newline; Markdown, HTML and Word documents keep everything but their units' text
(:mod:`pipeline.source.formats`), and HTML gets its root's ``lang`` and ``dir``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.model import Document
from pipeline.outputs.writers.base import DocumentPlan
from pipeline.source.formats import render_localized


def document_path(out_dir: Path, locale: str, stem: str, suffix: str = ".txt") -> Path:
    """``<out>/<lang>/<stem><suffix>`` (the source document's extension)."""
    return Path(out_dir) / locale / f"{stem}{suffix}"


class LocalizedDocumentWriter:
    """The ``document`` bundle format."""

    def path(self, out_dir: Path, locale: str, document: Document) -> Path:
        return document_path(out_dir, locale, document.stem, document.path.suffix)

    def render(self, plan: DocumentPlan) -> bytes:
        shipped = [text for _, text in plan.localized.texts]
        return render_localized(plan.document, shipped, plan.locale)


WRITER = LocalizedDocumentWriter()
