"""pipeline.run: the main job as a library function, on a small project with the pseudo engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.catalogs import jobs
from pipeline.core.config import Config, load_config
from pipeline.core.errors import EXIT_FINDINGS
from pipeline.outputs.report import report_path
from pipeline.project import GlossaryNeed, open_project
from pipeline.run import STEPS, RunResult, run

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales: {az: {rendering: Xocalı}, ru: {rendering: Ходжалы}}
"""
DOCUMENTS = {
    "remembrance": "Khojaly remembered\n\nThe town of Khojaly was destroyed in one night.\n",
    "visit": "The Ombudsman visited Khojaly.\n\nShe met the families of the victims.\n",
}


def make_project(root: Path) -> Config:
    """Two short documents, a one-term glossary, az and ru."""
    (root / "corpus").mkdir(parents=True)
    for stem, text in DOCUMENTS.items():
        (root / "corpus" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "places.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / "locales").mkdir()
    (root / "l10n.toml").write_text(
        'locales = ["az", "ru"]\ncorpus = "corpus"\nglossary = "glossary"\nlocales-dir = "locales"\n', encoding="utf-8"
    )
    return load_config(root)


def catalogs(root: Path) -> dict[str, bytes]:
    """Every template and catalog under ``root``'s locales, by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


@pytest.fixture(autouse=True)
def _fixed_clock_and_cache(tmp_path, monkeypatch):
    """One creation date for every catalog (runs compared byte for byte), the user cache in tmp_path."""
    monkeypatch.setattr(jobs, "now_stamp", lambda: "2026-12-01 10:00+0000")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_run_makes_the_same_catalogs_as_update_then_translate_through_the_cli(tmp_path, monkeypatch):
    from pipeline.cli import app, register_commands

    library = make_project(tmp_path / "library")
    run(open_project(library, GlossaryNeed.REQUIRED), "pseudo")
    cli = tmp_path / "cli"
    make_project(cli)
    monkeypatch.chdir(cli)
    register_commands([])
    for args in (["update"], ["translate", "--engine", "pseudo"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    made = catalogs(tmp_path / "library")
    assert made and made == catalogs(cli)
    assert any(path.endswith(".po") and "fuzzy" in data.decode() for path, data in made.items())  # drafts


def test_run_returns_what_each_step_produced_and_tells_each_step_in_order(tmp_path):
    project = open_project(make_project(tmp_path / "p"), GlossaryNeed.REQUIRED)
    told: list[tuple[str, object]] = []
    result = run(project, "pseudo", on_step=lambda step, produced: told.append((step, produced)))
    assert isinstance(result, RunResult)
    assert [step for step, _ in told] == list(STEPS)
    produced = dict(told)
    assert produced == {
        "catalogs": result.catalogs,
        "drafts": result.drafts,
        "checks": result.checks,
        "bundles": result.bundles,
        "stats": result.stats,
        "report": result.report,
    }
    assert len(result.catalogs) == len(DOCUMENTS) * 2 and all(r.written for r in result.catalogs)
    assert [d.locale for d in result.drafts] == ["az", "ru"] and all(d.stats for d in result.drafts)
    assert set(result.stats["locales"]) == {"az", "ru"}
    assert result.report == report_path(project.config) and result.report.is_file()
    assert result.bundles.skipped  # pseudo drafts are fuzzy: nothing reviewed to ship yet
    assert result.exit_code == (EXIT_FINDINGS if result.checks.errors else 0)


def test_run_exits_with_findings_when_the_checks_find_errors(tmp_path):
    config = make_project(tmp_path / "p")
    # A forbidden variant in the source is an error of the checks; the job itself completes.
    (tmp_path / "p" / "glossary" / "places.yaml").write_text(
        GLOSSARY + "    forbidden:\n      - {form: Hojali, reason: a misspelling}\n", encoding="utf-8"
    )
    (tmp_path / "p" / "corpus" / "visit.txt").write_text("The Ombudsman visited Hojali.\n", encoding="utf-8")
    result = run(open_project(config, GlossaryNeed.REQUIRED), "none")
    assert result.checks.errors and result.exit_code == EXIT_FINDINGS
    assert result.report.is_file()


def test_a_second_run_writes_no_catalog(tmp_path):
    project = open_project(make_project(tmp_path / "p"), GlossaryNeed.REQUIRED)
    run(project, "pseudo")
    again = run(project, "pseudo")
    assert again.catalogs and not any(r.written for r in again.catalogs)
    assert all(d.stats.drafts_written == 0 for d in again.drafts)


@pytest.mark.parametrize("spill_at", [1, 20_000], ids=["findings-on-disk", "findings-in-memory"])
def test_the_report_lists_every_finding_of_the_checks_in_report_order_wherever_they_waited(tmp_path, monkeypatch, spill_at):
    from pipeline.checks.runner import check_project
    from pipeline.outputs import finding_spool
    from pipeline.outputs.report import render_report

    monkeypatch.setattr(finding_spool, "SPILL_AT", spill_at)
    config = make_project(tmp_path / "p")
    (tmp_path / "p" / "glossary" / "places.yaml").write_text(
        GLOSSARY + "    forbidden:\n      - {form: Hojali, reason: a misspelling}\n", encoding="utf-8"
    )
    (tmp_path / "p" / "corpus" / "visit.txt").write_text("The Ombudsman visited Hojali.\n\nHojali remembers. Hojali!\n", encoding="utf-8")
    project = open_project(config, GlossaryNeed.REQUIRED)
    result = run(project, "pseudo")
    checked = check_project(config, project.glossary, project.names)
    assert len(checked.findings) > 2 and result.checks == checked.tally()
    assert result.report.read_text(encoding="utf-8") == render_report(result.stats, checked.findings)
    assert sorted(p.name for p in result.report.parent.iterdir()) == ["bundles", "report.html"]  # no table left behind
