"""The HTML report: one self-contained page, everything escaped, readable in a browser."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.core.model import Finding
from pipeline.outputs.report import render_report, write_report

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshot_report.sh"


def row(units, translated, fuzzy, words, translated_words, fuzzy_words, errors=0, warnings=0, state="catalog"):
    return {
        "catalog": "locales/x.po",
        "state": state,
        "units": units,
        "translated": translated,
        "fuzzy": fuzzy,
        "untranslated": units - translated - fuzzy,
        "words": words,
        "translated_words": translated_words,
        "fuzzy_words": fuzzy_words,
        "untranslated_words": words - translated_words - fuzzy_words,
        "percent": round(100 * translated_words / words, 2) if words else 100.0,
        "errors": errors,
        "warnings": warnings,
    }


STATS = {
    "locales": {
        "az": {
            "total": {**row(10, 8, 1, 100, 80, 10, errors=1, warnings=2), "documents": 2},
            "documents": {"press-<release>": row(6, 5, 1, 60, 50, 10, errors=1), "statement": row(4, 3, 0, 40, 30, 0, warnings=2)},
        },
        "ru": {
            "total": {**row(10, 2, 0, 100, 25, 0), "documents": 2},
            "documents": {"press-<release>": row(6, 2, 0, 60, 25, 0), "statement": row(4, 0, 0, 40, 0, 0, state="template")},
        },
    }
}

FINDINGS = [
    Finding(
        "locales/az/LC_MESSAGES/statement.po",
        12,
        1,
        "missing-rendering",
        "error",
        "term 'Khojaly' must be rendered as 'Xocalı' <blink>",
        found="Hocalı & co",
        suggestion="Xocalı",
        locale="az",
        msgid="The <script>alert('Khojaly')</script> tragedy",
    ),
    Finding(
        "corpus/statement.txt", 3, 7, "deprecated-variant", "warning", 'use "Khojaly", not "Xodjali"', found="Xodjali", suggestion="Khojaly"
    ),
]


def test_the_page_is_self_contained():
    page = render_report(STATS, FINDINGS)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for external in ("http://", "https://", "src=", "<link", "<script", "@import", "url("):
        assert external not in page, external
    assert "<style>" in page


def test_every_finding_appears_escaped_with_its_entry():
    page = render_report(STATS, FINDINGS)
    for finding in FINDINGS:
        for text in (finding.message, finding.found, finding.suggestion, finding.rule):
            assert html.escape(text) in page
        assert f"{html.escape(finding.path)}:{finding.line}:{finding.column}" in page
    assert html.escape("The <script>alert('Khojaly')</script> tragedy") in page
    assert "<blink>" not in page and "<release>" not in page  # data never becomes markup
    assert page.index("missing-rendering") < page.index("deprecated-variant")  # errors first


def test_a_progress_bar_per_locale_stacks_translated_fuzzy_and_untranslated_words():
    page = render_report(STATS)
    locales = re.findall(r'<div class="locale"><span class="code">(\w+)</span>(.*?)</div></div>', page)
    assert [code for code, _ in locales] == ["az", "ru"]
    az_bar = locales[0][1]
    assert re.findall(r'class="(t|f|u)" style="width:([\d.]+)%"', az_bar) == [("t", "80.00"), ("f", "10.00"), ("u", "10.00")]


def test_a_table_per_document_with_a_row_per_locale():
    page = render_report(STATS)
    assert page.count("<table>") == 2
    assert html.escape("press-<release>") in page
    statement = page[page.index('id="doc-statement"') :]
    assert statement.count("<tr>") == 3  # header, az, ru
    assert "no catalog yet" in statement


def test_errors_and_warnings_are_the_table_s_and_the_page_s_total_counts_the_findings_like_check():
    page = render_report(STATS, FINDINGS)
    assert "check findings: 1 error, 2 warnings</p>" in page  # az: the table's total, not a count of FINDINGS
    assert "check findings: 0 errors, 0 warnings</p>" in page  # ru
    statement = page[page.index('id="doc-statement"') :]
    assert re.search(r'<td class="n">0</td><td class="n">2</td><td><div class="bar small"', statement)
    assert "2 check findings (1 error, 1 warning)" in page


def test_rows_from_before_errors_and_warnings_show_their_glossary_errors():
    old = {"locales": {"az": {"total": {"glossary_errors": 3}, "documents": {}}}}
    assert "check findings: 3 errors, 0 warnings</p>" in render_report(old)


def test_no_findings_and_no_locales_still_make_a_page():
    page = render_report({"locales": {}})
    assert "No findings." in page and "No locales configured." in page


def test_the_same_data_gives_the_same_page_whatever_the_finding_order():
    assert render_report(STATS, FINDINGS) == render_report(STATS, list(reversed(FINDINGS)))


def test_write_report_is_atomic_and_rewrites_nothing_unchanged(tmp_path):
    path = tmp_path / "build" / "report.html"
    page = render_report(STATS, FINDINGS)
    assert write_report(path, page) is True
    assert path.read_text(encoding="utf-8") == page
    assert write_report(path, page) is False
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


def test_l10n_report_writes_the_page(tmp_path, monkeypatch):
    import polib
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.cli import bundle_commands  # noqa: F401  (registers the commands)

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "az"}
    po.append(polib.POEntry(msgid="Hello there", msgstr="Salam"))
    (tmp_path / "locales" / "az" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(tmp_path / "locales" / "az" / "LC_MESSAGES" / "hello.po"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "--locales", "locales", "--locale", "az", "--out", "out.html"])
    assert result.exit_code == 0, result.output
    assert "hello" in (tmp_path / "out.html").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_report_renders_in_headless_chromium(tmp_path):
    report = tmp_path / "report.html"
    write_report(report, render_report(STATS, FINDINGS))
    png = tmp_path / "report.png"
    result = subprocess.run(["sh", str(SCRIPT), str(report), str(png)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes
