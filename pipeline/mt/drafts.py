"""Draft machine translations into the empty entries of a locale's catalogs.

For one locale, over all of its catalogs at once:

1. every translated, non-fuzzy entry is fed to the translation memory as a reviewed
   translation of its paragraph;
2. every *empty*, non-obsolete entry is a job.  A paragraph with a reviewed translation in the
   memory (or elsewhere in these catalogs) takes it;
3. the others are split into sentences; glossary terms and numbers are protected with
   placeholders; sentences the memory knows for this engine, package and glossary version come
   from there, and all remaining distinct sentences go to the engine in ONE call;
4. each paragraph is reassembled, renderings are put back and verified, and the draft is
   written into the entry – always fuzzy, with an extracted comment naming engine, package,
   version and score, and a translator comment when a rendering or number went missing.

An entry that already holds a translation is never modified, whatever its flags.  Nothing is
saved here: the caller writes the catalogs listed in ``TranslateStats.changed``.  Each draft
put into a catalog is recorded in ``TranslateStats.applied``, so that when a translator saves
the catalog while the drafts are being made, :func:`redraft` puts them into the new content
(where its msgstr is still empty) and :meth:`TranslateStats.keep_only` corrects the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import polib

from pipeline.catalogs.entries import mark_fuzzy
from pipeline.catalogs.provenance import LOST_PREFIX, MT_PREFIX, drop_machine_notes
from pipeline.core.model import Draft
from pipeline.glossary import source_matcher
from pipeline.mt import placeholders, sentences
from pipeline.mt.engines.base import Engine, EngineInfo
from pipeline.mt.memory import Memory, MemoryKey

__all__ = ["TranslateStats", "Applied", "draft_catalogs", "redraft"]

MEMORY_NOTE = "from translation memory (reviewed translation of the same paragraph)"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)  # compared by identity: two equal drafts are still two drafts
class Applied:
    """One draft put into one entry: enough to put it into a newer copy of the same catalog."""

    key: tuple[str | None, str]  # (msgctxt, msgid)
    draft: Draft
    note: str


@dataclass
class TranslateStats:
    """What one ``draft_catalogs`` call did (or, with ``dry_run``, would do)."""

    locale: str
    engine: str = ""
    package: str = ""
    version: str = ""
    device: str = ""  # what decoded (``cpu int8_float32``), as the drafts' notes say
    workers: str = ""  # how the decoding was spread, for the user
    pending: int = 0  # empty entries found
    sent_to_engine: int = 0  # distinct sentences the engine translated (would translate)
    memory_hits: int = 0  # sentences served from the sentence memory
    reviewed_hits: int = 0  # paragraphs filled from reviewed translations
    drafts_written: int = 0
    flagged: int = 0  # drafts with a lost rendering/number (translator comment added)
    reviewed_fed: int = 0  # reviewed translations fed to the memory
    dry_run: bool = False
    changed: list[Path] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    planned: list[tuple[Path, str]] = field(default_factory=list)  # dry run: (catalog, msgid) for the engine
    applied: dict[Any, list[Applied]] = field(default_factory=dict)  # catalog -> drafts put into it

    def keep_only(self, path: Any, landed: list[Applied]) -> None:
        """Count, for ``path``, only the drafts in ``landed``: the others never reached the file.

        A translator filled those entries (or the file was left alone) while the drafts were
        being made; the summary must not claim them.
        """
        kept = {id(a) for a in landed}
        gone = [a for a in self.applied.get(path, []) if id(a) not in kept]
        gone_drafts = {id(a.draft) for a in gone}
        self.drafts_written -= len(gone)
        self.flagged -= sum(bool(a.draft.missing) for a in gone)
        self.drafts = [d for d in self.drafts if id(d) not in gone_drafts]
        self.applied[path] = list(landed)
        if not landed and path in self.changed:
            self.changed.remove(path)

    def absorb(self, other: "TranslateStats") -> "TranslateStats":
        """Add ``other`` (the next catalogs of the same locale, already written) to these counts.

        What was applied to each catalog is not kept: it served that catalog's write.
        """
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.changed += other.changed
        self.drafts += other.drafts
        self.planned += other.planned
        self.applied = {}
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly summary for ``l10n translate --format json``."""
        return {
            "locale": self.locale,
            "engine": self.engine,
            "package": self.package,
            "version": self.version,
            "device": self.device,
            "workers": self.workers,
            "pending": self.pending,
            "sent_to_engine": self.sent_to_engine,
            "memory_hits": self.memory_hits,
            "reviewed_hits": self.reviewed_hits,
            "drafts_written": self.drafts_written,
            "flagged": self.flagged,
            "reviewed_fed": self.reviewed_fed,
            "dry_run": self.dry_run,
            "changed": [str(p) for p in self.changed],
            "missing": [{"msgid": d.source, "missing": list(d.missing)} for d in self.drafts if d.missing],
        }


#: The counters of :class:`TranslateStats` that add up over the catalogs of a locale.
_COUNTS = ("pending", "sent_to_engine", "memory_hits", "reviewed_hits", "drafts_written", "flagged", "reviewed_fed")


@dataclass
class _Job:
    path: Any  # as the caller gave it
    entry: polib.POEntry
    protected: list[placeholders.Protected] = field(default_factory=list)


def _is_candidate(entry: polib.POEntry) -> bool:
    return bool(entry.msgid) and not entry.obsolete and not entry.msgid_plural


def reviewed_pairs(po: polib.POFile) -> list[tuple[str, str]]:
    """The catalog's reviewed translations of paragraphs, ``(msgid, msgstr)``, in file order."""
    return [(entry.msgid, entry.msgstr) for entry in po if _is_candidate(entry) and entry.msgstr and "fuzzy" not in entry.flags]


def redraft(po: polib.POFile | None, applied: Sequence[Applied]) -> tuple[polib.POFile | None, list[Applied]]:
    """Put drafts made for an older read of a catalog into ``po``, its newer content.

    A draft goes only into an entry that still exists and still has an empty msgstr: what a
    translator wrote meanwhile is never replaced.  Returns ``po`` (None: the file is gone,
    nothing to write) and the drafts that went in.
    """
    if po is None:
        return None, []
    entries: dict[tuple[str | None, str], polib.POEntry] = {(e.msgctxt, e.msgid): e for e in po if _is_candidate(e)}
    landed = []
    for item in applied:
        entry = entries.get(item.key)
        if entry is not None and not entry.msgstr:
            _apply(entry, item.draft, item.note)
            landed.append(item)
    return po, landed


def _apply(entry: polib.POEntry, draft: Draft, note: str) -> None:
    """Write ``draft`` into the (empty) ``entry``: fuzzy, and the provenance as translator comments.

    The notes are translator comments (``# MT: …``), not extracted ones: msgmerge and PO editors
    keep a catalog's translator comments, while extracted comments belong to the template and
    are replaced by its own on every "update from POT".
    """
    entry.msgstr = draft.text
    mark_fuzzy(entry)
    drop_machine_notes(entry)  # an earlier draft's notes (and an older layout's, in extracted comments)
    tcomments = ([entry.tcomment] if entry.tcomment else []) + [MT_PREFIX + note]
    if draft.missing:
        tcomments.append(LOST_PREFIX + "; ".join(draft.missing) + " – the engine dropped or mangled these; put them into the translation")
    entry.tcomment = "\n".join(tcomments)


def _note(info: EngineInfo, label: str, score: float | None) -> str:
    note = info.describe()
    if info.device:  # the device and compute type change the output: part of the provenance
        note += f" on {info.device}"
    if label:
        note += f" ({label})"
    if score is not None and not label:
        note += f", score {score:.2f}"
    return note


def _matches(matcher, text: str) -> list:
    return list(matcher.find(text)) if matcher is not None else []


def draft_catalogs(
    catalogs: Sequence[tuple[Path, polib.POFile]],
    locale: str,
    engine: Engine,
    memory: Memory,
    glossary=None,
    dry_run: bool = False,
    *,
    matcher=None,
    protect_numbers: bool = True,
    on_progress: Progress | None = None,
    reviewed_in_memory: bool = False,
) -> TranslateStats:
    """Fill the empty entries of ``catalogs`` (all for ``locale``) with fuzzy MT drafts.

    ``catalogs`` is a list of ``(path, POFile)``; the POFile objects are modified in place and
    the paths of those that changed are listed in the result's ``changed`` (save them).
    ``glossary`` (a :class:`pipeline.glossary.Glossary` or None) decides which terms are
    protected and is part of the memory key through its ``version``; ``matcher`` overrides the
    ``SourceMatcher`` built from it.  ``dry_run`` computes the counts without calling the
    engine, writing the memory or touching a catalog.  ``on_progress(done, total)`` reports
    sentences translated by the engine.  Raises :class:`pipeline.mt.engines.UnavailableError`
    when the engine cannot serve ``locale``.  ``reviewed_in_memory``: the reviewed translations of
    every catalog of the locale (not only these) are in the memory already, and are looked up
    there (a job drafting a locale's catalogs a batch at a time fed them first).

    The steps, as the module docstring numbers them: :func:`_collect` (1, 2), :func:`_plan` and
    :func:`_translate` (3), :func:`_apply_drafts` (4).
    """
    info = engine.info(locale)
    stats = TranslateStats(locale, info.engine, info.package, info.version, info.device, info.workers, dry_run=dry_run)
    if matcher is None and glossary is not None:
        matcher = source_matcher(glossary)  # compiled once per glossary version
    glossary_version = str(getattr(glossary, "version", "") or "") if glossary is not None else ""
    changed: dict[Path, None] = {}  # catalogs that received drafts, in the order they did
    jobs = _collect(catalogs, locale, engine, memory, stats, changed, reviewed_in_memory)
    key = MemoryKey(info.engine, info.package, info.version, locale, glossary_version)
    plan = _plan(jobs, locale, key, engine, memory, matcher, protect_numbers)
    stats.memory_hits = len(plan.outputs)
    stats.sent_to_engine = len(plan.todo)
    if dry_run:
        stats.drafts_written = 0
        stats.planned = [(job.path, job.entry.msgid) for job in jobs]
        return stats
    _translate(plan, engine, memory, on_progress)
    _apply_drafts(plan, info, engine.label, stats, changed)
    stats.changed = list(changed)
    return stats


def _collect(
    catalogs: Sequence[tuple[Path, polib.POFile]],
    locale: str,
    engine: Engine,
    memory: Memory,
    stats: TranslateStats,
    changed: dict[Path, None],
    reviewed_in_memory: bool = False,
) -> list[_Job]:
    """Steps 1 and 2: feed the reviewed translations to the memory (unless ``reviewed_in_memory``),
    fill the empty entries that have one, and return the others as jobs for the engine (none
    when it produces no text)."""
    dry_run = stats.dry_run
    reviewed: dict[str, str] = {}
    for _path, po in [] if reviewed_in_memory else catalogs:
        reviewed.update(reviewed_pairs(po))
    stats.reviewed_fed = len(reviewed)
    if reviewed and not dry_run:
        memory.remember_reviewed_many(locale, reviewed.items())
    jobs: list[_Job] = []
    for path, po in catalogs:
        for entry in po:
            if not _is_candidate(entry) or entry.msgstr:
                continue
            stats.pending += 1
            human = reviewed.get(entry.msgid) or memory.lookup_reviewed(locale, entry.msgid)
            if human:
                stats.reviewed_hits += 1
                draft = Draft(entry.msgid, locale, human, "memory")
                stats.drafts.append(draft)
                if not dry_run:
                    _record(path, entry, draft, MEMORY_NOTE, stats, changed)
                continue
            if engine.produces:
                jobs.append(_Job(path, entry))
    return jobs


def _record(path: Path, entry: polib.POEntry, draft: Draft, note: str, stats: TranslateStats, changed: dict[Path, None]) -> None:
    """Write ``draft`` into ``entry`` and count it as applied to the catalog at ``path``."""
    _apply(entry, draft, note)
    stats.applied.setdefault(path, []).append(Applied((entry.msgctxt, entry.msgid), draft, note))
    stats.drafts_written += 1
    changed[path] = None


@dataclass
class _Plan:
    """What the engine is to translate: the jobs' protected sentences, and what the memory knew."""

    jobs: list[_Job]
    key: MemoryKey
    #: Every distinct protected sentence by its source text.
    by_source: dict[str, placeholders.Protected]
    #: Translations known so far, by protected source: (text or None, score).
    outputs: dict[str, tuple[str | None, float | None]]
    #: Distinct protected sources the memory did not know, in first-seen order.
    todo: list[str]


def _plan(jobs: list[_Job], locale: str, key: MemoryKey, engine: Engine, memory: Memory, matcher, protect_numbers: bool) -> _Plan:
    """Step 3, first half: split the jobs into sentences, protect glossary terms and numbers with
    placeholders, and look the sentences up in the memory for this engine, package and glossary."""
    for job in jobs:
        for sentence in sentences.split(job.entry.msgid):
            spans = placeholders.glossary_spans(sentence, _matches(matcher, sentence), locale)
            job.protected.append(placeholders.protect(sentence, spans, numbers=protect_numbers))
    distinct = list(dict.fromkeys(p.source for job in jobs for p in job.protected))
    by_source = {p.source: p for job in jobs for p in job.protected}
    outputs: dict[str, tuple[str | None, float | None]] = {}
    if engine.cacheable and distinct:
        for source, cached in memory.lookup(key, distinct).items():
            outputs[source] = (cached.text, cached.score)
    return _Plan(jobs, key, by_source, outputs, [s for s in distinct if s not in outputs])


def _translate(plan: _Plan, engine: Engine, memory: Memory, on_progress: Progress | None) -> None:
    """Step 3, second half: send every sentence still to do to the engine in one call, keep the
    results in ``plan.outputs`` and, for a cacheable engine, in the memory."""
    todo, key = plan.todo, plan.key
    total = len(todo)
    if on_progress:
        on_progress(0, total)
    if todo:
        stored: set[int] = set()

        def commit(indices: list[int], results: list) -> None:
            # Streaming engines hand over each finished chunk: one commit per chunk, so a run
            # killed half way resumes from the memory.
            rows = [(todo[i], r.text, r.score) for i, r in zip(indices, results) if r.text is not None]
            if rows:
                memory.store(key, rows)
            stored.update(indices)

        extra = {"on_chunk": commit} if engine.streams and engine.cacheable else {}
        results = engine.translate(
            [plan.by_source[s].text for s in todo],
            plan.key.locale,
            progress=(lambda done: on_progress(done, total)) if on_progress else None,
            **extra,
        )
        fresh = []
        for index, (source, result) in enumerate(zip(todo, results)):
            plan.outputs[source] = (result.text, result.score)
            if result.text is not None and index not in stored:
                fresh.append((source, result.text, result.score))
        if engine.cacheable and fresh:
            memory.store(key, fresh)
    if on_progress:
        on_progress(total, total)


def _apply_drafts(plan: _Plan, info: EngineInfo, label: str, stats: TranslateStats, changed: dict[Path, None]) -> None:
    """Step 4: reassemble each job's paragraph, put the renderings back, verify them, and write
    the draft into the entry.  A paragraph with an untranslated sentence gets no draft."""
    locale = plan.key.locale
    for job in plan.jobs:
        pieces: list[str] = []
        missing: list[str] = []
        scores: list[float] = []
        for protected in job.protected:
            text, score = plan.outputs.get(protected.source, (None, None))
            if text is None:
                break
            restored = placeholders.restore(text, protected)
            pieces.append(restored.text)
            missing += [m for m in restored.missing if m not in missing]
            if score is not None:
                scores.append(score)
        else:
            if not job.protected:
                continue
            score = min(scores) if scores else None  # the weakest sentence speaks for the paragraph
            draft = Draft(
                job.entry.msgid,
                locale,
                sentences.join(pieces),
                info.engine,
                score,
                " ".join(p for p in (info.package, info.version) if p),
                tuple(missing),
            )
            _record(job.path, job.entry, draft, _note(info, label, score), stats, changed)
            stats.drafts.append(draft)
            stats.flagged += bool(draft.missing)
