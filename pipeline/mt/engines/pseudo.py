"""The ``pseudo`` engine: pseudo-localisation in the style of translate-toolkit's ``podebug``.

Every letter is swapped for an accented look-alike and the text is lengthened by about a third
and bracketed: ``This is it.`` → ``[Ŧħīş īş īŧ. ~~~~]``.  It shows, without a real translation,
where the interface truncates longer text, mishandles non-ASCII or shows untranslated strings
(anything not bracketed).  Placeholders (glossary renderings, numbers), digits and markup-like
tokens (``{name}``, ``%s``, ``<b>``) pass through untouched.  Drafts are labelled "pseudo" in
their comment, and the text's brackets and tildes make them unmistakable.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from pipeline.mt.placeholders import PLACEHOLDER_RE
from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult, Progress

_ACCENTS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "ȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑ",
)
# Placeholders first, then format/markup tokens that must stay byte-identical.
_KEEP = re.compile(PLACEHOLDER_RE.pattern + r"|\{[^{}\s]*\}|%(?:\([^)]*\))?[#0+\-]*\d*(?:\.\d+)?[a-zA-Z]|<[^<>]+>|&\w+;")
EXPANSION = 0.3


def pseudolocalise(text: str) -> str:
    """Accent and lengthen ``text``, keeping placeholders and format tokens intact."""
    if not text.strip():
        return text
    parts: list[str] = []
    cursor = 0
    for match in _KEEP.finditer(text):
        parts.append(text[cursor : match.start()].translate(_ACCENTS))
        parts.append(match.group(0))
        cursor = match.end()
    parts.append(text[cursor:].translate(_ACCENTS))
    padding = "~" * max(1, math.ceil(len(text) * EXPANSION))
    return f"[{''.join(parts)} {padding}]"


class PseudoEngine(Engine):
    """Deterministic, instant, offline; for testing the pipeline and the UI, never for release."""

    name = "pseudo"
    cacheable = False
    label = "pseudo-localisation, not a translation"

    def info(self, locale: str) -> EngineInfo:
        """Always available."""
        return EngineInfo("pseudo")

    def translate(self, batch: Sequence[str], locale: str, progress: Progress = None) -> list[EngineResult]:
        """Pseudo-localise each sentence (score 0.0: nothing is uncertain about it)."""
        results = [EngineResult(pseudolocalise(sentence), 0.0) for sentence in batch]
        if progress:
            progress(len(batch))
        return results
