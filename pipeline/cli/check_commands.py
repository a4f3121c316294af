"""``l10n check``: the glossary-consistency check CI runs on every change."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.core.errors import EXIT_FINDINGS
from pipeline.cli import (
    CorpusOpt,
    GlossaryOpt,
    LocaleOpt,
    LocalesDirOpt,
    NoGlossaryOpt,
    app,
    echo,
    open_project,
)


class CheckFormat(str, Enum):
    """pipeline.checks.formats.FORMATS as a typer choice (a test keeps the two equal)."""

    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@app.command("check")
def check_command(
    paths: Optional[List[Path]] = typer.Argument(None, metavar="PATH", help="Source documents (*.txt) and catalogs (*.po), "
                                                 "or directories; default: the corpus and the locales."),
    output_format: CheckFormat = typer.Option("text", "--format", help="github: workflow annotations; junit: "
                                              "one testcase per file."),
    output: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write the report to FILE instead of stdout."),
    list_checks: bool = typer.Option(False, "--list-checks", help="List the registered checks and exit."),
    corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
) -> None:
    """Check sources and translations against the glossary. Exit 0: no errors (warnings allowed); 1: errors; 2: bad input."""
    from pipeline.checks import formats
    from pipeline.checks.runner import project_paths, run_checks

    fmt = output_format.value
    if list_checks:
        echo(formats.describe_checks())
        return
    project = open_project(corpus, locales, glossary, locale, need="required", no_glossary=no_glossary)
    if not paths:
        paths = project_paths(project.config)
    result = run_checks(paths, project.glossary, project.names, project.config)
    if no_glossary:
        from pipeline.checks.registry import glossary_checks

        typer.echo(f"l10n: --no-glossary: skipped {', '.join(glossary_checks())}", err=True)
    if fmt == "text":
        colour = output is None and sys.stdout.isatty()
        colours = {"error": "red", "warning": "yellow"}
        style = (lambda text, severity: typer.style(text, fg=colours[severity], bold=True)) if colour else \
            (lambda text, severity: text)
        rendered = formats.as_text(result, style)
    else:
        rendered = {"json": formats.as_json, "github": formats.as_github, "junit": formats.as_junit}[fmt](
            result)
    if output is not None:
        from pipeline.core.fsutil import atomic_write

        atomic_write(output, (rendered + "\n").encode("utf-8"))
        echo(f"{formats.summary_line(result)}; report in {formats.display_path(output)}")
    elif rendered:
        echo(rendered)
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)
