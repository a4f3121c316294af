"""The finding spool: every finding back, in the report's order, with memory that does not grow with their number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.tally import FileFindings, count_findings
from pipeline.core.model import Finding
from pipeline.outputs.finding_spool import FindingSpool
from pipeline.outputs.report import render_report, report_order, report_parts

# Few distinct values, so equal sort keys (kept in the order added) are common.
findings_strategy = st.builds(
    Finding,
    path=st.sampled_from(["corpus/a.txt", "locales/az/LC_MESSAGES/a.po", "locales/ru/LC_MESSAGES/b.po", "x/\udcff.po", "x/é.po", "x/z.po"]),
    line=st.integers(1, 4),
    column=st.integers(1, 3),
    rule=st.sampled_from(["missing-rendering", "number-mismatch", "glued-word"]),
    severity=st.sampled_from(["error", "warning", "info"]),
    message=st.sampled_from(["m", "n", "Ə", "\U0001f600"]),
    found=st.text(max_size=3),
    suggestion=st.none() | st.text(max_size=3),
    locale=st.sampled_from([None, "", "az", "ru", "tr"]),
    msgid=st.none() | st.text(max_size=5),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(findings_strategy, max_size=40), st.sampled_from([1, 7, 10_000]))
def test_findings_come_back_as_a_stable_sort_in_report_order_in_memory_or_on_disk(tmp_path_factory, findings, spill_at):
    report = tmp_path_factory.mktemp("build") / "report.html"
    with FindingSpool(report, spill_at=spill_at) as spool:
        spool.extend(findings[:5])
        spool.add(FileFindings(Path("a.po"), True, findings[5:], [findings[0]] if findings else []))  # silenced: not reported
        back = list(spool.in_report_order())
    assert back == sorted(findings, key=report_order)
    assert list(report.parent.iterdir()) == []  # the table is gone with the spool


def test_few_findings_stay_in_memory_and_many_go_to_one_temporary_beside_the_report(tmp_path):
    one = Finding("a.po", 1, 1, "r", "error", "m")
    with FindingSpool(tmp_path / "report.html", spill_at=3) as spool:
        spool.extend([one, one])
        assert not spool.on_disk and list(tmp_path.iterdir()) == []
        spool.extend([one])
        assert spool.on_disk and spool.count == 3
        (table,) = tmp_path.iterdir()
        assert table.name.startswith(".l10n-tmp-report.html.") and table.name.endswith(".tmp")
    assert list(tmp_path.iterdir()) == []


def test_an_error_while_spooling_removes_the_table(tmp_path):
    one = Finding("a.po", 1, 1, "r", "error", "m")
    with pytest.raises(RuntimeError), FindingSpool(tmp_path / "report.html", spill_at=1) as spool:
        spool.extend([one])
        raise RuntimeError("a bad catalog")
    assert list(tmp_path.iterdir()) == []


def test_reading_in_order_walks_the_index_and_never_sorts_in_memory(tmp_path):
    with FindingSpool(tmp_path / "report.html", spill_at=1) as spool:
        spool.extend([Finding("a.po", 1, 1, "r", "error", "m")])
        (table,) = tmp_path.iterdir()
        plan = sqlite3.connect(table).execute(
            "EXPLAIN QUERY PLAN SELECT finding FROM findings ORDER BY severity, locale, path, line, col, rule, message"
        )
        details = " ".join(row[-1] for row in plan)
    assert "report_order" in details and "TEMP B-TREE" not in details


def test_the_page_made_from_the_spool_is_the_page_render_report_makes(tmp_path):
    findings = [
        Finding("locales/ru/LC_MESSAGES/b.po", 3, 1, "number-mismatch", "warning", "1992 lost", locale="ru", msgid="In 1992"),
        Finding("locales/az/LC_MESSAGES/a.po", 9, 2, "missing-rendering", "error", "term <Khojaly>", locale="az", msgid="x & y"),
        Finding("corpus/a.txt", 1, 1, "glued-word", "error", "glued"),
    ]
    stats = {"locales": {"az": {"total": {"units": 1}, "documents": {"a": {"units": 1}}}}}
    with FindingSpool(tmp_path / "report.html", spill_at=1) as spool:
        spool.extend(findings)
        page = "".join(report_parts(stats, spool.in_report_order(), count_findings(findings)))
    assert page == render_report(stats, findings)
