"""The ``none`` engine: translates nothing.

With it, ``l10n translate`` only fills entries from reviewed translations in the translation
memory and writes no machine drafts.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult, Progress


class NoneEngine(Engine):
    """Returns no translation for any sentence."""

    name = "none"
    cacheable = False
    produces = False

    def info(self, locale: str) -> EngineInfo:
        """Always available."""
        return EngineInfo("none")

    def translate(self, batch: Sequence[str], locale: str, progress: Progress = None) -> list[EngineResult]:
        """One empty result (``text=None``) per sentence."""
        if progress:
            progress(len(batch))
        return [EngineResult(None) for _ in batch]
