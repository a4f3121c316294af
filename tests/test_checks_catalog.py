"""Checks on catalogs: renderings (inflected), forbidden renderings, numbers, msgfmt rules; output formats."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

from pipeline.catalog import locale_metadata
from pipeline.checks import formats
from pipeline.checks.runner import check_catalog, run_checks
from pipeline.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary")


def catalog(tmp_path: Path, locale: str, pairs, fuzzy=()) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **locale_metadata(locale)}
    for i, (msgid, msgstr) in enumerate(pairs):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if i in fuzzy else []))
    path = tmp_path / f"{locale}.po"
    po.save(str(path))
    return path


def rules(path: Path, glossary):
    return [(f.rule, f.severity, f.found) for f in check_catalog(path, glossary)]


SOURCE_1 = "On the night of February 25-26, 1992, the town of Khojaly was attacked."
SOURCE_2 = "At the initiative of Heydar Aliyev, the Milli Majlis gave its assessment in 1994."
SOURCE_3 = "The Heydar Aliyev Foundation launched the campaign; 1,275 people were taken hostage in Khojaly."


@pytest.mark.parametrize("locale, translations", [
    ("az", ["1992-ci il fevralın 25-dən 26-na keçən gecə Xocalıya hücum edildi.",
            "Heydər Əliyevin təşəbbüsü ilə Milli Məclis 1994-cü ildə qiymət verdi.",
            "Heydər Əliyev Fondu kampaniyaya başladı; Xocalıda 1.275 nəfər girov götürüldü."]),
    ("ru", ["В ночь с 25 на 26 февраля 1992 года Ходжалы подвергся нападению.",
            "По инициативе Гейдара Алиева Милли Меджлис в 1994 году дал оценку.",
            "Фонд Гейдара Алиева начал кампанию; в Ходжалы 1 275 человек были взяты в заложники."]),
    ("tr", ["25-26 Şubat 1992 gecesi Hocalı'ya saldırıldı.",
            "Haydar Aliyev'in girişimiyle Milli Meclis 1994'te değerlendirme yaptı.",
            "Haydar Aliyev Vakfı kampanyayı başlattı; Hocalı'da 1.275 kişi rehin alındı."]),
])
def test_correctly_inflected_renderings_pass(tmp_path, glossary, locale, translations):
    path = catalog(tmp_path, locale, zip([SOURCE_1, SOURCE_2, SOURCE_3], translations))
    assert rules(path, glossary) == []


@pytest.mark.parametrize("locale, wrong, found", [
    ("az", "1992-ci il fevralın 25-dən 26-na keçən gecə Xocaliya hücum edildi.", "Khojaly"),
    ("tr", "25-26 Şubat 1992 gecesi Hocali'ye saldırıldı.", "Khojaly"),
    ("ru", "В ночь с 25 на 26 февраля 1992 года Ходжали подвергся нападению.", "Khojaly"),
])
def test_a_misspelt_rendering_is_missing(tmp_path, glossary, locale, wrong, found):
    path = catalog(tmp_path, locale, [(SOURCE_1, wrong)])
    assert rules(path, glossary)[0][:3] == ("missing-rendering", "error", found)


def test_missing_rendering_in_a_fuzzy_draft_is_a_warning(tmp_path, glossary):
    path = catalog(tmp_path, "ru", [(SOURCE_1, "В ночь с 25 на 26 февраля 1992 года город был атакован.")], fuzzy=[0])
    assert rules(path, glossary) == [("missing-rendering", "warning", "Khojaly")]


@pytest.mark.parametrize("locale, text", [
    ("ru", "Полк стоял в Степанакерте, рядом с Ходжалы, в 1992 году."),
    ("az", "Alay 1992-ci ildə Stepanakertdə, Xocalının yanında idi."),
    ("tr", "Alay 1992'de Stepanakert'te, Hocalı'nın yakınındaydı."),
])
def test_forbidden_rendering_in_any_inflection(tmp_path, glossary, locale, text):
    path = catalog(tmp_path, locale, [("The regiment stood in Khankendi, near Khojaly, in 1992.", text)])
    found = rules(path, glossary)
    assert ("forbidden-rendering", "error") in [(r, s) for r, s, _ in found]
    assert ("missing-rendering", "error", "Khankendi") in found


def test_numbers_are_facts_but_locale_grouping_is_accepted(tmp_path, glossary):
    ok = catalog(tmp_path, "ru", [("613 people, 1,275 hostages.", "613 человек, 1 275 заложников.")])
    assert rules(ok, glossary) == []
    altered = catalog(tmp_path, "tr", [("613 people, 1,275 hostages.", "613 kişi, 1.257 rehine.")])
    ((rule, severity, found),) = rules(altered, glossary)
    assert (rule, severity, found) == ("number-mismatch", "error", "1257")


def test_msgfmt_rules(tmp_path, glossary):
    path = catalog(tmp_path, "az", [("Line\n", "Sətir")])
    assert ("msgfmt", "error", "") in rules(path, glossary)
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    po.save(str(path))
    assert any(r == "msgfmt" and f.startswith("nplurals=3") for r, _, f in rules(path, glossary))


def test_catalog_without_language_header_is_bad_input(tmp_path, glossary):
    from pipeline.errors import InputError

    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    with pytest.raises(InputError, match="Language header"):
        check_catalog(path, glossary)


def test_finding_points_at_the_msgid_line(tmp_path, glossary):
    path = catalog(tmp_path, "ru", [("Heading", "Заголовок"), (SOURCE_1, "Ходжали.")])
    (finding, *_) = check_catalog(path, glossary)
    lines = path.read_text().splitlines()
    assert lines[finding.line - 1].startswith("msgid ") and SOURCE_1[:20] in "".join(lines[finding.line - 1:][:2])
    assert finding.locale == "ru"
    assert finding.msgid == SOURCE_1


def test_output_formats(tmp_path, glossary):
    (tmp_path / "doc.txt").write_text("They met in Stepanakert.\n")
    result = run_checks([tmp_path / "doc.txt"], glossary)
    data = json.loads(formats.as_json(result))
    (finding,) = data["findings"]
    assert set(finding) >= {"path", "line", "column", "rule", "severity", "message", "found", "suggestion",
                            "locale", "msgid"}
    assert finding["locale"] is None and data["summary"]["errors"] == 1
    assert formats.as_github(result).startswith(f"::error file={tmp_path / 'doc.txt'},line=1,col=13,")
    suite = ElementTree.fromstring(formats.as_junit(result).split("?>", 1)[1])
    assert suite.get("failures") == "1" and suite.find("testcase/failure") is not None
    assert formats.as_text(result).splitlines()[0].endswith("[forbidden-variant]")
