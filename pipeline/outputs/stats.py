"""Review progress of catalogs: translated, fuzzy and untranslated, in units and source words.

Counted as ``msgfmt --statistics`` and translate-toolkit's pocount do: obsolete entries and
the header are not counted; a fuzzy entry is not translated; a plural entry is translated
only when every form is.  Words are the source (msgid) words, split on white space.

:func:`stats_table` gives the whole project's numbers as plain data (JSON-ready) for the
``stats`` command, the HTML report and ``run``'s closing table.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

import polib

from pipeline.catalogs.entries import entry_state, is_counted
from pipeline.catalogs.layout import catalog_path, catalog_paths, template_path, templates_dir
from pipeline.catalogs.pofiles import read_po
from pipeline.checks.tally import CheckTally
from pipeline.source.formats import extension_map
from pipeline.core.config import Config, resolve
from pipeline.core.errors import InputError

#: The numbers of one row of the table, in the order the text table shows them.
COUNT_FIELDS = ("units", "translated", "fuzzy", "untranslated", "words", "translated_words", "fuzzy_words", "untranslated_words")


@dataclass
class Progress:
    """Counts for one catalog, or summed over several."""

    documents: int = 0
    units: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def percent(self) -> float:
        """Share of source words translated and reviewed, 0–100."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    def add(self, other: "Progress") -> None:
        for name in (
            "documents",
            "units",
            "translated",
            "fuzzy",
            "untranslated",
            "words",
            "translated_words",
            "fuzzy_words",
            "untranslated_words",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def source_words(text: str) -> int:
    """Words of a source text as pocount counts them: white-space separated tokens."""
    return len(text.split())


_words = source_words


def progress(po: polib.POFile) -> Progress:
    """Counts for one parsed catalog."""
    result = Progress(documents=1)
    for entry in po:
        if not is_counted(entry):
            continue
        state = entry_state(entry)
        words = _words(entry.msgid)
        result.units += 1
        result.words += words
        setattr(result, state, getattr(result, state) + 1)
        setattr(result, f"{state}_words", getattr(result, f"{state}_words") + words)
    return result


def percent_value(value: float) -> float:
    """A percentage for JSON: two decimals, rounded down (a document is never shown complete,
    or above a threshold, when it is not)."""
    return math.floor(value * 100 + 1e-9) / 100


def format_percent(value: float) -> str:
    """``value`` with one decimal, rounded *down*: 99.96 % is shown as 99.9, never as 100.0,
    and 79.96 % is not shown as the 80.0 a threshold of 80 would accept."""
    return f"{math.floor(value * 10 + 1e-9) / 10:.1f}"


def errors_by_catalog(findings: Iterable, rules: Iterable[str] | None = None) -> dict:
    """``{(locale, document stem): FindingCounts}``: the checks' findings per catalog, for :func:`stats_table`.

    Errors and warnings are counted by :func:`pipeline.checks.tally.count_findings`, the way
    ``l10n check`` counts them, with the severity each check gave (a finding on a fuzzy entry
    is a warning): the numbers of ``stats``, ``report`` and ``check`` agree.  A finding on a
    catalog is keyed by its locale and the file's stem; a finding on a source document by
    ``(None, stem)``, so the table's ``checks`` summary counts every finding the check does.
    Only the given ``rules`` when ``rules`` is not None.
    """
    wanted = None if rules is None else frozenset(rules)
    tally = CheckTally()
    tally.count(finding for finding in findings if wanted is None or finding.rule in wanted)
    return tally.by_catalog


def _counts(value) -> tuple[int, int]:
    """``(errors, warnings)`` of a value of :func:`errors_by_catalog` (a plain int is errors only)."""
    if isinstance(value, int):
        return int(value), 0
    return int(value.errors), int(value.warnings)


def _row(counts: Progress, *, catalog: str | None, state: str, errors: int, warnings: int, nothing: bool = False) -> dict:
    row: dict = {"catalog": catalog, "state": state}
    row.update({name: getattr(counts, name) for name in COUNT_FIELDS})
    row["percent"] = 0.0 if nothing else percent_value(counts.percent)
    row["errors"], row["warnings"] = errors, warnings
    row["glossary_errors"] = errors  # the same number under its old name (the text table reads it)
    return row


def _stems(config: Config) -> list[str]:
    """Every document the project knows of: the corpus, templates and catalogs of the locales."""
    locales_dir = resolve(config, config.locales_dir)
    corpus_dir = resolve(config, config.corpus_dir)
    extensions = extension_map(config.formats)
    stems = {p.stem for p in corpus_dir.iterdir() if p.suffix.lower() in extensions and p.is_file()} if corpus_dir.is_dir() else set()
    stems |= {p.stem for p in templates_dir(locales_dir).glob("*.pot")}
    for locale in config.locales:
        stems |= {p.stem for p in catalog_paths(locales_dir, locale)}
    return sorted(stems)


class CatalogCounts:
    """A catalog reader for the checks that keeps each catalog's counts, not the catalog.

    ``stats`` and ``report`` check every catalog and then count its entries: with this, each
    is parsed once, and memory holds a few numbers per catalog instead of every parsed catalog
    of the corpus (:func:`stats_table` takes :meth:`progress_of`).
    """

    def __init__(self) -> None:
        self._counts: dict[str, Progress] = {}

    def read(self, path: Path) -> polib.POFile:
        """:func:`pipeline.catalogs.pofiles.read_po`, remembering the catalog's :func:`progress`."""
        po = read_po(path)
        self._counts[os.path.abspath(path)] = progress(po)
        return po

    def progress_of(self, path: Path) -> Progress:
        """The counts of ``path``: those remembered when it was read (once), else parsed now."""
        known = self._counts.pop(os.path.abspath(path), None)
        return known if known is not None else progress(read_po(path))


def stats_table(config: Config, errors: Mapping | None = None, progress_of: Callable[[Path], Progress] | None = None) -> dict:
    """Progress of every configured locale and document, as plain JSON-ready data.

    ``errors`` is :func:`errors_by_catalog`'s result for the checks' findings (default: none;
    a plain int value counts as that many errors).  The shape::

        {"locales": {"az": {"total": ROW, "documents": {"<stem>": ROW, ...}}, ...},
         "checks": {"errors": E, "warnings": W}}

    where a ROW holds ``catalog`` (its path), ``state`` (``"catalog"``; ``"template"`` when
    the locale has no catalog for the document yet and the template's entries are counted as
    untranslated; ``"missing"`` when there is neither), the :data:`COUNT_FIELDS`,
    ``percent`` (translated source words / all source words, 0–100, two decimals rounded
    down; 100 for a document without words, 0 for a missing one), ``errors`` and ``warnings``
    (the check findings on that catalog; ``glossary_errors`` repeats ``errors``).  ``checks``
    counts every finding given, on sources and catalogs alike: what ``l10n check`` reports.
    Locales keep the configured order, documents are sorted by name.  Every catalog is parsed
    (a broken one is an :class:`~pipeline.core.errors.InputError`) and counted, by
    ``progress_of`` when given (a function path -> :class:`Progress`, e.g.
    :meth:`CatalogCounts.progress_of` after the checks read the catalogs).
    """
    count = progress_of or (lambda path: progress(read_po(path)))

    counts = {key: _counts(value) for key, value in (errors or {}).items()}
    locales_dir = resolve(config, config.locales_dir)
    stems = _stems(config)
    if not stems:
        raise InputError(locales_dir, "no documents, templates or catalogs to count", "run `l10n update` first, or pass --corpus/--locales")
    templates: dict[str, Progress | None] = {}
    for stem in stems:
        path = template_path(locales_dir, stem)
        templates[stem] = count(path) if path.is_file() else None
    table: dict = {"locales": {locale: _locale_table(locales_dir, locale, templates, counts, count) for locale in config.locales}}
    table["checks"] = {"errors": sum(e for e, _ in counts.values()), "warnings": sum(w for _, w in counts.values())}
    return table


def _locale_table(
    locales_dir: Path,
    locale: str,
    templates: Mapping[str, Progress | None],
    counts: Mapping[tuple, tuple[int, int]],
    count: Callable[[Path], Progress],
) -> dict:
    """One locale of :func:`stats_table`: a row per document and the total."""
    total = Progress()
    documents: dict[str, dict] = {}
    missing = False
    for stem, template in templates.items():
        path = catalog_path(locales_dir, locale, stem)
        n_errors, n_warnings = counts.get((locale, stem), (0, 0))
        if path.is_file():
            progress_, state = count(path), "catalog"
        elif template is not None:
            progress_ = Progress(
                documents=1, units=template.units, untranslated=template.units, words=template.words, untranslated_words=template.words
            )
            state = "template"
        else:
            progress_, state, missing = Progress(documents=1), "missing", True
        total.add(progress_)
        documents[stem] = _row(progress_, catalog=str(path), state=state, errors=n_errors, warnings=n_warnings, nothing=state == "missing")
    total_row = _row(
        total,
        catalog=None,
        state="total",
        nothing=missing and not total.words,
        errors=sum(d["errors"] for d in documents.values()),
        warnings=sum(d["warnings"] for d in documents.values()),
    )
    total_row["documents"] = total.documents
    return {"total": total_row, "documents": documents}
