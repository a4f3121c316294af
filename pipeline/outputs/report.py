"""The project's progress as one static HTML page: open it from disk, nothing else needed.

:func:`render_report` turns :func:`pipeline.outputs.stats.stats_table`'s data and the checks'
findings into a self-contained page — inline CSS, no scripts, no external assets, no
timestamps (the same inputs give the same bytes) — with:

* a progress bar per locale: translated, fuzzy and untranslated source words stacked;
* a table per document: one row per locale with its counts, percentage, check errors and warnings;
* every check finding with its location, rule, message, what was found, the suggestion and
  the catalog entry (msgid) it is about.

The page has no error count of its own: a locale's and a document's errors and warnings
are the table's (:func:`pipeline.outputs.stats.errors_by_catalog`), the page's total is
:func:`pipeline.checks.tally.count_findings`' — the way ``l10n check`` counts them.

Every piece of text from the data is escaped with :func:`html.escape`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.catalogs.template import GENERATOR
from pipeline.checks.tally import FindingCounts, count_findings
from pipeline.core.config import Config, resolve
from pipeline.core.fsutil import atomic_write, atomic_write_chunks
from pipeline.core.model import ERROR, WARNING, Finding
from pipeline.outputs.stats import format_percent

#: Where ``l10n report`` writes the page unless told otherwise (relative to the project root).
DEFAULT_REPORT = Path("build/report.html")

_CSS = """
:root { --ok: #2e7d32; --fuzzy: #f9a825; --todo: #cfd8dc; --err: #c62828; --warn: #ef6c00;
        --ink: #1c2430; --muted: #5f6b7a; --line: #dde3ea; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1120px; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; word-break: break-all; }
.sub { color: var(--muted); margin: 0 0 8px; }
.legend span { display: inline-block; margin-right: 16px; color: var(--muted); }
.sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px;
      margin-right: 5px; }
.locale { display: grid; grid-template-columns: 90px 1fr 70px; gap: 12px; align-items: center;
          margin: 10px 0 2px; }
.locale .code { font-weight: 700; font-size: 17px; }
.locale .pct { font-weight: 700; text-align: right; font-variant-numeric: tabular-nums; }
.detail { margin: 0 0 10px 102px; color: var(--muted); font-size: 13px; }
.bar { display: flex; height: 22px; border-radius: 4px; overflow: hidden; background: var(--todo);
       border: 1px solid #b0bec5; }
.bar.small { height: 12px; min-width: 140px; }
.bar div { height: 100%; }
.t { background: var(--ok); } .f { background: var(--fuzzy); } .u { background: var(--todo); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.state { color: var(--muted); font-size: 12px; }
.bad { color: var(--err); font-weight: 700; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.sev.error { color: var(--err); } .sev.warning { color: var(--warn); }
.entry { white-space: pre-wrap; color: var(--muted); font-size: 13px; border-left: 3px solid var(--line);
         padding-left: 8px; margin-top: 4px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px;
       background: #f4f6f9; padding: 0 3px; border-radius: 3px; }
.none { color: var(--muted); font-style: italic; }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _n(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _int(row: dict, key: str) -> int:
    try:
        return int(row.get(key, 0) or 0)
    except (TypeError, ValueError):
        return 0


def _errors(row: dict) -> int:
    """A row's check errors (``glossary_errors`` in data written before rows had ``errors``)."""
    return _int(row, "errors") if "errors" in row else _int(row, "glossary_errors")


def _pct(row: dict) -> float:
    try:
        return float(row.get("percent", 0.0) or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _bar(row: dict, small: bool = False) -> str:
    """A stacked bar of translated / fuzzy / untranslated source words (units if no words)."""
    unit = "words" if _int(row, "words") else "units"
    total = _int(row, "words") or _int(row, "units")
    parts = []
    for css, key, label in (("t", "translated", "translated"), ("f", "fuzzy", "fuzzy"), ("u", "untranslated", "untranslated")):
        count = _int(row, f"{key}_words" if unit == "words" else key)
        if total and count:
            width = 100.0 * count / total
            parts.append(f'<div class="{css}" style="width:{width:.2f}%" title="{count} {unit} {label}"></div>')
    size = " small" if small else ""
    label = f"{format_percent(_pct(row))}% translated"
    return f'<div class="bar{size}" role="img" aria-label="{_e(label)}">{"".join(parts)}</div>'


def _locale_summary(locale: str, data: dict) -> str:
    total = data.get("total", {})
    return (
        f'<div class="locale"><span class="code">{_e(locale)}</span>{_bar(total)}'
        f'<span class="pct">{_e(format_percent(_pct(total)))}%</span></div>'
        f'<p class="detail">{_int(total, "translated")} translated, {_int(total, "fuzzy")} fuzzy, '
        f"{_int(total, 'untranslated')} untranslated of {_int(total, 'units')} units "
        f"({_int(total, 'translated_words')} of {_int(total, 'words')} words) in "
        f"{len(data.get('documents', {}))} documents &middot; "
        f"check findings: {_n(_errors(total), 'error')}, {_n(_int(total, 'warnings'), 'warning')}</p>"
    )


_STATE_NOTE = {"template": "no catalog yet (template counted)", "missing": "no catalog"}


def _document_table(stem: str, locales: dict) -> str:
    rows = []
    for locale, data in locales.items():
        row = data.get("documents", {}).get(stem)
        if row is None:
            continue
        note = _STATE_NOTE.get(row.get("state", ""), "")
        note_html = f' <span class="state">{_e(note)}</span>' if note else ""
        errors, warnings = _errors(row), _int(row, "warnings")
        rows.append(
            f"<tr><td><b>{_e(locale)}</b>{note_html}</td>"
            f'<td class="n">{_int(row, "units")}</td><td class="n">{_int(row, "translated")}</td>'
            f'<td class="n">{_int(row, "fuzzy")}</td><td class="n">{_int(row, "untranslated")}</td>'
            f'<td class="n">{_int(row, "words")}</td><td class="n">{_e(format_percent(_pct(row)))}%</td>'
            f'<td class="n{" bad" if errors else ""}">{errors}</td><td class="n">{warnings}</td>'
            f"<td>{_bar(row, small=True)}</td></tr>"
        )
    return (
        f'<h3 id="doc-{_e(stem)}">{_e(stem)}</h3>\n<table>\n<thead><tr><th>Locale</th><th class="n">Units</th>'
        '<th class="n">Translated</th><th class="n">Fuzzy</th><th class="n">Untranslated</th>'
        '<th class="n">Words</th><th class="n">Complete</th><th class="n">Errors</th><th class="n">Warnings</th>'
        "<th>Progress</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def report_order(finding: Finding) -> tuple:
    """The report's order: errors, then warnings, then anything else; then locale, file, line, column, rule, message."""
    severity = {ERROR: 0, WARNING: 1}.get(finding.severity, 2)
    return (severity, finding.locale or "", finding.path, finding.line, finding.column, finding.rule, finding.message)


def _finding_row(finding: Finding) -> str:
    severity = finding.severity if finding.severity in (ERROR, WARNING) else "other"
    found = f"<code>{_e(finding.found)}</code>" if finding.found else ""
    suggestion = f"<code>{_e(finding.suggestion)}</code>" if finding.suggestion else ""
    entry = f'<div class="entry">{_e(finding.msgid)}</div>' if finding.msgid else ""
    return (
        f'<tr><td><span class="sev {severity}">{_e(finding.severity)}</span></td>'
        f"<td>{_e(finding.locale or '—')}</td>"
        f"<td><code>{_e(finding.path)}:{int(finding.line or 0)}:{int(finding.column or 0)}</code></td>"
        f"<td><code>{_e(finding.rule)}</code></td>"
        f"<td>{_e(finding.message)}{entry}</td><td>{found}</td><td>{suggestion}</td></tr>"
    )


def render_report(stats_data: dict, findings: Iterable[Finding] = ()) -> str:
    """The report page as a string: summary bars, a table per document, then every finding.

    ``stats_data`` is :func:`pipeline.outputs.stats.stats_table`'s result; ``findings`` are the
    checks' :class:`~pipeline.core.model.Finding` objects (shown in
    :func:`report_order`: errors first, then by locale, file and
    position).  Deterministic: no dates, no dict-order dependence beyond the data's.
    """
    ordered = sorted(findings, key=report_order)
    return "".join(report_parts(stats_data, ordered, count_findings(ordered)))


def report_parts(stats_data: dict, ordered: Iterable[Finding], counts: FindingCounts) -> Iterator[str]:
    """The page of :func:`render_report` piece by piece, for findings already in the report's order.

    ``counts`` are the findings' errors and warnings, which the page states before listing
    them: a caller streaming the findings from disk (:class:`~pipeline.outputs.finding_spool.FindingSpool`)
    knows them from its :class:`~pipeline.checks.tally.CheckTally` and never holds the list.
    """
    locales: dict = stats_data.get("locales", {})
    stems = sorted({stem for data in locales.values() for stem in data.get("documents", {})})
    total = counts.errors + counts.warnings
    yield from _lines(_head(locales, stems, total, counts))
    yield from _lines(_locale_summary(locale, data) for locale, data in locales.items())
    if not locales:
        yield from _lines(['<p class="none">No locales configured.</p>'])
    yield from _lines(['<h2 id="documents">Documents</h2>'])
    yield from _lines(_document_table(stem, locales) for stem in stems)
    if not stems:
        yield from _lines(['<p class="none">No documents.</p>'])
    yield from _lines([f'<h2 id="findings">Check findings ({total})</h2>'])
    if total:
        yield from _lines(
            [
                '<table class="findings">\n<thead><tr><th>Severity</th><th>Locale</th><th>Where</th>'
                "<th>Rule</th><th>Message and entry</th><th>Found</th><th>Suggestion</th></tr></thead>\n<tbody>"
            ]
        )
        yield from _lines(_finding_row(finding) for finding in ordered)
        yield from _lines(["</tbody>\n</table>"])
    else:
        yield from _lines(['<p class="none">No findings.</p>'])
    yield "</body>\n</html>\n"


def _lines(parts: Iterable[str]) -> Iterator[str]:
    """Each part followed by the line break that joins the page's parts."""
    for part in parts:
        yield part + "\n"


def _head(locales: dict, stems: list[str], total: int, counts: FindingCounts) -> list[str]:
    """The page from the doctype to the heading of the locales' summary."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Translation progress — {_e(', '.join(locales))}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        "<h1>Translation progress</h1>",
        f'<p class="sub">{_n(len(locales), "locale")}, {_n(len(stems), "document")}, '
        f"{_n(total, 'check finding')} ({_n(counts.errors, 'error')}, {_n(counts.warnings, 'warning')}). "
        "Percentages are reviewed translated source words out of all source words; "
        f"fuzzy entries are not translated. Generated by {_e(GENERATOR)}.</p>",
        '<p class="legend"><span><i class="sw t"></i>translated</span><span><i class="sw f"></i>fuzzy</span>'
        '<span><i class="sw u"></i>untranslated</span></p>',
        '<h2 id="locales">Locales</h2>',
    ]


def report_path(config: Config) -> Path:
    """The default report file of a project: ``build/report.html`` under its root."""
    return resolve(config, DEFAULT_REPORT)


def write_report(path: Path, html: str) -> bool:
    """Write the page atomically (UTF-8); False when the file already held exactly this page."""
    return atomic_write(Path(path), html.encode("utf-8"))


def write_report_parts(path: Path, parts: Iterable[str]) -> bool:
    """:func:`write_report` for the page as :func:`report_parts` makes it: written as it is made, in blocks."""
    return atomic_write_chunks(Path(path), _blocks(parts))


def _blocks(parts: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    """``parts`` encoded as UTF-8 and gathered into blocks of about ``size`` bytes (few writes, little memory)."""
    block: list[str] = []
    length = 0
    for part in parts:
        block.append(part)
        length += len(part)
        if length >= size:
            yield "".join(block).encode("utf-8")
            block, length = [], 0
    yield "".join(block).encode("utf-8")
