"""The exchange commands on a whole project: XLIFF out of and into the catalogs, TMX out of and into the memory.

Like the other jobs, each reads and checks every input before it writes anything (an XLIFF or
TMX file that does not parse, or names no catalog, stops the command with nothing changed),
writes files atomically, and takes the locales lock while it reads or rewrites catalogs.

The export record (``.l10n/xliff-exports.json``, beside the memory) keeps, per locale and
document, the hash of each msgstr as last exported: the fallback for telling a conflict from a
plain import when a tool returns a file without the ``l10n:base`` attributes we wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from pipeline import __version__
from pipeline.core.config import Config, resolve
from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write, exclusive
from pipeline.core.locales import normalize_locale
from pipeline.catalogs.layout import catalog_path, catalog_paths, messages_dir
from pipeline.catalogs.pofiles import read_po, write_po
from pipeline.exchange.merge import MergeResult, merge_units
from pipeline.exchange.xliff import XliffDocument, XliffFile, export_catalog, read_xliff

__all__ = ["XliffExport", "XliffImport", "export_xliff", "import_xliff", "MemoryExport", "MemoryImport", "export_memory", "import_memory"]

_SUFFIXES = (".sdlxliff", ".mqxliff", ".xliff", ".xlf", ".po", ".pot")


# --------------------------------------------------------------------------- the export record


class _Record:
    """``{locale: {document: {unit id: base hash}}}`` as of each catalog's last export."""

    def __init__(self, config: Config):
        self.path = resolve(config, config.memory_path).parent / "xliff-exports.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.data = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.data = {}  # missing or damaged: only the fallback for tool-stripped files is lost

    def bases(self, locale: str, stem: str) -> dict[str, str]:
        """The base hashes of the last export of this catalog (empty when there is none)."""
        found = self.data.get(locale, {}).get(stem, {})
        return found if isinstance(found, dict) else {}

    def set(self, locale: str, stem: str, bases: dict[str, str]) -> None:
        """Remember this export of a catalog (replacing the previous one)."""
        self.data.setdefault(locale, {})[stem] = bases

    def save(self) -> None:
        """Write the record atomically (unchanged content is not rewritten)."""
        atomic_write(self.path, (json.dumps(self.data, indent=1, sort_keys=True) + "\n").encode("utf-8"))


# --------------------------------------------------------------------------- xliff export


@dataclass(frozen=True)
class XliffExport:
    """One catalog written as XLIFF."""

    locale: str
    catalog: Path
    path: Path
    units: int
    written: bool  # False: the file already held these bytes
    left_out: int = 0  # plural entries and entries XML cannot carry


def export_xliff(config: Config, out_dir: Path, version: str = "2.0") -> list[XliffExport]:
    """``l10n xliff export``: ``<out_dir>/<locale>/<document>.xlf`` for every catalog of each locale.

    A locale without catalogs is an InputError (run ``l10n update`` first), raised before any write.
    """
    locales_dir = resolve(config, config.locales_dir)
    with exclusive(locales_dir):
        catalogs = {locale: catalog_paths(locales_dir, locale) for locale in config.locales}
        for locale, paths in catalogs.items():
            if not paths:
                raise InputError(messages_dir(locales_dir, locale), f"no {locale} catalogs to export", "run `l10n update` first")
        read = {path: read_po(path) for paths in catalogs.values() for path in paths}
        record, results = _Record(config), []
        for locale, paths in catalogs.items():
            for path in paths:
                exported = export_catalog(
                    read[path],
                    original=f"{path.stem}.po",
                    version=version,
                    source_language=config.source_language,
                    target_language=locale,
                    tool_version=__version__,
                )
                out = Path(out_dir) / locale / f"{path.stem}.xlf"
                written = atomic_write(out, exported.data)
                record.set(locale, path.stem, exported.bases)
                results.append(XliffExport(locale, path, out, len(exported.bases), written, exported.plural + len(exported.unsafe)))
        record.save()
    return results


# --------------------------------------------------------------------------- xliff import


@dataclass
class XliffImport:
    """What importing one XLIFF file did."""

    path: Path
    catalogs: list[Path] = field(default_factory=list)
    result: MergeResult = field(default_factory=MergeResult)
    written: list[Path] = field(default_factory=list)


def _stems(name: str) -> list[str]:
    """Document names a file name may stand for, longest first: ``doc.xlf.sdlxliff`` → doc.xlf, doc."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    found = [name]
    while "." in name:
        name = name.rsplit(".", 1)[0]
        found.append(name)
    return [stem for stem in found if stem and not stem.endswith(_SUFFIXES)]


def _catalog_for(config: Config, document: XliffDocument, part: XliffFile) -> tuple[str, str, Path]:
    """The (locale, document, catalog path) a ``<file>`` of an XLIFF file belongs to."""
    if not part.target_language:
        raise InputError(
            document.path,
            "the XLIFF file names no target language",
            "set target-language (1.2) or trgLang (2.0), or export the file again",
            line=part.line or None,
        )
    locale = normalize_locale(part.target_language, config.locales, where=str(document.path))
    if locale not in config.locales:
        raise InputError(
            document.path,
            f"the file is for {part.target_language}, not one of the locales of this run ({', '.join(config.locales)})",
            "add the locale to the configuration, or give it with --locale",
            line=part.line or None,
        )
    locales_dir = resolve(config, config.locales_dir)
    for stem in [*_stems(part.original), *_stems(document.path.name)]:
        path = catalog_path(locales_dir, locale, stem)
        if path.is_file():
            return locale, stem, path
    raise InputError(
        document.path,
        f"no {locale} catalog for the document '{part.original or document.path.name}'",
        f"the file's original (or its name) must name a catalog in {messages_dir(locales_dir, locale)}",
        line=part.line or None,
    )


def import_xliff(config: Config, files: Sequence[Path]) -> list[XliffImport]:
    """``l10n xliff import``: merge each file's units into its catalogs (rules: :mod:`.merge`).

    Every file is read, and its catalogs found, before the lock is taken and anything written;
    each changed catalog is written once, after all files were merged.
    """
    documents = [read_xliff(Path(path)) for path in files]
    plans = [(document, [(part, *_catalog_for(config, document, part)) for part in document.files]) for document in documents]
    dirty: dict[Path, list[XliffImport]]
    with exclusive(resolve(config, config.locales_dir)):
        record, catalogs, dirty, results = _Record(config), {}, {}, []
        for document, parts in plans:
            report = XliffImport(document.path)
            for part, locale, stem, path in parts:
                if path not in catalogs:
                    catalogs[path] = read_po(path)
                po = catalogs[path]
                merged = merge_units(po, part.units, record.bases(locale, stem))
                report.result.add(merged)
                report.catalogs.append(path)
                if merged.changed:
                    dirty.setdefault(path, []).append(report)
            results.append(report)
        for path, reports in dirty.items():
            if write_po(path, catalogs[path]):
                for report in reports:
                    report.written.append(path)
    return results


# --------------------------------------------------------------------------- memory export / import


@dataclass(frozen=True)
class MemoryExport:
    """What ``l10n memory export`` wrote."""

    data: bytes
    reviewed: int
    machine: int
    skipped: int  # engine outputs whose placeholders cannot be restored with this glossary


def _restored(segment, glossary, matchers: dict) -> str | None:
    """An engine output with its placeholders put back, or None when that cannot be done exactly."""
    # Imported here, as the glossary below: only `memory export --all` needs them (~30 ms; the
    # glossary package ~300 ms), and the xliff commands import this module too.
    from pipeline.mt import placeholders

    if not placeholders.PLACEHOLDER_RE.search(segment.target):
        return segment.target
    version = str(getattr(glossary, "version", "") or "") if glossary is not None else ""
    if segment.key.glossary_version != version:
        return None  # the slots were numbered with another glossary
    if glossary is not None and "matcher" not in matchers:
        from pipeline.glossary import source_matcher

        matchers["matcher"] = source_matcher(glossary)
    matcher = matchers.get("matcher")
    matches = list(matcher.find(segment.source)) if matcher is not None else []
    protected = placeholders.protect(segment.source, placeholders.glossary_spans(segment.source, matches, segment.locale))
    restored = placeholders.restore(segment.target, protected)
    return None if restored.missing else restored.text


def export_memory(config: Config, include_machine: bool = False, glossary=None) -> MemoryExport:
    """``l10n memory export --format tmx``: the configured locales' reviewed translations as TMX 1.4b.

    ``include_machine`` (``--all``) adds the engine outputs, placeholders restored with
    ``glossary`` where its version is the one they were made with (the others are skipped).
    """
    # Imported here: the memory (sqlite3) and TMX cost ~100 ms, which the xliff commands do not need.
    from pipeline.exchange.tmx import export_tmx
    from pipeline.mt.memory import open_memory

    with open_memory(config.root, config.memory_path) as memory:
        segments = memory.reviewed_segments(config.locales)
        machine = memory.engine_segments(config.locales) if include_machine else []
    matchers: dict[str, Any]
    kept, matchers = [], {}
    for segment in machine:
        text = _restored(segment, glossary, matchers)
        if text is not None:
            kept.append(replace(segment, target=text))
    data = export_tmx([*segments, *kept], config.source_language, __version__)
    return MemoryExport(data, len(segments), len(kept), len(machine) - len(kept))


@dataclass
class MemoryImport:
    """What ``l10n memory import`` did with one TMX file."""

    path: Path
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    machine: int = 0  # units marked as engine output: never taken as reviewed
    no_source: int = 0  # units without a variant in the project's source language
    other_languages: dict[str, int] = field(default_factory=dict)  # language code -> variants not imported


def import_memory(config: Config, files: Sequence[Path]) -> list[MemoryImport]:
    """``l10n memory import``: seed the reviewed memory with each TMX file's translations.

    Variants are matched to the configured locales with :func:`pipeline.core.locales.normalize_locale`
    (``ru-RU``, ``AZ-latn``); other languages are counted, not imported.  Every file is read
    and checked before the memory is written.
    """
    # Imported here: the memory (sqlite3) and TMX cost ~100 ms, which the xliff commands do not need.
    from pipeline.exchange.tmx import read_tmx
    from pipeline.mt.memory import open_memory

    plans = []
    for path in files:
        document = read_tmx(Path(path), config.source_language)
        pairs: dict[str, dict[str, str]]
        report, pairs = MemoryImport(document.path), {}
        for unit in document.units:
            if unit.machine:
                report.machine += 1
            elif unit.source is None or not _same_source(unit.source_language, config.source_language):
                report.no_source += 1
            else:
                _collect(config, document.path, unit, pairs, report)
        plans.append((report, pairs))
    with open_memory(config.root, config.memory_path) as memory, memory.transaction():
        for report, pairs in plans:
            for locale, items in pairs.items():
                counts = memory.seed_reviewed(locale, items.items())
                report.added += counts.added
                report.replaced += counts.replaced
                report.unchanged += counts.unchanged
    return [report for report, _ in plans]


def _same_source(code: str | None, source_language: str) -> bool:
    if not code:
        return False
    return code.replace("_", "-").split("-")[0].lower() == source_language.split("_")[0].lower()


def _collect(config: Config, path: Path, unit, pairs: dict, report: MemoryImport) -> None:
    """Add the unit's variants in configured locales to ``pairs`` (``{locale: {source: target}}``)."""
    for code, text in unit.variants:
        try:
            locale = normalize_locale(code, config.locales)
        except InputError as error:
            raise InputError(path, f'<tuv xml:lang="{code}">: {error.problem}', error.hint, line=unit.line) from None
        if locale not in config.locales:
            report.other_languages[code] = report.other_languages.get(code, 0) + 1
        elif text and unit.source:
            pairs.setdefault(locale, {}).setdefault(unit.source, text)
