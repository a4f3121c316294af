"""A catalog that lies about its language: its Language header against its gettext folder.

In `<locales>/<lang>/LC_MESSAGES/` the folder decides which locale gettext and `l10n bundle`
take a catalog for; a Language header that names another locale, or no locale at all, is an
error in `l10n check` and stops `l10n bundle`.  Outside that layout the header decides.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.outputs.bundle import build_bundles
from pipeline.checks.runner import check_catalog
from pipeline.core.config import Config
from pipeline.core.errors import InputError
from pipeline.catalogs.jobs import update
from pipeline.catalogs.layout import catalog_path

from bundle_launch import l10n_bundle

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "On the night of February 25-26, 1992, the town of Khojaly was attacked."
RUSSIAN = "В ночь с 25 на 26 февраля 1992 года Ходжалы подвергся нападению."


def po_text(language: str, msgstr: str = RUSSIAN) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'msgid "{SOURCE}"\nmsgstr "{msgstr}"\n'
    )


def catalog(root: Path, folder: str | None, language: str, msgstr: str = RUSSIAN) -> Path:
    """``root/locales/<folder>/LC_MESSAGES/x.po`` (``folder`` None: ``root/x.po``) with that header."""
    directory = root / "locales" / folder / "LC_MESSAGES" if folder else root
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "x.po"
    path.write_text(po_text(language, msgstr), encoding="utf-8")
    return path


def language_findings(path: Path):
    return [f for f in check_catalog(path, None) if f.rule == "language"]


def test_a_russian_header_in_the_az_folder_is_an_error_naming_both(tmp_path):
    (finding,) = language_findings(catalog(tmp_path, "az", "ru"))
    assert (finding.severity, finding.line, finding.locale) == ("error", 4, "az")
    assert "Language header says 'ru'" in finding.message and "folder of locale 'az'" in finding.message
    assert (finding.found, finding.suggestion) == ("ru", "az")


def test_the_catalog_is_checked_as_its_folders_locale_not_as_its_header_says(tmp_path, glossary):
    path = catalog(tmp_path, "az", "ru")  # a correct Russian translation, shipped as az
    rules = {(f.rule, f.locale) for f in check_catalog(path, glossary)}
    assert ("missing-rendering", "az") in rules  # 'Khojaly' must be 'Xocalı' in az


@pytest.mark.parametrize("header", ["../../x", "x y", "zz", "ru/../az"])
def test_a_header_that_is_not_a_locale_code_is_an_error_in_the_layout(tmp_path, header):
    (finding,) = language_findings(catalog(tmp_path, "az", header))
    assert finding.severity == "error"
    assert "Language header is invalid" in finding.message and f"'{header}'" in finding.message
    assert "'az'" in finding.message


@pytest.mark.parametrize(
    "folder, header",
    [
        ("az", "az"),
        ("az", "az_AZ"),
        ("az", "az-AZ"),
        ("az", "AZ"),
        ("az", "az_Latn_AZ"),
        ("az_AZ", "az"),
        ("pt_BR", "pt-BR"),
    ],
)
def test_spellings_of_the_folders_locale_agree_with_it(tmp_path, folder, header):
    assert language_findings(catalog(tmp_path, folder, header)) == []


@pytest.mark.parametrize("folder, header", [("az", "tr"), ("pt_BR", "pt_PT"), ("ru", "az_AZ")])
def test_another_locale_disagrees(tmp_path, folder, header):
    assert len(language_findings(catalog(tmp_path, folder, header))) == 1


def test_an_empty_language_header_takes_the_folders_locale_without_a_finding(tmp_path):
    findings = check_catalog(catalog(tmp_path, "ru", ""), None)
    assert [f.rule for f in findings if f.rule == "language"] == [] and {f.locale for f in findings} <= {"ru"}


def test_outside_the_layout_the_header_decides(tmp_path, glossary):
    path = catalog(tmp_path, None, "ru")
    assert language_findings(path) == []
    assert {f.locale for f in check_catalog(path, glossary)} <= {"ru"}
    assert not any(f.rule == "missing-rendering" for f in check_catalog(path, glossary))


def test_outside_the_layout_an_invalid_header_is_bad_input(tmp_path):
    with pytest.raises(InputError, match=r"Language header is invalid: '\.\./\.\./x' is not a locale code"):
        check_catalog(catalog(tmp_path, None, "../../x"), None)


def test_l10n_check_exits_1_and_names_both_locales(tmp_path):
    path = catalog(tmp_path, "az", "ru")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--no-glossary", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "locales/az/LC_MESSAGES/x.po:4:1: error: the Language header says 'ru'" in result.stdout
    assert "[language]" in result.stdout


# --- bundle -------------------------------------------------------------------------------------

DOCUMENT = "Ombudsman visits Khojaly\n\nThe Ombudsman visited the city of Khojaly on Monday.\n"


def project(root: Path, locale: str, language: str) -> Path:
    """A one-document project whose ``locale`` catalog says ``Language: <language>``; the catalog's path."""
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "visit.txt").write_text(DOCUMENT, encoding="utf-8")
    update(Config(root=root, locales=(locale,)))
    path = catalog_path(root / "locales", locale, "visit")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"Language: {locale}\\n"', f'"Language: {language}\\n"'), encoding="utf-8")
    assert f'"Language: {language}\\n"' in path.read_text(encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["ru", "../../x"])
def test_l10n_bundle_refuses_a_catalog_whose_header_is_not_its_folders_locale(tmp_path, language):
    path = project(tmp_path, "az", language)
    result = l10n_bundle(tmp_path, "az")
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert f"{path}:" in line and f"'{language}'" in line and "'az'" in line
    assert not (tmp_path / "build").exists()


def test_build_bundles_raises_before_writing(tmp_path):
    path = project(tmp_path, "az", "ru")
    config = Config(root=tmp_path, locales=("az",))
    with pytest.raises(InputError) as error:
        build_bundles(config, tmp_path / "out", min_complete=0)
    assert str(error.value).startswith(f"{path}:") and "Language header says 'ru'" in str(error.value)
    assert error.value.line is not None and "\n" not in str(error.value)
    assert not (tmp_path / "out").exists()


def test_a_regional_spelling_of_the_folders_locale_is_shipped(tmp_path):
    project(tmp_path, "az", "az_AZ")
    result = l10n_bundle(tmp_path, "az")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "bundles" / "az" / "LC_MESSAGES" / "visit.mo").exists()
