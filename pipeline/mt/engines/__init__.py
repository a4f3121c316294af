"""Machine-translation engines behind one small interface, chosen by name from :data:`REGISTRY`.

``argos``   Argos Translate packages on CTranslate2 (offline, needs an installed model).
``pseudo``  Pseudo-localisation: accented, lengthened, bracketed text; for testing.
``none``    No machine translation (only reviewed translations from the memory are reused).
``auto``    ``argos``; a locale without an installed en→locale package fails with a message
            saying how to install one.

Adding an engine: one module in this package with an :class:`Engine` subclass, one
:class:`EngineSpec` line in :data:`REGISTRY`, and its tests.  The command line's ``--engine``
choices and help come from the registry.

Importing this package imports no engine module and no ML library: an engine's module is
imported when :func:`get_engine` makes one (listing the engines for ``l10n --help`` must not
pay argos' ~40 ms of package handling), and ctranslate2 and sentencepiece only when an argos
engine translates its first sentence.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.mt.engines.base import Engine, EngineInfo, EngineOption, EngineResult, EngineSpec, UnavailableError

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "REGISTRY",
    "Engine",
    "EngineInfo",
    "EngineOption",
    "EngineResult",
    "EngineSpec",
    "UnavailableError",
    "engine_option",
    "get_engine",
]

_ARGOS = "pipeline.mt.engines.argos:ArgosEngine"
#: What the command line offers for argos; the constructor's other settings (``max_batch`` …)
#: are for the library and the benchmarks.
_ARGOS_OPTIONS = (EngineOption("beam_size", "--beam-size", 2, "Beam size for argos.", minimum=1),)

#: Every engine, in the order the command line lists them.
REGISTRY: dict[str, EngineSpec] = {
    spec.name: spec
    for spec in (
        EngineSpec(
            "argos",
            "Argos Translate packages on CTranslate2 (offline, needs an installed model)",
            _ARGOS,
            _ARGOS_OPTIONS,
            takes_models_dir=True,
        ),
        EngineSpec(
            "pseudo", "pseudo-localisation: accented, lengthened, bracketed text; for testing", "pipeline.mt.engines.pseudo:PseudoEngine"
        ),
        EngineSpec(
            "none", "no machine translation (only reviewed translations from the memory are reused)", "pipeline.mt.engines.none:NoneEngine"
        ),
        EngineSpec("auto", "argos where a model is installed", _ARGOS, _ARGOS_OPTIONS, takes_models_dir=True),
    )
}
#: The built-in engines' names (:func:`get_engine` and the command line read :data:`REGISTRY`
#: itself, so an engine registered later is offered too).
ENGINES = tuple(REGISTRY)
#: What ``--engine`` defaults to.
DEFAULT_ENGINE = "auto"


def engine_option(name: str) -> EngineOption:
    """The command-line option ``name`` (a constructor keyword) as the registry declares it."""
    return next(option for spec in REGISTRY.values() for option in spec.options if option.name == name)


def get_engine(name: str, models_dir: Path | None = None, **options) -> Engine:
    """Return a new engine named ``name`` (a key of :data:`REGISTRY`).

    ``models_dir`` overrides argos' packages directory; ``options`` go to the engine where its
    constructor takes them (for argos: ``beam_size``, ``max_batch``, ``max_batch_tokens``,
    ``threads``, ``compute_type``, ``source``) and are ignored by an engine that has no such
    setting, so a caller passes its settings whatever the engine.  Whether a locale can be
    served is checked by ``engine.info(locale)``, which raises :class:`UnavailableError` with
    the install command when it cannot.
    """
    spec = REGISTRY.get((name or "").strip().lower())
    if spec is None:
        raise InputError(None, f"unknown engine '{name}'", f"use one of: {', '.join(REGISTRY)}")
    module, _, class_name = spec.target.partition(":")
    engine_class = getattr(importlib.import_module(module), class_name)
    takes = inspect.signature(engine_class).parameters
    settings = {key: value for key, value in options.items() if key in takes}
    return engine_class(models_dir, **settings) if spec.takes_models_dir else engine_class(**settings)
