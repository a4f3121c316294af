"""A check never passes by mistake: configuration errors are exit 2, one line, before any write.

Every case runs the real ``l10n`` command in a small project of its own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "glossary"

DOCUMENT = "Khojaly remembered\n\nThe people of Khojaly remember the victims of 26 February 1992.\n"
PYPROJECT = """[tool.l10n]
locales = ["az", "ru", "tr"]
corpus = "corpus"
glossary = "glossary"
locales-dir = "locales"
"""


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("l10n: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return lines[0]


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.fixture
def project(tmp_path):
    """A configured project: one document, the real glossary, catalogs for az, ru and tr."""
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "remembered.txt").write_text(DOCUMENT, encoding="utf-8")
    shutil.copytree(GLOSSARY, tmp_path / "glossary")
    (tmp_path / "locales").mkdir()
    result = l10n("update", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.mark.parametrize(
    "command", [["check"], ["update"], ["translate", "--engine", "pseudo"], ["run", "--engine", "pseudo"], ["bundle"], ["stats"]]
)
def test_a_mistyped_glossary_path_is_exit_2_and_nothing_is_written(project, command):
    before = snapshot(project)
    result = l10n(*command, "--glossary", "glosary", cwd=project)
    assert result.returncode == 2
    assert "glosary: does not exist; check --glossary" in one_line(result)
    assert snapshot(project) == before


@pytest.mark.parametrize("option", ["--corpus", "--locales"])
def test_a_mistyped_corpus_or_locales_path_is_exit_2(project, option):
    before = snapshot(project)
    result = l10n("update", option, "nowhere", cwd=project)
    assert result.returncode == 2 and f"nowhere: does not exist; check {option}" in one_line(result)
    assert snapshot(project) == before
    assert not (project / "nowhere").exists()


def test_a_configured_path_that_is_missing_is_exit_2(project):
    shutil.rmtree(project / "glossary")
    result = l10n("check", cwd=project)
    assert result.returncode == 2 and "glossary: does not exist; check --glossary or 'glossary' in pyproject.toml" in one_line(result)


def test_check_outside_a_project_needs_a_glossary_or_says_it_runs_without(tmp_path):
    catalog = tmp_path / "x.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Khankendi"\nmsgstr "Stepanakertdə"\n',
        encoding="utf-8",
    )
    refused = l10n("check", "x.po", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "no glossary" in one_line(refused) and "--no-glossary" in one_line(refused)

    without = l10n("check", "--no-glossary", "x.po", cwd=tmp_path)
    assert without.returncode == 0, without.stderr
    assert "skipped" in one_line(without) and "forbidden-rendering" in one_line(without)

    with_glossary = l10n("check", "--glossary", str(GLOSSARY), "x.po", cwd=tmp_path)
    assert with_glossary.returncode == 1 and "forbidden-rendering" in with_glossary.stdout


def _add_second_khojaly_with_forbidden_ru(glossary: Path) -> None:
    places = glossary / "places.yaml"
    data = places.read_text(encoding="utf-8")
    data += (
        "  - id: khojaly-again\n    term: Khojaly town\n    locales:\n"
        "      az: {rendering: Xocalı şəhəri}\n      ru: {rendering: Ходжали}\n"
        "      tr: {rendering: Hocalı şehri}\n"
    )
    yaml.safe_load(data)  # still valid YAML: the problem is in the glossary's meaning
    places.write_text(data, encoding="utf-8")


@pytest.mark.parametrize("command", [["check"], ["update"], ["translate", "--engine", "pseudo"], ["run", "--engine", "pseudo"], ["bundle"]])
def test_an_invalid_glossary_is_refused_before_any_write(project, command):
    _add_second_khojaly_with_forbidden_ru(project / "glossary")
    validate = l10n("glossary", "validate", cwd=project)
    assert validate.returncode == 2 and "Ходжали" in validate.stdout
    before = snapshot(project)
    result = l10n(*command, cwd=project)
    assert result.returncode == 2
    line = one_line(result)
    assert "invalid glossary" in line and "places.yaml:" in line and "l10n glossary validate" in line
    assert snapshot(project) == before
    assert not (project / "build").exists()


@pytest.mark.parametrize("code", ["xx", "xx-YY", "../../evil", "ru/../../x"])
def test_an_unknown_or_malformed_locale_is_exit_2(project, code):
    before = snapshot(project)
    for command in ("check", "update", "stats"):
        result = l10n(command, "--locale", code, cwd=project)
        assert result.returncode == 2, (command, result.stdout)
        assert code in one_line(result) and ("unknown locale" in one_line(result) or "not a locale code" in one_line(result))
    assert snapshot(project) == before


@pytest.mark.parametrize("code", ["RU", "ru-RU", "ru_RU", "ru-ru"])
def test_a_configured_locale_written_differently_is_the_same_tree(project, code):
    result = l10n("update", "--locale", code, cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "locales").iterdir() if p.is_dir()) == ["az", "ru", "templates", "tr"]
    assert "/ru/LC_MESSAGES/" in result.stdout


def test_a_locale_the_glossary_does_not_cover_is_a_warning_with_the_count(project):
    result = l10n("update", "--locale", "de", cwd=project)
    assert result.returncode == 0, result.stderr
    line = one_line(result)
    assert line.startswith("l10n: warning: the glossary has no de renderings (")
    assert "terms lack one" in line
    assert (project / "locales" / "de" / "LC_MESSAGES" / "remembered.po").is_file()


@pytest.mark.parametrize("content", [b"caf\xe9\n", b"\x00\x01binary", b""])
def test_bad_input_leaves_no_lock_or_state_file(project, content):
    shutil.rmtree(project / ".l10n", ignore_errors=True)  # what the fixture's own run left
    (project / "locales" / ".l10n.lock").unlink(missing_ok=True)
    (project / "corpus" / "bad.txt").write_bytes(content)
    for command in ("update", "extract", "run"):
        result = l10n(command, "--engine", "pseudo", cwd=project) if command == "run" else l10n(command, cwd=project)
        assert result.returncode == 2, result.stderr
        assert "bad.txt" in one_line(result)
    assert not (project / "locales" / ".l10n.lock").exists()
    assert not (project / ".l10n").exists()


def test_the_pre_commit_hook_checks_the_configured_corpus_not_every_text_file(project):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["pass_filenames"] is False and hook["entry"] == "l10n check"
    (project / "LICENSE.txt").write_text("Printed in Stepanakert, 1990.\n", encoding="utf-8")
    args = hook["entry"].split()[1:] + hook.get("args", [])
    assert l10n(*args, cwd=project).returncode == 0
    (project / "corpus" / "bad.txt").write_text("Khankendi (Stepanakert) was shelled.\n", encoding="utf-8")
    assert l10n(*args, cwd=project).returncode == 1


def test_version_short_help_and_plain_metavars(tmp_path):
    from pipeline import __version__

    version = l10n("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"l10n {__version__}"
    for command in (
        ["-h"],
        ["check", "-h"],
        ["translate", "-h"],
        ["run", "-h"],
        ["bundle", "-h"],
        ["glossary", "export", "-h"],
        ["models", "list", "-h"],
    ):
        result = l10n(*command, cwd=tmp_path)
        assert result.returncode == 0 and "Usage: " in result.stdout, command
        options = result.stdout.split("Options:")[-1]
        for python_type in ("<str>", "<int", "<path>", "list[str]", "<float"):
            assert python_type not in options, (command, python_type)
    translate = l10n("translate", "-h", cwd=tmp_path).stdout
    assert "--engine <argos|pseudo|none|auto>" in translate and "--locale LOCALE" in translate
    assert "--beam-size N" in translate and "--corpus DIR" in translate
    assert "--format <text|json|github|junit>" in l10n("check", "-h", cwd=tmp_path).stdout


def test_the_cli_choices_are_the_library_registries():
    from pipeline.checks.formats import FORMATS
    from pipeline.cli.check_commands import CheckFormat
    from pipeline.cli.glossary_commands import ExportFormat
    from pipeline.cli.options import EngineChoice
    from pipeline.mt.engines import ENGINES
    from pipeline.glossary.tbx import FORMATS as GLOSSARY_FORMATS

    assert tuple(c.value for c in CheckFormat) == FORMATS
    assert tuple(c.value for c in ExportFormat) == GLOSSARY_FORMATS
    assert tuple(c.value for c in EngineChoice) == ENGINES


def test_files_the_pipeline_writes_get_the_users_umask(project):
    old = os.umask(0o022)
    try:
        result = l10n("bundle", cwd=project)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    written = [p for p in (project / "build").rglob("*") if p.is_file()]
    assert written
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
