"""The HTML format on realistic pages: the news page corpus seed 001 was scraped from, and a press
release with inline markup, a list, a table and an image; through the library and the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline.core.config import load_config
from pipeline.core.model import TITLE
from pipeline.project import open_project
from pipeline.source.corpus import read_document
from pipeline.source.formats import render_localized, segment_document

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data" / "html"
SEED = "2025-02-ombudsperson-33rd-anniversary"
NEWS_PAGE = DATA / f"{SEED}.html"
PRESS_RELEASE = DATA / "press-release.html"
#: Each page's root tag as the writer gives it for a locale: lang replaced or added, dir added.
ROOTS = {
    NEWS_PAGE: (b'<html lang="en-US" prefix="og: https://ogp.me/ns#">', '<html lang="{}" prefix="og: https://ogp.me/ns#" dir="{}">'),
    PRESS_RELEASE: (b"<html>", '<html lang="{}" dir="{}">'),
}


def localized_page(path: Path, lang: str, direction: str) -> bytes:
    """The page's source bytes with its root's lang and dir set, nothing else changed."""
    source, (root, localized) = path.read_bytes(), ROOTS[path]
    assert source.count(root) == 1
    return source.replace(root, localized.format(lang, direction).encode())


@pytest.fixture(autouse=True)
def _user_cache(tmp_path, monkeypatch):
    """The pipeline's user cache in the test's folder (the glossary's validity is remembered there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def read(path: Path):
    return read_document(path, load_config(ROOT), folder=path.parent)


def identity(path: Path, locale: str = "az") -> bytes:
    document = read(path)
    return render_localized(document, [unit.text for unit in segment_document(document).units], locale)


def test_the_news_page_seed_001_was_scraped_from_gives_the_plain_texts_units_in_order():
    """Segmentation parity: the page's article is exactly the plain text's 12 units (the font-size
    widget, the share links, the "News.Az" credit, related articles, the comment form, the sidebar,
    the footer and "Back to top button" are all left out).  The page adds what the flattened text
    lost: its <title>, its meta description and its h1 headline."""
    names = open_project(load_config(ROOT)).names
    plain = [unit.text for unit in segment_document(read(ROOT / "corpus" / f"{SEED}.txt"), names).units]
    page = segment_document(read(NEWS_PAGE), names).units
    assert len(plain) == 12
    assert [unit.text for unit in page] == [
        "Ombudsperson urges world not to be indifferent to Khojaly genocide | News.Az",
        "Azerbaijan’s Ombudsperson Sabina Aliyeva has urged international organizations and world states not to be "
        "indifferent to the Khojaly genocide.",
        "Ombudsperson urges world not to be indifferent to Khojaly genocide",
        *plain,
    ]
    assert [unit.kind for unit in page[:3]] == [TITLE, "paragraph", TITLE]


def test_the_news_pages_furniture_is_explained_through_the_cli():
    result = l10n("segment", "--explain", str(NEWS_PAGE), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    decisions = re.findall(r"^ *(\d+)  (unit|drop) +(.*)$", result.stdout, re.M)
    reasons = [reason for _, action, reason in decisions if action == "drop"]
    for expected in (
        "<style>: a style sheet, not translated",
        "<script>: program code, not translated",
        "<header>: the site's header, page furniture",
        "widget: fewer than half of its tokens are words",
        "class or id names page furniture (share)",
        "footer: a short line without a sentence after the last paragraph",
        "class or id names page furniture (related)",
        "class or id names page furniture (comments)",
        "<aside>: a sidebar (aside), page furniture",
        "<footer>: a footer, page furniture",
        "class or id names page furniture (cookie)",
    ):
        assert expected in reasons
    assert sum(action == "unit" for _, action, _ in decisions) == 15
    assert "| Back to top button" in result.stdout or "Back to top button</span3></a1>" in result.stdout
    assert result.stdout.rstrip().endswith("15 units")


@pytest.mark.parametrize("path", [NEWS_PAGE, PRESS_RELEASE], ids=["news-page", "press-release"])
def test_an_untranslated_realistic_page_comes_back_byte_for_byte_but_for_lang_and_dir(path):
    assert identity(path, "ar") == localized_page(path, "ar", "rtl")


def test_the_press_release_in_upper_case_with_two_links_swapped_keeps_its_markup_in_place():
    document = read(PRESS_RELEASE)
    units = [unit.text for unit in segment_document(document).units]

    def upper(text: str) -> str:
        return re.sub(r"(<[^>]*>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), text)

    shipped = [upper(text) for text in units]
    journalists = units.index(
        "Journalists can find the full text and the statistical annex on the <a1>report page</a1>. "
        "Questions may be sent to <a2>press@ombudsman.az</a2>."
    )
    shipped[journalists] = "Write to <a2>press@ombudsman.az</a2> with questions; the <a1>report page</a1> has the annex."
    out = render_localized(document, shipped, "az").decode("utf-8")
    assert '<a href="/en/reports/2024" title="READ THE FULL REPORT (PDF, 4 MB)">ANNUAL REPORT FOR 2024</a>' in out
    assert "<strong>SABINA ALIYEVA</strong>" in out
    assert "DISABILITIES &amp; OLDER PERSONS, AND THE <b>NATIONAL PREVENTIVE MECHANISM</b> AGAINST TORTURE.<br> IT WAS" in out
    assert '<abbr title="NATIONAL PREVENTIVE MECHANISM">NPM</abbr>;</li>' in out
    assert "<li>SUPPORT FOR THE FAMILIES OF THE <i>MISSING PERSONS</i>.</li>" in out
    assert "<caption>APPLICATIONS RECEIVED IN 2024</caption>" in out and "<td>4,112</td>" in out
    assert 'alt="THE OMBUDSMAN PRESENTS THE ANNUAL REPORT IN THE MILLI MAJLIS"' in out
    assert (
        '<p>Write to <a href="mailto:press@ombudsman.az">press@ombudsman.az</a> with questions; the '
        '<a href="/en/reports/2024" class="ext">report page</a> has the annex.</p>'
    ) in out
    assert "<p>REFERENCE NUMBER: <code>PR-2025/031</code></p>" in out
    assert "<title>PRESS RELEASE: THE OMBUDSMAN’S ANNUAL REPORT FOR 2024</title>" in out
    # Furniture, code and scripts are as written.
    source = PRESS_RELEASE.read_text(encoding="utf-8")
    for kept in (r"<header class=\"site-header\">.*?</header>", r"<aside.*?</aside>", r"<footer.*?</footer>", r"<style>.*?</style>"):
        assert re.search(kept, source, re.S).group(0) in out


def test_end_to_end_extract_update_every_msgstr_its_msgid_bundle_gives_the_pages_back(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (NEWS_PAGE, PRESS_RELEASE):
        shutil.copy(path, corpus / path.name)
    (tmp_path / "locales").mkdir()
    (tmp_path / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\nlocales-dir = "locales"\n', encoding="utf-8")
    for command in (["extract", "--no-glossary"], ["update", "--no-glossary"]):
        result = l10n(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    catalogs = sorted((tmp_path / "locales" / "az" / "LC_MESSAGES").glob("*.po"))
    assert [path.name for path in catalogs] == [f"{SEED}.po", "press-release.po"]
    for path in catalogs:
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))
    assert any("<a2>annual report for 2024</a2>" in entry.msgid for entry in polib.pofile(str(catalogs[1])))
    result = l10n("bundle", "--no-glossary", "--min-complete", "0", "--out", "bundles", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for path in (NEWS_PAGE, PRESS_RELEASE):
        assert (tmp_path / "bundles" / "az" / path.name).read_bytes() == localized_page(path, "az", "ltr")


def test_l10n_check_reads_the_press_releases_words_not_its_placeholder_tags(tmp_path):
    """Placeholders such as <strong1> or <br2/> are no glued words ('strong 1') for the source checks."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "locales").mkdir()
    shutil.copy(PRESS_RELEASE, tmp_path / "corpus" / PRESS_RELEASE.name)
    (tmp_path / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\nlocales-dir = "locales"\n', encoding="utf-8")
    assert l10n("update", "--no-glossary", cwd=tmp_path).returncode == 0
    result = l10n("check", "--no-glossary", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "glued-word" not in result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings in 1 document and 1 catalog")
