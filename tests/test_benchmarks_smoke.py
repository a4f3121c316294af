"""The benchmarks still run (at toy sizes, a few seconds): no timing is asserted here.

What is asserted are the benchmarks' correctness checks, which hold at any size: a no-change
re-run rewrites nothing, and one edited paragraph rewrites exactly its POT and one PO per locale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import __main__ as bench_main  # noqa: E402
from benchmarks import bench_catalog, bench_glossary, data  # noqa: E402


def test_catalog_benchmark_and_the_results_file(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench_catalog, "QUICK_DOCUMENTS", 3)
    monkeypatch.setattr(bench_catalog, "UNITS", 12)
    out = tmp_path / "results.json"
    assert bench_main.main(["--quick", "--only", "catalog", "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["meta"]["cpu_count"] and results["meta"]["quick"] is True
    catalog = results["catalog"]
    assert catalog["documents"] == 3 and catalog["units"] == 36 and catalog["first"]["catalogs_written"] == 9
    assert catalog["targets"]["no-change re-run rewrites nothing"] == "met"
    assert catalog["targets"]["one edit rewrites exactly its POT + one PO per locale"] == "met", catalog["edit"]
    printed = capsys.readouterr().out
    assert "no-change re-run" in printed and "× first run" in printed


def test_glossary_benchmark_at_toy_size(monkeypatch):
    monkeypatch.setattr(bench_glossary, "SIZES", (100, 300))
    monkeypatch.setattr(bench_glossary, "QUICK", {"words": 4_000, "check_budget": 5.0, "naive_budget": 0.5})
    result = bench_glossary.run(True, log=lambda message: None)
    assert [c["terms"] for c in result["configs"]] == [100, 300]
    for config in result["configs"]:
        assert config["matcher_words"] == result["corpus"]["words"] >= 4_000
        assert config["matcher_matches"] > 0 and config["naive_matches"] > 0
        assert config["checks_findings"].get("forbidden-variant", 0) > 0
    assert len(bench_glossary.rows(result)) == 6


def test_generated_glossaries_are_valid_and_of_the_requested_size():
    from pipeline.glossary import SourceMatcher

    for size in (100, 1_000):
        glossary = data.glossary_of_size(size)
        assert len(glossary) == size and len({t.id for t in glossary}) == size
    glossary = data.glossary_of_size(1_000)
    generated = glossary.terms[-1]
    text = f"The delegation of {generated.term} met {generated.forbidden[0].form}."
    kinds = [m.kind for m in SourceMatcher(glossary).find(text)]
    assert kinds == ["canonical", "forbidden"]


def test_mt_benchmark_reports_why_it_is_skipped_or_can_run():
    from benchmarks import bench_mt

    reason = bench_mt.available()
    assert reason is None or reason.startswith("skipped: MT not installed")
    if reason:
        pytest.skip(reason)
    assert bench_mt.decoded_length(10) == 12
