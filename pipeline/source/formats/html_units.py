"""Which text of an HTML page is a unit, and where each unit lives in the source (for the ``html`` format).

* **Units**: each run of text and inline elements directly inside a block element (``p``,
  ``h1``–``h6``, ``li``, ``td``, ``th``, ``dt``, ``dd``, ``caption``, ``figcaption``, and the
  text of a ``div``, ``section`` or ``blockquote`` outside its child blocks); the ``<title>``;
  ``alt`` and ``title`` attributes; ``<meta name="description" content>``.  Inline elements
  become numbered placeholders (:mod:`pipeline.core.inline_tags`): ``<a1>…</a1>`` around
  their text, ``<br2/>`` for one without text (``br``, ``img``, an empty ``span``) or whose
  content is not translated (inline ``code``, ``kbd``, ``samp``, ``script``, ``svg``, anything
  under ``translate="no"`` or class ``notranslate``), which it stands for whole.
* **Not units**: ``script``, ``style``, ``template``, ``noscript``, ``pre``, ``code``, form
  controls, embedded content (``svg``, ``iframe``, ``video``…), HTML comments, anything
  under ``translate="no"``; and a page's furniture: ``nav``, ``aside``, ``form``, ``footer``,
  a ``header`` outside ``article``/``main``, ARIA landmarks for the same (``navigation``,
  ``banner``, ``contentinfo``, ``complementary``, ``search``), and elements whose class or id
  name furniture (:data:`FURNITURE_WORDS`: menu, nav, sidebar, widget, share, social, related,
  comment, reply, breadcrumb, footer, cookie…).  Then the plain-text segmenter's furniture
  rules on what is left: a block where fewer than half the tokens are words (a widget), a
  list whose items are only links (a link list), and short blocks without a sentence after
  the last paragraph (a credit line: "News.Az") — not headings, list items or table cells.
* Unit text: character references decoded, white space (U+00A0 from ``&nbsp;`` included, as
  the plain-text segmenter counts it) collapsed to single spaces, stripped.  Kinds: the
  ``<title>`` and the first ``h1`` are titles, other headings headings, the rest paragraphs.
  A unit's line is the line of its first character in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html import unescape

from pipeline.core.errors import InputError
from pipeline.core.inline_tags import without_tags
from pipeline.core.model import HEADING, PARAGRAPH, TITLE
from pipeline.source.formats.html_tree import HEADINGS, Element, Other, Text, Tree
from pipeline.source.segment import _is_short_fragment, _is_widget

#: Elements that are blocks: their text is a unit of its own (everything else is inline).
BLOCKS = frozenset(
    "html head body address article aside blockquote center details dialog dir div dl dt dd fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table caption "
    "colgroup col thead tbody tfoot tr td th ul legend optgroup option title meta link base frameset frame".split()
)
#: Elements whose content is not translated (inline, one placeholder for the whole element).
OPAQUE = {
    "script": "program code",
    "style": "a style sheet",
    "template": "a template, not shown",
    "noscript": "shown only without scripts",
    "pre": "preformatted text (code)",
    "code": "code",
    "kbd": "keyboard input",
    "samp": "program output",
    "textarea": "a form control",
    "select": "a form control",
    "iframe": "embedded content",
    "object": "embedded content",
    "embed": "embedded content",
    "svg": "a drawing",
    "math": "a formula",
    "canvas": "embedded content",
    "video": "embedded content",
    "audio": "embedded content",
}
#: Placeholder names by element; any other inline element is ``x``.
PLACEHOLDER_NAMES = {tag: tag for tag in "a b i em strong span sup sub br img".split()}
#: Furniture by element name (a ``header`` only outside ``article``/``main``).
FURNITURE_TAGS = {
    "nav": "navigation",
    "aside": "a sidebar (aside)",
    "form": "a form",
    "footer": "a footer",
    "header": "the site's header",
}
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar"})
#: Words of a class or id that name page furniture (compared whole: "share-buttons", "comments-area").
FURNITURE_WORDS = frozenset(
    "menu menus nav navbar navigation sidebar widget widgets share sharing social related comment comments reply "
    "respond breadcrumb breadcrumbs footer cookie cookies banner masthead header subscribe newsletter popup "
    "pagination pager advert advertisement ads tags byline print scroll backtotop skip".split()
)
_ARTICLE = frozenset({"article", "main"})
#: Elements whose ``title`` is not shown to a reader (a style sheet's name, a feed's).
_NO_ATTRIBUTE_UNITS = frozenset({"html", "head", "body", "link", "meta", "base", "style", "script"})
_WORD = re.compile(r"[a-z]+")


@dataclass
class Piece:
    """A unit candidate: its text and where it lives (``where``: ``run``, ``raw`` or ``attribute``)."""

    text: str
    start: int
    end: int
    where: str
    block: str  # the nearest block's tag ("p", "li", "h2"…), "title", or "@alt"…
    placeholders: tuple[Element, ...] = ()
    quote: str = ""
    kind: str = PARAGRAPH
    dropped: str = ""  # why a text rule left it out ("" while it is a unit)
    link_only: bool = False
    container: Element | None = None
    words: tuple[tuple[int, int], ...] = ()  # (offset in text, offset in the source) of each word


@dataclass
class Dropped:
    """A block left out, for ``--explain``: where it starts, why, and its text."""

    start: int
    reason: str
    text: str


@dataclass
class Extraction:
    """Every unit candidate and every block left out, in document order."""

    pieces: list[Piece] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def normalised(text: str) -> str:
    """White space (U+00A0 included) collapsed to single spaces, stripped."""
    return " ".join(text.split())


def blank(raw: str) -> bool:
    """Whether source text holds only white space once its references are decoded (``&nbsp;``)."""
    return not raw or raw.isspace() or (("&" in raw) and unescape(raw).isspace())


def _class_words(element: Element) -> set[str]:
    names = " ".join(value for value in (element.value("class"), element.value("id")) if value)
    # "share-buttons", "commentsArea", "site_footer" → share, buttons, comments, area, site, footer
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", names).lower()
    return set(_WORD.findall(spaced)) | set(spaced.replace("-", "").replace("_", "").split())


def not_translated(element: Element) -> str | None:
    """Why ``element``'s content is not translated (code, a script, translate="no"…), or None."""
    if element.tag in OPAQUE:
        return f"<{element.tag}>: {OPAQUE[element.tag]}, not translated"
    if (element.value("translate") or "").strip().lower() == "no":
        return 'translate="no": marked not to be translated'
    if "notranslate" in (element.value("class") or "").split():
        return 'class "notranslate": marked not to be translated'
    return None


def furniture(element: Element, in_article: bool) -> str | None:
    """Why ``element`` is page furniture (navigation, sidebar, share links, comments…), or None."""
    if element.tag in FURNITURE_TAGS and (element.tag != "header" or not in_article):
        return f"<{element.tag}>: {FURNITURE_TAGS[element.tag]}, page furniture"
    role = (element.value("role") or "").strip().lower()
    if role in FURNITURE_ROLES:
        return f'role="{role}": page furniture'
    if element.tag in ("html", "body", "main", "article") or element.tag in HEADINGS:
        return None
    words = _class_words(element) & FURNITURE_WORDS
    if words and not (in_article and words <= {"header", "masthead"}):
        return f"class or id names page furniture ({', '.join(sorted(words))})"
    return None


class _TextOf:
    """Whether an element holds text of its own to translate (cached per element)."""

    def __init__(self, source: str):
        self.source = source
        self.cache: dict[int, bool] = {}

    def __call__(self, element: Element) -> bool:
        key = id(element)
        if key not in self.cache:
            self.cache[key] = not_translated(element) is None and any(
                (isinstance(child, Text) and not blank(self.source[child.start : child.end]))
                or (isinstance(child, Element) and self(child))
                for child in element.children
            )
        return self.cache[key]


def flat_text(source: str, element: Element) -> str:
    """All the text under ``element``, normalised (for a dropped block's ``--explain`` line)."""
    pieces: list[str] = []
    stack: list = [element]
    size = 0
    while stack and size < 400:  # enough for the line --explain shows, however big the block
        node = stack.pop()
        if isinstance(node, Text):
            pieces.append(unescape(source[node.start : min(node.end, node.start + 400)]))
            size += len(pieces[-1].strip())
        elif isinstance(node, Element):
            pieces.append(" ")
            stack.extend(reversed(node.children))
    return normalised("".join(pieces))[:300]


def _is_block(element: Element, has_block: dict[int, bool]) -> bool:
    """A block, or an inline element holding a block (``<a><div>…</div></a>``): its runs are cut at its tags."""
    return element.tag in BLOCKS or has_block.get(id(element), False)


def _blocks_inside(root: Element) -> dict[int, bool]:
    """For every inline element, whether a block element is under it (content not translated aside)."""
    found: dict[int, bool] = {}
    order: list[Element] = []
    stack = [root]
    while stack:
        element = stack.pop()
        order.append(element)
        if element.tag not in OPAQUE:
            stack.extend(child for child in element.children if isinstance(child, Element))
    for element in reversed(order):  # children before their parents
        found[id(element)] = any(
            isinstance(child, Element) and (child.tag in BLOCKS or found.get(id(child), False)) for child in element.children
        )
    return found


#: A character reference, as :func:`html.unescape` finds them.
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def decode_with_offsets(raw: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``raw`` with its character references decoded, and for each reference ``(decoded start,
    decoded end, raw start, raw end)``, so an offset in the decoded text leads back to the source."""
    if "&" not in raw:
        return raw, []
    parts, breaks, cursor, length = [], [], 0, 0
    for match in _REFERENCE.finditer(raw):
        parts.append(raw[cursor : match.start()])
        length += match.start() - cursor
        character = unescape(match.group())
        breaks.append((length, length + len(character), match.start(), match.end()))
        parts.append(character)
        length += len(character)
        cursor = match.end()
    parts.append(raw[cursor:])
    return "".join(parts), breaks


def source_offset(breaks: list[tuple[int, int, int, int]], offset: int) -> int:
    """The raw offset of decoded ``offset`` (see :func:`decode_with_offsets`): a reference's
    characters all lead to its ``&``."""
    index = bisect_right([start for start, *_ in breaks], offset) - 1 if breaks else -1
    if index < 0:
        return offset
    start, end, raw_start, raw_end = breaks[index]
    return raw_start if offset < end else raw_end + offset - end


class Assembler:
    """Builds a unit's normalised text piece by piece (as ``" ".join(text.split())`` would give it)
    and remembers where each word starts in the source, for the unit's anchors."""

    _RAW_WORD = re.compile(r"\S+")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = False
        self.words: list[tuple[int, int]] = []  # (offset in the unit text, offset in the source)

    def space(self) -> None:
        self.pending = self.length > 0

    def _put(self, text: str) -> None:
        if self.pending:
            self.parts.append(" ")
            self.length += 1
            self.pending = False
        self.parts.append(text)
        self.length += len(text)

    def tag(self, token: str) -> None:
        self._put(token)

    def source_text(self, raw: str, start: int) -> None:
        """Text as written at ``start`` in the source: references decoded, white space (``&nbsp;`` too) collapsed."""
        decoded, breaks = decode_with_offsets(raw)
        if decoded[:1].isspace():
            self.space()
        for match in self._RAW_WORD.finditer(decoded):
            if match.start() > 0:  # (a word after the first follows white space)
                self.space()
            self.words.append((self.length + (1 if self.pending else 0), start + source_offset(breaks, match.start())))
            self._put(match.group())
        if decoded[-1:].isspace():
            self.space()

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Run:
    """Builds one run's unit text: text decoded, inline elements as numbered placeholders."""

    def __init__(self, source: str, has_text: _TextOf):
        self.source = source
        self.has_text = has_text
        self.out = Assembler()
        self.placeholders: list[Element] = []
        self.first = -1
        self.last = -1
        self.links = 0
        self.text_outside_links = False

    def _mark(self, start: int, end: int) -> None:
        if self.first < 0:
            self.first = start
        self.last = max(self.last, end)

    def text(self, node: Text, in_link: bool) -> None:
        raw = self.source[node.start : node.end]
        if blank(raw):
            if raw:
                self.out.space()
            return
        stripped = raw.lstrip()
        self._mark(node.start + len(raw) - len(stripped), node.start + len(raw.rstrip()))
        self.out.source_text(raw, node.start)
        self.text_outside_links = self.text_outside_links or (not in_link and bool(_WORD.search(unescape(raw).lower())))

    def element(self, element: Element, in_link: bool) -> None:
        name = PLACEHOLDER_NAMES.get(element.tag, "x")
        self.placeholders.append(element)
        number = len(self.placeholders)
        self._mark(element.start, element.close_end)
        if element.tag in ("br", "img") or not self.has_text(element):
            self.out.tag(f"<{name}{number}/>")
            return
        self.links += element.tag == "a"
        self.out.tag(f"<{name}{number}>")
        for child in element.children:
            self.node(child, in_link or element.tag == "a")
        self.out.tag(f"</{name}{number}>")

    def node(self, node, in_link: bool = False) -> None:
        if isinstance(node, Text):
            self.text(node, in_link)
        elif isinstance(node, Element):
            self.element(node, in_link)


def _block_of(container: Element) -> str:
    """The tag of the nearest block at or above ``container`` (a heading wins over an inline around it)."""
    node: Element | None = container
    while node is not None and node.tag not in BLOCKS:
        node = node.parent
    return node.tag if node is not None else "#document"


class Walker:
    """One pass over the tree collecting unit candidates and dropped blocks (document order is restored by sorting)."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self.source = tree.text
        self.has_text = _TextOf(tree.text)
        self.has_block = _blocks_inside(tree.root)
        self.found = Extraction()

    def drop(self, element: Element, reason: str) -> None:
        self.found.dropped.append(Dropped(element.start, reason, flat_text(self.source, element)))

    def visit(self, element: Element, in_article: bool) -> None:
        reason = furniture(element, in_article) or not_translated(element)
        if reason:
            if element.tag not in ("script", "style") or element.children:
                self.drop(element, reason)
            return
        self.attributes(element)
        if element.tag == "title":
            self.raw_text(element)
            return
        self.children(element, in_article or element.tag in _ARTICLE)

    def children(self, element: Element, in_article: bool) -> None:
        run: list = []
        for child in element.children:
            # A block cuts the run; so does an inline element naming furniture ("skip-link"), dropped whole.
            if isinstance(child, Element) and (_is_block(child, self.has_block) or furniture(child, in_article)):
                self.flush(run, element)
                run = []
                self.visit(child, in_article)
            else:
                run.append(child)
        self.flush(run, element)

    def flush(self, run: list, container: Element) -> None:
        builder = _Run(self.source, self.has_text)
        for node in run:
            builder.node(node)
            if isinstance(node, Element):
                self.inline_extras(node)
            elif isinstance(node, Other) and node.kind == "comment":
                self.found.dropped.append(Dropped(node.start, "HTML comment", normalised(self.source[node.start + 4 : node.end - 3])))
        text = builder.out.text
        if builder.first < 0 or not without_tags(text).strip():
            return
        piece = Piece(text, builder.first, builder.last, "run", _block_of(container), tuple(builder.placeholders), container=container)
        piece.words = tuple(builder.out.words)
        piece.link_only = builder.links > 0 and not builder.text_outside_links
        self.found.pieces.append(piece)

    def inline_extras(self, element: Element) -> None:
        """Attribute units and decisions inside an inline element of a run."""
        reason = not_translated(element)
        if reason:
            if element.children:
                self.drop(element, reason)
            return
        self.attributes(element)
        for child in element.children:
            if isinstance(child, Element):
                self.inline_extras(child)

    def raw_text(self, element: Element) -> None:
        raw = self.source[element.open_end : element.close_start]
        words = Assembler()
        words.source_text(raw, element.open_end)
        if words.text:
            start = element.open_end + len(raw) - len(raw.lstrip())
            end = element.open_end + len(raw.rstrip())
            self.found.pieces.append(Piece(words.text, start, end, "raw", "title", kind=TITLE, words=tuple(words.words)))

    def attributes(self, element: Element) -> None:
        names = ["alt", "title"] if element.tag not in _NO_ATTRIBUTE_UNITS else []
        if element.tag == "meta" and (element.value("name") or "").strip().lower() == "description":
            names = ["content"]
        for name in names:
            attribute = element.attribute(name)
            if attribute is not None and attribute.has_value:
                words = Assembler()
                words.source_text(attribute.raw, attribute.start)
                if words.text:
                    piece = Piece(words.text, attribute.start, attribute.end, "attribute", f"@{name}", quote=attribute.quote)
                    piece.words = tuple(words.words)
                    self.found.pieces.append(piece)


def _apply_text_rules(pieces: list[Piece]) -> None:
    """The plain-text segmenter's furniture rules, on the blocks the tree rules kept."""
    for piece in pieces:
        if piece.where == "run" and _is_widget(without_tags(piece.text)):
            piece.dropped = "widget: fewer than half of its tokens are words"
    lists: dict[int, list[Piece]] = {}
    for piece in pieces:
        if piece.block == "li" and piece.container is not None and piece.container.parent is not None:
            lists.setdefault(id(piece.container.parent), []).append(piece)
    for items in lists.values():
        if len(items) >= 2 and all(item.link_only for item in items):
            for item in items:
                item.dropped = item.dropped or "link list: a list whose items are only links"
    runs = [piece for piece in pieces if piece.where == "run" and not piece.dropped]
    prose = [i for i, piece in enumerate(runs) if not _is_short_fragment(without_tags(piece.text))]
    if prose:
        for piece in runs[prose[-1] + 1 :]:
            if piece.block not in HEADINGS | {"li", "td", "th", "dt", "dd", "caption", "figcaption", "title"}:
                piece.dropped = "footer: a short line without a sentence after the last paragraph"


def _assign_kinds(pieces: list[Piece]) -> None:
    titled = False
    for piece in pieces:
        if piece.dropped or piece.where != "run":
            continue
        if piece.block == "h1" and not titled:
            piece.kind, titled = TITLE, True
        elif piece.block in HEADINGS:
            piece.kind = HEADING


def extract(tree: Tree) -> Extraction:
    """Every unit candidate of the page (``dropped`` says why one is not a unit) and every block left out, in order."""
    walker = Walker(tree)
    try:
        walker.visit(tree.root, False)
    except RecursionError:
        raise InputError(None, "elements nested too deep to read", "close the page's open inline tags") from None
    found = walker.found
    found.pieces.sort(key=lambda piece: piece.start)
    found.dropped.sort(key=lambda dropped: dropped.start)
    _apply_text_rules(found.pieces)
    _assign_kinds(found.pieces)
    return found
