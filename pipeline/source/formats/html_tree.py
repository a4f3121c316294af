"""HTML as a tree of elements that know their exact place in the source (for the ``html`` format).

Why not lxml (locked) or an HTML5 library: the writer splices translations into the original
text, so every tag, attribute value and text run must be known by its exact offset, and
neither gives that (lxml reports an element's line only, and its parser is libxml2's HTML 4
parser, not an HTML5 one; html5lib and selectolax are not in the lock).  So the standard
library's tokenizer (:class:`html.parser.HTMLParser`, which reports where each token starts
and handles comments, declarations and the raw text of ``script``/``style``) cuts the text
into tokens, and :func:`parse` builds the tree with the HTML5 tree-construction rules that
decide which element a piece of text belongs to:

* void elements (``br``, ``img``, ``meta``…) have no content and no end tag; ``<div/>`` opens
  a ``div`` (the slash means nothing on a non-void HTML element), but closes an element
  inside ``svg``/``math``;
* implied end tags: a block start (``p``, ``div``, ``ul``, ``table``, ``h1``…) closes an open
  ``p``; ``li`` closes the open ``li`` of its list, ``dt``/``dd`` each other, ``td``/``th``
  the open cell, ``tr`` the open row, ``thead``/``tbody``/``tfoot`` the open section,
  ``option`` an open ``option``, a heading an open heading, ``a`` an open ``a``;
* an end tag closes its element and everything opened inside it, unless a table cell, a
  caption, a table or a template stands between (then, and when nothing of that name is
  open, it is a stray end tag and ignored, as a browser does), but for ``</br>`` (a line
  break) and a ``</p>`` with no ``p`` open (an empty paragraph); at the end of the file every
  open element is closed;
* the text of ``title``, ``textarea``, ``iframe``, ``noscript``, ``noembed``, ``noframes``
  and ``xmp`` is text even when it looks like tags.

Not implemented: the adoption agency's re-opening of misnested formatting elements
(``<b><i>x</b>y</i>``: ``y`` is read outside the ``i``), foster parenting of text inside a
table outside its cells, and the insertion modes before ``body`` (text a browser would move
into ``body`` stays where it is written).  None of these changes which text is a unit.

Offsets are character offsets in the decoded text; lines are counted as the plain-text
segmenter counts them (LF, CRLF or CR end a line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements without content or end tag.
VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
#: Elements whose content is text even where it looks like markup (RCDATA/RAWTEXT in HTML5;
#: the tokenizer already reads script and style so).
RAW_TEXT = frozenset("title textarea iframe noscript noembed noframes xmp".split())
#: A start tag of one of these closes an open ``p`` (HTML5 "close a p element").
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul li dd dt listing xmp".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: An end tag does not reach through these to an element opened outside them ("scope").
SCOPE = frozenset("applet caption html table td th marquee object template".split())
_TABLE_SCOPE = frozenset("html table template".split())
#: Start tag → (elements it closes when open, elements that stop the search).
_IMPLIED = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "dir"}) | SCOPE),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"}) | SCOPE),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"}) | SCOPE),
    "td": (frozenset({"td", "th"}), frozenset({"tr"}) | _TABLE_SCOPE),
    "th": (frozenset({"td", "th"}), frozenset({"tr"}) | _TABLE_SCOPE),
    "tr": (frozenset({"tr"}), frozenset({"thead", "tbody", "tfoot"}) | _TABLE_SCOPE),
    "thead": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"}), _TABLE_SCOPE),
    "tbody": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"}), _TABLE_SCOPE),
    "tfoot": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"}), _TABLE_SCOPE),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"}) | SCOPE),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"}) | SCOPE),
    "a": (frozenset({"a"}), SCOPE),
}
for _heading in HEADINGS:  # a heading inside a heading: the open one ends (only the current node)
    _IMPLIED[_heading] = (HEADINGS, frozenset())
_FOREIGN = frozenset({"svg", "math"})

# The tokenizer's own patterns for a tag name and an attribute (html.parser, Python 3.11),
# copied so that attribute spans are found exactly as the tokenizer read them.
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class Attribute:
    """One attribute of a start tag: its name (lower case), its value as written and where that is.

    ``start``/``end`` are the offsets of the value without its quotes (both at the end of the
    name when there is no value); ``quote`` is ``"``, ``'`` or "" (unquoted or no value).
    """

    name: str
    raw: str
    start: int
    end: int
    quote: str
    name_start: int
    has_value: bool

    @property
    def value(self) -> str:
        """The value as a browser reads it (character references decoded)."""
        from html import unescape

        return unescape(self.raw)


@dataclass(slots=True)
class Text:
    """A run of character data (references not yet decoded): ``source[start:end]``."""

    start: int
    end: int


@dataclass(slots=True)
class Other:
    """Markup that is neither text nor an element of the tree: a comment, a declaration, a stray end tag."""

    kind: str  # "comment", "declaration", "stray"
    start: int
    end: int


@dataclass(eq=False, slots=True)
class Element:
    """An element: its start tag ``[start, open_end)``, its end tag ``[close_start, close_end)``
    (empty, at the offset where it was implied, when the source has none) and its children."""

    tag: str
    start: int
    open_end: int
    attributes: list[Attribute] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    parent: "Element | None" = None
    close_start: int = -1
    close_end: int = -1

    @property
    def explicit_end(self) -> bool:
        return self.close_end > self.close_start

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute called ``name`` (as a browser keeps the first of duplicates)."""
        return next((a for a in self.attributes if a.name == name), None)

    def value(self, name: str) -> str | None:
        found = self.attribute(name)
        return found.value if found is not None else None


Node = Element | Text | Other


@dataclass(slots=True)
class Tree:
    """The parsed document: the root (``#document``, spanning the whole text) and line lookup."""

    text: str
    root: Element
    line_starts: list[int]

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset`` (LF, CRLF and CR end lines, as in plain text)."""
        return bisect_right(self.line_starts, offset)

    def column(self, offset: int) -> int:
        return offset - self.line_starts[self.line(offset) - 1] + 1


@dataclass(slots=True)
class _Token:
    kind: str  # start, startend, end, text, comment, declaration
    start: int
    tag: str = ""
    raw: str = ""  # a start tag as written


class _Tokenizer(HTMLParser):
    """The standard library's tokenizer, recording each token's kind and start offset."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []
        # getpos() counts only LF as a line end: its own table of line starts.
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _here(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.tokens.append(_Token("start", self._here(), tag, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(_Token("startend", self._here(), tag, self.get_starttag_text() or ""))
        if tag in ("script", "style"):  # HTML5 ignores the slash: the content is still raw text
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag):
        self.tokens.append(_Token("end", self._here(), tag))

    def handle_data(self, data):
        self.tokens.append(_Token("text", self._here()))

    def handle_comment(self, data):
        self.tokens.append(_Token("comment", self._here()))

    def handle_decl(self, decl):
        self.tokens.append(_Token("declaration", self._here()))

    def handle_pi(self, data):
        self.tokens.append(_Token("declaration", self._here()))

    def unknown_decl(self, data):
        self.tokens.append(_Token("declaration", self._here()))


def attributes_of(tag_text: str, offset: int) -> list[Attribute]:
    """The attributes of a start tag written ``tag_text`` at ``offset``, with their exact spans."""
    name = _TAG_NAME.match(tag_text, 1)
    if name is None:
        return []
    found, position = [], name.end()
    while position < len(tag_text):
        match = _ATTRIBUTE.match(tag_text, position)
        if match is None or match.end() == position:
            break
        value = match.group(3)
        if match.group(2) is None:
            start = end = match.end(1)
            quote, raw = "", ""
        elif value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
            start, end = match.start(3) + 1, match.end(3) - 1
            quote, raw = value[0], value[1:-1]
        else:
            start, end, quote, raw = match.start(3), match.end(3), "", value
        found.append(
            Attribute(match.group(1).lower(), raw, offset + start, offset + end, quote, offset + match.start(1), match.group(2) is not None)
        )
        position = match.end()
    return found


def _tokens(text: str) -> list[_Token]:
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer.tokens


class _Builder:
    """Turns tokens into the tree (see the module's docstring for the rules)."""

    def __init__(self, text: str):
        self.text = text
        self.root = Element("#document", 0, 0, close_start=len(text), close_end=len(text))
        self.stack = [self.root]

    @property
    def current(self) -> Element:
        return self.stack[-1]

    def _append(self, node: Node) -> None:
        children = self.current.children
        if isinstance(node, Text) and children and isinstance(children[-1], Text) and children[-1].end == node.start:
            children[-1].end = node.end  # one text run, however the tokenizer cut it
        else:
            children.append(node)

    def _pop_to(self, element: Element, at: int, end: int) -> None:
        """Close every element above ``element`` where ``at`` is, then ``element`` with ``[at, end)``."""
        while self.stack[-1] is not element:
            closed = self.stack.pop()
            closed.close_start = closed.close_end = at
        self.stack.pop()
        element.close_start, element.close_end = at, end

    def _open(self, names: frozenset[str], stops: frozenset[str], outermost: bool = False) -> Element | None:
        """The innermost (or outermost) open element named in ``names`` that no element named in
        ``stops`` separates from the current node."""
        found = None
        for element in reversed(self.stack[1:]):
            if element.tag in names:
                found = element
                if not outermost:
                    return found
            elif element.tag in stops:
                break
        return found

    def _imply_ends(self, tag: str, at: int) -> None:
        if tag in CLOSES_P:
            paragraph = self._open(frozenset({"p"}), SCOPE | {"button"})
            if paragraph is not None:
                self._pop_to(paragraph, at, at)
        if tag in HEADINGS and self.current.tag in HEADINGS:
            self._pop_to(self.current, at, at)
        elif tag in _IMPLIED:
            closes, stops = _IMPLIED[tag]
            open_one = self._open(closes, stops, outermost=True)
            if open_one is not None:
                self._pop_to(open_one, at, at)

    def start(self, token: _Token, end: int, self_closing: bool) -> None:
        in_foreign = any(element.tag in _FOREIGN for element in self.stack)
        if token.tag in ("html", "head", "body") and any(e.tag == token.tag for e in self.stack):
            self._append(Other("stray", token.start, end))  # a second <body>: a browser merges it
            return
        if not in_foreign:
            self._imply_ends(token.tag, token.start)
        element = Element(token.tag, token.start, end, attributes_of(token.raw, token.start), parent=self.current)
        self._append(element)
        if token.tag in VOID or (self_closing and (in_foreign or token.tag in _FOREIGN)):
            element.close_start = element.close_end = end
        else:
            self.stack.append(element)

    def end(self, token: _Token, end: int) -> None:
        stops = _TABLE_SCOPE if token.tag in ("table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption") else SCOPE
        if token.tag in ("li",):
            stops = stops | {"ul", "ol"}
        element = None if token.tag in VOID else self._open(frozenset({token.tag}), stops - {token.tag})
        if element is not None:
            self._pop_to(element, token.start, end)
        elif token.tag in ("br", "p"):
            # HTML5: </br> is a line break, and a </p> with no p open an empty paragraph (a break).
            if token.tag == "p":
                self._imply_ends("p", token.start)
            self._append(Element(token.tag, token.start, token.start, parent=self.current, close_start=token.start, close_end=end))
        else:
            self._append(Other("stray", token.start, end))

    def feed(self, token: _Token, end: int) -> None:
        raw = self.current.tag in RAW_TEXT
        if token.kind == "text" or (raw and not (token.kind == "end" and token.tag == self.current.tag)):
            self._append(Text(token.start, end))
        elif token.kind in ("start", "startend"):
            self.start(token, end, token.kind == "startend")
        elif token.kind == "end":
            self.end(token, end)
        else:
            self._append(Other(token.kind, token.start, end))

    def finish(self) -> Element:
        while len(self.stack) > 1:
            closed = self.stack.pop()
            closed.close_start = closed.close_end = len(self.text)
        return self.root


def parse(text: str) -> Tree:
    """The tree of ``text`` (an HTML document, decoded), every node with its exact source span."""
    tokens = _tokens(text)
    builder = _Builder(text)
    for index, token in enumerate(tokens):
        end = tokens[index + 1].start if index + 1 < len(tokens) else len(text)
        builder.feed(token, end)
    root = builder.finish()
    starts = [0] + [match.end() for match in _LINE_END.finditer(text)]
    return Tree(text, root, starts)
