"""The ``markup`` check: a translation of a Markdown unit keeps the unit's inline markup.

Markdown units carry their inline markup as the author wrote it (:mod:`pipeline.source.formats.markdown`),
so nothing but the translator keeps a link, a bold phrase or a code span in place.  The
translation must have the same link targets (and image sources) as a multiset, in any order,
as many strong and emphasis spans, and the same code spans verbatim (code is not translated).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterator

from pipeline.catalogs.entries import is_counted
from pipeline.checks.catalog_checks import entry_severity
from pipeline.checks.registry import CatalogContext, Check, catalog_check
from pipeline.core.model import ERROR, Finding
from pipeline.source.formats import format_name_for

MARKDOWN = "markdown"


@catalog_check("markup", ERROR, uses_glossary=False)
def markup(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A translated Markdown unit whose links, emphasis/strong spans or code spans differ from the msgid's.

    Only entries whose ``#:`` references are Markdown documents (``.md``, ``.markdown``) are
    read.  Each link target missing or added is named, the strong and emphasis spans are
    counted, each code span missing or changed is named.  An error for a translated entry, a
    warning for a fuzzy one; ``#, l10n-ignore-markup`` silences it on one entry.
    """
    for entry in ctx.po:
        if not (is_counted(entry) and entry.msgstr and _from_markdown(entry)):
            continue
        problems = markup_problems(entry.msgid, entry.msgstr)
        if problems:
            message = "; ".join(problem for problem, _ in problems)
            found = ", ".join(item for _, item in problems if item)
            yield ctx.finding(check, entry, message, found, None, entry_severity(entry))


def _from_markdown(entry) -> bool:
    """Whether any of the entry's ``#:`` references is a Markdown document (by its extension)."""
    return any(format_name_for(Path(reference)) == MARKDOWN for reference, _ in entry.occurrences)


def markup_problems(source: str, translation: str) -> list[tuple[str, str]]:
    """What the translation changed of the source's inline markup: ``(phrase, item)`` pairs, the
    item being the link target or code span concerned (empty for a count).  Empty: all kept."""
    from pipeline.source.formats.markdown_inline import inline_markup  # markdown-it: only for Markdown entries

    wanted, got = inline_markup(source), inline_markup(translation)
    problems = _multiset("link to {}", wanted.links, got.links)
    problems += _multiset("image {}", wanted.images, got.images)
    problems += _count("strong span", wanted.strong, got.strong)
    problems += _count("emphasis span", wanted.emphasis, got.emphasis)
    problems += _multiset("code span `{}`", wanted.code, got.code)
    return problems


def _multiset(what: str, wanted: tuple[str, ...], got: tuple[str, ...]) -> list[tuple[str, str]]:
    """Items of ``wanted`` missing from ``got`` and items of ``got`` not in ``wanted``, counted."""
    problems = []
    missing, added = Counter(wanted) - Counter(got), Counter(got) - Counter(wanted)
    for item, count in missing.items():
        times = f" ({count} of {Counter(wanted)[item]})" if count > 1 else ""
        problems.append((f"{what.format(item)} is missing{times}", item))
    for item, count in added.items():
        times = f" ({count} times)" if count > 1 else ""
        problems.append((f"{what.format(item)} is not in the source{times}", item))
    return problems


def _count(what: str, wanted: int, got: int) -> list[tuple[str, str]]:
    if wanted == got:
        return []
    return [(f"{wanted} {what}{'' if wanted == 1 else 's'} in the source, {got} in the translation", "")]
