"""The engine registry: what it declares, how get_engine uses it, and the CLI built from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.mt.engines import DEFAULT_ENGINE, ENGINES, REGISTRY, EngineSpec, engine_option, get_engine
from pipeline.mt.engines.argos import DEFAULT_BEAM_SIZE, ArgosEngine
from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult

ROOT = Path(__file__).resolve().parents[2]

FAKE_ENGINE = """
from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult


class ShoutEngine(Engine):
    name = "shout"
    cacheable = False

    def __init__(self, *, loudness: int = 1):
        self.loudness = loudness

    def info(self, locale):
        return EngineInfo("shout")

    def translate(self, batch, locale, progress=None):
        return [EngineResult(s.upper() + "!" * self.loudness, 0.0) for s in batch]
"""
#: Registers the fake engine (a module in the test's folder), then runs ``l10n`` with the arguments.
RUN_WITH_FAKE = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from pipeline.mt.engines import REGISTRY, EngineSpec
    REGISTRY["shout"] = EngineSpec("shout", "upper case, for a test", "shout_engine:ShoutEngine")
    sys.argv = ["l10n", *sys.argv[2:]]
    from pipeline.cli import main
    main()
""")


class Settings(Engine):
    """Records what the constructor was given."""

    name = "settings"

    def __init__(self, models_dir=None, *, beam_size: int = 0):
        self.models_dir, self.beam_size = models_dir, beam_size

    def info(self, locale: str) -> EngineInfo:
        return EngineInfo(self.name)

    def translate(self, batch, locale, progress=None):
        return [EngineResult(text) for text in batch]


def test_engines_are_the_registry_in_order_and_auto_is_argos():
    assert ENGINES == tuple(REGISTRY) == ("argos", "pseudo", "none", "auto")
    assert DEFAULT_ENGINE == "auto"
    assert REGISTRY["auto"].target == REGISTRY["argos"].target
    assert all(spec.help and "\n" not in spec.help for spec in REGISTRY.values())


def test_the_declared_beam_size_is_the_engines_default():
    option = engine_option("beam_size")
    assert (option.flag, option.default, option.minimum) == ("--beam-size", DEFAULT_BEAM_SIZE, 1)
    assert option in REGISTRY["argos"].options and not REGISTRY["pseudo"].options


def test_options_reach_only_an_engine_that_takes_them(tmp_path):
    argos = get_engine("argos", tmp_path, beam_size=4, max_batch=8, source="en")
    assert isinstance(argos, ArgosEngine) and (argos.beam_size, argos.max_batch, argos.models_dir) == (4, 8, tmp_path)
    assert get_engine("pseudo", tmp_path, beam_size=4, source="en").name == "pseudo"  # no such settings: ignored


def test_a_registered_engine_is_made_from_its_line(monkeypatch, tmp_path):
    monkeypatch.setitem(REGISTRY, "settings", EngineSpec("settings", "records its settings", f"{__name__}:Settings", takes_models_dir=True))
    engine = get_engine("Settings ", tmp_path, beam_size=3, threads=2)
    assert isinstance(engine, Settings) and (engine.models_dir, engine.beam_size) == (tmp_path, 3)


def test_an_unknown_engine_names_the_registered_ones(monkeypatch):
    with pytest.raises(InputError, match="unknown engine 'deepl'; use one of: argos, pseudo, none, auto$"):
        get_engine("deepl")
    monkeypatch.setitem(REGISTRY, "settings", EngineSpec("settings", "records", f"{__name__}:Settings"))
    with pytest.raises(InputError, match="use one of: argos, pseudo, none, auto, settings$"):
        get_engine("deepl")


def _l10n_with_fake(tmp_path: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    (tmp_path / "shout_engine.py").write_text(FAKE_ENGINE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_FAKE, str(tmp_path), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def test_a_registered_engine_is_a_cli_choice_and_translates(tmp_path):
    help_text = _l10n_with_fake(tmp_path, "translate", "-h", cwd=tmp_path).stdout
    assert "--engine <argos|pseudo|none|auto|shout>" in help_text
    assert "auto: argos where a model is installed." in help_text
    project = tmp_path / "project"
    (project / "corpus").mkdir(parents=True)
    (project / "corpus" / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    (project / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\n', encoding="utf-8")
    assert _l10n_with_fake(tmp_path, "update", "--no-glossary", cwd=project).returncode == 0
    result = _l10n_with_fake(tmp_path, "translate", "--no-glossary", "--engine", "shout", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["az"]["drafts_written"] == 1
    catalog = (project / "locales" / "az" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert 'msgstr "HELLO THERE.!"' in catalog and "# MT: shout" in catalog


def test_an_unknown_engine_on_the_command_line_is_exit_2(tmp_path):
    result = _l10n_with_fake(tmp_path, "translate", "--engine", "deepl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "l10n: Invalid value for '--engine': Value error, 'deepl' is not one of 'argos', "
        "'pseudo', 'none', 'auto', 'shout'; see 'l10n translate -h'\n"
    )
