"""TBX files as memoQ, Trados MultiTerm, Weblate and TBX-Basic 2019 writers export them (tests/fixtures/tbx/).

Language tags are BCP 47, matched case-insensitively to the configured locales; a tag that
names no configured locale is skipped with one warning and its entry count, never made a new
locale; an entry without a subject field that names a glossary category gets --category
(default organisation).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import load_glossary
from pipeline.glossary.tbx_import import read_tbx
from glossary_cli_project import l10n, one_line, project, snapshot  # noqa: F401  (project: fixture)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tbx"
LOCALES = ("az", "ru", "tr")


def imported(project: Path, name: str, *options: str):
    result = l10n("glossary", "import", str(FIXTURES / name), *options, cwd=project)
    assert result.returncode == 0, result.stderr
    return result


# --------------------------------------------------------------------------- memoQ (the acceptance test)


def test_a_memoq_export_with_region_tags_and_no_subject_field_imports_every_entry(project):
    result = imported(project, "memoq.tbx")
    out = result.stdout.strip().splitlines()
    assert {"added shusha", "added lachin", "added kalbajar"} <= set(out)
    assert "3 new entries without a glossary category filed as organisation" in out
    assert out[-1].startswith("3 added, 0 updated, ")
    # de-DE is not a configured locale: said once, with how many entries have it.
    assert result.stderr.strip().splitlines() == [
        f"l10n: warning: {FIXTURES / 'memoq.tbx'}: 2 entries have de-DE terms: not a configured locale; skipped"
    ]

    glossary = load_glossary(project / "glossary")
    assert glossary.locales == LOCALES  # ru-RU, RU-ru, az-Latn-AZ, tr-TR: no new locale
    shusha = glossary["shusha"]
    assert shusha.category == "organisation" and shusha.source.endswith("organisations.yaml")
    assert {code: r.text for code, r in shusha.renderings.items()} == {"az": "Şuşa", "ru": "Шуша", "tr": "Şuşa"}
    assert [(f.form, f.reason) for f in shusha.forbidden] == [
        ("Shushi", "name used by the former Armenian separatist administration; use Shusha")
    ]
    assert shusha.notes == "City in Karabakh, Azerbaijan."  # the definition
    assert glossary["lachin"].renderings["ru"].text == "Лачин"  # written RU-ru in the file
    kalbajar = glossary["kalbajar"]
    assert kalbajar.variants == ("Kelbajar",)
    assert kalbajar.notes == "District of Azerbaijan in the Murovdag mountains.\nAlso spelt Kelbajar in older English texts."
    assert "1" not in glossary and "2" not in glossary  # memoQ's entry numbers are not glossary ids
    assert l10n("glossary", "validate", cwd=project).returncode == 0


def test_category_chooses_the_category_and_so_the_file_of_new_entries(project):
    out = imported(project, "memoq.tbx", "--category", "place").stdout
    assert "3 new entries without a glossary category filed as place" in out
    glossary = load_glossary(project / "glossary")
    assert {glossary[i].source for i in ("shusha", "lachin", "kalbajar")} == {str(project / "glossary" / "places.yaml")}


def test_an_unknown_category_is_a_usage_error_on_one_line(project):
    before = snapshot(project / "glossary")
    result = l10n("glossary", "import", str(FIXTURES / "memoq.tbx"), "--category", "law", cwd=project)
    assert result.returncode == 2 and "'law' is not one of" in one_line(result)
    assert snapshot(project / "glossary") == before


def test_the_same_export_imported_again_changes_nothing(project):
    imported(project, "memoq.tbx")
    after = snapshot(project / "glossary")
    again = imported(project, "memoq.tbx")
    assert again.stdout.strip().splitlines()[-1].endswith("unchanged; nothing written")
    assert snapshot(project / "glossary") == after


# --------------------------------------------------------------------------- MultiTerm, Weblate, TBX-Basic 2019


def test_multiterm_upper_case_tags_and_its_own_subject_fields(project):
    result = imported(project, "multiterm.tbx")
    warnings = result.stderr.strip().splitlines()
    assert warnings == [
        f"l10n: warning: {FIXTURES / 'multiterm.tbx'}: 1 entry has AZ-CYRL-AZ terms: not a configured locale; skipped",
        f"l10n: warning: {FIXTURES / 'multiterm.tbx'}: 1 entry has subject field 'Geography': not a glossary category; ignored",
    ]
    glossary = load_glossary(project / "glossary")
    assert glossary["fuzuli"].category == "organisation"  # "Geography" is not ours: --category's default
    assert glossary["zangilan"].category == "place"  # "Place" is, in any case
    assert glossary["zangilan"].renderings["az"].text == "Zəngilan"  # the Latin one, not Зәнҝилан
    assert glossary.locales == LOCALES


def test_a_weblate_bilingual_file_updates_the_russian_side_of_existing_entries(project):
    out = imported(project, "weblate-ru.tbx").stdout.strip().splitlines()
    assert out == ["updated khojaly: +ru forbidden 'Ходжала'", "updated khankendi: +ru forbidden 'Ханкянди'", out[-1]]
    glossary = load_glossary(project / "glossary")
    ru = glossary["khojaly"].renderings["ru"]
    assert ru.forbidden[-1].form == "Ходжала" and ru.forbidden[-1].reason == "misspelling; use Ходжалы"
    assert ru.forbidden[-1].severity == "error"  # Weblate's "forbidden"
    assert glossary["khankendi"].renderings["ru"].forbidden[-1].severity == "warning"  # its "obsolete"


def test_tbx_basic_2019_with_another_tools_ids(project):
    imported(project, "tbx-basic-v3.tbx")
    glossary = load_glossary(project / "glossary")
    assert "c12" not in glossary and glossary["jabrayil"].category == "place"
    assert glossary["jabrayil"].renderings["az"].text == "Cəbrayıl"  # az-AZ


# --------------------------------------------------------------------------- language tags, as a library


def _tbx(tmp_path: Path, *langs: str) -> Path:
    sections = "".join(f'<langSet xml:lang="{lang}"><tig><term>T {lang}</term></tig></langSet>' for lang in langs)
    path = tmp_path / "tags.tbx"
    path.write_text(
        f"<martif><text><body><termEntry>{sections}</termEntry><termEntry>{sections}</termEntry></body></text></martif>", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    "tag, code",
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("RU-ru", "ru"),
        ("ru_RU", "ru"),
        ("RU", "ru"),
        ("az-Latn-AZ", "az"),
        ("AZ-LATN-AZ", "az"),
        ("az-AZ", "az"),
        ("tr-TR", "tr"),
        ("TR-tr", "tr"),
    ],
)
def test_a_tag_naming_a_configured_locale_is_that_locale(tmp_path, tag, code):
    result = read_tbx(_tbx(tmp_path, "en-GB", tag), LOCALES)
    assert [list(t.renderings) for t in result.terms] == [[code], [code]]
    assert result.terms[0].term == "T en-GB" and result.warnings() == []


@pytest.mark.parametrize("tag", ["de-DE", "az-Cyrl-AZ", "ru-Cyrl-x", "xx-YY", "i-klingon"])
def test_another_tag_is_skipped_and_counted_once(tmp_path, tag):
    result = read_tbx(_tbx(tmp_path, "en-US", "ru-RU", tag), LOCALES)
    assert [list(t.renderings) for t in result.terms] == [["ru"], ["ru"]]
    assert result.warnings() == [f"2 entries have {tag} terms: not a configured locale; skipped"]


def test_the_same_tag_in_other_cases_is_one_warning(tmp_path):
    result = read_tbx(_tbx(tmp_path, "en", "de-DE", "DE-de"), LOCALES)
    assert result.skipped_languages == {"de-DE": 2}


def test_without_configured_locales_every_locale_babel_knows_is_kept(tmp_path):
    result = read_tbx(_tbx(tmp_path, "en", "pt-BR", "xx-YY"), None)
    assert list(result.terms[0].renderings) == ["pt_BR"]
    assert result.warnings() == ["2 entries have xx-YY terms: not a locale code Babel knows; skipped"]
