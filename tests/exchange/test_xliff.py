"""``l10n xliff export | import``: catalogs out to translators' tools and back, nothing lost.

Through the command line, on a one-document project (tests/exchange_project.py), with XLIFF
files in the shapes memoQ, Trados Studio and Okapi write (tests/fixtures/exchange/).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exchange_project import (
    DOC,
    FIXTURES,
    P1,
    P2,
    P3,
    P4,
    TITLE,
    blocks,
    catalog,
    entries,
    l10n,
    make_project,
    ok,
    one_line,
    save_translation,
    snapshot,
)

NS20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
L10N_BASE = "{urn:l10n-pipeline:xliff:1}base"
REVIEWED_AZ = "Azərbaycan Ombudsmanı beynəlxalq ictimaiyyəti faciəni tanımağa çağırdı."


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def drafted(project) -> Path:
    """Pseudo drafts (fuzzy) in every az entry; P2 reviewed by hand; P4 left empty."""
    ok(l10n("translate", "--engine", "pseudo", "--locale", "az", cwd=project))
    save_translation(catalog(project), P2, REVIEWED_AZ)
    save_translation(catalog(project), P4, "")
    return project


def xliff_path(project: Path, locale: str = "az", out: str = "build/xliff") -> Path:
    return project / out / locale / f"{DOC}.xlf"


def units(path: Path, version: str) -> dict[str, ET.Element]:
    """The units of an exported file by source text."""
    root = ET.parse(path).getroot()
    if version == "2.0":
        return {u.find("x:segment/x:source", NS20).text: u for u in root.iterfind(".//x:unit", NS20)}
    return {u.find("x:source", NS12).text: u for u in root.iterfind(".//x:trans-unit", NS12)}


def edit(path: Path, source: str, target: str, version: str, state: str) -> None:
    """What a translation tool does on save: one unit gets a new target and a state."""
    tree = ET.parse(path)
    ns = NS20 if version == "2.0" else NS12
    unit = units(path, version)[source]
    unit = tree.getroot().find(f".//x:{'unit' if version == '2.0' else 'trans-unit'}[@id='{unit.get('id')}']", ns)
    holder = unit.find("x:segment", ns) if version == "2.0" else unit
    node = holder.find("x:target", ns)
    if node is None:
        node = ET.SubElement(holder, f"{{{ns['x']}}}target")
    node.text = target
    if version == "2.0":
        holder.set("state", state)
    else:
        unit.set("approved", "yes" if state == "reviewed" else "no")
        node.set("state", "translated" if state == "reviewed" else "needs-review-translation")
    tree.write(path, encoding="UTF-8", xml_declaration=True)


# --------------------------------------------------------------------------- export


def test_export_writes_states_notes_and_ids_that_do_not_change(drafted):
    out = ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    path = xliff_path(drafted)
    assert out.stdout.splitlines() == [f"az {DOC}: 5 units → build/xliff/az/{DOC}.xlf (written)", "1 file (XLIFF 2.0) in build/xliff"]
    root = ET.parse(path).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "az")
    assert root.find("x:file", NS20).get("original") == f"{DOC}.po"
    exported = units(path, "2.0")
    assert set(exported) == {TITLE, P1, P2, P3, P4}
    state = {source: unit.find("x:segment", NS20).get("state") for source, unit in exported.items()}
    assert state == {TITLE: "translated", P1: "translated", P2: "reviewed", P3: "translated", P4: "initial"}
    assert exported[P2].find("x:segment/x:target", NS20).text == REVIEWED_AZ
    assert exported[P4].find("x:segment/x:target", NS20) is None
    notes = [(n.get("category"), n.text) for n in exported[P1].iterfind("x:notes/x:note", NS20)]
    assert ("glossary", "Glossary: Khojaly genocide → Xocalı soyqırımı") in notes
    ids = {source: unit.get("id") for source, unit in exported.items()}
    assert len(set(ids.values())) == 5

    # Same catalog: same bytes, not rewritten.  A new translation: other targets, the same ids.
    before = path.read_bytes()
    assert ok(l10n("xliff", "export", "--locale", "az", cwd=drafted)).stdout.splitlines()[0].endswith("(unchanged)")
    assert path.read_bytes() == before
    save_translation(catalog(drafted), P4, "Xocalı qurbanları heç vaxt unudulmayacaq.")
    ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    again = units(path, "2.0")
    assert {source: unit.get("id") for source, unit in again.items()} == ids
    assert again[P4].find("x:segment", NS20).get("state") == "reviewed"


def test_export_xliff_1_2_for_older_tools(drafted):
    ok(l10n("xliff", "export", "--locale", "az", "--version", "1.2", "--out", "old", cwd=drafted))
    path = xliff_path(drafted, out="old")
    root = ET.parse(path).getroot()
    file = root.find("x:file", NS12)
    assert root.get("version") == "1.2"
    assert (file.get("source-language"), file.get("target-language"), file.get("original")) == ("en", "az", f"{DOC}.po")
    exported = units(path, "1.2")
    assert exported[TITLE].get("approved") == "no"
    assert exported[TITLE].find("x:target", NS12).get("state") == "needs-review-translation"
    assert exported[P2].get("approved") == "yes"
    assert exported[P4].find("x:target", NS12) is None
    notes = [(n.get("from"), n.text) for n in exported[P4].iterfind("x:note", NS12)]
    assert ("glossary", "Glossary: Khojaly → Xocalı") in notes
    # The unit ids are the 2.0 ids: one identity per entry whatever the version.
    ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    assert {s: u.get("id") for s, u in units(xliff_path(drafted), "2.0").items()} == {s: u.get("id") for s, u in exported.items()}


def test_export_every_configured_locale_by_default_and_refuse_a_locale_without_catalogs(project):
    result = ok(l10n("xliff", "export", cwd=project))
    assert result.stdout.splitlines()[-1] == "3 files (XLIFF 2.0) in build/xliff"
    assert all(xliff_path(project, code).is_file() for code in ("az", "ru", "tr"))
    result = l10n("xliff", "export", "--locale", "pt_BR", cwd=project)
    assert result.returncode == 2
    assert "no pt_BR catalogs to export; run `l10n update` first" in one_line(result)


def test_version_is_checked_and_the_exchange_code_is_not_imported_at_start_up(project):
    result = l10n("xliff", "export", "--version", "3.0", cwd=project)
    assert result.returncode == 2 and "3.0" in one_line(result)
    from pipeline.cli.exchange_commands import XliffVersion
    from pipeline.exchange.xliff import VERSIONS

    assert tuple(v.value for v in XliffVersion) == VERSIONS
    probe = (
        "import sys, pipeline.cli as c; from pipeline.cli import exchange_commands; "
        "print(any(m.startswith('pipeline.exchange') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "False"


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_round_trip_through_a_tool_changes_exactly_the_edited_entry(drafted, version):
    po = catalog(drafted)
    before = blocks(po)
    ok(l10n("xliff", "export", "--locale", "az", "--version", version, cwd=drafted))
    path = xliff_path(drafted)
    new = "Bu gün Xocalı soyqırımının ildönümüdür. Şəhər bir gecədə məhv edildi."
    edit(path, P1, new, version, "reviewed")

    result = ok(l10n("xliff", "import", path, cwd=drafted))
    assert result.stdout.splitlines() == [
        f"build/xliff/az/{DOC}.xlf: 1 imported, 0 approved, 3 unchanged, 1 without target; wrote locales/az/LC_MESSAGES/{DOC}.po"
    ]
    after = blocks(po)
    assert {k: v for k, v in after.items() if k != P1} == {k: v for k, v in before.items() if k != P1}
    entry = entries(po)[P1]
    assert entry.msgstr == new and not entry.fuzzy
    assert "Glossary: Khojaly genocide → Xocalı soyqırımı" in entry.comment
    assert "MT:" not in entry.comment and "MT:" not in entry.tcomment  # it described the replaced draft
    assert entry.occurrences == [("corpus/khojaly-brief.txt", "3")]

    # Importing the same file again changes nothing.
    again = ok(l10n("xliff", "import", path, cwd=drafted))
    assert again.stdout.strip().endswith("0 imported, 0 approved, 4 unchanged, 1 without target; no catalog changed")


def test_needs_review_keeps_a_new_translation_fuzzy_and_reviewed_clears_the_flag(drafted):
    ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    path = xliff_path(drafted)
    title = entries(catalog(drafted))[TITLE].msgstr
    edit(path, TITLE, title, "2.0", "final")  # the draft approved as it is
    edit(path, P3, "Yüzlərlə dinc sakin öldürüldü. Daha çoxu girov götürüldü.", "2.0", "translated")
    result = ok(l10n("xliff", "import", path, cwd=drafted))
    assert "1 imported, 1 approved, 2 unchanged, 1 without target;" in result.stdout
    found = entries(catalog(drafted))
    assert not found[TITLE].fuzzy and found[TITLE].msgstr == title
    assert found[P3].fuzzy and found[P3].msgstr.startswith("Yüzlərlə")
    assert found[P1].fuzzy  # untouched units keep their state


def test_an_entry_edited_in_the_po_since_the_export_is_a_conflict_and_keeps_the_po(drafted):
    ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    save_translation(catalog(drafted), P1, "Redaktorun tərcüməsi.", fuzzy=True)  # saved in Poedit meanwhile
    saved = catalog(drafted).read_bytes()
    path = xliff_path(drafted)
    edit(path, P1, "Tərcüməçinin tərcüməsi.", "2.0", "reviewed")
    edit(path, P3, "Yüzlərlə dinc sakin öldürüldü.", "2.0", "translated")

    result = l10n("xliff", "import", path, cwd=drafted)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"build/xliff/az/{DOC}.xlf: 1 imported, 0 approved, 2 unchanged, 1 without target, 1 conflict; "
        f"wrote locales/az/LC_MESSAGES/{DOC}.po"
    )
    assert lines[1].startswith(f"  build/xliff/az/{DOC}.xlf:") and ": conflict: unit u" in lines[1]
    assert "edited since the export" in lines[1]
    found = entries(catalog(drafted))
    assert found[P1].msgstr == "Redaktorun tərcüməsi." and found[P1].fuzzy
    assert found[P3].msgstr == "Yüzlərlə dinc sakin öldürüldü."
    assert catalog(drafted).read_bytes() != saved  # P3 went in; P1's save was kept


def test_a_unit_whose_source_changed_since_the_export_is_reported_not_imported(drafted):
    ok(l10n("xliff", "export", "--locale", "az", cwd=drafted))
    document = drafted / "corpus" / f"{DOC}.txt"
    document.write_text(document.read_text(encoding="utf-8").replace("never be forgotten", "always be remembered"), encoding="utf-8")
    ok(l10n("update", cwd=drafted))
    saved = catalog(drafted).read_bytes()
    path = xliff_path(drafted)
    edit(path, P4, "Xocalı qurbanları heç vaxt unudulmayacaq.", "2.0", "reviewed")

    result = l10n("xliff", "import", path, cwd=drafted)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"build/xliff/az/{DOC}.xlf: 0 imported, 0 approved, 4 unchanged, 1 source changed; no catalog changed"
    )
    assert "source changed" in result.stdout.splitlines()[1] and "export again" in result.stdout
    assert catalog(drafted).read_bytes() == saved


# --------------------------------------------------------------------------- files from other tools


def test_memoq_file_with_its_own_ids_statuses_and_history(project):
    shutil.copy(FIXTURES / "memoq.mqxliff", project)
    result = l10n("xliff", "import", "memoq.mqxliff", cwd=project)
    assert result.returncode == 1  # unit 5's source is not the document's
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"memoq.mqxliff: 3 imported, 0 approved, 0 unchanged, 1 without target, 1 source changed; wrote locales/az/LC_MESSAGES/{DOC}.po"
    )
    line = next(
        n for n, text in enumerate((project / "memoq.mqxliff").read_text(encoding="utf-8").splitlines(), 1) if 'trans-unit id="5"' in text
    )
    assert lines[1].startswith(f"  memoq.mqxliff:{line}: source changed: unit 5 ")
    found = entries(catalog(project))
    assert (found[TITLE].msgstr, found[TITLE].fuzzy) == ("Xocalını xatırlayırıq", True)  # confirmed by the translator
    assert found[P1].msgstr == "Bu gün Xocalı soyqırımının ildönümüdür. Şəhər bir gecədə məhv edildi."
    assert not found[P1].fuzzy  # confirmed by a reviewer
    assert found[P3].msgstr == "Yüzlərlə dinc sakin öldürüldü. Daha çoxu girov götürüldü."  # memoQ's tag left out
    assert found[P2].msgstr == found[P4].msgstr == ""
    assert "OLD VERSION" not in catalog(project).read_text(encoding="utf-8")


def test_a_tool_that_drops_our_attributes_is_checked_against_the_last_export(project):
    ok(l10n("translate", "--engine", "pseudo", "--locale", "az", cwd=project))
    shutil.copy(FIXTURES / "memoq.mqxliff", project)
    saved = catalog(project).read_bytes()
    # Never exported: the drafts may be someone's work; nothing is overwritten on a guess.
    result = l10n("xliff", "import", "memoq.mqxliff", cwd=project)
    assert result.returncode == 1 and "3 conflicts" in result.stdout.splitlines()[0]
    assert "does not say which one was exported" in result.stdout
    assert catalog(project).read_bytes() == saved
    # Exported (so the drafts are what the translator saw): the translations go in.
    ok(l10n("xliff", "export", "--locale", "az", cwd=project))
    result = l10n("xliff", "import", "memoq.mqxliff", cwd=project)
    assert result.stdout.splitlines()[0].startswith(
        "memoq.mqxliff: 3 imported, 0 approved, 0 unchanged, 1 without target, 1 source changed; wrote"
    )
    assert entries(catalog(project))[TITLE].msgstr == "Xocalını xatırlayırıq"


def test_trados_sdlxliff_segments_and_confirmation_levels(project):
    shutil.copy(FIXTURES / "trados.sdlxliff", project)
    result = ok(l10n("xliff", "import", "trados.sdlxliff", cwd=project))
    assert result.stdout.splitlines() == [
        f"trados.sdlxliff: 2 imported, 0 approved, 0 unchanged, 1 without target; wrote locales/ru/LC_MESSAGES/{DOC}.po"
    ]
    found = entries(catalog(project, "ru"))
    assert found[P1].msgstr == "Сегодня годовщина геноцида в Ходжалы. Город был уничтожен за одну ночь."
    assert not found[P1].fuzzy  # every segment approved
    assert found[P2].msgstr.startswith("Омбудсмен") and found[P2].fuzzy  # "Translated": not reviewed yet
    assert found[P3].msgstr == ""  # one of its two sentences untranslated
    assert found[TITLE].msgstr == ""  # translate="no"

    # A run narrowed to other locales does not import it behind the user's back.
    narrowed = l10n("xliff", "import", "--locale", "az", "trados.sdlxliff", cwd=project)
    assert narrowed.returncode == 2
    assert "trados.sdlxliff:5: the file is for ru-RU, not one of the locales of this run (az)" in one_line(narrowed)


def test_okapi_xliff_2_segments_ignorables_and_inline_codes(project):
    shutil.copy(FIXTURES / "okapi.xlf", project)
    result = ok(l10n("xliff", "import", "okapi.xlf", cwd=project))
    assert result.stdout.splitlines() == [
        f"okapi.xlf: 4 imported, 0 approved, 0 unchanged, 1 without target; wrote locales/tr/LC_MESSAGES/{DOC}.po"
    ]
    found = entries(catalog(project, "tr"))
    assert (found[TITLE].msgstr, found[TITLE].fuzzy) == ("Hocalı'yı anıyoruz", False)
    assert found[P1].msgstr == "Bugün Hocalı soykırımının yıl dönümü. Kasaba bir gecede yok edildi."
    assert not found[P1].fuzzy
    assert found[P2].msgstr == "Azerbaycan Ombudsmanı uluslararası toplumu trajediyi tanımaya çağırdı."
    assert found[P2].fuzzy
    assert found[P3].msgstr == ""
    assert (found[P4].msgstr, found[P4].fuzzy) == ("Hocalı kurbanları asla unutulmayacak.", True)


def test_okapi_xliff_1_2_source_copied_into_an_untranslated_target_is_not_a_translation(project):
    (project / "okapi12.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" '
        'xmlns:okp="okapi-framework:xliff-extensions" xmlns:its="http://www.w3.org/2005/11/its" '
        'xmlns:itsxlf="http://www.w3.org/ns/its-xliff/" its:version="2.0">\n'
        f'<file original="{DOC}.xlf" source-language="en" target-language="az" datatype="x-undefined">\n<body>\n'
        f'<trans-unit id="tu1" xml:space="preserve">\n<source xml:lang="en">{TITLE}</source>\n'
        f'<target xml:lang="az" state="needs-translation">{TITLE}</target>\n</trans-unit>\n'
        f'<trans-unit id="tu2" xml:space="preserve">\n<source xml:lang="en">{P4}</source>\n'
        '<target xml:lang="az" state="translated">Xocalı qurbanları heç vaxt unudulmayacaq.</target>\n</trans-unit>\n'
        "</body>\n</file>\n</xliff>\n",
        encoding="utf-8",
    )
    result = ok(l10n("xliff", "import", "okapi12.xlf", cwd=project))
    assert result.stdout.startswith("okapi12.xlf: 1 imported, 0 approved, 0 unchanged, 1 without target;")
    found = entries(catalog(project))
    assert found[TITLE].msgstr == "" and found[P4].fuzzy


# --------------------------------------------------------------------------- bad input

BAD = {
    "broken.xlf": (
        '<?xml version="1.0"?>\n<xliff version="2.0" srcLang="en" trgLang="az">\n<file id="f1">\n',
        "broken.xlf:4: not well-formed XML",
    ),
    "entities.xlf": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
        '<xliff version="2.0" srcLang="en" trgLang="az"/>\n',
        "declares the XML entity 'a'",
    ),
    "other.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="az">'
        '<file id="f1" original="other.po"><unit id="u1"><segment><source>x</source></segment></unit>'
        "</file></xliff>\n",
        "no az catalog for the document 'other.po'",
    ),
    "nolang.xlf": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x.po" '
        'source-language="en"><body/></file></xliff>\n',
        "names no target language",
    ),
    "notxliff.xlf": ("<tmx version='1.4'/>\n", "not an XLIFF file: the root element is <tmx>"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_one_line_exit_2_and_nothing_is_written(project, name):
    text, message = BAD[name]
    (project / name).write_text(text, encoding="utf-8")
    good = shutil.copy(FIXTURES / "okapi.xlf", project)  # a good file first: it must not be half-imported
    before = snapshot(project / "locales")
    result = l10n("xliff", "import", good, name, cwd=project)
    assert result.returncode == 2 and message in one_line(result)
    assert snapshot(project / "locales") == before
