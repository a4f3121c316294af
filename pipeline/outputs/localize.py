"""A document as one locale ships it: each unit's reviewed translation, or its source text.

What every bundle format is made from (:mod:`pipeline.outputs.writers`): the units of the
source document in order, each with the text that ships, and the document's completeness in
source words, as :mod:`pipeline.outputs.stats` counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from pipeline.catalogs.entries import FUZZY, entry_state, is_shippable
from pipeline.core.model import Segmentation
from pipeline.outputs.stats import source_words


@dataclass(frozen=True)
class Localized:
    """One document in one locale, as shipped."""

    percent: float
    texts: tuple[tuple[str, str], ...]  # (source text, shipped text) per unit, in document order
    words: int  # source words of the distinct units
    done_words: int  # of which translated
    translated: int
    fuzzy: int
    missing: int

    @property
    def fallback(self) -> int:
        """Units shipped in the source language."""
        return len(self.texts) - self.translated


def localize(segmentation: Segmentation, po: polib.POFile | None, include_fuzzy: bool = False) -> Localized:
    """Each unit's shipped text and the document's completeness for one catalog (None: none).

    A unit ships its translation when the catalog's live singular entry for its text is
    shippable (:func:`pipeline.catalogs.entries.is_shippable`), else its source text: counted
    as ``fuzzy`` when the entry is a fuzzy translation left out, ``missing`` when the catalog
    has no entry for it.
    """
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt and not e.msgid_plural} if po else {}
    texts, translated, fuzzy, missing = [], 0, 0, 0
    for unit in segmentation.units:
        entry = entries.get(unit.text)
        if entry is not None and is_shippable(entry, include_fuzzy):
            texts.append((unit.text, entry.msgstr))
            translated += 1
            continue
        texts.append((unit.text, unit.text))
        if entry is None:
            missing += 1
        elif entry_state(entry) == FUZZY:
            fuzzy += 1
    # Completeness over distinct texts (one catalog entry each), in source words, as stats counts.
    distinct = dict(texts)
    words = sum(source_words(source) for source in distinct)
    done = sum(source_words(source) for source in distinct if source in entries and is_shippable(entries[source], include_fuzzy))
    percent = 100.0 * done / words if words else 100.0
    return Localized(percent, tuple(texts), words, done, translated, fuzzy, missing)
