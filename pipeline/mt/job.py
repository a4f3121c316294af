"""``l10n translate``: machine-translation drafts for every configured locale's catalogs.

Reads each locale's catalogs, has :func:`pipeline.mt.drafts.draft_catalogs` fill their empty
entries, and writes back only the catalogs that received drafts – through
:func:`pipeline.catalogs.safe_rewrite.rewrite_catalog`, so a translator's save meanwhile wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polib

from pipeline.catalogs.layout import catalog_paths
from pipeline.catalogs.safe_rewrite import read_catalog, rewrite_catalog
from pipeline.core.config import Config, resolve, source_language_code
from pipeline.core.fsutil import exclusive
from pipeline.mt.drafts import TranslateStats, draft_catalogs, redraft
from pipeline.mt.engines import UnavailableError, get_engine
from pipeline.mt.memory import open_memory

__all__ = ["LocaleDrafts", "translate"]


@dataclass(frozen=True)
class LocaleDrafts:
    """What machine translation did for one locale, or why it could not run."""

    locale: str
    stats: TranslateStats | None
    unavailable: str | None = None


def _read_catalogs(config: Config, locale: str) -> dict[Path, tuple[polib.POFile, bytes]]:
    """Every catalog of ``locale`` that exists, in document order, with the bytes it was read from."""
    read = {path: read_catalog(path) for path in catalog_paths(resolve(config, config.locales_dir), locale)}
    # None: deleted since the glob (a file read has both a catalog and its bytes)
    return {path: (po, data) for path, (po, data) in read.items() if po is not None and data is not None}


def _write_drafts(read: dict[Path, tuple[polib.POFile, bytes]], stats: TranslateStats) -> None:
    """Write each catalog that received drafts; a translator's save meanwhile keeps what they wrote.

    The drafts then go only where the saved file still has an empty msgstr, and ``stats``
    counts only the drafts that reached a file.
    """
    for path in list(stats.changed):
        po, data = read[path]
        applied = stats.applied.get(path, [])
        outcome = rewrite_catalog(path, data, po, applied, partial(redraft, applied=applied), "l10n translate")
        stats.keep_only(path, [] if outcome.left_alone else outcome.result)


def translate(
    config: Config,
    engine_name: str = "auto",
    models_dir: Path | None = None,
    glossary=None,
    dry_run: bool = False,
    on_progress=None,
    **engine_options,
) -> list[LocaleDrafts]:
    """``l10n translate``: fill every empty msgstr of each locale's catalogs with a fuzzy MT draft.

    Locales the engine cannot serve (no model installed) are reported, not fatal.  Only the
    catalogs that received drafts are written.  ``on_progress(locale)`` returns a callback
    ``(done, total)`` for that locale, or None.  The engine translates from the configured
    source language (argos picks its ``source``→locale package by it).
    """
    engine = get_engine(engine_name, models_dir, source=source_language_code(config), **engine_options)
    results = []
    try:
        with exclusive(resolve(config, config.locales_dir)), open_memory(config.root, config.memory_path) as memory:
            for locale in config.locales:
                try:
                    engine.info(locale)
                except UnavailableError as error:
                    results.append(LocaleDrafts(locale, None, error.problem + (f"; {error.hint}" if error.hint else "")))
                    continue
                read = _read_catalogs(config, locale)
                stats = draft_catalogs(
                    [(path, po) for path, (po, _) in read.items()],
                    locale,
                    engine,
                    memory,
                    glossary,
                    dry_run,
                    on_progress=on_progress(locale) if on_progress else None,
                )
                if not dry_run:
                    _write_drafts(read, stats)
                results.append(LocaleDrafts(locale, stats))
    finally:
        engine.close()
    return results
