"""Commands on the corpus and catalogs: segment, extract, update, run."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli import app, echo, open_project
from pipeline.cli.lines import run_step_lines, stats_lines
from pipeline.mt.engines import DEFAULT_ENGINE
from pipeline.cli.options import (
    ClusterOpt,
    CorpusOpt,
    EngineChoice,
    engine_help,
    GlossaryOpt,
    LocaleOpt,
    LocalesDirOpt,
    ModelsDirOpt,
    NoGlossaryOpt,
)

# The library is imported inside each command, when it runs: `l10n --help` imports every command
# module to list the commands and must not load polib, babel, the glossary or the checks
# (tests/cli/test_cli.py and benchmarks/bench_startup.py assert what each command imports).


@app.command("segment")
def segment_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A source document: plain text, Markdown, HTML or Word (.docx)."),
    explain: bool = typer.Option(False, "--explain", help="Show the document's format and the decision taken for every line or block."),
) -> None:
    """Cut one document into paragraph units and show them."""
    from pipeline.source.corpus import read_document
    from pipeline.source.formats import get_format, segment_document

    result = segment_document(read_document(file))
    if explain:
        echo(f"format: {result.document.format}: {get_format(result.document.format).summary}")
        for decision in result.decisions:
            echo(f"{decision.line:>5}  {decision.action:<5} {decision.reason}")
            echo(f"       | {decision.text[:100]}{'…' if len(decision.text) > 100 else ''}")
        echo()
    for number, unit in enumerate(result.units, start=1):
        echo(f"[{number}] {file}:{unit.line} ({unit.kind})")
        echo(f"    {unit.text}")
    echo(f"{len(result.units)} units")


@app.command("extract")
def extract_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    no_glossary: bool = NoGlossaryOpt,
) -> None:
    """Write one POT template per document: <locales>/templates/<doc-stem>.pot."""
    from pipeline.catalogs.jobs import extract

    project = open_project(corpus, locales, glossary, no_glossary=no_glossary)
    for result in extract(project.config, project.names):
        state = "written" if result.written else "unchanged"
        echo(f"{result.path}: {result.entries} entries ({state})")


@app.command("update")
def update_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
) -> None:
    """Create or update <locales>/<lang>/LC_MESSAGES/<doc-stem>.po for each locale, keeping translations."""
    from pipeline.catalogs.jobs import update

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    for result in update(project.config, project.names, project.hints, project.glossary_version):
        r = result.report
        state = "written" if result.written else "unchanged"
        echo(f"{result.path}: {r.kept} kept, {r.fuzzy_matched} fuzzy, {r.added} new, {r.obsoleted} obsolete ({state})")


@app.command("run")
def run_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    engine: EngineChoice = typer.Option(DEFAULT_ENGINE, "--engine", help=f"MT engine for the drafts ({engine_help()})."),
    models_dir: Optional[Path] = ModelsDirOpt,
    cluster: Optional[str] = ClusterOpt,
) -> None:
    """The main job: extract → update → MT drafts → checks → bundles → stats table and HTML report.

    Exit 1 when the checks find errors (the job itself completed), 2 on bad input.
    """
    from pipeline.run import run

    project = open_project(corpus, locales, glossary, locale, need="required", no_glossary=no_glossary)

    def print_step(step: str, produced) -> None:
        for text in run_step_lines(step, produced, project.config.locales):
            echo(text)

    result = run(project, engine.value, models_dir.resolve() if models_dir else None, print_step, cluster=cluster)
    echo()
    for text in stats_lines(result.stats):
        echo(text)
    if result.exit_code:
        raise typer.Exit(result.exit_code)
