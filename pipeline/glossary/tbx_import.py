"""Glossary import: read a TBX file (2008 ``<martif>`` or 2019 ``<tbx>``) into glossary Terms, safely.

Public API::

    read_tbx(path, locales=None, limits=Limits()) -> TbxImport   the Terms, and what was left out
    import_tbx(path, locales=None, limits=Limits()) -> [Term]    the Terms only
    Limits(max_bytes, max_entries)                               how much one import may read

The mapping read is the one :mod:`.tbx` writes (see its docstring).  Merging the result into
a glossary is :func:`.merge.merge_terms`.

Languages: ``xml:lang`` tags are BCP 47, matched case-insensitively to the glossary's locales
(``ru-RU``, ``RU-ru`` and ``ru`` are the configured ``ru``; ``az-Latn-AZ`` is ``az``); ``en``,
``en-US``, ``en-GB`` are the English side.  A language section in any other language is
skipped, and :meth:`TbxImport.warnings` says so once per tag with its entry count.

Import is lenient about files from other tools: ``termEntry``/``langSet``/``tig``/``ntig``
(2008) and ``conceptEntry``/``langSec``/``termSec`` (2019); a term without status is the
preferred one if the language has none yet, else admitted; ``supersededTerm``,
``notRecommendedTerm`` and ``obsoleteTerm`` are forbidden with severity warning unless a note
says otherwise; the V4 ``usageStatus`` values are read too; a term note on an allowed form
is kept in the entry's notes, and so are definitions (``<descrip type="definition">``,
Weblate's untyped ``<descrip>``); Weblate's ``forbidden``/``obsolete`` statuses and
``translationNote`` "no" are read.  An entry id that is not a glossary id (``[a-z0-9-]+``), or
is another tool's entry number (``1``, ``c12``, ``e1``), is returned as ``""``:
:func:`.merge.merge_terms` then matches the entry by its English term, or makes an id from it.
A subject field that is not a glossary category is counted, not refused: the entry's
category is then left to the merge (``--category``).

XML safety: the file is parsed with expat as :mod:`pipeline.core.xmlsafe` sets it up (also for
XLIFF and TMX); a document type declaration is allowed (2008 files name their DTD) but never
loaded, and any ENTITY declaration ("billion laughs", external entities) or reference to an
undeclared entity is refused with an InputError.

Size: only regular files are read (a FIFO or /dev/zero is refused from its stat, unread);
the file is streamed in 1 MB chunks and only the entry being read is kept as XML, so time
and memory are linear in the file; files over ``Limits.max_bytes`` (default 256 MB) or with
more than ``Limits.max_entries`` entries (default 100,000) are refused with one line.
"""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from pipeline.core.errors import InputError
from pipeline.core.locales import normalize_locale
from pipeline.core.model import ERROR, SEVERITIES, WARNING, Forbidden, Rendering, Term
from pipeline.core.xmlsafe import Refused, input_errors, safe_parser
from pipeline.glossary.model import CATEGORIES, DerivedForm, DerivedRendering
from pipeline.glossary.tbx import CASE_NOTE, DNT_NOTE, EXPORT_NOTE, parse_derived_note, parse_reason_note
from pipeline.core.collector import collector_paused

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FOREIGN_ID = re.compile(r"[a-z]{0,3}-?[0-9]+\Z")  # an entry number: 1, c12, e1, te-2


# --------------------------------------------------------------------------- limits and opening

#: Defaults of ``l10n glossary import --max-size`` (MB) and ``--max-entries``.
MAX_MEGABYTES = 256
MAX_ENTRIES = 100_000
_CHUNK = 1 << 20
_ROOTS = ("tbx", "martif")
_ENTRIES = ("conceptEntry", "termEntry")


@dataclass(frozen=True)
class Limits:
    """How much one import may read: file size in bytes and number of entries."""

    max_bytes: int = MAX_MEGABYTES * 2**20
    max_entries: int = MAX_ENTRIES


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size < 10 * 2**20 else f"{size / 2**20:.0f} MB"


def _open(path: Path, limits: Limits) -> int:
    """A descriptor of ``path`` if it is a regular file within the size limit; InputError otherwise.

    A FIFO, a device (/dev/zero) or a directory is refused from its stat, before it is opened:
    reading one would hang or never end.  O_NONBLOCK and a second check on the open descriptor
    close the gap where the path is replaced between the two.
    """
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
            info = os.fstat(fd)
        else:
            fd = -1
    except OSError as error:
        raise InputError(path, f"cannot read the file: {error.strerror or error}", "check the path") from None
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = f"not a regular file but {_file_kind(info.st_mode)}", "give the path of a .tbx file"
    elif info.st_size > limits.max_bytes:
        problem = (
            f"the file is {_megabytes(info.st_size)}, more than the limit of {_megabytes(limits.max_bytes)}",
            "split the termbase, or raise the limit with --max-size",
        )
    if problem is not None:
        if fd >= 0:
            os.close(fd)
        raise InputError(path, *problem)
    return fd


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


# --------------------------------------------------------------------------- streaming XML parsing


class _Stream:
    """expat callbacks that build one entry at a time and hand it to ``on_entry``.

    Only the entry being read is in memory (the header and what lies between entries are
    skipped), so memory does not grow with the file beyond the Terms made from it.  Tags and
    attribute names are local names (namespaces dropped; ``xml:lang`` becomes ``lang``).
    These handlers run once per element of a file of millions: inside an entry they do the
    least possible, and character data goes straight to the C TreeBuilder (the handler is
    switched on at an entry's start and off at its end).
    """

    def __init__(self, parser, on_entry, max_entries: int):
        self.parser, self.on_entry, self.max_entries = parser, on_entry, max_entries
        self.root: str | None = None
        self.root_line = 0
        self.count = 0
        self.builder: ET.TreeBuilder | None = None
        self.depth = 0
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """An element starts: inside an entry, add it to the entry's tree; else look for an entry."""
        builder = self.builder
        if builder is not None:  # inside an entry: the common case
            self.depth += 1
            element = builder.start(_LOCAL_NAMES.get(tag) or _local(tag), {_local(k): v for k, v in attrs.items()} if attrs else {})
            self.lines[element] = self.parser.CurrentLineNumber
            return
        tag, line = _local(tag), self.parser.CurrentLineNumber
        if self.root is None:
            self.root, self.root_line = tag, line
            if tag not in _ROOTS:
                raise Refused(
                    f"not a TBX file: the root element is <{tag}>, not <tbx> or <martif>",
                    "export the glossary as TBX from your terminology tool",
                    line,
                )
        if tag not in _ENTRIES:
            return
        self.count += 1
        if self.count > self.max_entries:
            raise Refused(
                f"the file has more than {self.max_entries} entries, the limit",
                "split the termbase, or raise the limit with --max-entries",
                line,
            )
        self.builder, self.depth, self.lines = ET.TreeBuilder(), 1, {}
        self.lines[self.builder.start(tag, {_local(k): v for k, v in attrs.items()})] = line
        self.parser.CharacterDataHandler = self.builder.data

    def end(self, tag: str) -> None:
        builder = self.builder
        if builder is None:
            return
        builder.end(tag)  # the C TreeBuilder does not compare names; expat checked nesting
        self.depth -= 1
        if not self.depth:
            self.parser.CharacterDataHandler = None  # text between entries is not kept
            element, self.builder = builder.close(), None
            self.on_entry(element, self.lines)


def _parse(path: Path, fd: int, limits: Limits, on_entry) -> _Stream:
    """Stream the file through expat, calling ``on_entry(element, lines)`` for each entry.

    DTDs are never loaded; entity declarations are refused.  Reads at most ``limits.max_bytes``
    (a file that grows while it is read is cut off there, with an error).
    """
    parser = safe_parser("TBX")
    stream = _Stream(parser, on_entry, limits.max_entries)
    parser.StartElementHandler, parser.EndElementHandler = stream.start, stream.end
    with input_errors(path):
        _feed(path, fd, parser, limits.max_bytes)
    return stream


def _feed(path: Path, fd: int, parser, max_bytes: int) -> None:
    total = 0
    while True:
        try:
            chunk = os.read(fd, _CHUNK)
        except OSError as error:
            raise InputError(path, f"cannot read the file: {error.strerror or error}", "check the path") from None
        total += len(chunk)
        if total > max_bytes:
            raise InputError(
                path,
                f"the file grew past the limit of {_megabytes(max_bytes)} while it was read",
                "split the termbase, or raise the limit with --max-size",
            )
        parser.Parse(chunk, not chunk)
        if not chunk:
            return


_LOCAL_NAMES: dict[str, str] = {}


def _local(name: str) -> str:
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 10_000:  # a few dozen distinct names in a real file: remember them
            _LOCAL_NAMES[name] = local
    return local


# --------------------------------------------------------------------------- languages


class _Languages:
    """Which side of an entry a language tag names: ``"en"``, a locale code, or None (skipped).

    Tags are BCP 47 and matched case-insensitively by :func:`pipeline.core.locales.normalize_locale`
    (``ru-RU``, ``RU-ru``, ``ru_RU`` name a configured ``ru``; ``az-Latn-AZ`` names ``az``).
    With ``locales`` (the configured ones) any other tag is skipped, never made a new locale;
    so is a tag whose script the locale is not written in (``az-Cyrl`` for a Latin ``az``).
    Without ``locales`` every locale Babel knows is kept, spelled as Babel spells it.
    """

    def __init__(self, locales: Sequence[str] | None, source: str = "en"):
        self.known = tuple(locales) if locales is not None else None
        self.source = _subtags(source)[0].lower()  # en_US in the configuration: the en side
        self.reason = "not a configured locale" if locales is not None else "not a locale code Babel knows"
        self.cache: dict[str, str | None] = {}

    def code(self, tag: str) -> str | None:
        key = tag.lower()
        if key not in self.cache:  # a few distinct tags per file: each is resolved once
            self.cache[key] = self._resolve(tag)
        return self.cache[key]

    def _resolve(self, tag: str) -> str | None:
        if _subtags(tag)[0].lower() == self.source:  # en, en-US, en-GB: the English side
            return "en"
        try:
            code = normalize_locale(tag, self.known or ())
        except InputError:
            return None
        if self.known is not None and (code not in self.known or _other_script(tag, code)):
            return None
        return code


def _subtags(tag: str) -> list[str]:
    return re.split(r"[-_]", tag)


def _other_script(tag: str, code: str) -> bool:
    """Whether ``tag`` names a script (``Cyrl``) that the locale ``code`` is not written in."""
    script = next((s for s in _subtags(tag)[1:] if len(s) == 4 and s.isalpha()), None)
    if script is None:
        return False
    from babel import Locale  # here: Babel is slow to import, and only a script subtag needs it
    from babel.core import get_global

    written = Locale.parse(code).script
    if written is None:  # the script the locale is usually written in: az -> az_Latn_AZ
        likely = get_global("likely_subtags").get(_subtags(code)[0].lower(), "")
        written = next((s for s in _subtags(likely)[1:] if len(s) == 4), None)
    return written is not None and written.lower() != script.lower()


# --------------------------------------------------------------------------- import

_STATUS = {
    "preferredterm": "preferred",
    "preferred": "preferred",
    "standardizedterm": "preferred",
    "admittedterm": "admitted",
    "admitted": "admitted",
    "legalterm": "admitted",
    "regulatedterm": "admitted",
    "deprecatedterm": ERROR,
    "deprecated": ERROR,
    "forbidden": ERROR,
    "supersededterm": WARNING,
    "notrecommendedterm": WARNING,
    "obsoleteterm": WARNING,
    "superseded": WARNING,
    "notrecommended": WARNING,
    "obsolete": WARNING,
}
_STATUS_TYPES = ("administrativestatus", "usagestatus", "normativeauthorization")
_CONTAINERS = ("termSec", "tig", "ntig")
#: Entry descriptions other tools write that are notes for translators (Weblate writes a
#: <descrip> without a type for its "explanation").
_DESCRIPTIONS = ("definition", "usage note", "")


@dataclass
class _Side:
    """The forms of one language of one entry, while an entry is read."""

    main: str | None = None
    allowed: list[str] = field(default_factory=list)
    forbidden: list[Forbidden] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line: int = 0
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    derived: list = field(default_factory=list)  # DerivedForm: words such as ходжалинский


@dataclass
class TbxImport:
    """What :func:`read_tbx` read: the entries, and what it left out of them (said once per kind).

    ``skipped_languages``: language tag (as first written) -> number of entries with terms in
    it, for tags that name no locale of the glossary; ``foreign_subjects``: subject field ->
    number of entries, for subject fields that are not glossary categories (such an entry
    gets its category from the merge: ``--category``).
    """

    terms: list[Term]
    skipped_languages: dict[str, int] = field(default_factory=dict)
    foreign_subjects: dict[str, int] = field(default_factory=dict)
    skip_reason: str = "not a configured locale"

    def warnings(self) -> list[str]:
        """One line per skipped language and per foreign subject field."""
        out = [f"{_entries(count)} {tag} terms: {self.skip_reason}; skipped" for tag, count in self.skipped_languages.items()]
        out += [
            f"{_entries(count)} subject field '{subject}': not a glossary category; ignored"
            for subject, count in self.foreign_subjects.items()
        ]
        return out


def _entries(count: int) -> str:
    return f"{count} entr{'y has' if count == 1 else 'ies have'}"


def read_tbx(path: Path, locales: Sequence[str] | None = None, *, source: str = "en", limits: Limits = Limits()) -> TbxImport:
    """Read the entries of a TBX file (2008 ``<martif>`` or 2019 ``<tbx>``, any namespace).

    ``locales``: the glossary's locales (configured first); language sections in other
    languages are skipped and counted (see :class:`_Languages`).  Each Term has ``source`` = the
    file, ``line`` = the entry's line and ``lines`` for its forms, so later problems point into
    the TBX file.  The file is streamed: time and memory grow linearly with it.  Raises
    InputError (one line, with the line number) for a path that is not a regular file (FIFO,
    device, directory: refused without reading), a file over ``limits``, malformed XML, an
    entity declaration, a root that is not TBX, a file without entries, an entry without an
    English term, a language section without a language, or an entry id used twice.
    """
    path = Path(path)
    reader = _Reader(path, _Languages(locales, source))
    fd = _open(path, limits)
    try:
        # This pipeline's own export (its header says so near the top) is trusted with any id.
        reader.own_export = EXPORT_NOTE.encode() in os.read(fd, 4096)
        os.lseek(fd, 0, os.SEEK_SET)
        with collector_paused():
            stream = _parse(path, fd, limits, reader.add)
    finally:
        os.close(fd)
    if not stream.count:
        raise InputError(
            path, "the TBX file has no entries (conceptEntry or termEntry)", "export at least one entry", line=stream.root_line or None
        )
    skipped = {tag: count for tag, count in reader.skipped.values()}
    return TbxImport(reader.terms, skipped, dict(reader.subjects), reader.languages.reason)


def import_tbx(path: Path, locales: Sequence[str] | None = None, *, limits: Limits = Limits()) -> list[Term]:
    """The entries of a TBX file: :func:`read_tbx` without the report of what was left out."""
    return read_tbx(path, locales, limits=limits).terms


class _Reader:
    """Turns each entry element into a Term, checks ids, and counts what it leaves out."""

    def __init__(self, path: Path, languages: _Languages):
        self.path, self.languages = path, languages
        self.own_export = False
        self.terms: list[Term] = []
        self.seen: dict[str, int] = {}
        self.skipped: dict[str, list] = {}  # tag, lower case -> [tag as first written, entries]
        self.subjects: Counter = Counter()

    def add(self, element: ET.Element, lines: dict[ET.Element, int]) -> None:
        term = _entry(self, element, lines)
        if term.id:
            if term.id in self.seen:
                raise InputError(
                    self.path,
                    f"entry id '{term.id}' is used twice (first at line {self.seen[term.id]})",
                    "give every entry its own id",
                    line=term.line,
                )
            self.seen[term.id] = term.line
        self.terms.append(term)


def _text(element: ET.Element) -> str:
    if not len(element):  # no markup inside (nearly every element): no need to walk it
        return (element.text or "").strip()
    return "".join(element.itertext()).strip()


def _entry_id(element: ET.Element, own_export: bool) -> tuple[str, str]:
    """``(glossary id or "", id as written)``.

    In a file from another tool, an entry number (memoQ and MultiTerm: 1, 2, 3; others: c12,
    e1) is not a glossary id: kept, it would name new entries "1" and "c12", and the next file
    from any tool would update those entries by number, whatever their terms.  Such an entry
    is matched by its English term instead.  In this pipeline's own export every id is ours
    (an id starting with a digit is written with a "_" before it).
    """
    raw_id = (element.get("id") or "").strip()
    term_id = raw_id[1:] if raw_id.startswith("_") else raw_id
    if not _ID.match(term_id) or (not own_export and _FOREIGN_ID.match(raw_id)):
        term_id = ""
    return term_id, raw_id


def _entry(reader: _Reader, element: ET.Element, lines: dict[ET.Element, int]) -> Term:
    path, line = reader.path, lines.get(element, 0)
    term_id, raw_id = _entry_id(element, reader.own_export)
    name = f"'{raw_id}'" if raw_id else f"at line {line}"
    category = ""
    notes: list[str] = []
    flags: set[str] = set()
    sides: dict[str, _Side] = {}
    skipped: dict[str, str] = {}
    subjects: set[str] = set()
    for child in element:
        if child.tag in ("descrip", "descripGrp"):
            for descrip in child.iter("descrip"):
                category = _descrip(descrip, notes, flags, subjects) or category
        elif child.tag == "note":
            _note(_text(child), notes, flags)
        elif child.tag in ("langSec", "langSet"):
            _language(reader, name, child, lines, sides, flags, skipped)
    for key, tag in skipped.items():
        reader.skipped.setdefault(key, [tag, 0])[1] += 1
    reader.subjects.update(subjects)
    for code, side in sides.items():
        if side.main is None and side.allowed:  # no preferred term: the first admitted one is the main form
            side.main = side.allowed.pop(0)
            kinds = ("variant", "term") if code == "en" else ("accepted", "rendering")
            side.lines[(kinds[1], side.main)] = side.lines.pop((kinds[0], side.main), line)
    en = sides.get("en")
    if en is None or not en.main:
        raise InputError(path, f"entry {name} has no English term", 'add <langSec xml:lang="en"> with the English term', line=line)
    return _term(path, term_id, category, notes, flags, sides, line)


def _term(path: Path, term_id: str, category: str, notes: list[str], flags: set[str], sides: dict[str, _Side], line: int) -> Term:
    en = sides["en"]
    notes = notes + en.notes
    renderings, form_lines = {}, {("", kind, form): ln for (kind, form), ln in en.lines.items()}
    for code, side in sides.items():
        if code == "en":
            continue
        notes += side.notes
        args = (code, side.main or "", tuple(side.allowed), tuple(side.forbidden))
        renderings[code] = (
            DerivedRendering(*args, line=side.line, derived=tuple(side.derived)) if side.derived else Rendering(*args, line=side.line)
        )
        form_lines.update({(code, kind, form): ln for (kind, form), ln in side.lines.items()})
    return Term(
        id=term_id,
        category=category,
        term=en.main or "",
        variants=tuple(en.allowed),
        forbidden=tuple(en.forbidden),
        notes="\n".join(notes),
        dnt="dnt" in flags,
        renderings=renderings,
        source=str(path),
        line=line,
        case="exact" if "exact" in flags else "default",
        lines=form_lines,
    )


def _descrip(descrip: ET.Element, notes: list[str], flags: set[str], subjects: set[str]) -> str:
    """Read one <descrip>: return the category it names, or "" (other kinds go to notes or flags).

    A subject field that is not a glossary category is counted, not refused: other tools file
    entries under their own domains ("Legal", "Geography").
    """
    kind, text = (descrip.get("type") or "").strip().lower(), _text(descrip)
    if kind == "subjectfield":
        if text.lower() in CATEGORIES:
            return text.lower()
        if text:
            subjects.add(text)
    elif kind == "translation needed" and text.lower() == "no":  # Weblate's read-only terms
        flags.add("dnt")
    elif kind in _DESCRIPTIONS and text:
        notes.append(text)
    return ""


def _note(text: str, notes: list[str], flags: set[str]) -> None:
    """A free note: a dnt or case marker, or a translator note."""
    folded = " ".join(text.split()).casefold()
    if folded == DNT_NOTE:
        flags.add("dnt")
    elif folded == CASE_NOTE:
        flags.add("exact")
    elif text:
        notes.append(text)


def _language(
    reader: _Reader,
    name: str,
    element: ET.Element,
    lines: dict[ET.Element, int],
    sides: dict[str, _Side],
    flags: set[str],
    skipped: dict[str, str],
) -> None:
    line = lines.get(element, 0)
    tag = (element.get("lang") or "").strip()
    if not tag:
        raise InputError(reader.path, f"entry {name}: a language section has no xml:lang", 'add xml:lang="az"', line=line)
    code = reader.languages.code(tag)
    if code is None:
        skipped.setdefault(tag.lower(), tag)
        return
    side = sides.setdefault(code, _Side(line=line))
    for child in element:
        if child.tag == "note":
            _note(_text(child), side.notes, flags)
        elif child.tag in ("descrip", "descripGrp"):  # a definition in this language
            for descrip in child.iter("descrip"):
                text = _text(descrip)
                if (descrip.get("type") or "").strip().lower() in _DESCRIPTIONS and text:
                    side.notes.append(text if code == "en" else f"{code}: {text}")
        elif child.tag in _CONTAINERS:
            _form(child, lines, side, flags, code)


def _form(container: ET.Element, lines: dict[ET.Element, int], side: _Side, flags: set[str], code: str) -> None:
    term, status, notes = None, None, []
    for child in container.iter():  # one walk: <term>, <termNote>s and <note>s, nested (ntig) or not
        tag = child.tag
        if tag == "term":
            term = child if term is None else term
        elif tag == "termNote":
            kind = (child.get("type") or "").lower()
            if kind in _STATUS_TYPES:
                status = _STATUS.get(_text(child).lower().removesuffix("-admn-sts"), status)
            elif kind == "transfercomment" and " ".join(_text(child).split()).casefold() == DNT_NOTE:
                flags.add("dnt")
            elif kind == "translationnote" and _text(child).lower() == "no":  # Weblate: not to be translated
                flags.add("dnt")
        elif tag == "note" and (text := _text(child)):
            notes.append(text)
    if term is None:
        return
    form, line = _text(term), lines.get(term, 0)
    if status in SEVERITIES:  # a forbidden form: its note is "<reason>; severity: <severity>"
        if not form:
            return
        reason, severity = parse_reason_note("; ".join(notes))
        side.forbidden.append(Forbidden(form, reason, severity or status))
        side.lines.setdefault(("forbidden", form), line)
        return
    kinds = [k for k in map(parse_derived_note, notes) if k is not None]
    if kinds and form and code != "en":  # a derived word (our own export): counts as the rendering
        side.derived.append(DerivedForm(form, kinds[0]))
        side.lines.setdefault(("derived", form), line)
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
