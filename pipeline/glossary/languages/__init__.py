"""Language profiles: everything the checks know about a language, one module per language.

A profile (:class:`~.base.LanguageProfile`) holds a language's case folding, its morphology
(how a glossary form may be inflected or derived in running text), its letter-case rules for
translations, and how it writes numbers (decimal and group separators, scale words, number
words, month names, decades, Roman numerals).  The glossary matcher and the catalog checks ask
:func:`profile_for` and never test a language code themselves.

Adding a language is adding one module here, ``<code>.py``, that builds a profile and calls
:func:`register` (see ``az.py``), plus its tests.  :func:`profile_for` imports the module the
first time the language is asked for; a language without a module gets a generic profile: exact
matching, and Babel's CLDR number symbols and month names where Babel has them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading

from pipeline.glossary.languages.base import LanguageProfile
from pipeline.glossary.languages.generic import generic_profile
from pipeline.glossary.morphology import Morphology

__all__ = ["LanguageProfile", "language_code", "languages", "morphology_for", "profile_for", "register"]

_REGISTRY: dict[str, LanguageProfile] = {}
_GENERIC: dict[str, LanguageProfile] = {}
_LOCK = threading.RLock()
_CODE = re.compile(r"[a-z]{2,3}\Z")


def register(profile: LanguageProfile) -> LanguageProfile:
    """Add ``profile`` to the registry (a language module calls this once); returns it."""
    with _LOCK:
        if profile.code in _REGISTRY and _REGISTRY[profile.code] is not profile:
            raise ValueError(f"language profile {profile.code!r} registered twice")
        _REGISTRY[profile.code] = profile
    return profile


def language_code(locale: str | None) -> str:
    """The language part of a locale code: ``az_Latn`` → ``az``, ``tr-TR`` → ``tr``, None → ``en``."""
    return (locale or "en").replace("-", "_").split("_")[0].lower()


def profile_for(locale: str | None) -> LanguageProfile:
    """The profile of ``locale``'s language: its own module, or a generic one built from Babel data."""
    code = language_code(locale)
    found = _REGISTRY.get(code)
    if found is not None:
        return found
    with _LOCK:
        if code not in _REGISTRY and _CODE.match(code):
            try:
                importlib.import_module(f"{__name__}.{code}")
            except ModuleNotFoundError as error:
                if error.name != f"{__name__}.{code}":
                    raise  # a profile that fails to import is a bug, not a missing language
        found = _REGISTRY.get(code)
        if found is None:
            found = _GENERIC.get(code)
            if found is None:
                found = _GENERIC[code] = generic_profile(code)
    return found


def morphology_for(locale: str | None) -> Morphology:
    """The rules for ``locale`` (``az``, ``az_Latn``, ``tr-TR``, ``ru`` …) from its language profile.

    Exact matching for a language without a profile of its own.
    """
    return profile_for(locale or "en").morphology


def languages() -> list[str]:
    """Codes of every language with a profile module of its own, sorted (imports them all)."""
    for module in pkgutil.iter_modules(__path__):
        if _CODE.match(module.name):
            profile_for(module.name)
    return sorted(_REGISTRY)
