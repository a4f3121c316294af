"""The command-line options several commands share, declared once.

Each command module imports its shared options from here (never from another command module),
so the command modules do not import each other.  Nothing here imports the library but the
engine registry (names and options; no engine): ``l10n --help`` registers every command and must stay light.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, TypeAlias

import typer

from pipeline.mt.devices import COMPUTE_TYPES, DEVICES
from pipeline.mt.engines import DEFAULT_ENGINE, REGISTRY


def choices(name: str, values) -> type[Enum]:
    """A str Enum of ``values``: typer shows it as ``[a|b|c]`` in help and refuses anything else."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


CorpusOpt = typer.Option(
    None, "--corpus", metavar="DIR", help="Directory of source documents (.txt, .md, .html, .docx).", show_default=False
)
LocalesDirOpt = typer.Option(
    None, "--locales", metavar="DIR", help="Directory of catalogs (templates/ and <lang>/LC_MESSAGES/).", show_default=False
)
GlossaryOpt = typer.Option(None, "--glossary", metavar="DIR", help="Directory of glossary files.", show_default=False)
LocaleOpt = typer.Option(
    None, "--locale", "-l", metavar="LOCALE", help="Target locale (repeatable); default: the configured ones.", show_default=False
)
NoGlossaryOpt = typer.Option(
    False,
    "--no-glossary",
    help="Run without a glossary: skip the glossary checks (said in the output) instead of failing when none is found.",
)
ModelsDirOpt = typer.Option(
    None, "--models-dir", metavar="DIR", show_default=False, help="Argos packages directory (default: $ARGOS_PACKAGES_DIR or argos' own)."
)

ClusterOpt = typer.Option(
    None,
    "--cluster",
    metavar="ADDRESS",
    show_default=False,
    help='Decode on a Ray cluster: "ray" (one on this machine), "ray://HOST:PORT" (Ray Client), "ray:HOST:PORT" (from a node); '
    "default: cluster in [tool.l10n], else this machine's cores.",
)


#: The engines of the registry as a typer choice (the registry holds names, help and options; it
#: loads no engine module, so this stays light).
if TYPE_CHECKING:  # an Enum made by a call is no type to mypy: all it knows is that it is an Enum
    EngineChoice: TypeAlias = Enum
else:
    EngineChoice = choices("EngineChoice", REGISTRY)
if TYPE_CHECKING:
    DeviceChoice: TypeAlias = Enum
    ComputeTypeChoice: TypeAlias = Enum
else:
    DeviceChoice = choices("DeviceChoice", DEVICES)
    ComputeTypeChoice = choices("ComputeTypeChoice", COMPUTE_TYPES)


def engine_help() -> str:
    """``--engine``'s help: what the default engine does (``auto: argos where a model is installed``)."""
    return f"{DEFAULT_ENGINE}: {REGISTRY[DEFAULT_ENGINE].help}"
