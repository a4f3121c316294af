"""Entry state: one answer to "is this entry translated?" per notion, on every kind of entry."""

from __future__ import annotations

import polib
import pytest

from pipeline.catalogs.entries import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    clear_fuzzy,
    entry_state,
    first_translation,
    has_translation,
    is_counted,
    is_header,
    is_reviewed,
    is_shippable,
    mark_fuzzy,
    translations,
)


def entry(msgstr="", flags=(), plural=None, obsolete=False, msgid="Hello"):
    """A singular entry, or a plural one when ``plural`` gives its ``msgstr[i]`` forms."""
    if plural is not None:
        return polib.POEntry(msgid=msgid, msgid_plural=msgid + "s", msgstr_plural=dict(plural), flags=list(flags), obsolete=obsolete)
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), obsolete=obsolete)


@pytest.mark.parametrize(
    "made, state",
    [
        (entry("Salam"), TRANSLATED),
        (entry(""), UNTRANSLATED),
        (entry("Salam", flags=["fuzzy"]), FUZZY),
        (entry("", flags=["fuzzy"]), UNTRANSLATED),  # a fuzzy entry without text is untranslated
        (entry("Salam", flags=["c-format", "fuzzy"]), FUZZY),
        (entry(plural={0: "a", 1: "b"}), TRANSLATED),
        (entry(plural={0: "a", 1: ""}), UNTRANSLATED),  # every form or none
        (entry(plural={}), UNTRANSLATED),
        (entry(plural={0: "a", 1: "b"}, flags=["fuzzy"]), FUZZY),
        (entry(plural={0: "", 1: ""}, flags=["fuzzy"]), UNTRANSLATED),
    ],
)
def test_entry_state_counts_as_msgfmt_statistics(made, state):
    assert entry_state(made) == state
    assert has_translation(made) == (state != UNTRANSLATED)


def test_translations_are_the_filled_strings_of_the_entrys_kind():
    assert translations(entry("Salam")) == ["Salam"]
    assert translations(entry("")) == []
    assert translations(entry(plural={0: "a", 1: "", 2: "c"})) == ["a", "c"]
    assert translations(entry(plural={})) == []


def test_is_reviewed_is_polibs_translated():
    cases = [
        entry("Salam"),
        entry(""),
        entry("Salam", flags=["fuzzy"]),
        entry("Salam", obsolete=True),
        entry(plural={0: "a", 1: "b"}),
        entry(plural={0: "a", 1: ""}),
        entry(plural={}),
        entry(plural={0: "a", 1: "b"}, flags=["fuzzy"]),
    ]
    for made in cases:
        assert is_reviewed(made) == made.translated()
    assert [is_reviewed(made) for made in cases] == [True, False, False, False, True, False, False, False]


def test_the_kind_of_entry_decides_which_field_counts_where_polib_looks_at_the_other():
    """Two shapes msgfmt refuses and polib reads: polib's translated() differs, the state does not."""
    plural_with_bare_msgstr = polib.POEntry(msgid="a", msgid_plural="as", msgstr="x")
    singular_with_forms = polib.POEntry(msgid="b", msgstr="", msgstr_plural={0: "y"})
    assert plural_with_bare_msgstr.translated() and singular_with_forms.translated()
    assert entry_state(plural_with_bare_msgstr) == entry_state(singular_with_forms) == UNTRANSLATED
    assert not is_shippable(plural_with_bare_msgstr) and not is_shippable(singular_with_forms)


def test_obsolete_entries_and_the_header_are_not_counted_and_never_ship():
    header = entry("Content-Type: text/plain; charset=UTF-8\n", msgid="")
    assert is_header(header) and not is_counted(header) and not is_shippable(header)
    gone = entry("Salam", obsolete=True)
    assert not is_counted(gone) and not is_shippable(gone) and not is_reviewed(gone)
    assert entry_state(gone) == TRANSLATED  # the state of its text: the caller leaves obsolete entries out
    assert is_counted(entry(""))


def test_shippable_is_reviewed_and_complete_or_fuzzy_when_asked():
    assert is_shippable(entry("Salam"))
    assert not is_shippable(entry(""))
    assert not is_shippable(entry("Salam", flags=["fuzzy"]))
    assert is_shippable(entry("Salam", flags=["fuzzy"]), include_fuzzy=True)
    assert not is_shippable(entry("", flags=["fuzzy"]), include_fuzzy=True)
    assert is_shippable(entry(plural={0: "a", 1: "b"}))
    assert not is_shippable(entry(plural={0: "a", 1: ""}), include_fuzzy=True)
    assert not is_shippable(entry(plural={}))


def test_mark_and_clear_fuzzy_keep_the_other_flags_in_order():
    made = entry("Salam", flags=["c-format"])
    flags = made.flags
    mark_fuzzy(made)
    mark_fuzzy(made)
    assert made.flags == ["c-format", "fuzzy"] and made.fuzzy
    made.flags.insert(0, "fuzzy")  # a flag written twice by hand
    clear_fuzzy(made)
    assert made.flags == ["c-format"] and made.flags is flags and not made.fuzzy


def test_first_translation_is_msgstr_or_msgstr_0_as_gettexts_writer_reads_it():
    assert first_translation(entry("Salam")) == "Salam"
    assert first_translation(entry(plural={0: "a", 1: "b"})) == "a"
    assert first_translation(entry(plural={0: "", 1: "b"})) == ""  # gettext then drops the fuzzy flag
    assert first_translation(entry(plural={})) == ""
