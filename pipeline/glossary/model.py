"""The glossary as data: its entries, their file schema, and what the loader and the dumper share.

Public API::

    Glossary(terms, version, directory, files)     every entry, in file order, by id
    DerivedForm, DerivedRendering                  derived words of a locale (``derived:``)
    term_to_dict(term, file_category) -> dict      one entry in the file schema, defaults left out
    form_line(term, form, locale, kind) -> int     where a form was written
    CATEGORIES, FILE_NAMES, CASE_MODES, DERIVED_TYPES

Both :mod:`.load` (YAML files → Glossary) and :mod:`.dump` (Glossary → YAML files) stand on this
module, so neither imports the other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pipeline.core.model import Forbidden, Rendering, Term


class Str(str):
    """A YAML string that knows its 1-based line.

    Made by :mod:`.yaml_lines` when a file is parsed, and kept in the loaded terms (a form
    remembers where it was written).  Defined here, not there, so that unpickling a cached
    glossary (a warm ``l10n check``) does not import the YAML layer (~7 ms).
    """

    line: int = 0


CATEGORIES = ("person", "organisation", "place", "event", "document")
#: The file each category is dumped to (the names glossary/ uses).
FILE_NAMES = {
    "person": "people.yaml",
    "organisation": "organisations.yaml",
    "place": "places.yaml",
    "event": "events.yaml",
    "document": "documents.yaml",
}
CASE_MODES = ("default", "exact")
#: What a derived word is; it decides how the word inflects (Russian adjectives decline as
#: adjectives; az/tr words take suffixes on their last word whatever they are).
DERIVED_TYPES = ("adjective", "demonym", "noun")


@dataclass(frozen=True)
class DerivedForm:
    """A word derived from a term's rendering (ходжалинский, xocalılar) that counts as the rendering.

    ``type`` (:data:`DERIVED_TYPES`, or "" to judge from the word's shape) is its inflection class.
    """

    form: str
    type: str = ""


@dataclass(frozen=True)
class DerivedRendering(Rendering):
    """A :class:`~pipeline.core.model.Rendering` whose locale lists derived words (``derived:``).

    Only renderings with derived words are of this class, so every other entry compares equal
    to one built elsewhere (TBX import, tests).
    """

    derived: tuple[DerivedForm, ...] = ()


def _forbidden_to_dict(item: Forbidden) -> dict:
    out: dict[str, str] = {"form": item.form}
    if item.reason:
        out["reason"] = item.reason
    if item.severity != "error":
        out["severity"] = item.severity
    return out


def _rendering_to_dict(rendering: Rendering) -> dict[str, Any]:
    spec: dict[str, Any] = {"rendering": rendering.text}
    if rendering.accepted:
        spec["accepted"] = list(rendering.accepted)
    derived = getattr(rendering, "derived", ())  # a DerivedRendering
    if derived:
        spec["derived"] = [d.form if not d.type else {"form": d.form, "type": d.type} for d in derived]
    if rendering.forbidden:
        spec["forbidden"] = [_forbidden_to_dict(f) for f in rendering.forbidden]
    return spec


def term_to_dict(term: Term, file_category: str | None) -> dict:
    """One entry in the file schema, leaving out values that equal the defaults."""
    out: dict[str, Any] = {"id": term.id, "term": term.term}
    if term.category != file_category:
        out["category"] = term.category
    if term.variants:
        out["variants"] = list(term.variants)
    if term.forbidden:
        out["forbidden"] = [_forbidden_to_dict(f) for f in term.forbidden]
    if term.case != "default":
        out["case"] = term.case
    if term.notes:
        out["notes"] = term.notes
    if term.dnt:
        out["dnt"] = True
    if term.renderings:
        out["locales"] = {code: _rendering_to_dict(term.renderings[code]) for code in sorted(term.renderings)}
    return out


@dataclass(frozen=True)
class Glossary:
    """Every entry of the glossary, in file order, with a content ``version``.

    ``version`` is a short sha256: over the files' names and bytes when loaded from disk, over
    the entries' content when built in memory.  Translation memory uses it as a cache key.
    """

    terms: tuple[Term, ...]
    version: str = ""
    directory: Path | None = None
    files: tuple[Path, ...] = ()
    _by_id: dict[str, Term] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "_by_id", {t.id: t for t in self.terms})
        if not self.version:
            # In-memory glossaries (tests, TBX import) get a version from their content.
            import hashlib  # here: only a glossary made in memory needs it (loading OpenSSL is ~3 ms of a check)

            blob = json.dumps([term_to_dict(t, None) for t in self.terms], ensure_ascii=False, sort_keys=True)
            object.__setattr__(self, "version", hashlib.sha256(blob.encode()).hexdigest()[:16])

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    def __getitem__(self, term_id: str) -> Term:
        """The entry with this id; KeyError if there is none."""
        return self._by_id[term_id]

    def get(self, term_id: str) -> Term | None:
        """The entry with this id, or None."""
        return self._by_id.get(term_id)

    @property
    def locales(self) -> tuple[str, ...]:
        """Every locale code that has at least one rendering, sorted."""
        return tuple(sorted({code for t in self.terms for code in t.renderings}))


def form_line(term: Term, form: str, locale: str = "", kind: str | None = None) -> int:
    """The glossary line of ``form`` in ``term`` (source side, or ``locale``); the entry's line if unknown."""
    for (scope, k, f), line in term.lines.items():
        if scope == locale and f == form and (kind is None or k == kind):
            return line
    return term.line
