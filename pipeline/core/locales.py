"""Locale codes: the one place a code from the user, the configuration or a file is checked.

A code is accepted when it is well formed (BCP 47 or POSIX style, letters and digits only, so
it can never name a path) and Babel knows it.  ``RU``, ``ru-RU`` and ``ru_RU`` name the same
locale as a configured ``ru``: one tree on disk, never two.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.core.cache import remembered
from pipeline.core.errors import InputError

_WELL_FORMED = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")


def _canonical_spelling(code: str) -> str:
    """``ru-ru`` → ``ru_RU``, ``AZ-latn-az`` → ``az_Latn_AZ``: gettext's spelling of the subtags."""
    language, *rest = re.split(r"[-_]", code)
    parts = [language.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())  # script
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            parts.append(subtag.upper())  # region
        else:
            parts.append(subtag.lower())  # variant
    return "_".join(parts)


@lru_cache(maxsize=256)
def _babel_name(code: str) -> str | None:
    """Babel's name for a canonically spelled code, or None when Babel does not know it.

    Remembered in the user cache (:func:`pipeline.core.cache.remembered`; "" for unknown): every
    command checks the configured locales, and importing Babel to ask was ~8 ms of a ``check``.
    """
    return remembered("babel-locale-name", code, lambda: _ask_babel_name(code)) or None


def _ask_babel_name(code: str) -> str:
    if has_babel_data(code):
        return code  # str(Locale.parse(code)), without importing Babel
    from babel import Locale, UnknownLocaleError  # lazy: Babel is slow to import

    try:
        return str(Locale.parse(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return ""


#: A language code, or one with a region, spelled as Babel's ``parse_locale`` gives it back.
_PLAIN = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?\Z")


def has_babel_data(code: str) -> bool:
    """Whether ``code`` is a plain code (``az``, ``pt_BR``) with a data file of its own in Babel.

    Then ``Locale.parse(code)`` is ``Locale(language, region)``, which checks that file and
    nothing else, and its name is ``code``: the file system answers, without importing Babel
    (~5 ms of a cold ``l10n check``).  False says nothing: ask Babel.
    """
    return bool(_PLAIN.match(code)) and (_babel_data() / f"{code}.dat").is_file()


@lru_cache(maxsize=1)
def _babel_data() -> Path:
    """Babel's ``locale-data`` folder (as ``babel.localedata`` names it), found without importing Babel."""
    spec = importlib.util.find_spec("babel")
    if spec is None or not spec.origin:
        return Path(os.devnull)  # no Babel: no file, so every question goes to Babel (and fails as before)
    return Path(spec.origin).parent / "locale-data"


def normalize_locale(code: str, configured: Iterable[str] = (), where: str | None = None) -> str:
    """The locale ``code`` names, spelled as the configuration spells it.

    ``configured`` are the project's locales: a code that names one of them (any case, ``-``
    or ``_``, or with a region or script the configuration leaves out) becomes that one.  Any
    other code must be one Babel knows.  Raises InputError (exit 2) otherwise.
    """
    text = str(code).strip()
    if not _WELL_FORMED.match(text):
        raise InputError(where, f"'{code}' is not a locale code", "use a code such as az, ru, tr or pt_BR (letters, digits, '-' or '_')")
    spelled = _canonical_spelling(text)
    configured = tuple(configured)
    for known in configured:
        if _canonical_spelling(known) == spelled:
            return known
    language = spelled.split("_")[0]
    same_language = [k for k in configured if _canonical_spelling(k).split("_")[0] == language]
    if len(same_language) == 1 and "_" not in same_language[0]:
        return same_language[0]
    name = _babel_name(spelled)
    if name is None:
        raise InputError(
            where,
            f"unknown locale '{code}'",
            "use a code Babel knows, e.g. az, ru, tr, pt_BR" + (f" (configured: {', '.join(configured)})" if configured else ""),
        )
    return name


def normalize_locales(codes: Iterable[str], configured: Iterable[str] = (), where: str | None = None) -> tuple[str, ...]:
    """:func:`normalize_locale` for each code, duplicates removed, order kept."""
    configured = tuple(configured)
    return tuple(dict.fromkeys(normalize_locale(code, configured, where) for code in codes))
