"""The registry of document formats, chosen by file extension (overridable in the configuration).

Each format is one module of this folder exposing ``FORMAT`` (a
:class:`~pipeline.source.formats.base.DocumentFormat`); the registry names its module and its
extensions without importing it, so listing a corpus or ``l10n --help`` loads no parser, and
a document's parser (markdown-it-py, lxml, python-docx) is imported only when a document of its
kind is read.  Adding a format: one module here and one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import InputError

if TYPE_CHECKING:
    from pipeline.core.model import Document, Segmentation
    from pipeline.source.formats.base import DocumentFormat


@dataclass(frozen=True)
class FormatSpec:
    """A registered format: its name, the extensions it claims, and the module that reads it."""

    name: str
    extensions: tuple[str, ...]
    module: str
    dependency: str  # the library it needs, for the README and --explain


REGISTRY: tuple[FormatSpec, ...] = (
    FormatSpec("text", (".txt",), "pipeline.source.formats.text", "none (the standard library)"),
    FormatSpec("markdown", (".md", ".markdown"), "pipeline.source.formats.markdown", "markdown-it-py, mdit-py-plugins"),
    FormatSpec("html", (".html", ".htm"), "pipeline.source.formats.html", "none (the standard library's html.parser)"),
    FormatSpec("docx", (".docx",), "pipeline.source.formats.docx", "python-docx (lxml)"),
)
_BY_NAME = {spec.name: spec for spec in REGISTRY}
TEXT = "text"


def format_names() -> tuple[str, ...]:
    """The registered formats' names, in registry order."""
    return tuple(spec.name for spec in REGISTRY)


def extension_map(overrides: Mapping[str, str] = {}) -> dict[str, str]:
    """Extension (lower case, with its dot) → format name: the registry's, then ``overrides``
    (the configuration's ``formats`` table, already checked by :func:`check_overrides`)."""
    table = {extension: spec.name for spec in REGISTRY for extension in spec.extensions}
    table.update({extension.lower(): name for extension, name in overrides.items()})
    return table


def check_overrides(overrides: Mapping[str, str], where: str | Path | None = None) -> None:
    """Raise a one-line InputError unless every override maps an extension (``.htm``) to a format."""
    for extension, name in overrides.items():
        if not isinstance(extension, str) or not extension.startswith(".") or len(extension) < 2 or "/" in extension:
            raise InputError(where, f"formats: {extension!r} is not a file extension", 'write it with its dot: ".htm" = "html"')
        if name not in _BY_NAME:
            raise InputError(
                where, f"formats: unknown document format {name!r} for {extension!r}", f"use one of: {', '.join(format_names())}"
            )


def format_name_for(path: Path, overrides: Mapping[str, str] = {}) -> str | None:
    """The name of the format that reads ``path`` (by its extension), or None when none does."""
    return extension_map(overrides).get(Path(path).suffix.lower())


def get_format(name: str) -> "DocumentFormat":
    """The format called ``name`` (its module imported on first use)."""
    spec = _BY_NAME.get(name)
    if spec is None:
        raise InputError(None, f"unknown document format {name!r}", f"use one of: {', '.join(format_names())}")
    module = importlib.import_module(spec.module)
    return module.FORMAT


def segment_document(document: "Document", names: frozenset[str] | set[str] = frozenset()) -> "Segmentation":
    """Cut ``document`` into units by its own format's rules (plain text: :mod:`pipeline.source.segment`).

    ``names`` are the glossary's multi-word names, which the plain-text rules keep whole.
    """
    return get_format(document.format).segment(document, frozenset(names))


def render_localized(document: "Document", shipped: Sequence[str], locale: str) -> bytes:
    """``document`` in its own format with unit ``i`` of its segmentation replaced by ``shipped[i]``."""
    return get_format(document.format).render(document, shipped, locale)
