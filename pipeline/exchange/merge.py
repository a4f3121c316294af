"""Putting a translator's XLIFF units back into a catalog, with the rules of a translator's save.

For each unit, the catalog entry is found by the unit id (``pipeline.exchange.unit_id``) and
checked against the unit's source; a tool that renumbered the units (memoQ, Trados) is matched
by the source text alone.  Then:

* no entry has the unit's source: the paragraph changed since the export (``update`` gave the
  entry a new msgid) – reported, not imported;
* the source names several entries (different msgctxt) and the id is not ours – reported;
* no target, or a segment of it empty – nothing to do;
* target equal to the catalog's msgstr – only the state counts: reviewed clears the fuzzy flag
  (and the previous msgid ``#|``), needs-review leaves the entry as it is;
* target different – it goes in, fuzzy unless reviewed, *unless* the catalog's msgstr is no
  longer the one exported (someone edited the PO since): that is a conflict, reported, and the
  catalog keeps its translation.  "The one exported" is the hash the unit carries
  (``l10n:base``) or, for a tool that dropped it, the record of the last export; with neither,
  any non-empty msgstr that differs is a conflict: nobody's work is overwritten on a guess.

A translation that goes in replaces the machine-translation notes (``MT:``, ``MT lost:``),
which described the draft it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import polib

from pipeline.catalogs.entries import clear_fuzzy, mark_fuzzy
from pipeline.catalogs.provenance import drop_machine_notes
from pipeline.exchange import text_hash, unit_id
from pipeline.exchange.xliff import REVIEWED, Unit

__all__ = ["Finding", "MergeResult", "merge_units", "CONFLICT", "SOURCE_CHANGED", "AMBIGUOUS"]

CONFLICT = "conflict"
SOURCE_CHANGED = "source changed"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Finding:
    """A unit that was not imported, and why."""

    kind: str  # CONFLICT, SOURCE_CHANGED or AMBIGUOUS
    unit: str
    source: str
    line: int
    detail: str


@dataclass
class MergeResult:
    """What merging the units of one file into one catalog did."""

    imported: int = 0  # a new translation went in
    approved: int = 0  # same translation, now reviewed: fuzzy flag cleared
    unchanged: int = 0
    untranslated: int = 0  # no target in the file
    findings: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the catalog needs writing."""
        return bool(self.imported or self.approved)

    def add(self, other: "MergeResult") -> None:
        """Sum ``other`` into this one (one file's several ``<file>`` elements)."""
        self.imported += other.imported
        self.approved += other.approved
        self.unchanged += other.unchanged
        self.untranslated += other.untranslated
        self.findings += other.findings


def _collapse(text: str) -> str:
    return " ".join(text.split())


class _Index:
    """The live singular entries of a catalog by unit id and by source text."""

    def __init__(self, po: polib.POFile):
        self.by_id: dict[str, polib.POEntry] = {}
        self.by_source: dict[str, list[polib.POEntry]] = {}
        for entry in po:
            if entry.msgid and not entry.obsolete and not entry.msgid_plural:
                self.by_id[unit_id(entry.msgid, entry.msgctxt)] = entry
                self.by_source.setdefault(_collapse(entry.msgid), []).append(entry)

    def find(self, unit: Unit) -> tuple[polib.POEntry | None, Finding | None]:
        """The entry of ``unit``, or why there is none."""
        source = _collapse(unit.source)
        entry = self.by_id.get(unit.id)
        if entry is not None and _collapse(entry.msgid) == source:
            return entry, None
        candidates = self.by_source.get(source, [])
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            return None, Finding(
                AMBIGUOUS,
                unit.id,
                unit.source,
                unit.line,
                f"{len(candidates)} entries (different msgctxt) have this source; the unit id is not one `l10n xliff export` wrote",
            )
        return None, Finding(
            SOURCE_CHANGED,
            unit.id,
            unit.source,
            unit.line,
            "the source is no longer in the catalog (the paragraph changed since the export); export again and translate the new text",
        )


def _set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
    if fuzzy:
        mark_fuzzy(entry)
    else:
        clear_fuzzy(entry)
        # msgmerge keeps the previous msgid only on fuzzy entries: it is what the reviewer compares.
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def _conflict(entry: polib.POEntry, base: str | None) -> str | None:
    """Why the catalog's msgstr must not be overwritten, or None."""
    if base is None:
        return (
            ("the catalog has another translation and the file does not say which one was exported; kept the catalog's")
            if entry.msgstr
            else None
        )
    if text_hash(entry.msgstr) != base:
        return "the catalog was edited since the export; kept the catalog's translation (merge by hand)"
    return None


def merge_units(po: polib.POFile, units: Iterable[Unit], exported: Mapping[str, str] = {}) -> MergeResult:
    """Merge ``units`` into ``po`` in place (see the module docstring for the rules).

    ``exported`` maps unit ids to the base hash of the last export of this catalog, for units
    whose file lost ``l10n:base``.
    """
    index = _Index(po)
    result = MergeResult()
    for unit in units:
        entry, finding = index.find(unit)
        if finding is not None:
            result.findings.append(finding)
            continue
        assert entry is not None  # find gives an entry or a finding
        reviewed = unit.state == REVIEWED
        if unit.target is None:
            result.untranslated += 1
        elif unit.target == entry.msgstr:
            if reviewed and entry.fuzzy:
                _set_fuzzy(entry, False)
                result.approved += 1
            else:
                result.unchanged += 1
        else:
            base = unit.base or exported.get(unit_id(entry.msgid, entry.msgctxt))
            why = _conflict(entry, base)
            if why is not None:
                result.findings.append(Finding(CONFLICT, unit.id, unit.source, unit.line, why))
                continue
            entry.msgstr = unit.target
            _set_fuzzy(entry, not reviewed)
            drop_machine_notes(entry)
            result.imported += 1
    return result
