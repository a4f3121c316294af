"""``l10n glossary validate | export | import``: check the glossary and exchange it as TBX / CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import GlossaryOpt, LocaleOpt, app, choices, echo, fail, load

#: pipeline.glossary.tbx.FORMATS (a test keeps the two equal; tbx is not imported at start-up).
ExportFormat = choices("ExportFormat", ("tbx", "csv"))

glossary_app = typer.Typer(
    name="glossary",
    help="Validate the glossary, export it (TBX-Basic, CSV), import a TBX file into it.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")


def _directory(config) -> Path:
    from ..config import resolve

    return resolve(config, config.glossary_dir)


@glossary_app.command("validate")
def validate_command(glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt) -> None:
    """Check the glossary files. Prints each problem as path:line: message; hint. Exit 0: none; 2: problems."""
    from ..glossary import load_glossary, validate

    config = load(glossary=glossary, locale=locale)
    the_glossary = load_glossary(_directory(config))
    problems = validate(the_glossary, config.locales)
    for problem in problems:
        echo(str(problem))
    if problems:
        raise fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the glossary")
    echo(f"{len(the_glossary)} terms OK")


@glossary_app.command("export")
def export_command(
    output_format: ExportFormat = typer.Option("tbx", "--format", help="tbx: TBX-Basic, ISO 30042:2019."),
    output: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
    glossary: Optional[Path] = GlossaryOpt,
) -> None:
    """Write the glossary as TBX-Basic or CSV."""
    from ..fsutil import atomic_write
    from ..glossary import load_glossary
    from ..glossary.tbx import export_glossary

    config = load(glossary=glossary)
    the_glossary = load_glossary(_directory(config))
    output_format = output_format.value
    data = export_glossary(the_glossary, output_format)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    atomic_write(output, data)
    echo(f"{output}: {len(the_glossary)} terms ({output_format})")


@glossary_app.command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A TBX file (TBX 2008 <martif> or ISO 30042:2019 <tbx>)."),
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
) -> None:
    """Merge a TBX file into the glossary. The merged glossary is validated first: on any problem nothing is written."""
    from ..glossary import validate
    from ..glossary.merge import merge_terms, write_glossary
    from ..glossary.tbx_import import import_tbx
    from ..project import check_paths, configured_glossary

    config = load(glossary=glossary, locale=locale)
    check_paths(config, creates=frozenset({"glossary_dir"}))
    before = configured_glossary(config, may_be_new=True)
    merged, report = merge_terms(before, import_tbx(file))
    problems = validate(merged, config.locales)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        raise fail(f"import refused: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the merged "
                   "glossary; nothing written")
    written = write_glossary(merged, _directory(config), before)
    for line in report.lines():
        echo(line)
    echo(f"{report.summary()}; " + (f"wrote {', '.join(str(p) for p in written)}" if written else "nothing written"))
