"""``<out>/<lang>/<stem>.txt``: the localized document.

The source re-segmented, every unit replaced by its reviewed translation (or kept in the
source language), in document order, a blank line between units and a final newline.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.outputs.localize import Localized
from pipeline.outputs.writers.base import DocumentPlan


def render_document(localized: Localized) -> bytes:
    """The localized document: units in order, a blank line between them, a final newline."""
    return ("\n\n".join(shipped for _, shipped in localized.texts) + "\n").encode("utf-8")


def document_path(out_dir: Path, locale: str, stem: str) -> Path:
    """``<out>/<lang>/<stem>.txt``."""
    return Path(out_dir) / locale / f"{stem}.txt"


class DocumentTextWriter:
    """The ``document`` bundle format."""

    def path(self, out_dir: Path, locale: str, stem: str) -> Path:
        return document_path(out_dir, locale, stem)

    def render(self, plan: DocumentPlan) -> bytes:
        return render_document(plan.localized)


WRITER = DocumentTextWriter()
