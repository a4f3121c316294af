"""Commands on the corpus and catalogs: segment, extract, update, run."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

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
from pipeline.cli.translate_commands import EngineChoice, ModelsDirOpt


@app.command("segment")
def segment_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A source document (plain text)."),
    explain: bool = typer.Option(False, "--explain", help="Show the decision taken for every line."),
) -> None:
    """Cut one document into paragraph units and show them."""
    from pipeline.source.corpus import read_document
    from pipeline.source.segment import segment

    result = segment(read_document(file))
    if explain:
        for decision in result.decisions:
            echo(f"{decision.line:>5}  {decision.action:<5} {decision.reason}")
            echo(f"       | {decision.text[:100]}{'…' if len(decision.text) > 100 else ''}")
        echo()
    for number, unit in enumerate(result.units, start=1):
        echo(f"[{number}] {file}:{unit.line} ({unit.kind})")
        echo(f"    {unit.text}")
    echo(f"{len(result.units)} units")


@app.command("extract")
def extract_command(corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
                    glossary: Optional[Path] = GlossaryOpt, no_glossary: bool = NoGlossaryOpt) -> None:
    """Write one POT template per document: <locales>/templates/<doc-stem>.pot."""
    from pipeline.catalogs.jobs import extract

    project = open_project(corpus, locales, glossary, no_glossary=no_glossary)
    for result in extract(project.config, project.names):
        state = "written" if result.written else "unchanged"
        echo(f"{result.path}: {result.entries} entries ({state})")


@app.command("update")
def update_command(corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
                   glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
                   no_glossary: bool = NoGlossaryOpt) -> None:
    """Create or update <locales>/<lang>/LC_MESSAGES/<doc-stem>.po for each locale, keeping translations."""
    from pipeline.catalogs.jobs import update

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    for result in update(project.config, project.names, project.hints, project.glossary_version):
        r = result.report
        state = "written" if result.written else "unchanged"
        echo(f"{result.path}: {r.kept} kept, {r.fuzzy_matched} fuzzy, {r.added} new, "
             f"{r.obsoleted} obsolete ({state})")


@app.command("run")
def run_command(corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
                glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
                no_glossary: bool = NoGlossaryOpt,
                engine: EngineChoice = typer.Option("auto", "--engine", help="MT engine for the drafts (auto: argos "
                                                    "where a model is installed)."),
                models_dir: Optional[Path] = ModelsDirOpt) -> None:
    """The main job: extract → update → MT drafts → checks → bundles → stats table and HTML report.

    Exit 1 when the checks find errors (the job itself completed), 2 on bad input.
    """
    from pipeline.outputs.bundle import build_bundles
    from pipeline.checks.formats import summary_line
    from pipeline.checks.runner import check_project
    from pipeline.core.errors import EXIT_FINDINGS
    from pipeline.catalogs.jobs import update
    from pipeline.mt.job import translate
    from pipeline.outputs.report import render_report, report_path, write_report
    from pipeline.outputs.stats import errors_by_catalog, stats_table
    from pipeline.cli.bundle_commands import stats_lines
    from pipeline.cli.translate_commands import translate_lines

    engine_name = engine.value
    project = open_project(corpus, locales, glossary, locale, need="required", no_glossary=no_glossary)
    config, the_glossary, names = project.config, project.glossary, project.names
    results = update(config, names, project.hints, project.glossary_version)
    written = sum(1 for r in results if r.written)
    echo(f"catalogs: {len(results)} for {', '.join(config.locales)} ({written} written, "
         f"{len(results) - written} unchanged)")
    for line in translate_lines(translate(config, engine_name, models_dir.resolve() if models_dir else None,
                                          the_glossary)):
        echo(f"drafts: {line}")
    checked = check_project(config, the_glossary, names)
    echo(f"checks: {summary_line(checked)} (details: l10n check)")
    bundles = build_bundles(config, names=names)
    echo(f"bundles: {len(bundles.written)} documents written, {len(bundles.skipped)} below the threshold "
         f"(details: l10n bundle)")
    table = stats_table(config, errors_by_catalog(checked.findings))
    path = report_path(config)
    write_report(path, render_report(table, checked.findings))
    echo(f"report: {path}")
    echo()
    for text in stats_lines(table):
        echo(text)
    if checked.errors:
        raise typer.Exit(EXIT_FINDINGS)
