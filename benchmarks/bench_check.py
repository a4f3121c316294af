"""Benchmark 7 (``--only check``; alone: ``python -m benchmarks.bench_check [DOCUMENTS]``): ``l10n check``
on pseudo-draft catalogs beside pofilter.

Builds a temporary project of DOCUMENTS generated documents (100 units each, the committed
corpus and glossary, 3 locales), runs ``l10n extract``, ``update`` and ``translate --engine
pseudo``, then measures in the same run, in CPU seconds (user + system of the child process):

* ``l10n check`` on every catalog, and the number check alone (in-process, catalogs read first);
* translate-toolkit's ``pofilter --test=numbers`` and ``pofilter`` (default tests) on the same
  catalogs, when ``pofilter`` is found (``$POFILTER`` or the PATH).  translate-toolkit is not a
  project dependency: install it in a separate venv to compare; otherwise those rows are skipped
  with the reason printed.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import data
from .common import ROOT, verdict

LOCALES = ("az", "ru", "tr")


def _cpu(command: list[str], cwd: Path, exits: tuple[int, ...] = (0, 1)) -> float:
    """CPU seconds (user + system) of one child command run to completion.

    A command that ends with another exit code than ``exits`` (0: clean, 1: findings) did not do
    the work being timed, so its time is no figure: that is an error.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in exits:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode(errors='replace').strip()[:300]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _project(directory: Path, documents: int) -> None:
    """A copy of the project's corpus, glossary and settings with ``documents`` generated documents, drafted."""
    for name in ("corpus", "glossary", "locales"):
        shutil.copytree(ROOT / name, directory / name)
    shutil.copy(ROOT / "pyproject.toml", directory)
    rng = random.Random(5)
    for index in range(documents):
        (directory / "corpus" / f"doc-{index:04d}.txt").write_text(data.catalog_document(rng, 100), encoding="utf-8")
    for step in (["extract"], ["update"], ["translate", "--engine", "pseudo"]):
        subprocess.run([sys.executable, "-m", "pipeline", *step], cwd=directory, capture_output=True, check=True)


def _number_check_cpu(directory: Path) -> tuple[float, int]:
    """CPU seconds of the number check alone over every catalog (read beforehand), and its findings."""
    from pipeline.catalogs.language import catalog_locale
    from pipeline.checks.catalog_checks import number_mismatch
    from pipeline.checks.registry import CatalogContext
    from pipeline.catalogs.pofiles import read_po

    catalogs = [(p, read_po(p)) for p in sorted((directory / "locales").glob("*/LC_MESSAGES/*.po"))]
    start, findings = time.process_time(), 0
    for path, po in catalogs:
        ctx = CatalogContext(str(path), po, catalog_locale(path, po.metadata), None)
        findings += sum(1 for _ in number_mismatch(ctx))
    return time.process_time() - start, findings


FULL_DOCUMENTS = 335  # 1 005 catalogs: the size the issue measured pofilter on
QUICK_DOCUMENTS = 3


def measure(documents: int, log=print) -> dict:
    """``l10n check``, the number check alone and (when installed) pofilter, on one drafted project."""
    pofilter = os.environ.get("POFILTER") or shutil.which("pofilter")
    with tempfile.TemporaryDirectory(prefix="l10n-bench-check-") as tmp:
        directory = Path(tmp)
        log(f"  {documents} documents × 100 units × {len(LOCALES)} locales: extract, update, pseudo drafts ...")
        _project(directory, documents)
        catalogs = len(list((directory / "locales").glob("*/LC_MESSAGES/*.po")))
        log(f"  l10n check on {catalogs} catalogs ...")
        result = {
            "documents": documents,
            "catalogs": catalogs,
            "check": _cpu([sys.executable, "-m", "pipeline", "check", "--format", "json", "locales"], directory),
        }
        result["numbers"], result["number_findings"] = _number_check_cpu(directory)
        if pofilter is None:
            result["pofilter_skipped"] = (
                "translate-toolkit is not installed (not a project dependency): set $POFILTER or put pofilter on the PATH to compare"
            )
        else:
            for key, tests in (("pofilter_numbers", ["--test=numbers"]), ("pofilter", [])):
                log(f"  pofilter {' '.join(tests) or '(default tests)'} ...")
                result[key] = sum(
                    _cpu(
                        [pofilter, "--progress=none", *tests, f"locales/{locale}", "-o", str(directory / f"out-{key}-{locale}")], directory
                    )
                    for locale in LOCALES
                )
    if "pofilter" in result:
        result["check_ratio"] = result["check"] / result["pofilter"]
        result["numbers_ratio"] = result["numbers"] / result["pofilter_numbers"]
        result["targets"] = {
            "check <= 1.0x pofilter (default tests)": verdict(result["check_ratio"], 1.0, False),
            "number check <= 2.0x pofilter --test=numbers": verdict(result["numbers_ratio"], 2.0, False),
        }
    return result


def run(quick: bool, log=print) -> dict:
    """The benchmark as ``python -m benchmarks`` runs it (CPU seconds; ratios against pofilter)."""
    return measure(QUICK_DOCUMENTS if quick else FULL_DOCUMENTS, log)


def rows(result: dict) -> list[dict]:
    size = f"{result['catalogs']} catalogs"
    table = [
        {
            "case": "l10n check",
            "cpu": result["check"],
            "ratio": result.get("check_ratio"),
            "note": f"{size}; ratio column: × pofilter (default tests)",
        },
        {
            "case": "number check alone",
            "cpu": result["numbers"],
            "ratio": result.get("numbers_ratio"),
            "note": f"{result['number_findings']} findings; ratio column: × pofilter --test=numbers",
        },
    ]
    if "pofilter" in result:
        table += [
            {"case": "pofilter (default tests)", "cpu": result["pofilter"], "ratio": 1.0, "note": "translate-toolkit"},
            {"case": "pofilter --test=numbers", "cpu": result["pofilter_numbers"], "ratio": 1.0, "note": "translate-toolkit"},
        ]
    else:
        table.append({"case": "pofilter", "note": "skipped: " + result["pofilter_skipped"]})
    return table


if __name__ == "__main__":
    for row in rows(measure(int(sys.argv[1]) if len(sys.argv) > 1 else FULL_DOCUMENTS)):
        print(row)
