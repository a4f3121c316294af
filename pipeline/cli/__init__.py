"""The ``l10n`` command: a thin typer layer over the library.

It parses arguments, calls :mod:`pipeline`, and formats what comes back.  Exit codes for
every command: 0 ok, 1 findings or failures, 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typer import Abort
from typer.exceptions import TyperException

from ..errors import EXIT_BAD_INPUT, InputError

app = typer.Typer(
    name="l10n",
    help="Translation and localization pipeline: corpus → units → glossary checks → MT drafts → PO → bundles.\n\n"
    "Exit codes: 0 ok, 1 findings or failures, 2 bad input or usage.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def choices(name: str, values) -> type[Enum]:
    """A str Enum of ``values``: typer shows it as ``[a|b|c]`` in help and refuses anything else."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Translation and localization pipeline: corpus → units → glossary checks → MT drafts → PO → bundles.

    Exit codes: 0 ok, 1 findings or failures, 2 bad input or usage.
    """

CorpusOpt = typer.Option(None, "--corpus", metavar="DIR", help="Directory of source documents (*.txt).", show_default=False)
LocalesDirOpt = typer.Option(None, "--locales", metavar="DIR", help="Directory of catalogs (templates/ and <lang>/LC_MESSAGES/).",
                             show_default=False)
GlossaryOpt = typer.Option(None, "--glossary", metavar="DIR", help="Directory of glossary files.", show_default=False)
LocaleOpt = typer.Option(None, "--locale", "-l", metavar="LOCALE", help="Target locale (repeatable); default: the configured ones.",
                         show_default=False)


def load(corpus: Optional[Path] = None, locales_dir: Optional[Path] = None, glossary: Optional[Path] = None,
         locale: Optional[List[str]] = None):
    """The project configuration with the command-line overrides applied."""
    from ..config import load_config

    return load_config().with_overrides(corpus=corpus, locales_dir=locales_dir, glossary=glossary, locales=locale)


NoGlossaryOpt = typer.Option(False, "--no-glossary", help="Run without a glossary: skip the glossary checks "
                             "(said in the output) instead of failing when none is found.")


def open_project(corpus: Optional[Path] = None, locales_dir: Optional[Path] = None, glossary: Optional[Path] = None,
                 locale: Optional[List[str]] = None, need: str = "optional", no_glossary: bool = False):
    """The checked project (configuration and validated glossary); its warnings go to stderr."""
    from ..project import GlossaryNeed, open_project as open_checked

    mode = GlossaryNeed.SKIPPED if no_glossary else GlossaryNeed(need)
    project = open_checked(load(corpus, locales_dir, glossary, locale), mode)
    for warning in project.warnings:
        typer.echo(f"l10n: warning: {warning}", err=True)
    return project


def echo(message: str = "") -> None:
    typer.echo(message)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"l10n: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    """Console entry point: run the app, turning bad input into one line and exit code 2."""
    from . import (bundle_commands, check_commands, commands, glossary_commands,  # noqa: F401  (register)
                   translate_commands)

    try:
        # Not standalone: usage errors come back as exceptions, to be said in one line like bad input.
        code = app(standalone_mode=False)
    except TyperException as error:
        sys.exit(_usage_error(error))
    except Abort:
        typer.echo("l10n: interrupted", err=True)
        sys.exit(130)
    except InputError as error:
        typer.echo(f"l10n: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as error:  # the promise is one line, never a traceback
        if os.environ.get("L10N_DEBUG"):
            raise
        typer.echo(f"l10n: internal error: {type(error).__name__}: {error} (set L10N_DEBUG=1 for the traceback)",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(error: "TyperException") -> int:
    """Print a usage error (unknown option, bad choice) as one line; the exit code is 2."""
    if type(error).__name__ == "NoArgsIsHelpError":  # `l10n` alone: the help is the answer
        error.show()  # type: ignore[attr-defined]
        return EXIT_BAD_INPUT
    context = getattr(error, "ctx", None)
    hint = f"; see '{context.command_path} -h'" if context is not None else ""
    typer.echo(f"l10n: {error.format_message().rstrip('.')}{hint}", err=True)
    return EXIT_BAD_INPUT
