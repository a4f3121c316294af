"""XLIFF: one catalog written as an XLIFF document, and XLIFF files from translators' tools read back.

Export (:func:`export_catalog`), one ``<file>`` per catalog; every live, singular entry is a unit::

    unit id            u + 16 hex digits of sha256(msgctxt EOT msgid): the same on every export
    source / target    msgid / msgstr (no target for an empty msgstr)
    state    2.0       initial (empty), translated (fuzzy: needs review), reviewed (not fuzzy)
             1.2       no target (empty); target state="needs-review-translation" (fuzzy);
                       approved="yes" and state="translated" (not fuzzy)
    notes              the extracted comments (``Glossary: Khojaly → Xocalı``, category/from
                       "glossary"; others "developer") and translator comments ("translator")
    l10n:base          a hash of the exported msgstr: on import it tells whether the catalog was
                       edited since (a conflict) or not
    original           ``<document>.po``, so an import finds the catalog again
    name / resname     the msgctxt, where there is one

Plural entries and entries with characters XML cannot carry are not exported (counted).

Import (:func:`read_xliff`) reads what memoQ, Trados, OmegaT, Okapi and this module write:
XLIFF 1.2 (``<trans-unit>``, ``<group>``, ``<seg-source>``/``<mrk mtype="seg">`` segments,
memoQ's ``mq:status``, Trados' ``sdl:seg-defs``) and 2.0 (``<unit>`` with several
``<segment>``/``<ignorable>`` parts, joined back into one text; ``<cp>``).  Inline codes
(``ph``, ``bpt``, ``x``…) hold the original format's markup, so their content is left out;
``g``, ``mrk``, ``pc`` and ``hi`` keep their text.  A 1.2 target whose state is ``new`` or
``needs-translation`` is no translation (Okapi copies the source into it).

What counts as reviewed (clears fuzzy on import; anything else with a target needs review):
2.0 ``reviewed`` or ``final`` (every segment); 1.2 ``approved="yes"`` or a ``final`` /
``signed-off`` target; memoQ ``Reviewer1Confirmed``/``Reviewer2Confirmed``; Trados
``ApprovedTranslation``/``ApprovedSignOff`` (every segment).  A tool's own status, where the
file has one, decides over the generic XLIFF attributes, which tools often leave as they were.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.core.errors import InputError
from pipeline.core.xmlsafe import (
    INVALID_XML_CHARS,
    XML_SPACE,
    attribute,
    child,
    children,
    indent,
    local,
    namespace,
    parse,
    read_bytes,
)
from pipeline.exchange import text_hash, unit_id

__all__ = [
    "VERSIONS",
    "REVIEWED",
    "NEEDS_REVIEW",
    "Unit",
    "XliffFile",
    "XliffDocument",
    "Exported",
    "export_catalog",
    "read_xliff",
    "L10N_NS",
]

VERSIONS = ("2.0", "1.2")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
#: Our own extension attributes (``l10n:base``); XLIFF allows foreign attributes on units.
L10N_NS = "urn:l10n-pipeline:xliff:1"
GLOSSARY_PREFIX = "Glossary: "

_BASE = f"{{{L10N_NS}}}base"
_MEMOQ_NS = "MQXliff"

REVIEWED = "reviewed"
NEEDS_REVIEW = "needs-review"

_CODES = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sub", "ut", "sc", "ec", "sm", "em"})
_TEXT_ELEMENTS = frozenset({"source", "target", "note"})
_REVIEWED_20 = frozenset({"reviewed", "final"})
_REVIEWED_12 = frozenset({"final", "signed-off"})
_UNTRANSLATED_12 = frozenset({"new", "needs-translation"})
_REVIEWED_MEMOQ = frozenset({"reviewer1confirmed", "reviewer2confirmed"})
_REVIEWED_SDL = frozenset({"approvedtranslation", "approvedsignoff"})


@dataclass(frozen=True)
class Unit:
    """One translation unit as a tool returned it (segments joined back into one text)."""

    id: str
    source: str
    target: str | None  # None: no target, or a segment of it left empty
    state: str  # REVIEWED or NEEDS_REVIEW
    base: str | None  # l10n:base, the hash of the msgstr exported; None when the tool dropped it
    line: int


@dataclass
class XliffFile:
    """One ``<file>`` element: the units of one document."""

    original: str
    target_language: str | None
    units: list[Unit] = field(default_factory=list)
    line: int = 0


@dataclass
class XliffDocument:
    """A whole XLIFF file."""

    path: Path
    version: str
    files: list[XliffFile]


@dataclass
class Exported:
    """One catalog as XLIFF: the bytes, the base hash of every unit, what was left out."""

    data: bytes
    bases: dict[str, str]
    plural: int = 0
    unsafe: list[str] = field(default_factory=list)  # msgids with characters XML cannot carry


# --------------------------------------------------------------------------- export


def _exportable(entry: polib.POEntry) -> bool:
    return bool(entry.msgid) and not entry.obsolete and not entry.msgid_plural


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(category, text) for every comment line a translator should see."""
    notes = []
    for line in (entry.comment or "").split("\n"):
        if line:
            notes.append(("glossary" if line.startswith(GLOSSARY_PREFIX) else "developer", line))
    notes += [("translator", line) for line in (entry.tcomment or "").split("\n") if line]
    return notes


def _unit_20(entry: polib.POEntry, uid: str, base: str) -> ET.Element:
    unit = ET.Element("unit", {"id": uid, "l10n:base": base})
    if entry.msgctxt is not None:
        unit.set("name", entry.msgctxt)
    notes = _notes(entry)
    if notes:
        holder = ET.SubElement(unit, "notes")
        for category, text in notes:
            ET.SubElement(holder, "note", {"category": category}).text = text
    state = "initial" if not entry.msgstr else "translated" if entry.fuzzy else "reviewed"
    segment = ET.SubElement(unit, "segment", {"state": state})
    ET.SubElement(segment, "source", {"xml:space": "preserve"}).text = entry.msgid
    if entry.msgstr:
        ET.SubElement(segment, "target", {"xml:space": "preserve"}).text = entry.msgstr
    return unit


def _unit_12(entry: polib.POEntry, uid: str, base: str) -> ET.Element:
    unit = ET.Element("trans-unit", {"id": uid, "xml:space": "preserve", "l10n:base": base})
    if entry.msgctxt is not None:
        unit.set("resname", entry.msgctxt)
    ET.SubElement(unit, "source").text = entry.msgid
    if entry.msgstr:
        reviewed = not entry.fuzzy
        unit.set("approved", "yes" if reviewed else "no")
        state = "translated" if reviewed else "needs-review-translation"
        ET.SubElement(unit, "target", {"state": state}).text = entry.msgstr
    for category, text in _notes(entry):
        ET.SubElement(unit, "note", {"from": category}).text = text
    return unit


def export_catalog(
    po: polib.POFile, *, original: str, source_language: str, target_language: str, version: str = "2.0", tool_version: str = ""
) -> Exported:
    """The catalog ``po`` as an XLIFF ``version`` document (see the module docstring).

    ``original`` names the document (``<stem>.po``); language codes are written with a hyphen.
    Deterministic: the same catalog gives the same bytes.
    """
    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r}; expected one of {VERSIONS}")
    src, trg = source_language.replace("_", "-"), target_language.replace("_", "-")
    if version == "2.0":
        root = ET.Element("xliff", {"xmlns": NS_20, "xmlns:l10n": L10N_NS, "version": "2.0", "srcLang": src, "trgLang": trg})
        body = ET.SubElement(root, "file", {"id": "f1", "original": original})
    else:
        root = ET.Element("xliff", {"xmlns": NS_12, "xmlns:l10n": L10N_NS, "version": "1.2"})
        file = ET.SubElement(root, "file", {"original": original, "source-language": src, "target-language": trg, "datatype": "po"})
        header = ET.SubElement(file, "header")
        ET.SubElement(header, "tool", {"tool-id": "l10n-pipeline", "tool-name": "l10n-pipeline", "tool-version": tool_version or "0"})
        body = ET.SubElement(file, "body")
    exported = Exported(b"", {})
    for entry in po:
        if not _exportable(entry):
            exported.plural += bool(entry.msgid_plural and not entry.obsolete)
            continue
        if INVALID_XML_CHARS.intersection(entry.msgid + entry.msgstr):
            exported.unsafe.append(entry.msgid)
            continue
        uid, base = unit_id(entry.msgid, entry.msgctxt), text_hash(entry.msgstr)
        body.append((_unit_20 if version == "2.0" else _unit_12)(entry, uid, base))
        exported.bases[uid] = base
    indent(root, _TEXT_ELEMENTS)
    exported.data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")
    return exported


# --------------------------------------------------------------------------- import


def _text(element: ET.Element, path: Path, lines: dict) -> str:
    """The text of a source/target/segment, inline codes left out, ``<cp>`` as its character."""
    parts = [element.text or ""]
    for item in element:
        name = local(item.tag)
        if name == "cp":
            parts.append(_code_point(item, path, lines))
        elif name not in _CODES:
            parts.append(_text(item, path, lines))
        parts.append(item.tail or "")
    return "".join(parts)


def _code_point(item: ET.Element, path: Path, lines: dict) -> str:
    try:
        return chr(int(item.get("hex", ""), 16))
    except (ValueError, OverflowError):
        raise InputError(
            path,
            f'<cp hex="{item.get("hex", "")}"> is not a code point',
            'write hex digits, such as <cp hex="001F"/>',
            line=lines.get(item),
        ) from None


def _spaced(text: str, preserve: bool) -> str:
    """XLIFF's default white-space handling: a tool may have indented the text."""
    return text if preserve else " ".join(text.split())


def _preserve(element: ET.Element, inherited: bool) -> bool:
    value = element.get(XML_SPACE)
    return inherited if value is None else value == "preserve"


def read_xliff(path: Path) -> XliffDocument:
    """Read an XLIFF 1.2 or 2.0 file into its files and units.

    Raises InputError (with the line) for malformed XML, a root that is not XLIFF, an XLIFF
    version other than 1.x/2.x, and a unit without id or source.
    """
    path = Path(path)
    root, lines = parse(path, read_bytes(path))
    if local(root.tag) != "xliff":
        raise InputError(
            path,
            f"not an XLIFF file: the root element is <{local(root.tag)}>",
            "give a file written by `l10n xliff export` or a translation tool",
            line=lines.get(root),
        )
    version = root.get("version") or ("2.0" if namespace(root.tag) == NS_20 else "1.2")
    preserve = _preserve(root, False)
    if version.startswith("2."):
        files = [_file_20(path, lines, f, root.get("trgLang"), preserve) for f in children(root, "file")]
    elif version.startswith("1."):
        files = [_file_12(path, lines, f, preserve) for f in children(root, "file")]
    else:
        raise InputError(path, f"XLIFF version {version} is not supported", "export XLIFF 2.0 or 1.2", line=lines.get(root))
    if not files:
        raise InputError(path, "the XLIFF file has no <file> element", "export the file again", line=lines.get(root))
    return XliffDocument(path, "2.0" if version.startswith("2.") else "1.2", files)


def _required(path: Path, lines: dict, element: ET.Element, name: str) -> str:
    value = element.get(name)
    if not value:
        raise InputError(path, f"<{local(element.tag)}> without {name}", "export the file again", line=lines.get(element))
    return value


def _walk(container: ET.Element, unit_name: str, preserve: bool):
    """Units below ``container``, through nested ``<group>``s, with their white-space mode."""
    for item in container:
        name = local(item.tag)
        if name == "group":
            yield from _walk(item, unit_name, _preserve(item, preserve))
        elif name == unit_name:
            yield item, _preserve(item, preserve)


# -- XLIFF 2.0 -------------------------------------------------------------------------------


def _file_20(path: Path, lines: dict, file: ET.Element, trg_lang: str | None, preserve: bool) -> XliffFile:
    result = XliffFile(file.get("original") or "", trg_lang, line=lines.get(file, 0))
    for unit, unit_preserve in _walk(file, "unit", _preserve(file, preserve)):
        result.units.append(_unit_from_20(path, lines, unit, unit_preserve))
    return result


def _unit_from_20(path: Path, lines: dict, unit: ET.Element, preserve: bool) -> Unit:
    """A 2.0 unit: its segments and ignorables joined in order into one source and target."""
    uid = _required(path, lines, unit, "id")
    sources, targets, reviewed, complete = [], [], True, True
    for part in unit:
        kind = local(part.tag)
        if kind not in ("segment", "ignorable"):
            continue
        part_preserve = _preserve(part, preserve)
        source, target = child(part, "source"), child(part, "target")
        if source is None:
            raise InputError(path, f"<{kind}> without <source> in unit '{uid}'", "export the file again", line=lines.get(part))
        # An ignorable is the white space between sentences: never normalised away.
        keep = kind == "ignorable" or _preserve(source, part_preserve)
        sources.append(_spaced(_text(source, path, lines), keep))
        if target is None:
            # An ignorable without target is white space between segments: the source's own.
            targets.append(sources[-1] if kind == "ignorable" else "")
            complete = complete and kind == "ignorable"
        else:
            keep = kind == "ignorable" or _preserve(target, part_preserve)
            targets.append(_spaced(_text(target, path, lines), keep))
        if kind == "segment":
            reviewed = reviewed and (part.get("state") or "initial") in _REVIEWED_20
    if not sources:
        raise InputError(path, f"unit '{uid}' has no segment", "export the file again", line=lines.get(unit))
    joined = "".join(targets) if complete else None
    return Unit(uid, "".join(sources), joined or None, REVIEWED if reviewed else NEEDS_REVIEW, unit.get(_BASE), lines.get(unit, 0))


# -- XLIFF 1.2 -------------------------------------------------------------------------------


def _file_12(path: Path, lines: dict, file: ET.Element, preserve: bool) -> XliffFile:
    result = XliffFile(file.get("original") or "", file.get("target-language"), line=lines.get(file, 0))
    body = child(file, "body")
    if body is not None:
        for unit, unit_preserve in _walk(body, "trans-unit", _preserve(file, preserve)):
            if unit.get("translate") != "no":
                result.units.append(_unit_from_12(path, lines, unit, unit_preserve))
    return result


def _unit_from_12(path: Path, lines: dict, unit: ET.Element, preserve: bool) -> Unit:
    uid = _required(path, lines, unit, "id")
    source, target = child(unit, "source"), child(unit, "target")
    if source is None:
        raise InputError(path, f'<trans-unit id="{uid}"> without <source>', "export the file again", line=lines.get(unit))
    text = _spaced(_text(source, path, lines), _preserve(source, preserve))
    translation = None
    # Tools copy the source into an untranslated target (Okapi does): its state says it is none.
    if target is not None and target.get("state") not in _UNTRANSLATED_12:
        translation = _spaced(_text(target, path, lines), _preserve(target, preserve)) or None
        if translation is not None and _empty_segment(target):
            translation = None  # a segmented target with a segment left untranslated
    return Unit(uid, text, translation, _state_12(unit, target), unit.get(_BASE), lines.get(unit, 0))


def _empty_segment(target: ET.Element) -> bool:
    return any(m.get("mtype") == "seg" and not "".join(m.itertext()).strip() for m in target.iter() if local(m.tag) == "mrk")


def _state_12(unit: ET.Element, target: ET.Element | None) -> str:
    """REVIEWED or NEEDS_REVIEW from the tool's own status, else from approved/state."""
    memoq = unit.get(f"{{{_MEMOQ_NS}}}status")
    if memoq is not None:
        return REVIEWED if memoq.lower() in _REVIEWED_MEMOQ else NEEDS_REVIEW
    defs = child(unit, "seg-defs")
    if defs is not None:
        confs = [(attribute(seg, "conf") or "").lower() for seg in children(defs, "seg")]
        return REVIEWED if confs and all(c in _REVIEWED_SDL for c in confs) else NEEDS_REVIEW
    if unit.get("approved") == "yes":
        return REVIEWED
    state = target.get("state") if target is not None else None
    return REVIEWED if state in _REVIEWED_12 else NEEDS_REVIEW
