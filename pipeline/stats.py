"""Review progress of catalogs: translated, fuzzy and untranslated, in units and source words.

Counted as ``msgfmt --statistics`` and translate-toolkit's pocount do: obsolete entries and
the header are not counted; a fuzzy entry is not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib


@dataclass
class Progress:
    """Counts for one catalog, or summed over several."""

    documents: int = 0
    units: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    per_document: dict[str, "Progress"] = field(default_factory=dict, repr=False)

    @property
    def percent(self) -> float:
        """Share of source words translated and reviewed, 0–100."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    def add(self, other: "Progress") -> None:
        for name in ("documents", "units", "translated", "fuzzy", "untranslated", "words",
                     "translated_words", "fuzzy_words", "untranslated_words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _words(text: str) -> int:
    return len(text.split())


def entry_state(entry: polib.POEntry) -> str:
    """``translated``, ``fuzzy`` or ``untranslated``."""
    if not entry.msgstr:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def progress(po: polib.POFile) -> Progress:
    """Counts for one parsed catalog."""
    result = Progress(documents=1)
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        state = entry_state(entry)
        words = _words(entry.msgid)
        result.units += 1
        result.words += words
        setattr(result, state, getattr(result, state) + 1)
        setattr(result, f"{state}_words", getattr(result, f"{state}_words") + words)
    return result


def catalog_stats(paths: Iterable[Path]) -> Progress:
    """Summed counts over catalog files, with each document's own counts in ``per_document``."""
    from .pofiles import read_po

    total = Progress()
    for path in paths:
        one = progress(read_po(path))
        total.per_document[Path(path).stem] = one
        total.add(one)
    return total
