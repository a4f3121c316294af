"""``l10n glossary validate | export | import``: check the glossary and exchange it as TBX / CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from enum import Enum
from typing import TYPE_CHECKING, List, Optional, TypeAlias

import typer

from pipeline.cli import app, echo, fail, load
from pipeline.cli.options import GlossaryOpt, LocaleOpt, choices
from pipeline.core.fsutil import atomic_write

#: pipeline.glossary.tbx.FORMATS (a test keeps the two equal; tbx is not imported at start-up).
if TYPE_CHECKING:  # an Enum made by a call is no type to mypy: all it knows is that it is an Enum
    ExportFormat: TypeAlias = Enum
else:
    ExportFormat = choices("ExportFormat", ("tbx", "csv"))

glossary_app = typer.Typer(
    name="glossary",
    help="Validate the glossary, export it (TBX-Basic, CSV), import a TBX file into it.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")


# The glossary package (yaml, the matcher, the validator) and the project are imported by each
# command when it runs: `l10n --help` imports this module to list the commands and must not load
# them (tests/cli/test_cli.py and benchmarks/bench_startup.py assert what each command imports).


@glossary_app.command("validate")
def validate_command(glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt) -> None:
    """Check the glossary files. Prints each problem as path:line: message; hint. Exit 0: none; 2: problems."""
    from pipeline.glossary import load_glossary, validate
    from pipeline.project import glossary_directory

    config = load(glossary=glossary, locale=locale)
    the_glossary = load_glossary(glossary_directory(config))
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
    from pipeline.glossary import load_glossary
    from pipeline.glossary.tbx import export_glossary
    from pipeline.project import glossary_directory

    config = load(glossary=glossary)
    the_glossary = load_glossary(glossary_directory(config))
    format_name = output_format.value
    data = export_glossary(the_glossary, format_name)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    atomic_write(output, data)
    echo(f"{output}: {len(the_glossary)} terms ({format_name})")


#: pipeline.glossary.model.CATEGORIES, and the defaults of pipeline.glossary.tbx_import (MAX_MEGABYTES,
#: MAX_ENTRIES): a test keeps them equal; the glossary package is not imported at start-up.
if TYPE_CHECKING:
    Category: TypeAlias = Enum
else:
    Category = choices("Category", ("person", "organisation", "place", "event", "document"))
#: The category a new entry gets when its TBX entry names none of ours (glossary/README.md).
DEFAULT_CATEGORY = "organisation"
MAX_MEGABYTES, MAX_ENTRIES = 256, 100_000


@glossary_app.command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A TBX file (TBX 2008 <martif> or ISO 30042:2019 <tbx>)."),
    category: Optional[Category] = typer.Option(
        None,
        "--category",
        metavar="CAT",
        show_default=False,
        help=f"Category of new entries whose subject field is not a glossary category (default: {DEFAULT_CATEGORY}).",
    ),
    max_size: int = typer.Option(MAX_MEGABYTES, "--max-size", metavar="MB", min=1, help="Refuse a TBX file larger than MB megabytes."),
    max_entries: int = typer.Option(MAX_ENTRIES, "--max-entries", metavar="N", min=1, help="Refuse a TBX file with more than N entries."),
    glossary: Optional[Path] = GlossaryOpt,
    locale: Optional[List[str]] = LocaleOpt,
) -> None:
    """Merge a TBX file into the glossary. The merged glossary is validated first: on any problem nothing is written.

    Language tags are matched to the configured locales (ru-RU, RU-ru and az-Latn-AZ are ru and az); terms in other
    languages are skipped, with one warning per language. The glossary files are edited in place: comments and
    untouched entries stay as they are. The glossary directory is locked from reading to writing.
    """
    from pipeline.glossary.tbx_import import Limits
    from pipeline.project import import_glossary

    config = load(glossary=glossary, locale=locale)
    done = import_glossary(
        config, file, category.value if category else DEFAULT_CATEGORY, Limits(max_size * 2**20, max_entries), warn=_warn
    )
    if done.problems:
        raise _refused(done.problems)
    for line in done.report.lines():
        echo(line)
    written = done.written
    echo(f"{done.report.summary()}; " + (f"wrote {', '.join(str(p) for p in written)}" if written else "nothing written"))


def _warn(warning: str) -> None:
    typer.echo(f"l10n: warning: {warning}", err=True)


def _refused(problems) -> "typer.Exit":
    """Print the merged glossary's problems on stderr, then the refusal; return the Exit to raise."""
    for problem in problems:
        typer.echo(str(problem), err=True)
    return fail(f"import refused: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the merged glossary; nothing written")
