"""Project configuration: ``[tool.l10n]`` in pyproject.toml, or an ``l10n.toml``.

Command-line options override what the file says.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from pipeline.core.locales import normalize_locales
from pipeline.core.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_LOCALES = ("az", "ru", "tr")


@dataclass(frozen=True)
class Config:
    """Where things are and which languages to build."""

    root: Path
    source_language: str = "en"
    locales: tuple[str, ...] = DEFAULT_LOCALES
    corpus_dir: Path = Path("corpus")
    glossary_dir: Path = Path("glossary")
    locales_dir: Path = Path("locales")
    project: str = "khojaly-statements"
    memory_path: Path = Path(".l10n/tm.sqlite")
    bundle_dir: Path = Path("build/bundles")
    #: The file the configuration was read from; None when the defaults apply (no project).
    source: Path | None = None
    #: The path fields the user named, in the file or on the command line: these must exist.
    named: frozenset[str] = frozenset()
    #: Largest document read (``max-document-bytes``): 64 MiB.  A document is held in memory
    #: several times over (text, units, catalogs), so this bounds what one run can take; the
    #: corpus's documents are a few KB and a whole book is a few MB.
    max_document_bytes: int = 64 * 1024 * 1024
    #: Longest line, in characters (``max-line-chars``): 1 Mi.  A line is at most one unit,
    #: that is one msgid; real one-paragraph-per-line documents have lines of a few thousand
    #: characters, and a longer "line" is a data blob or a file that lost its line ends.
    max_line_chars: int = 1024 * 1024
    #: Whether a corpus document may be a symbolic link to a file outside the corpus folder
    #: (``follow-symlinks``); off, such a link is refused rather than read.
    follow_symlinks: bool = False
    #: File extension → document format, beside the registry's (``formats``, e.g.
    #: ``{".htm" = "html", ".text" = "text"}``); the names are checked where documents are listed.
    formats: Mapping[str, str] = field(default_factory=dict)
    #: Where ``l10n translate`` and ``l10n run`` decode (``cluster``): None on this machine,
    #: ``"ray"`` on a Ray instance started for the run, ``"ray://HOST:PORT"`` on a Ray cluster
    #: (the address is checked by pipeline.mt.cluster, which the command line loads only then).
    cluster: str | None = None

    def __post_init__(self) -> None:
        # The limits come from a TOML file: a wrong type is the user's to fix, in one line.
        for name in ("max_document_bytes", "max_line_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(
                    self.source,
                    f"'{_KEY_OF[name]}' must be a whole number above 0, not {value!r}",
                    f"e.g. {_KEY_OF[name]} = {getattr(Config, name)}",
                )
        if not _is_english(self.source_language):
            # The sentence splitter, the English word list, the checks and the MT package pairs
            # all read the source as English: another language would be drafted and checked wrongly.
            raise InputError(
                self.source,
                f"source-language {self.source_language!r} is not supported",
                'only English sources are supported yet: source-language = "en"',
            )
        if not isinstance(self.formats, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in self.formats.items()):
            raise InputError(
                self.source, "'formats' must be a table of file extensions and format names", 'e.g. formats = {".htm" = "html"}'
            )
        if self.cluster is not None and not isinstance(self.cluster, str):
            raise InputError(self.source, f"'cluster' must be a Ray address, not {self.cluster!r}", 'e.g. cluster = "ray://head:10001"')
        if not isinstance(self.follow_symlinks, bool):
            raise InputError(
                self.source, f"'follow-symlinks' must be true or false, not {self.follow_symlinks!r}", "e.g. follow-symlinks = true"
            )

    def with_overrides(
        self, *, corpus: Path | None = None, locales_dir: Path | None = None, glossary: Path | None = None, locales: list[str] | None = None
    ) -> "Config":
        """Return a copy with the command-line overrides applied."""
        changes: dict[str, Any] = {}
        # Paths given on the command line are relative to the working directory.
        for name, value in (("corpus_dir", corpus), ("locales_dir", locales_dir), ("glossary_dir", glossary)):
            if value is not None:
                changes[name] = Path(value).resolve()
        if locales:
            changes["locales"] = normalize_locales(locales, self.locales)
        return replace(self, named=self.named | {name for name in changes if name.endswith("_dir")}, **changes)


def _primary_subtag(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _is_english(code: object) -> bool:
    """Whether ``code`` is a tag for English: ``en``, ``en-US``, ``en_GB`` …"""
    return isinstance(code, str) and _primary_subtag(code) == "en"


def source_language_code(config: Config) -> str:
    """The source language's primary subtag (``en`` for ``en-US``): what MT package pairs are named by."""
    return _primary_subtag(config.source_language)


_KEYS = {
    "source-language": "source_language",
    "locales": "locales",
    "corpus": "corpus_dir",
    "glossary": "glossary_dir",
    "locales-dir": "locales_dir",
    "project": "project",
    "memory": "memory_path",
    "bundle-dir": "bundle_dir",
    "max-document-bytes": "max_document_bytes",
    "max-line-chars": "max_line_chars",
    "follow-symlinks": "follow_symlinks",
    "formats": "formats",
    "cluster": "cluster",
}
_KEY_OF = {name: key for key, name in _KEYS.items()}


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            table: dict[str, Any] = tomllib.load(handle)
            return table
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML: {error}", "fix the syntax") from None


def load_config(start: Path | None = None) -> Config:
    """Find the configuration for the project containing ``start`` (default: the cwd).

    Looks for ``l10n.toml`` or a ``pyproject.toml`` with a ``[tool.l10n]`` table in ``start``
    and its parents; paths in it are relative to the file.  Without one, the defaults apply
    relative to ``start``.
    """
    start = Path(start or Path.cwd()).resolve()
    for directory in (start, *start.parents):
        l10n_toml = directory / "l10n.toml"
        if l10n_toml.is_file():
            return _from_table(directory, _parse(l10n_toml).get("l10n", _parse(l10n_toml)), l10n_toml)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _parse(pyproject).get("tool", {}).get("l10n")
            if table is not None:
                return _from_table(directory, table, pyproject)
    return Config(root=start)


def _from_table(root: Path, table: dict[str, Any], source: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = _KEYS.get(key)
        if name is None:
            raise InputError(source, f"unknown key '{key}' in the l10n configuration", f"use one of: {', '.join(sorted(_KEYS))}")
        if name == "locales":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(source, "'locales' must be a list of locale codes", 'e.g. locales = ["az", "ru", "tr"]')
            value = normalize_locales(value, where=str(source))
        elif name.endswith(("_dir", "_path")):
            value = Path(value)
        values[name] = value
    named = frozenset(name for name in values if name in ("corpus_dir", "glossary_dir", "locales_dir"))
    return Config(root=root, source=source, named=named, **values)


def resolve(config: Config, path: Path) -> Path:
    """A configured path, made absolute against the project root (CLI paths are taken as given)."""
    return path if path.is_absolute() else config.root / path
