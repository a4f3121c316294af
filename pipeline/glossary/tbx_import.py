"""Glossary import: read a TBX file (2008 ``<martif>`` or 2019 ``<tbx>``) into glossary Terms, safely.

Public API::

    import_tbx(path) -> [Term]                    TBX 2008 (<martif>) or 2019 (<tbx>), namespaced or not

The mapping read is the one :mod:`.tbx` writes (see its docstring).  Merging the result into
a glossary is :func:`.merge.merge_terms`.

Import is lenient about files from other tools: ``termEntry``/``langSet``/``tig``/``ntig``
(2008) and ``conceptEntry``/``langSec``/``termSec`` (2019); a term without status is the
preferred one if the language has none yet, else admitted; ``supersededTerm``,
``notRecommendedTerm`` and ``obsoleteTerm`` are forbidden with severity warning unless a note
says otherwise; the V4 ``usageStatus`` values are read too; a term note on an allowed form
is kept in the entry's notes.  An entry id that is not a glossary id (``[a-z0-9-]+``) is
returned as ``""``: :func:`.merge.merge_terms` then matches the entry by its English term, or
makes an id from it.

XML safety: the file is parsed with expat directly; a document type declaration is allowed
(2008 files name their DTD) but never loaded, and any ENTITY declaration ("billion laughs",
external entities) or reference to an undeclared entity is refused with an InputError.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..errors import InputError
from ..model import ERROR, SEVERITIES, WARNING, Forbidden, Rendering, Term
from .load import CATEGORIES
from .tbx import CASE_NOTE, DNT_NOTE, parse_reason_note

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


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
