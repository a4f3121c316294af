"""Benchmark 8: ``l10n update`` and the whole ``l10n run`` at scale, 100 against 1,000 documents.

A generated project (documents × 100 units from corpus sentences, az, ru and tr, the project's
glossary) is updated from scratch by the real command in a subprocess, at a small and a large
corpus, in the same run; a second copy of each gets the whole job from scratch,
``l10n run --engine pseudo`` (update, drafts, checks, bundles, stats, report).  The child's
peak resident size is the largest of the process and of its worker processes (``os.wait4`` in
a small launcher: :func:`benchmarks.bench_limits.measure`).

Targets (issue 16), for each command: the large corpus's peak ≤ 1.2× the small one's (memory
depends on the largest document, not on the corpus), and its time per document ≤ 1.2× too.
Time per document is judged on CPU seconds (every process's): on a shared machine the wall time grows with the
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


#: The commands measured: a name, the arguments, and the exit codes that mean it completed
#: (``run`` exits 1 when the checks find errors, as they do in generated text).
COMMANDS = {"update": (["update"], (0,)), "run": (["run", "--engine", "pseudo"], (0, 1))}


def measure_command(command: str, documents: int, tmp: Path) -> dict:
    """``command`` from scratch on a new project of ``documents`` documents: the launcher's figures."""
    from .bench_limits import measure

    argv, completed = COMMANDS[command]
    root = project(tmp / f"{command}-{documents}", documents)
    result = measure(argv, root, TIMEOUT)
    if result["exit"] not in completed:
        raise RuntimeError(f"l10n {' '.join(argv)} exited {result['exit']}: {result['stderr']}")
    written = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))
    return {
        **result,
        "command": command,
        "documents": documents,
        "catalogs": len(written),
        "s_per_doc": result["s"] / documents,
        "cpu_per_doc": result["cpu_s"] / documents,
    }


def run(quick: bool, log=print) -> dict:
    small, large = QUICK_SIZES if quick else FULL_SIZES
    result: dict = {"units": UNITS, "locales": len(LOCALES), "runs": [], "targets": {}}
    times = f"{large // small}× the documents"
    with tempfile.TemporaryDirectory(prefix="l10n-bench-scale-") as tmp:
        for command in COMMANDS:
            pair = []
            for documents in (small, large):
                shape = f"{documents:,} documents × {UNITS} units × {len(LOCALES)} locales"
                log(f"  {shape}: l10n {' '.join(COMMANDS[command][0])} from scratch ...")
                pair.append(measure_command(command, documents, Path(tmp)))
            result["runs"].extend(pair)
            first, second = pair
            ratios = {
                "peak_ratio": second["peak_mb"] / first["peak_mb"],
                "cpu_per_doc_ratio": second["cpu_per_doc"] / first["cpu_per_doc"],
                "s_per_doc_ratio": second["s_per_doc"] / first["s_per_doc"],
            }
            result[command] = ratios
            result["targets"][f"{command}: peak memory, {times} <= {TARGET}x"] = verdict(ratios["peak_ratio"], TARGET, False)
            result["targets"][f"{command}: CPU time per document, {times} <= {TARGET}x"] = verdict(
                ratios["cpu_per_doc_ratio"], TARGET, False
            )
    return result


def rows(result: dict) -> list[dict]:
    out = []
    for run_ in result["runs"]:
        command = run_.get("command", "update")
        first = next(r for r in result["runs"] if r.get("command", "update") == command)
        name = "update from scratch" if command == "update" else "run --engine pseudo from scratch"
        out.append(
            {
                "case": f"{name}, {run_['documents']:,} docs",
                "s": run_["s"],
                "s_doc": run_["s_per_doc"],
                "cpu_doc": run_["cpu_per_doc"],
                "peak": run_["peak_mb"],
                "ratio": run_["peak_mb"] / first["peak_mb"],
                "note": f"× {result['units']} units × {result['locales']} locales; {run_['catalogs']:,} catalogs; "
                f"CPU/doc × {run_['cpu_per_doc'] / first['cpu_per_doc']:.2f}, wall/doc × {run_['s_per_doc'] / first['s_per_doc']:.2f}"
                + (f"; exit {run_['exit']}" if command == "run" else ""),
            }
        )
    return out
