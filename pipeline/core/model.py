"""The nouns the pipeline passes between its stages: plain, immutable dataclasses."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Unit kinds, shown to translators as an extracted comment.
TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Document:
    """A source document as read from disk: decoded text, line ends kept, BOM removed (Markdown keeps
    it, so that its writer gives the page back byte for byte).

    ``format`` names its document format (:mod:`pipeline.source.formats`): ``text`` for plain
    text, else ``markdown``, ``html`` or ``docx``.  ``text`` is the decoded source (HTML and
    Markdown as written; for a binary format, the text its reader extracted); ``raw`` holds the
    file's bytes only for a binary format, which its writer needs to carry everything else
    through (empty for text formats, so a large document is not held twice).
    """

    path: Path
    text: str
    format: str = "text"
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Unit:
    """One paragraph unit: the text a translator sees as one msgid.

    ``text`` has its white space normalised to single spaces; nothing else differs from the
    source.  ``anchors`` maps offsets in ``text`` back to the file: one ``(offset, line, column)``
    triple (1-based line and column) for the start of every white-space separated word, so any
    offset in the unit can be reported at its place in the file.
    """

    text: str
    line: int
    kind: str = PARAGRAPH
    anchors: Sequence[tuple[int, int, int]] = ()  # a tuple, or the segmenter's lazy sequence

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the source file of ``text[offset]``."""
        if not self.anchors:
            return self.line, 1 + offset
        starts = [a[0] for a in self.anchors]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        start, line, column = self.anchors[i]
        return line, column + (offset - start)


@dataclass(frozen=True)
class Decision:
    """Why a stretch of source lines became (part of) a unit or was dropped; for ``--explain``."""

    line: int
    action: str  # "unit", "join", "drop"
    reason: str
    text: str


@dataclass(frozen=True)
class Segmentation:
    """The result of cutting one document: ordered units and every decision taken."""

    document: Document
    units: tuple[Unit, ...]
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class Forbidden:
    """A form that must not appear, why, and how bad it is."""

    form: str
    reason: str = ""
    severity: str = ERROR


@dataclass(frozen=True)
class Rendering:
    """The fixed rendering of a term in one target locale."""

    locale: str
    text: str
    accepted: tuple[str, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    line: int = field(default=0, compare=False)  # where the locale entry is in the glossary file


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    id: str
    category: str
    term: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    notes: str = ""
    dnt: bool = False
    # Renderings take part in ``==`` (not in the hash: a dict is not hashable); where the entry
    # was read from does not, so a glossary dumped and loaded again compares equal.
    renderings: dict[str, Rendering] = field(default_factory=dict, hash=False)
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    #: "default" (capitalised words must stay capitalised) or "exact" (match the exact case).
    case: str = "default"
    #: 1-based line of every form in the glossary file: ``(locale or "", kind, form) -> line``.
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Finding:
    """One problem reported by a check, at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    rule: str
    severity: str
    message: str
    found: str = ""
    suggestion: str | None = None
    locale: str | None = None
    msgid: str | None = None


@dataclass(frozen=True)
class Draft:
    """A machine translation of one unit, for one locale, before it is written to a catalog."""

    source: str
    locale: str
    text: str
    engine: str
    score: float | None = None
    package: str = ""
    missing: tuple[str, ...] = ()  # glossary renderings / numbers the engine lost
