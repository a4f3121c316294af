"""``python -m benchmarks [--quick] [--only NAME,...] [--out FILE]``: run the benchmarks, print a table
per benchmark, and write every figure to ``benchmarks/results.json`` (``results-quick.json`` with
``--quick``, so a smoke run never overwrites the full-size figures).  With ``--only``, the other
benchmarks' sections already in the results file are kept.

Every figure is a ratio against a baseline measured in the same run, printed with its sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import bench_catalog, bench_check, bench_cluster, bench_gettext, bench_glossary, bench_limits, bench_mt, bench_scale, bench_startup
from .common import ROOT, fmt, table

HERE = Path(__file__).resolve().parent
# Start-up first: it wants an idle machine, and later benchmarks leave caches warm.
BENCHMARKS = {
    "startup": bench_startup,
    "glossary": bench_glossary,
    "catalog": bench_catalog,
    "gettext": bench_gettext,
    "check": bench_check,
    "scale": bench_scale,
    "limits": bench_limits,
    "mt": bench_mt,
    "cluster": bench_cluster,
}
TITLES = {
    "startup": "4. Start-up: l10n --help, l10n check on one small file, l10n stats (warm and cold user cache)",
    "glossary": "1. Glossary check throughput (pipeline vs one regex per term)",
    "catalog": "3. Catalog scale: extract + update",
    "gettext": "6. Catalog work beside GNU gettext: update from scratch vs msginit, forced merge vs msgmerge",
    "mt": "2. Machine-translation throughput (random-weight model of Argos shape)",
    "cluster": "9. Machine translation past one translator: local replicas and a 2-worker Ray cluster; 10 and 100 nodes estimated",
    "check": "7. l10n check on drafted catalogs beside translate-toolkit's pofilter (CPU seconds)",
    "scale": "8. l10n update and l10n run --engine pseudo at scale: peak memory and time per document, 100 vs 1,000 documents",
    "limits": "5. Inputs that never finished: a 50 MB document on one line and in paragraphs; overlap validation",
}
COLUMNS = {
    "startup": [("case", "case"), ("s", "seconds"), ("ratio", "× python"), ("cpu", "CPU s"), ("cpu_ratio", "CPU × python"), ("note", "")],
    "glossary": [("case", "case"), ("words", "words timed"), ("wps", "words/s"), ("ratio", "× naive"), ("peak", "peak MB"), ("note", "")],
    "catalog": [("case", "case"), ("s", "seconds"), ("ratio", "× first run"), ("note", "")],
    "gettext": [("case", "case"), ("s", "seconds"), ("ratio", "× gettext"), ("note", "")],
    "mt": [("case", "case"), ("s", "seconds"), ("sps", "sentences/s"), ("tps", "target tok/s"), ("ratio", "× raw"), ("note", "")],
    "cluster": [("case", "case"), ("s", "seconds"), ("sps", "sentences/s"), ("ratio", "× single"), ("note", "")],
    "check": [("case", "case"), ("cpu", "CPU s"), ("ratio", "× pofilter"), ("note", "")],
    "scale": [
        ("case", "case"),
        ("s", "seconds"),
        ("s_doc", "s/doc"),
        ("cpu_doc", "CPU s/doc"),
        ("peak", "peak MB"),
        ("ratio", "peak × small"),
        ("note", ""),
    ],
    "limits": [("case", "case"), ("mb", "MB"), ("s", "seconds"), ("peak", "peak MB"), ("ratio", "× 1/10"), ("note", "")],
}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small smoke sizes (about a minute)")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/results.json, results-quick.json with --quick)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    out = args.out or HERE / ("results-quick.json" if args.quick else "results.json")
    meta = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "commit": _commit(),
    }
    print(
        f"l10n benchmarks ({'quick' if args.quick else 'full'} size) — {meta['cpu_count']} CPUs, "
        f"Python {meta['python']}, {meta['platform']}, commit {meta['commit'] or '?'}"
    )
    results: dict = {"meta": meta}
    if out.exists() and set(names) != set(BENCHMARKS):
        # A partial run updates its sections and keeps the others (each section has its own "run").
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
        if previous.get("meta", {}).get("quick") == args.quick:
            results.update({k: v for k, v in previous.items() if k in BENCHMARKS and k not in names})
    started = time.perf_counter()
    for name in [n for n in BENCHMARKS if n in names]:
        module = BENCHMARKS[name]
        print(f"\n{TITLES[name]}")
        begin = time.perf_counter()
        result = module.run(args.quick, log=lambda message: print(message, flush=True))
        result["elapsed_s"] = time.perf_counter() - begin
        result["run"] = {k: meta[k] for k in ("date", "commit", "cpu_count")}
        results[name] = result
        for line in table(module.rows(result), COLUMNS[name]):
            print("  " + line)
        for target, state in result.get("targets", {}).items():
            print(f"  target: {target}: {state}")
        summary = result.get("summary")
        if summary:
            print("  " + ", ".join(f"{k} = {fmt(v)}" for k, v in summary.items() if k != "targets"))
            for target, state in summary.get("targets", {}).items():
                print(f"  target: {target}: {state}")
        print(f"  ({result['elapsed_s']:.0f} s)")
    meta["elapsed_s"] = time.perf_counter() - started
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    print(f"\nresults: {out} ({meta['elapsed_s']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
