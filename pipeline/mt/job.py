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
from pipeline.mt.drafts import TranslateStats, draft_catalogs, redraft, reviewed_pairs
from pipeline.mt.engines import REGISTRY, UnavailableError, get_engine
from pipeline.mt.memory import open_memory

__all__ = ["LocaleDrafts", "check_cluster", "translate"]


@dataclass(frozen=True)
class LocaleDrafts:
    """What machine translation did for one locale, or why it could not run."""

    locale: str
    stats: TranslateStats | None
    unavailable: str | None = None


#: Catalogs of a locale drafted together: their sentences go to the engine in one call (large
#: batches), and memory holds this many parsed catalogs at a time, not the locale's all.
CATALOGS_AT_ONCE = 64


def _read_catalogs(paths: list[Path]) -> dict[Path, tuple[polib.POFile, bytes]]:
    """The catalogs of ``paths`` that exist, in order, with the bytes each was read from."""
    read = {path: read_catalog(path) for path in paths}
    # None: deleted since the glob (a file read has both a catalog and its bytes)
    return {path: (po, data) for path, (po, data) in read.items() if po is not None and data is not None}


def _feed_reviewed(memory, locale: str, paths: list[Path]) -> int:
    """Remember the reviewed translations of every catalog of ``paths`` (the last one wins, as in
    one catalog), one catalog in memory at a time; returns how many distinct paragraphs."""
    fed: set[int] = set()  # hashes, not the paragraphs: counted without holding them
    for path in paths:
        pairs = _reviewed_in(path)  # the catalog itself is not kept
        memory.remember_reviewed_many(locale, pairs)
        fed.update(hash(source) for source, _ in pairs)
    return len(fed)


def _reviewed_in(path: Path) -> list[tuple[str, str]]:
    po = read_catalog(path)[0]
    return reviewed_pairs(po) if po is not None else []


class _ChunkProgress:
    """One locale's ``(done, total)`` over its batches of catalogs: each batch's figures added to
    those of the batches before it (the total grows as batches are planned)."""

    def __init__(self, report):
        self.report, self.done, self.total = report, 0, 0

    def next_batch(self):
        if self.report is None:
            return None
        base_done, base_total = self.done, self.total

        def callback(done: int, total: int) -> None:
            self.done, self.total = base_done + done, base_total + total
            self.report(self.done, self.total)

        return callback


def _draft_locale(config: Config, locale: str, engine, memory, glossary, dry_run: bool, report) -> TranslateStats:
    """Draft one locale's catalogs :data:`CATALOGS_AT_ONCE` at a time, writing each batch before
    reading the next; with more than one batch, every catalog's reviewed translations are fed to
    the memory first, so a paragraph reviewed in a later catalog still fills an earlier one (a
    dry run, which writes no memory, counts such fills within a batch only)."""
    paths = catalog_paths(resolve(config, config.locales_dir), locale)
    batches = [paths[i : i + CATALOGS_AT_ONCE] for i in range(0, len(paths), CATALOGS_AT_ONCE)] or [[]]
    in_memory = len(batches) > 1 and not dry_run
    fed = _feed_reviewed(memory, locale, paths) if in_memory else 0
    progress = _ChunkProgress(report)
    total: TranslateStats | None = None
    for batch in batches:
        read = _read_catalogs(batch)
        stats = draft_catalogs(
            [(path, po) for path, (po, _) in read.items()],
            locale,
            engine,
            memory,
            glossary,
            dry_run,
            on_progress=progress.next_batch(),
            reviewed_in_memory=in_memory,
        )
        if not dry_run:
            _write_drafts(read, stats)
        del read  # this batch's catalogs, before the next batch is read
        # Kept of the drafts: those a reviewer must look at (something lost); the others are in the
        # catalogs.  Every draft of 1,000 documents in three locales was 750 MB held to the end.
        stats.drafts = [draft for draft in stats.drafts if draft.missing]
        stats.applied = {}
        total = stats if total is None else total.absorb(stats)
    assert total is not None
    if in_memory:
        total.reviewed_fed = fed
    return total


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

    Each locale's :class:`~pipeline.mt.drafts.TranslateStats` counts every draft written and lists
    only the flagged ones (a rendering, number or tag lost): the drafts themselves are in the
    catalogs, and a list of them all grows with the corpus.

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
                report = on_progress(locale) if on_progress else None
                results.append(LocaleDrafts(locale, _draft_locale(config, locale, engine, memory, glossary, dry_run, report)))
    finally:
        engine.close()
        if runner is not None:
            runner.close()
    return results
