"""Catalogs in legacy charsets: read in their charset, written back in it, never a header that lies.

A PO file declaring ``charset=CP1251`` (ru) or ``charset=ISO-8859-9`` (tr, az) passes msgfmt and
``l10n check``.  ``update`` and ``translate`` write it back in that charset; when a draft holds a
character the charset has no code for, the file becomes UTF-8, its header says so, and one line
per file tells the user.  A charset that is not ASCII-compatible (UTF-16) is refused in one line.
Every file a command leaves is checked with GNU ``msgfmt --check`` (a missing msgfmt fails the
test: it is the reference this whole module is about).
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

# ASCII sources and no numbers: every file fits any charset and the number check stays quiet.
P1 = "The people of the town remember the night when everything was lost."
P2 = "Every year the families gather in the capital to honour the victims."
P3 = "Human rights organisations have called for the crime to be recognised."
P4 = "A new paragraph was added to the statement this year."

RU = {
    P1: "Жители города помнят ночь, когда всё было потеряно.",
    P2: "Каждый год семьи собираются в столице, чтобы почтить память жертв.",
    P3: "Правозащитные организации призвали признать это преступление.",
}
TR = {
    P1: "Kasaba halkı her şeyin kaybedildiği geceyi hatırlıyor.",
    P2: "Her yıl aileler kurbanları anmak için başkentte toplanıyor.",
    P3: "İnsan hakları örgütleri suçun tanınması çağrısında bulundu.",
}
AZ_P1 = "Şəhər sakinləri hər şeyin itirildiyi gecəni xatırlayır."  # "ə": not in ISO-8859-9
AZ_P3 = "İnsan hüquqları təşkilatları cinayətin tanınmasına çağırdı."

LEGACY = [pytest.param("ru", "CP1251", RU, id="ru-CP1251"), pytest.param("tr", "ISO-8859-9", TR, id="tr-ISO-8859-9")]


def l10n(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(project / "cache")
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--corpus", "corpus", "--locales", "out", "--no-glossary"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def msgfmt_check_all(out: Path) -> None:
    """GNU msgfmt --check accepts every catalog, without a warning (a header/bytes mismatch is one)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU msgfmt is required by these tests: install gettext"
    catalogs = sorted(out.glob("*/LC_MESSAGES/*.po"))
    assert catalogs
    for path in catalogs:
        run = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert run.returncode == 0 and not run.stderr, f"{path}: {run.stderr}"


def po_path(project: Path, locale: str, stem: str) -> Path:
    return project / "out" / locale / "LC_MESSAGES" / f"{stem}.po"


def save_in(path: Path, charset: str, translations: dict[str, str]) -> None:
    """What a translator's tool does: fill msgstrs and save the file in ``charset``, header to match."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.metadata["Content-Type"] = f"text/plain; charset={charset}"
    path.write_bytes(po.__unicode__().encode(charset))


def declared(path: Path) -> str:
    header = path.read_bytes().split(b"\n\n", 1)[0]
    return header.split(b"charset=", 1)[1].split(b"\\n", 1)[0].decode("ascii")


def entry(path: Path, msgid: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(path)) if e.msgid == msgid and not e.obsolete)


def notes(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "converted" in line]


@pytest.fixture
def project(tmp_path):
    """Two documents sharing P1; UTF-8 catalogs for ru, tr and az made by ``update``."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n", encoding="utf-8")
    (tmp_path / "corpus" / "two.txt").write_text(f"{P1}\n\n{P3}\n", encoding="utf-8")
    made = l10n(tmp_path, "update", "--locale", "ru", "--locale", "tr", "--locale", "az")
    assert made.returncode == 0, made.stderr
    return tmp_path


def legacy(project: Path, locale: str, charset: str, one: dict[str, str], two: dict[str, str]) -> None:
    """Both catalogs of ``locale`` saved in ``charset``; valid for msgfmt and ``l10n check`` as they are."""
    save_in(po_path(project, locale, "one"), charset, one)
    save_in(po_path(project, locale, "two"), charset, two)
    msgfmt_check_all(project / "out")
    checked = l10n(project, "check", "--locale", locale)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- update --------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale, charset, text", LEGACY)
def test_update_writes_a_legacy_catalog_back_in_its_charset(project, locale, charset, text):
    legacy(project, locale, charset, {P1: text[P1], P2: text[P2]}, {P3: text[P3]})
    (project / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n\n{P4}\n", encoding="utf-8")

    result = l10n(project, "update", "--locale", locale)

    assert result.returncode == 0, result.stderr
    path = po_path(project, locale, "one")
    assert "one.po: 2 kept, 0 fuzzy, 1 new" in result.stdout and "(written)" in result.stdout
    assert declared(path) == charset and not notes(result)
    data = path.read_bytes()
    assert text[P1].encode(charset) in data and text[P2].encode(charset) in data
    assert entry(path, P1).msgstr == text[P1] and entry(path, P4).msgstr == ""  # polib reads the header's charset
    msgfmt_check_all(project / "out")


@pytest.mark.parametrize("locale, charset, text", LEGACY)
def test_check_and_bundle_read_a_legacy_catalog_after_update(project, locale, charset, text):
    legacy(project, locale, charset, {P1: text[P1], P2: text[P2]}, {P1: text[P1], P3: text[P3]})
    (project / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n\n{P4}\n", encoding="utf-8")
    assert l10n(project, "update", "--locale", locale).returncode == 0

    checked = l10n(project, "check", "--locale", locale)
    bundled = l10n(project, "bundle", "--locale", locale, "--min-complete", "0", "--out", "bundles")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert bundled.returncode == 0, bundled.stderr
    with open(project / "bundles" / locale / "LC_MESSAGES" / "one.mo", "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped.gettext(P2) == text[P2]  # decoded from the legacy charset, not mojibake
    msgfmt_check_all(project / "out")


# -- translate -----------------------------------------------------------------------------------


@pytest.mark.parametrize("locale, charset, text", LEGACY)
def test_translate_keeps_the_charset_when_the_drafts_fit_it(project, locale, charset, text):
    # two.po lacks P1, which one.po translates: the draft is that reviewed translation, which fits.
    legacy(project, locale, charset, {P1: text[P1], P2: text[P2]}, {P3: text[P3]})

    result = l10n(project, "translate", "--engine", "pseudo", "--locale", locale)

    assert result.returncode == 0, result.stderr
    assert "1 drafts written" in result.stdout
    path = po_path(project, locale, "two")
    drafted = entry(path, P1)
    assert drafted.msgstr == text[P1] and "fuzzy" in drafted.flags
    assert declared(path) == charset and text[P1].encode(charset) in path.read_bytes() and not notes(result)
    msgfmt_check_all(project / "out")
    assert l10n(project, "check", "--locale", locale).returncode == 0
    assert l10n(project, "bundle", "--locale", locale, "--min-complete", "0", "--out", "bundles").returncode == 0


@pytest.mark.parametrize("locale, charset, text", LEGACY)
def test_pseudo_drafts_the_charset_cannot_hold_make_that_file_utf8_with_one_line(project, locale, charset, text):
    # one.po gets a pseudo draft for P2 ("[Ħīş …]": no such letters in CP1251 or ISO-8859-9);
    # two.po gets one.po's reviewed translation of P1, which fits.
    legacy(project, locale, charset, {P1: text[P1]}, {P3: text[P3]})

    result = l10n(project, "translate", "--engine", "pseudo", "--locale", locale)

    assert result.returncode == 0, result.stderr
    one, two = po_path(project, locale, "one"), po_path(project, locale, "two")
    lines = notes(result)
    assert len(lines) == 1 and str(one) in lines[0], result.stderr
    assert f"converted from {charset} to UTF-8" in lines[0] and "has no code for" in lines[0]
    assert declared(one) == "UTF-8"
    one.read_bytes().decode("utf-8")  # the bytes are what the header says
    assert entry(one, P1).msgstr == text[P1]  # the translator's work, intact
    assert entry(one, P2).msgstr.startswith("[") and "fuzzy" in entry(one, P2).flags  # the pseudo draft
    assert declared(two) == charset and text[P1].encode(charset) in two.read_bytes()
    msgfmt_check_all(project / "out")
    assert l10n(project, "check", "--locale", locale).returncode == 0
    assert l10n(project, "bundle", "--locale", locale, "--min-complete", "0", "--out", "bundles").returncode == 0


def test_an_az_draft_with_schwa_turns_an_iso_8859_9_catalog_into_utf8_and_says_so(project):
    # one.po stays UTF-8 and holds the reviewed translation of P1 with "ə"; two.po is ISO-8859-9.
    save_in(po_path(project, "az", "one"), "UTF-8", {P1: AZ_P1, P2: "Hər il ailələr paytaxtda toplaşır."})
    save_in(po_path(project, "az", "two"), "ISO-8859-9", {P3: "İnsan hakları örgütleri çağrı yaptı."})
    msgfmt_check_all(project / "out")

    result = l10n(project, "translate", "--engine", "pseudo", "--locale", "az")

    assert result.returncode == 0, result.stderr
    path = po_path(project, "az", "two")
    assert notes(result) == [
        f"l10n: note: {path}: converted from ISO-8859-9 to UTF-8 (header changed to match): ISO-8859-9 has no code for ə"
    ]
    assert declared(path) == "UTF-8" and AZ_P1.encode("utf-8") in path.read_bytes()
    assert entry(path, P3).msgstr == "İnsan hakları örgütleri çağrı yaptı."
    msgfmt_check_all(project / "out")
    assert l10n(project, "check", "--locale", "az").returncode == 0


# -- a charset gettext cannot use ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["update"], ["translate", "--engine", "pseudo"], ["bundle", "--min-complete", "0"]])
def test_a_catalog_declaring_utf16_is_one_line_and_exit_2(project, command):
    path = po_path(project, "tr", "one")
    path.write_bytes(path.read_bytes().replace(b"charset=UTF-8", b"charset=UTF-16"))
    (project / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n\n{P4}\n", encoding="utf-8")  # update has work
    before = path.read_bytes()

    result = l10n(project, *command, "--locale", "tr")

    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0], result.stderr
    assert lines[0].startswith(f"l10n: {path}:") and "charset 'UTF-16'" in lines[0] and "UTF-8" in lines[0]
    assert path.read_bytes() == before


def test_a_msgstr_with_unicode_line_separators_reads_back_whole(project):
    """Catalogs are parsed from the bytes read once; lines break only at LF, CRLF and CR, as in a file."""
    from pipeline.catalogs.pofiles import read_po

    path = po_path(project, "tr", "one")
    text = "Birinci satır\u2028ikinci\u0085üçüncü\x0cdördüncü."
    save_in(path, "UTF-8", {P1: text})
    assert entry(path, P1).msgstr == text  # polib opening the file itself
    assert next(e for e in read_po(path) if e.msgid == P1).msgstr == text
