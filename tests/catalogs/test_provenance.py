"""Provenance notes: a machine draft's MT lines, brought up to date by a merge, dropped by an import."""

from __future__ import annotations

import subprocess
import sys

import polib

from pipeline.catalogs.provenance import (
    LOST_PREFIX,
    MT_PREFIX,
    REVIEWED_PREFIX,
    drop_machine_notes,
    legacy_notes,
    provenance_notes,
)

DRAFT = "MT: argos translate-en_az 1.9, score -0.42"
LOST = "MT lost: Xocalı – the engine dropped it"


def test_the_prefixes_are_the_ones_drafts_write():
    assert DRAFT.startswith(MT_PREFIX) and LOST.startswith(LOST_PREFIX) and REVIEWED_PREFIX.startswith(MT_PREFIX)


def test_an_unreviewed_entry_keeps_its_notes_and_gains_the_legacy_ones():
    assert provenance_notes(f"check dates\n{DRAFT}\n{LOST}", [], False) == f"check dates\n{DRAFT}\n{LOST}"
    assert provenance_notes("check dates", [DRAFT], False) == f"check dates\n{DRAFT}"
    assert provenance_notes(DRAFT, [DRAFT], False) == DRAFT  # not twice


def test_a_reviewed_entry_says_it_was_drafted_and_reviewed_once():
    notes = provenance_notes(f"check dates\n{DRAFT}\n{LOST}", [], True)
    assert notes == "check dates\nMT: reviewed; drafted by argos translate-en_az 1.9, score -0.42"
    assert provenance_notes(notes, [], True) == notes


def test_legacy_notes_are_the_mt_lines_of_the_extracted_comments():
    assert legacy_notes(f"Heading.\n{DRAFT}") == [DRAFT]
    assert legacy_notes(None) == [] and legacy_notes("") == []


def test_drop_machine_notes_removes_every_draft_line_and_keeps_the_rest():
    entry = polib.POEntry(
        msgid="a", msgstr="b", comment=f"Heading.\n{DRAFT}", tcomment=f"check dates\n\n{DRAFT}\n{LOST}\n{REVIEWED_PREFIX}x"
    )
    drop_machine_notes(entry)
    assert entry.comment == "Heading." and entry.tcomment == "check dates"


def test_provenance_is_light_enough_for_the_exchange_import():
    probe = "import sys, pipeline.catalogs.provenance; print(sorted(m for m in ('polib', 'babel', 'pipeline.mt') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"
