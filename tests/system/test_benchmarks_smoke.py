"""The benchmarks still run (at toy sizes, a few seconds): no timing is asserted here.

What is asserted are the benchmarks' correctness checks, which hold at any size: a no-change
re-run rewrites nothing, and one edited paragraph rewrites exactly its POT and one PO per locale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def test_mt_pairs_alternate_which_side_goes_first():
    from benchmarks import bench_mt

    orders = bench_mt.pair_orders(6)
    assert [first for first, _ in orders] == ["engine", "raw"] * 3
    assert all(sorted(order) == ["engine", "raw"] for order in orders)
    sequence = [side for order in bench_mt.pair_orders(4) for side in order]
    assert sequence == ["engine", "raw", "raw", "engine"] * 2  # ABBA ABBA


def test_mt_ratio_spread_is_median_quartiles_and_range():
    from benchmarks import bench_mt

    spread = bench_mt.spread([1.0, 0.8, 1.2, 0.9, 1.1])
    assert spread == {
        "median": 1.0,
        "q1": 0.9,
        "q3": 1.1,
        "min": 0.8,
        "max": 1.2,
        "median_low": 0.8,
        "median_high": 1.2,
        "median_coverage": 1 - 2 / 32,
        "pairs": 5,
    }
    assert bench_mt.spread([0.97])["q1"] == bench_mt.spread([0.97])["q3"] == 0.97


def test_mt_median_interval_is_the_binomial_order_statistics():
    from benchmarks import bench_mt

    # 12 pairs: x(3)..x(10), P(Binomial(12, 1/2) <= 2) = 79/4096 on each side.
    assert bench_mt.median_interval(list(range(12))) == (2, 9, 1 - 2 * 79 / 4096)
    assert bench_mt.median_interval(list(range(6))) == (0, 5, 1 - 2 / 64)  # the range, at 6 pairs
    assert bench_mt.median_interval(list(range(20)))[:2] == (5, 14)
    tight = bench_mt.spread([0.97, 0.98, 0.99, 1.0, 1.01, 1.02])
    assert bench_mt.told_apart(tight, 0.95).startswith("above")
    assert bench_mt.told_apart(tight, 1.05).startswith("below")
    assert bench_mt.told_apart(tight, 0.99).startswith("within the noise")


def test_mt_raw_chunks_are_the_engines_chunks():
    """The raw baseline cuts its batches with the engine's settings and rule."""
    import random

    from benchmarks import bench_mt
    from pipeline.mt.engines.argos import ArgosEngine

    rng = random.Random(3)
    tokens = [["x"] * rng.randint(1, 120) for _ in range(300)]
    engine = ArgosEngine(Path("/nonexistent"), max_batch=16, max_batch_tokens=512)
    lengths = [len(t) for t in tokens]
    order = sorted(range(len(tokens)), key=lambda i: lengths[i])
    expected = [[len(tokens[i]) for i in chunk] for chunk in engine._chunks(order, lengths)]
    chunks = bench_mt.sorted_chunks(tokens, engine.max_batch, engine.max_batch_tokens)
    assert [[len(t) for t in chunk] for chunk in chunks] == expected


def test_mt_benchmark_runs_interleaved_pairs_at_toy_size(monkeypatch):
    from benchmarks import bench_mt

    if bench_mt.available():
        pytest.skip(bench_mt.available())
    for name, value in {
        "LAYERS": 1,
        "WIDTH": 64,
        "HEADS": 4,
        "FFN": 128,
        "VOCAB": 1_000,
        "SP_VOCAB": 300,
        "QUICK_PARAGRAPHS": 2,
        "QUICK_PAIRS": 2,
    }.items():
        monkeypatch.setattr(bench_mt, name, value)
    result = bench_mt.run(True, log=lambda message: None)
    assert [p["first"] for p in result["pairs"]] == ["engine", "raw"]
    assert result["same_calls"] is True and result["variants"]["engine"]["calls"] >= 1
    spread = result["engine_over_raw_spread"]
    assert spread["pairs"] == 2 and spread["min"] <= spread["median"] <= spread["max"]
    assert result["engine_over_raw"] == spread["median"]
    assert set(result["summary"]) >= {"pairs", "engine/raw median", "quartiles", "range"}
    assert any(t.startswith("engine >= 0.95 x raw") for t in result["targets"])
    assert [r["case"][:3] for r in bench_mt.rows(result)] == ["(a)", "(b)", "(c)"]


def test_check_benchmark_at_toy_size_says_why_pofilter_is_missing(monkeypatch, tmp_path):
    from benchmarks import bench_check

    monkeypatch.setattr(bench_check, "QUICK_DOCUMENTS", 1)
    monkeypatch.setenv("POFILTER", "")
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # no pofilter on it
    result = bench_check.run(True, log=lambda message: None)
    assert result["catalogs"] == 3 + 15  # one generated document and the corpus's five, in three locales
    assert result["check"] > 0 and result["numbers"] > 0
    assert "translate-toolkit is not installed" in result["pofilter_skipped"]
    assert [row["case"] for row in bench_check.rows(result)] == ["l10n check", "number check alone", "pofilter"]


def test_scale_benchmark_at_toy_size(monkeypatch):
    from benchmarks import bench_scale

    monkeypatch.setattr(bench_scale, "QUICK_SIZES", (2, 4))
    monkeypatch.setattr(bench_scale, "UNITS", 5)
    result = bench_scale.run(True, log=lambda message: None)
    runs = [(r["command"], r["documents"], r["catalogs"], r["exit"] in (0, 1)) for r in result["runs"]]
    assert runs == [("update", 2, 6, True), ("update", 4, 12, True), ("run", 2, 6, True), ("run", 4, 12, True)]
    assert [r["exit"] for r in result["runs"][:2]] == [0, 0]  # update finds nothing to fail on; run exits 1 on check errors
    assert all(r["peak_mb"] > 0 and r["cpu_per_doc"] > 0 for r in result["runs"])
    assert sorted(result["targets"]) == [
        f"{command}: {what}, 2× the documents <= 1.2x" for command in ("run", "update") for what in ("CPU time per document", "peak memory")
    ]
    assert set(result["targets"].values()) <= {"met", "MISSED"}
    table = bench_scale.rows(result)
    assert [row["case"] for row in table] == [
        "update from scratch, 2 docs",
        "update from scratch, 4 docs",
        "run --engine pseudo from scratch, 2 docs",
        "run --engine pseudo from scratch, 4 docs",
    ]
    assert [row["ratio"] for row in table][::2] == [1.0, 1.0]  # each command's small corpus is its own baseline
