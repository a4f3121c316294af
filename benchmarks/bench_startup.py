"""Benchmark 4: start-up time of the ``l10n`` command, and what it imports before it needs it.

* wall time of ``l10n --help`` and of ``l10n check FILE`` on one small document (three corpus
  paragraphs, checked against the project's glossary), best of N subprocess runs, against the
  bare interpreter (``python -c pass``) measured the same way in the same run.  ``check`` is
  timed with the pipeline's user cache (``$XDG_CACHE_HOME/l10n-pipeline``: parsed word list and
  glossary) warm, and cold (emptied before every run); the benchmark uses its own temporary
  cache directory, never the user's;
* which heavy modules are in ``sys.modules`` after ``--help`` and after ``check`` (the CLI's
  ``main()`` run in-process in a fresh interpreter, then ``sys.modules`` inspected), and the
  babel locales loaded;
* the slowest imports of ``--help`` by ``python -X importtime``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import ROOT, env, now, verdict

HEAVY = ("ctranslate2", "sentencepiece", "numpy", "argostranslate", "spellchecker", "yaml", "babel",
         "babel.localedata", "polib", "filelock", "snowballstemmer", "pydantic", "rich", "sqlite3")
TARGET_S = 0.3

_PROBE = """
import json, sys
sys.argv = ["l10n", *json.loads(sys.argv[1])]
from pipeline.cli import main
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
loaded = [m for m in heavy if m in sys.modules]
locales = []
if "babel.localedata" in sys.modules:
    locales = sorted(getattr(sys.modules["babel.localedata"], "_cache", {{}}))
sys.__stdout__.write("\\n" + json.dumps({{"loaded": loaded, "babel_locales": locales,
                                        "modules": len(sys.modules)}}) + "\\n")
"""


def _command() -> list[str]:
    script = Path(sys.executable).parent / "l10n"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def _env(cache: Path | None) -> dict:
    child = env()
    if cache is not None:
        child["XDG_CACHE_HOME"] = str(cache)
    return child


def _best(argv: list[str], repeat: int, cache: Path | None = None, cold: bool = False) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs; ``cold`` empties the user cache before each run."""
    best, code = float("inf"), 0
    for _ in range(repeat):
        if cold and cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
        start = now()
        completed = subprocess.run(argv, cwd=ROOT, env=_env(cache), capture_output=True)
        best = min(best, now() - start)
        code = completed.returncode
    return best, code


def _modules(args: list[str], cache: Path | None = None) -> dict:
    code = _PROBE.format(heavy=HEAVY)
    completed = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, env=_env(cache),
                               capture_output=True, text=True, timeout=120)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _importtime(args: list[str], top: int = 8) -> list[dict]:
    completed = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", *args], cwd=ROOT, env=env(),
                               capture_output=True, text=True, timeout=120)
    rows = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:"):].split("|", 2)
        rows.append({"module": name.rstrip(), "self_ms": int(self_us) / 1000, "cumulative_ms": int(cumulative) / 1000})
    # A top-level import is written with one space after the bar; nested ones are indented further.
    top_level = [dict(r, module=r["module"].strip()) for r in rows if not r["module"].startswith("  ")]
    return sorted(top_level, key=lambda r: -r["cumulative_ms"])[:top]


def run(quick: bool, log=print) -> dict:
    repeat = 3 if quick else 10
    command = _command()
    with tempfile.TemporaryDirectory(prefix="l10n-bench-startup-") as tmp:
        from . import data

        small = Path(tmp) / "small.txt"
        small.write_text("\n\n".join(data.corpus_units()[1:4]) + "\n", encoding="utf-8")
        words = len(small.read_text(encoding="utf-8").split())
        cache = Path(tmp) / "cache"  # the pipeline's user cache (word list, parsed glossary), isolated
        python_s, _ = _best([sys.executable, "-c", "pass"], repeat)
        help_s, help_code = _best([*command, "--help"], repeat, cache)
        cold_s, cold_code = _best([*command, "check", str(small)], repeat, cache, cold=True)
        check_s, check_code = _best([*command, "check", str(small)], repeat, cache)  # cache warm now
        after_help = _modules(["--help"], cache)
        after_check = _modules(["check", str(small)], cache)
        shutil.rmtree(cache, ignore_errors=True)
        after_check_cold = _modules(["check", str(small)], cache)
    importtime = _importtime(["--help"])
    result = {
        "repeat": repeat, "command": " ".join(Path(c).name for c in command),
        "python_s": python_s, "help_s": help_s, "help_exit": help_code, "check_s": check_s, "check_exit": check_code,
        "check_cold_s": cold_s, "check_cold_exit": cold_code,
        "help_over_python": help_s / python_s, "check_over_python": check_s / python_s,
        "check_cold_over_python": cold_s / python_s,
        "imports_after_help": after_help, "imports_after_check": after_check,
        "imports_after_check_cold_cache": after_check_cold, "importtime_help": importtime,
        "small_file_words": words,
    }
    unexpected = [m for m in after_help["loaded"] if m in ("ctranslate2", "sentencepiece", "numpy", "spellchecker",
                                                          "yaml", "babel.localedata", "argostranslate")]
    result["heavy_after_help"] = unexpected
    result["targets"] = {
        "l10n --help < 0.3 s": verdict(help_s, TARGET_S, False),
        "l10n check (small file, warm cache) < 0.3 s": verdict(check_s, TARGET_S, False),
        "l10n check (small file, cold cache) < 0.3 s": verdict(cold_s, TARGET_S, False),
        "--help imports nothing heavy": "met" if not unexpected else "MISSED",
        "check imports no MT library": "met" if not any(m in after_check["loaded"] for m in
                                                        ("ctranslate2", "sentencepiece", "numpy")) else "MISSED",
    }
    return result


def rows(result: dict) -> list[dict]:
    return [
        {"case": "python -c pass (baseline)", "s": result["python_s"], "ratio": 1.0, "note": f"best of {result['repeat']}"},
        {"case": "l10n --help", "s": result["help_s"], "ratio": result["help_over_python"],
         "note": "loaded: " + (", ".join(result["imports_after_help"]["loaded"]) or "nothing listed")},
        {"case": "l10n check small.txt (warm cache)", "s": result["check_s"], "ratio": result["check_over_python"],
         "note": f"{result['small_file_words']} words, project glossary; loaded: "
                 + ", ".join(result["imports_after_check"]["loaded"])},
        {"case": "l10n check small.txt (cold cache)", "s": result["check_cold_s"],
         "ratio": result["check_cold_over_python"],
         "note": "empty $XDG_CACHE_HOME; loaded: " + ", ".join(result["imports_after_check_cold_cache"]["loaded"])},
    ]
