"""TMX 1.4b: the translation memory written for other tools, and their TMX files read back.

Export (:func:`export_tmx`): one ``<tu>`` per source text, with one ``<tuv>`` for the source
language and one per locale that has a translation of it; ``changedate`` is when the memory
last stored that translation.  Reviewed translations are paragraphs (``segtype="paragraph"``);
engine outputs (``--all``) are sentences, marked ``<prop type="x-l10n-origin">machine: …</prop>``
so that an import never takes them for reviewed work.  Deterministic: the same memory gives
the same bytes.

Import (:func:`read_tmx`) reads TMX 1.1 to 1.4b as OmegaT, memoQ, Trados and Okapi write them:
``xml:lang`` or TMX 1.1's ``lang``, the source language from the ``<tu>`` or the header
(``*all*`` allowed), inline codes (``bpt``, ``ept``, ``ph``, ``it``, ``ut``) left out, ``hi``
keeping its text.  Mapping language codes to the project's locales is the caller's.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.core.errors import InputError
from pipeline.mt.memory import MemoryKey, Segment
from pipeline.core.xmlsafe import XML_LANG, child, children, indent, local, parse, read_bytes
from pipeline.exchange import unit_id

__all__ = ["TmxUnit", "TmxDocument", "export_tmx", "read_tmx", "ORIGIN_PROP", "MACHINE"]

ORIGIN_PROP = "x-l10n-origin"
MACHINE = "machine"
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})


@dataclass(frozen=True)
class TmxUnit:
    """One ``<tu>``: its source language and text, and its other variants by language code."""

    source_language: str | None
    source: str | None  # None: no variant in the source language
    variants: tuple[tuple[str, str], ...]  # (language code as written, text), source excluded
    machine: bool
    line: int


@dataclass
class TmxDocument:
    """A whole TMX file."""

    path: Path
    source_language: str | None  # the header's srclang; None for "*all*" or none
    units: list[TmxUnit] = field(default_factory=list)


# --------------------------------------------------------------------------- export


def _lang(code: str) -> str:
    return code.replace("_", "-")


def _date(stamp: float | None) -> str | None:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(stamp)) if stamp else None


def _origin(key: MemoryKey) -> str:
    return " ".join(part for part in (MACHINE + ":", key.engine, key.package, key.version) if part)


def export_tmx(segments: Iterable[Segment], source_language: str, tool_version: str = "") -> bytes:
    """``segments`` as a TMX 1.4b document: one ``<tu>`` per source text and kind (reviewed/machine)."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "l10n-pipeline",
            "creationtoolversion": tool_version or "0",
            "segtype": "paragraph",
            "o-tmf": "l10n-pipeline",
            "adminlang": "en",
            "srclang": _lang(source_language),
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    units: dict[tuple[str, str], ET.Element] = {}
    for segment in segments:
        origin = _origin(segment.key) if segment.key is not None else ""
        tu = units.get((segment.source, origin))
        if tu is None:
            tu = units[(segment.source, origin)] = _tu(body, segment, origin, source_language)
        if any(v.get("xml:lang") == _lang(segment.locale) for v in tu):
            continue  # one variant per language: the first (the caller orders the segments)
        tuv = ET.SubElement(tu, "tuv", {"xml:lang": _lang(segment.locale)})
        changed = _date(segment.updated)
        if changed:
            tuv.set("changedate", changed)
        ET.SubElement(tuv, "seg").text = segment.target
    indent(root, frozenset({"seg", "prop"}))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _tu(body: ET.Element, segment: Segment, origin: str, source_language: str) -> ET.Element:
    tu = ET.SubElement(body, "tu", {"tuid": unit_id(segment.source, origin or None)})
    if origin:
        tu.set("segtype", "sentence")
        ET.SubElement(tu, "prop", {"type": ORIGIN_PROP}).text = origin
    tuv = ET.SubElement(tu, "tuv", {"xml:lang": _lang(source_language)})
    ET.SubElement(tuv, "seg").text = segment.source
    return tu


# --------------------------------------------------------------------------- import


def _text(element: ET.Element) -> str:
    """A ``<seg>``'s text, inline codes left out (they hold the original format's markup)."""
    parts = [element.text or ""]
    for item in element:
        if local(item.tag) not in _CODES:
            parts.append(_text(item))
        parts.append(item.tail or "")
    return "".join(parts)


def _language(element: ET.Element) -> str | None:
    return element.get(XML_LANG) or element.get("lang")


def _same_language(a: str | None, b: str | None) -> bool:
    """``EN-US`` and ``en``: the same language (the primary subtag decides)."""
    if not a or not b:
        return False
    return a.replace("_", "-").split("-")[0].lower() == b.replace("_", "-").split("-")[0].lower()


def read_tmx(path: Path, fallback_source: str) -> TmxDocument:
    """Read a TMX file into its units.

    ``fallback_source`` is the source language to assume where neither the ``<tu>`` nor the
    header names one (``srclang="*all*"``).  Raises InputError (with the line) for malformed
    XML, a root that is not ``<tmx>``, no ``<body>``, and a ``<tuv>`` without a language.
    """
    path = Path(path)
    root, lines = parse(path, read_bytes(path))
    if local(root.tag) != "tmx":
        raise InputError(
            path,
            f"not a TMX file: the root element is <{local(root.tag)}>",
            "give a TMX file (`l10n memory export --format tmx` writes one)",
            line=lines.get(root),
        )
    header, body = child(root, "header"), child(root, "body")
    if body is None:
        raise InputError(path, "the TMX file has no <body>", "export the file again", line=lines.get(root))
    declared = header.get("srclang") if header is not None else None
    document = TmxDocument(path, None if declared in (None, "*all*") else declared)
    for tu in children(body, "tu"):
        document.units.append(_unit(path, lines, tu, tu.get("srclang") or document.source_language or fallback_source))
    return document


def _unit(path: Path, lines: dict, tu: ET.Element, source_language: str) -> TmxUnit:
    source, variants = None, []
    for tuv in children(tu, "tuv"):
        code = _language(tuv)
        if not code:
            raise InputError(path, "<tuv> without xml:lang", "give every variant its language", line=lines.get(tuv))
        seg = child(tuv, "seg")
        text = _text(seg) if seg is not None else ""
        if source is None and _same_language(code, source_language):
            source = text
        elif not _same_language(code, source_language):
            variants.append((code, text))
    machine = any(p.get("type") == ORIGIN_PROP and (p.text or "").startswith(MACHINE) for p in children(tu, "prop"))
    return TmxUnit(source_language, source, tuple(variants), machine, lines.get(tu, 0))
