"""Benchmark 8: ``l10n update`` at scale — peak memory and time per document, 100 against 1,000 documents.

A generated project (documents × 100 units from corpus sentences, az, ru and tr, the project's
glossary) is updated from scratch by the real command in a subprocess, at a small and a large
corpus, in the same run.  The child's peak resident size is the largest of the process and of
its worker processes (``os.wait4`` in a small launcher: :func:`benchmarks.bench_limits.measure`).

Targets (issue 16): the large corpus's peak ≤ 1.2× the small one's (memory depends on the
largest document, not on the corpus), and its time per document ≤ 1.2× too.  Time per document
is judged on CPU seconds (every process's): on a shared machine the wall time grows with the
others' load; the wall time is shown beside it.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from .common import verdict

LOCALES = ("az", "ru", "tr")
UNITS = 100
FULL_SIZES = (100, 1_000)
QUICK_SIZES = (5, 20)
TIMEOUT = 3600.0
TARGET = 1.2


def project(root: Path, documents: int) -> Path:
    """A project of ``documents`` generated documents of :data:`UNITS` paragraphs each."""
    from . import data
    from .bench_limits import make_project

    make_project(root, "")
    (root / "corpus" / "doc.txt").unlink()
    rng = random.Random(11)
    for index in range(documents):
        (root / "corpus" / f"doc-{index:04d}.txt").write_text(data.catalog_document(rng, UNITS), encoding="utf-8")
    return root


def update(documents: int, tmp: Path) -> dict:
    """``l10n update`` from scratch on a new project of ``documents`` documents: the launcher's figures."""
    from .bench_limits import measure

    root = project(tmp / f"project-{documents}", documents)
    result = measure(["update"], root, TIMEOUT)
    if result["exit"] != 0:
        raise RuntimeError(f"l10n update exited {result['exit']}: {result['stderr']}")
    written = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    return {
        **result,
        "documents": documents,
        "catalogs": len(written),
        "s_per_doc": result["s"] / documents,
        "cpu_per_doc": result["cpu_s"] / documents,
    }


def run(quick: bool, log=print) -> dict:
    small, large = QUICK_SIZES if quick else FULL_SIZES
    runs = []
    with tempfile.TemporaryDirectory(prefix="l10n-bench-scale-") as tmp:
        for documents in (small, large):
            log(f"  {documents:,} documents × {UNITS} units × {len(LOCALES)} locales: l10n update from scratch ...")
            runs.append(update(documents, Path(tmp)))
    first, second = runs
    result = {
        "units": UNITS,
        "locales": len(LOCALES),
        "runs": runs,
        "peak_ratio": second["peak_mb"] / first["peak_mb"],
        "cpu_per_doc_ratio": second["cpu_per_doc"] / first["cpu_per_doc"],
        "s_per_doc_ratio": second["s_per_doc"] / first["s_per_doc"],
    }
    times = f"{large // small}× the documents"
    result["targets"] = {
        f"peak memory, {times} <= {TARGET}x": verdict(result["peak_ratio"], TARGET, False),
        f"CPU time per document, {times} <= {TARGET}x": verdict(result["cpu_per_doc_ratio"], TARGET, False),
    }
    return result


def rows(result: dict) -> list[dict]:
    first = result["runs"][0]
    out = []
    for run_ in result["runs"]:
        out.append(
            {
                "case": f"update from scratch, {run_['documents']:,} docs",
                "s": run_["s"],
                "s_doc": run_["s_per_doc"],
                "cpu_doc": run_["cpu_per_doc"],
                "peak": run_["peak_mb"],
                "ratio": run_["peak_mb"] / first["peak_mb"],
                "note": f"× {result['units']} units × {result['locales']} locales; {run_['catalogs']:,} catalogs; "
                f"CPU/doc × {run_['cpu_per_doc'] / first['cpu_per_doc']:.2f}, wall/doc × {run_['s_per_doc'] / first['s_per_doc']:.2f}",
            }
        )
    return out
