"""The pipeline's jobs on a whole project: extract templates, update catalogs.

Each job reads and validates every input before it writes anything, writes each file
atomically, and rewrites nothing whose content did not change.  A catalog is written back only
if nobody saved it since the job read it; otherwise the job's change is made again on what
was saved (:mod:`pipeline.catalogs.safe_rewrite`).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import itertools
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import polib

from pipeline import __version__
from pipeline.catalogs.layout import catalog_path, template_path
from pipeline.catalogs.merge import MergeReport, merge, same_entries
from pipeline.catalogs.po_wrap import one_document
from pipeline.catalogs.pofiles import encode_po, read_po, render, write_po
from pipeline.catalogs.safe_rewrite import Rewritten, notify, read_catalog, rewrite_catalog
from pipeline.catalogs.template import build_template
from pipeline.catalogs.update_state import UpdateState, fingerprint
from pipeline.core.config import Config, resolve
from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write, exclusive
from pipeline.core.model import Document, Segmentation
from pipeline.source.corpus import iter_corpus, read_corpus, read_document
from pipeline.source.formats import segment_document
from pipeline.core.collector import collector_paused

# (locale, msgid) -> extracted comments; one with a ``for_document(msgids)`` method (GlossaryHints)
# finds a document's terms once for every locale.
Hints = Callable[[str, str], Iterable[str]]


@dataclass(frozen=True)
class TemplateResult:
    """One document's template."""

    document: Document
    segmentation: Segmentation | None  # None: skipped, unchanged since the last run
    path: Path
    template: polib.POFile | None
    written: bool
    entries: int = 0


@dataclass(frozen=True, slots=True)  # slots: update returns one per catalog of the corpus
class CatalogResult:
    """One locale's catalog of one document."""

    locale: str
    stem: str
    path: Path
    report: MergeReport
    written: bool
    left_alone: str = ""  # why a catalog someone kept saving was not written ("" otherwise)


def now_stamp() -> str:
    """The gettext date format: ``2026-11-22 10:00+0000``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _reference(config: Config, document: Document) -> str:
    # Stable whatever the working directory: the corpus folder's name and the file name.
    return f"{resolve(config, config.corpus_dir).name}/{document.path.name}"


def build_templates(config: Config, segmentations: list[Segmentation]) -> list[TemplateResult]:
    """Build each document's template in memory; existing POTs keep their creation date when unchanged."""
    locales_dir = resolve(config, config.locales_dir)
    stamp = now_stamp()
    return [_build_template(config, seg, locales_dir, stamp) for seg in segmentations]


def _build_template(config: Config, seg: Segmentation, locales_dir: Path, stamp: str) -> TemplateResult:
    """One document's template; an existing POT with the same entries keeps its creation date."""
    path = template_path(locales_dir, seg.document.stem)
    template = build_template(seg, _reference(config, seg.document), config.project, stamp)
    if path.exists():
        old = read_po(path)
        if same_entries(old, template):
            template.metadata["POT-Creation-Date"] = old.metadata.get("POT-Creation-Date", stamp)
    return TemplateResult(seg.document, seg, path, template, written=False, entries=len(template))


def _state(config: Config):
    return UpdateState(resolve(config, config.memory_path).parent / "update-state.json")


def _document_key(config: Config, document: Document, names: frozenset[str], locales_dir: Path) -> str:
    """Fingerprint of everything a document's template is made from (a binary document: its bytes;
    another format than plain text: its name too, as the configuration may change it)."""
    source = document.raw or document.text
    form = () if document.format == "text" else (document.format,)
    return fingerprint(
        source, fingerprint(*sorted(names)), config.project, __version__, _reference(config, document), str(locales_dir), *form
    )


def extract(config: Config, names: frozenset[str] = frozenset()) -> list[TemplateResult]:
    """``l10n extract``: write ``<locales>/templates/<stem>.pot`` for every document.

    A template whose document is unchanged and that nobody edited since the last run is
    skipped without being parsed.
    """
    locales_dir = resolve(config, config.locales_dir)
    # The corpus is read before the lock is taken: bad input leaves no trace in the locales folder.
    documents = read_corpus(resolve(config, config.corpus_dir), config)  # its limits and follow-symlinks
    with exclusive(locales_dir):
        state = _state(config)
        keys = {d.stem: _document_key(config, d, names, locales_dir) for d in documents}
        done: dict[str, TemplateResult] = {}
        todo = []
        for document in documents:
            path = template_path(locales_dir, document.stem)
            record = state.unchanged(path, keys[document.stem])
            if record is not None:
                done[document.stem] = TemplateResult(document, None, path, None, False, record.get("entries", 0))
            else:
                todo.append(document)
        for t in build_templates(config, [segment_document(document, names) for document in todo]):
            assert t.template is not None  # built here, not skipped
            written = write_po(t.path, t.template)
            state.record(t.path, keys[t.document.stem], entries=t.entries)
            done[t.document.stem] = TemplateResult(t.document, t.segmentation, t.path, t.template, written, t.entries)
        state.save()
        return [done[document.stem] for document in documents]


def update(
    config: Config, names: frozenset[str] = frozenset(), hints: Hints | None = None, hints_version: str | None = None
) -> list[CatalogResult]:
    """``l10n update``: create or merge ``<locales>/<lang>/LC_MESSAGES/<stem>.po`` for each locale.

    Templates are refreshed too.  Every template and catalog to be merged is parsed before
    anything is written, so a broken one stops the run with nothing changed.  Then documents
    are handled one at a time (segmented, templated, merged into each locale's catalog and
    written before the next), so memory holds one document's files, not the corpus's; with
    :func:`worker_count` processes, workers merge and render documents and this process writes
    them, in document order.  A
    document whose text, template and catalogs are exactly as the last run left them is
    skipped without parsing (:mod:`pipeline.catalogs.update_state`); ``hints_version`` (the glossary's
    version) must be given for that when ``hints`` are, since the hints are part of what the
    catalogs are made from.
    """
    locales_dir = resolve(config, config.locales_dir)
    # The corpus is read before the lock is taken: bad input leaves no trace in the locales folder.
    paths, keys = _fingerprints(config, names, locales_dir)
    with exclusive(locales_dir):
        state = _state(config)
        cacheable = hints is None or bool(hints_version)
        done, skip = _skipped(config, keys, state, (hints_version or "") if cacheable else None)
        todo = [path for path in paths if path.stem not in skip]
        stamp = now_stamp()  # one creation date for every template of the run
        work = functools.partial(_render_document, config, names, hints, locales_dir, stamp)
        kept: dict = {}  # what results and records of many documents can share (_write_document)
        with _mapper(work, len(todo)) as mapped:
            for _ in mapped(_inputs_to_parse(locales_dir, config.locales, [path.stem for path in todo], state), _parse_input):
                pass  # a file that does not parse raised here: nothing is written yet
            # Written by this process alone, in document order, as each document's files arrive.
            for rendered in mapped(todo):
                redo = _Redo(config, rendered.document, names, hints, locales_dir, stamp)
                for result in _write_document(config, rendered, state, hints_version or "", redo, kept):
                    done[(result.locale, result.stem)] = result
        if cacheable:
            state.save()
        return [done[(locale, stem)] for locale in config.locales for stem in keys]


def _fingerprints(config: Config, names: frozenset[str], locales_dir: Path) -> tuple[list[Path], dict[str, str]]:
    """Every document's path and :func:`_document_key` (by stem), each document read and validated.

    Only the fingerprints are kept, not the texts: a document is read again when its turn
    comes, so memory holds one document's text at a time, not the corpus's (88 MB of text at
    1,000 documents of 100 paragraphs).
    """
    paths, keys = [], {}
    for document in iter_corpus(resolve(config, config.corpus_dir), config):  # its limits and follow-symlinks
        paths.append(document.path)
        keys[document.stem] = _document_key(config, document, names, locales_dir)
    return paths, keys


def _skipped(
    config: Config, keys: dict[str, str], state, hints_version: str | None
) -> tuple[dict[tuple[str, str], CatalogResult], set[str]]:
    """The results of every document whose template and catalogs are as the last run left them, and their stems.

    ``keys``: each document's :func:`_document_key`, by stem.  ``hints_version`` None: the
    hints cannot be fingerprinted, so no catalog counts as unchanged.
    """
    locales_dir = resolve(config, config.locales_dir)
    skipped: dict[tuple[str, str], CatalogResult] = {}
    stems = set()
    for stem in keys:
        records: dict[str, dict[str, Any]] | None = {}
        if hints_version is not None and state.unchanged(template_path(locales_dir, stem), keys[stem]):
            records = _unchanged_catalogs(config.locales, locales_dir, stem, keys[stem], state, hints_version)
        if records is None or len(records) != len(config.locales):
            continue
        stems.add(stem)
        for locale, record in records.items():
            units = sum(record.get("report", {}).get(k, 0) for k in ("kept", "fuzzy_matched", "added", "revived"))
            skipped[(locale, stem)] = CatalogResult(locale, stem, catalog_path(locales_dir, locale, stem), MergeReport(kept=units), False)
    return skipped, stems


def _unchanged_catalogs(
    locales: Iterable[str], locales_dir: Path, stem: str, key: str, state, hints_version: str
) -> dict[str, dict] | None:
    """Each locale's update-state record of ``stem``'s catalog, or None when one has changed."""
    records = {}
    for locale in locales:
        record = state.unchanged(catalog_path(locales_dir, locale, stem), fingerprint(key, locale, hints_version))
        if record is None:
            return None
        records[locale] = record
    return records


def _inputs_to_parse(locales_dir: Path, locales: Iterable[str], stems: list[str], state) -> Iterator[tuple[str, Path]]:
    """Every template and catalog of ``stems`` that might not parse, as ``(kind, path)``, in document order.

    Each is parsed, and forgotten, by :func:`_parse_input` before anything is written (in the
    worker pool when there is one): a broken one is an InputError then, which is what keeps "a
    broken catalog changes nothing" while the second pass writes document by document.  Its
    cost: each file parsed twice, once here and once when it is merged: measured on 40
    documents × 100 units × 3 locales with no skip state, 33 % of the forced merge's CPU time
    with the project's glossary hints (44 % without); one file's memory at a time per worker.
    A file that still holds exactly what update wrote there last
    (:meth:`UpdateState.holds_output`) is not parsed: our own output parses, and hashing it is
    cheap (a glossary change, which merges every catalog again, then costs no second parse).
    """
    for stem in stems:
        template = template_path(locales_dir, stem)
        if template.exists() and not state.holds_output(template):
            yield "template", template
        for locale in locales:
            path = catalog_path(locales_dir, locale, stem)
            if not state.holds_output(path):
                yield "catalog", path


def _parse_input(item: tuple[str, Path]) -> None:
    """Parse one template or catalog of the first pass (an InputError if it does not parse)."""
    kind, path = item
    if kind == "template":
        read_po(path)
    else:
        read_catalog(path)


#: Fewer pending documents than this are updated in this process: a pool's start-up (forking,
#: each worker finding the glossary terms anew) costs more than it saves on a small project.
PARALLEL_FROM = 16

# The work of a pool's workers, set before they fork so that they inherit it: the glossary hints
# are never pickled, only each Document and each result.
_WORK: Callable | None = None


def worker_count(documents: int) -> int:
    """Processes to update ``documents`` with: ``L10N_JOBS`` if set, else the cores (1: serial).

    Without ``L10N_JOBS`` a machine with one core, or fewer than :data:`PARALLEL_FROM`
    documents, works serially.
    """
    setting = os.environ.get("L10N_JOBS", "").strip()
    if setting:
        if not setting.isdigit() or int(setting) < 1:
            raise InputError(
                None, f"L10N_JOBS={setting!r} is not a number of processes", "set it to a whole number, 1 to work in one process"
            )
        return max(1, min(int(setting), documents))
    if documents < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, documents))


def _in_worker(item: Any, function: Callable | None = None):
    """``function(item)`` in a worker (default: the update's render work, inherited by the fork)."""
    work = function or _WORK
    assert work is not None  # set before the pool's workers fork
    try:
        return work(item)
    except InputError as error:  # its constructor's arguments do not survive pickling: sent as a tuple
        return ("InputError", error.path, error.problem, error.hint, error.line)


#: Documents a pool may have in hand per worker (sent, being rendered, or rendered and not yet
#: written): enough to keep every worker busy while this process writes, few enough that memory
#: holds a handful of documents, not the corpus (``Pool.imap`` sends every task at once and
#: keeps every result that arrives before this process takes it).
IN_FLIGHT_PER_WORKER = 2


@contextlib.contextmanager
def _mapper(work: Callable[[Path], _Rendered], documents: int):
    """``mapped(items, function=work)``: ``function`` over ``items`` in order, in this process or in a
    pool of worker processes (another ``function`` than ``work`` must be a module-level function:
    it is sent to the workers by name)."""
    global _WORK
    workers = worker_count(documents)
    if workers <= 1:
        yield lambda items, function=None: map(function or work, items)
        return
    import multiprocessing  # here: ~25 ms to import, and only a parallel update uses it

    def mapped(items, function=None):
        for result in _bounded(pool, iter(items), workers * IN_FLIGHT_PER_WORKER, function):
            if isinstance(result, tuple):
                raise InputError(*result[1:])
            yield result

    _WORK = work
    try:
        # fork: the workers inherit the glossary and its compiled matcher instead of unpickling them.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield mapped
    finally:
        _WORK = None


def _bounded(pool, items: Iterator[Any], window: int, function: Callable | None = None) -> Iterator[Any]:
    """``_in_worker`` over ``items`` in ``pool``, in order, with at most ``window`` of them sent and not yet taken."""
    pending: collections.deque = collections.deque(
        pool.apply_async(_in_worker, (item, function)) for item in itertools.islice(items, window)
    )
    while pending:
        result = pending.popleft().get()
        for item in itertools.islice(items, 1):
            pending.append(pool.apply_async(_in_worker, (item, function)))
        yield result


@dataclass(frozen=True)
class _Catalog:
    """One locale's merged catalog of a document, rendered: what a worker hands to the writer."""

    locale: str
    seen: bytes | None  # the bytes it was merged from (None: no file)
    encoded: tuple[bytes, str] | None  # encode_po's bytes and charset note (None: unreadable)
    report: MergeReport
    problem: str = ""  # why it could not be read, when a save broke it after the first pass


@dataclass(frozen=True)
class _Rendered:
    """One document's template and catalogs, rendered: small enough to pass between processes."""

    document: Document  # as read when it was rendered
    key: str  # its _document_key
    template: bytes
    entries: int
    catalogs: tuple[_Catalog, ...]


def _render_document(config: Config, names: frozenset[str], hints: Hints | None, locales_dir: Path, stamp: str, path: Path) -> _Rendered:
    """Read one document, segment it, build its template, merge it into each locale's catalog and render all.

    Reads files, writes none: it runs in a worker process, or in this one when serial.  The
    document was validated by the first pass; read again here, it is fingerprinted again, so
    the update state records what these files were really made from.  Every string's wrapped
    lines are remembered while its files are rendered (:func:`pipeline.catalogs.po_wrap.one_document`)
    and forgotten after, so memory stays flat over a corpus.
    """
    with collector_paused():
        document = read_document(path, config, folder=resolve(config, config.corpus_dir))
        template, entries = _template_of(config, document, names, locales_dir, stamp)
        # The glossary terms of each msgid are found once per document, for every locale (a matcher
        # pass over each unit per locale was most of update's time); a plain function is called as is.
        shared = _document_hints(hints, template) if hints else None
        catalogs = []
        with one_document():
            for locale in config.locales:
                catalogs.append(_render_catalog(template, locale, locales_dir, document.stem, shared))
            rendered_template = render(template)
        key = _document_key(config, document, names, locales_dir)
        return _Rendered(document, key, rendered_template, entries, tuple(catalogs))


def _template_of(config: Config, document: Document, names: frozenset[str], locales_dir: Path, stamp: str) -> tuple[polib.POFile, int]:
    """A document's template and its number of entries, without its segmentation.

    The units are not kept once the template is built: on a 50 MB document they hold 90 MB
    more than the template's entries, which share their texts.
    """
    built = _build_template(config, segment_document(document, names), locales_dir, stamp)
    assert built.template is not None  # built, not skipped
    return built.template, built.entries


def _render_catalog(template: polib.POFile, locale: str, locales_dir: Path, stem: str, shared: Hints | None) -> _Catalog:
    """One locale's catalog of a document, merged and rendered; only its bytes are kept, not its entries."""
    try:
        existing, seen = read_catalog(catalog_path(locales_dir, locale, stem))
    except InputError as error:  # parsed in the first pass: a save since then broke it
        return _Catalog(locale, None, None, MergeReport(), error.problem)
    catalog, report = merge(template, existing, locale, _locale_hints(shared, locale))
    return _Catalog(locale, seen, encode_po(catalog), report)


def _locale_hints(shared: Hints | None, locale: str):
    """``hints(msgid)`` for one locale, from a document's shared hints (None: no hints)."""
    return (lambda msgid: shared(locale, msgid)) if shared is not None else None


def _write_document(config: Config, rendered: _Rendered, state, hints_version: str, redo: _Redo, kept: dict) -> list[CatalogResult]:
    """Write one document's template and catalogs (only this process writes), unless a translator saved them.

    A catalog saved meanwhile is merged again here, by ``redo``, from a template built again
    here (the same one: building is deterministic).  ``kept`` holds one copy of each locale
    name and merge report for the whole run: the results and update-state records of every
    document stay in memory to the end, so equal values share one object.
    """
    locales_dir = resolve(config, config.locales_dir)
    key, stem = rendered.key, rendered.document.stem
    path = template_path(locales_dir, stem)
    atomic_write(path, rendered.template)
    state.record(path, key, entries=rendered.entries)
    results = []
    for catalog in rendered.catalogs:
        locale = kept.setdefault(catalog.locale, catalog.locale)
        path = catalog_path(locales_dir, locale, stem)
        if catalog.problem:
            results.append(_left_alone(path, locale, stem, catalog.problem))
            continue
        inputs = fingerprint(key, locale, hints_version)
        results.append(_write_catalog(path, catalog, (locale, stem), redo.of(locale), state, inputs, kept))
    return results


class _Redo:
    """Merges of a document's template into what a translator saved meanwhile; the template is built on first use."""

    def __init__(self, config: Config, document: Document, names: frozenset[str], hints: Hints | None, locales_dir: Path, stamp: str):
        self._build = (config, document, names, hints, locales_dir, stamp)
        self._template: polib.POFile | None = None
        self._shared: Hints | None = None

    def of(self, locale: str):
        """``redo(current)`` for :func:`pipeline.catalogs.safe_rewrite.rewrite_catalog`, for one locale."""

        def redo(current: polib.POFile | None):
            if self._template is None:
                config, document, names, hints, locales_dir, stamp = self._build
                template = _build_template(config, segment_document(document, names), locales_dir, stamp).template
                assert template is not None  # built, not skipped
                self._template = template
                self._shared = _document_hints(hints, template) if hints else None
            return merge(self._template, current, locale, _locale_hints(self._shared, locale))

        return redo


def _left_alone(path: Path, locale: str, stem: str, problem: str) -> CatalogResult:
    """A catalog that a save broke after the first pass read it: not merged, one line says so."""
    why = f"was saved while l10n worked on it and now fails to read ({problem})"
    notify(f"warning: {path} {why}; left as it is, without this run's changes: run `l10n update` again once it is saved")
    return CatalogResult(locale, stem, path, MergeReport(), False, why)


def _document_hints(hints: Hints, template: polib.POFile) -> Hints:
    """``hints`` for one template's msgids: their terms found once when ``hints`` can share them (GlossaryHints)."""
    for_document = getattr(hints, "for_document", None)
    return for_document([entry.msgid for entry in template]) if for_document else hints


def _write_catalog(path: Path, catalog: _Catalog, name: tuple[str, str], redo, state, inputs: str, kept: dict) -> CatalogResult:
    """Write one rendered catalog unless a translator saved it meanwhile (then merge into their save).

    ``name``: its locale and document stem; ``kept``: see :func:`_write_document` (a report's
    record is never changed once made, so equal reports share one).
    """
    outcome = rewrite_catalog(path, catalog.seen, None, catalog.report, redo, "l10n update", encoded=catalog.encoded)
    report = kept.setdefault(outcome.result, outcome.result)
    if not outcome.left_alone:  # a catalog left alone keeps no record: the next run merges it
        record = kept.get(("record", report)) or kept.setdefault(("record", report), asdict(report))
        state.record(path, inputs, report=record, output=_output_hash(outcome))
    return CatalogResult(name[0], name[1], path, report, outcome.written, outcome.left_alone)


def _output_hash(outcome: Rewritten) -> str | None:
    """The update state's hash of the bytes we wrote (update_state hashes files this way).

    Taken from our bytes, not from the file afterwards: a save that lands right after our
    rename must make the next run merge that catalog again, not look like our own output.
    """
    return hashlib.sha256(outcome.data).hexdigest()[:32] if outcome.data is not None else None
