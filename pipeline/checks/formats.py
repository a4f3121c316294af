"""Check results as text, JSON, GitHub workflow annotations or a JUnit XML report.

Pure functions returning strings; the CLI prints them.  In every format a file is named by
:func:`display_path`: relative to the current directory (absolute only when the file lies
outside it), so GitHub attaches annotations to the lines of a pull request.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline.core.model import ERROR, Finding
from pipeline.core.paths import display_path
from pipeline.checks.registry import REGISTRY
from pipeline.checks.runner import CheckResult
from pipeline.checks.tally import CheckTally

if TYPE_CHECKING:  # imported by as_junit, the one format that writes XML
    from xml.etree import ElementTree

FORMATS = ("text", "json", "github", "junit")


def displayed(result: CheckResult, cwd: str | Path | None = None) -> CheckResult:
    """``result`` with every finding's path and every checked file named by :func:`display_path`."""
    names: dict[str, str] = {}

    def name(path: str) -> str:
        if path not in names:
            names[path] = display_path(path, cwd)
        return names[path]

    return replace(
        result,
        findings=tuple(replace(f, path=name(f.path)) for f in result.findings),
        files=tuple(name(path) for path in result.files),
        silenced=tuple(replace(f, path=name(f.path)) for f in result.silenced),
    )


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``0 errors``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(tally: CheckTally) -> str:
    """``1 error, 2 warnings in 1 document and 3 catalogs`` (``; 1 silenced by l10n-ignore flags``)."""
    line = (
        f"{plural(tally.errors, 'error')}, {plural(tally.warnings, 'warning')} in "
        f"{plural(tally.documents, 'document')} and {plural(tally.catalogs, 'catalog')}"
    )
    if tally.silenced:  # say so: a silenced finding is a decision someone can review
        line += f"; {tally.silenced} silenced by l10n-ignore flags"
    return line


def _line(f: Finding, severity: str | None = None) -> str:
    return f"{f.path}:{f.line}:{f.column}: {severity or f.severity}: {f.message} [{f.rule}]" + (f" ({f.locale})" if f.locale else "")


def as_text(result: CheckResult, style: Callable[[str, str], str] = lambda text, severity: text, cwd: str | Path | None = None) -> str:
    """``path:line:column: severity: message [rule]`` per finding, then a summary line.

    ``style(text, severity)`` may colour the severity (the CLI does on a terminal).
    """
    result = displayed(result, cwd)
    lines = [_line(f, style(f.severity, f.severity)) for f in result.findings]
    lines.append(summary_line(result.tally()))
    return "\n".join(lines)


def as_json(result: CheckResult, cwd: str | Path | None = None) -> str:
    """One object: ``{"findings": [...], "silenced": [...], "summary": {...}}``.

    ``silenced`` lists the findings an ``#, l10n-ignore-<rule>`` flag silenced (not counted in
    the summary's errors and warnings; ``summary.silenced`` counts them).
    """
    result = displayed(result, cwd)
    return json.dumps(
        {"findings": [asdict(f) for f in result.findings], "silenced": [asdict(f) for f in result.silenced], "summary": result.summary()},
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: CheckResult, cwd: str | Path | None = None) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""
    result = displayed(result, cwd)
    lines = []
    for f in result.findings:
        level = "error" if f.severity == ERROR else "warning"
        lines.append(
            f"::{level} file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"title={_escape_property(f.rule)}::{_escape_data(f.message)}"
        )
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _not_xml() -> re.Pattern:
    """Characters XML 1.0 cannot hold, not even escaped (C0 controls other than tab, LF, CR; lone surrogates).

    Compiled on first use: its ranges make it ~5 ms to compile, a cost only JUnit output needs.
    """
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` with every character XML cannot hold written as ``\\xNN``/``\\uNNNN``."""
    return _not_xml().sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def junit_classname(path: str) -> str:
    """A readable JUnit class name for a file: ``corpus/x.txt`` → ``l10n.check.corpus.x_txt``.

    Directories become dotted packages (so CI groups test cases by directory); any character
    other than a letter, digit, ``_`` or ``-`` becomes ``_``.
    """
    parts = [re.sub(r"[^\w-]", "_", part) for part in re.split(r"[/\\]", path) if part not in ("", ".")]
    return ".".join(["l10n", "check", *parts])


def _junit_case(suite: ElementTree.Element, path: str, findings: list[Finding]) -> bool:
    """Add one file's test case; True when it failed (the file has errors)."""
    from xml.etree import ElementTree  # here: only this format needs it (~3 ms to import)

    case = ElementTree.SubElement(suite, "testcase", classname=junit_classname(_xml(path)), name=_xml(path), file=_xml(path))
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity != ERROR]
    if errors:
        failure = ElementTree.SubElement(
            case,
            "failure",
            type="l10n-check",
            message=_xml(
                f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}: " + ", ".join(sorted({f.rule for f in errors}))
            ),
        )
        failure.text = _xml("\n".join(_line(f) for f in errors))
    if warnings:
        ElementTree.SubElement(case, "system-out").text = _xml("\n".join(_line(f) for f in warnings))
    return bool(errors)


def as_junit(result: CheckResult, cwd: str | Path | None = None) -> str:
    """A JUnit XML report: one test case per checked file, failed when the file has errors.

    A clean file is a passing test case; a failure's message counts the file's errors and
    warnings and its text lists the errors; warnings go to the test case's ``<system-out>``.
    """
    from xml.etree import ElementTree  # here: only this format needs it (~3 ms to import)

    result = displayed(result, cwd)
    by_file: dict[str, list[Finding]] = {path: [] for path in result.files}
    for f in result.findings:
        by_file.setdefault(f.path, []).append(f)
    suite = ElementTree.Element("testsuite", name="l10n check", tests=str(len(by_file)), failures="0", errors="0", skipped="0")
    failures = sum(_junit_case(suite, path, findings) for path, findings in by_file.items())
    suite.set("failures", str(failures))
    ElementTree.SubElement(suite, "system-out").text = summary_line(result.tally())
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


def describe_checks() -> str:
    """The registry as a table: id, severity, target, description."""
    return "\n".join(f"{c.id:<22}{c.severity:<9}{c.target:<9}{c.description}" for c in REGISTRY.values())
