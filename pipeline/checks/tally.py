"""Counting check findings: the one way ``check``, ``stats``, ``report`` and ``run`` count them.

:class:`CheckTally` counts a check run file by file as it goes, so a caller that needs only the
numbers (the stats table, the summary line, the report's header) never holds the findings:
``l10n run`` on 1,000 catalogs meets some 200,000 of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.core.model import ERROR, Finding

#: Which catalog a finding is on: ``(locale, document stem)``; ``(None, stem)`` for a source document.
CatalogKey = tuple[str | None, str]


@dataclass(frozen=True)
class FindingCounts:
    """Errors and warnings among some findings."""

    errors: int = 0
    warnings: int = 0

    def __add__(self, other: "FindingCounts") -> "FindingCounts":
        return FindingCounts(self.errors + other.errors, self.warnings + other.warnings)


def count_findings(findings: Iterable[Finding]) -> FindingCounts:
    """Count findings by the severity their check gave them: an error is an error, anything else a warning."""
    errors = total = 0
    for finding in findings:
        total += 1
        errors += finding.severity == ERROR
    return FindingCounts(errors, total - errors)


def catalog_key(finding: Finding) -> CatalogKey:
    """The catalog ``finding`` is on: its locale (None on a source document) and its file's stem."""
    return (finding.locale or None, Path(finding.path).stem)


@dataclass(frozen=True)
class FileFindings:
    """The findings of one checked file: ``kept``, and ``silenced`` by an ``#, l10n-ignore-<rule>`` flag."""

    path: Path
    is_catalog: bool
    kept: list[Finding]
    silenced: list[Finding]


@dataclass
class CheckTally:
    """What a check run found, counted file by file (:meth:`add`) without keeping the findings.

    ``by_catalog`` is :func:`pipeline.outputs.stats.errors_by_catalog` of every kept finding;
    ``silenced`` counts the findings an ignore flag silenced (never errors or warnings).
    """

    documents: int = 0
    catalogs: int = 0
    errors: int = 0
    warnings: int = 0
    silenced: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    by_catalog: dict[CatalogKey, FindingCounts] = field(default_factory=dict)

    def add(self, checked: FileFindings) -> None:
        """Count one checked file and its findings."""
        if checked.is_catalog:
            self.catalogs += 1
        else:
            self.documents += 1
        self.silenced += len(checked.silenced)
        self.count(checked.kept)

    def count(self, findings: Iterable[Finding]) -> None:
        """Count ``findings`` (kept ones) into the totals, the rules and the catalogs."""
        by_catalog: dict[CatalogKey, list[Finding]] = {}
        for finding in findings:
            self.by_rule[finding.rule] = self.by_rule.get(finding.rule, 0) + 1
            by_catalog.setdefault(catalog_key(finding), []).append(finding)
        for key, group in by_catalog.items():
            counts = count_findings(group)
            self.errors += counts.errors
            self.warnings += counts.warnings
            self.by_catalog[key] = self.by_catalog.get(key, FindingCounts()) + counts

    @property
    def counts(self) -> FindingCounts:
        """Errors and warnings of every kept finding."""
        return FindingCounts(self.errors, self.warnings)

    @property
    def findings(self) -> int:
        """How many findings were kept (errors and warnings)."""
        return self.errors + self.warnings

    def summary(self) -> dict:
        """Documents and catalogs checked, errors, warnings and findings per rule (JSON-ready)."""
        return {
            "documents": self.documents,
            "catalogs": self.catalogs,
            "errors": self.errors,
            "warnings": self.warnings,
            "by_rule": dict(sorted(self.by_rule.items())),
            "silenced": self.silenced,
        }
