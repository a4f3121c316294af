"""The command-line options several commands share, declared once.

Each command module imports its shared options from here (never from another command module),
so the command modules do not import each other.  Nothing here imports the library: ``l10n
--help`` registers every command and must stay light.
"""

from __future__ import annotations

from enum import Enum

import typer


def choices(name: str, values) -> type[Enum]:
    """A str Enum of ``values``: typer shows it as ``[a|b|c]`` in help and refuses anything else."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


CorpusOpt = typer.Option(None, "--corpus", metavar="DIR", help="Directory of source documents (*.txt).", show_default=False)
LocalesDirOpt = typer.Option(None, "--locales", metavar="DIR", help="Directory of catalogs (templates/ and <lang>/LC_MESSAGES/).",
                             show_default=False)
GlossaryOpt = typer.Option(None, "--glossary", metavar="DIR", help="Directory of glossary files.", show_default=False)
LocaleOpt = typer.Option(None, "--locale", "-l", metavar="LOCALE", help="Target locale (repeatable); default: the configured ones.",
                         show_default=False)
NoGlossaryOpt = typer.Option(False, "--no-glossary", help="Run without a glossary: skip the glossary checks "
                             "(said in the output) instead of failing when none is found.")
ModelsDirOpt = typer.Option(None, "--models-dir", metavar="DIR", show_default=False,
                            help="Argos packages directory (default: $ARGOS_PACKAGES_DIR or argos' own).")


class EngineChoice(str, Enum):
    """pipeline.mt.engines.ENGINES as a typer choice (a test keeps the two equal; engines load lazily)."""

    argos = "argos"
    pseudo = "pseudo"
    none = "none"
    auto = "auto"
