"""Which locale a catalog is for, and whether its ``Language`` header tells the truth about it.

In the gettext layout, ``<locales>/<lang>/LC_MESSAGES/<doc>.po``, the folder decides: gettext
loads the compiled catalog for ``<lang>`` and ``l10n bundle`` ships it as ``<lang>``, whatever
the header says.  So a catalog in ``az/LC_MESSAGES`` whose header says ``Language: ru`` (or
``Language: ../../x``) is checked as az, and the contradiction is an error of its own
(:func:`language_problem`): it is either the wrong file in the wrong folder or a header
copied from another locale, and neither may pass unnoticed.  Codes are compared as
:func:`pipeline.core.locales.normalize_locale` compares them, so ``az_AZ``, ``az-AZ`` and ``AZ``
agree with the folder ``az`` (and ``az`` with ``az_AZ``).

A catalog elsewhere (no ``LC_MESSAGES`` parent, or a parent folder that is not a locale code)
is for the locale its header names, which must then be a locale code.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.catalogs.layout import MESSAGES
from pipeline.core.errors import InputError
from pipeline.core.locales import normalize_locale

_LINE_END = re.compile(r"\r\n|\r|\n")


def layout_locale(path: str | Path) -> str | None:
    """``<lang>`` of ``…/<lang>/LC_MESSAGES/<file>.po`` when it is a locale code; None elsewhere."""
    path = Path(path)
    if path.parent.name != MESSAGES:
        return None
    folder = path.parent.parent.name
    try:
        normalize_locale(folder)
    except InputError:
        return None
    return folder


def _names(code: str, other: str) -> bool:
    """Whether ``code`` names ``other``, as a project configured with ``other`` reads it."""
    try:
        return normalize_locale(code, (other,)) == other
    except InputError:
        return False


def language_problem(header: str | None, folder: str) -> str | None:
    """Why a ``Language`` header contradicts the catalog's folder ``folder`` (None: it does not).

    An empty or missing header says nothing and is no problem (msgfmt only warns about it).
    """
    header = (header or "").strip()
    if not header:
        return None
    try:
        normalize_locale(header)
    except InputError as error:
        return (
            f"the Language header is invalid: {error.problem}; the catalog is in the folder of locale "
            f"'{folder}', so gettext and `l10n bundle` take it for '{folder}'"
        )
    if _names(header, folder) or _names(folder, header):
        return None
    return (
        f"the Language header says '{header}' but the catalog is in the folder of locale '{folder}' "
        f"({folder}/LC_MESSAGES), so gettext and `l10n bundle` take it for '{folder}'"
    )


def language_hint(folder: str) -> str:
    """What to do about a :func:`language_problem`."""
    return f"set 'Language: {folder}' if the translation is in that language, or move the file to its language's folder"


def language_line(text: str) -> int | None:
    """The line of the header's ``"Language: …"`` string in a PO file's text (None: there is none)."""
    for number, line in enumerate(_LINE_END.split(text), start=1):  # LF, CRLF or CR, as msgfmt counts
        if line.startswith('"Language:'):
            return number
    return None


def catalog_locale(path: str | Path, metadata: dict) -> str:
    """The locale a catalog is checked as: its folder's in the gettext layout, else its Language header.

    Outside the layout a missing header or one that is not a locale code is an InputError:
    there is nothing else to tell which language the catalog is in.
    """
    folder = layout_locale(path)
    if folder is not None:
        return folder
    header = (metadata.get("Language") or "").strip()
    if not header:
        raise InputError(path, "the catalog has no Language header", "add e.g. 'Language: az' to the header")
    try:
        normalize_locale(header)
    except InputError as error:
        raise InputError(path, f"the Language header is invalid: {error.problem}", "write e.g. 'Language: az'") from None
    return header
