"""Where a project's templates and catalogs live: the gettext/Babel layout of the locales folder.

::

    <locales>/templates/<stem>.pot            one template per source document
    <locales>/<lang>/LC_MESSAGES/<stem>.po    one catalog per locale and document

Bundles use the same ``<lang>/LC_MESSAGES`` folders for their MO files.  Paths only (no
polib): ``l10n check`` asks for the catalog folders at start-up.
"""

from __future__ import annotations

from pathlib import Path

#: gettext's folder of a locale's compiled and source catalogs.
MESSAGES = "LC_MESSAGES"
TEMPLATES = "templates"


def messages_dir(locales_dir: Path, locale: str) -> Path:
    """``<locales>/<locale>/LC_MESSAGES``: the folder of one locale's catalogs."""
    return Path(locales_dir) / locale / MESSAGES


def templates_dir(locales_dir: Path) -> Path:
    """``<locales>/templates``: the folder of the templates (POT files)."""
    return Path(locales_dir) / TEMPLATES


def template_path(locales_dir: Path, stem: str) -> Path:
    """``<locales>/templates/<stem>.pot``."""
    return templates_dir(locales_dir) / f"{stem}.pot"


def catalog_path(locales_dir: Path, locale: str, stem: str) -> Path:
    """``<locales>/<locale>/LC_MESSAGES/<stem>.po`` (the gettext/Babel layout)."""
    return messages_dir(locales_dir, locale) / f"{stem}.po"


def catalog_paths(locales_dir: Path, locale: str) -> list[Path]:
    """Every catalog (``*.po``) of ``locale``, sorted by path."""
    return sorted(messages_dir(locales_dir, locale).glob("*.po"))
