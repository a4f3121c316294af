"""The inline-tags check: a translation of a unit with inline markup keeps every tag."""

from __future__ import annotations

from pathlib import Path

import polib
from typer.testing import CliRunner

from pipeline.catalogs.template import locale_metadata
from pipeline.checks.runner import check_catalog

SOURCE = "Read the <a1>statement</a1> of the <b2>Ombudsman</b2>.<br3/>"


def catalog(tmp_path: Path, msgstr: str, flags=()) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **locale_metadata("az")}
    po.append(polib.POEntry(msgid=SOURCE, msgstr=msgstr, flags=list(flags), occurrences=[("corpus/page.html", "12")]))
    po.append(polib.POEntry(msgid="A plain unit.", msgstr="Sadə vahid."))
    path = tmp_path / "az.po"
    po.save(str(path))
    return path


def findings(path: Path):
    return [(f.rule, f.severity, f.message) for f in check_catalog(path, None) if f.rule == "inline-tags"]


def test_a_translation_keeping_every_tag_passes(tmp_path):
    assert findings(catalog(tmp_path, "<b2>Ombudsmanın</b2> <a1>bəyanatını</a1> oxuyun.<br3/>", ["l10n-ignore-inline-tags"])) == []
    assert findings(catalog(tmp_path, "Oxuyun <a1>bəyanatı</a1> <b2>Ombudsman</b2>.<br3/>")) == []


def test_a_dropped_tag_is_an_error_naming_it(tmp_path):
    assert findings(catalog(tmp_path, "Oxuyun bəyanatı <b2>Ombudsman</b2>.<br3/>")) == [
        ("inline-tags", "error", "inline tags: missing <a1>, </a1>")
    ]


def test_a_fuzzy_draft_is_a_warning(tmp_path):
    assert [f[1] for f in findings(catalog(tmp_path, "Oxuyun bəyanatı.", ["fuzzy"]))] == ["warning"]


def test_moved_tags_are_an_error_until_the_translator_confirms_them(tmp_path):
    moved = "<b2>Ombudsmanın</b2> <a1>bəyanatını</a1> oxuyun.<br3/>"
    assert findings(catalog(tmp_path, moved)) == [
        (
            "inline-tags",
            "error",
            "inline tags: tags moved: the source has <a1> </a1> <b2> </b2> <br3/>, the translation <b2> </b2> <a1> </a1> <br3/>",
        )
    ]


def test_through_the_cli_exit_1_then_0_once_ignored(tmp_path, monkeypatch):
    from pipeline.cli import app, register_commands

    monkeypatch.chdir(tmp_path)
    register_commands([])
    path = catalog(tmp_path, "Oxuyun bəyanatı <b2>Ombudsman</b2>.<br3/>")
    result = CliRunner().invoke(app, ["check", "--no-glossary", str(path)])
    assert result.exit_code == 1, result.output
    assert "inline-tags" in result.output and "missing <a1>, </a1>" in result.output
    path = catalog(tmp_path, "Oxuyun bəyanatı <b2>Ombudsman</b2>.<br3/>", ["l10n-ignore-inline-tags"])
    assert CliRunner().invoke(app, ["check", "--no-glossary", str(path)]).exit_code == 0


def test_the_numbers_of_tags_are_not_numbers_of_the_text(tmp_path):
    path = catalog(tmp_path, "Oxuyun <a1>bəyanatı</a1> <b2>Ombudsman</b2>.<br3/>")
    assert [f.rule for f in check_catalog(path, None)] == []
