"""Word (.docx) through the l10n command: segment --explain, a project from extract to bundle,
the corpus seed re-created as the Word statement it came from, and corrupt files refused."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest
from lxml import etree

from pipeline.core.config import load_config
from pipeline.project import open_project
from pipeline.source.corpus import read_document
from pipeline.source.formats import segment_document

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data" / "docx"
SEED = ROOT / "corpus" / "2022-02-ombudsman-30th-anniversary-statement.txt"


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def c14n(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_segment_explain_prints_a_decision_for_every_paragraph_and_the_parts_carried_through():
    result = l10n("segment", "--explain", str(DATA / "press-statement.docx"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("format: docx: body paragraphs (title, headings, list items, table cells) are units")
    assert "    1  unit  Title style: the title\n       | Ombudsman meets the families of Khojaly victims" in out
    assert "    3  drop  an empty paragraph (spacing): carried through" in out
    assert (
        "   10  unit  a list item (numbered or bulleted); 1 inline element as placeholder tags\n       | Website: <a1>www.ombudsman.az</a1>"
        in out
    )
    assert "   15  unit  a paragraph in a nested table's cell\n       | Baku" in out
    assert "   20  drop  no text, only an image, a break or a field: carried through\n       | <img1/>" in out
    assert "    0  drop  the footnotes (word/footnotes.xml): carried through untranslated" in out
    assert f"[19] {DATA / 'press-statement.docx'}:22 (paragraph)\n    Commissioner for Human Rights<br1/>Baku, Azerbaijan<tab2/>" in out
    assert out.rstrip().endswith("20 units")


def test_the_seed_statement_as_the_word_document_it_came_from_gives_the_plain_texts_units():
    """Corpus seed 002 was "a statement pasted from a word processor": the Word statement
    (make_fixtures.py says how it was re-created) gives the same units, in the same order, as
    the plain text, both segmented with the project's names."""
    names = open_project(load_config(ROOT)).names
    assert "Heydar Aliyev Foundation" in names
    plain = segment_document(read_document(SEED), names).units
    word = segment_document(read_document(DATA / "ombudsman-statement.docx"), names).units
    assert len(word) == 21
    assert [unit.text for unit in word] == [unit.text for unit in plain]
    assert [unit.kind for unit in word] == [unit.kind for unit in plain]  # the title, then paragraphs
    assert word[0].text.endswith("on the 30thAnniversary of Khojaly Genocide")


def test_a_project_translating_every_entry_to_itself_bundles_the_same_word_document(tmp_path):
    (tmp_path / "corpus").mkdir()
    for name in ("press-statement.docx", "ombudsman-statement.docx"):
        (tmp_path / "corpus" / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "locales").mkdir()
    (tmp_path / "l10n.toml").write_text('locales = ["az", "ru"]\ncorpus = "corpus"\nlocales-dir = "locales"\n', encoding="utf-8")
    for command in (["extract", "--no-glossary"], ["update", "--no-glossary"]):
        result = l10n(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    for locale in ("az", "ru"):
        for catalog in (tmp_path / "locales" / locale / "LC_MESSAGES").glob("*.po"):
            po = polib.pofile(str(catalog))
            for entry in po:
                entry.msgstr = entry.msgid.upper() if locale == "ru" and entry.msgid == "Families met" else entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            po.save(str(catalog))
    result = l10n("bundle", "--no-glossary", "--min-complete", "0", "--out", "dist", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("press-statement.docx", "ombudsman-statement.docx"):
        assert (tmp_path / "dist" / "az" / name).read_bytes() == (DATA / name).read_bytes()
    source, changed = (
        parts((DATA / "press-statement.docx").read_bytes()),
        parts((tmp_path / "dist" / "ru" / "press-statement.docx").read_bytes()),
    )
    assert list(changed) == list(source) and all(changed[name] == source[name] for name in source if name != "word/document.xml")
    assert b"FAMILIES MET" in changed["word/document.xml"] and c14n(changed["word/document.xml"]) != c14n(source["word/document.xml"])


def _bad(data: bytes, tmp_path: Path, name: str = "bad.docx") -> subprocess.CompletedProcess:
    (tmp_path / name).write_bytes(data)
    return l10n("segment", name, cwd=tmp_path)


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"STATEMENT of the Commissioner\n\nof the Republic\n", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "an old binary Word document (.doc, Word 97-2003)"),
        ("truncated", "the zip archive is truncated or corrupt"),
    ],
)
def test_a_corrupt_docx_through_the_command_exits_2_with_one_line_and_no_traceback(tmp_path, content, problem):
    if content == "truncated":
        source = (DATA / "press-statement.docx").read_bytes()
        content = source[: len(source) - 200]
    result = _bad(content, tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "bad.docx: " in lines[0] and problem in lines[0] and "; re-save it from Word as a .docx document" in lines[0]
