"""Commands on the reviewed catalogs: bundle, stats, report.

Registered on the shared ``app`` when this module is imported.  Their lines and table are made
in :mod:`pipeline.cli.lines`, where ``l10n run`` gets the same ones.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli import app, echo, open_project
from pipeline.cli.lines import bundle_lines, stats_lines
from pipeline.cli.options import CorpusOpt, GlossaryOpt, LocaleOpt, LocalesDirOpt, NoGlossaryOpt

# The library is imported inside each command, when it runs: `l10n --help` imports every command
# module to list the commands and must not load polib, babel, the glossary or the checks
# (tests/cli/test_cli.py and benchmarks/bench_startup.py assert what each command imports).


@app.command("bundle")
def bundle_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    out: Optional[Path] = typer.Option(
        None, "--out", metavar="DIR", help="Bundle directory (default: [tool.l10n] bundle-dir, build/bundles).", show_default=False
    ),
    include_fuzzy: bool = typer.Option(False, "--include-fuzzy", help="Ship fuzzy (unreviewed) translations too."),
    min_complete: float = typer.Option(
        80.0, "--min-complete", min=0.0, max=100.0, metavar="PCT", help="Skip a document whose translated share of source words is lower."
    ),
) -> None:
    """Write per locale: <out>/<lang>/LC_MESSAGES/<doc>.mo, <out>/<lang>/<doc>.txt and <out>/<lang>.json.

    Only reviewed translations are shipped; untranslated and fuzzy units fall back to the
    source text (counted in the output).  A document below --min-complete is not emitted for
    that locale: one 'skipped' line says why, and its stale files are removed.  Skipping is
    not a failure: the exit code is 0 when every eligible document was written, 2 on bad
    input (a broken catalog, a Plural-Forms header that contradicts itself or its plural entries),
    with nothing written.
    """
    from pipeline.outputs.bundle import build_bundles

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    result = build_bundles(
        project.config, out.resolve() if out else None, include_fuzzy=include_fuzzy, min_complete=min_complete, names=project.names
    )
    for text in bundle_lines(result):
        echo(text)


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command("stats")
def stats_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    format: Format = typer.Option(Format.text, "--format", help="text: a table; json: one object."),
) -> None:
    """Review progress per locale and document: units and source words translated, fuzzy and untranslated.

    Counted as msgfmt --statistics and pocount do (obsolete entries and the header left
    out; fuzzy is not translated); % is translated source words out of all source words.
    """
    from pipeline.project import project_stats

    table = project_stats(open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)).table
    if format == Format.json:
        echo(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=2))
    else:
        for text in stats_lines(table):
            echo(text)


@app.command("report")
def report_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    out: Optional[Path] = typer.Option(
        None, "--out", metavar="FILE", help="HTML file to write (default: build/report.html).", show_default=False
    ),
) -> None:
    """Write one static HTML page with the progress of every locale and document (opens from disk)."""
    from pipeline.outputs.report import report_path
    from pipeline.project import write_project_report

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    path = out.resolve() if out else report_path(project.config)
    state = "written" if write_project_report(project, path) else "unchanged"
    echo(f"{path} ({state})")
