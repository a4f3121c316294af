"""A template merged into a locale's catalog like msgmerge.

Pure functions on :mod:`polib` objects; building the template is :mod:`pipeline.catalogs.template`,
reading and writing files :mod:`pipeline.catalogs.pofiles`.
An entry is identified by its key ``(msgctxt, msgid)``, as in gettext: the same msgid in two
contexts is two messages.  The merge never loses a translator's work, whatever kind of entry
holds it (plain, with a context, with plural forms, obsolete):

* an entry whose key is unchanged keeps its msgstr, flags, translator comments and previous
  msgid; an entry is never matched across contexts (template entries have no context);
* a changed source paragraph keeps the old translation, marked fuzzy, with the previous
  msgid (``#|``), when it is similar enough to its old text (msgmerge's fuzzy matching).
  Only context-less singular entries are fuzzy candidates: a translation never moves into
  another context, and a plural translation never becomes a singular one;
* an entry that leaves the live catalog becomes obsolete (``#~``) with *all* its fields:
  context, plural forms, flags, translator comments, previous msgctxt/msgid/msgid_plural
  (``#~|``, as msgmerge writes them; note that polib's reader skips ``#~|`` lines).
  It is dropped only when it holds nothing (no translation in any form, no translator
  comment) or lives on in a fuzzy match; an obsolete entry whose key comes back is revived;
* a catalog holds one entry per key, live or obsolete (msgfmt refuses duplicates): a plural
  entry whose key a unit takes stays live with its plural forms, marked fuzzy for review,
  rather than losing its other forms; of two existing entries with one key (a file msgfmt
  refuses) the live one is kept;
* the order of entries is the document's order, as msgmerge takes the template's order.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from typing import Callable, Iterable

import polib

from pipeline.catalogs.entries import is_reviewed, mark_fuzzy, translations
from pipeline.catalogs.provenance import legacy_notes, provenance_notes
from pipeline.catalogs.template import locale_metadata, new_catalog

#: msgmerge's threshold for a fuzzy match (gettext's FUZZY_THRESHOLD).
FUZZY_THRESHOLD = 0.6


def same_entries(a: polib.POFile, b: polib.POFile) -> bool:
    """True when two catalogs hold the same entries (headers aside), every gettext field compared."""

    def key(po: polib.POFile):
        return [
            (
                e.msgctxt,
                e.msgid,
                e.msgid_plural,
                e.msgstr,
                sorted(e.msgstr_plural.items()),
                e.occurrences,
                e.comment,
                e.tcomment,
                e.flags,
                e.obsolete,
                e.previous_msgctxt,
                e.previous_msgid,
                e.previous_msgid_plural,
            )
            for e in po
        ]

    return key(a) == key(b)


@dataclass(frozen=True)
class MergeReport:
    """What a merge did to one catalog.

    ``kept`` counts every unit that found its entry by key, ``revived`` those of them whose
    entry was obsolete; ``obsoleted`` counts live entries that became obsolete.
    """

    kept: int = 0
    fuzzy_matched: int = 0
    added: int = 0
    obsoleted: int = 0
    revived: int = 0


Key = tuple[str | None, str]


def entry_key(entry: polib.POEntry) -> Key:
    """An entry's identity in a catalog: ``(msgctxt, msgid)``, the pair msgfmt keeps unique."""
    return (entry.msgctxt, entry.msgid)


def _worth_keeping(entry: polib.POEntry) -> bool:
    # What a person wrote: a translation in any form, or a translator comment.
    return bool(translations(entry) or entry.tcomment)


def _fuzzy_candidate(entry: polib.POEntry) -> bool:
    # Template units are context-less and singular: a translation in a context is about another
    # meaning, and a plural translation cannot become a singular one.
    return entry.msgctxt is None and not entry.msgid_plural and bool(entry.msgstr)


def _best_fuzzy(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        # quick_ratio is an upper bound of ratio: skip the expensive comparison when hopeless.
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _by_key(entries: list[polib.POEntry]) -> dict[Key, polib.POEntry]:
    """The one existing entry that owns each key: a live one before an obsolete one.

    A valid catalog has one entry per key already; a second one (a file msgfmt would refuse)
    cannot be written back under the same key, so it is dropped.  A plural entry with
    nothing in it does not claim its key: a unit with that msgid simply starts afresh.
    """
    owners: dict[Key, polib.POEntry] = {}
    for entry in sorted(entries, key=lambda e: bool(e.obsolete)):  # stable: file order otherwise
        if entry.msgid_plural and not _worth_keeping(entry):
            continue
        owners.setdefault(entry_key(entry), entry)
    return owners


def _take_over(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Give the new ``entry`` the translation, flags, comments and previous fields of ``old``."""
    entry.msgstr = old.msgstr
    entry.flags = list(old.flags)
    entry.tcomment = old.tcomment
    entry.previous_msgctxt = old.previous_msgctxt
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    if old.msgid_plural:
        # msgfmt allows one entry per key, so the plural entry cannot stay beside the unit as
        # obsolete; it keeps its forms (dropping all but one would lose work), fuzzy: the
        # template wants a singular message, and a translator decides.
        entry.msgid_plural = old.msgid_plural
        entry.msgstr_plural = dict(old.msgstr_plural)
        if translations(old):
            mark_fuzzy(entry)


def _fuzzy_take_over(entry: polib.POEntry, match: polib.POEntry) -> None:
    """Give ``entry`` the translation of a similar old text, fuzzy, recording that text (``#|``)."""
    entry.msgstr = match.msgstr
    entry.flags = list(match.flags)
    mark_fuzzy(entry)
    entry.tcomment = match.tcomment
    entry.previous_msgctxt = match.msgctxt  # ``#| msgctxt``; None, as candidates have no context
    entry.previous_msgid = match.msgid


def _live_entry(
    source: polib.POEntry, owners: dict[Key, polib.POEntry], orphans: list[polib.POEntry], hints: Callable[[str], Iterable[str]] | None
) -> tuple[polib.POEntry, polib.POEntry | None, str]:
    """The catalog entry for one template entry, the old entry it took over, and the outcome."""
    entry = polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgstr="", occurrences=list(source.occurrences))
    old = owners.get(entry_key(source))
    if old is not None:
        _take_over(entry, old)
        outcome = "revived" if old.obsolete else "kept"
    else:
        old = _best_fuzzy(source.msgid, orphans) if source.msgctxt is None else None
        if old is not None:
            _fuzzy_take_over(entry, old)
        outcome = "added" if old is None else "fuzzy_matched"
    comments = [source.comment] if source.comment else []
    if hints is not None:
        comments.extend(hints(source.msgid))
    entry.comment = "\n".join(comments)
    if old is not None:
        # polib's translated(): for the entries a merge makes, "a msgstr and not fuzzy" (a taken-over
        # plural entry with forms is fuzzy), the test merges have always made.
        entry.tcomment = provenance_notes(entry.tcomment, legacy_notes(old.comment), is_reviewed(entry))
    return entry, old, outcome


def _as_obsolete(old: polib.POEntry) -> polib.POEntry:
    """``old`` as an obsolete entry with every field it has (context, plural forms, ``#|``...)."""
    gone = copy.deepcopy(old)  # a copy: the existing catalog is not modified
    gone.obsolete = True
    gone.occurrences = []  # references point into the template, which no longer has this unit
    return gone


def _merged_metadata(catalog: polib.POFile, template: polib.POFile, existing: polib.POFile, locale: str) -> None:
    # The translator's header fields win; only the template date and missing locale fields change.
    metadata = dict(existing.metadata)
    metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
    for key, value in locale_metadata(locale).items():
        metadata.setdefault(key, value)
    catalog.metadata = metadata
    catalog.header = existing.header


def merge(
    template: polib.POFile, existing: polib.POFile | None, locale: str, hints: Callable[[str], Iterable[str]] | None = None
) -> tuple[polib.POFile, MergeReport]:
    """Update ``existing`` (or a new catalog) to ``template``, keeping every translation.

    Entries are matched by ``(msgctxt, msgid)``; live entries follow the template's order and
    entries the template no longer has follow as obsolete ones (see the module docstring).
    ``hints(msgid)`` gives extra extracted comments for an entry (the glossary's required
    renderings for this locale).  ``existing`` is not modified.
    """
    catalog = new_catalog(template, locale)
    old_entries = list(existing) if existing is not None else []
    if existing is not None:
        _merged_metadata(catalog, template, existing, locale)
    owners = _by_key(old_entries)
    template_keys = {entry_key(e) for e in template}
    # Only translations that are about to be lost are fuzzy-match candidates.
    orphans = [e for e in owners.values() if entry_key(e) not in template_keys and _fuzzy_candidate(e)]
    used: set[int] = set()
    counts = dict(kept=0, fuzzy_matched=0, added=0, obsoleted=0, revived=0)

    for source in template:
        entry, old, outcome = _live_entry(source, owners, orphans, hints)
        if outcome == "fuzzy_matched":
            used.add(id(old))
        counts[outcome] += 1
        counts["kept"] += outcome == "revived"  # a revived unit is kept too (as reports always counted)
        catalog.append(entry)

    for old in old_entries:
        if owners.get(entry_key(old)) is not old or entry_key(old) in template_keys:
            continue  # taken over by a unit, or a duplicate key that cannot be written back
        if id(old) in used or not _worth_keeping(old):
            continue  # lives on in a fuzzy match, or holds nothing
        catalog.append(_as_obsolete(old))
        counts["obsoleted"] += not old.obsolete
    return catalog, MergeReport(**counts)
