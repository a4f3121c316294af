"""The .docx package: opening it safely, finding its main part and styles, writing it back.

A .docx file is a zip archive of XML parts (the Open Packaging Conventions).  This module is
the edge where such a file enters: everything that can be wrong with the archive itself (not a
zip, an old binary .doc, truncated, no main document, XML that does not parse, a part that
would unpack to gigabytes) becomes one :class:`~pipeline.core.errors.InputError` line here, so
the format's reader only ever sees a parsed tree.

python-docx opens the package (it follows ``_rels/.rels`` to the main document part, which is
not always ``word/document.xml``, checks its content type and reads ``styles.xml``); the main
part's XML is then parsed again with a plain lxml parser, because python-docx's parser drops
white-space-only text nodes and the writer must give back the same tree.  Writing rewrites
only that part: every other member is copied with the same name, order, date and compression.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.core.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: The most an XML part may unpack to (the default ``max-document-bytes``; the format's reader
#: is not given the configuration, so the limit is this constant): checked on the archive's
#: directory before anything is inflated, so a zip bomb is refused without being read.
MAX_PART_BYTES = 64 * 1024 * 1024
#: The most the whole archive may unpack to (python-docx holds every part, images too, in memory).
MAX_PACKAGE_BYTES = 8 * MAX_PART_BYTES

_RESAVE = "re-save it from Word as a .docx document (Word Document, *.docx)"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: Word 97-2003 .doc
_HEADING = re.compile(r"heading ([1-9])")
#: Other parts with text, carried through untranslated: content-type suffix → what a user calls it.
_STORIES = {
    "header+xml": "a header",
    "footer+xml": "a footer",
    "footnotes+xml": "the footnotes",
    "endnotes+xml": "the endnotes",
    "comments+xml": "the comments",
}


@dataclass(frozen=True)
class Package:
    """What the reader needs from an opened .docx: the main part and how to read its styles."""

    member: str  # the main document part's name in the zip: word/document.xml
    xml: bytes  # that part's bytes, as stored
    levels: dict[str, int]  # paragraph style id → 0 for Title, 1-9 for Heading N
    list_styles: frozenset[str]  # paragraph style ids that number their paragraphs
    default_style: str | None  # the style id of a paragraph without w:pStyle
    stories: tuple[tuple[str, str], ...]  # (member, what it is) of headers, footers, notes, comments


def open_package(path: Path, data: bytes) -> Package:
    """The package read from ``data``, or a one-line InputError saying what is wrong and to re-save it."""
    return _open(str(path), data)


@lru_cache(maxsize=2)  # decode, segment and render open the same bytes in turn (bytes cache their hash)
def _open(path: str, data: bytes) -> Package:
    archive = _archive(path, data)
    _refuse_bombs(path, archive)
    _check_members(path, archive)
    document = _python_docx(path, data)
    member = document.part.partname.membername
    try:
        xml = archive.read(member)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise InputError(path, f"a damaged .docx: {member} cannot be unpacked ({error})", _RESAVE) from None
    levels, lists, default = _styles(document)
    stories = tuple(
        (part.partname.membername, what)
        for part in document.part.package.iter_parts()
        for suffix, what in _STORIES.items()
        if part.content_type.endswith(suffix)
    )
    return Package(member, xml, levels, lists, default, stories)


def _archive(path: str, data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            path,
            "an old binary Word document (.doc, Word 97-2003) or a password-protected one, named .docx",
            f"{_RESAVE}, without a password",
        )
    if not data.startswith(b"PK"):
        raise InputError(path, "not a Word .docx file: it is not a zip archive (another kind of file named .docx?)", _RESAVE)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError):
        raise InputError(path, "a damaged .docx: the zip archive is truncated or corrupt", _RESAVE) from None


def _refuse_bombs(path: str, archive: zipfile.ZipFile) -> None:
    """Refuse, from the archive's directory alone, a part that would unpack to too much.

    Python's zipfile never inflates a member past the size its directory declares (more is a
    CRC error), so checking the declared sizes bounds what reading can cost.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES and info.filename.endswith((".xml", ".rels")):
            raise InputError(
                path,
                f"{info.filename} would unpack to {info.file_size:,} bytes, over the limit of {MAX_PART_BYTES:,} (a zip bomb?)",
                "split the document into smaller ones",
            )
    if total > MAX_PACKAGE_BYTES:
        raise InputError(
            path, f"the archive would unpack to {total:,} bytes, over the limit of {MAX_PACKAGE_BYTES:,} (a zip bomb?)", _RESAVE
        )


def _check_members(path: str, archive: zipfile.ZipFile) -> None:
    """Unpack every member once (sizes already bounded), so that a damaged one is refused here,
    by name, and not when the localized document is written."""
    for info in archive.infolist():
        try:
            with archive.open(info) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error, OSError, ValueError) as error:
            raise InputError(path, f"a damaged .docx: {info.filename!r} cannot be unpacked ({error})", _RESAVE) from None


def _python_docx(path: str, data: bytes):
    """The package opened by python-docx; whatever it cannot read is one line."""
    import docx
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as error:
        raise InputError(path, f"a damaged .docx: a part is not well-formed XML ({error})", _RESAVE) from None
    except KeyError as error:
        raise InputError(path, f"not a Word .docx document: {_missing(error)}", _RESAVE) from None
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise InputError(path, f"a damaged .docx: a part cannot be unpacked ({error})", _RESAVE) from None
    except ValueError as error:  # python-docx: "file '…' is not a Word file, content type is '…'"
        raise InputError(path, f"not a Word .docx document: {error}", _RESAVE) from None
    except Exception as error:  # any other way a hostile or broken archive fails inside python-docx
        raise InputError(path, f"cannot be read as a Word document ({type(error).__name__}: {error})", _RESAVE) from None


def _missing(error: KeyError) -> str:
    """What python-docx's KeyError says is missing, in a user's words."""
    said = str(error.args[0]) if error.args else ""
    named = re.search(r"no item named '([^']+)'", said)
    if named:
        return f"the archive has no {named.group(1)}"
    if "officeDocument" in said:
        return "the archive names no main document (no officeDocument relationship in _rels/.rels)"
    return f"a part is missing ({said})"


def _styles(document) -> tuple[dict[str, int], frozenset[str], str | None]:
    """Paragraph style id → heading level (0 Title, 1-9 Heading N, through ``basedOn``), the
    styles that number their paragraphs, and the default paragraph style."""
    from docx.enum.style import WD_STYLE_TYPE

    levels: dict[str, int] = {}
    lists = set()
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH or style.style_id is None:
            continue
        level = _style_level(style)
        if level is not None:
            levels[style.style_id] = level
        if style.element.find(f"{{{W}}}pPr/{{{W}}}numPr") is not None:
            lists.add(style.style_id)
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return levels, frozenset(lists), default.style_id if default is not None else None


def _style_level(style) -> int | None:
    """0 for a Title style, N for a Heading N style (or one based on it), None for the rest."""
    seen = 0
    while style is not None and seen < 20:  # a basedOn loop in a broken file ends here
        name = (style.name or "").lower()
        if name == "title":
            return 0
        match = _HEADING.fullmatch(name)
        if match:
            return int(match.group(1))
        outline = style.element.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
        if outline is not None and (outline.get(f"{{{W}}}val") or "").isdigit() and int(outline.get(f"{{{W}}}val")) < 9:
            return int(outline.get(f"{{{W}}}val")) + 1
        style, seen = style.base_style, seen + 1
    return None


def parse_xml(path: Path, xml: bytes):
    """The main part's tree, parsed as stored (white space kept, no entities, no network)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)
    try:
        return etree.ElementTree(etree.fromstring(xml, parser))
    except etree.XMLSyntaxError as error:
        raise InputError(path, f"a damaged .docx: the document part is not well-formed XML ({error})", _RESAVE) from None


def serialize(tree, original: bytes) -> bytes:
    """The tree as the part's bytes: its own XML declaration kept as written (Word's double quotes)."""
    from lxml import etree

    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    declaration = re.match(rb"<\?xml[^>]*\?>\s*", original)
    if encoding not in ("UTF-8", "UTF8"):
        return etree.tostring(tree, encoding=encoding, xml_declaration=True, standalone=tree.docinfo.standalone)
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    return (declaration.group(0) if declaration else b"") + body


def replace_member(data: bytes, member: str, payload: bytes) -> bytes:
    """The archive ``data`` with ``member`` replaced by ``payload``; every other member unpacks to
    the same bytes, in the same order, with the same name, date, attributes and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr, copy.internal_attr = info.external_attr, info.internal_attr
            copy.create_system, copy.comment = info.create_system, info.comment
            target.writestr(copy, payload if info.filename == member else source.read(info))
        target.comment = source.comment
    return out.getvalue()
