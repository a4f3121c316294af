"""Run the registered checks over source documents and catalogs, in any mix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from pipeline.catalogs.layout import messages_dir
from pipeline.catalogs.language import catalog_locale
from pipeline.checks import catalog_checks, markup, placeholder_tags, source_checks  # noqa: F401  (register the checks)
from pipeline.checks.registry import CATALOG, SOURCE, CatalogContext, SourceContext, checks_for
from pipeline.checks.tally import CheckTally, FileFindings, FindingCounts, count_findings
from pipeline.core.config import resolve
from pipeline.core.errors import InputError
from pipeline.core.model import Finding
from pipeline.glossary import source_matcher, target_matcher
from pipeline.source.corpus import read_document, require_regular_file
from pipeline.source.formats import extension_map, segment_document


@dataclass(frozen=True)
class CheckResult:
    """Findings, sorted by file, line and column, and what was checked.

    ``files`` are the checked files in the order they were checked, as given (a file without
    findings is there too: JUnit reports it as a passing test case).  ``silenced`` are findings
    a translator silenced with an ``#, l10n-ignore-<rule>`` flag on their entry: not counted,
    listed by ``--format json``.
    """

    findings: tuple[Finding, ...]
    documents: int
    catalogs: int
    files: tuple[str, ...] = ()
    silenced: tuple[Finding, ...] = ()

    def tally(self) -> CheckTally:
        """The result's numbers, counted the way a streaming run counts them (:class:`CheckTally`)."""
        tally = CheckTally(documents=self.documents, catalogs=self.catalogs, silenced=len(self.silenced))
        tally.count(self.findings)
        return tally

    @property
    def counts(self) -> FindingCounts:
        """Errors and warnings, counted by :func:`~pipeline.checks.tally.count_findings`."""
        return count_findings(self.findings)

    @property
    def errors(self) -> int:
        """The number of error findings."""
        return self.counts.errors

    @property
    def warnings(self) -> int:
        """The number of warning findings."""
        return self.counts.warnings

    def summary(self) -> dict:
        """Documents and catalogs checked, errors, warnings and findings per rule (JSON-ready)."""
        return self.tally().summary()


def expand(paths: Iterable[Path], formats: Mapping[str, str] | None = None) -> list[Path]:
    """Files to check: source documents (every extension a document format reads, with the
    configuration's ``formats``) and ``*.po`` catalogs, given directly or found under given directories."""
    documents = extension_map(formats or {})
    wanted = (*documents, ".po")
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            # Not only regular files: a FIFO or device named like a document is refused by name,
            # never skipped without a word (nor opened: a FIFO would block the check forever).
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted and not p.is_dir())
            for candidate in found:
                require_regular_file(candidate)
            files.extend(found)
        elif os.path.lexists(path):
            # A FIFO, a device (/dev/null) or a broken link named on the command line is refused
            # by what it is, from its stat, never opened: reading a FIFO would block forever.
            require_regular_file(path)
            if path.suffix.lower() not in wanted:
                kinds = ", ".join(sorted(documents))
                raise InputError(path, f"not a source document ({kinds}) or a catalog (.po)", f"give {kinds} or .po files")
            files.append(path)
        else:
            raise InputError(path, "no such file or directory", "check the path")
    return files


def check_document(path: Path, glossary, names: frozenset[str] = frozenset(), config=None) -> list[Finding]:
    """All source checks on one document, read under ``config``'s limits (default: the working directory's project)."""
    matcher = None
    if glossary is not None:
        matcher = source_matcher(glossary)
    ctx = SourceContext(str(path), segment_document(read_document(path, config), names), glossary, matcher)
    return [f for check in checks_for(SOURCE) for f in check.run(ctx)]


#: ``#, l10n-ignore-<rule>`` on an entry silences that rule's findings on that entry (Weblate's
#: ``ignore-<check>``); nothing is ever silenced without one.
IGNORE_FLAG = "l10n-ignore-"


def check_catalog(path: Path, glossary) -> list[Finding]:
    """The findings of :func:`catalog_findings` that no ``#, l10n-ignore-<rule>`` flag silenced."""
    return catalog_findings(path, glossary)[0]


def catalog_findings(path: Path, glossary, reader=None) -> tuple[list[Finding], list[Finding]]:
    """All catalog checks on one PO file, as the locale :func:`~pipeline.catalogs.language.catalog_locale` gives.

    In the gettext layout (``<locales>/<lang>/LC_MESSAGES/<doc>.po``) that is the folder's
    locale, the one gettext and ``l10n bundle`` load the catalog as, and a Language header
    that says otherwise is the ``language`` error; elsewhere it is the Language header, which
    must then be a locale code (InputError otherwise).  Returns ``(findings, silenced)``.
    ``reader`` parses the file (default :func:`pipeline.catalogs.pofiles.read_po`).
    """
    from pipeline.catalogs.pofiles import msgid_lines, read_po  # here: polib, only when a catalog is checked

    po = (reader or read_po)(path)
    locale = catalog_locale(path, po.metadata)
    source = target = None
    if glossary is not None:
        source, target = source_matcher(glossary), target_matcher(glossary, locale)
    lines = msgid_lines(path.read_text(encoding="utf-8", errors="replace"), po)
    ctx = CatalogContext(str(path), po, locale, glossary, source, target, lines)
    return silence([f for check in checks_for(CATALOG) for f in check.run(ctx)], ctx)


def silence(findings: list[Finding], ctx: CatalogContext) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (kept, silenced): silenced when its entry has ``#, l10n-ignore-<rule>``.

    Only findings on an entry can be silenced (never a header's), and only by their own rule.
    """
    ignored: dict[tuple[int, str], set[str]] = {}
    for entry in ctx.po:
        rules = {flag[len(IGNORE_FLAG) :] for flag in entry.flags if flag.startswith(IGNORE_FLAG)}
        if rules:
            line = ctx.msgid_lines.get(id(entry)) or getattr(entry, "linenum", None) or 1
            ignored[(int(line), entry.msgid)] = rules
    kept: list[Finding] = []
    silenced: list[Finding] = []
    for finding in findings:
        hit = finding.msgid is not None and finding.rule in ignored.get((finding.line, finding.msgid), ())
        (silenced if hit else kept).append(finding)
    return kept, silenced


def check_files(
    files: Iterable[Path], glossary=None, names: frozenset[str] = frozenset(), config=None, reader=None
) -> Iterator[FileFindings]:
    """Check each of ``files`` (documents and catalogs, as :func:`expand` lists them) in turn: its findings, as each is done.

    Documents are read under ``config``'s limits (default: the working directory's project);
    ``reader`` parses the catalogs (default :func:`pipeline.catalogs.pofiles.read_po`).  A
    caller that keeps only counts (:class:`~pipeline.checks.tally.CheckTally`) holds one file's
    findings at a time.
    """
    for path in files:
        if path.suffix.lower() != ".po":
            yield FileFindings(path, False, check_document(path, glossary, names, config), [])
        else:
            kept, quiet = catalog_findings(path, glossary, reader)
            yield FileFindings(path, True, kept, quiet)


def run_checks(paths: Iterable[Path], glossary=None, names: frozenset[str] = frozenset(), config=None, reader=None) -> CheckResult:
    """Check every document and catalog in ``paths``; bad input raises InputError before any output.

    Documents are read under ``config``'s limits (default: the working directory's project).
    ``reader`` parses the catalogs (default :func:`pipeline.catalogs.pofiles.read_po`): ``stats`` passes
    one that keeps them, to count their entries without parsing them again.
    """
    files = expand(paths, config.formats if config is not None else None)
    findings: list[Finding] = []
    silenced: list[Finding] = []
    documents = catalogs = 0
    for checked in check_files(files, glossary, names, config, reader):
        findings.extend(checked.kept)
        silenced.extend(checked.silenced)
        catalogs += checked.is_catalog
        documents += not checked.is_catalog
    order = lambda f: (f.path, f.line, f.column, f.rule)  # noqa: E731
    return CheckResult(
        tuple(sorted(findings, key=order)), documents, catalogs, tuple(str(path) for path in files), tuple(sorted(silenced, key=order))
    )


#: Told each checked file's findings, as soon as the file is checked.
FindingsSink = Callable[[FileFindings], None]


def tally_checks(
    paths: Iterable[Path], glossary=None, names: frozenset[str] = frozenset(), config=None, reader=None, sink: FindingsSink | None = None
) -> CheckTally:
    """:func:`run_checks` that keeps counts, not findings: each file's findings go to ``sink`` (if any) and are let go.

    Every file is listed (and a bad path refused) before the first is checked, as in :func:`run_checks`.
    """
    tally = CheckTally()
    for checked in check_files(expand(paths, config.formats if config is not None else None), glossary, names, config, reader):
        tally.add(checked)
        if sink is not None:
            sink(checked)
    return tally


def project_paths(config) -> list[Path]:
    """What ``l10n check`` checks by default: the corpus and the locales' catalogs."""
    paths = [resolve(config, config.corpus_dir)]
    locales_dir = resolve(config, config.locales_dir)
    catalogs = [messages_dir(locales_dir, locale) for locale in config.locales]
    paths.extend(directory for directory in catalogs if directory.is_dir())
    return paths


def check_project(config, glossary=None, names: frozenset[str] = frozenset(), reader=None) -> CheckResult:
    """Check the configured corpus and the configured locales' catalogs (``reader``: see :func:`run_checks`)."""
    return run_checks(project_paths(config), glossary, names, config, reader)


def tally_project(config, glossary=None, names: frozenset[str] = frozenset(), reader=None, sink: FindingsSink | None = None) -> CheckTally:
    """:func:`check_project` keeping counts, not findings (``sink``: see :func:`tally_checks`); a project path not there is left out."""
    paths = [path for path in project_paths(config) if path.exists()]
    return tally_checks(paths, glossary, names, config, reader, sink)
