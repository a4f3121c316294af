"""Benchmark 1: glossary-check throughput and peak memory against the naive regex-per-term check.

A synthetic corpus (corpus paragraphs with injected forbidden variants, glued words and
generated names) is written to a temporary directory as ~5,000-word documents.  For each
glossary size (100, 1,000, 10,000 entries: the real glossary, then generated pseudo-names) a
fresh subprocess measures, streaming the documents one at a time:

* ``matcher``: the pipeline's one-pass :class:`~pipeline.glossary.SourceMatcher` over every
  paragraph of every document (the whole corpus);
* ``checks``: the full ``l10n check`` source path (:func:`pipeline.checks.runner.run_checks`
  per document: read, segment, every source check), within a time budget — when the budget
  runs out before the corpus does, the rate is extrapolated per word (the output says so);
* ``naive``: one compiled ``\\b<form>\\b`` regex per glossary form, every regex applied to
  every paragraph, within a time budget on the first paragraphs of the same corpus
  (extrapolated per word: at 10,000 terms it would take hours on 5 M words).

Peak memory is the worker's ``ru_maxrss`` right after each pipeline pass (a fresh process per
configuration, so one configuration does not inherit another's high-water mark).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from .common import now, peak_rss_mb, run_worker, verdict

SIZES = (100, 1_000, 10_000)
FULL = {"words": 5_000_000, "check_budget": 120.0, "naive_budget": 10.0}
QUICK = {"words": 50_000, "check_budget": 5.0, "naive_budget": 2.0}


def _paragraphs(path: Path) -> list[str]:
    from pipeline.source.corpus import read_document

    return [p for p in read_document(path).text.split("\n\n") if p.strip()]


def worker(terms: int, docs: Path, check_budget: float, naive_budget: float) -> dict:
    """Measure one glossary size over the documents in ``docs``; return a JSON-able dict."""
    from pipeline.checks.runner import run_checks
    from pipeline.checks.words import english_words
    from pipeline.glossary import source_matcher
    from pipeline.glossary.hints import multiword_names

    from . import data

    paths = sorted(docs.glob("*.txt"))
    result: dict = {"terms": terms, "documents": len(paths)}
    start = now()
    glossary = data.glossary_of_size(terms)
    result["glossary_build_s"] = now() - start
    forms = data.forms_of(glossary)
    result["forms"] = len(forms)
    start = now()
    matcher = source_matcher(glossary)
    result["matcher_compile_s"] = now() - start
    english_words()  # the glued-word dictionary: a one-off load, not per word
    result["rss_before_mb"] = peak_rss_mb()

    # The pipeline's matcher over every paragraph of every document, one document at a time.
    words = matches = 0
    elapsed = 0.0
    for path in paths:
        paragraphs = _paragraphs(path)
        words += sum(len(p.split()) for p in paragraphs)
        start = now()
        for paragraph in paragraphs:
            matches += len(matcher.find(paragraph))
        elapsed += now() - start
    result.update(
        matcher_words=words, matcher_s=elapsed, matcher_wps=words / elapsed, matcher_matches=matches, matcher_peak_mb=peak_rss_mb()
    )

    # The full check path (`l10n check` on the documents), streamed, within the budget.
    names = multiword_names(glossary)
    findings: list = []
    words = documents = 0
    start = now()
    for path in paths:
        findings.extend(run_checks([path], glossary, names).findings)
        words += sum(len(p.split()) for p in _paragraphs(path))
        documents += 1
        if now() - start > check_budget:
            break
    elapsed = now() - start
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    result.update(
        checks_words=words,
        checks_documents=documents,
        checks_s=elapsed,
        checks_wps=words / elapsed,
        checks_complete=documents == len(paths),
        checks_findings=dict(sorted(by_rule.items())),
        checks_peak_mb=peak_rss_mb(),
    )
    del findings

    # The naive approach: one regex per form, each applied to every paragraph; a subsample.
    start = now()
    regexes = [re.compile(r"\b" + re.escape(form) + r"\b") for form in forms]
    result["naive_compile_s"] = now() - start
    words = matches = 0
    start = now()
    done = False
    for path in paths:
        for paragraph in _paragraphs(path):
            for regex in regexes:
                for _ in regex.finditer(paragraph):
                    matches += 1
            words += len(paragraph.split())
            if now() - start > naive_budget:
                done = True
                break
        if done:
            break
    elapsed = now() - start
    result.update(naive_words=words, naive_s=elapsed, naive_wps=words / elapsed, naive_matches=matches)
    return result


def run(quick: bool, log=print) -> dict:
    """Generate the corpus, run one worker per glossary size, and compute the ratios."""
    from . import data

    sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="l10n-bench-glossary-") as tmp:
        docs = Path(tmp) / "docs"
        start = now()
        corpus = data.write_documents(docs, sizes["words"])
        corpus["generate_s"] = now() - start
        log(
            f"  corpus: {corpus['documents']:,} documents, {corpus['words']:,} words, "
            f"{corpus['bytes'] / 1e6:.1f} MB (generated in {corpus['generate_s']:.1f} s)"
        )
        configs = []
        for terms in SIZES:
            log(f"  {terms:,} terms ...")
            configs.append(
                run_worker(
                    "benchmarks.bench_glossary",
                    [
                        "worker",
                        "--terms",
                        str(terms),
                        "--docs",
                        str(docs),
                        "--check-budget",
                        str(sizes["check_budget"]),
                        "--naive-budget",
                        str(sizes["naive_budget"]),
                    ],
                    timeout=3600,
                )
            )
    for config in configs:
        config["matcher_vs_naive"] = config["matcher_wps"] / config["naive_wps"]
        config["checks_vs_naive"] = config["checks_wps"] / config["naive_wps"]
        config["naive_extrapolated_s"] = corpus["words"] / config["naive_wps"]
        config["checks_extrapolated_s"] = corpus["words"] / config["checks_wps"]
    small, large = configs[0], configs[-1]
    summary = {
        "matcher_vs_naive_at_10k": large["matcher_vs_naive"],
        "checks_vs_naive_at_10k": large["checks_vs_naive"],
        "matcher_time_10k_over_100": small["matcher_wps"] / large["matcher_wps"],
        "checks_time_10k_over_100": small["checks_wps"] / large["checks_wps"],
        "matcher_peak_mb_max": max(c["matcher_peak_mb"] for c in configs),
        "checks_peak_mb_max": max(c["checks_peak_mb"] for c in configs),
    }
    summary["targets"] = {
        "matcher >= 50x naive at 10k terms": verdict(summary["matcher_vs_naive_at_10k"], 50),
        "matcher: 10k terms <= 2x the time of 100": verdict(summary["matcher_time_10k_over_100"], 2, False),
        "checks: 10k terms <= 2x the time of 100": verdict(summary["checks_time_10k_over_100"], 2, False),
        "matcher peak < 300 MB": verdict(summary["matcher_peak_mb_max"], 300, False),
        "checks peak < 300 MB": verdict(summary["checks_peak_mb_max"], 300, False),
    }
    return {"corpus": corpus, "configs": configs, "summary": summary, "sizes": sizes}


def rows(result: dict) -> list[dict]:
    """Table rows: one per glossary size and approach."""
    out = []
    words = result["corpus"]["words"]
    for c in result["configs"]:
        out.append(
            {
                "case": f"{c['terms']:,} terms: matcher",
                "words": c["matcher_words"],
                "wps": c["matcher_wps"],
                "ratio": c["matcher_vs_naive"],
                "peak": c["matcher_peak_mb"],
                "note": f"{c['forms']:,} forms; whole corpus",
            }
        )
        note = "whole corpus" if c["checks_complete"] else f"budget: {c['checks_words']:,} of {words:,} words, extrapolated"
        out.append(
            {
                "case": f"{c['terms']:,} terms: l10n check path",
                "words": c["checks_words"],
                "wps": c["checks_wps"],
                "ratio": c["checks_vs_naive"],
                "peak": c["checks_peak_mb"],
                "note": note,
            }
        )
        out.append(
            {
                "case": f"{c['terms']:,} terms: naive regex/term",
                "words": c["naive_words"],
                "wps": c["naive_wps"],
                "ratio": 1.0,
                "peak": None,
                "note": f"subsample, extrapolated: {c['naive_extrapolated_s']:,.0f} s for {words:,} words",
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_glossary")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("worker")
    w.add_argument("--terms", type=int, required=True)
    w.add_argument("--docs", type=Path, required=True)
    w.add_argument("--check-budget", type=float, required=True)
    w.add_argument("--naive-budget", type=float, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(worker(args.terms, args.docs, args.check_budget, args.naive_budget)))


if __name__ == "__main__":
    sys.exit(main())
