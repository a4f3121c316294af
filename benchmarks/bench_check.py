"""``python -m benchmarks.bench_check [DOCUMENTS]``: ``l10n check`` on pseudo-draft catalogs beside pofilter.

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
from .common import ROOT

LOCALES = ("az", "ru", "tr")


def _cpu(command: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one child command run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
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


def run(documents: int, log=print) -> dict:
    """Measure and print; the figures as a dict."""
    pofilter = os.environ.get("POFILTER") or shutil.which("pofilter")
    with tempfile.TemporaryDirectory(prefix="l10n-bench-check-") as tmp:
        directory = Path(tmp)
        _project(directory, documents)
        catalogs = len(list((directory / "locales").glob("*/LC_MESSAGES/*.po")))
        result = {"documents": documents, "catalogs": catalogs,
                  "check": _cpu([sys.executable, "-m", "pipeline", "check", "--format", "json", "locales"], directory)}
        result["numbers"], result["number_findings"] = _number_check_cpu(directory)
        if pofilter is None:
            log("pofilter: skipped (translate-toolkit is not installed; set $POFILTER or put pofilter on the PATH)")
        else:
            for key, tests in (("pofilter_numbers", ["--test=numbers"]), ("pofilter", [])):
                result[key] = sum(_cpu([pofilter, "--progress=none", *tests, f"locales/{locale}", "-o",
                                        str(directory / f"out-{key}-{locale}")], directory) for locale in LOCALES)
    for key, value in result.items():
        log(f"{key:>18}: {value:.2f}" if isinstance(value, float) else f"{key:>18}: {value}")
    if "pofilter" in result:
        log(f"check × pofilter (default tests): {result['check'] / result['pofilter']:.2f}; "
            f"number check × pofilter --test=numbers: {result['numbers'] / result['pofilter_numbers']:.2f}")
    return result


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
