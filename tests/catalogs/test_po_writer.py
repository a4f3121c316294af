"""Our PO and POT files are laid out exactly as GNU gettext's msgcat/msgmerge lay them out.

Two kinds of test:

* facts about the layout, stated here (where a 79-column line breaks, which flags come first,
  what the header keeps), so a change in the writer shows as a failed sentence;
* parity with the installed GNU gettext (0.21 here): ``msgcat`` on a file we wrote changes
  nothing, and ``l10n update`` on a file msgcat wrote changes nothing, for every committed
  catalog, for the corpus with machine drafts in three languages, and for seeded random
  catalogs full of escapes, wide characters, plural forms, contexts and obsolete entries.
  GNU gettext is required: without ``msgcat`` these tests fail, they never skip (``.ci/run``
  installs it where it is missing).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.pofiles import parse_po, render
from pipeline.catalogs.po_wrap import wrap_string
from pipeline.catalogs.po_writer import render_text

REPO = Path(__file__).resolve().parents[2]


def msgcat(data: bytes) -> bytes:
    """``data`` as GNU msgcat writes it back (the calling test fails without gettext)."""
    command = shutil.which("msgcat")
    if command is None:
        pytest.fail(
            "GNU gettext's msgcat is not installed, so the layout cannot be compared with it: "
            "install gettext (e.g. `apt-get install gettext`, `brew install gettext`)"
        )
    done = subprocess.run([command, "-"], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def catalog(*entries: polib.POEntry, metadata: dict | None = None) -> polib.POFile:
    po = polib.POFile()
    po.metadata = metadata or {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        po.append(entry)
    return po


# --- where a string breaks -------------------------------------------------------------------


def test_a_string_that_fits_stays_on_the_keyword_line():
    assert wrap_string("", "msgid", "Khojaly, 26 February 1992") == ['msgid "Khojaly, 26 February 1992"']


def test_a_line_is_at_most_79_columns_quotes_included():
    fits = "x" * (79 - len('msgid ""'))
    assert wrap_string("", "msgid", fits) == [f'msgid "{fits}"']
    lines = wrap_string("", "msgid", "word " * 30)
    assert lines[0] == 'msgid ""'
    assert all(len(line) <= 79 for line in lines)
    assert lines[1] == '"' + "word " * 15 + '"'  # 75 columns of text: a 16th word would pass 77


def test_a_line_breaks_after_a_space_or_a_hyphen_and_the_space_stays_at_the_end():
    text = "The Khojaly genocide was committed by the Armenian armed forces in well-known circumstances"
    assert wrap_string("", "msgid", text) == [
        'msgid ""',
        '"The Khojaly genocide was committed by the Armenian armed forces in well-"',
        '"known circumstances"',
    ]


def test_percent_after_a_letter_is_not_a_break_as_libunistring_1_0_decides():
    rule = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    lines = wrap_string("", "msgstr", f"Plural-Forms: {rule}\n")
    assert lines[1].endswith('n%10>=2 && "') and lines[2].startswith('"n%10<=4')


def test_an_escape_is_never_split_and_never_starts_a_line_before_the_closing_newline():
    value = "He said: " + '"quoted" ' * 8 + "end\n"
    lines = wrap_string("", "msgid", value)
    assert all(not line.endswith('\\"') or line.endswith('\\""') or line.endswith('"') for line in lines)
    assert not any(line == '"\\n"' for line in lines)
    assert "".join(line.strip('"') for line in lines[1:]) == value.replace('"', '\\"').replace("\n", "\\n")


def test_a_newline_inside_a_string_ends_its_line_and_starts_with_an_empty_keyword_line():
    assert wrap_string("", "msgstr", "one\ntwo") == ['msgstr ""', '"one\\n"', '"two"']
    assert wrap_string("", "msgstr", "one\n") == ['msgstr "one\\n"']


def test_wide_characters_count_two_columns():
    text = "漢" * 38  # 76 columns: one more than fits after 'msgid "'
    assert wrap_string("", "msgid", text)[0] == 'msgid ""'
    assert wrap_string("", "msgid", "漢" * 35) == [f'msgid "{"漢" * 35}"']


def test_no_wrap_keeps_a_long_string_on_one_line_and_prefixes_count_in_the_width():
    long = "word " * 30
    assert wrap_string("", "msgid", long, wrap=False) == [f'msgid "{long}"']
    assert all(len(line) <= 79 and line.startswith("#~ ") for line in wrap_string("#~ ", "msgstr", long))


# --- the file: comments, flags, header, obsolete entries ---------------------------------------


def test_flags_come_in_gettexts_order_and_ones_it_does_not_know_follow():
    entry = polib.POEntry(
        msgid="%d files", msgstr="%d fayl", flags=["l10n-ignore-numbers", "python-format", "fuzzy", "c-format", "range: 1..5"]
    )
    text = render_text(catalog(entry))
    assert "#, fuzzy, c-format, python-format, range: 1..5, l10n-ignore-numbers\n" in text


def test_fuzzy_is_not_written_on_an_empty_translation_and_an_untranslated_obsolete_entry_goes():
    text = render_text(
        catalog(
            polib.POEntry(msgid="a", msgstr="", flags=["fuzzy"]),
            polib.POEntry(msgid="gone", msgstr="", obsolete=True),
            polib.POEntry(msgid="kept", msgstr="saxlanıb", obsolete=True),
        )
    )
    assert "fuzzy" not in text and "gone" not in text
    assert text.endswith('\n#~ msgid "kept"\n#~ msgstr "saxlanıb"\n')


def test_comments_come_translator_extracted_references_flags_previous():
    entry = polib.POEntry(
        msgid="new",
        msgstr="yeni",
        tcomment="MT: pseudo",
        comment="from the template",
        occurrences=[("corpus/one.txt", "3")],
        flags=["fuzzy"],
        previous_msgid="old",
    )
    block = render_text(catalog(entry)).split("\n\n")[1]
    assert block == ('# MT: pseudo\n#. from the template\n#: corpus/one.txt:3\n#, fuzzy\n#| msgid "old"\nmsgid "new"\nmsgstr "yeni"\n')


def test_references_wrap_at_79_bytes():
    entry = polib.POEntry(msgid="a", msgstr="", occurrences=[(f"corpus/document-{n}.txt", str(n)) for n in range(8)])
    lines = [line for line in render_text(catalog(entry)).splitlines() if line.startswith("#:")]
    assert len(lines) == 3 and all(len(line) <= 79 for line in lines)  # 3 references of 25 bytes a line


def test_the_header_keeps_its_field_order_and_the_spelling_of_every_line_nobody_changed(tmp_path):
    data = (
        b'# Azerbaijani translations.\n#\nmsgid ""\nmsgstr ""\n"X-Team:ops\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Language: az\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    po = parse_po(tmp_path / "az.po", data)
    assert render(po) == data
    po.metadata["Language"] = "tr"
    po.metadata["PO-Revision-Date"] = "2026-12-02 10:00+0000"
    assert (
        b'"X-Team:ops\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tr\\n"\n'
        b'"PO-Revision-Date: 2026-12-02 10:00+0000\\n"\n' in render(po)
    )


# --- parity with GNU gettext -------------------------------------------------------------------


def committed_files() -> list[Path]:
    files = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")) + sorted((REPO / "locales" / "templates").glob("*.pot"))
    assert len(files) == 20  # 5 templates, 15 catalogs: the test must not pass on an empty list
    return files


@pytest.mark.parametrize("path", committed_files(), ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_msgcat_changes_no_line_of_a_committed_catalog_and_neither_do_we(path):
    data = path.read_bytes()
    assert msgcat(data) == data
    assert render(parse_po(path, data)) == data


def copy_project(destination: Path) -> Path:
    for name in ("corpus", "glossary", "locales"):
        shutil.copytree(REPO / name, destination / name)
    shutil.copy(REPO / "pyproject.toml", destination / "pyproject.toml")
    return destination


def l10n(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *arguments], cwd=project, capture_output=True, text=True)


def test_update_after_msgcat_and_msgcat_after_update_change_nothing_with_drafts_in_three_languages(tmp_path):
    project = copy_project(tmp_path)
    assert l10n(project, "translate", "--engine", "pseudo").returncode == 0
    catalogs = sorted(project.glob("locales/*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 15
    for path in catalogs:
        data = path.read_bytes()
        assert b"#, fuzzy" in data
        assert msgcat(data) == data, f"msgcat would change {path.relative_to(project)}"
        path.write_bytes(msgcat(data))
    before = {path: path.read_bytes() for path in catalogs}
    assert l10n(project, "update").returncode == 0
    assert {path: path.read_bytes() for path in catalogs} == before


ALPHABET = (
    list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789") * 3
    + [" "] * 40
    + list(".,;:!?-–—/\\\"'()[]{}%$€#&*+=<>@_~^|`«»„“”‘’…·")
    + list("əğıöüşçİÖÜŞÇƏ")
    + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГ")
    + ["\n", "\t", "\u00a0", "\u00ad", "\u0301", "\u200b", "\u2028", "漢", "字", "\u3008", "\uff09", "\U0001f600", "\u200d"]
)


def random_text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


def random_entry(rng: random.Random, number: int) -> polib.POEntry:
    size = rng.choice([5, 20, 60, 70, 75, 76, 77, 78, 79, 80, 120, 200, 400])
    entry = polib.POEntry(msgid=f"{number} {random_text(rng, size)}", msgstr=random_text(rng, rng.choice([0, 10, 80, 150])))
    if rng.random() < 0.2:
        entry.msgctxt = random_text(rng, rng.choice([3, 90]))
    if rng.random() < 0.2:
        entry.flags, entry.previous_msgid = ["fuzzy"], random_text(rng, rng.choice([10, 100]))
    if rng.random() < 0.1:
        entry.flags.append("no-wrap")
    if rng.random() < 0.2:  # (a comment ending in a backslash continues on the next line for gettext)
        entry.tcomment = random_text(rng, 30).replace("\n", " ").rstrip("\\") + "\nsecond line"
    if rng.random() < 0.2:
        entry.occurrences = [(f"corpus/file{j}.txt", str(j * 7)) for j in range(rng.randint(1, 12))]
    if rng.random() < 0.1:
        entry.msgid_plural, entry.msgstr = random_text(rng, 90), ""
        entry.msgstr_plural = {0: random_text(rng, 85), 1: random_text(rng, 5), 2: ""}
    entry.obsolete = rng.random() < 0.1
    return entry


@pytest.mark.parametrize("seed", range(4))
def test_seeded_random_catalogs_are_written_exactly_as_msgcat_writes_them(seed):
    rng = random.Random(seed)
    po = catalog(
        *(random_entry(rng, number) for number in range(300)),
        metadata={"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8"},
    )
    ours = render_text(po).encode("utf-8")
    assert msgcat(ours) == ours


@pytest.mark.parametrize("content_type", ["text/plain; charset=UTF-8", "text/plain; charset=CHARSET", None])
def test_a_utf8_catalog_encoded_a_block_at_a_time_is_the_bytes_of_its_whole_text(content_type):
    rng = random.Random(11)
    metadata = {"Project-Id-Version": "x"} | ({"Content-Type": content_type} if content_type else {})
    po = catalog(*(random_entry(rng, number) for number in range(200)), metadata=metadata)
    assert render(po) == render_text(po).encode("utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from(ALPHABET), max_size=250), min_size=1, max_size=6))
def test_any_string_is_broken_where_msgcat_breaks_it(texts):
    po = catalog(*(polib.POEntry(msgid=f"{number}:{text}", msgstr=text[::-1]) for number, text in enumerate(texts)))
    ours = render_text(po).encode("utf-8")
    assert msgcat(ours) == ours


@pytest.mark.parametrize(
    "charset, text", [("CP1251", "Ходжалинский геноцид — трагедия"), ("ISO-8859-9", "Hocalı soykırımı, Şubat 1992; ğüşıöç")]
)
def test_a_legacy_charset_file_is_laid_out_as_msgcat_lays_it_out(tmp_path, charset, text):
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
    body = "".join(f'msgid "{n} {text} {text} {text}"\nmsgstr "{text * 3}"\n\n' for n in range(3))
    data = (header + body).rstrip("\n").encode(charset) + b"\n"
    ours = render(parse_po(tmp_path / "legacy.po", data))
    assert msgcat(ours) == ours
    assert [(e.msgid, e.msgstr) for e in parse_po(tmp_path / "legacy.po", ours)] == [
        (f"{n} {text} {text} {text}", text * 3) for n in range(3)
    ]


def test_every_c_escape_gettext_writes_reads_back_as_the_character_it_stands_for(tmp_path):
    controls = 'bell\a backspace\b formfeed\f vtab\v tab\t cr\r quote" backslash\\ end'
    po = catalog(polib.POEntry(msgid=controls, msgstr=controls))
    data = render(po)
    assert b'"bell\\a backspace\\b formfeed\\f vtab\\v tab\\t cr\\r quote\\" backslash\\\\ end"' in data
    assert msgcat(data) == data
    (entry,) = parse_po(tmp_path / "c.po", data)
    assert entry.msgid == controls and entry.msgstr == controls


def test_octal_and_hex_escapes_are_bytes_of_the_files_charset(tmp_path):
    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "caf\\303\\251 \\x41"\nmsgstr "x"\n'
    (entry,) = parse_po(tmp_path / "n.po", data)
    assert entry.msgid == "café A"
