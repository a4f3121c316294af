"""A glossary file's layout, for editing it in place: which lines each entry of ``terms:`` occupies,
how the file is indented (:func:`file_layout`), and one entry edited with only what changed
rewritten (:func:`edit_entry`), so that an import (:func:`.merge.write_glossary`) leaves every
other byte of a hand-written file as it was.

Read from PyYAML's parse events, imported only when a file is laid out or edited.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # PyYAML is imported only when a file is parsed
    from yaml.error import Mark

    # The writer only when a file is laid out or edited: its module compiles ~15 ms of regular
    # expressions.
    from pipeline.glossary.yaml_write import Style


# --------------------------------------------------------------------------- a file's layout, for editing it in place
#
# An import must change only the entries it changes: every other byte of a hand-written file
# (comments, blank lines, quoting, order) stays.  The layout below says which lines each entry
# occupies, read from PyYAML's parse events (exact, including block scalars whose lines start
# with '#'), and how the file indents, so new entries look like their neighbours.

_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+\Z")
_END_COMMENT = re.compile(r"[\s:,\[\]{}]*\s(#.*?)\s*\Z")  # after a value: "  # ...", ":  # ...", ",  # ..."


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their line ends, cut where YAML counts a line break."""
    return _LINE.findall(text)


@dataclass
class EntrySpan:
    """The lines (0-based, both included) of one entry of ``terms:``, and the comments inside them."""

    first: int
    last: int
    comments: list[str] = field(default_factory=list)


@dataclass
class FileLayout:
    """Where the entries of one glossary file are, and how the file is laid out.

    ``end`` is the line after the last entry (where new entries go); ``flow`` is set, as
    ``(line, column, end line, end column)``, when ``terms:`` is a flow list (``terms: []``),
    which cannot be edited entry by entry.
    """

    lines: list[str]
    category: str | None
    spans: dict[str, EntrySpan]
    end: int
    style: Style
    newline: str = "\n"
    flow: tuple[int, int, int, int] | None = None


def file_layout(text: str) -> FileLayout:
    """The layout of a glossary file's text (one that :func:`.load.load_glossary` accepted)."""
    import yaml  # here: PyYAML only when a file is laid out (start-up of l10n check)

    from pipeline.glossary.yaml_write import Style  # here: see the imports at the top

    lines = split_lines(text)
    walk = _Walk(lines)
    events = iter(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    category = walk.document(events)
    spans: dict[str, EntrySpan] = {}
    gaps: Counter = Counter()
    for index, (term_id, first, last, blocks) in enumerate(walk.items):
        spans[str(term_id)] = EntrySpan(first, last, walk.comments(first, last, blocks))
        if index + 1 < len(walk.items):
            gaps[_blank_lines_after(lines, last)] += 1
    style = Style(
        item_column=walk.item_column,
        dash_gap=walk.dash_gap or 2,
        indent=walk.indent or 2,
        indent_sequences=walk.indent_sequences is not False,
        gap=gaps.most_common(1)[0][0] if gaps else 1,
    )
    end = walk.items[-1][2] + 1 if walk.items else len(lines)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    return FileLayout(lines, category, spans, end, style, newline, walk.flow)


def _blank_lines_after(lines: list[str], last: int) -> int:
    count = 0
    while last + 1 + count < len(lines) and not lines[last + 1 + count].strip():
        count += 1
    return count


class _Walk:
    """Reads the parse events of a glossary file: its entries' lines and its indentation."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.ends: dict[int, int] = {}  # line -> column where the last scalar on it ends
        self.blocks: list[tuple[int, int]] = []  # content lines of each block scalar (|, >)
        self.items: list[tuple[str | None, int, int, tuple[int, int]]] = []
        self.item_column = 2
        self.dash_gap: int | None = None
        self.indent: int | None = None
        self.indent_sequences: bool | None = None
        self.flow: tuple[int, int, int, int] | None = None

    def document(self, events) -> str | None:
        """Walk the root mapping; return the file's ``category:``."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        category = None
        for event in events:
            if isinstance(event, yaml.MappingStartEvent):
                break
        for key in events:
            if isinstance(key, yaml.MappingEndEvent):
                break
            value = next(events)
            if key.value == "terms" and isinstance(value, yaml.SequenceStartEvent):
                self.terms(value, events)
                continue
            if key.value == "category" and isinstance(value, yaml.ScalarEvent):
                category = value.value
            self.node(value, events)
        return category

    def terms(self, start, events) -> None:
        """Walk the ``terms:`` list: each entry's lines and id (or, for a flow list, where it is)."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        if start.flow_style:
            end = self.node(start, events)
            self.flow = (start.start_mark.line, start.start_mark.column, end, self.ends.get(end, 0))
            return
        self.item_column = start.start_mark.column
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return
            first = self.dash_line(event.start_mark.line)
            if self.dash_gap is None and isinstance(event, yaml.MappingStartEvent) and not event.flow_style:
                self.dash_gap = cast("Mark", event.start_mark).column - self.item_column  # "- id:" 2, "-   id:" 4
            before = len(self.blocks)
            term_id, last = self.item(event, events)
            self.items.append((term_id, first, last, (before, len(self.blocks))))

    def item(self, start, events) -> tuple[str | None, int]:
        """Walk one entry; return its id and its last line."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        if not isinstance(start, yaml.MappingStartEvent):
            return None, self.node(start, events)
        term_id, last = None, cast("Mark", start.start_mark).line
        while True:
            key = next(events)
            if isinstance(key, yaml.MappingEndEvent):
                if start.flow_style:  # "- {id: x, ...}" ends with its brace
                    last = self.mark(key.end_mark)
                    self.ends[last] = max(self.ends.get(last, 0), cast("Mark", key.end_mark).column)
                return term_id, last
            value = next(events)
            if key.value == "id" and isinstance(value, yaml.ScalarEvent):
                term_id = value.value
            if not start.flow_style:
                self.probe(key, value)
            last = max(last, self.node(key, events), self.node(value, events))

    def node(self, event, events) -> int:
        """Consume the node that starts with ``event``; return the last line holding its content."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.AliasEvent):
            return self.mark(event.end_mark)
        last, key, mapping = event.start_mark.line, None, isinstance(event, yaml.MappingStartEvent)
        for index, child in enumerate(events):
            if isinstance(child, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                if event.flow_style:  # a flow collection ends with its bracket
                    last = self.mark(child.end_mark)
                    self.ends[last] = max(self.ends.get(last, 0), cast("Mark", child.end_mark).column)
                return last
            if mapping and index % 2 and not event.flow_style:
                self.probe(key, child)
            key = child
            last = max(last, self.node(child, events))
        return last

    def scalar(self, event) -> int:
        if event.style in ("|", ">"):
            return self.block(event)
        end = event.end_mark
        line = end.line if end.column > 0 or end.line == event.start_mark.line else end.line - 1
        self.ends[line] = max(self.ends.get(line, 0), end.column if end.line == line else len(self.lines[line]))
        return line

    def block(self, event) -> int:
        """The last content line of a block scalar: its end mark lies past trailing blank lines."""
        header, stop = event.start_mark.line, min(event.end_mark.line, len(self.lines) - 1)
        indent, last = None, header
        for number in range(header + 1, stop + 1):
            text = self.lines[number]
            if not text.strip():
                continue
            column = len(text) - len(text.lstrip(" "))
            if indent is None:
                indent = column
            if column >= indent:
                last = number
        self.blocks.append((header + 1, last))
        return last

    def probe(self, key, value) -> None:
        """Learn the file's indentation from a key and the block collection that is its value."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        if getattr(value, "flow_style", True) or key is None:
            return
        offset = value.start_mark.column - key.start_mark.column
        if isinstance(value, yaml.MappingStartEvent) and self.indent is None and offset > 0:
            self.indent = offset
        elif isinstance(value, yaml.SequenceStartEvent) and self.indent_sequences is None:
            self.indent_sequences = offset > 0

    @staticmethod
    def mark(mark) -> int:
        return mark.line if mark.column > 0 else mark.line - 1

    def dash_line(self, line: int) -> int:
        """The line of an entry's "-" (usually its first key's line; "-" may stand alone above it)."""
        column = self.item_column
        for number in range(min(line, len(self.lines) - 1), -1, -1):
            text = self.lines[number]
            if text[column : column + 1] == "-" and not text[:column].strip():
                return number
        return line

    def comments(self, first: int, last: int, blocks: tuple[int, int]) -> list[str]:
        """The comments inside an entry's lines (whole-line and end-of-line), not block-scalar text."""
        inside = [self.blocks[i] for i in range(*blocks)]
        found = []
        for number in range(first, last + 1):
            if any(a <= number <= b for a, b in inside):
                continue
            text = self.lines[number].rstrip("\r\n\x85\u2028\u2029")
            if text.lstrip().startswith("#"):
                found.append(text.strip())
            elif number in self.ends:
                match = _END_COMMENT.match(text[self.ends[number] :])
                if match:
                    found.append(match.group(1))
        return found


# --------------------------------------------------------------------------- editing one entry in place
#
# An import that adds one Russian forbidden form to an entry should change one or two lines,
# not re-wrap the entry's notes or expand its {form: ..., type: ...} items.  So an updated
# entry is edited key by key: a key whose value is unchanged keeps its lines as written, a
# mapping (locales, a locale) is edited the same way one level down, a list that only gains
# items keeps its lines and gets the new items after them, and only what really changed is
# written anew, in the file's style.


@dataclass
class _Pair:
    """One key of a block mapping: the lines from its key to the end of its value."""

    key: Any
    first: int
    last: int
    value: Any = None  # _Map or _Seq for a block collection, else None


@dataclass
class _Map:
    column: int
    pairs: list


@dataclass
class _Seq:
    column: int
    count: int


class _TreeWalk(_Walk):
    """A :class:`_Walk` that also returns the layout of block mappings and lists."""

    def tree(self, event, events) -> tuple[int, Any]:
        """Consume a node; return its last line and, for a block mapping or list, its layout."""
        import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) or event.flow_style:
            return self.node(event, events), None
        last = event.start_mark.line
        if isinstance(event, yaml.SequenceStartEvent):
            count = 0
            for child in events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return last, _Seq(cast("Mark", event.start_mark).column, count)
                last, count = max(last, self.node(child, events)), count + 1
        pairs: list[_Pair] = []
        for key in events:
            if isinstance(key, yaml.MappingEndEvent):
                break
            value_last, layout = self.tree(next(events), events)
            pair_last = max(self.node(key, events), value_last)
            pairs.append(_Pair(key.value, key.start_mark.line, pair_last, layout))
            last = max(last, pair_last)
        return last, _Map(event.start_mark.column, pairs)


def edit_entry(lines: list[str], old: dict, new: dict, style: Any, newline: str = "\n") -> list[str] | None:
    """The lines of one entry (``lines``, as in the file) with only what changed from ``old`` to
    ``new`` (:func:`.dump.term_to_dict` of the entry before and after) rewritten.

    Comments inside a part that is rewritten are moved just above it.  Returns None when the
    entry is not a block mapping (flow style) or would need a new first key: the caller then
    writes the entry whole.
    """
    import yaml  # here: PyYAML only when a file is edited (start-up of l10n check)

    walk = _TreeWalk(lines)
    events = iter(yaml.parse("".join(lines), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    for event in events:
        if isinstance(event, yaml.SequenceStartEvent):
            break
    _, tree = walk.tree(next(events), events)
    if not isinstance(tree, _Map) or not tree.pairs:
        return None
    edited = _EntryEditor(walk, style, newline).mapping(tree, old, new)
    return None if edited is None else lines[: tree.pairs[0].first] + edited


class _EntryEditor:
    """Edits the mappings and lists of one entry (see :func:`edit_entry`)."""

    def __init__(self, walk: _TreeWalk, style: Any, newline: str):
        self.walk, self.lines, self.style, self.newline = walk, walk.lines, style, newline

    def fresh(self, lines: list[str]) -> list[str]:
        return [line + self.newline for line in lines]

    def mapping(self, node: _Map, old: dict, new: dict) -> list[str] | None:
        """The lines of a block mapping from its first key to the end of its last value, edited."""
        out: list[str] = []
        order = {key: index for index, key in enumerate(new)}
        present = {pair.key for pair in node.pairs}
        pending = [key for key in new if key not in present]  # new keys, in schema order
        ranks = [order[pair.key] for pair in node.pairs if pair.key in order]
        if pending and ranks and order[pending[0]] < min(ranks):
            return None  # a new first key would have to take over the item's "- "

        from pipeline.glossary.yaml_write import pair_lines  # here: see the imports at the top

        def flush(limit: float) -> None:
            while pending and order[pending[0]] < limit:
                key = pending.pop(0)
                out.extend(self.fresh(pair_lines(node.column, key, new[key], self.style)))

        cursor = node.pairs[0].first
        for pair in node.pairs:
            out.extend(self.lines[cursor : pair.first])  # comments and blank lines between keys, as written
            if pair.key in order:
                flush(order[pair.key])
            out.extend(self.pair(node, pair, old, new))
            cursor = pair.last + 1
        flush(float("inf"))
        return out

    def pair(self, node: _Map, pair: _Pair, old: dict, new: dict) -> list[str]:
        """One key and its value: as written if unchanged, else edited or written anew."""
        from pipeline.glossary.yaml_write import pair_lines, sequence_lines  # here: see the imports at the top

        key, written = pair.key, self.lines[pair.first : pair.last + 1]
        if key not in new:
            # Gone in the merge (a list it emptied), or a value the schema's defaults make
            # redundant (dnt: false, the file's own category): the latter stays as written.
            return [] if key in old else written
        before, after = old.get(key), new[key]
        if key in old and before == after:
            return written
        if isinstance(pair.value, _Map) and isinstance(before, dict) and isinstance(after, dict) and pair.value.pairs:
            inner = self.mapping(pair.value, before, after)
            if inner is not None:
                return self.lines[pair.first : pair.value.pairs[0].first] + inner
        if (
            isinstance(pair.value, _Seq)
            and isinstance(before, list)
            and isinstance(after, list)
            and pair.value.count == len(before)
            and after[: len(before)] == before
        ):
            return written + self.fresh(sequence_lines(after[len(before) :], pair.value.column, self.style))
        comments = self.walk.comments(pair.first, pair.last, (0, len(self.walk.blocks)))
        fresh = pair_lines(node.column, key, after, self.style)
        fresh[0] = self.lines[pair.first][: node.column] + fresh[0][node.column :]  # keeps a "- " before the key
        return [" " * node.column + comment + self.newline for comment in comments] + self.fresh(fresh)
