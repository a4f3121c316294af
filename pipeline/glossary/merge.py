"""Glossary merge: fold imported entries (from a TBX import) into a glossary, and write the result.

Public API::

    merge_terms(glossary, imported) -> (Glossary, MergeReport)
    write_glossary(merged, directory, before=None) -> [Path]

:func:`merge_terms` never drops data silently and reports every change; :func:`write_glossary`
rewrites only the YAML files whose entries changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..model import Forbidden, Term
from .dump import dump_glossary, term_to_dict
from .load import CATEGORIES, FILE_NAMES, Glossary


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
        doc = {"category": category, "terms": [term_to_dict(t, category) for t in terms]}
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        path = files.get(target, target)
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
