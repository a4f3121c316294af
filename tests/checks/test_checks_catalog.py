"""Checks on catalogs: renderings (inflected), forbidden renderings, numbers, msgfmt rules; output formats."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

from pipeline.catalogs.template import locale_metadata
from pipeline.checks import formats
from pipeline.checks.runner import check_catalog, run_checks
from pipeline.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.parametrize(
    "locale, translations",
    [
        (
            "az",
            [
                "1992-ci il fevralın 25-dən 26-na keçən gecə Xocalıya hücum edildi.",
                "Heydər Əliyevin təşəbbüsü ilə Milli Məclis 1994-cü ildə qiymət verdi.",
                "Heydər Əliyev Fondu kampaniyaya başladı; Xocalıda 1.275 nəfər girov götürüldü.",
            ],
        ),
        (
            "ru",
            [
                "В ночь с 25 на 26 февраля 1992 года Ходжалы подвергся нападению.",
                "По инициативе Гейдара Алиева Милли Меджлис в 1994 году дал оценку.",
                "Фонд Гейдара Алиева начал кампанию; в Ходжалы 1 275 человек были взяты в заложники.",
            ],
        ),
        (
            "tr",
            [
                "25-26 Şubat 1992 gecesi Hocalı'ya saldırıldı.",
                "Haydar Aliyev'in girişimiyle Milli Meclis 1994'te değerlendirme yaptı.",
                "Haydar Aliyev Vakfı kampanyayı başlattı; Hocalı'da 1.275 kişi rehin alındı.",
            ],
        ),
    ],
)
def test_correctly_inflected_renderings_pass(tmp_path, glossary, locale, translations):
    path = catalog(tmp_path, locale, zip([SOURCE_1, SOURCE_2, SOURCE_3], translations))
    assert rules(path, glossary) == []


@pytest.mark.parametrize(
    "locale, wrong, found",
    [
        ("az", "1992-ci il fevralın 25-dən 26-na keçən gecə Xocaliya hücum edildi.", "Khojaly"),
        ("tr", "25-26 Şubat 1992 gecesi Hocali'ye saldırıldı.", "Khojaly"),
        ("ru", "В ночь с 25 на 26 февраля 1992 года Ходжали подвергся нападению.", "Khojaly"),
    ],
)
def test_a_misspelt_rendering_is_missing(tmp_path, glossary, locale, wrong, found):
    path = catalog(tmp_path, locale, [(SOURCE_1, wrong)])
    assert rules(path, glossary)[0][:3] == ("missing-rendering", "error", found)


def test_missing_rendering_in_a_fuzzy_draft_is_a_warning(tmp_path, glossary):
    path = catalog(tmp_path, "ru", [(SOURCE_1, "В ночь с 25 на 26 февраля 1992 года город был атакован.")], fuzzy=[0])
    assert rules(path, glossary) == [("missing-rendering", "warning", "Khojaly")]


@pytest.mark.parametrize(
    "locale, text",
    [
        ("ru", "Полк стоял в Степанакерте, рядом с Ходжалы, в 1992 году."),
        ("az", "Alay 1992-ci ildə Stepanakertdə, Xocalının yanında idi."),
        ("tr", "Alay 1992'de Stepanakert'te, Hocalı'nın yakınındaydı."),
    ],
)
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
    assert (rule, severity, found) == ("number-mismatch", "error", "1.257")  # as the translation writes it


@pytest.mark.parametrize(
    "locale, written, fix",
    [("ru", "1,275", "1\u00a0275"), ("tr", "1,275", "1.275"), ("az", "1,275", "1.275"), ("ru", "2,500", "2\u00a0500")],
)
def test_a_number_copied_with_english_separators_is_an_error_with_the_local_spelling(tmp_path, glossary, locale, written, fix):
    source = f"{written} civilians were taken hostage."
    path = catalog(tmp_path, locale, [(source, f"{written} — {locale}")])
    (finding,) = check_catalog(path, glossary)
    assert (finding.rule, finding.severity, finding.found, finding.suggestion) == ("number-mismatch", "error", written, fix)
    assert "reads as the decimal" in finding.message


@pytest.mark.parametrize(
    "locale, translation",
    [
        ("ru", "около 7 тысяч человек в конце XX века, 26 февраля 1992 года"),
        ("ru", "около 7 000 человек в конце ХХ века, 26.02.1992"),
        ("az", "təxminən 7 min nəfər XX əsrin sonunda, 1992-ci il fevralın 26-da"),
        ("tr", "yaklaşık 7 bin kişi XX. yüzyılın sonunda, 26 Şubat 1992'de"),
    ],
)
def test_numbers_are_compared_by_meaning(tmp_path, glossary, locale, translation):
    source = "about 7,000 people in the late 20th century, on February 26, 1992"
    assert rules(catalog(tmp_path, locale, [(source, translation)]), glossary) == []


@pytest.mark.parametrize(
    "locale, translation, found",
    [
        ("ru", "около 7 тысяч человек в конце XIX века, 26 февраля 1992 года", "XIX"),
        ("ru", "около 7 тысяч человек в конце XX века, 26 марта 1992 года", "марта"),
        ("tr", "yaklaşık 70 bin kişi XX. yüzyılın sonunda, 26 Şubat 1992'de", "70 bin"),
    ],
)
def test_a_changed_number_month_or_century_is_caught(tmp_path, glossary, locale, translation, found):
    source = "about 7,000 people in the late 20th century, on February 26, 1992"
    assert rules(catalog(tmp_path, locale, [(source, translation)]), glossary) == [("number-mismatch", "error", found)]


def test_derived_words_count_and_forbidden_derivatives_are_found_beside_the_rendering(tmp_path, glossary):
    path = catalog(
        tmp_path,
        "ru",
        [
            ("Khojaly residents still remember the night.", "Ходжалинцы до сих пор помнят ту ночь."),
            (
                "The regiment left Khankendi, and the Khankendi garrison was disbanded.",
                "Полк покинул Ханкенди, а степанакертский гарнизон был расформирован.",
            ),
        ],
    )
    assert rules(path, glossary) == [("forbidden-rendering", "error", "степанакертский")]


def test_an_ignore_flag_silences_its_rule_on_its_entry_only(tmp_path, glossary):
    from pipeline.checks.runner import catalog_findings

    source = "The regiment stood in Khankendi in 1992."
    path = catalog(
        tmp_path, "ru", [(source, "Полк стоял в Степанакерте в 1993 году."), (source + " ", "Полк стоял в Степанакерте в 1993 году. ")]
    )
    po = polib.pofile(str(path))
    po[0].flags.append("l10n-ignore-number-mismatch")
    po.save(str(path))
    kept, silenced = catalog_findings(path, glossary)
    assert [(f.msgid, f.rule) for f in silenced] == [(source, "number-mismatch")]
    assert sorted((f.msgid, f.rule) for f in kept) == sorted(
        [(source, "forbidden-rendering"), (source, "missing-rendering")]
        + [(source + " ", r) for r in ("forbidden-rendering", "missing-rendering", "number-mismatch")]
    )
    assert check_catalog(path, glossary) == kept


def test_every_finding_on_a_fuzzy_draft_is_a_warning_and_on_a_translation_an_error(tmp_path, glossary):
    source = "The regiment stood in Khankendi in 1992; 613 people were killed."
    wrong = "Полк стоял в Степанакерте в 1993 году; погибли 631 человек."
    path = catalog(tmp_path, "ru", [(source, wrong), (source + " ", wrong + " ")], fuzzy=[1])
    by_entry: dict[str, set] = {}
    for finding in check_catalog(path, glossary):
        by_entry.setdefault(finding.msgid, set()).add((finding.rule, finding.severity))
    rules_found = {"missing-rendering", "forbidden-rendering", "number-mismatch"}
    assert by_entry[source] == {(rule, "error") for rule in rules_found}
    assert by_entry[source + " "] == {(rule, "warning") for rule in rules_found}


def test_msgfmt_rules(tmp_path, glossary):
    path = catalog(tmp_path, "az", [("Line\n", "Sətir")])
    assert ("msgfmt", "error", "") in rules(path, glossary)
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"  # valid, not Azerbaijani
    po.save(str(path))
    found = rules(path, glossary)
    assert ("plural-forms", "warning", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);") in found
    assert not any(r == "msgfmt" and f.startswith("nplurals=3") for r, _, f in found)


# Plural rules are stated here, never read from the installed Babel (2.18 and 2.19 word them differently).
RU_GNU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
RU_CLDR = "nplurals=3; plural=((n%10==1) && (n%100!=11)) ? 0 : ((n%10>=2 && n%10<=4) && !(n%100>=12 && n%100<=14)) ? 1 : 2;"
TWO_FORMS = "nplurals=2; plural=(n != 1);"  # English; Russian under no Babel release


def plural_catalog(tmp_path: Path, locale: str, header: str, plural_forms: list[list[str]] = ()) -> Path:
    """A catalog with the given Plural-Forms and one plural entry per list of msgstr[i]."""
    path = catalog(tmp_path, locale, [("Heading", "Заголовок")])
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = header
    for number, forms in enumerate(plural_forms):
        po.append(polib.POEntry(msgid=f"{number} victim", msgid_plural=f"{number} victims", msgstr_plural=dict(enumerate(forms))))
    po.save(str(path))
    return path


def plural_findings(path: Path, glossary):
    return [f for f in check_catalog(path, glossary) if f.rule in ("msgfmt", "plural-forms")]


def test_a_plural_forms_header_written_differently_but_meaning_the_same_is_fine(tmp_path, glossary):
    for header in (RU_GNU, RU_CLDR):
        assert plural_findings(plural_catalog(tmp_path, "ru", header, [["жертва", "жертвы", "жертв"]]), glossary) == []


@pytest.mark.parametrize(
    "header, why",
    [
        ("nplurals=2; plural=(n>5 ? 2 : 0);", "gives form 2 for n=6, but nplurals=2"),
        (RU_GNU.replace("nplurals=3", "nplurals=2"), "gives form 2 for n=0, but nplurals=2"),
        ("nplurals=3; plural=(n%10==1 ? 0 : n%10<5 ? 1 : 2", "is not valid: unbalanced parenthesis"),
        ("nplurals=3", "is not valid: 'plural=' is missing"),
    ],
)
def test_an_inconsistent_or_unparsable_plural_forms_is_an_msgfmt_error(tmp_path, glossary, header, why):
    (finding,) = plural_findings(plural_catalog(tmp_path, "ru", header), glossary)
    assert (finding.rule, finding.severity, finding.found) == ("msgfmt", "error", header)
    assert why in finding.message


def test_a_plural_entry_without_nplurals_forms_is_an_msgfmt_error(tmp_path, glossary):
    path = plural_catalog(
        tmp_path, "ru", RU_GNU, [["жертва", "жертвы"], ["жертва", "жертвы", "жертв"], ["жертва", "жертвы", "жертв", "жертвов"]]
    )
    findings = plural_findings(path, glossary)
    assert [(f.rule, f.severity, f.msgid, f.found) for f in findings] == [
        ("msgfmt", "error", "0 victim", "msgstr[0], msgstr[1]"),
        ("msgfmt", "error", "2 victim", "msgstr[0], msgstr[1], msgstr[2], msgstr[3]"),
    ]
    assert all(f.suggestion == "msgstr[0], msgstr[1], msgstr[2]" for f in findings)


def test_a_valid_plural_forms_that_differs_from_babels_is_a_warning_with_a_fix_that_works(tmp_path, glossary):
    from pipeline.catalogs.plurals import parse_plural_forms, same_rule

    path = plural_catalog(tmp_path, "ru", TWO_FORMS)
    (finding,) = plural_findings(path, glossary)
    assert (finding.rule, finding.severity, finding.found) == ("plural-forms", "warning", TWO_FORMS)
    assert finding.message.startswith("Plural-Forms has nplurals=2; Babel's CLDR data for ru says 'nplurals=3; ")
    assert "plural entries would need 3 forms" in finding.message and "keep yours" in finding.message
    assert same_rule(parse_plural_forms(finding.suggestion), parse_plural_forms(RU_GNU))
    # Following the suggestion leaves nothing to report.
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = finding.suggestion
    po.save(str(path))
    assert plural_findings(path, glossary) == []


def test_the_suggestion_says_that_plural_entries_must_follow_a_new_rule(tmp_path, glossary):
    path = plural_catalog(tmp_path, "ru", TWO_FORMS, [["жертва", "жертвы"]])
    (finding,) = plural_findings(path, glossary)  # the entry fits the catalog's own rule: no error
    assert finding.rule == "plural-forms" and finding.severity == "warning"
    assert finding.suggestion.endswith("and rewrite the 1 plural entries as msgstr[0]…msgstr[2] for it")


def test_a_rule_with_babels_number_of_forms_but_other_forms_is_a_warning_naming_a_number(tmp_path, glossary):
    polish = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    (finding,) = plural_findings(plural_catalog(tmp_path, "ru", polish), glossary)
    assert (finding.rule, finding.severity) == ("plural-forms", "warning")
    assert finding.message.startswith("Plural-Forms gives form 2 for n=21; Babel's CLDR data for ru says")
    assert "which gives form 0" in finding.message


def test_a_catalog_without_plural_forms_is_still_an_msgfmt_error(tmp_path, glossary):
    path = catalog(tmp_path, "ru", [("Heading", "Заголовок")])
    po = polib.pofile(str(path))
    del po.metadata["Plural-Forms"]
    po.save(str(path))
    (finding,) = plural_findings(path, glossary)
    assert (finding.rule, finding.severity, finding.message) == ("msgfmt", "error", "header has no Plural-Forms")


def test_catalog_without_language_header_is_bad_input(tmp_path, glossary):
    from pipeline.core.errors import InputError

    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    with pytest.raises(InputError, match="Language header"):
        check_catalog(path, glossary)


def test_finding_points_at_the_msgid_line(tmp_path, glossary):
    path = catalog(tmp_path, "ru", [("Heading", "Заголовок"), (SOURCE_1, "Ходжали.")])
    (finding, *_) = check_catalog(path, glossary)
    lines = path.read_text().splitlines()
    assert lines[finding.line - 1].startswith("msgid ") and SOURCE_1[:20] in "".join(lines[finding.line - 1 :][:2])
    assert finding.locale == "ru"
    assert finding.msgid == SOURCE_1


def test_output_formats(tmp_path, glossary):
    (tmp_path / "doc.txt").write_text("They met in Stepanakert.\n")
    result = run_checks([tmp_path / "doc.txt"], glossary)
    data = json.loads(formats.as_json(result))
    (finding,) = data["findings"]
    assert set(finding) >= {"path", "line", "column", "rule", "severity", "message", "found", "suggestion", "locale", "msgid"}
    assert finding["locale"] is None and data["summary"]["errors"] == 1
    assert formats.as_github(result).startswith(f"::error file={tmp_path / 'doc.txt'},line=1,col=13,")
    suite = ElementTree.fromstring(formats.as_junit(result).split("?>", 1)[1])
    assert suite.get("failures") == "1" and suite.find("testcase/failure") is not None
    assert formats.as_text(result).splitlines()[0].endswith("[forbidden-variant]")


# --------------------------------------------------------------------------- numbers, read by meaning


@pytest.mark.parametrize(
    "source, locale, translation",
    [
        ("1,275 hostages", "ru", "1 275 заложников"),  # ru groups with a (no-break) space …
        ("1,275 hostages", "ru", "1\u00a0275 заложников"),
        ("1,275 hostages", "ru", "1.275 заложников"),  # … and reads an older 1.275 as grouped
        ("1,275 hostages", "tr", "1275 rehine"),
        ("3.5 percent", "ru", "3,5 процента"),  # the decimal comma
        ("3.5 percent", "ru", "3.5 процента"),  # a decimal point is still understood
        ("5,379 residents", "tr", "5 bin 379 sakin"),  # a Turkish compound adds up
        ("1.5 million", "az", "1,5 milyon"),
        ("over 1000 civilians", "ru", "более тысячи мирных жителей"),  # a bare scale word
        ("8 families", "ru", "восемь семей"),  # a number word
        ("the VII session", "tr", "7. oturum"),  # Roman in the source, Arabic in the translation
        ("the 1990s", "ru", "90-е годы"),  # a decade, short
        ("the 1990s", "az", "1990-cı illər"),
        ("Resolution 260 (III)", "ru", "резолюция 260 (III)"),
        ("on 26 February 1992", "ru", "26.02.1992"),  # a numeric date carries the month
    ],
)
def test_compare_reads_each_text_the_way_its_language_writes_numbers(source, locale, translation):
    from pipeline.checks.numbers import compare

    result = compare(source, translation, locale)
    assert not result, [f.text for f in result.missing]


def test_a_day_and_month_without_a_year_is_a_decimal_not_a_date():
    from pipeline.checks.numbers import compare

    assert [f.key for f in compare("on 26 February", "26.02", "ru").missing] == ["26", "month:2"]


def test_a_year_is_not_a_decade_and_a_decade_is_not_a_year():
    from pipeline.checks.numbers import compare

    assert [f.text for f in compare("in the 1990s", "в 1990-х годах", "ru").missing] == []
    assert [f.text for f in compare("in the 1990s", "в 1990 году", "ru").missing] == ["1990s"]
    assert [f.text for f in compare("in 1990", "в 90-х", "ru").missing] == ["1990"]


def test_a_forbidden_name_inside_a_longer_allowed_form_is_not_reported(tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "t.yaml").write_text(
        """\
category: place
terms:
  - id: khankendi
    term: Khankendi
    locales: {ru: {rendering: Ханкенди, forbidden: [Степанакерт]}}
  - id: stepanakert-book
    term: The Stepanakert Diaries
    category: document
    locales: {ru: {rendering: Степанакертские дневники}}
""",
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path / "g")
    path = catalog(
        tmp_path,
        "ru",
        [
            (
                "The Stepanakert Diaries were published in Khankendi.",
                "«Степанакертские дневники» издали в Ханкенди; степанакертский тираж раскуплен.",
            )
        ],
    )
    # The title is quoted as published; the adjective outside it is the forbidden name.
    assert rules(path, glossary) == [("forbidden-rendering", "error", "степанакертский")]
