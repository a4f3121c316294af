"""HTML: the text of a web page's blocks as units, written back into the page untouched around them.

What is a unit and what is not: :mod:`pipeline.source.formats.html_units`.  How the page is
parsed (the standard library's tokenizer and the HTML5 tree rules that matter for which
text belongs to which block, not lxml): :mod:`pipeline.source.formats.html_tree`.  Which
encoding it is in: :mod:`pipeline.source.formats.html_encoding`.

The writer splices into the original text, never re-serialises a tree: a unit shipped as its
own text keeps its original bytes (entities, line breaks, attribute quoting), so a catalog
that translates every entry to itself gives back the page byte for byte but for the root's
``lang`` and ``dir`` (and a UTF-8 byte order mark, which the reader removes).  A translated
unit is escaped (``&``, ``<``, ``>``; in an attribute also both quotes) and its placeholders
become the source's own tags again (``<a1>`` → ``<a href="…" class="x">``, ``</a1>`` → ``</a>``,
``<br2/>`` → the whole element as written), in the order the translation has them; one whose
placeholders do not match its unit's ships as the unit's source text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.inline_tags import CLOSE, EMPTY, OPEN, inline_tags, tag_problems
from pipeline.core.model import Decision, Document, Segmentation, Unit
from pipeline.source.formats.html_encoding import declared_encoding, decode_html, encode_html
from pipeline.source.formats.html_tree import Element, Other, Tree, parse
from pipeline.source.formats.html_units import PLACEHOLDER_NAMES, Extraction, Piece, extract
from pipeline.core.collector import collector_paused

#: Scripts written right to left (ISO 15924), and languages written so when no script is given.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr", "mend", "yezi"})
RTL_LANGUAGES = frozenset("ar arc azb bal bqi ckb dv fa glk he iw khw ks ku-arab lrc mzn nqo pnb prs ps sd sdh syr ug ur yi".split())


def language_tag(locale: str) -> str:
    """A BCP 47 language tag for a gettext-style locale: ``pt_BR`` → ``pt-BR``,
    ``sr@latin`` → ``sr-Latn``, ``az_AZ.UTF-8`` → ``az-AZ``."""
    base, _, modifier = locale.partition("@")
    parts = [part for part in base.split(".")[0].replace("_", "-").split("-") if part]
    script = {"latin": "Latn", "cyrillic": "Cyrl"}.get(modifier.lower())
    if script and len(parts) >= 1:
        parts.insert(1, script)
    return "-".join(parts)


def text_direction(locale: str) -> str:
    """``rtl`` for a locale written right to left, else ``ltr``.

    The rule: a script subtag decides (``Arab``, ``Hebr``, ``Thaa``, ``Syrc``, ``Nkoo``…
    are right to left; any other, ``az-Latn``, ``pa-Guru``, left to right); without one, the
    language does (Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Yiddish, Dhivehi,
    Sorani Kurdish, South Azerbaijani…).  No CLDR data is read.
    """
    parts = [part.lower() for part in language_tag(locale).split("-")]
    scripts = [part for part in parts[1:] if len(part) == 4 and part.isalpha()]
    if scripts:
        return "rtl" if scripts[0] in RTL_SCRIPTS else "ltr"
    return "rtl" if parts and parts[0] in RTL_LANGUAGES else "ltr"


def _reason(piece: Piece) -> str:
    """Why a candidate is a unit, for ``--explain``."""
    if piece.where == "raw":
        return "<title>: the page's title"
    if piece.where == "attribute":
        return f"{piece.block[1:]} attribute" if piece.block != "@content" else '<meta name="description">: the page\'s description'
    return f"<{piece.block}>: text of a block" + (f" ({piece.kind})" if piece.kind != "paragraph" else "")


def _parsed(document: Document) -> tuple[Tree, Extraction]:
    """The page's tree and its unit candidates (both the segmenter and the writer start here)."""
    # The tree is many small objects linked to their parents: the cyclic garbage collector would
    # walk them again and again while they are built (a third of the time on a 1.6 MB page).
    try:
        with collector_paused():
            tree = parse(document.text)
            return tree, extract(tree)
    except InputError as error:
        raise InputError(document.path, error.problem, error.hint) from None


class Html:
    """The ``html`` format (``.html``, ``.htm``)."""

    name = "html"
    summary = (
        "block text (p, h1-h6, li, td…), <title>, alt/title attributes and meta description are units, inline "
        "markup as <a1>…</a1> placeholders; script, style, code, pre, translate=no, comments, navigation, "
        "sidebars, share/related/comment blocks and footers are not"
    )
    binary = False

    def decode(self, path: Path, data: bytes) -> Document:
        """The page decoded as a browser would (see :mod:`~pipeline.source.formats.html_encoding`)."""
        return Document(path=path, text=decode_html(path, data), format=self.name)

    def segment(self, document: Document, names: frozenset[str]) -> Segmentation:
        """The page's units in document order, a decision for each and for every block left out.

        ``names`` is not needed: a page's blocks are written as elements, so there is no
        paragraph broken by a stray blank line to mend.
        """
        tree, found = _parsed(document)
        units, decisions = [], []
        for piece in found.pieces:
            line = tree.line(piece.start)
            if piece.dropped:
                decisions.append((piece.start, Decision(line, "drop", piece.dropped, piece.text)))
            else:
                anchors = tuple((offset, tree.line(at), tree.column(at)) for offset, at in piece.words)
                units.append(Unit(text=piece.text, line=line, kind=piece.kind, anchors=anchors))
                decisions.append((piece.start, Decision(line, "unit", _reason(piece), piece.text)))
        for dropped in found.dropped:
            decisions.append((dropped.start, Decision(tree.line(dropped.start), "drop", dropped.reason, dropped.text)))
        decisions.sort(key=lambda pair: pair[0])
        return Segmentation(document=document, units=tuple(units), decisions=tuple(d for _, d in decisions))

    def render(self, document: Document, shipped: Sequence[str], locale: str) -> bytes:
        """The page with ``shipped[i]`` in place of unit ``i`` and its root's lang/dir set for ``locale``,
        in the page's own encoding."""
        tree, found = _parsed(document)
        pieces = [piece for piece in found.pieces if not piece.dropped]
        if len(shipped) != len(pieces):
            raise ValueError(f"{document.path}: {len(shipped)} texts shipped for {len(pieces)} units")
        edits = [_Edit(piece.start, piece.end, piece, text) for piece, text in zip(pieces, shipped) if _translated(piece.text, text)]
        edits.append(_root_edit(tree, locale))
        # In document order; at one offset an insertion (the <html> tag a page lacks) first, then
        # the widest edit, which writes any edit inside it itself.
        writer = _Writer(document.text, sorted(edits, key=lambda edit: (edit.start, edit.end > edit.start, -edit.end)))
        return encode_html(writer.render(0, len(document.text)), declared_encoding(document.text))


def _translated(source: str, text: str) -> bool:
    """Whether ``text`` replaces ``source``: it differs, and its placeholders match (else the source ships)."""
    return text != source and not tag_problems(source, text)


@dataclass
class _Edit:
    """A span of the source replaced: by a shipped text (``piece``) or by fixed text (``fixed``)."""

    start: int
    end: int
    piece: Piece | None = None
    text: str = ""
    fixed: str | None = None


def escape_text(text: str) -> str:
    """Text for an HTML text position: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    """Text for a quoted attribute value: also both quotes escaped."""
    return escape_text(text).replace('"', "&quot;").replace("'", "&#39;")


class _Writer:
    """The source with the edits applied; a placeholder's tags are written with the edits inside them."""

    def __init__(self, source: str, edits: list[_Edit]):
        self.source = source
        self.edits = edits
        self.starts = [edit.start for edit in edits]

    def render(self, start: int, end: int) -> str:
        """``source[start:end]`` with every edit inside it applied (an edit inside another is the outer one's to write)."""
        out, cursor = [], start
        for index in range(bisect_left(self.starts, start), len(self.edits)):
            edit = self.edits[index]
            if edit.start > end:
                break
            if edit.start < cursor or edit.end > end:
                continue
            out.append(self.source[cursor : edit.start])
            out.append(self.replacement(edit))
            cursor = edit.end
        out.append(self.source[cursor:end])
        return "".join(out)

    def replacement(self, edit: _Edit) -> str:
        if edit.fixed is not None:
            return edit.fixed
        piece = edit.piece
        assert piece is not None
        if piece.where == "attribute":
            value = escape_attribute(edit.text)
            return value if piece.quote else f'"{value}"'
        if piece.where == "raw":
            return escape_text(edit.text)
        return self.run(edit.text, piece.placeholders)

    def run(self, text: str, placeholders: Sequence[Element]) -> str:
        """A translated run: text escaped, each placeholder tag written as the source's tag it stands for."""
        out, position = [], 0
        for tag in inline_tags(text):
            out.append(escape_text(text[position : tag.start]))
            element = _placeholder(tag.name, tag.number, placeholders)
            if element is None:  # text that only looks like a tag (the source's "&lt;b9/&gt;"): text
                out.append(escape_text(text[tag.start : tag.end]))
            elif tag.kind == OPEN:
                out.append(self.render(element.start, element.open_end))
            elif tag.kind == CLOSE:
                explicit = element.close_end > element.close_start
                out.append(self.render(element.close_start, element.close_end) if explicit else f"</{element.tag}>")
            elif tag.kind == EMPTY:
                out.append(self.render(element.start, max(element.close_end, element.open_end)))
            position = tag.end
        out.append(escape_text(text[position:]))
        return "".join(out)


def _placeholder(name: str, number: int, placeholders: Sequence[Element]) -> Element | None:
    """The element placeholder ``<nameN>`` stands for, or None when the unit has no such placeholder."""
    if not 1 <= number <= len(placeholders):
        return None
    element = placeholders[number - 1]
    return element if PLACEHOLDER_NAMES.get(element.tag, "x") == name else None


def _first_html(root: Element) -> Element | None:
    """The first ``<html>`` element written in the page (normally the root's child)."""
    stack = [root]
    while stack:
        element = stack.pop()
        if element.tag == "html":
            return element
        stack.extend(reversed([child for child in element.children if isinstance(child, Element)]))
    return None


def _root_edit(tree: Tree, locale: str) -> _Edit:
    """The root ``<html>`` tag with ``lang`` and ``dir`` set (added when absent, replaced when present)."""
    tag, direction = language_tag(locale), text_direction(locale)
    root = _first_html(tree.root)
    if root is None:  # no <html> tag written: one after the doctype, where a browser implies it
        after = next((node.end for node in tree.root.children if isinstance(node, Other) and node.kind == "declaration"), 0)
        return _Edit(after, after, fixed=f'<html lang="{tag}" dir="{direction}">')
    source = tree.text
    wanted = {"lang": tag, "xml:lang": tag, "dir": direction}
    pieces, cursor, seen = [], root.start, set()
    for attribute in root.attributes:
        if attribute.name in wanted and attribute.name not in seen:
            seen.add(attribute.name)
            pieces.append(source[cursor : attribute.name_start])
            pieces.append(f'{source[attribute.name_start : attribute.name_start + len(attribute.name)]}="{wanted[attribute.name]}"')
            cursor = attribute.end + (1 if attribute.quote else 0)
    closing = root.open_end - (2 if source[root.open_end - 2 : root.open_end] == "/>" else 1)
    pieces.append(source[cursor:closing])
    pieces.extend(f' {name}="{wanted[name]}"' for name in ("lang", "dir") if name not in seen)
    pieces.append(source[closing : root.open_end])
    return _Edit(root.start, root.open_end, fixed="".join(pieces))


FORMAT = Html()
