"""Glossary dumping: write glossary entries back as YAML files in the loader's schema.

Public API::

    dump_glossary(glossary, directory) -> [Path]   one file per category (FILE_NAMES)
    term_to_dict(term, file_category) -> dict      one entry in the file schema, defaults left out

:func:`.load.load_glossary` of what is dumped gives back equal terms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable


from ..model import Forbidden, Term
from .load import FILE_NAMES, Glossary


def _forbidden_to_dict(item: Forbidden) -> dict:
    out: dict[str, str] = {"form": item.form}
    if item.reason:
        out["reason"] = item.reason
    if item.severity != "error":
        out["severity"] = item.severity
    return out


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
        locales = {}
        for code in sorted(term.renderings):
            r = term.renderings[code]
            spec: dict[str, Any] = {"rendering": r.text}
            if r.accepted:
                spec["accepted"] = list(r.accepted)
            if r.forbidden:
                spec["forbidden"] = [_forbidden_to_dict(f) for f in r.forbidden]
            locales[code] = spec
        out["locales"] = locales
    return out


def dump_glossary(glossary: Glossary | Iterable[Term], directory: Path) -> list[Path]:
    """Write the glossary as one file per category (:data:`FILE_NAMES`); return the paths written.

    Same schema as the loader reads, UTF-8, entries in glossary order within each file, keys in
    schema order, defaults left out (comments of hand-written files are not kept).  Files are
    written atomically; files of other names are left alone.
    ``load_glossary`` of the result gives terms equal to the ones dumped.
    """
    from ..fsutil import atomic_write

    terms = glossary.terms if isinstance(glossary, Glossary) else tuple(glossary)
    import yaml  # only when writing: a check never needs PyYAML

    by_category: dict[str, list[Term]] = {}
    for term in terms:
        by_category.setdefault(term.category, []).append(term)
    directory = Path(directory)
    written = []
    for category in sorted(by_category):
        doc = {"category": category, "terms": [term_to_dict(t, category) for t in by_category[category]]}
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        path = directory / FILE_NAMES.get(category, f"{category}.yaml")
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
