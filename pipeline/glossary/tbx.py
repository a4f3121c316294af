"""Glossary interchange: TBX (TermBase eXchange) export and import, CSV export, merge of an import.

Public API::

    export_tbx(glossary) -> bytes                 TBX-Basic, ISO 30042:2019 layout, UTF-8
    import_tbx(path) -> [Term]                    TBX 2008 (<martif>) or 2019 (<tbx>), namespaced or not
    export_csv(glossary, locales=None) -> str     one row per entry, header row
    export_glossary(glossary, fmt) -> bytes       fmt in FORMATS ("tbx", "csv")
    merge_terms(glossary, imported) -> (Glossary, MergeReport)
    write_glossary(merged, directory, before=None) -> [Path]

Mapping (what :func:`export_tbx` writes and :func:`import_tbx` reads back)::

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
    (derived)              termNote termType "acronym" on every one-word all-capitals form
                           (UN, OIC, ООН); ignored on import

Only TBX-Basic data categories are written (note, subjectField, administrativeStatus,
termType), so the file validates against the TBX-Basic schemas.  Locale codes are written
with a hyphen (``pt-BR``) and read back with an underscore (``pt_BR``), as Babel spells them.

Import is lenient about files from other tools: ``termEntry``/``langSet``/``tig``/``ntig``
(2008) and ``conceptEntry``/``langSec``/``termSec`` (2019); a term without status is the
preferred one if the language has none yet, else admitted; ``supersededTerm``,
``notRecommendedTerm`` and ``obsoleteTerm`` are forbidden with severity warning unless a note
says otherwise; the V4 ``usageStatus`` values are read too; a term note on an allowed form
is kept in the entry's notes.  An entry id that is not a glossary id (``[a-z0-9-]+``) is
returned as ``""``: :func:`merge_terms` then matches the entry by its English term, or
makes an id from it.

XML safety: the file is parsed with expat directly; a document type declaration is allowed
(2008 files name their DTD) but never loaded, and any ENTITY declaration ("billion laughs",
external entities) or reference to an undeclared entity is refused with an InputError.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Sequence
from xml.parsers import expat

from ..errors import InputError
from ..model import ERROR, SEVERITIES, WARNING, Forbidden, Rendering, Term
from .load import CATEGORIES, FILE_NAMES, Glossary, dump_glossary

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
DNT_NOTE = "do not translate"
CASE_NOTE = "case: exact"
SEVERITY_PREFIX = "severity: "
FORMATS = ("tbx", "csv")

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
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
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = (
        f"Exported from the l10n pipeline glossary (version {glossary.version}): {len(glossary)} entries; "
        f"languages {locales}.")
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
        _lang_sec(entry, _xml_lang(code), rendering.text, rendering.accepted, rendering.forbidden)
    return entry


def _lang_sec(entry: ET.Element, lang: str, main: str, allowed: Sequence[str],
              forbidden: Sequence[Forbidden]) -> None:
    section = ET.SubElement(entry, "langSec", {"xml:lang": lang})
    _term_sec(section, main, PREFERRED)
    for form in allowed:
        _term_sec(section, form, ADMITTED)
    for item in forbidden:
        _term_sec(section, item.form, DEPRECATED, reason_note(item))


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
        row = [term.id, term.category, term.term, _join(term.variants), _join_forbidden(term.forbidden), term.case,
               term.notes, "true" if term.dnt else "false"]
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


# --------------------------------------------------------------------------- safe XML parsing

class _Refused(Exception):
    def __init__(self, problem: str, hint: str, line: int):
        super().__init__(problem)
        self.problem, self.hint, self.line = problem, hint, line


def _parse(path: Path, data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse ``data`` into an ElementTree, remembering the line of every element.

    Tags and attribute names are local names (namespaces dropped; ``xml:lang`` becomes
    ``lang``).  DTDs are never loaded; entity declarations are refused.
    """
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(_local(tag), {_local(k): v for k, v in attrs.items()})
        lines[element] = parser.CurrentLineNumber

    def refuse_entity(name: str, *args) -> None:
        raise _Refused(f"the file declares the XML entity '{name}'; entity declarations are refused "
                       "(they can expand without limit or read other files)",
                       "export the TBX again without a DOCTYPE internal subset", parser.CurrentLineNumber)

    def refuse_reference(name: str, *args) -> None:
        raise _Refused(f"reference to the undeclared entity '&{name};'", "write the character itself",
                       parser.CurrentLineNumber)

    def refuse_external(context, base, system_id, public_id) -> int:
        raise _Refused(f"the file refers to an external entity ({system_id})", "remove the reference",
                       parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_local(tag))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.SkippedEntityHandler = refuse_reference
    parser.ExternalEntityRefHandler = refuse_external
    try:
        parser.Parse(data, True)
    except _Refused as error:
        raise InputError(path, error.problem, error.hint, line=error.line) from None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        raise InputError(path, f"not well-formed XML: {message} (column {error.offset + 1})",
                         "fix the XML, or export the file again", line=error.lineno) from None
    return builder.close(), lines


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------- import

_STATUS = {
    "preferredterm": "preferred", "preferred": "preferred", "standardizedterm": "preferred",
    "admittedterm": "admitted", "admitted": "admitted", "legalterm": "admitted", "regulatedterm": "admitted",
    "deprecatedterm": ERROR, "deprecated": ERROR,
    "supersededterm": WARNING, "notrecommendedterm": WARNING, "obsoleteterm": WARNING,
}
_STATUS_TYPES = ("administrativestatus", "usagestatus", "normativeauthorization")
_CONTAINERS = ("termSec", "tig", "ntig")


@dataclass
class _Side:
    """The forms of one language of one entry, while an entry is read."""

    main: str | None = None
    allowed: list[str] = field(default_factory=list)
    forbidden: list[Forbidden] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line: int = 0
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


def import_tbx(path: Path) -> list[Term]:
    """Read the entries of a TBX file (2008 ``<martif>`` or 2019 ``<tbx>``, any namespace).

    Each Term has ``source`` = the file and ``line`` = the entry's line, and ``lines`` for its
    forms, so later problems point into the TBX file.  Raises InputError (with the line) for
    a file that cannot be read, malformed XML, an entity declaration, a root that is not TBX,
    a file without entries, an entry without an English term, an unknown subject field, a
    language section without a language, or an entry id used twice.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}", "check the path") from None
    root, lines = _parse(path, data)
    if root.tag not in ("tbx", "martif"):
        raise InputError(path, f"not a TBX file: the root element is <{root.tag}>, not <tbx> or <martif>",
                         "export the glossary as TBX from your terminology tool", line=lines.get(root))
    entries = [e for e in root.iter() if e.tag in ("conceptEntry", "termEntry")]
    if not entries:
        raise InputError(path, "the TBX file has no entries (conceptEntry or termEntry)",
                         "export at least one entry", line=lines.get(root))
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for element in entries:
        term = _entry(path, element, lines)
        if term.id:
            if term.id in seen:
                raise InputError(path, f"entry id '{term.id}' is used twice (first at line {seen[term.id]})",
                                 "give every entry its own id", line=term.line)
            seen[term.id] = term.line
        terms.append(term)
    return terms


def _text(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def _entry(path: Path, element: ET.Element, lines: dict[ET.Element, int]) -> Term:
    line = lines.get(element, 0)
    raw_id = (element.get("id") or "").strip()
    term_id = raw_id[1:] if raw_id.startswith("_") else raw_id
    term_id = term_id if _ID.match(term_id) else ""
    name = f"'{raw_id}'" if raw_id else f"at line {line}"
    category, notes, flags = "", [], set()
    sides: dict[str, _Side] = {}
    for child in element:
        if child.tag in ("descrip", "descripGrp"):
            for descrip in child.iter("descrip"):
                if (descrip.get("type") or "").lower() == "subjectfield":
                    category = _category(path, name, _text(descrip), lines.get(descrip, line))
        elif child.tag == "note":
            _note(_text(child), notes, flags)
        elif child.tag in ("langSec", "langSet"):
            _language(path, name, child, lines, sides, flags)
    for code, side in sides.items():
        if side.main is None and side.allowed:  # no preferred term: the first admitted one is the main form
            side.main = side.allowed.pop(0)
            kinds = ("variant", "term") if code == "en" else ("accepted", "rendering")
            side.lines[(kinds[1], side.main)] = side.lines.pop((kinds[0], side.main), line)
    en = sides.get("en")
    if en is None or not en.main:
        raise InputError(path, f"entry {name} has no English term",
                         "add <langSec xml:lang=\"en\"> with the English term", line=line)
    notes += en.notes
    renderings, form_lines = {}, {("", kind, form): ln for (kind, form), ln in en.lines.items()}
    for code, side in sides.items():
        if code == "en":
            continue
        notes += side.notes
        renderings[code] = Rendering(code, side.main or "", tuple(side.allowed), tuple(side.forbidden),
                                     line=side.line)
        form_lines.update({(code, kind, form): ln for (kind, form), ln in side.lines.items()})
    return Term(
        id=term_id, category=category, term=en.main or "", variants=tuple(en.allowed), forbidden=tuple(en.forbidden),
        notes="\n".join(notes), dnt="dnt" in flags, renderings=renderings, source=str(path), line=line,
        case="exact" if "exact" in flags else "default", lines=form_lines,
    )


def _category(path: Path, name: str, value: str, line: int) -> str:
    category = value.strip().lower()
    if category not in CATEGORIES:
        raise InputError(path, f"entry {name}: subject field '{value}' is not a glossary category",
                         f"use one of: {', '.join(CATEGORIES)}", line=line)
    return category


def _note(text: str, notes: list[str], flags: set[str]) -> None:
    """A free note: a dnt or case marker, or a translator note."""
    folded = " ".join(text.split()).casefold()
    if folded == DNT_NOTE:
        flags.add("dnt")
    elif folded == CASE_NOTE:
        flags.add("exact")
    elif text:
        notes.append(text)


def _language(path: Path, name: str, element: ET.Element, lines: dict[ET.Element, int],
              sides: dict[str, _Side], flags: set[str]) -> None:
    line = lines.get(element, 0)
    lang = (element.get("lang") or "").strip()
    if not lang:
        raise InputError(path, f"entry {name}: a language section has no xml:lang", 'add xml:lang="az"', line=line)
    parts = lang.replace("_", "-").split("-")
    code = parts[0].lower() if parts[0].lower() == "en" else "_".join([parts[0].lower(), *parts[1:]])
    side = sides.setdefault(code, _Side(line=line))
    for child in element:
        if child.tag == "note":
            _note(_text(child), side.notes, flags)
        elif child.tag in _CONTAINERS:
            _form(child, lines, side, flags, code)


def _form(container: ET.Element, lines: dict[ET.Element, int], side: _Side, flags: set[str], code: str) -> None:
    term = next(container.iter("term"), None)
    if term is None:
        return
    form, line = _text(term), lines.get(term, 0)
    status = None
    for note in container.iter("termNote"):
        kind = (note.get("type") or "").lower()
        if kind in _STATUS_TYPES:
            value = _text(note).lower().removesuffix("-admn-sts")
            status = _STATUS.get(value, status)
        elif kind == "transfercomment" and " ".join(_text(note).split()).casefold() == DNT_NOTE:
            flags.add("dnt")
    notes = [_text(n) for n in container.iter("note") if _text(n)]
    if status in SEVERITIES:  # a forbidden form: its note is "<reason>; severity: <severity>"
        if not form:
            return
        reason, severity = parse_reason_note("; ".join(notes))
        side.forbidden.append(Forbidden(form, reason, severity or status))
        side.lines.setdefault(("forbidden", form), line)
        return
    if status == "preferred" and side.main is None or status is None and side.main is None and form:
        side.main = form
        side.lines.setdefault(("term" if code == "en" else "rendering", form), line)
    elif form:
        side.allowed.append(form)
        side.lines.setdefault(("variant" if code == "en" else "accepted", form), line)
    for text in notes:  # a note on an allowed form: a marker, or kept with the entry's notes
        before = len(side.notes)
        _note(text, side.notes, flags)
        if len(side.notes) > before:
            side.notes[-1] = f"{code} '{form}': {text}"


# --------------------------------------------------------------------------- merge

@dataclass(frozen=True)
class MergeReport:
    """What :func:`merge_terms` did: ids added, ids updated with what changed, ids unchanged."""

    added: tuple[str, ...] = ()
    updated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def lines(self) -> list[str]:
        """One line per added entry and per change of an updated entry."""
        out = [f"added {term_id}" for term_id in self.added]
        for term_id, changes in self.updated:
            out += [f"updated {term_id}: {change}" for change in changes]
        return out

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def merge_terms(glossary: Glossary | None, imported: Sequence[Term]) -> tuple[Glossary, MergeReport]:
    """Merge imported entries into ``glossary`` (None: an empty one); nothing is written.

    An imported entry updates the glossary entry with its id, else the one whose English
    term is the same (ignoring case); otherwise it is added (at the end; an entry without an
    id gets one made from its English term, and it must have a category).  Updating never
    silently drops data, and every change is in the report:

    * forms (variants, accepted renderings, forbidden forms) are added to the lists;
    * a different English term or rendering replaces the old one, which is kept as a
      variant / accepted rendering (or as forbidden, if the import forbids it);
    * a form the import forbids that the entry allowed becomes forbidden, and the other way
      round; a forbidden form's reason and severity are taken from the import;
    * category and notes are replaced when the import has them and they differ; dnt and
      ``case: exact`` are set when the import sets them (an import cannot unset them).

    The result is an in-memory Glossary; validate it before :func:`write_glossary`.
    """
    terms = list(glossary.terms) if glossary is not None else []
    by_id = {t.id: i for i, t in enumerate(terms)}
    by_term: dict[str, int] = {}
    for i, t in enumerate(terms):
        by_term.setdefault(t.term.casefold(), i)
    touched: dict[int, Term] = {}
    added: list[str] = []
    updated: dict[str, list[str]] = {}
    for new in imported:
        index = by_id.get(new.id) if new.id else None
        if index is None:
            index = by_term.get(new.term.casefold())
        if index is not None and index in touched:
            first = touched[index]
            raise InputError(new.source or None, f"entry {new.id or repr(new.term)} and the entry at line {first.line} "
                             f"both match glossary entry '{terms[index].id}'", "merge them into one entry",
                             line=new.line or None)
        if index is None:
            term_id = new.id or _new_id(new.term, by_id)
            if not new.category:
                raise InputError(new.source or None, f"new entry '{term_id}' has no category",
                                 f'add <descrip type="subjectField"> with one of: {", ".join(CATEGORIES)}',
                                 line=new.line or None)
            index = len(terms)
            terms.append(replace(new, id=term_id))
            by_id[term_id] = index
            by_term.setdefault(new.term.casefold(), index)
            added.append(term_id)
        else:
            merged, changes = _merge_entry(terms[index], new)
            terms[index] = merged
            if changes:
                updated.setdefault(merged.id, []).extend(changes)
        touched[index] = new
    unchanged = tuple(t.id for t in terms if t.id not in updated and t.id not in added)
    directory = glossary.directory if glossary is not None else None
    files = glossary.files if glossary is not None else ()
    report = MergeReport(tuple(added), tuple((k, tuple(v)) for k, v in updated.items()), unchanged)
    return Glossary(tuple(terms), directory=directory, files=files), report


def _new_id(text: str, taken: dict[str, int]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "term"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _merge_entry(old: Term, new: Term) -> tuple[Term, list[str]]:
    changes: list[str] = []
    category, notes = old.category, old.notes
    if new.category and new.category != old.category:
        category = new.category
        changes.append(f"category {old.category} -> {new.category}")
    if new.notes and new.notes != old.notes:
        notes = new.notes
        changes.append("notes replaced" if old.notes else "notes added")
    dnt = old.dnt or new.dnt
    if dnt != old.dnt:
        changes.append("marked do-not-translate")
    case = "exact" if new.case == "exact" else old.case
    if case != old.case:
        changes.append("case: exact")
    term, variants, forbidden = _merge_side(
        ("term", "variant", "forbidden"), old.term, old.variants, old.forbidden,
        new.term, new.variants, new.forbidden, changes)
    renderings = dict(old.renderings)
    codes = {_code_key(c): c for c in old.renderings}
    for code, rendering in new.renderings.items():
        key = codes.get(_code_key(code))
        if key is None:
            renderings[code] = replace(rendering, line=0)
            changes.append(f"{code} rendering '{rendering.text}' added")
            continue
        before = renderings[key]
        text, accepted, refused = _merge_side(
            (f"{key} rendering", f"{key} accepted", f"{key} forbidden"), before.text, before.accepted,
            before.forbidden, rendering.text, rendering.accepted, rendering.forbidden, changes)
        renderings[key] = replace(before, text=text, accepted=accepted, forbidden=refused)
    merged = replace(old, category=category, term=term, variants=variants, forbidden=forbidden, notes=notes,
                     dnt=dnt, case=case, renderings=renderings)
    return merged, changes


def _code_key(code: str) -> str:
    return code.replace("-", "_").lower()


def _merge_side(labels: tuple[str, str, str], old_main: str, old_allowed: Sequence[str],
                old_forbidden: Sequence[Forbidden], new_main: str, new_allowed: Sequence[str],
                new_forbidden: Sequence[Forbidden], changes: list[str]
                ) -> tuple[str, tuple[str, ...], tuple[Forbidden, ...]]:
    """Merge one language of an entry; see :func:`merge_terms` for the rules."""
    main_label, allowed_label, forbidden_label = labels
    refused = {f.form: f for f in old_forbidden}
    new_refused = {f.form for f in new_forbidden}
    main, allowed = old_main, list(old_allowed)
    if new_main and new_main != old_main:
        main = new_main
        if new_main in allowed:
            allowed.remove(new_main)
        if old_main and old_main not in new_refused:
            allowed.append(old_main)
            changes.append(f"{main_label} '{old_main}' -> '{new_main}' (old kept as {allowed_label.split()[-1]})")
        else:
            changes.append(f"{main_label} '{old_main}' -> '{new_main}'")
    for form in new_allowed:
        if form and form != main and form not in allowed:
            allowed.append(form)
            changes.append(f"+{allowed_label} '{form}'")
    for item in new_forbidden:
        if item.form not in refused:
            refused[item.form] = item
            changes.append(f"+{forbidden_label} '{item.form}'")
        elif refused[item.form] != item:
            refused[item.form] = item
            changes.append(f"{forbidden_label} '{item.form}': reason/severity updated")
    # A form both allowed and forbidden: the import decides, when it says only one of the two.
    new_ok = {new_main, *new_allowed}
    for form in [f for f in allowed if f in refused]:
        if form in new_refused and form not in new_ok:
            allowed.remove(form)
            changes.append(f"'{form}' now forbidden (was {allowed_label.split()[-1]})")
        elif form in new_ok and form not in new_refused:
            del refused[form]
            changes.append(f"'{form}' now allowed (was forbidden)")
    if main in refused and main in new_ok and main not in new_refused:
        del refused[main]
        changes.append(f"'{main}' now allowed (was forbidden)")
    return main, tuple(allowed), tuple(refused.values())


# --------------------------------------------------------------------------- write

def write_glossary(merged: Glossary, directory: Path, before: Glossary | None = None) -> list[Path]:
    """Write ``merged`` into the glossary ``directory``; return the files written.

    Entries stay in the file they were loaded from (``before.files``); a new entry goes to the
    file that holds most entries of its category, else to the file :func:`dump_glossary` would
    use (``places.yaml``...).  Only files whose entries changed are rewritten (YAML comments in
    a rewritten file are not kept), atomically, in the loader's schema; the others are not
    touched.  Without ``before`` (a new glossary) this is :func:`dump_glossary`.
    """
    import yaml

    from ..fsutil import atomic_write
    from .load import _term_to_dict

    directory = Path(directory)
    if before is None or not before.files:
        return dump_glossary(merged, directory)
    files = {Path(p).resolve(): Path(p) for p in before.files}
    old_groups: dict[Path, list[Term]] = {}
    for term in before.terms:
        old_groups.setdefault(Path(term.source).resolve(), []).append(term)
    home: dict[str, Path] = {}  # category -> the file holding most of its entries
    counts = Counter((t.category, Path(t.source).resolve()) for t in before.terms)
    for (category, file), _ in counts.most_common():
        home.setdefault(category, file)
    groups: dict[Path, list[Term]] = {}
    for term in merged.terms:
        source = Path(term.source).resolve() if term.source else None
        if source in files:
            target = source
        else:
            default = directory / FILE_NAMES.get(term.category, f"{term.category}.yaml")
            target = home.get(term.category) or default.resolve()
        groups.setdefault(target, []).append(term)
    written = []
    for target, terms in groups.items():
        if terms == old_groups.get(target):
            continue
        category = Counter(t.category for t in terms).most_common(1)[0][0]
        doc = {"category": category, "terms": [_term_to_dict(t, category) for t in terms]}
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        path = files.get(target, target)
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
