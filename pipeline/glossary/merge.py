"""Glossary merge: fold imported entries (from a TBX import) into a glossary, and write the result.

Public API::

    merge_terms(glossary, imported, default_category=None) -> (Glossary, MergeReport)
    write_glossary(merged, directory, before=None) -> [Path]

:func:`merge_terms` never drops data silently and reports every change; :func:`write_glossary`
edits the YAML files in place: only the lines of entries that changed are replaced, new entries
are appended in the file's own layout, every other byte (comments, order, quoting) stays.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write
from pipeline.core.model import Forbidden, Term
from pipeline.glossary.dump import dump_glossary, entry_lines, file_text
from pipeline.glossary.load import _load_file
from pipeline.glossary.model import CATEGORIES, FILE_NAMES, Glossary, term_to_dict
from pipeline.glossary.yaml_layout import FileLayout, edit_entry, file_layout

# --------------------------------------------------------------------------- merge


@dataclass(frozen=True)
class MergeReport:
    """What :func:`merge_terms` did: ids added, ids updated with what changed, ids unchanged."""

    added: tuple[str, ...] = ()
    updated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unchanged: tuple[str, ...] = ()
    #: Added entries that had no glossary category and were given ``default_category``.
    filed: tuple[str, ...] = ()
    default_category: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def lines(self) -> list[str]:
        """One line per added entry and per change of an updated entry."""
        out = [f"added {term_id}" for term_id in self.added]
        for term_id, changes in self.updated:
            out += [f"updated {term_id}: {change}" for change in changes]
        if self.filed:
            count = len(self.filed)
            out.append(f"{count} new entr{'y' if count == 1 else 'ies'} without a glossary category filed as {self.default_category}")
        return out

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def merge_terms(glossary: Glossary | None, imported: Sequence[Term], default_category: str | None = None) -> tuple[Glossary, MergeReport]:
    """Merge imported entries into ``glossary`` (None: an empty one); nothing is written.

    An imported entry updates the glossary entry with its id, else the one whose English
    term is the same (ignoring case); otherwise it is added (at the end; an entry without an
    id gets one made from its English term).  A new entry without a category gets
    ``default_category`` (reported as ``filed``); without one it is refused.  An entry that
    exists keeps its category unless the import names another.  Updating never silently
    drops data, and every change is in the report:

    * forms (variants, accepted renderings, forbidden forms) are added to the lists;
    * a different English term or rendering replaces the old one, which is kept as a
      variant / accepted rendering (or as forbidden, if the import forbids it);
    * a form the import forbids that the entry allowed becomes forbidden, and the other way
      round; a forbidden form's reason and severity are taken from the import;
    * category and notes are replaced when the import has them and they differ; dnt and
      ``case: exact`` are set when the import sets them (an import cannot unset them).

    The result is an in-memory Glossary; validate it before :func:`write_glossary`.
    """
    merge = _Merge(glossary, default_category)
    for new in imported:
        merge.take(new)
    return merge.result()


class _Merge:
    """The state of one :func:`merge_terms`: the entries so far, their indexes, the report."""

    def __init__(self, glossary: Glossary | None, default_category: str | None):
        self.glossary, self.default_category = glossary, default_category
        self.terms = list(glossary.terms) if glossary is not None else []
        self.by_id = {t.id: i for i, t in enumerate(self.terms)}
        self.by_term: dict[str, int] = {}
        for i, t in enumerate(self.terms):
            self.by_term.setdefault(t.term.casefold(), i)
        self.touched: dict[int, Term] = {}
        self.added: list[str] = []
        self.filed: list[str] = []
        self.updated: dict[str, list[str]] = {}

    def take(self, new: Term) -> None:
        """Fold one imported entry in: update the entry it matches, or add it."""
        index = self.by_id.get(new.id) if new.id else None
        if index is None:
            index = self.by_term.get(new.term.casefold())
        if index is not None and index in self.touched:
            first = self.touched[index]
            raise InputError(
                new.source or None,
                f"entry {new.id or repr(new.term)} and the entry at line {first.line} both match glossary entry '{self.terms[index].id}'",
                "merge them into one entry",
                line=new.line or None,
            )
        if index is None:
            index = self._add(new)
        else:
            merged, changes = _merge_entry(self.terms[index], new)
            self.terms[index] = merged
            if changes:
                self.updated.setdefault(merged.id, []).extend(changes)
        self.touched[index] = new

    def _add(self, new: Term) -> int:
        term_id = new.id or _new_id(new.term, self.by_id)
        category = new.category or self.default_category
        if not category:
            raise InputError(
                new.source or None,
                f"new entry '{term_id}' has no category",
                f'add <descrip type="subjectField"> with one of: {", ".join(CATEGORIES)}, or choose one for such entries (--category)',
                line=new.line or None,
            )
        if not new.category:
            self.filed.append(term_id)
        index = len(self.terms)
        self.terms.append(replace(new, id=term_id, category=category))
        self.by_id[term_id] = index
        self.by_term.setdefault(new.term.casefold(), index)
        self.added.append(term_id)
        return index

    def result(self) -> tuple[Glossary, MergeReport]:
        new_ids = set(self.added)  # a set: `in` on the list made a 100,000-entry import quadratic
        unchanged = tuple(t.id for t in self.terms if t.id not in self.updated and t.id not in new_ids)
        report = MergeReport(
            tuple(self.added),
            tuple((k, tuple(v)) for k, v in self.updated.items()),
            unchanged,
            tuple(self.filed),
            self.default_category or "",
        )
        glossary = self.glossary
        merged = Glossary(
            tuple(self.terms),
            version=_content_version(self.terms),
            directory=glossary.directory if glossary is not None else None,
            files=glossary.files if glossary is not None else (),
        )
        return merged, report


def _content_version(terms: Sequence[Term]) -> str:
    """The version :class:`Glossary` gives entries built in memory, hashed entry by entry.

    Same bytes hashed as ``Glossary.__post_init__`` (the JSON of the list of entries), but
    without holding that JSON and every entry's dict at once: 200 MB at 100,000 entries.
    """
    digest = hashlib.sha256(b"[")
    for index, term in enumerate(terms):
        if index:
            digest.update(b", ")
        digest.update(json.dumps(term_to_dict(term, None), ensure_ascii=False, sort_keys=True).encode())
    digest.update(b"]")
    return digest.hexdigest()[:16]


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
        ("term", "variant", "forbidden"), old.term, old.variants, old.forbidden, new.term, new.variants, new.forbidden, changes
    )
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
            (f"{key} rendering", f"{key} accepted", f"{key} forbidden"),
            before.text,
            before.accepted,
            before.forbidden,
            rendering.text,
            rendering.accepted,
            rendering.forbidden,
            changes,
        )
        renderings[key] = replace(before, text=text, accepted=accepted, forbidden=refused)
    merged = replace(
        old, category=category, term=term, variants=variants, forbidden=forbidden, notes=notes, dnt=dnt, case=case, renderings=renderings
    )
    return merged, changes


def _code_key(code: str) -> str:
    return code.replace("-", "_").lower()


def _merge_side(
    labels: tuple[str, str, str],
    old_main: str,
    old_allowed: Sequence[str],
    old_forbidden: Sequence[Forbidden],
    new_main: str,
    new_allowed: Sequence[str],
    new_forbidden: Sequence[Forbidden],
    changes: list[str],
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

#: An edited file up to this size is parsed again and compared with the merge before anything
#: is written: a safety net for the in-place edit.  PyYAML parses about 1 MB a second, so the
#: files only a machine import makes (100,000 entries: 25 MB) are not.
VERIFY_MAX_BYTES = 2 * 2**20


@dataclass
class _FilePlan:
    """One file to write: its entries before, those the merge changed, those it adds."""

    path: Path
    exists: bool
    before: list[Term] = field(default_factory=list)
    updated: dict[str, Term] = field(default_factory=dict)
    added: list[Term] = field(default_factory=list)

    def terms(self) -> list[Term]:
        """The file's entries after the write, in file order."""
        return [self.updated.get(t.id, t) for t in self.before] + self.added


def write_glossary(merged: Glossary, directory: Path, before: Glossary | None = None) -> list[Path]:
    """Write ``merged`` into the glossary ``directory``; return the files written.

    Entries stay in the file they were loaded from (``before``); a new entry goes to the file
    that holds most entries of its category, else to the file :func:`dump_glossary` would use
    (``places.yaml``...).  Files are edited in place: an updated entry's lines are replaced
    (comments inside it are kept, just above it), new entries are appended after the last one
    in the file's own indentation and spacing, and every other line stays byte for byte.  Every
    file is prepared (and, up to :data:`VERIFY_MAX_BYTES`, parsed back and compared with the
    merge) before the first is written; each is written atomically.  Files without changes are
    not touched.  Without ``before`` (a new glossary) this is :func:`dump_glossary`.
    """
    directory = Path(directory)
    if before is None or not before.files:
        return dump_glossary(merged, directory)
    prepared = [(plan.path, _file_bytes(plan)) for plan in _plan(merged, directory, before) if plan.updated or plan.added]
    return [path for path, data in prepared if atomic_write(path, data)]


def _plan(merged: Glossary, directory: Path, before: Glossary) -> list[_FilePlan]:
    """Which entries go into which file."""
    plans = {Path(p).resolve(): _FilePlan(Path(p), True) for p in before.files}
    old: dict[str, Term] = {}
    for term in before.terms:
        plans[Path(term.source).resolve()].before.append(term)
        old[term.id] = term
    home: dict[str, Path] = {}  # category -> the file holding most of its entries
    counts = Counter((t.category, Path(t.source).resolve()) for t in before.terms)
    for (category, file), _ in counts.most_common():
        home.setdefault(category, file)
    for term in merged.terms:
        previous = old.get(term.id)
        if previous is not None:
            if term != previous:
                plans[Path(previous.source).resolve()].updated[term.id] = term
            continue
        if term.category not in home:  # resolved once per category, not once per new entry
            home[term.category] = (directory / FILE_NAMES.get(term.category, f"{term.category}.yaml")).resolve()
        target = home[term.category]
        plans.setdefault(target, _FilePlan(target, False)).added.append(term)
    return list(plans.values())


def _file_bytes(plan: _FilePlan) -> bytes:
    """The new content of one file: a new file in the house style, or the old one edited."""
    if not plan.exists:
        category = Counter(t.category for t in plan.added).most_common(1)[0][0]
        return file_text(category, plan.added).encode("utf-8")
    raw = plan.path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    data = bom + _edited(plan, file_layout(raw.decode("utf-8-sig")))
    if len(data) <= VERIFY_MAX_BYTES:
        _verify(plan, data)
    return data


def _edited(plan: _FilePlan, layout: FileLayout) -> bytes:
    """The file (UTF-8) with the changed entries' lines replaced and the new ones appended.

    Built from encoded pieces, one per entry: 100,000 new entries are a million lines, and
    as one str (two bytes a character once there is Cyrillic) they would take twice the memory.
    """
    newline, style = layout.newline.encode(), layout.style
    lines = [line.encode("utf-8") for line in layout.lines]

    def block(term: Term) -> list[bytes]:
        return [layout.newline.join(entry_lines(term, layout.category, style)).encode("utf-8") + newline]

    if layout.flow is not None:  # "terms: [...]": becomes a block list of all the file's entries
        line, column, end, end_column = layout.flow
        head = layout.lines[line][:column].rstrip() + (layout.lines[end][end_column:] or layout.newline)
        entries: list[bytes] = []
        for index, term in enumerate(plan.terms()):
            entries += [newline] * (style.gap if index else 0) + block(term)
        lines[line : end + 1] = [head.encode("utf-8")] + entries
        return b"".join(lines)
    edits: list[tuple[int, int, list[bytes]]] = []
    old = {t.id: t for t in plan.before} if plan.updated else {}
    for term_id, term in plan.updated.items():
        span = layout.spans.get(term_id)
        if span is None:
            raise RuntimeError(f"{plan.path}: entry '{term_id}' not found where it was loaded from; nothing written")
        # Only the keys that changed are rewritten (see edit_entry) ...
        edited = edit_entry(
            layout.lines[span.first : span.last + 1],
            term_to_dict(old[term_id], layout.category),
            term_to_dict(term, layout.category),
            style,
            layout.newline,
        )
        if edited is not None:
            edits.append((span.first, span.last + 1, ["".join(edited).encode("utf-8")]))
            continue
        # ... unless the entry is in flow style: then it is written whole, and the comments
        # inside it are moved just above it, not lost.
        kept = [(" " * style.item_column + comment).encode("utf-8") + newline for comment in span.comments]
        edits.append((span.first, span.last + 1, kept + block(term)))
    if plan.added:
        appended: list[bytes] = []
        for term in plan.added:
            appended += [newline] * style.gap + block(term)
        if layout.end and not layout.lines[layout.end - 1].endswith(("\n", "\r")):
            lines[layout.end - 1] += newline  # a file without a final line end
        edits.append((layout.end, layout.end, appended))
    for first, stop, new in sorted(edits, key=lambda edit: edit[0], reverse=True):
        lines[first:stop] = new
    return b"".join(lines)


def _verify(plan: _FilePlan, data: bytes) -> None:
    """Raise RuntimeError unless ``data`` loads back as exactly the entries meant for the file."""
    try:
        loaded = _load_file(plan.path, data)
    except InputError as error:
        raise RuntimeError(f"{plan.path}: the edited file would not load ({error.problem}); nothing written") from None
    if loaded != plan.terms():
        raise RuntimeError(f"{plan.path}: the edited file would not load back as the merged entries; nothing written")
