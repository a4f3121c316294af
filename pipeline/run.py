"""The main job, ``l10n run``: update → MT drafts → checks → bundles → stats → report.

:func:`run` takes an opened :class:`~pipeline.project.Project` and returns what each step
produced, as plain data, with the exit code the job ends with; the CLI only prints it.  A
caller that shows progress passes ``on_step``: it is called after each step with the step's
name and what the step produced, so a line can be printed while the next step runs (and a
later step that fails leaves the earlier lines said).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pipeline.catalogs.jobs import CatalogResult, update
from pipeline.mt.job import LocaleDrafts, check_cluster, translate
from pipeline.checks.runner import tally_project
from pipeline.checks.tally import CheckTally
from pipeline.core.errors import EXIT_FINDINGS
from pipeline.outputs.bundle import BundleResult, build_bundles
from pipeline.outputs.finding_spool import FindingSpool
from pipeline.outputs.report import report_parts, report_path, write_report_parts
from pipeline.outputs.stats import CatalogCounts, stats_table
from pipeline.project import Project

#: The steps of :func:`run` in order, as named to ``on_step``.
STEPS = ("catalogs", "drafts", "checks", "bundles", "stats", "report")

#: Told each step's name and what it produced, as soon as the step is done.
StepListener = Callable[[str, Any], None]


@dataclass(frozen=True)
class RunResult:
    """What each step of the main job produced, and the exit code it ends with."""

    catalogs: list[CatalogResult]  # update: one per document and locale
    drafts: list[LocaleDrafts]  # MT drafts: one per locale
    checks: CheckTally  # every finding on the corpus and catalogs, counted (the report lists them)
    bundles: BundleResult  # what was written and what skipped
    stats: dict  # the stats table (:func:`pipeline.outputs.stats.stats_table`)
    report: Path  # the HTML report written
    exit_code: int  # EXIT_FINDINGS when the checks found errors (the job itself completed), else 0


def _ignore(step: str, produced: Any) -> None:
    """The default listener: nothing to show."""


def run(
    project: Project, engine: str = "auto", models_dir: Path | None = None, on_step: StepListener = _ignore, cluster: str | None = None
) -> RunResult:
    """Run the main job on ``project``: every step, in :data:`STEPS` order, each told to ``on_step``.

    The catalogs are updated with the project's names and hints, drafted by ``engine`` (from
    ``models_dir``; a locale without a model is reported in its drafts, not an error), checked,
    bundled with the same names, counted, and the report is written.  ``cluster`` (default: the
    configured one) decodes the drafts on a Ray cluster (:mod:`pipeline.mt.cluster`).  Bad input raises
    InputError from the step that meets it, with the earlier steps' files written.
    """
    config, names = project.config, project.names
    check_cluster(config, engine, cluster)  # an unusable cluster stops the job before it writes

    def step(name: str, produced: Any) -> Any:
        on_step(name, produced)
        return produced

    catalogs = step("catalogs", update(config, names, project.hints, project.glossary_version))
    drafts = step("drafts", translate(config, engine, models_dir, project.glossary, cluster=cluster))
    counts = CatalogCounts()  # the checks parse each catalog; the stats take its counts, not the catalog
    path = report_path(config)
    # The findings wait for the report on disk, not in memory: 1,000 documents give ~200,000.
    with FindingSpool(path) as spool:
        checks = step("checks", tally_project(config, project.glossary, names, counts.read, spool.add))
        bundles = step("bundles", build_bundles(config, names=names))
        table = step("stats", stats_table(config, checks.by_catalog, counts.progress_of))
        write_report_parts(path, report_parts(table, spool.in_report_order(), checks.counts))
    step("report", path)
    return RunResult(catalogs, drafts, checks, bundles, table, path, EXIT_FINDINGS if checks.errors else 0)
