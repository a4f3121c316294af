"""``l10n translate`` and ``l10n models``: machine-translation drafts and the Argos packages they use."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.core.errors import EXIT_BAD_INPUT
from pipeline.cli import app, echo, open_project
from pipeline.cli.lines import translate_lines
from pipeline.cli.options import (
    ClusterOpt,
    ComputeTypeChoice,
    CorpusOpt,
    DeviceChoice,
    EngineChoice,
    engine_help,
    GlossaryOpt,
    LocaleOpt,
    LocalesDirOpt,
    ModelsDirOpt,
    NoGlossaryOpt,
)
from pipeline.mt.engines import DEFAULT_ENGINE, engine_option


_BEAM_SIZE = engine_option("beam_size")


class OutputChoice(str, Enum):
    """Output of translate and models list."""

    text = "text"
    json = "json"


def _progress_bar():
    """A rich progress bar with segments per second and time left; None when not on a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@contextmanager
def _job_progress(output: str):
    """``on_progress`` for :func:`pipeline.mt.job.translate`, adding every locale and worker up
    into one figure for the job: a rich bar on a terminal, else (text output) a line on stderr
    every 10 s for logs; nothing for JSON output."""
    from pipeline.mt.progress import JobProgress

    progress = JobProgress()
    bar = _progress_bar() if output == "text" else None
    task = bar.add_task("translate", total=None, rate="") if bar is not None else None
    if bar is not None:
        bar.start()

    def on_progress(locale: str):
        report = progress.for_locale(locale)

        def update(done: int, total: int) -> None:
            report(done, total)
            if bar is not None:
                bar.update(task, completed=progress.done, total=progress.total or None, rate=f"{progress.rate():.1f} sentences/s")
            elif output == "text" and (line := progress.due_line()):
                print(line, file=sys.stderr, flush=True)

        return update

    try:
        yield on_progress
    finally:
        if bar is not None:
            bar.stop()


def _echo_results(results, output: str) -> None:
    """What translate did: one JSON object, or one line per locale."""
    if output == "json":
        echo(
            json.dumps(
                {r.locale: (r.stats.to_dict() if r.stats else {"unavailable": r.unavailable}) for r in results},
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
        )
    else:
        for line in translate_lines(results):
            echo(line)
        for workers in dict.fromkeys(r.stats.workers for r in results if r.stats and r.stats.workers):
            echo(f"decoded on {workers}")


@app.command("translate")
def translate_command(
    corpus: Optional[Path] = CorpusOpt,
    locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    engine: EngineChoice = typer.Option(DEFAULT_ENGINE, "--engine", help=engine_help() + "."),
    models_dir: Optional[Path] = ModelsDirOpt,
    beam_size: int = typer.Option(
        _BEAM_SIZE.default, _BEAM_SIZE.flag, min=_BEAM_SIZE.minimum, metavar=_BEAM_SIZE.metavar, help=_BEAM_SIZE.help
    ),
    device: DeviceChoice = typer.Option("auto", "--device", help="Where CTranslate2 decodes: auto picks cuda when a GPU is present."),
    compute_type: ComputeTypeChoice = typer.Option(
        "auto", "--compute-type", help="Precision of weights/activations; auto: the fastest the device supports."
    ),
    cluster: Optional[str] = ClusterOpt,
    output_format: OutputChoice = typer.Option("text", "--format", help="Output: lines or one JSON object."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be translated; change nothing."),
) -> None:
    """Write fuzzy machine-translated drafts into empty msgstrs; never touches a translated entry.

    Exit 0 when every locale was served, 2 when a locale has no model (the others are still drafted).
    """
    from pipeline.mt.job import translate

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    with _job_progress(output_format.value) as on_progress:
        results = translate(
            project.config,
            engine.value,
            models_dir.resolve() if models_dir else None,
            project.glossary,
            dry_run,
            on_progress,
            cluster,
            beam_size=beam_size,
            device=device.value,
            compute_type=compute_type.value,
        )
    _echo_results(results, output_format.value)
    if any(r.stats is None for r in results):
        raise typer.Exit(EXIT_BAD_INPUT)


models_app = typer.Typer(help="Argos Translate packages: list, install (from a file, or online), remove.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    models_dir: Optional[Path] = ModelsDirOpt,
    output_format: OutputChoice = typer.Option("text", "--format", help="Output: a table or JSON."),
) -> None:
    """Installed packages and the locales they serve."""
    output = output_format.value
    from pipeline.mt.packages import list_packages

    packages = list_packages(models_dir)
    if output == "json":
        echo(json.dumps([p.to_dict() for p in packages], ensure_ascii=False, indent=2))
        return
    if not packages:
        echo("no packages installed; `l10n models install FILE.argosmodel` adds one")
    for package in packages:
        echo(f"{package.pair:<8}{package.name:<28}{package.version:<10}{package.path}")


@models_app.command("install")
def models_install(
    source: str = typer.Argument(..., metavar="FILE|PAIR", help="A FILE.argosmodel, or a pair such as en-az (downloads; needs network)."),
    models_dir: Optional[Path] = ModelsDirOpt,
    index_url: Optional[str] = typer.Option(None, "--index-url", metavar="URL", help="Argos package index to download from."),
) -> None:
    """Validate and install a package. A bad archive or no network: exit 2, nothing written."""
    from pipeline.mt.packages import install

    package = install(source, models_dir, index_url=index_url)
    echo(f"installed {package.name} {package.version} ({package.pair}) in {package.path}")


@models_app.command("remove")
def models_remove(
    pair_or_name: str = typer.Argument(..., metavar="PAIR|NAME", help="en-az, or a package name."),
    models_dir: Optional[Path] = ModelsDirOpt,
) -> None:
    """Remove installed packages."""
    from pipeline.mt.packages import remove

    for package in remove(pair_or_name, models_dir):
        echo(f"removed {package.name} {package.version} ({package.pair})")
