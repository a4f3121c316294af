"""What a document format is: one reader, one segmenter and one writer behind a small interface.

The rest of the pipeline (units, glossary checks, MT, catalogs, memory, stats) sees only
:class:`~pipeline.core.model.Document` and :class:`~pipeline.core.model.Segmentation`, so a
new format is one module in this folder and one line of the registry
(:mod:`pipeline.source.formats`).

The contract every format keeps:

* ``decode`` turns the file's bytes into a Document's text (and keeps the bytes only for a
  binary format), or raises a one-line :class:`~pipeline.core.errors.InputError` naming the
  file, the line where it can, what is wrong and what to do;
* ``segment`` gives the units in document order, each with its 1-based line in the file, white
  space normalised to single spaces, inline markup as placeholder tags
  (:mod:`pipeline.core.inline_tags`), and a :class:`~pipeline.core.model.Decision` for every
  block made a unit or left out (``l10n segment --explain``).  It is deterministic: the
  writer relies on getting the same units again;
* ``render`` writes the document in its own format with each unit replaced by the text that
  ships (``shipped[i]`` for ``units[i]``).  A unit shipped as its own source text keeps its
  original bytes exactly, so a catalog that translates every entry to itself gives back the
  source byte for byte (HTML: but for the root's ``lang``/``dir``).  A shipped text whose
  placeholder tags do not match its unit's (the ``inline-tags`` check reports it) is shipped
  as the unit's source text rather than as broken markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pipeline.core.model import Document, Segmentation


class DocumentFormat(Protocol):
    """One document format: how its files are read, cut into units and written back."""

    #: The name used in the configuration (``[tool.l10n.formats]``) and in messages.
    name: str
    #: One line for ``l10n segment --explain`` and the README: what becomes a unit, what does not.
    summary: str
    #: Whether the file is binary (its bytes are kept in ``Document.raw`` for the writer).
    binary: bool

    def decode(self, path: Path, data: bytes) -> Document:
        """The document read from ``data`` (the whole file), or a one-line InputError."""
        ...

    def segment(self, document: Document, names: frozenset[str]) -> Segmentation:
        """The document's units in order, with the decisions taken (``names``: the glossary's
        multi-word names, which the plain-text segmenter uses to mend broken paragraphs)."""
        ...

    def render(self, document: Document, shipped: Sequence[str], locale: str) -> bytes:
        """The localized file: ``shipped[i]`` in place of unit ``i`` of ``segment(document)``;
        ``locale`` is the target's BCP 47-style code (``az``, ``pt_BR``)."""
        ...
