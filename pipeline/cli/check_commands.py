"""``l10n check``: the glossary-consistency check CI runs on every change."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.core.errors import EXIT_FINDINGS
from pipeline.core.fsutil import atomic_write
from pipeline.cli import app, echo, open_project
from pipeline.cli.options import CorpusOpt, GlossaryOpt, LocaleOpt, LocalesDirOpt, NoGlossaryOpt

# The library is imported inside each command, when it runs: `l10n --help` imports every command
# module to list the commands and must not load polib, babel, the glossary or the checks
# (tests/cli/test_cli.py and benchmarks/bench_startup.py assert what each command imports).


class CheckFormat(str, Enum):
    """pipeline.checks.formats.FORMATS as a typer choice (a test keeps the two equal)."""

    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@app.command("check")
def check_command(
    paths: Optional[List[Path]] = typer.Argument(
        None,
        metavar="PATH",
        help="Source documents (.txt, .md, .html, .docx) and catalogs (*.po), or directories; default: the corpus and the locales.",
    ),
    output_format: CheckFormat = typer.Option("text", "--format", help="github: workflow annotations; junit: one testcase per file."),
    output: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write the report to FILE instead of stdout."),
    list_checks: bool = typer.Option(False, "--list-checks", help="List the registered checks and exit."),
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
) -> None:
    """Check sources and translations against the glossary. Exit 0: no errors (warnings allowed); 1: errors; 2: bad input."""
    from pipeline.checks import formats
    from pipeline.checks.runner import project_paths, run_checks

    if list_checks:
        echo(formats.describe_checks())
        return
    project = open_project(corpus, locales, glossary, locale, need="required", no_glossary=no_glossary)
    result = run_checks(paths or project_paths(project.config), project.glossary, project.names, project.config)
    if no_glossary:
        from pipeline.checks.registry import glossary_checks

        typer.echo(f"l10n: --no-glossary: skipped {', '.join(glossary_checks())}", err=True)
    _emit(_rendered(result, output_format.value, colour=output is None and sys.stdout.isatty()), result, output)
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _rendered(result, fmt: str, colour: bool) -> str:
    """The report of ``result`` in the format ``fmt``; text with the severities in colour when ``colour``."""
    from pipeline.checks import formats

    if fmt == "text":
        colours = {"error": "red", "warning": "yellow"}
        style = (lambda text, severity: typer.style(text, fg=colours[severity], bold=True)) if colour else (lambda text, severity: text)
        return formats.as_text(result, style)
    return {"json": formats.as_json, "github": formats.as_github, "junit": formats.as_junit}[fmt](result)


def _emit(rendered: str, result, output: Optional[Path]) -> None:
    """Print the report, or write it to ``output`` and print its summary line."""
    from pipeline.checks.formats import display_path, summary_line

    if output is not None:
        atomic_write(output, (rendered + "\n").encode("utf-8"))
        echo(f"{summary_line(result.tally())}; report in {display_path(output)}")
    elif rendered:
        echo(rendered)
