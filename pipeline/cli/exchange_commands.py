"""``l10n xliff export | import`` and ``l10n memory export | import``: exchange with translators' tools.

Catalogs go out as XLIFF 2.0 or 1.2 and come back with the rules of a translator's save
(:mod:`pipeline.exchange.merge`); the translation memory goes out and comes in as TMX 1.4b.
Nothing of :mod:`pipeline.exchange` is imported until one of these commands runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from enum import Enum
from typing import TYPE_CHECKING, List, Optional, TypeAlias

import typer

from pipeline.core.errors import EXIT_FINDINGS
from pipeline.core.fsutil import atomic_write
from pipeline.cli import app, echo, open_project
from pipeline.cli.options import CorpusOpt, GlossaryOpt, LocaleOpt, LocalesDirOpt, NoGlossaryOpt, choices

# The library is imported inside each command, when it runs: `l10n --help` imports every command
# module to list the commands and must not load polib, babel, the glossary or the checks
# (tests/cli/test_cli.py and benchmarks/bench_startup.py assert what each command imports).

#: pipeline.exchange.xliff.VERSIONS (a test keeps the two equal; the module is not imported at start-up).
if TYPE_CHECKING:  # an Enum made by a call is no type to mypy: all it knows is that it is an Enum
    XliffVersion: TypeAlias = Enum
    MemoryFormat: TypeAlias = Enum
else:
    XliffVersion = choices("XliffVersion", ("2.0", "1.2"))
    MemoryFormat = choices("MemoryFormat", ("tmx",))

xliff_app = typer.Typer(
    name="xliff",
    help="Exchange catalogs with translation tools as XLIFF 2.0 or 1.2.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
memory_app = typer.Typer(
    name="memory",
    help="Exchange the translation memory with other tools as TMX 1.4b.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(xliff_app, name="xliff")
app.add_typer(memory_app, name="memory")


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
    except (ValueError, OSError):
        return str(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@xliff_app.command("export")
def xliff_export(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    out: Optional[Path] = typer.Option(
        None, "--out", metavar="DIR", help="Output directory (default: build/xliff in the project).", show_default=False
    ),
    version: XliffVersion = typer.Option("2.0", "--version", help="XLIFF 2.0, or 1.2 for older tools."),
) -> None:
    """Write <out>/<locale>/<document>.xlf for every catalog: source = msgid, target = msgstr.

    Fuzzy entries are exported as needing review (2.0 state="translated", 1.2
    state="needs-review-translation"), reviewed ones as reviewed (2.0 "reviewed", 1.2
    approved="yes"); the glossary hints are notes.  Unit ids come from msgctxt and msgid, so a
    re-export gives the same ids.
    """
    from pipeline.core.config import resolve
    from pipeline.exchange.jobs import export_xliff

    config = open_project(corpus, locales, glossary, locale, no_glossary=True).config
    out_dir = out.resolve() if out else resolve(config, Path("build/xliff"))
    results = export_xliff(config, out_dir, version.value)
    for item in results:
        left_out = f" ({_plural(item.left_out, 'plural or unsafe entry')} left out)" if item.left_out else ""
        state = "written" if item.written else "unchanged"
        units = _plural(item.units, "unit")
        echo(f"{item.locale} {item.catalog.stem}: {units}{left_out} → {_shown(item.path)} ({state})")
    echo(f"{_plural(len(results), 'file')} (XLIFF {version.value}) in {_shown(out_dir)}")


def _import_line(report) -> str:
    """One summary line for one imported file."""
    from pipeline.exchange.merge import CONFLICT

    r = report.result
    kinds: dict[str, int] = {}
    for finding in r.findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    counts = [f"{r.imported} imported", f"{r.approved} approved", f"{r.unchanged} unchanged"]
    if r.untranslated:
        counts.append(f"{r.untranslated} without target")
    # "1 conflict, 2 conflicts"; "source changed" and "ambiguous" read the same for any count.
    counts += [f"{count} {kind}{'s' if count != 1 and kind == CONFLICT else ''}" for kind, count in kinds.items()]
    wrote = ", ".join(_shown(p) for p in report.written) or "no catalog changed"
    return f"{_shown(report.path)}: {', '.join(counts)}; {'wrote ' if report.written else ''}{wrote}"


@xliff_app.command("import")
def xliff_import(
    files: List[Path] = typer.Argument(
        ..., metavar="FILE...", help="XLIFF 1.2 or 2.0 files (from `l10n xliff export`, memoQ, Trados, OmegaT, Okapi…)."
    ),
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
) -> None:
    """Merge translations from XLIFF files into the catalogs, like a translator's save.

    A target that differs from the catalog goes in (fuzzy unless the unit is reviewed or
    approved); a reviewed unit with the catalog's own text clears the fuzzy flag.  Reported,
    not imported: a unit whose source is no longer in the catalog, and an entry edited in the
    PO since the export (a conflict: the catalog keeps its text).  One line per file; exit 1
    when something was reported.
    """
    from pipeline.exchange.jobs import import_xliff

    config = open_project(corpus, locales, glossary, locale, no_glossary=True).config
    reports = import_xliff(config, files)
    for report in reports:
        echo(_import_line(report))
        for finding in report.result.findings:
            source = finding.source if len(finding.source) <= 60 else finding.source[:59] + "…"
            echo(f'  {_shown(report.path)}:{finding.line}: {finding.kind}: unit {finding.unit} "{source}": {finding.detail}')
    if any(report.result.findings for report in reports):
        raise typer.Exit(EXIT_FINDINGS)


@memory_app.command("export")
def memory_export(
    output_format: MemoryFormat = typer.Option("tmx", "--format", help="tmx: TMX 1.4b."),
    output: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
    include_all: bool = typer.Option(
        False, "--all", help="Add the engine's sentence translations (marked as machine output) to the reviewed ones."
    ),
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
) -> None:
    """Write the translation memory as TMX 1.4b: reviewed translations only, unless --all."""
    from pipeline.exchange.jobs import export_memory

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    exported = export_memory(project.config, include_all, project.glossary)
    if output is None:
        sys.stdout.buffer.write(exported.data)
        sys.stdout.buffer.flush()
        return
    atomic_write(output, exported.data)
    machine = f", {exported.machine} machine" if include_all else ""
    skipped = f" ({exported.skipped} machine left out: their placeholders need another glossary version)" if exported.skipped else ""
    echo(f"{_shown(output)}: {_plural(exported.reviewed, 'reviewed translation')}{machine}{skipped} ({output_format.value})")


@memory_app.command("import")
def memory_import(
    files: List[Path] = typer.Argument(
        ..., metavar="FILE.tmx...", help="TMX files (1.1 to 1.4b: OmegaT, memoQ, Trados, Okapi, `l10n memory export`)."
    ),
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
) -> None:
    """Seed the translation memory from TMX files: `l10n translate` then pre-fills entries whose
    source paragraph is in it (fuzzy, "from translation memory")."""
    from pipeline.exchange.jobs import import_memory

    config = open_project(corpus, locales, glossary, locale, no_glossary=True).config
    for report in import_memory(config, files):
        skipped = []
        if report.machine:
            skipped.append(_plural(report.machine, "machine translation"))
        if report.no_source:
            skipped.append(f"{report.no_source} without {config.source_language} source")
        if report.other_languages:
            codes = ", ".join(f"{code} {count}" for code, count in sorted(report.other_languages.items()))
            skipped.append(f"{sum(report.other_languages.values())} in languages not configured ({codes})")
        echo(
            f"{_shown(report.path)}: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged"
            + (f"; skipped {', '.join(skipped)}" if skipped else "")
        )
