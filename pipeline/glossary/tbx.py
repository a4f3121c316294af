"""Glossary export: the glossary as TBX-Basic (TermBase eXchange) or CSV, and the TBX mapping.

Public API::

    export_tbx(glossary) -> bytes                 TBX-Basic, ISO 30042:2019 layout, UTF-8
    export_csv(glossary, locales=None) -> str     one row per entry, header row
    export_glossary(glossary, fmt) -> bytes       fmt in FORMATS ("tbx", "csv")
    reason_note(forbidden) -> str; parse_reason_note(text) -> (reason, severity)

Import is in :mod:`.tbx_import` (``import_tbx``); merging an import into a glossary and
writing it back is in :mod:`.merge` (``merge_terms``, ``write_glossary``).

Mapping (what :func:`export_tbx` writes and :func:`.tbx_import.import_tbx` reads back)::

    entry id               conceptEntry/@id (an id starting with a digit gets a leading "_", as
                           xsd:ID requires; import removes it)
    category               conceptEntry/descrip[@type="subjectField"]
    notes                  conceptEntry/note (the translator notes, verbatim)
    dnt: true              conceptEntry/note "do not translate"
    case: exact            conceptEntry/note "case: exact"
    term                   langSec[@xml:lang="en"]/termSec: termNote administrativeStatus
                           preferredTerm-admn-sts
    variants               en termSec, admittedTerm-admn-sts
    forbidden (English)    en termSec, deprecatedTerm-admn-sts, with termSec/note
                           "<reason>; severity: <error|warning>"
    locales.<L>.rendering  langSec[@xml:lang=L]/termSec, preferredTerm-admn-sts
    locales.<L>.accepted   L termSec, admittedTerm-admn-sts
    locales.<L>.forbidden  L termSec, deprecatedTerm-admn-sts, note as for English
    locales.<L>.derived    L termSec, admittedTerm-admn-sts, with termSec/note
                           "derived" or "derived: <adjective|demonym|noun>"
    (derived)              termNote termType "acronym" on every one-word all-capitals form
                           (UN, OIC, ООН); ignored on import

Only TBX-Basic data categories are written (note, subjectField, administrativeStatus,
termType), so the file validates against the TBX-Basic schemas.  Locale codes are written
with a hyphen (``pt-BR``) and read back with an underscore (``pt_BR``), as Babel spells them.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Iterable, Sequence

from pipeline.core.errors import InputError
from pipeline.core.model import SEVERITIES, Forbidden, Term
from pipeline.glossary.model import Glossary

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
DNT_NOTE = "do not translate"
CASE_NOTE = "case: exact"
DERIVED_NOTE = "derived"
SEVERITY_PREFIX = "severity: "
#: How the header of :func:`export_tbx` begins; import trusts the entry ids of such a file.
EXPORT_NOTE = "Exported from the l10n pipeline glossary"
FORMATS = ("tbx", "csv")

_SCHEMAS = (
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)


# --------------------------------------------------------------------------- export


def export_tbx(glossary: Glossary) -> bytes:
    """The glossary as a TBX-Basic document (see the module docstring for the mapping).

    Pretty-printed, UTF-8, and deterministic: entries in glossary order, locales sorted.
    """
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", "xml:lang": "en", "xmlns": TBX_NAMESPACE})
    header = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "titleStmt"), "title").text = "Glossary"
    locales = ", ".join(("en", *(_xml_lang(code) for code in glossary.locales)))
    ET.SubElement(
        ET.SubElement(header, "sourceDesc"), "p"
    ).text = f"{EXPORT_NOTE} (version {glossary.version}): {len(glossary)} entries; languages {locales}."
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for term in glossary.terms:
        body.append(_concept(term))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + _SCHEMAS + xml + "\n").encode("utf-8")


def _xml_id(term_id: str) -> str:
    """xsd:ID must not start with a digit (366th-motorized-rifle-regiment)."""
    return term_id if term_id[:1].isalpha() else f"_{term_id}"


def _xml_lang(code: str) -> str:
    return code.replace("_", "-")


def _concept(term: Term) -> ET.Element:
    entry = ET.Element("conceptEntry", {"id": _xml_id(term.id)})
    ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = term.category
    if term.notes:
        ET.SubElement(entry, "note").text = term.notes
    if term.dnt:
        ET.SubElement(entry, "note").text = DNT_NOTE
    if term.case == "exact":
        ET.SubElement(entry, "note").text = CASE_NOTE
    _lang_sec(entry, "en", term.term, term.variants, term.forbidden)
    for code in sorted(term.renderings):
        rendering = term.renderings[code]
        section = _lang_sec(entry, _xml_lang(code), rendering.text, rendering.accepted, rendering.forbidden)
        for item in getattr(rendering, "derived", ()):  # a DerivedRendering (load.py)
            _term_sec(section, item.form, ADMITTED, derived_note(item.type))
    return entry


def derived_note(kind: str) -> str:
    """The termSec note that marks a derived word (ходжалинский) and its inflection class."""
    return f"{DERIVED_NOTE}: {kind}" if kind else DERIVED_NOTE


def parse_derived_note(text: str) -> str | None:
    """The inflection class of a :func:`derived_note` (``""`` when none was given), or None."""
    head, _, kind = text.partition(":")
    return kind.strip() if head.strip().lower() == DERIVED_NOTE else None


def _lang_sec(entry: ET.Element, lang: str, main: str, allowed: Sequence[str], forbidden: Sequence[Forbidden]) -> ET.Element:
    section = ET.SubElement(entry, "langSec", {"xml:lang": lang})
    _term_sec(section, main, PREFERRED)
    for form in allowed:
        _term_sec(section, form, ADMITTED)
    for item in forbidden:
        _term_sec(section, item.form, DEPRECATED, reason_note(item))
    return section


def _term_sec(section: ET.Element, form: str, status: str, note: str | None = None) -> None:
    term_sec = ET.SubElement(section, "termSec")
    ET.SubElement(term_sec, "term").text = form
    ET.SubElement(term_sec, "termNote", {"type": "administrativeStatus"}).text = status
    if _is_acronym(form):
        ET.SubElement(term_sec, "termNote", {"type": "termType"}).text = "acronym"
    if note is not None:
        ET.SubElement(term_sec, "note").text = note


def _is_acronym(form: str) -> bool:
    """One word of capitals (UN, OIC, ООН, AŞPA): TBX termType acronym."""
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and not any(c.isspace() for c in form) and form.isupper()


def reason_note(item: Forbidden) -> str:
    """The termSec note of a forbidden form: ``"<reason>; severity: <severity>"``."""
    return f"{item.reason}; {SEVERITY_PREFIX}{item.severity}" if item.reason else f"{SEVERITY_PREFIX}{item.severity}"


def parse_reason_note(text: str) -> tuple[str, str | None]:
    """``(reason, severity)`` from a forbidden form's note; severity None when the note has none."""
    for severity in SEVERITIES:
        mark = SEVERITY_PREFIX + severity
        if text == mark:
            return "", severity
        if text.endswith("; " + mark):
            return text[: -len(mark) - 2], severity
    return text, None


def export_csv(glossary: Glossary, locales: Sequence[str] | None = None) -> str:
    """One row per entry after a header row; lists joined with ``" | "``.

    Columns: id, category, term, variants, forbidden, case, notes, dnt, then for each locale
    (default: every locale of the glossary) ``<L>``, ``<L> accepted``, ``<L> forbidden``.  A
    forbidden form is written ``form (severity: reason)``.  For review in a spreadsheet, not
    for import.
    """
    locales = tuple(locales) if locales is not None else glossary.locales
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["id", "category", "term", "variants", "forbidden", "case", "notes", "dnt"]
    for code in locales:
        header += [code, f"{code} accepted", f"{code} forbidden"]
    writer.writerow(header)
    for term in glossary.terms:
        row = [
            term.id,
            term.category,
            term.term,
            _join(term.variants),
            _join_forbidden(term.forbidden),
            term.case,
            term.notes,
            "true" if term.dnt else "false",
        ]
        for code in locales:
            rendering = term.renderings.get(code)
            if rendering is None:
                row += ["", "", ""]
            else:
                row += [rendering.text, _join(rendering.accepted), _join_forbidden(rendering.forbidden)]
        writer.writerow(row)
    return out.getvalue()


def _join(forms: Iterable[str]) -> str:
    return " | ".join(forms)


def _join_forbidden(items: Iterable[Forbidden]) -> str:
    return _join(f"{f.form} ({f.severity}: {f.reason})" if f.reason else f"{f.form} ({f.severity})" for f in items)


def export_glossary(glossary: Glossary, fmt: str) -> bytes:
    """The glossary in ``fmt`` (``tbx`` or ``csv``) as UTF-8 bytes; InputError for another format."""
    if fmt == "tbx":
        return export_tbx(glossary)
    if fmt == "csv":
        return export_csv(glossary).encode("utf-8")
    raise InputError(None, f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
