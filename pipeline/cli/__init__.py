"""The ``l10n`` command: a thin typer layer over the library.

It parses arguments, calls :mod:`pipeline`, and formats what comes back.  Exit codes for
every command: 0 ok, 1 findings or failures, 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import EXIT_BAD_INPUT, InputError

app = typer.Typer(
    name="l10n",
    help="Translation and localization pipeline: corpus → units → glossary checks → MT drafts → PO → bundles.\n\n"
    "Exit codes: 0 ok, 1 findings or failures, 2 bad input or usage.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

CorpusOpt = typer.Option(None, "--corpus", help="Directory of source documents (*.txt).", show_default=False)
LocalesDirOpt = typer.Option(None, "--locales", help="Directory of catalogs (templates/ and <lang>/LC_MESSAGES/).",
                             show_default=False)
GlossaryOpt = typer.Option(None, "--glossary", help="Directory of glossary files.", show_default=False)
LocaleOpt = typer.Option(None, "--locale", "-l", help="Target locale (repeatable); default: the configured ones.",
                         show_default=False)


def load(corpus: Optional[Path] = None, locales_dir: Optional[Path] = None, glossary: Optional[Path] = None,
         locale: Optional[List[str]] = None):
    """The project configuration with the command-line overrides applied."""
    from ..config import load_config

    return load_config().with_overrides(corpus=corpus, locales_dir=locales_dir, glossary=glossary, locales=locale)


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
        # Standalone mode: click reports usage errors itself (exit 2) and turns typer.Exit into sys.exit.
        app()
    except InputError as error:
        typer.echo(f"l10n: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as error:  # the promise is one line, never a traceback
        if os.environ.get("L10N_DEBUG"):
            raise
        typer.echo(f"l10n: internal error: {type(error).__name__}: {error} (set L10N_DEBUG=1 for the traceback)",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
