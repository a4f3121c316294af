"""The project a command works on: its configuration checked and its glossary loaded once.

Every command opens the project through :func:`open_project` before it reads a document or
writes a file, so a mistyped path, an invalid glossary or a missing glossary is one line and
exit 2 with nothing written: a check never passes because it looked in the wrong place.

The opened :class:`Project` is also the one place the commands get what the glossary gives the
other stages: the multi-word names :func:`~pipeline.source.segment.segment` must not split
(every command passes the same set, or the msgids would differ), the translator hints of
``update``, and where the review stands with the check findings counted (:func:`project_stats`)
and reported (:func:`write_project_report`).  ``glossary import`` merges a TBX file into the configured glossary
here too (:func:`import_glossary`).

Start-up: the glossary package (~50 ms of imports) and the checks (~25-65 ms more) are
imported where they are first needed, not here: ``l10n xliff``, ``memory`` and any command run
with ``--no-glossary`` never load a glossary, and ``l10n check FILE`` must not import polib.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from pipeline.core.cache import code_fingerprint, read_cached, sha256, store_cached
from pipeline.core.config import Config, resolve
from pipeline.core.errors import InputError
from pipeline.core.fsutil import exclusive

if TYPE_CHECKING:
    from pipeline.checks.tally import CheckTally, FileFindings
    from pipeline.glossary.model import Glossary
    from pipeline.glossary.merge import MergeReport

#: How each path setting is spelled on the command line and in the configuration file.
_PATH_SETTINGS = {
    "corpus_dir": ("--corpus", "corpus"),
    "glossary_dir": ("--glossary", "glossary"),
    "locales_dir": ("--locales", "locales-dir"),
}


class GlossaryNeed(Enum):
    """What a command does without a glossary."""

    REQUIRED = "required"  # checking without one would pass by mistake: exit 2
    OPTIONAL = "optional"  # outside a project, work without hints
    SKIPPED = "skipped"  # the user said --no-glossary


@dataclass(frozen=True)
class Project:
    """A checked configuration and its validated glossary (None when there is none)."""

    config: Config
    glossary: Glossary | None  # imported for the checker only, to keep start-up light
    warnings: tuple[str, ...] = ()

    @cached_property
    def names(self) -> frozenset[str]:
        """Multi-word names a stray blank line must not split: every command passes these to
        :func:`~pipeline.source.segment.segment`, so all of them cut the documents into the same units."""
        if self.glossary is None:
            return frozenset()
        from pipeline.glossary.hints import multiword_names  # lazy: see the module docstring

        return multiword_names(self.glossary)

    @cached_property
    def hints(self) -> Callable[[str, str], Iterable[str]] | None:
        """Translator hints for ``update``: the glossary terms of each entry and their rendering."""
        if self.glossary is None:
            return None
        from pipeline.glossary.hints import hints_for  # lazy: see the module docstring

        return hints_for(self.glossary)

    @property
    def glossary_version(self) -> str | None:
        """The glossary's version: part of what catalogs are made from (their hints)."""
        return self.glossary.version if self.glossary is not None else None


def open_project(config: Config, glossary: GlossaryNeed = GlossaryNeed.OPTIONAL) -> Project:
    """Check ``config`` and load its glossary: the first step of every command, before any write.

    A named path that does not exist, a glossary that does not load or does not validate, and
    (for a REQUIRED glossary) no glossary at all raise InputError.  A configured locale the
    glossary has no renderings for is a warning, returned with the project.
    """
    check_paths(config)
    if glossary is GlossaryNeed.SKIPPED:
        return Project(config, None)
    the_glossary = configured_glossary(config)
    if the_glossary is None:
        if glossary is GlossaryNeed.REQUIRED:
            raise InputError(
                None,
                "no glossary: no --glossary given and no project configuration ([tool.l10n] in pyproject.toml or l10n.toml) here or above",
                "pass --glossary DIR, or --no-glossary to run the other checks without it",
            )
        return Project(config, None)
    return Project(config, the_glossary, _validated(config, the_glossary))


def check_paths(config: Config, creates: frozenset[str] = frozenset()) -> None:
    """Raise InputError for a path the user named (on the command line or in the file) that is not a directory.

    ``creates`` names the settings the command may create (``glossary import`` starts a glossary):
    for those only the parent folder must exist.
    """
    for name in sorted(config.named):
        path = resolve(config, getattr(config, name))
        if path.is_dir() or (name in creates and not path.exists() and path.parent.is_dir()):
            continue
        option, key = _PATH_SETTINGS[name]
        where = f"{option} or '{key}' in {config.source.name}" if config.source else option
        problem = "is a file, not a directory" if path.exists() else "does not exist"
        raise InputError(path, problem, f"check {where}" + ("; create it first for a new project" if name == "locales_dir" else ""))


def configured_glossary(config: Config, may_be_new: bool = False):
    """The glossary the configuration names; None when nothing names one and none is there.

    ``may_be_new``: a named directory that is missing or holds no glossary files is a glossary
    yet to be written (``glossary import``), not an error.
    """
    directory = glossary_directory(config)
    exists = directory.is_dir() and any(directory.glob("*.y*ml"))
    if not exists and (may_be_new or "glossary_dir" not in config.named):
        return None
    from pipeline.glossary import load_glossary  # lazy: see the module docstring

    return load_glossary(directory)


def glossary_directory(config: Config) -> Path:
    """The folder of the glossary files the configuration names (or the default one)."""
    return resolve(config, config.glossary_dir)


def _validated(config: Config, the_glossary) -> tuple[str, ...]:
    """Raise InputError on the glossary's first problem; warnings for locales it does not cover."""
    covered = set(the_glossary.locales)
    locales = [code for code in config.locales if code in covered]
    # Validating is the largest part of a one-file check's start-up (~50 ms for 117 entries): a
    # glossary found valid is remembered in the user cache, by its content, folder, the locales
    # and the code (the answer is a function of those), and not validated again.
    valid_name = _valid_cache_name(the_glossary, locales)
    if read_cached(valid_name) != b"valid\n":
        from pipeline.glossary import validate  # lazy: see the module docstring

        problems = validate(the_glossary, locales)
        if problems:
            first = problems[0]
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            raise InputError(
                first.path,
                f"invalid glossary: {first.message}",
                f"{first.hint or 'fix the entry'} ({count}; `l10n glossary validate` lists them)",
                line=first.line or None,
            )
        store_cached(valid_name, b"valid\n")
    warnings = []
    translatable = [term for term in the_glossary.terms if not term.dnt]
    for code in config.locales:
        if code not in covered and translatable:
            warnings.append(
                f"the glossary has no {code} renderings ({len(translatable)} of {len(translatable)} "
                f"terms lack one): {code} catalogs get no glossary hints and no rendering checks; "
                "add renderings in the glossary files or with `l10n glossary import`"
            )
    return tuple(warnings)


def _valid_cache_name(the_glossary, locales: list[str]) -> str:
    """The user-cache entry that says this glossary, for these locales, passed validation."""
    folder = str(the_glossary.directory.resolve()) if the_glossary.directory is not None else ""
    key = "\0".join([the_glossary.version, folder, ",".join(locales), code_fingerprint()])
    return f"glossary-valid-{sha256(key.encode()).hexdigest()[:24]}"


@dataclass(frozen=True)
class ProjectStats:
    """Where the review stands: the stats table and the counts of the check findings it shows."""

    table: dict  # pipeline.outputs.stats.stats_table
    checks: CheckTally  # every finding on the project's corpus and catalogs, counted


def project_stats(project: Project, sink: Callable[[FileFindings], None] | None = None) -> ProjectStats:
    """The stats table of the project's catalogs with each one's errors and warnings (``stats``, ``report``).

    The configured corpus and catalogs are checked (a path of the project that is not there is
    left out: the stats work without a corpus).  Each catalog is parsed once for the checks
    and the counts, and only its counts are kept
    (:class:`~pipeline.outputs.stats.CatalogCounts`); each file's findings go to ``sink`` and
    are let go.
    """
    from pipeline.checks.runner import tally_project  # lazy: see the module docstring
    from pipeline.outputs.stats import CatalogCounts, stats_table  # lazy: polib, which `l10n check FILE` must not import

    counts = CatalogCounts()
    tally = tally_project(project.config, project.glossary, project.names, counts.read, sink)
    return ProjectStats(stats_table(project.config, tally.by_catalog, counts.progress_of), tally)


def write_project_report(project: Project, path: Path) -> bool:
    """Check the project and write its HTML report to ``path``; False when the file already held that page.

    The findings are spooled beside ``path`` (:class:`~pipeline.outputs.finding_spool.FindingSpool`)
    and the page is written as it is made: memory does not grow with the number of findings.
    """
    from pipeline.outputs.finding_spool import FindingSpool  # lazy: sqlite3, only for the report
    from pipeline.outputs.report import report_parts, write_report_parts

    with FindingSpool(path) as spool:
        stats = project_stats(project, spool.add)
        return write_report_parts(path, report_parts(stats.table, spool.in_report_order(), stats.checks.counts))


def glossary_locales(config: Config, current) -> tuple[str, ...]:
    """The configured locales, then those the glossary ``current`` (None: none yet) has besides them.

    ``glossary import`` matches a TBX file's languages against these.
    """
    present = current.locales if current else ()  # an empty glossary (no terms) counts as none
    return (*config.locales, *(code for code in present if code not in config.locales))


@dataclass(frozen=True)
class GlossaryImport:
    """What :func:`import_glossary` did: its merge report, and the files written or the problems that stopped it."""

    report: MergeReport
    written: tuple[Path, ...] = ()
    problems: tuple = ()  # pipeline.glossary.Problem of the merged glossary; any: nothing was written


def import_glossary(
    config: Config, file: Path, default_category: str, limits=None, warn: Callable[[str], None] = lambda warning: None
) -> GlossaryImport:
    """Merge the TBX ``file`` into the configured glossary (which may not exist yet), validated first.

    The file's languages are matched to the configured locales and those the glossary already
    has; a new entry without one of our categories gets ``default_category``; ``limits``
    (:class:`pipeline.glossary.tbx_import.Limits`; None: its defaults) bound what is read.
    The import's warnings go to ``warn`` once the merge is done, before validation.  A merged
    glossary with problems is returned with them and nothing written.
    """
    from pipeline.glossary.tbx_import import Limits, read_tbx  # lazy: see the module docstring

    check_paths(config, creates=frozenset({"glossary_dir"}))
    directory = glossary_directory(config)
    known = glossary_locales(config, configured_glossary(config, may_be_new=True))
    tbx = read_tbx(file, known, source=config.source_language, limits=limits or Limits())
    warnings = [f"{file}: {warning}" for warning in tbx.warnings()]
    # One import at a time, from reading the glossary to writing it: two concurrent imports
    # would otherwise each merge into the same old glossary and the second write would undo
    # the first.  The glossary is read again once the lock is held.
    with exclusive(directory):
        before = configured_glossary(config, may_be_new=True)
        return _merge_and_write(config, directory, before, tbx.terms, default_category, warnings, warn)


def _merge_and_write(
    config: Config, directory: Path, before, terms: list, category: str, warnings: list[str], warn: Callable[[str], None]
) -> GlossaryImport:
    """Merge, tell the warnings (a merge that fails is one error, without them), validate, write."""
    from pipeline.glossary import validate  # lazy: see the module docstring
    from pipeline.glossary.merge import merge_terms, write_glossary

    merged, report = merge_terms(before, terms, default_category=category)
    terms.clear()  # the merge holds copies: 100,000 imported Terms are 40 MB better freed before validation
    for warning in warnings:
        warn(warning)
    problems = validate(merged, config.locales)
    if problems:
        return GlossaryImport(report, problems=tuple(problems))
    return GlossaryImport(report, tuple(write_glossary(merged, directory, before)))
