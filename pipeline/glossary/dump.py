"""Glossary dumping: write glossary entries back as YAML files in the loader's schema.

Public API::

    dump_glossary(glossary, directory) -> [Path]   one file per category (FILE_NAMES)
    entry_lines(term, file_category, style) -> [str]   one entry as YAML lines, in a file's Style
    file_text(category, terms, style) -> str       a whole file in that style

:func:`.load.load_glossary` of what is dumped gives back equal terms.  The schema mapping of an
entry is :func:`.model.term_to_dict`, the YAML lines :mod:`.yaml_write`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from pipeline.core.fsutil import atomic_write
from pipeline.core.model import Term
from pipeline.glossary.model import FILE_NAMES, Glossary, term_to_dict
from pipeline.glossary.yaml_write import Style, plain_or_quoted, sequence_lines


def entry_lines(term: Term, file_category: str | None, style: Style = Style()) -> list[str]:
    """The YAML lines of one entry (no line ends) as an item of ``terms:``, laid out in ``style``.

    The values are :func:`term_to_dict`'s, so loading the lines gives back an equal Term.
    """
    return sequence_lines([term_to_dict(term, file_category)], style.item_column, style)


def file_text(category: str | None, terms: Iterable[Term], style: Style = Style()) -> str:
    """A whole glossary file: ``category:`` (when given), ``terms:`` and the entries in ``style``."""
    head = (f"category: {plain_or_quoted(category)}\n" if category else "") + "terms:\n"
    blocks = ["\n".join(entry_lines(term, category, style)) + "\n" for term in terms]
    return head + ("\n" * style.gap).join(blocks)


def dump_glossary(glossary: Glossary | Iterable[Term], directory: Path) -> list[Path]:
    """Write the glossary as one file per category (:data:`FILE_NAMES`); return the paths written.

    Same schema as the loader reads, in the house :class:`Style`, UTF-8, entries in glossary order
    within each file, keys in schema order, defaults left out (this writes whole files: comments
    of hand-written files are not kept; :func:`.merge.write_glossary` edits files in place).  Files are
    written atomically; files of other names are left alone.
    ``load_glossary`` of the result gives terms equal to the ones dumped.
    """
    terms = glossary.terms if isinstance(glossary, Glossary) else tuple(glossary)
    by_category: dict[str, list[Term]] = {}
    for term in terms:
        by_category.setdefault(term.category, []).append(term)
    directory = Path(directory)
    written = []
    for category in sorted(by_category):
        text = file_text(category, by_category[category])
        path = directory / FILE_NAMES.get(category, f"{category}.yaml")
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
