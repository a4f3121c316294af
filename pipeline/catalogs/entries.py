"""What state a catalog entry is in: translated, fuzzy, untranslated, obsolete, shippable.

One home for the questions every stage asks of a :class:`polib.POEntry`, built on polib's own
``POEntry.fuzzy`` (the ``#, fuzzy`` flag) and ``POEntry.translated()``.  They are not one
question, so each notion has its own name:

* :func:`translations` / :func:`has_translation`: what text an entry holds.  The entry's kind
  decides which field counts, as msgfmt reads it: a plural entry's ``msgstr[i]`` forms (it
  is translated only when it has forms and every one is filled), a singular entry's
  ``msgstr``.  polib's ``translated()`` answers differently for two shapes msgfmt refuses
  and polib reads (a plural entry with a bare ``msgstr``, a singular one with ``msgstr[0]``):
  it looks at the other field.  ``stats`` and ``bundle`` have always gone by the kind.
* :func:`entry_state`: ``translated``, ``fuzzy`` or ``untranslated``, as ``msgfmt
  --statistics`` and pocount count an entry (obsolete entries and the header are left out
  by the caller, :func:`is_counted`).
* :func:`is_reviewed`: polib's ``translated()`` itself: live, not fuzzy, with a ``msgstr`` or
  every plural form.  What a merge asks before it marks a machine draft as reviewed
  (:func:`pipeline.catalogs.provenance.provenance_notes`).
* :func:`is_shippable`: what a bundle may ship: live, not the header, with a complete
  translation, not fuzzy unless fuzzy translations are asked for.
* :func:`first_translation`: ``msgstr``, or ``msgstr[0]``: what GNU gettext's writer tests
  before it writes the fuzzy flag or keeps an obsolete entry (:mod:`pipeline.catalogs.po_writer`).
* :func:`mark_fuzzy` / :func:`clear_fuzzy`: set or remove the flag, keeping the other flags
  in their order.

Light on purpose (no import beyond the standard library): ``stats`` imports it at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import polib

TRANSLATED = "translated"
FUZZY = "fuzzy"
UNTRANSLATED = "untranslated"


def is_header(entry: "polib.POEntry") -> bool:
    """True for the header entry (``msgid ""``), which is metadata, not a message."""
    return entry.msgid == ""


def is_counted(entry: "polib.POEntry") -> bool:
    """True for an entry that counts as a message: live (not ``#~`` obsolete) and not the header."""
    return not entry.obsolete and not is_header(entry)


def translations(entry: "polib.POEntry") -> list[str]:
    """The non-empty translated strings of an entry: its msgstr, or each filled plural form."""
    if entry.msgid_plural:
        return [form for form in entry.msgstr_plural.values() if form]
    return [entry.msgstr] if entry.msgstr else []


def has_translation(entry: "polib.POEntry") -> bool:
    """True when the entry is completely translated, fuzzy or not.

    A singular entry needs a msgstr; a plural entry needs at least one ``msgstr[i]`` and every
    one of them filled (a half-translated plural entry is untranslated, as msgfmt counts it).
    """
    if entry.msgid_plural:
        forms = list(entry.msgstr_plural.values())
        return bool(forms) and all(forms)
    return bool(entry.msgstr)


def first_translation(entry: "polib.POEntry") -> str:
    """The first translation form: ``msgstr``, or a plural entry's ``msgstr[0]`` ("" when it has none)."""
    if entry.msgid_plural:
        # types-polib declares int keys only; the "0" lookup below is for a str-keyed dict.
        forms = cast("dict[int | str, str]", entry.msgstr_plural or {})
        return forms.get(0, forms.get("0", "")) if forms else ""
    return entry.msgstr


def entry_state(entry: "polib.POEntry") -> str:
    """:data:`TRANSLATED`, :data:`FUZZY` or :data:`UNTRANSLATED` (a fuzzy entry without text is untranslated)."""
    if not has_translation(entry):
        return UNTRANSLATED
    return FUZZY if entry.fuzzy else TRANSLATED


def is_reviewed(entry: "polib.POEntry") -> bool:
    """polib's ``translated()``: live, not fuzzy, with a msgstr or with every plural form filled."""
    return entry.translated()


def is_shippable(entry: "polib.POEntry", include_fuzzy: bool = False) -> bool:
    """True for a translation a bundle may ship: live, not the header, complete, and reviewed
    (or fuzzy, when ``include_fuzzy``)."""
    if not is_counted(entry):
        return False
    if entry.fuzzy and not include_fuzzy:
        return False
    return has_translation(entry)


def mark_fuzzy(entry: "polib.POEntry") -> None:
    """Add the fuzzy flag after the entry's other flags, unless it is there already."""
    if not entry.fuzzy:
        entry.flags.append(FUZZY)


def clear_fuzzy(entry: "polib.POEntry") -> None:
    """Remove every fuzzy flag, in place (the flag list object is kept), the other flags in order."""
    entry.flags[:] = [flag for flag in entry.flags if flag != FUZZY]
