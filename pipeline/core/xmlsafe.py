"""Reading XML written by other tools, safely, with the line of every element.

The one place where an expat parser is set up for files from elsewhere (XLIFF and TMX in
:mod:`pipeline.exchange`, TBX in :mod:`pipeline.glossary.tbx_import`): a document type
declaration is allowed (TMX files from OmegaT name ``tmx14.dtd``, TBX 2008 files name theirs)
but never loaded, and any ENTITY declaration ("billion laughs", external entities) or
reference to an undeclared entity is refused with an InputError, so a file can neither expand
without limit nor read another file.  :func:`safe_parser` makes such a parser and
:func:`input_errors` turns its refusals and syntax errors into one-line InputErrors;
:func:`parse` uses both to build a whole element tree (the TBX import streams instead).

Element and attribute names keep their namespace in ElementTree's ``{uri}local`` spelling
(``xml:lang`` is ``{http://www.w3.org/XML/1998/namespace}lang``): memoQ's ``mq:status`` and
XLIFF's own ``state`` must not be confused.  :func:`local` gives the name without it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator
from xml.parsers import expat

from pipeline.core.errors import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"

#: Characters XML 1.0 cannot carry, not even as character references.
INVALID_XML_CHARS = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF))


class Refused(Exception):
    """Raised by a parser's handlers to stop parsing; :func:`input_errors` makes it an InputError."""

    def __init__(self, problem: str, hint: str, line: int):
        super().__init__(problem)
        self.problem, self.hint, self.line = problem, hint, line


def _name(raw: str) -> str:
    """expat's ``uri}local`` (with namespace_separator "}") as ElementTree's ``{uri}local``."""
    return "{" + raw if "}" in raw else raw


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is an InputError."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}", "check the path") from None


def safe_parser(what: str = "file") -> expat.XMLParserType:
    """An expat parser that loads no DTD and refuses entity declarations and undeclared references.

    Names come as ``uri}local`` (namespace separator ``}``; :func:`_name` makes them
    ``{uri}local``) and text is buffered.  The caller sets the element and character handlers;
    the entity handlers set here raise :class:`Refused` (``what`` names the file in the hint:
    "export the TBX again ...").  Parse inside :func:`input_errors`.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    # An entity declaration is refused whether it would be used or not: checking uses would
    # mean expanding them, which is the attack ("billion laughs").
    def refuse_entity(name: str, *args: object) -> None:
        raise Refused(
            f"the file declares the XML entity '{name}'; entity declarations are refused "
            "(they can expand without limit or read other files)",
            f"export the {what} again without a DOCTYPE internal subset",
            parser.CurrentLineNumber,
        )

    def refuse_reference(name: str, *args: object) -> None:
        raise Refused(f"reference to the undeclared entity '&{name};'", "write the character itself", parser.CurrentLineNumber)

    def refuse_external(context: str, base: str | None, system_id: str | None, public_id: str | None) -> int:
        raise Refused(f"the file refers to an external entity ({system_id})", "remove the reference", parser.CurrentLineNumber)

    parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = refuse_entity
    parser.SkippedEntityHandler = refuse_reference
    parser.ExternalEntityRefHandler = refuse_external
    return parser


@contextmanager
def input_errors(path: Path) -> Iterator[None]:
    """Turn :class:`Refused` and malformed XML raised inside the block into one-line InputErrors on ``path``."""
    try:
        yield
    except Refused as error:
        raise InputError(path, error.problem, error.hint, line=error.line) from None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        raise InputError(
            path, f"not well-formed XML: {message} (column {error.offset + 1})", "fix the XML, or export the file again", line=error.lineno
        ) from None


def parse(path: Path, data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse ``data`` (the bytes of ``path``) into an element tree and each element's line.

    Raises InputError with the line for malformed XML and for entity declarations or references.
    """
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = safe_parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(_name(tag), {_name(k): v for k, v in attrs.items()})
        lines[element] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_name(tag))
    parser.CharacterDataHandler = builder.data
    with input_errors(path):
        parser.Parse(data, True)
    return builder.close(), lines


def local(name: str) -> str:
    """``{uri}local`` → ``local``."""
    return name.rsplit("}", 1)[-1]


def namespace(name: str) -> str:
    """``{uri}local`` → ``uri`` ("" for a name without one)."""
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Direct children with local name ``name`` (never descendants: memoQ keeps old versions of
    a unit's source and target inside ``mq:historical-unit``, and ``alt-trans`` holds matches)."""
    return (child for child in element if local(child.tag) == name)


def child(element: ET.Element, name: str) -> ET.Element | None:
    """The first direct child with local name ``name``."""
    return next(children(element, name), None)


def attribute(element: ET.Element, name: str) -> str | None:
    """An attribute by local name, in no namespace or any (``mq:status``, ``sdl:conf``)."""
    if name in element.attrib:
        return element.attrib[name]
    return next((value for key, value in element.attrib.items() if local(key) == name), None)


def indent(element: ET.Element, content: frozenset[str], level: int = 0) -> None:
    """Pretty-print the structure below ``element`` without touching text content.

    ``ET.indent`` would rewrite white space inside elements that hold text and children
    (``<source>a <cp/> b</source>``); elements named in ``content`` are left exactly as built.
    """
    if local(element.tag) in content or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for item in element:
        indent(item, content, level + 1)
        item.tail = inner
    element[-1].tail = "\n" + "  " * level
