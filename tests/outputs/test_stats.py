"""Review statistics: counted like msgfmt --statistics and pocount, per locale and document."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from pipeline.checks.runner import FindingCounts
from pipeline.core.config import Config
from pipeline.core.errors import InputError
from pipeline.core.model import Finding
from pipeline.outputs.stats import errors_by_catalog, format_percent, percent_value, progress, stats_table


def write_catalog(path: Path, entries: list[polib.POEntry], plural_forms="nplurals=2; plural=(n != 1);") -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": plural_forms}
    for entry in entries:
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


ENTRIES = [
    polib.POEntry(msgid="Two words", msgstr="İki söz"),  # translated, 2 words
    polib.POEntry(msgid="Three words here", msgstr="Üç söz", flags=["fuzzy"]),  # fuzzy, 3 words
    polib.POEntry(msgid="Four words are untranslated", msgstr=""),  # untranslated, 4 words
    polib.POEntry(msgid="Gone and forgotten", msgstr="Getdi", obsolete=True),  # not counted
]


def test_progress_counts_units_and_source_words_leaving_out_obsolete_entries_and_the_header(tmp_path):
    counts = progress(polib.pofile(str(write_catalog(tmp_path / "a.po", ENTRIES))))
    assert (counts.units, counts.translated, counts.fuzzy, counts.untranslated) == (3, 1, 1, 1)
    assert (counts.words, counts.translated_words, counts.fuzzy_words, counts.untranslated_words) == (9, 2, 3, 4)
    assert counts.percent == pytest.approx(100 * 2 / 9)


def test_a_plural_entry_is_translated_only_when_every_form_is(tmp_path):
    half = polib.POEntry(msgid="one file", msgid_plural="many files", msgstr_plural={0: "bir fayl", 1: ""})
    full = polib.POEntry(msgid="one day", msgid_plural="many days", msgstr_plural={0: "bir gün", 1: "günlər"})
    counts = progress(polib.pofile(str(write_catalog(tmp_path / "p.po", [half, full]))))
    assert (counts.translated, counts.untranslated) == (1, 1)


@pytest.fixture
def project(tmp_path) -> Config:
    """Two documents; az has catalogs for both, ru only a template for the second."""
    (tmp_path / "corpus").mkdir()
    for stem in ("alpha", "beta"):
        (tmp_path / "corpus" / f"{stem}.txt").write_text("Some text.\n", encoding="utf-8")
    locales = tmp_path / "locales"
    write_catalog(locales / "az" / "LC_MESSAGES" / "alpha.po", ENTRIES)
    write_catalog(locales / "az" / "LC_MESSAGES" / "beta.po", [polib.POEntry(msgid="Done here", msgstr="Hazır")])
    write_catalog(locales / "templates" / "beta.pot", [polib.POEntry(msgid="Done here", msgstr="")])
    write_catalog(
        locales / "ru" / "LC_MESSAGES" / "alpha.po",
        [polib.POEntry(msgid="Two words", msgstr="Два слова")],
        plural_forms="nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    )
    return Config(root=tmp_path, locales=("az", "ru", "tr"))


def test_stats_table_gives_every_locale_and_document_with_totals(project):
    table = stats_table(project, errors={("az", "alpha"): 2, ("ru", "alpha"): 1})
    assert list(table["locales"]) == ["az", "ru", "tr"]  # the configured order
    az = table["locales"]["az"]
    assert list(az["documents"]) == ["alpha", "beta"]
    alpha = az["documents"]["alpha"]
    assert {
        k: alpha[k]
        for k in (
            "units",
            "translated",
            "fuzzy",
            "untranslated",
            "words",
            "translated_words",
            "fuzzy_words",
            "untranslated_words",
            "glossary_errors",
            "state",
        )
    } == {
        "units": 3,
        "translated": 1,
        "fuzzy": 1,
        "untranslated": 1,
        "words": 9,
        "translated_words": 2,
        "fuzzy_words": 3,
        "untranslated_words": 4,
        "glossary_errors": 2,
        "state": "catalog",
    }
    assert alpha["percent"] == 22.22  # 2 of 9 words, two decimals rounded down
    assert alpha["catalog"].endswith("az/LC_MESSAGES/alpha.po")
    total = az["total"]
    assert (total["documents"], total["units"], total["translated"], total["words"]) == (2, 4, 2, 11)
    assert total["percent"] == 36.36 and total["glossary_errors"] == 2


def test_a_document_without_a_catalog_counts_its_template_as_untranslated_or_is_missing(project):
    ru = stats_table(project)["locales"]["ru"]["documents"]
    assert ru["beta"]["state"] == "template"
    beta = ru["beta"]
    assert (beta["units"], beta["untranslated"], beta["words"], beta["percent"]) == (1, 1, 2, 0.0)
    tr = stats_table(project)["locales"]["tr"]
    assert tr["documents"]["alpha"]["state"] == "missing" and tr["documents"]["alpha"]["percent"] == 0.0
    assert tr["total"]["percent"] == 0.0  # nothing translated, not "100 % of nothing"


def test_the_table_is_plain_json_data(project):
    table = stats_table(project)
    assert json.loads(json.dumps(table)) == table


def test_a_broken_catalog_is_bad_input(project):
    (project.root / "locales" / "az" / "LC_MESSAGES" / "beta.po").write_text('msgid "open\n', encoding="utf-8")
    with pytest.raises(InputError):
        stats_table(project)


def test_an_empty_project_is_bad_input(tmp_path):
    with pytest.raises(InputError):
        stats_table(Config(root=tmp_path))


FINDINGS = [
    Finding("locales/az/LC_MESSAGES/alpha.po", 3, 1, "missing-rendering", "error", "m", locale="az"),
    Finding("locales/az/LC_MESSAGES/alpha.po", 9, 1, "forbidden-rendering", "error", "m", locale="az"),
    Finding("locales/az/LC_MESSAGES/alpha.po", 9, 1, "number-mismatch", "error", "m", locale="az"),
    Finding("locales/az/LC_MESSAGES/alpha.po", 12, 1, "number-mismatch", "warning", "m", locale="az"),
    Finding("locales/ru/LC_MESSAGES/beta.po", 2, 1, "missing-rendering", "warning", "m", locale="ru"),
    Finding("corpus/alpha.txt", 1, 1, "forbidden-variant", "error", "m"),
]


def test_errors_by_catalog_counts_every_rule_by_the_severity_the_check_gave():
    counts = errors_by_catalog(FINDINGS)
    assert counts == {("az", "alpha"): FindingCounts(3, 1), ("ru", "beta"): FindingCounts(0, 1), (None, "alpha"): FindingCounts(1, 0)}
    assert errors_by_catalog(FINDINGS, rules={"missing-rendering"}) == {
        ("az", "alpha"): FindingCounts(1, 0),
        ("ru", "beta"): FindingCounts(0, 1),
    }


def test_the_table_counts_errors_and_warnings_per_catalog_and_every_finding_in_checks(project):
    table = stats_table(project, errors_by_catalog(FINDINGS))
    alpha = table["locales"]["az"]["documents"]["alpha"]
    assert (alpha["errors"], alpha["warnings"], alpha["glossary_errors"]) == (3, 1, 3)
    assert (table["locales"]["ru"]["total"]["errors"], table["locales"]["ru"]["total"]["warnings"]) == (0, 1)
    assert table["checks"] == {"errors": 4, "warnings": 2}  # what `l10n check` says of the same findings


def test_percentages_are_never_rounded_up_to_complete_or_to_a_threshold():
    assert format_percent(99.96) == "99.9" and format_percent(100.0) == "100.0"
    assert format_percent(79.96) == "79.9" and format_percent(0.0) == "0.0"
    assert percent_value(99.999) == 99.99 and percent_value(100 * 2 / 9) == 22.22


def test_l10n_stats_prints_a_table_and_json(project, monkeypatch):
    from pipeline.cli import app
    from pipeline.cli import bundle_commands  # noqa: F401  (registers the commands)

    monkeypatch.chdir(project.root)
    args = ["stats", "--corpus", "corpus", "--locales", "locales", "--locale", "az", "--locale", "ru"]
    text = CliRunner().invoke(app, args)
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].split() == ["locale", "document", "units", "translated", "fuzzy", "untranslated", "words", "%", "errors", "warnings"]
    assert lines[2].split()[:9] == ["az", "alpha", "3", "1", "1", "1", "9", "22.2", "0"]
    assert lines[4].split()[:9] == ["az", "TOTAL", "4", "2", "1", "1", "11", "36.3", "0"]
    assert any(line.split()[:4] == ["ru", "beta", "(no", "catalog"] for line in lines)
    as_json = CliRunner().invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0
    assert list(json.loads(as_json.output)["locales"]) == ["az", "ru"]
