"""``l10n check``: the glossary-consistency check CI runs on every change."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import EXIT_FINDINGS
from . import CorpusOpt, GlossaryOpt, LocaleOpt, LocalesDirOpt, app, echo, load
from .commands import glossary_of, names_of


@app.command("check")
def check_command(
    paths: Optional[List[Path]] = typer.Argument(None, help="Source documents (*.txt) and catalogs (*.po), "
                                                 "or directories; default: the corpus and the locales."),
    output_format: str = typer.Option("text", "--format", help="text | json | github | junit"),
    output: Optional[Path] = typer.Option(None, "--out", help="Write the report to FILE instead of stdout."),
    list_checks: bool = typer.Option(False, "--list-checks", help="List the registered checks and exit."),
    corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
) -> None:
    """Check sources and translations against the glossary. Exit 0: no errors (warnings allowed); 1: errors; 2: bad input."""
    from ..checks import formats
    from ..checks.runner import project_paths, run_checks
    from ..errors import InputError

    if list_checks:
        echo(formats.describe_checks())
        return
    if output_format not in formats.FORMATS:
        raise InputError(None, f"unknown format '{output_format}'", f"use one of: {', '.join(formats.FORMATS)}")
    config = load(corpus, locales, glossary, locale)
    if not paths:
        paths = project_paths(config)
    the_glossary = glossary_of(config)
    result = run_checks(paths, the_glossary, names_of(the_glossary))
    if output_format == "text":
        colour = output is None and sys.stdout.isatty()
        colours = {"error": "red", "warning": "yellow"}
        style = (lambda text, severity: typer.style(text, fg=colours[severity], bold=True)) if colour else \
            (lambda text, severity: text)
        rendered = formats.as_text(result, style)
    else:
        rendered = {"json": formats.as_json, "github": formats.as_github, "junit": formats.as_junit}[output_format](
            result)
    if output is not None:
        from ..fsutil import atomic_write

        atomic_write(output, (rendered + "\n").encode("utf-8"))
    elif rendered:
        echo(rendered)
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)
