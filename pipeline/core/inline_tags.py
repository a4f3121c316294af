"""Inline placeholders: how markup inside a unit reaches the translator and comes back.

A structured document (HTML, Word) has markup inside its paragraphs: a link, a bold phrase,
a line break.  The unit a translator sees keeps each such element as a numbered placeholder
tag, the way Okapi and po4a's xhtml module do:

    Read the <a1>statement</a1> of the <b2>Ombudsman</b2>.<br3/>

* ``<NAME N>`` … ``</NAME N>`` wraps the text of an inline element (``NAME`` is a short name
  for its kind, ``a``, ``b``, ``i``, ``span``, ``r`` for a Word run…; ``N`` numbers the
  elements of the unit from 1 in source order);
* ``<NAME N/>`` stands for an element without text (a line break, an image, a footnote mark).

The document's writer puts the element back from its number.  A translator keeps every tag
and may move a pair, so the text it wraps can move with the sentence's word order; the
``inline-tags`` check reports a tag dropped, added, or no longer nested as in the source.
This module is the one home of that syntax: the formats write it, the check and the MT
engines read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: One placeholder tag: ``<a1>``, ``</a1>`` or ``<br3/>``.
TAG = re.compile(r"<(/?)([a-z]+)([1-9][0-9]*)(/?)>")

OPEN = "open"
CLOSE = "close"
EMPTY = "empty"


@dataclass(frozen=True)
class InlineTag:
    """One placeholder tag found in a text."""

    name: str  # the element's kind: a, b, i, span, r, br …
    number: int  # its number in the unit, from 1
    kind: str  # OPEN, CLOSE or EMPTY
    start: int  # offset of ``<`` in the text
    end: int  # offset after ``>``

    @property
    def token(self) -> str:
        """The tag as written: ``<a1>``, ``</a1>`` or ``<br3/>``."""
        if self.kind == CLOSE:
            return f"</{self.name}{self.number}>"
        if self.kind == EMPTY:
            return f"<{self.name}{self.number}/>"
        return f"<{self.name}{self.number}>"


def inline_tags(text: str) -> list[InlineTag]:
    """Every placeholder tag in ``text``, in order (``<a1/>`` with a ``/`` on both sides is not one)."""
    found = []
    for match in TAG.finditer(text):
        slash_before, name, number, slash_after = match.groups()
        if slash_before and slash_after:
            continue
        kind = CLOSE if slash_before else EMPTY if slash_after else OPEN
        found.append(InlineTag(name, int(number), kind, match.start(), match.end()))
    return found


def has_inline_tags(text: str) -> bool:
    """Whether ``text`` holds at least one placeholder tag (cheap for the common text without ``<``)."""
    return "<" in text and bool(inline_tags(text))


def without_tags(text: str) -> str:
    """``text`` as read, markup aside: a pair's tags removed (``30<sup1>th</sup1>`` → ``30th``), an
    empty tag read as a space (``1992.<br2/>26`` → ``1992. 26``).  For checks that read the words
    and numbers of a unit, which must not see the tags' own numbers."""
    if "<" not in text:
        return text
    return TAG.sub(lambda match: " " if match.group(4) and not match.group(1) else "", text)


def mask_tags(text: str) -> str:
    """``text`` with every placeholder tag replaced by as many spaces: offsets unchanged, so a
    matcher that reads words (the glossary's) finds ``Heydar <b1>Aliyev</b1>`` where it is."""
    if "<" not in text:
        return text
    return TAG.sub(lambda match: " " * (match.end() - match.start()), text)


def tag_tokens(text: str) -> list[str]:
    """The placeholder tags of ``text`` as written, in order: ``["<a1>", "</a1>", "<br2/>"]``."""
    return [tag.token for tag in inline_tags(text)]


def nesting_problem(text: str) -> str | None:
    """Why the tags of ``text`` are not properly nested (a pair closed out of order, left open,
    closed twice), or None when they are."""
    stack: list[str] = []
    for tag in inline_tags(text):
        if tag.kind == OPEN:
            stack.append(tag.token)
        elif tag.kind == CLOSE:
            opener = f"<{tag.name}{tag.number}>"
            if not stack or stack[-1] != opener:
                return f"{tag.token} closes a tag that is not the last one opened"
            stack.pop()
    if stack:
        return f"{stack[-1]} is never closed"
    return None


def tag_problems(source: str, translation: str) -> list[str]:
    """What is wrong with the placeholder tags of ``translation`` against ``source``'s, one
    phrase each: tags missing, tags added, tags repeated, pairs not nested.  Empty: the
    translation keeps every tag of the source exactly once, properly nested, in any order."""
    wanted, got = tag_tokens(source), tag_tokens(translation)
    problems = []
    missing = [token for token in wanted if token not in got]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    added = [token for token in dict.fromkeys(got) if token not in wanted]
    if added:
        problems.append(f"not in the source: {', '.join(added)}")
    repeated = [token for token in dict.fromkeys(got) if token in wanted and got.count(token) > 1]
    if repeated:
        problems.append(f"repeated: {', '.join(repeated)}")
    if not problems:
        nesting = nesting_problem(translation)
        if nesting is not None:
            problems.append(nesting)
    return problems


def tags_reordered(source: str, translation: str) -> bool:
    """Whether ``translation`` has the same tags as ``source`` in another order."""
    wanted, got = tag_tokens(source), tag_tokens(translation)
    return sorted(wanted) == sorted(got) and wanted != got
