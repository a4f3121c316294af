"""``l10n memory export --format tmx | import``: the translation memory as TMX 1.4b, both ways.

Through the command line, on the one-document project of tests/exchange_project.py; the
OmegaT file is tests/fixtures/exchange/omegat.tmx.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exchange_project import FIXTURES, P1, P2, P4, TITLE, catalog, entries, l10n, make_project, ok, one_line, save_translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REVIEWED_P4 = "Xocalı qurbanları heç vaxt unudulmayacaq."
MEMORY_NOTE = "from translation memory"


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def reviewed(tmp_path) -> Path:
    """A project whose memory holds one reviewed az translation (P4), fed by `l10n translate`."""
    directory = make_project(tmp_path / "reviewed")
    save_translation(catalog(directory), P4, REVIEWED_P4)
    ok(l10n("translate", "--engine", "pseudo", "--locale", "az", cwd=directory))
    return directory


def variants(path: Path) -> list[dict[str, str]]:
    """Each <tu> of a TMX file as {language: text}."""
    root = ET.parse(path).getroot()
    return [{tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.iterfind("tuv")} for tu in root.iterfind("body/tu")]


def test_export_import_into_an_empty_memory_and_translate_prefills_from_it(reviewed, project):
    out = reviewed / "memory.tmx"
    result = ok(l10n("memory", "export", "--format", "tmx", "--out", out, cwd=reviewed))
    assert result.stdout.strip() == "memory.tmx: 1 reviewed translation (tmx)"
    root = ET.parse(out).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert (header.get("srclang"), header.get("segtype"), header.get("datatype")) == ("en", "paragraph", "plaintext")
    assert variants(out) == [{"en": P4, "az": REVIEWED_P4}]  # reviewed only: no pseudo draft
    assert root.find("body/tu/tuv[@changedate]") is not None

    assert not (project / ".l10n" / "tm.sqlite").exists()
    shutil.copy(out, project)
    result = ok(l10n("memory", "import", "memory.tmx", cwd=project))
    assert result.stdout.strip() == "memory.tmx: 1 added, 0 replaced, 0 unchanged"
    ok(l10n("translate", "--engine", "pseudo", "--locale", "az", cwd=project))
    found = entries(catalog(project))
    assert found[P4].msgstr == REVIEWED_P4 and found[P4].fuzzy
    assert MEMORY_NOTE in found[P4].tcomment
    assert MEMORY_NOTE not in found[P1].tcomment and found[P1].msgstr != REVIEWED_P4

    # The same file again: nothing new.
    again = ok(l10n("memory", "import", "memory.tmx", cwd=project))
    assert again.stdout.strip() == "memory.tmx: 0 added, 0 replaced, 1 unchanged"


def test_export_to_stdout_is_the_same_document(reviewed):
    ok(l10n("memory", "export", "--format", "tmx", "--out", "memory.tmx", cwd=reviewed))
    result = ok(l10n("memory", "export", cwd=reviewed))
    assert result.stdout.encode("utf-8") == (reviewed / "memory.tmx").read_bytes()
    bad = l10n("memory", "export", "--format", "csv", cwd=reviewed)
    assert bad.returncode == 2 and "csv" in one_line(bad)


def test_all_adds_engine_sentences_marked_as_machine_output_and_import_skips_them(reviewed, project):
    from pipeline.glossary import load_glossary
    from pipeline.mt.memory import Memory, MemoryKey

    version = load_glossary(reviewed / "glossary").version
    with Memory(reviewed / ".l10n" / "tm.sqlite") as memory:
        memory.store(
            MemoryKey("argos", "translate-en_az", "1.9", "az", version), [("Khojaly remembered", "XX0 xatırlanır", -0.3)]
        )  # the term protected as XX0
        memory.store(
            MemoryKey("argos", "translate-en_az", "1.9", "az", "an-older-glossary"),
            [("The town was destroyed in one night.", "XX0 bir gecədə məhv edildi.", -0.2)],
        )
    result = ok(l10n("memory", "export", "--all", "--out", "all.tmx", cwd=reviewed))
    assert result.stdout.strip() == (
        "all.tmx: 1 reviewed translation, 1 machine (1 machine left out: their placeholders need another glossary version) (tmx)"
    )
    tus = ET.parse(reviewed / "all.tmx").getroot().findall("body/tu")
    machine = [tu for tu in tus if tu.find("prop[@type='x-l10n-origin']") is not None]
    assert len(machine) == 1 and machine[0].get("segtype") == "sentence"
    assert machine[0].findtext("prop") == "machine: argos translate-en_az 1.9"
    assert {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in machine[0].iterfind("tuv")} == {
        "en": "Khojaly remembered",
        "az": "Xocalı xatırlanır",
    }  # the glossary rendering put back

    shutil.copy(reviewed / "all.tmx", project)
    result = ok(l10n("memory", "import", "all.tmx", cwd=project))
    assert result.stdout.strip() == "all.tmx: 1 added, 0 replaced, 0 unchanged; skipped 1 machine translation"


def test_omegat_tmx_language_codes_name_the_configured_locales(project):
    shutil.copy(FIXTURES / "omegat.tmx", project)
    result = ok(l10n("memory", "import", "omegat.tmx", cwd=project))
    assert result.stdout.strip() == ("omegat.tmx: 2 added, 0 replaced, 0 unchanged; skipped 1 in languages not configured (de-DE 1)")
    ok(l10n("translate", "--engine", "pseudo", cwd=project))
    az, ru, tr = (entries(catalog(project, code)) for code in ("az", "ru", "tr"))
    assert az[P4].msgstr == "Xocalı qurbanları heç vaxt unudulmayacaq." and MEMORY_NOTE in az[P4].tcomment  # AZ-latn
    assert ru[TITLE].msgstr == "Память о Ходжалы" and MEMORY_NOTE in ru[TITLE].tcomment  # ru-RU, codes left out
    assert all(MEMORY_NOTE not in entry.tcomment for entry in tr.values())
    assert MEMORY_NOTE not in az[P2].tcomment


def test_a_newer_translation_replaces_the_remembered_one(reviewed):
    tmx = reviewed / "newer.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="*all*" '
        'segtype="paragraph" datatype="plaintext" o-tmf="x" adminlang="en" creationtool="t" '
        f'creationtoolversion="1"/><body><tu srclang="en-US"><tuv xml:lang="en-US"><seg>{P4}</seg></tuv>'
        '<tuv xml:lang="az-AZ"><seg>Yeni tərcümə.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    result = ok(l10n("memory", "import", tmx, cwd=reviewed))
    assert result.stdout.strip() == "newer.tmx: 0 added, 1 replaced, 0 unchanged"
    ok(l10n("memory", "export", "--out", "out.tmx", cwd=reviewed))
    assert variants(reviewed / "out.tmx") == [{"en": P4, "az": "Yeni tərcümə."}]


BAD = {
    "entities.tmx": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<tmx version="1.4"><body/></tmx>\n',
        "entities.tmx:2: the file declares the XML entity 'e'",
    ),
    "badlang.tmx": (
        '<tmx version="1.4"><header srclang="en"/><body>\n<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>'
        '<tuv xml:lang="1x"><seg>b</seg></tuv></tu></body></tmx>\n',
        "badlang.tmx:2: <tuv xml:lang=\"1x\">: '1x' is not a locale code",
    ),
    "nobody.tmx": ('<tmx version="1.4"><header srclang="en"/></tmx>\n', "the TMX file has no <body>"),
    "broken.tmx": ('<tmx version="1.4"><body><tu>\n', "broken.tmx:2: not well-formed XML"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_tmx_is_one_line_exit_2_and_the_memory_is_not_touched(project, name):
    text, message = BAD[name]
    (project / name).write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "omegat.tmx", project)  # a good file first: nothing of it may be stored either
    result = l10n("memory", "import", "omegat.tmx", name, cwd=project)
    assert result.returncode == 2 and message in one_line(result)
    assert not (project / ".l10n" / "tm.sqlite").exists()
