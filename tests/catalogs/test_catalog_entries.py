"""The merge carries every kind of entry gettext has: contexts, plural forms, obsolete entries.

An entry is its ``(msgctxt, msgid)`` key.  Whatever a translator or another tool put in a
catalog survives a merge with the paragraph template, live or obsolete, with all its fields.
"""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.merge import entry_key, merge, same_entries
from pipeline.catalogs.pofiles import render

HEADER = r"""msgid ""
msgstr ""
"Project-Id-Version: proj\n"
"Report-Msgid-Bugs-To: \n"
"POT-Creation-Date: 2026-01-01 00:00+0000\n"
"PO-Revision-Date: 2026-01-02 00:00+0000\n"
"Last-Translator: Irina <irina@example.org>\n"
"Language-Team: Russian <LL@li.org>\n"
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

"""

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")


def catalog(body: str) -> polib.POFile:
    """A Russian catalog: the header above, then ``body`` (PO text)."""
    return polib.pofile(HEADER + body, wrapwidth=78)


def template(*msgids: str, msgctxt: str | None = None) -> polib.POFile:
    """A paragraph template: one context-less singular entry per msgid (unless ``msgctxt``)."""
    pot = polib.POFile(wrapwidth=78)
    pot.metadata = {"Project-Id-Version": "proj", "POT-Creation-Date": "2026-02-01 00:00+0000", "Content-Type": "text/plain; charset=UTF-8"}
    for line, msgid in enumerate(msgids, start=1):
        pot.append(polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr="", occurrences=[("doc.txt", str(line))]))
    return pot


def live(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    return next(e for e in po if not e.obsolete and entry_key(e) == (msgctxt, msgid))


def obsolete(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    return next(e for e in po if e.obsolete and entry_key(e) == (msgctxt, msgid))


def msgfmt_check(po: polib.POFile, tmp_path=None) -> None:
    """GNU gettext accepts the file (``msgfmt -c --check-format``); read from stdin without ``tmp_path``."""
    data = render(po)
    args = [MSGFMT, "-c", "--check-format", "-o", "/dev/null", "-"]
    if tmp_path is not None:
        path = tmp_path / "merged.po"
        path.write_bytes(data)
        args[-1] = str(path)
    result = subprocess.run(args, input=None if tmp_path else data, capture_output=True)
    assert result.returncode == 0, (result.stderr + data).decode()


PLURAL = """# Irina: three forms, checked
msgid "%d file was removed"
msgid_plural "%d files were removed"
msgstr[0] "%d файл удалён"
msgstr[1] "%d файла удалено"
msgstr[2] "%d файлов удалено"
"""


# --- Plural entries -----------------------------------------------------------------------------


def test_a_translated_plural_entry_survives_a_merge_as_obsolete_with_all_its_forms():
    old = catalog('msgid "Intro."\nmsgstr "Введение."\n\n' + PLURAL)
    new, report = merge(template("Intro."), old, "ru")
    gone = obsolete(new, "%d file was removed")
    assert gone.msgid_plural == "%d files were removed"
    assert gone.msgstr_plural == {0: "%d файл удалён", 1: "%d файла удалено", 2: "%d файлов удалено"}
    assert gone.tcomment == "Irina: three forms, checked"
    assert report.obsoleted == 1
    # ... and the file says so: polib writes it and reads it back unchanged.
    again = polib.pofile(str(new))
    assert again.obsolete_entries()[0].msgstr_plural == gone.msgstr_plural
    assert str(again) == str(new)


def test_a_plural_translation_never_becomes_a_singular_one_by_fuzzy_matching():
    old = catalog(PLURAL)
    new, report = merge(template("%d file was removed today"), old, "ru")
    assert live(new, "%d file was removed today").msgstr == "" and report.fuzzy_matched == 0
    assert obsolete(new, "%d file was removed").msgstr_plural[2] == "%d файлов удалено"


def test_a_plural_entry_whose_msgid_a_unit_takes_keeps_its_forms_live_and_fuzzy(tmp_path):
    # msgfmt refuses two entries with one key, even if one is obsolete: the plural entry cannot
    # stay beside the unit, so it keeps its key and forms, fuzzy, for a translator to decide.
    old = catalog(PLURAL)
    new, report = merge(template("%d file was removed"), old, "ru")
    assert len(new) == 1
    entry = live(new, "%d file was removed")
    assert entry.msgstr_plural[1] == "%d файла удалено" and "fuzzy" in entry.flags
    assert entry.occurrences == [("doc.txt", "1")] and report.kept == 1
    if MSGFMT:
        msgfmt_check(new, tmp_path)


def test_an_empty_plural_entry_is_dropped_unless_it_has_a_translator_comment():
    old = catalog(
        'msgid "a file"\nmsgid_plural "files"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n\n'
        '# ask the author\nmsgid "a dir"\nmsgid_plural "dirs"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
    )
    new, _ = merge(template("Intro.", "a file"), old, "ru")
    assert [(e.msgid, e.msgid_plural, e.obsolete) for e in new] == [("Intro.", "", False), ("a file", "", False), ("a dir", "dirs", True)]


# --- Contexts -----------------------------------------------------------------------------------


def test_a_context_entry_with_a_units_msgid_stays_separate_and_becomes_obsolete_with_its_context():
    old = catalog('msgctxt "menu"\nmsgid "Open"\nmsgstr "Открыть"\n')
    new, report = merge(template("Open"), old, "ru")
    unit = live(new, "Open")
    assert unit.msgstr == "" and "fuzzy" not in unit.flags
    assert obsolete(new, "Open", msgctxt="menu").msgstr == "Открыть"
    assert (report.added, report.kept, report.obsoleted) == (1, 0, 1)
    assert '#~ msgctxt "menu"' in render(new).decode()


def test_a_context_entry_is_never_a_fuzzy_candidate():
    old = catalog('msgctxt "menu"\nmsgid "Open the file"\nmsgstr "Открыть файл"\n')
    new, report = merge(template("Open the files"), old, "ru")
    assert live(new, "Open the files").msgstr == "" and report.fuzzy_matched == 0
    assert obsolete(new, "Open the file", msgctxt="menu").msgstr == "Открыть файл"


def test_an_obsolete_context_entry_is_revived_only_for_the_same_context():
    old = catalog(
        '#~ msgctxt "menu"\n#~ msgid "Open"\n#~ msgstr "Открыть"\n\n'
        '#~ msgctxt "button"\n#~ msgid "Open"\n#~ msgstr "Открой"\n\n'
        '#~ msgid "Close"\n#~ msgstr "Закрыть"\n'
    )
    # A paragraph template has no contexts: the context-less entry comes back, the others wait.
    paragraphs, report = merge(template("Open", "Close"), old, "ru")
    assert live(paragraphs, "Open").msgstr == "" and live(paragraphs, "Close").msgstr == "Закрыть"
    assert report.revived == 1
    assert [entry_key(e) for e in paragraphs if e.obsolete] == [("menu", "Open"), ("button", "Open")]
    # A template with the "menu" context revives exactly that entry.
    menu, report = merge(template("Open", msgctxt="menu"), old, "ru")
    assert live(menu, "Open", msgctxt="menu").msgstr == "Открыть" and report.revived == 1
    assert [entry_key(e) for e in menu if e.obsolete] == [("button", "Open"), (None, "Close")]


def test_empty_context_is_a_context_of_its_own():
    old = catalog('msgctxt ""\nmsgid "Open"\nmsgstr "Открыть"\n')
    new, _ = merge(template("Open"), old, "ru")
    assert live(new, "Open").msgstr == "" and obsolete(new, "Open", msgctxt="").msgstr == "Открыть"


# --- Previous msgid and msgctxt -------------------------------------------------------------------

FUZZY_WITH_PREVIOUS = """# Irina
#, fuzzy
#| msgctxt "old"
#| msgid "Open the old file"
msgctxt "menu"
msgid "Open the file"
msgstr "Открыть файл"
"""


def test_previous_msgid_and_msgctxt_survive_when_the_entry_becomes_obsolete():
    new, _ = merge(template("Intro."), catalog(FUZZY_WITH_PREVIOUS), "ru")
    gone = obsolete(new, "Open the file", msgctxt="menu")
    assert (gone.previous_msgctxt, gone.previous_msgid) == ("old", "Open the old file")
    assert gone.flags == ["fuzzy"] and gone.tcomment == "Irina" and gone.msgstr == "Открыть файл"
    assert '#~| msgctxt "old"\n#~| msgid "Open the old file"' in render(new).decode()


def test_previous_msgid_and_msgctxt_survive_when_the_entry_is_kept():
    new, report = merge(template("Open the file", msgctxt="menu"), catalog(FUZZY_WITH_PREVIOUS), "ru")
    kept = live(new, "Open the file", msgctxt="menu")
    assert (kept.previous_msgctxt, kept.previous_msgid, kept.flags) == ("old", "Open the old file", ["fuzzy"])
    assert report.kept == 1


def test_a_fuzzy_match_records_the_previous_msgid_and_no_context():
    old = catalog('msgid "Open the file"\nmsgstr "Открыть файл"\n')
    new, report = merge(template("Open the files"), old, "ru")
    entry = live(new, "Open the files")
    assert (entry.msgstr, entry.flags, entry.previous_msgid, entry.previous_msgctxt) == ("Открыть файл", ["fuzzy"], "Open the file", None)
    assert report.fuzzy_matched == 1 and not new.obsolete_entries()


# --- The whole file -----------------------------------------------------------------------------

EVERY_KIND = (
    'msgid "Intro."\nmsgstr "Введение."\n\n' + PLURAL + "\n" + FUZZY_WITH_PREVIOUS + "\n"
    '#~ msgctxt "button"\n#~ msgid "Close"\n#~ msgstr "Закрыть"\n\n'
    '#, fuzzy\n#~ msgid "Old paragraph."\n#~ msgstr "Старый абзац."\n'
)


@needs_msgfmt
def test_msgfmt_accepts_a_merged_catalog_with_every_kind_of_entry(tmp_path):
    old = catalog(EVERY_KIND)
    msgfmt_check(old, tmp_path)
    for pot in (template("Intro."), template("New paragraph."), template("Close", "Open the file", "Intro.")):
        new, _ = merge(pot, old, "ru")
        msgfmt_check(new, tmp_path)
        again, _ = merge(pot, new, "ru")
        msgfmt_check(again, tmp_path)
        assert same_entries(again, new)


@needs_msgfmt
def test_a_catalog_with_a_duplicate_key_comes_out_with_one_entry_per_key(tmp_path):
    # polib (and pofiles.read_po) accept an obsolete copy of a live entry; msgfmt does not.
    # The live entry is the translator's current text, so it is the one that stays.
    old = catalog('msgid "Open"\nmsgstr "Открыть"\n\n#~ msgid "Open"\n#~ msgstr "Открыть!"\n')
    for pot in (template("Open"), template("Intro.")):
        new, _ = merge(pot, old, "ru")
        assert [e.msgstr for e in new if e.msgid == "Open"] == ["Открыть"]
        msgfmt_check(new, tmp_path)


def test_the_existing_catalog_is_not_modified():
    old = catalog(EVERY_KIND)
    before = str(old)
    new, _ = merge(template("Intro."), old, "ru")
    for entry in new:
        entry.msgstr_plural[0] = entry.msgstr = "changed"
        entry.flags.append("no-wrap")
    assert str(old) == before


def test_same_entries_compares_context_plural_forms_and_previous_fields():
    base = catalog(EVERY_KIND)
    assert same_entries(base, catalog(EVERY_KIND))
    for change in (
        lambda po: setattr(po[2], "msgctxt", "other"),
        lambda po: po[1].msgstr_plural.__setitem__(2, "другое"),
        lambda po: setattr(po[1], "msgid_plural", "%d files were deleted"),
        lambda po: setattr(po[2], "previous_msgctxt", None),
        lambda po: setattr(po[2], "previous_msgid_plural", "x"),
    ):
        other = catalog(EVERY_KIND)
        change(other)
        assert not same_entries(base, other)


# --- The property: whatever the catalog holds, no translation is lost or silently moved --------------

_MSGIDS = ["open", "open it", "opens", "close", "close it", "file", "a file"]  # similar: fuzzy matches happen
_NEW_MSGIDS = ["open all", "files", "clone it"]
_TEXT = st.text(alphabet='абв x"\\', max_size=3)  # "" is untranslated


@st.composite
def _entry(draw) -> polib.POEntry:
    msgid = draw(st.sampled_from(_MSGIDS))
    entry = polib.POEntry(msgid=msgid, obsolete=draw(st.booleans()))
    # Half the entries plain, so that fuzzy matches are frequent too.
    entry.msgctxt = draw(st.sampled_from([None, None, None, "", "menu", "button"]))
    if draw(st.integers(0, 3)) == 0:
        entry.msgid_plural = msgid + "s"
        entry.msgstr_plural = {n: draw(_TEXT) for n in range(3)}
    else:
        entry.msgstr = draw(_TEXT)
    if draw(st.booleans()):
        entry.flags = ["fuzzy"]
        entry.previous_msgid = draw(st.sampled_from(_MSGIDS + [None]))
    entry.tcomment = draw(st.sampled_from(["", "checked"]))
    if not entry.obsolete:
        entry.occurrences = [("doc.txt", "1")]
    return entry


def _catalog_of(entries: list[polib.POEntry]) -> polib.POFile:
    po = catalog("")
    po.extend(entries)
    return po


_catalogs = st.lists(_entry(), min_size=2, max_size=8, unique_by=entry_key).map(_catalog_of)
_templates = st.lists(st.sampled_from(_MSGIDS + _NEW_MSGIDS), max_size=6, unique=True).map(lambda ids: template(*ids))


def _translation(entry: polib.POEntry):
    return entry.msgstr, dict(entry.msgstr_plural)


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _assert_merge_keeps_every_translation(before: polib.POFile, pot: polib.POFile, after: polib.POFile) -> None:
    old = {entry_key(e): e for e in before}
    new = {entry_key(e): e for e in after}
    # One entry per key, live or obsolete (msgfmt's rule); the live ones are the template's.
    assert len(new) == len(after)
    assert [entry_key(e) for e in after if not e.obsolete] == [entry_key(e) for e in pot]
    # 1. No translation is lost: it is on the same key (every form), or on a fuzzy entry that
    #    records the old msgid as its previous msgid.
    for key, entry in old.items():
        if not _has_translation(entry):
            continue
        same = new.get(key)
        moved = [
            e
            for e in after
            if "fuzzy" in e.flags
            and e.previous_msgid == entry.msgid
            and (e.previous_msgctxt, e.previous_msgid) == key
            and e.msgstr == entry.msgstr
        ]
        assert (same is not None and _translation(same) == _translation(entry)) or moved, key
    # 2. No translation is attached to another key without the fuzzy flag (and a record of where
    #    it came from); it never leaves its context, and a plural one never becomes a singular one.
    for key, entry in new.items():
        if not _has_translation(entry) or (key in old and _translation(old[key]) == _translation(entry)):
            continue
        assert "fuzzy" in entry.flags, key
        source = old.get((entry.previous_msgctxt, entry.previous_msgid))
        assert source is not None and source.msgctxt is None and not source.msgid_plural
        assert source.msgstr == entry.msgstr and key[0] is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogs, _templates, _templates)
def test_merges_never_lose_or_silently_move_a_translation(existing, first, second):
    snapshot = str(existing)
    merged, _ = merge(first, existing, "ru")
    assert str(existing) == snapshot  # the input is not modified
    _assert_merge_keeps_every_translation(existing, first, merged)
    # A second merge starts from what the first one wrote, as the next run does.
    again, _ = merge(second, merged, "ru")
    _assert_merge_keeps_every_translation(merged, second, again)
    if MSGFMT:
        msgfmt_check(again)
    # Every form round-trips through the file (polib reads all but ``#~|`` lines back).
    reread = polib.pofile(str(again))
    assert [(entry_key(e), e.msgid_plural, _translation(e), e.flags, e.obsolete) for e in reread] == [
        (entry_key(e), e.msgid_plural, _translation(e), e.flags, e.obsolete) for e in again
    ]
