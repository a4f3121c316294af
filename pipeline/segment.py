"""Cut a plain-text document into ordered paragraph units.

Press releases and scraped web pages are messy: hard-wrapped paragraphs, one paragraph per
line with no blank lines, paragraphs broken mid-sentence by a stray blank line, headings split
from their continuation, and page furniture (widgets, link lists, footers) around the text.
The rules, applied in this order, each recorded as a :class:`~pipeline.model.Decision`:

1. **Lines.** LF, CRLF and CR all end a line; a line of only spaces or tabs is blank.
   Blank lines separate *blocks*.
2. **Lines within a block.** A line longer than :data:`WRAP_LIMIT` characters was not
   hard-wrapped, so it ends its paragraph (one paragraph per line) unless it stops
   mid-sentence.  Shorter lines are a hard-wrapped paragraph and are joined, unless a line
   ends a sentence well short of the block's width (then the next line starts a new one),
   or is a fragment of a few words followed by a capitalised line (a list of links).
3. **Broken paragraphs.** Across a blank line, two parts are joined when the first ends with
   a comma or without terminal punctuation and the second starts in lower case
   ("During the aggression" / "against the people…", "STATEMENT" / "of the Commissioner…"),
   or when the break falls inside a name: the first ends on a capitalised word and the second
   opens with a capitalised word followed by a comma or a lower-case word ("…of the Heydar
   Aliyev" / "Foundation, is one of…"), or the two halves form a multi-word name given by
   the caller (the glossary's names).
4. **Page furniture** is not translated: a line where fewer than half the tokens are words
   (widgets such as "date 2025-02-25 + ↺ − 16 px"); two or more short non-sentence lines in a
   row (link lists: share, print, related articles); short non-sentence lines after the last
   paragraph (footers and credits: "Back to top button", "News.Az").  "Short" means at most
   :data:`SHORT_WORDS` words.
5. **Kinds.** The first unit is the *title* when it is short and has no terminal
   punctuation; any other such unit is a *heading*; the rest are paragraphs.

White space inside a unit is normalised to single spaces; nothing else is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import HEADING, PARAGRAPH, TITLE, Decision, Document, Segmentation, Unit

#: Lines longer than this were not hard-wrapped by the author's editor.
WRAP_LIMIT = 100
#: A line of a wrapped block that ends a sentence below this share of the block's width ends
#: its paragraph.
SHORT_LINE_RATIO = 0.7
#: At most this many words make a line "short" (a title, heading or page furniture).
SHORT_WORDS = 5
#: A title has at most this many characters.
TITLE_LIMIT = 200

_LINE_END = re.compile(r"\r\n|\r|\n")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_LOWER_START = re.compile(r"^[\"'“‘«(\[]?[^\W\d_]", re.UNICODE)


@dataclass
class _Line:
    number: int  # 1-based
    text: str  # as in the file, line end removed

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class _Part:
    """Consecutive source lines that belong to one unit (before furniture and joins)."""

    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(line.text.split()) for line in self.lines)

    @property
    def first(self) -> int:
        return self.lines[0].number


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR, dropping a UTF-8 BOM; a final line end adds no empty line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def _starts_lower(text: str) -> bool:
    match = _LOWER_START.match(text.lstrip())
    return bool(match) and match.group(0)[-1].islower()


def _word_count(text: str) -> int:
    return len(text.split())


def _is_short_fragment(text: str) -> bool:
    return _word_count(text) <= SHORT_WORDS and not _ends_sentence(text)


def _is_widget(text: str) -> bool:
    """Fewer than half of the tokens are words: a UI widget, not prose."""
    tokens = text.split()
    words = sum(1 for token in tokens if _WORD.search(token))
    return len(tokens) > 0 and words * 2 < len(tokens)


def _blocks(lines: list[str]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for number, text in enumerate(lines, start=1):
        if text.strip():
            current.append(_Line(number, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_block(block: list[_Line], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 2: decide, for each line break inside a block, whether it ends a paragraph."""
    width = max(len(line.stripped) for line in block)
    parts = [_Part([block[0]])]
    for previous, line in zip(block, block[1:]):
        prev_text = previous.stripped
        if len(prev_text) > WRAP_LIMIT:
            breaks = _ends_sentence(prev_text) or not _starts_lower(line.stripped)
            reason = "a long line is its own paragraph (one paragraph per line)"
        elif _is_short_fragment(prev_text) and not _starts_lower(line.stripped):
            breaks = True
            reason = "a line of a few words followed by a capitalised line is a list item, not wrapped prose"
        else:
            breaks = _ends_sentence(prev_text) and len(prev_text) < SHORT_LINE_RATIO * width
            reason = "a short line ending a sentence ends its paragraph"
        if breaks:
            parts.append(_Part([line]))
            why[line.number] = ("unit", reason)
        else:
            parts[-1].lines.append(line)
            why[line.number] = ("join", f"hard-wrapped continuation of line {previous.number}")
    return parts


def _name_break(first: str, second: str, names: frozenset[str]) -> bool:
    """True when a blank line falls inside a name (see rule 3)."""
    tail = first.split()
    head = second.split()
    if not tail or not head or _ends_sentence(first):
        return False
    for size_tail in range(1, min(4, len(tail)) + 1):
        for size_head in range(1, min(4, len(head)) + 1):
            candidate = " ".join(tail[-size_tail:] + head[:size_head]).rstrip(",;:.!?)”'\"")
            if candidate in names:
                return True
    last, opening = tail[-1], head[0]
    follower = head[1] if len(head) > 1 else ""
    return (
        _word_count(first) > SHORT_WORDS
        and last[:1].isupper()
        and opening[:1].isupper()
        and (opening.endswith(",") or (follower[:1].islower()))
        and not _ends_sentence(opening)
    )


def _join_broken(parts: list[_Part], names: frozenset[str], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 3: join parts separated by a stray blank line."""
    joined: list[_Part] = []
    for part in parts:
        if joined:
            previous = joined[-1].text
            current = part.text
            reason = None
            if (previous.endswith(",") or not _ends_sentence(previous)) and _starts_lower(current):
                reason = f"continues the sentence of line {joined[-1].first} (starts in lower case)"
            elif _name_break(previous, current, names):
                reason = f"continues a name broken at the end of line {joined[-1].lines[-1].number}"
            if reason:
                joined[-1].lines.extend(part.lines)
                why[part.first] = ("join", reason)
                continue
        joined.append(part)
    return joined


def _drop_furniture(parts: list[_Part], why: dict[int, tuple[str, str]]) -> list[_Part]:
    """Rule 4: page furniture is not a unit."""
    drop: dict[int, str] = {}
    for index, part in enumerate(parts):
        if _is_widget(part.text):
            drop[index] = "widget: fewer than half of its tokens are words"
    short = [_is_short_fragment(part.text) for part in parts]
    for index in range(len(parts)):
        neighbours = (index > 0 and short[index - 1]) or (index + 1 < len(parts) and short[index + 1])
        if short[index] and neighbours and index not in drop:
            drop[index] = "link list: one of several short lines without a sentence"
    last_prose = max((i for i, part in enumerate(parts) if i not in drop and not short[i]), default=-1)
    for index in range(last_prose + 1, len(parts)):
        drop.setdefault(index, "footer: a short line after the last paragraph")
    kept = []
    for index, part in enumerate(parts):
        if index in drop:
            for line in part.lines:
                why[line.number] = ("drop", drop[index])
        else:
            kept.append(part)
    return kept


def _anchors(part: _Part) -> tuple[tuple[int, int, int], ...]:
    anchors = []
    offset = 0
    for line in part.lines:
        for match in re.finditer(r"\S+", line.text):
            anchors.append((offset, line.number, match.start() + 1))
            offset += len(match.group(0)) + 1
    return tuple(anchors)


def _kind(index: int, text: str) -> str:
    if len(text) <= TITLE_LIMIT and not _ends_sentence(text):
        return TITLE if index == 0 else HEADING
    return PARAGRAPH


def segment(document: Document, names: frozenset[str] | set[str] = frozenset()) -> Segmentation:
    """Cut ``document`` into units, recording every decision.

    ``names`` are multi-word names (the glossary's forms) a stray blank line must not split.
    """
    lines = split_lines(document.text)
    names = frozenset(names)
    why: dict[int, tuple[str, str]] = {}
    parts: list[_Part] = []
    for block in _blocks(lines):
        why[block[0].number] = ("unit", "first line of a block (after a blank line or the start)")
        parts.extend(_split_block(block, why))
    parts = _drop_furniture(_join_broken(parts, names, why), why)
    units = tuple(
        Unit(text=part.text, line=part.first, kind=_kind(index, part.text), anchors=_anchors(part))
        for index, part in enumerate(parts)
    )
    decisions = tuple(
        Decision(number, action, reason, lines[number - 1].strip())
        for number, (action, reason) in sorted(why.items())
    )
    return Segmentation(document=document, units=units, decisions=decisions)
