"""Reviewed catalogs → what an application or a website ships, per locale.

For every configured locale and source document :func:`build_bundles` writes, under the
bundle directory (default ``build/bundles``):

* ``<lang>/LC_MESSAGES/<stem>.mo`` — the catalog compiled with Babel, loadable by Python's
  :class:`gettext.GNUTranslations`; only reviewed translations (fuzzy ones only with
  ``include_fuzzy``); the MO header is the PO file's own header;
* ``<lang>/<stem>.txt`` — the localized document: the source re-segmented, every unit
  replaced by its reviewed translation, in document order, a blank line between units (the
  title comes first, dropped page furniture stays dropped).  A unit without a reviewed
  translation keeps its source text and is counted as a *fallback*;
* ``<lang>.json`` — every emitted document's units keyed by a stable id
  (:func:`pipeline.outputs.writers.json.unit_id`) with completeness, the source revision and
  the generator in ``metadata``.

Each format is one writer in :mod:`pipeline.outputs.writers`; :func:`build_bundles` reads and
checks every catalog, plans every writer's files in memory, then writes them.

Like po4a's ``--keep``, a document whose completeness (reviewed translated source words /
all source words, as :mod:`pipeline.outputs.stats` counts them) is below ``min_complete`` is not
emitted for that locale; its old ``.txt`` and ``.mo`` are removed so a stale translation is
never shipped.  Completeness is computed over the document's current units, so a catalog
that lags behind the document (``l10n update`` not run) counts the new units as untranslated.

Every catalog is parsed and checked before anything is written: its Plural-Forms must be a
valid rule that its plural entries follow (it may differ from Babel's CLDR data, which is
advice), and nothing in it may be what ``msgfmt -c`` refuses (a broken format string, a bad
escape, a Language header naming another locale than its folder).  The same inputs give
byte-identical files, each written atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polib

from pipeline.catalogs.language import language_hint, language_line, language_problem
from pipeline.catalogs.layout import catalog_path
from pipeline.catalogs.plurals import babel_rule, consistency_problems, forms_problem, shipped_rule
from pipeline.catalogs.po_syntax import syntax_problems
from pipeline.catalogs.pofiles import msgid_lines, read_po_bytes
from pipeline.catalogs.safe_rewrite import notify
from pipeline.checks.format_strings import checked_entries, entry_problems
from pipeline.core.config import Config, resolve
from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write, exclusive
from pipeline.core.model import Segmentation
from pipeline.outputs.localize import Localized, localize
from pipeline.outputs.stats import format_percent, percent_value
from pipeline.outputs.writers import DOCUMENT_WRITERS, LOCALE_WRITERS
from pipeline.outputs.writers.base import DocumentPlan, LocalePlan
from pipeline.source.corpus import iter_corpus, read_document
from pipeline.source.formats import segment_document

#: Default threshold: a document less complete than this (percent of source words) is not emitted.
DEFAULT_MIN_COMPLETE = 80.0

WRITTEN = "written"
SKIPPED = "skipped"


@dataclass(frozen=True)
class DocumentBundle:
    """What happened to one document in one locale."""

    locale: str
    stem: str
    status: str  # WRITTEN or SKIPPED
    percent: float  # completeness, 0–100, of the units emitted translated
    units: int  # units in the document (repeated text counted each time)
    translated: int  # units emitted translated
    fallback: int  # units emitted in the source language (untranslated, fuzzy or not in the catalog)
    fuzzy: int = 0  # of the fallbacks: fuzzy entries left out
    missing: int = 0  # of the fallbacks: text with no entry in the catalog (run `l10n update`)
    reason: str = ""  # why a document was skipped, one line
    paths: tuple[Path, ...] = ()  # the files written (or left unchanged) for it
    changed: bool = False  # whether any of its files changed on disk
    removed: tuple[Path, ...] = ()  # stale outputs removed because the document was skipped


@dataclass(frozen=True)
class BundleResult:
    """Everything :func:`build_bundles` did, in locale then document order."""

    out_dir: Path
    documents: tuple[DocumentBundle, ...]

    @property
    def written(self) -> list[DocumentBundle]:
        return [d for d in self.documents if d.status == WRITTEN]

    @property
    def skipped(self) -> list[DocumentBundle]:
        return [d for d in self.documents if d.status == SKIPPED]

    @property
    def fallback_units(self) -> int:
        """Units shipped in the source language across every written document."""
        return sum(d.fallback for d in self.written)


# --- validation ------------------------------------------------------------------------------


def check_plural_forms(po: polib.POFile, locale: str, path: Path) -> None:
    """Raise an InputError when the catalog's plural rule cannot be shipped.

    That is a Plural-Forms that does not parse or gives some n a form outside
    0…nplurals-1, or a live plural entry without exactly nplurals forms.  A valid rule is the
    catalog's own choice and is accepted even when Babel's CLDR data for ``locale`` says
    otherwise (``l10n check`` warns about that); a catalog without Plural-Forms is accepted
    too: the MO gets Babel's, so its plural entries must follow Babel's rule (``msgstr[5]`` in
    a three-form locale is refused).  An unknown locale code is bad input.
    """
    babel = babel_rule(locale, path)
    header = po.metadata.get("Plural-Forms", "").strip()
    rule = shipped_rule(header, locale, path)
    problems = consistency_problems(rule)
    if problems:
        raise InputError(
            path, f"Plural-Forms '{rule.header}' is inconsistent: {problems[0]}", f"fix the expression or write e.g. '{babel.header}'"
        )
    hint = (
        "give the entry exactly those forms or fix Plural-Forms"
        if header
        else f"the catalog has no Plural-Forms, so it ships Babel's '{babel.header}': give the entry "
        "exactly those forms or add a Plural-Forms header"
    )
    for entry in po:
        problem = forms_problem(rule, entry.msgstr_plural) if entry.msgid_plural and not entry.obsolete else None
        if problem:
            raise InputError(path, f"msgid {entry.msgid[:60]!r}: {problem}", hint, line=entry.linenum)


def check_msgfmt_rules(po: polib.POFile, locale: str, path: Path, include_fuzzy: bool = False) -> None:
    """Raise an InputError (one line) for the first thing in a catalog that ``msgfmt -c`` refuses and polib reads.

    A Language header that contradicts the folder ``locale`` (or is not a locale code), PO
    syntax such as ``\\q`` or ``msgstr[5]`` out of order (:mod:`pipeline.catalogs.po_syntax`), and a
    format string (``#, c-format`` …) whose translation does not fit the msgid, in the entries
    msgfmt checks: translated ones, fuzzy ones too when they are shipped (``include_fuzzy``).
    Plural forms are relaxed by the rule the MO gets (the catalog's, else Babel's).  The same
    rules are the ``language``, ``po-syntax`` and format checks of ``l10n check``.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    problem = language_problem(po.metadata.get("Language"), locale)
    if problem:
        raise InputError(path, problem, language_hint(locale), line=language_line(text))
    syntax = syntax_problems(text)
    if syntax:
        raise InputError(path, syntax[0].problem, syntax[0].hint, line=syntax[0].line)
    rule = shipped_rule(po.metadata.get("Plural-Forms", ""), locale, path)
    for entry in checked_entries(po, include_fuzzy):
        formats = entry_problems(entry, rule)
        if formats:
            raise InputError(
                path,
                f"msgid {entry.msgid[:60]!r}: {formats[0].kind}: {formats[0].message}",
                "make the translation use the msgid's format directives (or mark it fuzzy)",
                line=msgid_lines(text, po).get(id(entry), entry.linenum),
            )


# --- 1. read and check everything, keeping nothing but fingerprints ----------------------------


@dataclass(frozen=True)
class _Options:
    out_dir: Path
    locales_dir: Path
    corpus_dir: Path
    include_fuzzy: bool
    min_complete: float


def _read_catalog(options: _Options, locale: str, stem: str) -> tuple[polib.POFile | None, str | None]:
    """One catalog, parsed and checked as the MO needs it (None: no catalog), and the SHA-256 of its bytes."""
    path = catalog_path(options.locales_dir, locale, stem)
    if not path.exists():
        return None, None
    po, data = read_po_bytes(path)
    check_plural_forms(po, locale, path)
    check_msgfmt_rules(po, locale, path, options.include_fuzzy)
    return po, hashlib.sha256(data).hexdigest()


def _survey(config: Config, options: _Options, names: frozenset[str]) -> tuple[list[Path], str, dict[tuple[str, str], str | None]]:
    """First pass, before anything is written: every document read and segmented, then every
    catalog parsed and checked, one at a time (the order errors are found in: the corpus, then
    each locale).  Kept: the documents' paths, the source revision (SHA-256 over their bytes,
    names and sizes, in name order) and each catalog's fingerprint."""
    paths = []
    revision = hashlib.sha256()
    for document in iter_corpus(options.corpus_dir, config):  # its limits and follow-symlinks; in name order
        segment_document(document, names)
        data = document.path.read_bytes()
        revision.update(f"{document.path.name}\0{len(data)}\0".encode("utf-8"))
        revision.update(data)
        paths.append(document.path)
    fingerprints: dict[tuple[str, str], str | None] = {}
    for locale in config.locales:
        babel_rule(locale, options.locales_dir / locale)  # an unknown locale code is bad input
        for path in paths:
            fingerprints[(locale, path.stem)] = _read_catalog(options, locale, path.stem)[1]
    return paths, revision.hexdigest(), fingerprints


def _reread_catalog(options: _Options, locale: str, stem: str, fingerprint: str | None) -> tuple[polib.POFile | None, str]:
    """Second pass: the catalog the first pass checked, read again, and why it cannot be shipped ("": it can).

    A translator may save it meanwhile (the save is what ships, checked like the first pass's);
    a save that does not pass the checks leaves this document's files in that locale as they
    were, with a warning, rather than stopping a bundle half written.
    """
    path = catalog_path(options.locales_dir, locale, stem)
    if fingerprint is None and not path.exists():
        return None, ""
    try:
        po, now = _read_catalog(options, locale, stem)
    except InputError as error:
        why = f"was saved while l10n bundle ran and now fails its checks ({error})"
        notify(f"warning: {path} {why}; its bundle files in {locale} are left as they were: run `l10n bundle` again")
        return None, why
    if now is None:  # removed meanwhile: as if it had never been there
        return None, ""
    return po, ""


# --- 2. plan and write one document at a time ---------------------------------------------------


def _plan_document(
    options: _Options, locale: str, seg: Segmentation, po: polib.POFile | None
) -> tuple[DocumentBundle, dict[Path, bytes], Localized]:
    """One document in one locale: its result, and every document writer's file when it is emitted
    (when it is skipped, its result's ``paths`` are the files to remove)."""
    stem = seg.document.stem
    loc = localize(seg, po, options.include_fuzzy)
    counts: dict[str, Any] = dict(
        locale=locale,
        stem=stem,
        percent=loc.percent if po is not None else 0.0,
        units=len(loc.texts),
        translated=loc.translated,
        fallback=loc.fallback,
        fuzzy=loc.fuzzy,
        missing=loc.missing,
    )
    if po is None:
        reason = f"no catalog {catalog_path(options.locales_dir, locale, stem)} (0% complete); run `l10n update`"
    elif percent_value(loc.percent) < options.min_complete:
        reason = f"{format_percent(loc.percent)}% complete, below --min-complete {options.min_complete:g}%"
    else:
        plan = DocumentPlan(locale, seg.document, po, loc, options.include_fuzzy)
        files = {writer.path(options.out_dir, locale, seg.document): writer.render(plan) for writer in DOCUMENT_WRITERS.values()}
        return DocumentBundle(status=WRITTEN, **counts), files, loc
    stale = tuple(writer.path(options.out_dir, locale, seg.document) for writer in DOCUMENT_WRITERS.values())
    return DocumentBundle(status=SKIPPED, reason=reason, paths=stale, **counts), {}, loc


def _write_document(bundle: DocumentBundle, files: dict[Path, bytes]) -> DocumentBundle:
    """Write an emitted document's files, or remove a skipped document's stale ones."""
    if bundle.status == WRITTEN:
        changed = [atomic_write(path, data) for path, data in files.items()]
        return replace(bundle, paths=tuple(files), changed=any(changed))
    removed = tuple(path for path in bundle.paths if path.is_file())  # planned: the files it would have
    for path in removed:
        path.unlink()
    return replace(bundle, paths=(), removed=removed, changed=bool(removed))


@dataclass
class _LocaleTally:
    """What one locale's files (the JSON) need of every document: small numbers, and the emitted
    documents' shipped units."""

    completeness: dict[str, float] = field(default_factory=dict)
    emitted: dict[str, Localized] = field(default_factory=dict)
    words: int = 0
    done_words: int = 0


def _bundle_documents(
    config: Config, options: _Options, names: frozenset[str], paths: list[Path], fingerprints: dict
) -> tuple[dict[tuple[str, str], DocumentBundle], dict[str, _LocaleTally]]:
    """Second pass: each document read again, localized in every locale and written before the next,
    so memory holds one document's catalogs and files, not the corpus's."""
    results: dict[tuple[str, str], DocumentBundle] = {}
    tallies = {locale: _LocaleTally() for locale in config.locales}
    for path in paths:
        seg = segment_document(read_document(path, config, folder=options.corpus_dir), names)
        for locale in config.locales:
            po, problem = _reread_catalog(options, locale, path.stem, fingerprints[(locale, path.stem)])
            bundle, files, loc = _plan_document(options, locale, seg, po)
            if problem:  # left as it was: nothing written, nothing removed
                bundle, files = replace(bundle, status=SKIPPED, reason=problem, paths=()), {}
            results[(locale, bundle.stem)] = _write_document(bundle, files)
            tally = tallies[locale]
            tally.completeness[bundle.stem] = bundle.percent
            tally.words += loc.words
            tally.done_words += loc.done_words
            if bundle.status == WRITTEN:
                tally.emitted[bundle.stem] = loc
    return results, tallies


def _write_locale_files(out_dir: Path, locale: str, tally: _LocaleTally, revision: str, stems: list[str]) -> None:
    """Each locale writer's file (the JSON), documents in corpus order."""
    overall = 100.0 * tally.done_words / tally.words if tally.words else 100.0
    completeness = {stem: tally.completeness[stem] for stem in stems}
    emitted = {stem: tally.emitted[stem] for stem in stems if stem in tally.emitted}
    plan = LocalePlan(locale, revision, completeness, overall, emitted)
    for writer in LOCALE_WRITERS.values():
        atomic_write(writer.path(out_dir, locale), writer.render(plan))


def build_bundles(
    config: Config,
    out_dir: Path | None = None,
    include_fuzzy: bool = False,
    min_complete: float = DEFAULT_MIN_COMPLETE,
    names: frozenset[str] = frozenset(),
) -> BundleResult:
    """Write every registered bundle format (MO files, localized documents, JSON) of every configured locale.

    ``out_dir`` defaults to the configured bundle directory; ``names`` are the glossary's
    multi-word names, passed to :func:`~pipeline.source.formats.segment_document` exactly as
    ``l10n update`` does so the units match the catalogs' msgids.  A document below
    ``min_complete`` percent is skipped (the result says why); a document without a catalog
    counts as 0 %.  Bad input (a corpus or catalog that does not parse, an invalid
    Plural-Forms or a plural entry that does not follow it, what else ``msgfmt -c`` refuses
    (:func:`check_msgfmt_rules`: a Language header contradicting the folder, a bad escape, a
    format string the translation breaks), an unknown locale, a threshold outside 0–100)
    raises an :class:`~pipeline.core.errors.InputError` before anything is written.

    Two passes, so that memory does not grow with the corpus: the first reads and checks every
    document and catalog and keeps only their fingerprints; the second, holding the bundle
    folder's lock, reads each document and its catalogs again and writes its files before the
    next.  A catalog a translator saves meanwhile ships as saved when it passes the checks; when
    it does not, that document's files in that locale are left as they were, with a warning.
    """
    if not 0.0 <= min_complete <= 100.0:
        raise InputError(None, f"--min-complete must be between 0 and 100, not {min_complete}")
    out_dir = Path(out_dir) if out_dir is not None else resolve(config, config.bundle_dir)
    corpus_dir = resolve(config, config.corpus_dir)
    options = _Options(out_dir, resolve(config, config.locales_dir), corpus_dir, include_fuzzy, min_complete)
    paths, revision, fingerprints = _survey(config, options, names)
    # Written holding the bundle folder's lock: two runs never interleave their files, and the
    # temporaries a killed run left there are removed first (fsutil.exclusive).
    with exclusive(out_dir):
        results, tallies = _bundle_documents(config, options, names, paths, fingerprints)
        stems = [path.stem for path in paths]
        for locale in config.locales:
            _write_locale_files(out_dir, locale, tallies[locale], revision, stems)
    ordered = tuple(results[(locale, stem)] for locale in config.locales for stem in stems)
    return BundleResult(out_dir=out_dir, documents=ordered)
