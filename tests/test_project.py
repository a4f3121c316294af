"""pipeline.project: the configured project every command opens, and what it gives the stages.

The point of one home: every entry point passes the same glossary names to ``segment()``, so
extract, update, check, bundle, stats, report and run cut the documents into the same units.
"""

from __future__ import annotations

import gc
import weakref

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.catalogs import jobs
from pipeline.checks import runner
from pipeline.checks.runner import run_checks
from pipeline.core.config import Config, load_config
from pipeline.core.errors import InputError
from pipeline.outputs import bundle, stats  # noqa: F401  (bundle holds segment(): patched below)
from pipeline.outputs.stats import CatalogCounts
from pipeline.project import (
    GlossaryNeed,
    configured_glossary,
    glossary_directory,
    glossary_locales,
    import_glossary,
    open_project,
    project_stats,
)
from pipeline.source.corpus import read_document
from pipeline.source.segment import segment

GLOSSARY = """\
category: organisation
terms:
  - id: heydar-aliyev-foundation
    term: Heydar Aliyev Foundation
    locales: {az: {rendering: Heydər Əliyev Fondu}, ru: {rendering: Фонд Гейдара Алиева}}
  - id: ombudsman
    term: Ombudsman
    locales: {az: {rendering: Ombudsman}, ru: {rendering: Омбудсмен}}
"""
#: A blank line inside the foundation's name: only the glossary's names keep the paragraph whole.
DOCUMENT = (
    "The prize of the Heydar\n\nAliyev Foundation Trust was given today.\n\n"
    "The Ombudsman spoke at the 30thAnniversary.\n"
)  # a glued word: one finding
NAME = "Heydar Aliyev Foundation"


def make_project(root: Path, glossary: str | None = GLOSSARY) -> Config:
    """A one-document project in ``root`` (az and ru), with ``glossary`` as its glossary file."""
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "prize.txt").write_text(DOCUMENT, encoding="utf-8")
    (root / "locales").mkdir()
    settings = 'locales = ["az", "ru"]\ncorpus = "corpus"\nlocales-dir = "locales"\n'
    if glossary is not None:
        (root / "glossary").mkdir()
        (root / "glossary" / "organisations.yaml").write_text(glossary, encoding="utf-8")
        settings += 'glossary = "glossary"\n'
    (root / "l10n.toml").write_text(settings, encoding="utf-8")
    return load_config(root)


@pytest.fixture(autouse=True)
def _user_cache(tmp_path, monkeypatch):
    """The pipeline's user cache in the test's folder (the glossary's validity is remembered there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_the_names_are_the_glossarys_multiword_forms_computed_once(tmp_path):
    project = open_project(make_project(tmp_path / "p"))
    assert project.names == frozenset({NAME})
    assert project.names is project.names  # one set for every step of a command
    assert project.glossary_version == project.glossary.version
    assert project.hints is project.hints


def test_without_a_glossary_there_are_no_names_and_no_hints(tmp_path):
    config = make_project(tmp_path / "p", glossary=None)
    for need in (GlossaryNeed.OPTIONAL, GlossaryNeed.SKIPPED):
        project = open_project(config, need)
        assert (project.glossary, project.names, project.hints, project.glossary_version) == (None, frozenset(), None, None)
    with pytest.raises(InputError, match="no glossary"):
        open_project(config, GlossaryNeed.REQUIRED)


def test_the_names_keep_a_name_split_by_a_blank_line_in_one_unit(tmp_path):
    project = open_project(make_project(tmp_path / "p"))
    document = read_document(tmp_path / "p" / "corpus" / "prize.txt")
    assert len(segment(document).units) == 3
    assert [unit.text for unit in segment(document, project.names).units][0] == (
        "The prize of the Heydar Aliyev Foundation Trust was given today."
    )


def test_every_entry_point_segments_with_the_projects_names(tmp_path, monkeypatch):
    """extract, update, check, bundle, stats, report and run: each passes the project's names to segment()."""
    from pipeline.cli import app, register_commands

    root = tmp_path / "p"
    make_project(root)
    seen: dict[str, set[frozenset[str]]] = {}
    command = [""]

    def recording(document, names=frozenset()):
        seen.setdefault(command[0], set()).add(frozenset(names))
        return segment(document, names)

    for name, module in list(sys.modules.items()):  # segment() wherever the library holds it
        if name.startswith("pipeline.") and getattr(module, "segment", None) is segment:
            monkeypatch.setattr(module, "segment", recording)
    monkeypatch.setenv("L10N_JOBS", "1")  # update segments in this process
    monkeypatch.chdir(root)
    register_commands([])
    for args in (
        ["extract"],
        ["update"],
        ["check"],
        ["bundle", "--min-complete", "0"],
        ["stats"],
        ["report"],
        ["run", "--engine", "pseudo"],
    ):
        if args[0] in ("extract", "run"):  # make them segment again: a new document
            (root / "corpus" / f"{args[0]}.txt").write_text(DOCUMENT, encoding="utf-8")
        command[0] = args[0]
        result = CliRunner().invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.output)
    assert set(seen) == {"extract", "update", "check", "bundle", "stats", "report", "run"}
    assert seen == {name: {frozenset({NAME})} for name in seen}


def test_project_stats_checks_the_project_paths_that_exist_and_passes_each_files_findings_on(tmp_path):
    config = make_project(tmp_path / "p")
    project = open_project(config)
    jobs.update(config, project.names, project.hints, project.glossary_version)
    expected = run_checks(runner.project_paths(config), project.glossary, project.names, config)
    told: list = []
    stats = project_stats(project, told.append)
    assert sorted(f for checked in told for f in checked.kept) == sorted(expected.findings) and expected.findings
    assert [str(checked.path) for checked in told] == list(expected.files)
    assert stats.checks == expected.tally()
    (tmp_path / "p" / "corpus" / "prize.txt").unlink()
    (tmp_path / "p" / "corpus").rmdir()
    told.clear()
    project_stats(project, told.append)  # the stats work without a corpus
    assert told and all("corpus" not in str(checked.path) for checked in told)


def test_project_stats_is_what_l10n_stats_prints(tmp_path, monkeypatch):
    from pipeline.cli import app, register_commands

    config = make_project(tmp_path / "p")
    project = open_project(config)
    jobs.update(config, project.names, project.hints, project.glossary_version)
    stats = project_stats(project)
    assert stats.checks.findings and stats.table["checks"] == {"errors": stats.checks.errors, "warnings": stats.checks.warnings}
    monkeypatch.chdir(tmp_path / "p")
    register_commands(["stats"])
    printed = CliRunner().invoke(app, ["stats", "--format", "json"])
    assert printed.exit_code == 0 and json.loads(printed.output) == stats.table


def test_the_checks_reader_keeps_each_catalogs_counts_not_the_catalog(tmp_path, monkeypatch):
    config = make_project(tmp_path / "p", glossary=None)
    jobs.update(config)
    path = next((tmp_path / "p" / "locales").rglob("*.po"))
    counts = CatalogCounts()
    po = counts.read(path)
    released = weakref.ref(po)
    del po
    gc.collect()
    assert released() is None  # nothing holds the parsed catalog
    monkeypatch.setattr(stats, "read_po", lambda path: pytest.fail("parsed a second time"))
    assert counts.progress_of(path).units == 3  # counted when the checks read it


def test_the_glossary_folder_and_its_locales(tmp_path):
    config = make_project(tmp_path / "p")
    assert glossary_directory(config) == tmp_path / "p" / "glossary"
    glossary = configured_glossary(config)
    assert glossary_locales(Config(root=config.root, locales=("tr", "az")), glossary) == ("tr", "az", "ru")
    assert glossary_locales(config, None) == ("az", "ru")


TBX = Path(__file__).resolve().parent / "fixtures" / "tbx"


def test_import_glossary_merges_a_tbx_file_and_tells_its_warnings(tmp_path):
    config = make_project(tmp_path / "p")
    told: list[str] = []
    done = import_glossary(config, TBX / "memoq.tbx", "organisation", warn=told.append)
    assert not done.problems and done.written and done.report.added
    assert told == [
        f"{TBX / 'memoq.tbx'}: 3 entries have tr-TR terms: not a configured locale; skipped",
        f"{TBX / 'memoq.tbx'}: 2 entries have de-DE terms: not a configured locale; skipped",
    ]
    assert len(configured_glossary(config)) == 2 + len(done.report.added)


def test_import_glossary_writes_nothing_when_the_merged_glossary_has_problems(tmp_path):
    config = make_project(tmp_path / "p")
    before = (tmp_path / "p" / "glossary" / "organisations.yaml").read_bytes()
    done = import_glossary(
        Config(root=config.root, locales=("az", "ru", "de"), glossary_dir=config.glossary_dir, named=config.named),
        TBX / "memoq.tbx",
        "organisation",
    )
    assert done.problems and done.written == ()
    assert (tmp_path / "p" / "glossary" / "organisations.yaml").read_bytes() == before
