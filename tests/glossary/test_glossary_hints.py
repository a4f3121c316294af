"""Glossary hints in catalogs: the lines per locale, and the matcher's pass made once per msgid for every locale."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from pipeline.core.config import Config
from pipeline.glossary import load_glossary
from pipeline.glossary.hints import GlossaryHints, hints_for
from pipeline.glossary.matcher import SourceMatcher
from pipeline.catalogs.jobs import update

ROOT = Path(__file__).resolve().parents[2]

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales: {az: {rendering: Xocalı}, ru: {rendering: Ходжалы}}
  - id: baku
    term: Baku
    locales: {az: {rendering: Bakı}, ru: {rendering: Баку}, tr: {rendering: Bakü}}
  - id: news-az
    term: News.Az
    dnt: true
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    directory = tmp_path_factory.mktemp("glossary")
    (directory / "places.yaml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(directory)


def test_one_line_per_term_in_order_of_first_appearance(glossary):
    hints = hints_for(glossary)
    text = "News.Az: from Baku to Khojaly, and back to Baku."
    assert hints("az", text) == ["Glossary: News.Az → News.Az (do not translate)", "Glossary: Baku → Bakı", "Glossary: Khojaly → Xocalı"]


def test_a_term_without_a_rendering_in_the_locale_gets_no_line(glossary):
    assert hints_for(glossary)("tr", "Khojaly and Baku") == ["Glossary: Baku → Bakü"]
    assert hints_for(glossary)("az", "no glossary term here") == []


def test_document_hints_are_the_hints_of_each_msgid(glossary):
    hints = hints_for(glossary)
    msgids = ["Khojaly and Baku", "News.Az", "nothing", "Baku, Baku, Khojaly"]
    shared = hints.for_document(msgids)
    for locale in ("az", "ru", "tr", "xx"):
        for msgid in [*msgids, "a msgid not given: Khojaly"]:
            assert shared(locale, msgid) == hints(locale, msgid)


def _count_finds(monkeypatch) -> list[str]:
    """Every text the source matcher's ``find`` is called on, from now on."""
    texts: list[str] = []
    real = SourceMatcher.find

    def counting(self, text):
        texts.append(text)
        return real(self, text)

    monkeypatch.setattr(SourceMatcher, "find", counting)
    return texts


def test_update_matches_each_msgid_once_whatever_the_number_of_locales(tmp_path, monkeypatch):
    # The corpus and the project's glossary: hints are written for three locales, and each
    # msgid is matched once per update (a regression would match it once per locale).
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    glossary = load_glossary(ROOT / "glossary")
    config = Config(root=tmp_path, locales=("az", "ru", "tr"))
    texts = _count_finds(monkeypatch)
    results = update(config, hints=hints_for(glossary), hints_version=glossary.version)
    templates = sorted((tmp_path / "locales" / "templates").glob("*.pot"))
    msgids = [entry.msgid for path in templates for entry in polib.pofile(str(path))]
    assert len(results) == 3 * len(templates) and len(msgids) > 50
    assert sorted(texts) == sorted(msgids)
    catalog = (tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{templates[0].stem}.po").read_text(encoding="utf-8")
    assert "Glossary: Khojaly → Ходжалы" in catalog


def test_hints_given_as_a_plain_function_are_still_called_per_locale(tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    calls: list[tuple[str, str]] = []

    def hints(locale: str, msgid: str) -> list[str]:
        calls.append((locale, msgid))
        return [f"Hint: {locale}"]

    update(Config(root=tmp_path, locales=("az", "tr")), hints=hints, hints_version="1")
    assert {locale for locale, _ in calls} == {"az", "tr"}
    assert "#. Hint: tr" in next((tmp_path / "locales" / "tr" / "LC_MESSAGES").glob("*.po")).read_text(encoding="utf-8")


def test_glossary_hints_is_what_hints_for_gives(glossary):
    assert isinstance(hints_for(glossary), GlossaryHints)
