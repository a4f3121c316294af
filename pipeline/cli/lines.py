"""The text lines the commands print for what the library returns: one home for each format.

``l10n run`` prints the same lines as ``bundle``, ``stats`` and ``translate`` for its steps;
each command module imports its formatting from here, never from another command module.
"""

from __future__ import annotations

from typing import Any, Iterable


def _format_percent(value: float) -> str:
    # Imported when a line is made: pipeline.outputs.stats imports polib, which `l10n --help`
    # (this module is imported to register every command) must not.
    from pipeline.outputs.stats import format_percent

    return format_percent(value)


def translate_lines(results) -> list[str]:
    """One line per locale (:class:`~pipeline.mt.job.LocaleDrafts`), then any planned drafts."""
    lines = []
    for result in results:
        if result.stats is None:
            lines.append(f"{result.locale}: no drafts: {result.unavailable}")
            continue
        s = result.stats
        verb = "would send" if s.dry_run else "sent"
        lines.append(
            f"{result.locale}: {s.engine} {s.package} {s.version}".rstrip()
            + f": {verb} {s.sent_to_engine} sentences to the engine, {s.memory_hits} from memory, "
            f"{s.drafts_written} drafts written, {s.flagged} flagged"
        )
        for path, msgid in s.planned:
            lines.append(f"  would translate {path.name}: {msgid[:70]}{'…' if len(msgid) > 70 else ''}")
    return lines


def bundle_lines(result) -> list[str]:
    """One line per document and locale (written or skipped, with why), then a summary line."""
    lines = []
    for doc in result.documents:
        if doc.status == "written":
            state = "written" if doc.changed else "unchanged"
            extra = f", {doc.fallback} of {doc.units} units in the source language" if doc.fallback else ""
            if doc.missing:
                extra += f" ({doc.missing} not in the catalog: run `l10n update`)"
            lines.append(f"{doc.locale} {doc.stem}: {state}, {_format_percent(doc.percent)}% complete{extra}")
        else:
            removed = f"; removed the stale {', '.join(p.name for p in doc.removed)}" if doc.removed else ""
            lines.append(f"{doc.locale} {doc.stem}: skipped, {doc.reason}{removed}")
    lines.append(
        f"{len(result.written)} documents written, {len(result.skipped)} skipped, "
        f"{result.fallback_units} units in the source language; bundles in {result.out_dir}"
    )
    return lines


_STATS_HEADER = ("locale", "document", "units", "translated", "fuzzy", "untranslated", "words", "%", "errors", "warnings")
_STATS_COUNTS = ("units", "translated", "fuzzy", "untranslated", "words")


def _stats_rows(table: dict) -> list[tuple[str, ...]]:
    """The cells of the stats table: a row per locale and document, then the locale's total."""
    rows: list[tuple[str, ...]] = []
    for locale, data in table.get("locales", {}).items():
        items = list(data.get("documents", {}).items()) + [("TOTAL", data.get("total", {}))]
        for stem, row in items:
            note = {"missing": " (no catalog)", "template": " (no catalog yet)"}.get(row.get("state", ""), "")
            rows.append(
                (
                    locale,
                    stem + note,
                    *(str(row.get(k, 0)) for k in _STATS_COUNTS),
                    _format_percent(row.get("percent", 0.0)),
                    str(row.get("errors", 0)),
                    str(row.get("warnings", 0)),
                )
            )
    return rows


def stats_lines(table: dict) -> list[str]:
    """The stats table as text: a row per locale and document, then the locale's total."""
    rows = _stats_rows(table)
    widths = [max(len(r[i]) for r in [_STATS_HEADER, *rows]) for i in range(len(_STATS_HEADER))]

    def line(cells) -> str:
        left = [f"{cells[i]:<{widths[i]}}" for i in range(2)]
        right = [f"{cells[i]:>{widths[i]}}" for i in range(2, len(cells))]
        return "  ".join(left + right).rstrip()

    out = [line(_STATS_HEADER), line(["-" * w for w in widths])]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            out.append("")
        out.append(line(row))
        previous = row[0]
    return out


def run_step_lines(step: str, produced: Any, locales: Iterable[str]) -> list[str]:
    """What ``l10n run`` prints when the step ``step`` of :func:`pipeline.run.run` has produced ``produced``."""
    if step == "catalogs":
        written = sum(1 for r in produced if r.written)
        return [f"catalogs: {len(produced)} for {', '.join(locales)} ({written} written, {len(produced) - written} unchanged)"]
    if step == "drafts":
        return [f"drafts: {line}" for line in translate_lines(produced)]
    if step == "checks":
        # Imported here: the check formats import the checks, which `l10n --help` must not.
        from pipeline.checks.formats import summary_line

        return [f"checks: {summary_line(produced)} (details: l10n check)"]
    if step == "bundles":
        return [f"bundles: {len(produced.written)} documents written, {len(produced.skipped)} below the threshold (details: l10n bundle)"]
    if step == "report":
        return [f"report: {produced}"]
    return []  # stats: the table comes last, after the report's line
