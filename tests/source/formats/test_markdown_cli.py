"""Markdown through the command line: `segment --explain`, bad input, and a whole project from
extract to bundle giving the statement back byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

DATA = Path(__file__).parent / "data" / "markdown"
STATEMENT = DATA / "ombudsman-statement.md"


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``l10n ARGS`` in a fresh interpreter (exit code, stdout and stderr as a user sees them)."""
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_segment_explain_gives_a_decision_for_every_unit_and_every_block_left_out(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "---\ntitle: Khojaly\ndate: 2025-02-25\n---\n\n<!-- draft -->\n\nThe town\nwas attacked.\n\n```\ncode\n```\n\n| A | B |\n|---|---|\n",
        encoding="utf-8",
    )
    result = l10n("segment", "--explain", str(page), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("format: markdown: headings, paragraphs")
    decisions = [line.split(None, 2) for line in lines[1:] if line[:5].strip().isdigit()]
    assert [(number, action) for number, action, _ in decisions] == [
        ("1", "drop"),  # the front matter
        ("2", "unit"),  # its title
        ("6", "drop"),  # the comment
        ("8", "unit"),  # the paragraph, two lines joined
        ("11", "drop"),  # the code
        ("15", "unit"),
        ("15", "unit"),  # two header cells
        ("16", "drop"),  # the delimiter row
    ]
    assert "paragraph of 2 lines, joined" in result.stdout and "HTML comment: not translated" in result.stdout
    assert lines[-1] == "4 units"
    assert f"[2] {page}:8 (paragraph)" in result.stdout and "    The town was attacked." in result.stdout


def test_segment_of_a_markdown_file_with_a_bad_byte_exits_2_with_one_line(tmp_path):
    page = tmp_path / "bad.md"
    page.write_bytes(b"# Khojaly\n\nThe caf\xe9 was closed.\n")
    result = l10n("segment", str(page), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "bad.md:3" in result.stderr and "not valid UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_a_markdown_file_with_a_bom_segments_as_without(tmp_path):
    page = tmp_path / "bom.md"
    page.write_bytes(b"\xef\xbb\xbf# Khojaly\n\nText.\n")
    result = l10n("segment", str(page), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"[1] {page}:1 (title)\n    Khojaly\n" in result.stdout


def test_a_catalog_translated_to_itself_bundles_the_statement_byte_for_byte(tmp_path):
    """extract, update, every msgstr set to its msgid and reviewed, bundle: az/<stem>.md is the source."""
    root = tmp_path / "project"
    (root / "corpus").mkdir(parents=True)
    shutil.copy(STATEMENT, root / "corpus" / "statement.md")
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["az"]\n', encoding="utf-8")
    for step in (["extract", "--no-glossary"], ["update", "--no-glossary"]):
        result = l10n(*step, cwd=root)
        assert result.returncode == 0, result.stderr
    catalog = root / "locales" / "az" / "LC_MESSAGES" / "statement.po"
    po = polib.pofile(str(catalog))
    assert len(po) == 28  # one entry per unit: the statement's 28 units are all different texts
    assert po.find("Figures of the tragedy").occurrences == [("corpus/statement.md", "22")]
    for entry in po:
        entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(catalog))
    result = l10n("bundle", "--no-glossary", "--min-complete", "0", "--out", "dist", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "dist" / "az" / "statement.md").read_bytes() == STATEMENT.read_bytes()
