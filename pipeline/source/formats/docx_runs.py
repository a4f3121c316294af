"""A Word paragraph's runs as one unit text with placeholder tags, and what each tag stands for.

Word cuts a paragraph into runs (``w:r``), each with its formatting (``w:rPr``), and cuts them
arbitrarily: a spell-check mark, an edit in another session (``w:rsid…``), a language change
start a new run without changing what the reader sees.  So runs are compared by their
*visible* formatting (rsid attributes, ``w:lang``, ``w:noProof`` and the complex-script
variants ``w:bCs``/``w:iCs``/``w:szCs`` ignored; ``<w:b/>`` and ``<w:b w:val="true"/>``
alike), adjacent runs that look alike are one piece of text, and:

* the formatting that covers most of the paragraph's text is the paragraph's own: its text is
  plain text in the unit;
* a stretch formatted otherwise is a pair of tags (:mod:`pipeline.core.inline_tags`):
  ``<b1>…</b1>`` bold, ``<i1>`` italic, ``<u1>`` underline, ``<sup1>``/``<sub1>``, ``<r1>``
  any other difference (a stretch of white space only stays plain: a bold space is not worth
  a tag);
* a hyperlink is ``<a1>…</a1>`` (its own runs inside, compared with the link's own formatting),
  a tracked insertion or a bidi embedding ``<r1>…</r1>``;
* ``<br1/>`` a line break, ``<tab1/>`` a tab, ``<img1/>`` a picture or drawing (a text box
  included: its text is carried, not translated), ``<x1/>`` anything else inline: a field
  (simple, or complex from its ``begin`` to its ``end`` mark, result included), a footnote or
  comment mark, a page break, a symbol, an equation, a content control, a tracked deletion.

Smart tags and inline custom XML (metadata Word itself strips since 2010) are read through.
Bookmarks, comment ranges, permissions and spell-check marks are not content.  Every tag keeps
in its :class:`Slot` the source elements it stands for, so the writer can put them back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Union

from pipeline.core.inline_tags import TAG
from pipeline.source.formats.docx_package import W

Element = Any  # an lxml element (lxml ships no type information)


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``{…/main}name``."""
    return f"{{{W}}}{name}"


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: Paragraph children that are not content: kept where they are when a paragraph is rewritten.
KEPT = frozenset(
    w(name)
    for name in (
        "pPr bookmarkStart bookmarkEnd commentRangeStart commentRangeEnd permStart permEnd moveFromRangeStart "
        "moveFromRangeEnd moveToRangeStart moveToRangeEnd customXmlInsRangeStart customXmlInsRangeEnd "
        "customXmlDelRangeStart customXmlDelRangeEnd customXmlMoveFromRangeStart customXmlMoveFromRangeEnd "
        "customXmlMoveToRangeStart customXmlMoveToRangeEnd"
    ).split()
)
#: Not content and not kept: spell-check marks (they mark the source's words) and wrapper properties.
_SKIPPED = frozenset(w(name) for name in ("proofErr", "rPr", "smartTagPr", "customXmlPr"))
_READ_THROUGH = frozenset((w("smartTag"), w("customXml")))
_WRAPPERS = frozenset((w("ins"), w("moveTo"), w("dir"), w("bdo")))
#: Run properties that do not change how the text looks: the language, spell-check settings, a
#: tracked formatting change, and the complex-script variants (bold, italic, size of Arabic or
#: Hebrew script; Word adds or drops them run by run in Latin text).
_INVISIBLE = frozenset(w(name) for name in ("lang", "noProof", "rPrChange", "proofErr", "bCs", "iCs", "szCs"))
_TOGGLES = frozenset(
    w(name) for name in "b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint vanish webHidden specVanish rtl cs".split()
)
_OFF = ("0", "false", "off")
_CHARACTERS = {w("noBreakHyphen"): "\u2011", w("softHyphen"): "\u00ad"}
# Names read for every run (built once: the reader's inner loop).
_R, _T, _RPR, _HYPERLINK, _VAL, _HINT = w("r"), w("t"), w("rPr"), w("hyperlink"), w("val"), w("hint")
_NOT_CONTENT = frozenset((_RPR, w("lastRenderedPageBreak")))  # (the last rendered page break is a layout cache)
_FIELD_MARK = w("fldCharType")
_WHITE = re.compile(r"\s+")

Format = frozenset  # a run's visible formatting: frozenset of (property tag, attributes) pairs


@dataclass(frozen=True)
class Piece:
    """Text of one run (``items``: its ``w:t`` elements)."""

    text: str
    run: Element
    key: Format
    items: tuple[Element, ...] = ()


@dataclass(frozen=True)
class Inline:
    """An inline element without translatable text: what to put back, as ``(element, items)``
    pairs (a run and some of its children; or a whole element when ``items`` is None)."""

    name: str  # br, tab, img, x
    parts: tuple[tuple[Element, tuple[Element, ...] | None], ...]
    key: Format | None  # its run's formatting (None: not in a run)
    field: str = ""  # a complex field's mark: begin, separate or end


@dataclass(frozen=True)
class Wrapper:
    """An element around runs: a hyperlink (``a``), a tracked insertion or bidi embedding (``r``)."""

    name: str
    element: Element
    content: tuple["Node", ...]


Node = Union[Piece, Inline, Wrapper]


@dataclass(frozen=True)
class Slot:
    """What tag N of a unit stands for: a formatted stretch (text in ``run``'s formatting), a
    wrapper (a copy of ``element``, its text in ``run``'s formatting), or elements put back as they were."""

    name: str
    run: Element | None = None
    element: Element | None = None
    parts: tuple[tuple[Element, tuple[Element, ...] | None], ...] = ()


@dataclass(frozen=True)
class Tagged:
    """A paragraph as a unit: its text with tags, each tag's slot, and the run whose formatting
    is the paragraph's own (for the plain text of a translation)."""

    text: str
    slots: dict[int, Slot] = field(default_factory=dict)
    run: Element | None = None

    @property
    def has_words(self) -> bool:
        """Whether there is text outside the tags (a paragraph of an image alone is not a unit)."""
        return bool(TAG.sub("", self.text).strip())


def visible_format(rpr: Element | None) -> Format:
    """The run properties that change how text looks, comparable across Word's spellings."""
    if rpr is None:
        return frozenset()
    found = []
    for child in rpr:
        if not isinstance(child.tag, str) or child.tag in _INVISIBLE:
            continue
        attributes = tuple(sorted((k, v) for k, v in child.attrib.items() if "rsid" not in k and k != _HINT))
        if child.tag in _TOGGLES:
            if dict(attributes).get(_VAL, "true").lower() in _OFF:
                continue  # an explicit "off" looks like no property at all
            attributes = ()
        found.append((child.tag, attributes))
    return frozenset(found)


def read_paragraph(paragraph: Element) -> Tagged:
    """The paragraph as a unit text with tags, white space normalised (see the module's rules)."""
    nodes = merge_fields(read_content(paragraph))
    out: list[str] = []
    slots: dict[int, Slot] = {}
    own = dominant(nodes)
    _tag(nodes, own, slots, out)
    text = " ".join(_WHITE.split("".join(out))).strip()
    return Tagged(text, slots, _run_of(nodes, own))


def read_content(container: Element) -> list[Node]:
    """The content of a paragraph or of an inline wrapper, in order."""
    nodes: list[Node] = []
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in KEPT or tag in _SKIPPED:
            continue
        if tag == _R:
            nodes.extend(_read_run(child))
        elif tag in _READ_THROUGH:
            nodes.extend(read_content(child))
        elif (tag == _HYPERLINK or tag in _WRAPPERS) and (inner := tuple(merge_fields(read_content(child)))):
            nodes.append(Wrapper("a" if tag == _HYPERLINK else "r", child, inner))
        else:  # a simple field, a content control, a deletion, an equation, an empty link, anything unknown: whole
            nodes.append(Inline("x", ((child, None),), None))
    return nodes


def _read_run(run: Element) -> list[Node]:
    key = visible_format(run.find(_RPR))
    nodes: list[Node] = []
    texts: list[Element] = []

    def flush() -> None:
        if texts:
            text = "".join(_CHARACTERS.get(item.tag, item.text or "") for item in texts)
            nodes.append(Piece(text, run, key, tuple(texts)))
            texts.clear()

    for item in run:
        if not isinstance(item.tag, str) or item.tag in _NOT_CONTENT:
            continue
        if item.tag == _T or item.tag in _CHARACTERS:
            texts.append(item)
            continue
        flush()
        nodes.append(Inline(_inline_name(item), ((run, (item,)),), key, item.get(_FIELD_MARK, "")))
    flush()
    return nodes


def _inline_name(item: Element) -> str:
    tag = item.tag
    if (tag == w("br") and item.get(w("type"), "textWrapping") == "textWrapping") or tag == w("cr"):
        return "br"
    if tag in (w("tab"), w("ptab")):
        return "tab"
    if tag in (w("drawing"), w("pict")):
        return "img"
    if tag == f"{{{_MC}}}AlternateContent" and any(e.tag in (w("drawing"), w("pict")) for e in item.iter()):
        return "img"
    return "x"


def merge_fields(nodes: list[Node]) -> list[Node]:
    """A complex field, from its ``begin`` mark to its ``end`` (nested fields inside), as one ``x``."""
    merged: list[Node] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        if not (isinstance(node, Inline) and node.field == "begin"):
            merged.append(node)
            index += 1
            continue
        depth, end = 0, index
        while end < len(nodes):
            mark = getattr(nodes[end], "field", "")
            depth += 1 if mark == "begin" else -1 if mark == "end" else 0
            end += 1
            if depth == 0:
                break
        parts = tuple(part for inner in nodes[index:end] for part in _parts(inner))
        merged.append(Inline("x", parts, None))
        index = end
    return merged


def _parts(node: Node) -> tuple[tuple[Element, tuple[Element, ...] | None], ...]:
    if isinstance(node, Piece):
        return ((node.run, node.items),)
    if isinstance(node, Inline):
        return node.parts
    return ((node.element, None),)


def dominant(nodes: "list[Node] | tuple[Node, ...]") -> Format | None:
    """The formatting that covers most text among ``nodes`` (the first one on a tie), or None."""
    sizes: Counter[Format] = Counter()
    for node in nodes:
        if isinstance(node, Piece):
            sizes[node.key] += len(node.text.strip())
    if not sizes:
        return None
    best = max(sizes.values())
    return next(key for key in sizes if sizes[key] == best)  # Counter keeps first-seen order


def _run_of(nodes: "list[Node] | tuple[Node, ...]", key: Format | None) -> Element | None:
    """The first run with formatting ``key`` (else the first run) among ``nodes``."""
    pieces = [node for node in nodes if isinstance(node, Piece)]
    chosen = next((piece for piece in pieces if piece.key == key), pieces[0] if pieces else None)
    return chosen.run if chosen is not None else None


def tag_name(key: Format, own: Format | None) -> str:
    """The placeholder's name for text formatted ``key`` in a paragraph whose own formatting is ``own``."""
    own_properties = dict(own or ())
    properties = dict(key)
    if any(tag not in properties for tag in own_properties):
        return "r"  # something of the paragraph's own formatting taken away
    added = {tag: value for tag, value in properties.items() if own_properties.get(tag) != value}
    names = {tag.rsplit("}", 1)[-1] for tag in added}
    value = dict(next(iter(added.values()), ())).get(w("val"), "")
    if names == {"b"}:
        return "b"
    if names == {"i"}:
        return "i"
    if names == {"u"} and value != "none":
        return "u"
    if names == {"vertAlign"} and value in ("superscript", "subscript"):
        return "sup" if value == "superscript" else "sub"
    if names == {"rStyle"} and value.lower() in ("strong", "emphasis"):
        return "b" if value.lower() == "strong" else "i"
    return "r"


def _groups(nodes: "list[Node] | tuple[Node, ...]") -> list[list[Node]]:
    """Consecutive run content with the same formatting together; a wrapper or a whole element alone."""
    groups: list[list[Node]] = []
    for node in nodes:
        key = getattr(node, "key", None)
        if groups and key is not None and getattr(groups[-1][-1], "key", None) == key:
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def _tag(nodes: "list[Node] | tuple[Node, ...]", own: Format | None, slots: dict[int, Slot], out: list[str]) -> None:
    """Write ``nodes`` to ``out`` as text and tags, numbering the tags in ``slots`` from 1 in order."""
    for group in _groups(nodes):
        first = group[0]
        if isinstance(first, Wrapper):
            number = len(slots) + 1
            inner = dominant(first.content)
            slots[number] = Slot(first.name, _run_of(first.content, inner), first.element)
            out.append(f"<{first.name}{number}>")
            _tag(first.content, inner, slots, out)
            out.append(f"</{first.name}{number}>")
            continue
        text = "".join(node.text for node in group if isinstance(node, Piece))
        key = getattr(first, "key", None)
        if key is None or key == own or not text.strip():
            _write(group, slots, out)
            continue
        number = len(slots) + 1
        name = tag_name(key, own)
        slots[number] = Slot(name, first.run if isinstance(first, Piece) else _run_of(group, key))
        out.append(f"<{name}{number}>")
        _write(group, slots, out)
        out.append(f"</{name}{number}>")


def _write(group: list[Node], slots: dict[int, Slot], out: list[str]) -> None:
    for node in group:
        if isinstance(node, Piece):
            out.append(node.text)
        elif isinstance(node, Inline):
            number = len(slots) + 1
            slots[number] = Slot(node.name, parts=node.parts)
            out.append(f"<{node.name}{number}/>")
