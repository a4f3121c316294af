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
* ``<lang>.json`` — every emitted document's units keyed by a stable id (:func:`unit_id`)
  with completeness, the source revision and the generator in ``metadata``.

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
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from pipeline.catalogs.merge import GENERATOR
from pipeline.catalogs.language import language_hint, language_line, language_problem
from pipeline.checks.format_strings import checked_entries, entry_problems
from pipeline.core.config import Config, resolve
from pipeline.source.corpus import read_corpus
from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write, exclusive
from pipeline.core.model import Document, Segmentation
from pipeline.catalogs.plurals import babel_rule, consistency_problems, forms_problem, parse_plural_forms
from pipeline.catalogs.po_syntax import syntax_problems
from pipeline.catalogs.pofiles import catalog_path, msgid_lines, read_po
from pipeline.source.segment import segment
from pipeline.outputs.stats import format_percent, percent_value
from pipeline.outputs.stats import source_words as _words

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
    json_paths: tuple[Path, ...]

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


def unit_id(text: str) -> str:
    """A unit's id in the JSON bundle: the first 12 hex digits of the SHA-1 of its msgid.

    It depends on the unit's source text only, so it stays the same while that text does,
    whatever happens to the other units; the same text twice in a document is one id.
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def source_revision(documents: list[Document]) -> str:
    """SHA-256 over the source documents' bytes (with their names and sizes), in name order."""
    digest = hashlib.sha256()
    for document in sorted(documents, key=lambda d: d.path.name):
        data = document.path.read_bytes()
        digest.update(f"{document.path.name}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()


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
    rule = parse_plural_forms(header, path) if header else babel
    problems = consistency_problems(rule)
    if problems:
        raise InputError(path, f"Plural-Forms '{rule.header}' is inconsistent: {problems[0]}",
                         f"fix the expression or write e.g. '{babel.header}'")
    hint = ("give the entry exactly those forms or fix Plural-Forms" if header else
            f"the catalog has no Plural-Forms, so it ships Babel's '{babel.header}': give the entry "
            "exactly those forms or add a Plural-Forms header")
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
    header = po.metadata.get("Plural-Forms", "").strip()
    rule = parse_plural_forms(header, path) if header else babel_rule(locale, path)
    for entry in checked_entries(po, include_fuzzy):
        formats = entry_problems(entry, rule)
        if formats:
            raise InputError(path, f"msgid {entry.msgid[:60]!r}: {formats[0].kind}: {formats[0].message}",
                             "make the translation use the msgid's format directives (or mark it fuzzy)",
                             line=msgid_lines(text, po).get(id(entry), entry.linenum))


# --- building ---------------------------------------------------------------------------------

def _usable(entry: polib.POEntry, include_fuzzy: bool) -> bool:
    """A translation that may be shipped: reviewed (or fuzzy when asked), every form filled."""
    if entry.obsolete or entry.msgid == "":
        return False
    if "fuzzy" in entry.flags and not include_fuzzy:
        return False
    if entry.msgid_plural:
        forms = list(entry.msgstr_plural.values())
        return bool(forms) and all(forms)
    return bool(entry.msgstr)


class _PoHeaderCatalog(Catalog):
    """A Babel catalog whose header is the PO file's own, verbatim (no dates made up by Babel)."""

    def __init__(self, locale: str, headers: list[tuple[str, str]]):
        super().__init__(locale=locale.replace("-", "_"), charset="utf-8", fuzzy=False)
        self._po_headers = headers

    @property
    def mime_headers(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return self._po_headers


def compile_mo(po: polib.POFile, locale: str, include_fuzzy: bool = False) -> bytes:
    """The MO file for ``po``: Babel's ``write_mo`` over the entries that may be shipped.

    The header keeps the catalog's own values (they change only when the catalog does), with
    the charset set to UTF-8 and Babel's Plural-Forms added when the catalog has none.
    """
    utf8 = "text/plain; charset=UTF-8"  # polib decoded the file; Babel encodes UTF-8
    headers = [(name, utf8 if name.lower() == "content-type" else value) for name, value in po.metadata.items()]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", utf8))
    if not any(name.lower() == "plural-forms" for name, _ in headers):
        headers.append(("Plural-Forms", babel_rule(locale, Path(po.fpath or locale)).header))
    catalog = _PoHeaderCatalog(locale, headers)
    for entry in po:
        if not _usable(entry, include_fuzzy):
            continue
        flags = ["fuzzy"] if "fuzzy" in entry.flags else []
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            catalog.add((entry.msgid, entry.msgid_plural), forms, flags=flags, context=entry.msgctxt)
        else:
            catalog.add(entry.msgid, entry.msgstr, flags=flags, context=entry.msgctxt)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=include_fuzzy)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Localized:
    percent: float
    texts: tuple[tuple[str, str], ...]  # (source text, shipped text) per unit, in document order
    words: int  # source words of the distinct units
    done_words: int  # of which translated
    translated: int
    fuzzy: int
    missing: int


def localize(segmentation: Segmentation, po: polib.POFile | None, include_fuzzy: bool = False) -> _Localized:
    """Each unit's shipped text and the document's completeness for one catalog (None: none)."""
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt and not e.msgid_plural} if po else {}
    texts, translated, fuzzy, missing = [], 0, 0, 0
    for unit in segmentation.units:
        entry = entries.get(unit.text)
        if entry is not None and _usable(entry, include_fuzzy):
            texts.append((unit.text, entry.msgstr))
            translated += 1
            continue
        texts.append((unit.text, unit.text))
        if entry is None:
            missing += 1
        elif entry.msgstr and "fuzzy" in entry.flags:
            fuzzy += 1
    # Completeness over distinct texts (one catalog entry each), in source words, as stats counts.
    distinct = dict(texts)
    words = sum(_words(source) for source in distinct)
    done = sum(_words(source) for source in distinct
               if source in entries and _usable(entries[source], include_fuzzy))
    percent = 100.0 * done / words if words else 100.0
    return _Localized(percent, tuple(texts), words, done, translated, fuzzy, missing)


def render_document(localized: _Localized) -> bytes:
    """The localized document: units in order, a blank line between them, a final newline."""
    return ("\n\n".join(shipped for _, shipped in localized.texts) + "\n").encode("utf-8")


def render_json(locale: str, revision: str, completeness: dict[str, float], overall: float,
                documents: dict[str, _Localized]) -> bytes:
    """One locale's JSON bundle: sorted keys, UTF-8, two-space indent, a final newline."""
    data = {
        "metadata": {
            "locale": locale,
            "completeness": {"overall": percent_value(overall),
                             "documents": {stem: percent_value(p) for stem, p in completeness.items()}},
            "fallback_units": {stem: len(loc.texts) - loc.translated for stem, loc in documents.items()},
            "source_revision": revision,
            "generator": GENERATOR,
        },
        "documents": {stem: {unit_id(source): shipped for source, shipped in loc.texts}
                      for stem, loc in documents.items()},
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def mo_path(out_dir: Path, locale: str, stem: str) -> Path:
    """``<out>/<lang>/LC_MESSAGES/<stem>.mo``."""
    return Path(out_dir) / locale / "LC_MESSAGES" / f"{stem}.mo"


def document_path(out_dir: Path, locale: str, stem: str) -> Path:
    """``<out>/<lang>/<stem>.txt``."""
    return Path(out_dir) / locale / f"{stem}.txt"


def json_path(out_dir: Path, locale: str) -> Path:
    """``<out>/<lang>.json``."""
    return Path(out_dir) / f"{locale}.json"


def _write_planned(out_dir: Path, planned: list[tuple[DocumentBundle, dict[Path, bytes]]]) -> list[DocumentBundle]:
    """Write each emitted document's files; remove a skipped document's stale ones."""
    results = []
    for bundle, files in planned:
        if bundle.status == WRITTEN:
            changed = [atomic_write(path, data) for path, data in files.items()]
            results.append(replace(bundle, paths=tuple(files), changed=any(changed)))
        else:
            stale = [mo_path(out_dir, bundle.locale, bundle.stem), document_path(out_dir, bundle.locale, bundle.stem)]
            removed = tuple(path for path in stale if path.is_file())
            for path in removed:
                path.unlink()
            results.append(replace(bundle, removed=removed, changed=bool(removed)))
    return results


def build_bundles(config: Config, out_dir: Path | None = None, include_fuzzy: bool = False,
                  min_complete: float = DEFAULT_MIN_COMPLETE,
                  names: frozenset[str] = frozenset()) -> BundleResult:
    """Write the MO files, localized documents and JSON bundles of every configured locale.

    ``out_dir`` defaults to the configured bundle directory; ``names`` are the glossary's
    multi-word names, passed to :func:`~pipeline.source.segment.segment` exactly as ``l10n update``
    does so the units match the catalogs' msgids.  A document below ``min_complete`` percent
    is skipped (the result says why); a document without a catalog counts as 0 %.  Bad input
    (a corpus or catalog that does not parse, an invalid Plural-Forms or a plural entry that
    does not follow it, what else ``msgfmt -c`` refuses (:func:`check_msgfmt_rules`: a
    Language header contradicting the folder, a bad escape, a format string the translation
    breaks), an unknown locale, a threshold outside 0–100) raises an
    :class:`~pipeline.core.errors.InputError` before anything is written.
    """
    if not 0.0 <= min_complete <= 100.0:
        raise InputError(None, f"--min-complete must be between 0 and 100, not {min_complete}")
    out_dir = Path(out_dir) if out_dir is not None else resolve(config, config.bundle_dir)
    locales_dir = resolve(config, config.locales_dir)
    documents = read_corpus(resolve(config, config.corpus_dir), config)  # its limits and follow-symlinks
    segmentations = [segment(document, names) for document in documents]
    revision = source_revision(documents)

    # 1. Read and check every catalog before writing anything.
    catalogs: dict[tuple[str, str], polib.POFile | None] = {}
    for locale in config.locales:
        babel_rule(locale, locales_dir / locale)  # an unknown locale code is bad input
        for seg in segmentations:
            path = catalog_path(locales_dir, locale, seg.document.stem)
            po = read_po(path) if path.exists() else None
            if po is not None:
                check_plural_forms(po, locale, path)
                check_msgfmt_rules(po, locale, path, include_fuzzy)
            catalogs[(locale, seg.document.stem)] = po

    # 2. Build every file in memory.
    planned: list[tuple[DocumentBundle, dict[Path, bytes]]] = []
    json_files: dict[Path, bytes] = {}
    for locale in config.locales:
        completeness: dict[str, float] = {}
        emitted: dict[str, _Localized] = {}
        done_words = all_words = 0
        for seg in segmentations:
            stem = seg.document.stem
            po = catalogs[(locale, stem)]
            loc = localize(seg, po, include_fuzzy)
            completeness[stem] = loc.percent if po is not None else 0.0
            all_words += loc.words
            done_words += loc.done_words
            counts = dict(locale=locale, stem=stem, percent=completeness[stem], units=len(loc.texts),
                          translated=loc.translated, fallback=len(loc.texts) - loc.translated,
                          fuzzy=loc.fuzzy, missing=loc.missing)
            if po is None:
                reason = (f"no catalog {catalog_path(locales_dir, locale, stem)} (0% complete); "
                          "run `l10n update`")
            elif percent_value(loc.percent) < min_complete:
                reason = f"{format_percent(loc.percent)}% complete, below --min-complete {min_complete:g}%"
            else:
                files = {mo_path(out_dir, locale, stem): compile_mo(po, locale, include_fuzzy),
                         document_path(out_dir, locale, stem): render_document(loc)}
                planned.append((DocumentBundle(status=WRITTEN, **counts), files))
                emitted[stem] = loc
                continue
            planned.append((DocumentBundle(status=SKIPPED, reason=reason, **counts), {}))
        overall = 100.0 * done_words / all_words if all_words else 100.0
        json_files[json_path(out_dir, locale)] = render_json(locale, revision, completeness, overall, emitted)

    # 3. Write, holding the bundle folder's lock: two runs never interleave their files, and the
    #    temporaries a killed run left there are removed first (fsutil.exclusive).
    with exclusive(out_dir):
        results = _write_planned(out_dir, planned)
        for path, data in json_files.items():
            atomic_write(path, data)
    return BundleResult(out_dir=out_dir, documents=tuple(results), json_paths=tuple(json_files))
