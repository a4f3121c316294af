"""The translate job (pipeline.mt.job) and the source language it translates from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.config import Config, load_config, source_language_code
from pipeline.core.errors import InputError
from pipeline.mt.job import translate


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def make_project(directory: Path, source_language: str = "en") -> Path:
    (directory / "corpus").mkdir()
    (directory / "corpus" / "a.txt").write_text("Hello there.\n\nGood night.\n", encoding="utf-8")
    (directory / "l10n.toml").write_text(
        f'source-language = "{source_language}"\nlocales = ["az", "ru"]\ncorpus = "corpus"\n', encoding="utf-8"
    )
    return directory


@pytest.mark.parametrize("code", ["en", "en-US", "en_GB", "EN"])
def test_an_english_source_language_is_accepted_and_names_the_mt_pair_by_its_language(tmp_path, code):
    config = load_config(make_project(tmp_path, code))
    assert config.source_language == code and source_language_code(config) == "en"


@pytest.mark.parametrize("code", ["de", "az", "eng", ""])
def test_config_refuses_a_source_language_other_than_english(tmp_path, code):
    with pytest.raises(InputError, match=f"source-language '{code}' is not supported; only English sources"):
        load_config(make_project(tmp_path, code))
    with pytest.raises(InputError, match="is not supported"):
        Config(root=tmp_path, source_language=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [["update"], ["translate", "--engine", "pseudo"], ["check"]])
def test_a_non_english_source_language_is_exit_2_in_one_line(tmp_path, command):
    result = l10n(*command, "--no-glossary", cwd=make_project(tmp_path, "de"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"l10n: {tmp_path / 'l10n.toml'}: source-language 'de' is not supported; "
        'only English sources are supported yet: source-language = "en"\n'
    )
    assert not (tmp_path / "locales").exists()


def test_translate_drafts_each_locale_with_the_engine(tmp_path):
    project = make_project(tmp_path, "en-US")
    assert l10n("update", "--no-glossary", cwd=project).returncode == 0
    results = translate(load_config(project), "pseudo")
    assert [(r.locale, r.stats.drafts_written, r.unavailable) for r in results] == [("az", 2, None), ("ru", 2, None)]
    catalog = (project / "locales" / "ru" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert "#, fuzzy" in catalog and "# MT: pseudo (pseudo-localisation, not a translation)" in catalog
    again = translate(load_config(project), "pseudo")
    assert [r.stats.drafts_written for r in again] == [0, 0]


def test_a_locale_without_a_model_is_reported_with_the_configured_pair(tmp_path):
    project = make_project(tmp_path)
    assert l10n("update", "--no-glossary", cwd=project).returncode == 0
    results = translate(load_config(project), "argos", tmp_path / "no-models", dry_run=True)
    assert [r.stats for r in results] == [None, None]
    assert results[0].unavailable.startswith("no model installed for en→az; install one with")
