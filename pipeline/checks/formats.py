"""Check results as text, JSON, GitHub workflow annotations or a JUnit XML report.

Pure functions returning strings; the CLI prints them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Callable
from xml.etree import ElementTree

from ..model import ERROR
from .registry import REGISTRY
from .runner import CheckResult

FORMATS = ("text", "json", "github", "junit")


def as_text(result: CheckResult, style: Callable[[str, str], str] = lambda text, severity: text) -> str:
    """``path:line:column: severity: message [rule]`` per finding, then a summary line.

    ``style(text, severity)`` may colour the severity (the CLI does on a terminal).
    """
    lines = [f"{f.path}:{f.line}:{f.column}: {style(f.severity, f.severity)}: {f.message} [{f.rule}]"
             + (f" ({f.locale})" if f.locale else "")
             for f in result.findings]
    lines.append(f"{result.errors} errors, {result.warnings} warnings in {result.documents} documents "
                 f"and {result.catalogs} catalogs")
    return "\n".join(lines)


def as_json(result: CheckResult) -> str:
    """One object: ``{"findings": [...], "summary": {...}}``."""
    return json.dumps({"findings": [asdict(f) for f in result.findings], "summary": result.summary()},
                      ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    lines = []
    for f in result.findings:
        level = "error" if f.severity == ERROR else "warning"
        lines.append(f"::{level} file={_escape_property(f.path)},line={f.line},col={f.column},"
                     f"title={_escape_property(f.rule)}::{_escape_data(f.message)}")
    return "\n".join(lines)


def as_junit(result: CheckResult) -> str:
    """A JUnit XML report: one test case per file and rule, failed where that rule found an error."""
    suite = ElementTree.Element("testsuite", name="l10n check", tests="0", failures="0", errors="0")
    cases: dict[tuple[str, str], list] = {}
    for f in result.findings:
        cases.setdefault((f.path, f.rule), []).append(f)
    failures = 0
    for (path, rule), findings in sorted(cases.items()):
        case = ElementTree.SubElement(suite, "testcase", classname=path, name=rule)
        errors = [f for f in findings if f.severity == ERROR]
        body = "\n".join(f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.message}" for f in findings)
        if errors:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", message=f"{len(errors)} errors", type=rule)
            failure.text = body
        else:
            ElementTree.SubElement(case, "system-out").text = body
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def describe_checks() -> str:
    """The registry as a table: id, severity, target, description."""
    return "\n".join(f"{c.id:<22}{c.severity:<9}{c.target:<9}{c.description}" for c in REGISTRY.values())
