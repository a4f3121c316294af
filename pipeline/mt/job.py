"""``l10n translate``: machine-translation drafts for every configured locale's catalogs.

Reads each locale's catalogs, has :func:`pipeline.mt.drafts.draft_catalogs` fill their empty
entries, and writes back only the catalogs that received drafts – through
:func:`pipeline.catalogs.safe_rewrite.rewrite_catalog`, so a translator's save meanwhile wins.

With a cluster (``cluster="ray…"``, or ``cluster =`` in ``[tool.l10n]``) only the decoding moves
to the cluster's workers (:mod:`pipeline.mt.cluster`); this job stays the single writer of the
memory and of every catalog.  The cluster is connected, and the device checked, before anything
is written.
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
from pipeline.mt.engines import REGISTRY, UnavailableError, get_engine
from pipeline.mt.memory import open_memory

__all__ = ["LocaleDrafts", "check_cluster", "translate"]


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


def _cluster_target(config: Config, engine_name: str, cluster: str | None):
    """The cluster to decode on (``cluster``, else the configured one), or None: none given, or
    an engine that decodes nothing (pseudo, none) and so has no model to distribute."""
    address = cluster if cluster is not None else config.cluster
    spec = REGISTRY.get((engine_name or "").strip().lower())
    if not address or spec is None or not spec.takes_models_dir:
        return None
    from pipeline.mt.cluster import parse_cluster

    return parse_cluster(address, None if cluster is not None else config.source)


def check_cluster(config: Config, engine_name: str = "auto", cluster: str | None = None) -> None:
    """Refuse, with an :class:`InputError`, a cluster that cannot be used – before a job that
    writes other files first (``l10n run``) writes any.  Starts nothing; no cluster, no import."""
    target = _cluster_target(config, engine_name, cluster)
    if target is not None:
        from pipeline.mt.cluster import preflight

        preflight(target)


def _cluster_runner(config: Config, engine_name: str, cluster: str | None, engine_options: dict):
    """The connected cluster runner for ``cluster`` (or the configured one), or None.

    None without a cluster, and for an engine that decodes nothing (pseudo, none): there is no
    model to distribute.  Imports Ray (through :mod:`pipeline.mt.cluster`) only when needed.
    """
    target = _cluster_target(config, engine_name, cluster)
    if target is None:
        return None
    from pipeline.mt.cluster import RayRunner

    runner = RayRunner(
        target,
        device=engine_options.get("device", "auto"),
        compute_type=engine_options.get("compute_type", "auto"),
        temp_dir=config.root / ".l10n" / "ray",
        threads=engine_options.get("threads"),
    )
    return runner.connect()


def translate(
    config: Config,
    engine_name: str = "auto",
    models_dir: Path | None = None,
    glossary=None,
    dry_run: bool = False,
    on_progress=None,
    cluster: str | None = None,
    **engine_options,
) -> list[LocaleDrafts]:
    """``l10n translate``: fill every empty msgstr of each locale's catalogs with a fuzzy MT draft.

    Locales the engine cannot serve (no model installed) are reported, not fatal.  Only the
    catalogs that received drafts are written.  ``on_progress(locale)`` returns a callback
    ``(done, total)`` for that locale, or None.  The engine translates from the configured
    source language (argos picks its ``source``→locale package by it).  ``cluster`` (default:
    the configured one) sends the decoding to a Ray cluster; without one the engine uses every
    core of this machine (``replicas`` chosen for the device unless given).
    """
    runner = None if dry_run else _cluster_runner(config, engine_name, cluster, engine_options)
    options = {"replicas": None, **engine_options, **({"runner": runner} if runner else {})}
    engine = get_engine(engine_name, models_dir, source=source_language_code(config), **options)
    results = []
    try:
        if not dry_run:
            engine.prepare()  # an impossible device is an error before anything is written
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
        if runner is not None:
            runner.close()
    return results
