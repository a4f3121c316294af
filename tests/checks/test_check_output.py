"""What CI reads from `l10n check`: severities that stats and the report count alike, paths
relative to the working directory in every format, and a JUnit report with a test case per file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

from pipeline.catalogs.template import locale_metadata
from pipeline.checks import formats
from pipeline.checks.runner import CheckResult
from pipeline.core.model import Finding

ROOT = Path(__file__).resolve().parents[2]

SOURCE = "In 1992, 613 people were killed and 1,275 were taken hostage."
CLEAN = "The statement was read at the meeting.\n"
FORBIDDEN = "They met in Stepanakert.\n"  # forbidden-variant: an error at line 1, column 13


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def write_catalog(path: Path, locale: str, entries: list[tuple[str, str, bool]]) -> Path:
    """A catalog with a valid header; ``entries`` are (msgid, msgstr, fuzzy)."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **locale_metadata(locale)}
    for msgid, msgstr, fuzzy in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    """A project directory: ``[tool.l10n]`` for ru with the repository's glossary, an empty corpus."""
    root = tmp_path / "project"
    (root / "corpus").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nlocales = ["ru"]\ncorpus = "corpus"\nlocales-dir = "locales"\nglossary = {json.dumps(str(ROOT / "glossary"))}\n',
        encoding="utf-8",
    )
    return root


# -- 1. one count: check, stats and the report ---------------------------------------------------


def test_check_stats_and_report_count_the_same_errors_and_warnings(project):
    (project / "corpus" / "x.txt").write_text(SOURCE + "\n", encoding="utf-8")
    other = SOURCE.replace("killed", "wounded")
    write_catalog(
        project / "locales" / "ru" / "LC_MESSAGES" / "x.po",
        "ru",
        [
            (SOURCE, "В 1992 году 613 человек были убиты, 1 257 взяты в заложники.", False),  # translated: error
            (other, "В 1993 году 613 человек были ранены, 1 275 взяты в заложники.", True),  # fuzzy: warning
        ],
    )
    check = l10n("check", "--format", "json", cwd=project)
    assert check.returncode == 1, check.stderr
    summary = json.loads(check.stdout)["summary"]
    assert summary["by_rule"] == {"number-mismatch": 2}
    assert (summary["errors"], summary["warnings"]) == (1, 1)

    stats = l10n("stats", "--format", "json", cwd=project)
    assert stats.returncode == 0, stats.stderr
    table = json.loads(stats.stdout)
    row = table["locales"]["ru"]["documents"]["x"]
    assert (row["errors"], row["warnings"]) == (summary["errors"], summary["warnings"])
    assert table["checks"] == {"errors": summary["errors"], "warnings": summary["warnings"]}
    assert l10n("stats", cwd=project).stdout.splitlines()[2].split()[-1] == "1"  # the text table's error column

    assert l10n("report", "--out", "report.html", cwd=project).returncode == 0
    page = (project / "report.html").read_text(encoding="utf-8")
    assert "check findings: 1 error, 1 warning</p>" in page
    assert "2 check findings (1 error, 1 warning)" in page


# -- 2. paths relative to the working directory ---------------------------------------------------


def _outputs(project: Path, *paths: Path) -> dict[str, str]:
    outputs = {}
    for output_format in formats.FORMATS:
        result = l10n("check", *map(str, paths), "--format", output_format, cwd=project)
        assert result.returncode == 1, result.stderr
        outputs[output_format] = result.stdout
    return outputs


def _paths(output_format: str, output: str) -> list[str]:
    if output_format == "text":
        return [line.split(":", 1)[0] for line in output.splitlines()[:-1]]
    if output_format == "json":
        return [f["path"] for f in json.loads(output)["findings"]]
    if output_format == "github":
        return [line.split("file=", 1)[1].split(",line=", 1)[0] for line in output.splitlines()]
    return [case.get("name") for case in ElementTree.fromstring(output.encode("utf-8")).iter("testcase")]


def test_a_file_given_by_absolute_path_is_shown_relative_to_the_working_directory(project):
    source = project / "corpus" / "x.txt"
    source.write_text(FORBIDDEN, encoding="utf-8")
    for output_format, output in _outputs(project, source.resolve()).items():
        assert _paths(output_format, output) == ["corpus/x.txt"], output_format
        assert str(project) not in output, output_format
    outputs = _outputs(project, project / "corpus" / ".." / "corpus" / "x.txt")
    assert outputs["github"].startswith("::error file=corpus/x.txt,line=1,col=13,title=forbidden-variant::")
    assert outputs["text"].startswith("corpus/x.txt:1:13: error: ")


def test_a_file_outside_the_working_directory_is_shown_absolute(project, tmp_path):
    outside = tmp_path / "elsewhere" / "y.txt"
    outside.parent.mkdir()
    outside.write_text(FORBIDDEN, encoding="utf-8")
    (project / "corpus" / "x.txt").write_text(FORBIDDEN, encoding="utf-8")
    for output_format, output in _outputs(project, outside, project / "corpus" / "x.txt").items():
        assert sorted(_paths(output_format, output)) == sorted([str(outside.resolve()), "corpus/x.txt"]), output_format


def test_display_path_tries_symbolic_links_both_ways(tmp_path, monkeypatch):
    (tmp_path / "real" / "corpus").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert formats.display_path(tmp_path / "real" / "corpus" / "x.txt", cwd=tmp_path / "link") == "corpus/x.txt"
    assert formats.display_path(tmp_path / "link" / "corpus" / "x.txt", cwd=tmp_path / "real") == "corpus/x.txt"
    assert formats.display_path("/elsewhere/x.txt", cwd=tmp_path) == "/elsewhere/x.txt"
    monkeypatch.chdir(tmp_path / "real")  # a relative path is relative to the process's directory
    assert formats.display_path("./corpus/../corpus/x.txt") == "corpus/x.txt"
    assert formats.display_path("../outside.txt") == str(tmp_path / "outside.txt")


# -- 3. JUnit: a test case per file, readable, well-formed; "1 error", "2 errors" -----------------


def _junit(project: Path, *paths: str) -> ElementTree.Element:
    result = l10n("check", *paths, "--format", "junit", "--out", "junit.xml", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    return ElementTree.parse(project / "junit.xml").getroot()


def test_junit_has_one_test_case_per_checked_file_clean_ones_passing(project):
    corpus = project / "corpus"
    (corpus / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (corpus / "one.txt").write_text(FORBIDDEN, encoding="utf-8")
    (corpus / "two.txt").write_text(FORBIDDEN + "\n" + FORBIDDEN, encoding="utf-8")
    write_catalog(project / "locales" / "ru.po", "ru", [(SOURCE, "В 1993 году 613 человек, 1 275.", True)])
    suite = _junit(project, "corpus", str((project / "locales" / "ru.po").resolve()))
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert sorted(cases) == ["corpus/clean.txt", "corpus/one.txt", "corpus/two.txt", "locales/ru.po"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "0")
    assert cases["corpus/one.txt"].get("classname") == "l10n.check.corpus.one_txt"
    assert cases["locales/ru.po"].get("classname") == "l10n.check.locales.ru_po"
    assert list(cases["corpus/clean.txt"]) == []  # passing, nothing to say
    assert cases["corpus/one.txt"].find("failure").get("message") == "1 error, 0 warnings: forbidden-variant"
    assert cases["corpus/two.txt"].find("failure").get("message").startswith("2 errors, ")
    assert cases["corpus/two.txt"].find("failure").text.count("corpus/two.txt:") == 2
    ru = cases["locales/ru.po"]
    assert ru.find("failure") is None and "number-mismatch" in ru.find("system-out").text
    assert suite.find("system-out").text == "3 errors, 1 warning in 3 documents and 1 catalog"


def test_junit_is_well_formed_whatever_the_messages_hold():
    nasty = 'a \x01 b \x1b[31m <tag> & "quoted" ]]> \ud800 end'
    finding = Finding("corpus/x.txt", 2, 3, "forbidden-variant", "error", nasty, found="\x0c")
    result = CheckResult((finding,), 1, 0, ("corpus/x.txt", "corpus/\x02.txt"))
    suite = ElementTree.fromstring(formats.as_junit(result, cwd=".").encode("utf-8"))
    failure = suite.find("testcase/failure")
    assert '<tag> & "quoted" ]]>' in failure.text and "\\x01" in failure.text and "\\ud800" in failure.text
    assert [case.get("name") for case in suite.iter("testcase")] == ["corpus/x.txt", "corpus/\\x02.txt"]


@pytest.mark.parametrize(
    "errors, warnings, expected",
    [
        (1, 0, "1 error, 0 warnings in 1 document and 0 catalogs"),
        (2, 1, "2 errors, 1 warning in 1 document and 0 catalogs"),
    ],
)
def test_the_text_summary_says_1_error_2_errors(errors, warnings, expected):
    findings = tuple(Finding("x.txt", i + 1, 1, "r", "error" if i < errors else "warning", "m") for i in range(errors + warnings))
    assert formats.as_text(CheckResult(findings, 1, 0, ("x.txt",))).splitlines()[-1] == expected


def test_check_with_out_writes_the_report_and_prints_the_summary(project):
    (project / "corpus" / "x.txt").write_text(CLEAN, encoding="utf-8")
    result = l10n("check", "corpus", "--format", "json", "--out", "out/check.json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 errors, 0 warnings in 1 document and 0 catalogs; report in out/check.json"
    assert json.loads((project / "out" / "check.json").read_text(encoding="utf-8"))["summary"]["errors"] == 0
