"""Robustness: bad input to the ``l10n`` command.

Every case asserts the promise of the README: exit code 2, exactly one line on stderr naming the
problem (no traceback), and no output file created or changed — the locales directory is
snapshotted byte for byte before and after, and ``check --out`` must not create its report.
The exception is a Plural-Forms header that disagrees with the locale: the catalog parses, so
``l10n check`` runs and reports a msgfmt error (exit 1).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GLOSSARY = ROOT / "glossary"
DOCS = ("2020-02-ombudsman-regional-events.txt", "2023-02-31-years-since-khojaly.txt")
PO = "ru/LC_MESSAGES/2020-02-ombudsman-regional-events.po"


def l10n(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cache)  # the pipeline's user cache, kept out of the real home
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def snapshot(directory: Path) -> dict[str, str]:
    if not directory.exists():
        return {}
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".l10n.lock"
    }


def assert_one_line_exit_2(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("l10n: ") and "Traceback" not in result.stderr
    assert "internal error" not in lines[0], lines[0]
    for text in expected:
        assert text in lines[0], (text, lines[0])


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A project (two corpus documents, the real glossary) with its az/ru/tr catalogs, built once."""
    base = tmp_path_factory.mktemp("robust-baseline")
    (base / "corpus").mkdir()
    for name in DOCS:
        shutil.copy(CORPUS / name, base / "corpus" / name)
    shutil.copytree(GLOSSARY, base / "glossary")
    cache = tmp_path_factory.mktemp("robust-cache")
    (base / "out").mkdir()
    result = l10n("update", "--corpus", "corpus", "--locales", "out", "--glossary", "glossary", cwd=base, cache=cache)
    assert result.returncode == 0, result.stderr
    return base


@pytest.fixture
def project(baseline, tmp_path, tmp_path_factory):
    """A fresh copy of the baseline; ``run(*args)`` runs l10n in it with its paths."""
    root = tmp_path / "p"
    shutil.copytree(baseline, root)
    cache = tmp_path / "cache"

    class Project:
        path = root
        out = root / "out"

        @staticmethod
        def run(command: str, *args: str, corpus: str = "corpus", glossary: str = "glossary"):
            options = {
                "update": ["--corpus", corpus, "--locales", "out", "--glossary", glossary],
                "extract": ["--corpus", corpus, "--locales", "out", "--glossary", glossary],
                "check": ["--glossary", glossary],
            }.get(command, [])
            return l10n(command, *args, *options, cwd=root, cache=cache)

    return Project


# -- source documents ------------------------------------------------------------------------

BAD_DOCUMENTS = [
    pytest.param(b"First line is fine.\nSecond \x80 is not UTF-8.\n", ["zz-bad.txt:2:", "byte 0x80 is not valid UTF-8"], id="invalid-utf8"),
    pytest.param("The Khojaly genocide was committed in 1992.\n".encode("utf-16"), ["zz-bad.txt:1:", "UTF-16"], id="utf16-bom-le"),
    pytest.param(
        "The Khojaly genocide was committed in 1992.\n".encode("utf-16-be").join([b"\xfe\xff", b""]), ["UTF-16"], id="utf16-bom-be"
    ),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", ["zz-bad.txt", "binary"], id="binary-png"),
    pytest.param(b"A normal first line.\nA second line with a NUL\x00 inside.\n", ["zz-bad.txt:2:", "NUL byte"], id="nul-bytes"),
    pytest.param(b"", ["zz-bad.txt", "empty"], id="empty"),
    pytest.param(b"\xef\xbb\xbf \n\t\n\r\n\x0c\n", ["zz-bad.txt", "empty"], id="only-white-space"),
    pytest.param(b"\xef\xbb\xbf", ["zz-bad.txt", "empty"], id="only-a-bom"),
]


# tests/cli/test_cli.py already runs `update` on invalid UTF-8, a UTF-16 LE BOM, an empty and a binary file.
IN_TEST_CLI = ("invalid-utf8", "utf16-bom-le", "empty", "binary-png")


@pytest.mark.parametrize("content, expected", [p for p in BAD_DOCUMENTS if p.id not in IN_TEST_CLI])
def test_bad_document_in_the_corpus_stops_update_with_nothing_written(project, content, expected):
    before = snapshot(project.out)
    (project.path / "corpus" / "zz-bad.txt").write_bytes(content)
    assert_one_line_exit_2(project.run("update"), *expected)
    assert snapshot(project.out) == before


@pytest.mark.parametrize("content, expected", BAD_DOCUMENTS)
def test_bad_document_given_to_check_and_segment_exits_2_and_writes_no_report(project, content, expected):
    bad = project.path / "zz-bad.txt"
    bad.write_bytes(content)
    report = project.path / "report.json"
    assert_one_line_exit_2(project.run("check", str(bad), "--format", "json", "--out", str(report)), *expected)
    assert not report.exists()
    assert_one_line_exit_2(project.run("segment", str(bad)), *expected)


def test_a_utf8_bom_is_not_bad_input(project):
    (project.path / "corpus" / "zz-bom.txt").write_bytes(
        b"\xef\xbb\xbfThe Khojaly genocide was committed on 26 February 1992 by the armed forces.\r\n"
    )
    result = project.run("update")
    assert result.returncode == 0, result.stderr
    assert (project.out / "az" / "LC_MESSAGES" / "zz-bom.po").exists()
    assert "\ufeff" not in (project.out / "templates" / "zz-bom.pot").read_text(encoding="utf-8")


def test_a_bad_document_after_good_ones_changes_nothing_even_when_the_good_ones_changed(project):
    # Documents are validated before anything is written: an edit in a good document must not
    # reach its catalogs when a later document (by name) is bad.
    good = project.path / "corpus" / DOCS[0]
    good.write_text(good.read_text(encoding="utf-8").replace("Ombudsman", "Commissioner", 1), encoding="utf-8")
    (project.path / "corpus" / "zz-bad.txt").write_bytes(b"\xff\xfe\x00")
    before = snapshot(project.out)
    assert_one_line_exit_2(project.run("update"), "zz-bad.txt", "UTF-16")
    assert snapshot(project.out) == before


@pytest.mark.parametrize(
    "make, expected",
    [
        pytest.param(lambda p: (p / "afile").write_text("not a directory"), ["afile", "is a file, not a directory"], id="corpus-is-a-file"),
        pytest.param(lambda p: None, ["missing", "does not exist"], id="corpus-missing"),
        pytest.param(
            lambda p: (p / "emptydir").mkdir(),
            ["emptydir", "no documents (*.docx, *.htm, *.html, *.markdown, *.md, *.txt)"],
            id="corpus-without-documents",
        ),
    ],
)
def test_corpus_path_that_is_not_a_corpus_directory(project, make, expected):
    make(project.path)
    name = {"corpus-is-a-file": "afile", "corpus-missing": "missing"}.get(expected[0], expected[0])
    before = snapshot(project.out)
    for command in ("update", "extract"):
        assert_one_line_exit_2(project.run(command, corpus=name), *expected)
    assert snapshot(project.out) == before


# -- glossary files ----------------------------------------------------------------------------

BAD_GLOSSARIES = [
    pytest.param(
        "category: place\nterms:\n  - id: khojaly\n    term: [Khojaly\n", ["zz.yaml", "YAML syntax error"], id="yaml-unclosed-bracket"
    ),
    pytest.param(
        "category: place\nterms:\n  - id: khojaly\n   term: Khojaly\n", ["zz.yaml:4:", "YAML syntax error"], id="yaml-bad-indentation"
    ),
    pytest.param("category: place\nterms:\n\t- id: khojaly\n", ["zz.yaml:3:", "YAML syntax error"], id="yaml-tab"),
    pytest.param("category: place\nterms:\n  - id: zz-one\n", ["zz.yaml:3:", "entry has no 'term'"], id="missing-term"),
    pytest.param("category: place\nterms:\n  - term: Somewhere\n", ["zz.yaml:3:", "entry has no 'id'"], id="missing-id"),
    pytest.param("terms:\n  - id: zz-one\n    term: Somewhere\n", ["zz.yaml:2:", "has no category"], id="missing-category"),
    pytest.param(
        "category: place\nterms:\n  - id: khojaly\n    term: Khojaly again\n",
        ["zz.yaml:3:", "duplicate id 'khojaly'", "places.yaml"],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        "category: place\nterms:\n  - id: zz-one\n    term: One\n  - id: zz-one\n    term: Two\n",
        ["zz.yaml:5:", "duplicate id 'zz-one'"],
        id="duplicate-id-in-a-file",
    ),
    pytest.param(
        "category: place\nterms:\n  - id: zz-one\n    term: One\n    term: Two\n", ["zz.yaml:5:", "appears twice"], id="duplicate-key"
    ),
    pytest.param(
        "category: place\nterms:\n  - id: zz-one\n    term: One\n    colour: red\n",
        ["zz.yaml:5:", "unknown key 'colour'"],
        id="unknown-key",
    ),
    pytest.param(
        "category: place\nterms:\n  - id: zz-one\n    term: One\n    forbidden:\n      - form: Uno\n        severity: fatal\n",
        ["zz.yaml:7:", "severity"],
        id="bad-severity",
    ),
    pytest.param("", ["zz.yaml", "empty"], id="empty-file"),
    pytest.param(b"category: place\nterms:\n  - id: zz-one\n    term: \xff\xfe\n", ["zz.yaml:4:", "not UTF-8"], id="not-utf8"),
]


@pytest.mark.parametrize("content, expected", BAD_GLOSSARIES)
def test_bad_glossary_stops_update_with_nothing_written(project, content, expected):
    path = project.path / "glossary" / "zz.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(project.out)
    assert_one_line_exit_2(project.run("update"), *expected)
    assert snapshot(project.out) == before


@pytest.mark.parametrize(
    "content, expected",
    [p for p in BAD_GLOSSARIES if p.id in ("yaml-unclosed-bracket", "missing-term", "duplicate-id-across-files", "not-utf8")],
)
def test_bad_glossary_stops_check_with_no_report(project, content, expected):
    (project.path / "glossary" / "zz.yaml").write_bytes(content if isinstance(content, bytes) else content.encode())
    report = project.path / "report.txt"
    assert_one_line_exit_2(project.run("check", "corpus", "--out", str(report)), *expected)
    assert not report.exists()


# -- PO files ------------------------------------------------------------------------------------


def _edit_po(project, old: str, new: str, count: int = 1) -> Path:
    path = project.out / PO
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _duplicate_first_entry(project) -> Path:
    path = project.out / PO
    text = path.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    entries.insert(2, entries[1])  # entries[0] is the header
    path.write_text("\n\n".join(entries), encoding="utf-8")
    return path


BAD_CATALOGS = [
    pytest.param(lambda p: _edit_po(p, 'msgstr ""\n\n#', 'msgstr "broken\n\n#'), ["syntax error"], id="unterminated-string"),
    pytest.param(lambda p: _edit_po(p, '\nmsgid "', '\nmsgidd "', 2), ["syntax error"], id="bad-keyword"),
    pytest.param(lambda p: _edit_po(p, 'msgstr ""\n\n#', 'msgstr ""\n"dangling\n\n#'), ["syntax error"], id="unterminated-continuation"),
    pytest.param(_duplicate_first_entry, ["duplicate message definition"], id="duplicate-msgid"),
    pytest.param(lambda p: _edit_po(p, "charset=UTF-8", "charset=KLINGON-8"), ["unknown charset"], id="unknown-charset"),
    pytest.param(
        lambda p: (p.out / PO).write_bytes((p.out / PO).read_bytes().replace(b'msgstr ""\n\n#', b'msgstr "\xff\xfe"\n\n#', 1)),
        ["does not match the charset"],
        id="bytes-not-in-the-charset",
    ),
    pytest.param(lambda p: (p.out / PO).write_bytes(b"\x00\x01binary"), ["NUL byte"], id="binary"),
]


@pytest.mark.parametrize("damage, expected", BAD_CATALOGS)
def test_broken_catalog_stops_update_with_nothing_written(project, damage, expected):
    damage(project)
    before = snapshot(project.out)
    assert_one_line_exit_2(project.run("update"), str(project.out / PO), *expected)
    assert snapshot(project.out) == before


@pytest.mark.parametrize("damage, expected", BAD_CATALOGS)
def test_broken_catalog_given_to_check_exits_2_and_writes_no_report(project, damage, expected):
    damage(project)
    report = project.path / "report.xml"
    assert_one_line_exit_2(
        project.run("check", str(project.out / PO), "--format", "junit", "--out", str(report)), str(project.out / PO), *expected
    )
    assert not report.exists()


def test_duplicate_msgid_is_reported_as_a_duplicate_at_its_line(project):
    path = _duplicate_first_entry(project)
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(lines, 1) if line.startswith("msgid ")][2]  # header, first, duplicate
    result = project.run("check", str(path))
    assert_one_line_exit_2(result, f"{path}:{second}:", "duplicate message definition")


def test_wrong_plural_count_is_a_msgfmt_error_of_check_not_bad_input(project):
    # Russian has three plural forms (CLDR); a header claiming two is what msgfmt rejects.
    path = _edit_po(project, "nplurals=3;", "nplurals=2;")
    result = project.run("check", str(path))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "msgfmt" in result.stdout and "Plural-Forms" in result.stdout and "nplurals=3" in result.stdout
    assert "Traceback" not in result.stderr


def test_update_of_a_catalog_with_a_wrong_plural_count_keeps_the_translators_header(project):
    # Not bad input for update (the catalog parses): the merge keeps the existing header, so
    # the error stays visible to `l10n check` rather than being silently "fixed".
    _edit_po(project, "nplurals=3;", "nplurals=2;")
    assert project.run("update").returncode == 0
    assert "nplurals=2;" in (project.out / PO).read_text(encoding="utf-8")
    assert project.run("check", str(project.out / PO)).returncode == 1


def test_usage_errors_exit_2_without_a_traceback(project):
    for args in (
        ["no-such-command"],
        ["check", "--format", "yaml", "corpus"],
        ["update", "--no-such-option"],
        ["check", str(project.path / "nowhere.txt")],
        ["check", str(project.path / "glossary" / "places.yaml")],
    ):
        result = project.run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert_one_line_exit_2(project.run("check", str(project.path / "nowhere.txt")), "no such file or directory")
