"""The ``inline-tags`` check: a translation keeps the inline markup of its source.

A unit from an HTML or Word document carries its links, bold runs and line breaks as numbered
placeholder tags (:mod:`pipeline.core.inline_tags`): ``Read the <a1>statement</a1>.``.  The
bundle puts the markup back from those tags, so a translation that loses one loses a link; one
that adds, repeats or misnests tags cannot be put back at all (the bundle then ships the
source text of that unit).
"""

from __future__ import annotations

from typing import Iterator

from pipeline.checks.catalog_checks import entry_severity, live_entries
from pipeline.checks.registry import CatalogContext, Check, catalog_check
from pipeline.core.inline_tags import has_inline_tags, tag_problems, tag_tokens, tags_reordered
from pipeline.core.model import ERROR, Finding


@catalog_check("inline-tags", ERROR, uses_glossary=False)
def inline_tags_kept(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """An inline tag of the msgid (<a1>…</a1>, <br2/>) dropped, added, repeated, misnested or moved in the msgstr.

    Each problem names its tags: ``missing </a1>``, ``not in the source: <b3>``.  Tags in
    another order than the source's are reported too: most often a pair dragged to the wrong
    words; when the target language's word order needs the move, the translator confirms it
    with ``#, l10n-ignore-inline-tags`` on the entry.  An error for a translated entry, a warning
    for a fuzzy one.
    """
    for entry in live_entries(ctx):
        if entry.msgid_plural or not has_inline_tags(entry.msgid + entry.msgstr):
            continue
        problems = tag_problems(entry.msgid, entry.msgstr)
        if not problems:
            if not tags_reordered(entry.msgid, entry.msgstr):
                continue
            wanted, got = tag_tokens(entry.msgid), tag_tokens(entry.msgstr)
            problems = [f"tags moved: the source has {' '.join(wanted)}, the translation {' '.join(got)}"]
        found = " ".join(tag_tokens(entry.msgstr))
        yield ctx.finding(check, entry, "inline tags: " + "; ".join(problems), found, None, entry_severity(entry))
