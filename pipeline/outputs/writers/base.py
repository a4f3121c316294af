"""What a bundle format is given, and the two shapes of writer (per document, per locale)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Protocol

import polib

from pipeline.core.model import Document
from pipeline.outputs.localize import Localized


@dataclass(frozen=True)
class DocumentPlan:
    """One document emitted for one locale: its catalog and how it ships."""

    locale: str
    document: Document
    po: polib.POFile
    localized: Localized
    include_fuzzy: bool

    @property
    def stem(self) -> str:
        return self.document.stem


@dataclass(frozen=True)
class LocalePlan:
    """One locale's bundle: the completeness of every document and the emitted ones."""

    locale: str
    revision: str  # SHA-256 over the source documents (pipeline.outputs.bundle.source_revision)
    completeness: Mapping[str, float]  # percent per document stem, every document of the corpus
    overall: float  # percent over all documents' source words
    emitted: Mapping[str, Localized]  # the documents written, by stem, in corpus order


class DocumentWriter(Protocol):
    """A format with one file per emitted document and locale."""

    def path(self, out_dir: Path, locale: str, document: Document) -> Path:
        """Where the file of ``document`` in ``locale`` goes (and what is removed when it is skipped)."""
        ...

    def render(self, plan: DocumentPlan) -> bytes:
        """The file's bytes: the same plan always gives the same bytes."""
        ...


class LocaleWriter(Protocol):
    """A format with one file per locale."""

    def path(self, out_dir: Path, locale: str) -> Path:
        """Where the locale's file goes."""
        ...

    def render(self, plan: LocalePlan) -> bytes:
        """The file's bytes: the same plan always gives the same bytes."""
        ...
