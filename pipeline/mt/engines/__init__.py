"""Machine-translation engines behind one small interface, chosen by name.

``argos``   Argos Translate packages on CTranslate2 (offline, needs an installed model).
``pseudo``  Pseudo-localisation: accented, lengthened, bracketed text; for testing.
``none``    No machine translation (only reviewed translations from the memory are reused).
``auto``    ``argos``; a locale without an installed en→locale package fails with a message
            saying how to install one.

Importing this package imports no ML library: ctranslate2 and sentencepiece are loaded when an
argos engine translates its first sentence.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult, UnavailableError

__all__ = ["ENGINES", "Engine", "EngineInfo", "EngineResult", "UnavailableError", "get_engine"]

ENGINES = ("argos", "pseudo", "none", "auto")


def get_engine(name: str, models_dir: Path | None = None, **options) -> Engine:
    """Return a new engine named ``name`` (one of :data:`ENGINES`).

    ``models_dir`` overrides argos' packages directory; ``options`` go to the engine
    (for argos: ``beam_size``, ``max_batch``, ``max_batch_tokens``, ``threads``).  Whether a
    locale can be served is checked by ``engine.info(locale)``, which raises
    :class:`UnavailableError` with the install command when it cannot.
    """
    key = (name or "").strip().lower()
    if key in ("argos", "auto"):
        from pipeline.mt.engines.argos import ArgosEngine

        return ArgosEngine(models_dir, **options)
    if key == "pseudo":
        from pipeline.mt.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if key == "none":
        from pipeline.mt.engines.none import NoneEngine

        return NoneEngine()
    raise InputError(None, f"unknown engine '{name}'", f"use one of: {', '.join(ENGINES)}")
