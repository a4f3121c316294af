"""Commands on the reviewed catalogs: bundle, stats, report.

Registered on the shared ``app`` when this module is imported.  The formatting helpers
(:func:`bundle_lines`, :func:`stats_lines`) are public so ``l10n run`` can print the same
lines and table.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli import (
    CorpusOpt,
    GlossaryOpt,
    LocaleOpt,
    LocalesDirOpt,
    NoGlossaryOpt,
    app,
    echo,
    open_project,
)


def bundle_lines(result) -> list[str]:
    """One line per document and locale (written or skipped, with why), then a summary line."""
    from pipeline.outputs.stats import format_percent

    lines = []
    for doc in result.documents:
        if doc.status == "written":
            state = "written" if doc.changed else "unchanged"
            extra = f", {doc.fallback} of {doc.units} units in the source language" if doc.fallback else ""
            if doc.missing:
                extra += f" ({doc.missing} not in the catalog: run `l10n update`)"
            lines.append(f"{doc.locale} {doc.stem}: {state}, {format_percent(doc.percent)}% complete{extra}")
        else:
            removed = f"; removed the stale {', '.join(p.name for p in doc.removed)}" if doc.removed else ""
            lines.append(f"{doc.locale} {doc.stem}: skipped, {doc.reason}{removed}")
    lines.append(f"{len(result.written)} documents written, {len(result.skipped)} skipped, "
                 f"{result.fallback_units} units in the source language; bundles in {result.out_dir}")
    return lines


def stats_lines(table: dict) -> list[str]:
    """The stats table as text: a row per locale and document, then the locale's total."""
    from pipeline.outputs.stats import format_percent

    header = ("locale", "document", "units", "translated", "fuzzy", "untranslated", "words", "%", "errors", "warnings")
    rows: list[tuple[str, ...]] = []
    for locale, data in table.get("locales", {}).items():
        items = list(data.get("documents", {}).items()) + [("TOTAL", data.get("total", {}))]
        for stem, row in items:
            note = {"missing": " (no catalog)", "template": " (no catalog yet)"}.get(row.get("state", ""), "")
            rows.append((locale, stem + note, *(str(row.get(k, 0)) for k in
                         ("units", "translated", "fuzzy", "untranslated", "words")),
                         format_percent(row.get("percent", 0.0)), str(row.get("errors", 0)),
                         str(row.get("warnings", 0))))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        left = [f"{cells[i]:<{widths[i]}}" for i in range(2)]
        right = [f"{cells[i]:>{widths[i]}}" for i in range(2, len(cells))]
        return "  ".join(left + right).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            out.append("")
        out.append(line(row))
        previous = row[0]
    return out


def project_findings(project, reader=None):
    """Every check finding on the configured corpus and catalogs (for stats and the report)."""
    from pipeline.checks.runner import project_paths, run_checks

    paths = [path for path in project_paths(project.config) if path.exists()]  # stats work without a corpus
    return run_checks(paths, project.glossary, project.names, project.config, reader).findings


def catalog_reader():
    """:func:`pipeline.catalogs.pofiles.read_po` keeping what it parsed, for one command's checks and table.

    ``stats`` and ``report`` check every catalog and then count its entries: parsing each once
    instead of twice is ~15 ms of a 0.2 s ``stats`` on the corpus's 15 catalogs.
    """
    from functools import lru_cache

    from pipeline.catalogs.pofiles import read_po

    return lru_cache(maxsize=None)(read_po)


@app.command("bundle")
def bundle_command(
    corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR", help="Bundle directory (default: [tool.l10n] bundle-dir, "
                                       "build/bundles).", show_default=False),
    include_fuzzy: bool = typer.Option(False, "--include-fuzzy", help="Ship fuzzy (unreviewed) translations too."),
    min_complete: float = typer.Option(80.0, "--min-complete", min=0.0, max=100.0, metavar="PCT",
                                       help="Skip a document whose translated share of source words is lower."),
) -> None:
    """Write per locale: <out>/<lang>/LC_MESSAGES/<doc>.mo, <out>/<lang>/<doc>.txt and <out>/<lang>.json.

    Only reviewed translations are shipped; untranslated and fuzzy units fall back to the
    source text (counted in the output).  A document below --min-complete is not emitted for
    that locale: one 'skipped' line says why, and its stale files are removed.  Skipping is
    not a failure: the exit code is 0 when every eligible document was written, 2 on bad
    input (a broken catalog, a Plural-Forms header that contradicts itself or its plural entries),
    with nothing written.
    """
    from pipeline.outputs.bundle import build_bundles

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    result = build_bundles(project.config, out.resolve() if out else None, include_fuzzy=include_fuzzy,
                           min_complete=min_complete, names=project.names)
    for text in bundle_lines(result):
        echo(text)


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command("stats")
def stats_command(
    corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    format: Format = typer.Option(Format.text, "--format", help="text: a table; json: one object."),
) -> None:
    """Review progress per locale and document: units and source words translated, fuzzy and untranslated.

    Counted as msgfmt --statistics and pocount do (obsolete entries and the header left
    out; fuzzy is not translated); % is translated source words out of all source words.
    """
    from pipeline.outputs.stats import errors_by_catalog, stats_table

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    reader = catalog_reader()
    table = stats_table(project.config, errors_by_catalog(project_findings(project, reader)), reader)
    if format == Format.json:
        echo(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=2))
    else:
        for text in stats_lines(table):
            echo(text)


@app.command("report")
def report_command(
    corpus: Optional[Path] = CorpusOpt, locales: Optional[Path] = LocalesDirOpt,
    glossary: Optional[Path] = GlossaryOpt, locale: Optional[List[str]] = LocaleOpt,
    no_glossary: bool = NoGlossaryOpt,
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="HTML file to write (default: build/report.html).",
                                       show_default=False),
) -> None:
    """Write one static HTML page with the progress of every locale and document (opens from disk)."""
    from pipeline.outputs.report import render_report, report_path, write_report
    from pipeline.outputs.stats import errors_by_catalog, stats_table

    project = open_project(corpus, locales, glossary, locale, no_glossary=no_glossary)
    path = out.resolve() if out else report_path(project.config)
    reader = catalog_reader()
    findings = project_findings(project, reader)
    html = render_report(stats_table(project.config, errors_by_catalog(findings), reader), findings)
    state = "written" if write_report(path, html) else "unchanged"
    echo(f"{path} ({state})")
