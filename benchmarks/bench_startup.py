"""Benchmark 4: start-up time of the commands that do not translate, and what they import.

* wall time of ``l10n --help``, ``l10n check FILE`` (one small document: three corpus
  paragraphs, checked against the project's glossary) and ``l10n stats`` (the project's
  corpus and catalogs), the MEDIAN of 10 subprocess runs (3 with ``--quick``), against the bare
  interpreter (``python -c pass``) and the bare imports of click and typer (:data:`BASELINES`)
  measured the same way in the same run.  ``check`` and ``stats`` are timed with the pipeline's
  user cache (``$XDG_CACHE_HOME/l10n-pipeline``: the English word list, the parsed glossary and
  its validation, the compiled dataclass methods) warm, and cold: emptied before every run.
  The benchmark uses its own temporary cache directory, never the user's.  The runs
  go round by round (every case once per round), so a load spike on a shared machine hits
  every case alike; one unrecorded round first compiles the bytecode, which every installed
  copy has (``PYTHONDONTWRITEBYTECODE`` is dropped for the children: with it every run would
  compile the whole package again, which no installation does);
* which modules each command imports (its ``main()`` run in a fresh interpreter, then
  ``sys.modules`` inspected), against the list of heavy ones it must not import (:data:`FORBIDDEN`,
  also asserted by ``tests/cli/test_cli.py`` without timing), and the babel locales loaded;
* the slowest imports of ``--help`` and of a warm ``check`` by ``python -X importtime``.

Every target is printed as met or MISSED: under 0.3 s for each command, warm and cold, and
none of its forbidden modules imported.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import ROOT, env, now, verdict

TARGET_S = 0.3
#: Machine translation and the like: no command that does not translate may import them.
MT = ("ctranslate2", "sentencepiece", "numpy", "argostranslate", "torch", "ray")
#: The readers of the other document formats (Word, HTML, Markdown): a .txt project needs none.
DOCUMENT_FORMATS = ("lxml", "docx", "markdown_it", "mdit_py_plugins")
#: Never needed to start: pydantic (typer's coercion, done by pipeline.cli.coercion instead),
#: rich (only the translation progress bar), the translation memory (sqlite3), and the
#: spellchecker package (the word list is read from its data file, not through the package).
ALWAYS = (*MT, "pydantic", "rich", "sqlite3", "spellchecker", *DOCUMENT_FORMATS)
#: What each timed case must not import.  A warm cache gives the parsed glossary without yaml
#: and Babel's answers (locale names, plural rules) without babel; checking a .txt reads no
#: catalog, so no polib.
#: Reading a glossary never imports its YAML writer or layout editor (~15 ms of regular expressions), and a
#: cached one not even its YAML reader (the line-numbered loader, its layout and editing).
WRITER = ("pipeline.glossary.yaml_write", "pipeline.glossary.dump", "pipeline.glossary.yaml_layout")
READER = ("pipeline.glossary.yaml_lines",)
FORBIDDEN = {  # in the order they are probed: a warm case after the cold one that filled the cache
    "help": (*ALWAYS, "yaml", "babel", "polib", "filelock", "pipeline.glossary", "pipeline.checks"),
    "check_cold": (*ALWAYS, "polib", "filelock", *WRITER),
    "check_warm": (*ALWAYS, "yaml", "babel", "polib", "filelock", *WRITER, *READER),
    "stats_cold": (*ALWAYS, "filelock", *WRITER),
    "stats_warm": (*ALWAYS, "yaml", "babel", "filelock", *WRITER, *READER),
}
#: ``l10n update`` (probed, not timed: it writes, so in a copy of the project): catalog work needs
#: no machine translation, no cluster and no parser of a format the corpus does not have.
UPDATE_FORBIDDEN = (*MT, "pydantic", "rich", "lxml", "docx", "markdown_it", "mdit_py_plugins")
#: Reported (not asserted) for every case: what the heavier library parts cost when they load.
WATCHED = ("yaml", "babel", "babel.localedata", "polib", "pickle", "xml.etree.ElementTree", "email", "json")

_PROBE = """
import io, json, sys
watched = json.loads(sys.argv[2])
sys.argv = ["l10n", *json.loads(sys.argv[1])]
import pipeline.cli as cli  # not `from … import main`: this script's main() must not end the process (cli._may_exit_now)
out = io.StringIO()
sys.stdout, code = out, 0
try:
    cli.main()
except SystemExit as exit:
    code = exit.code
sys.stdout = sys.__stdout__
locales = []
if "babel.localedata" in sys.modules:
    locales = sorted(getattr(sys.modules["babel.localedata"], "_cache", {}))
sys.stdout.write("\\n" + json.dumps({"loaded": [m for m in watched if m in sys.modules], "babel_locales": locales,
                                    "modules": len(sys.modules), "exit": code}) + "\\n")
"""


#: Libraries whose bare import is timed beside the commands: click (what a click command cannot
#: start under) and typer (the CLI's framework, which l10n imports before anything of its own).
BASELINES = ("click", "typer")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "l10n"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def child_env(cache: Path | None) -> dict:
    """The children's environment: this checkout, ``cache`` as XDG_CACHE_HOME, bytecode written as usual."""
    child = {k: v for k, v in env().items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cache is not None:
        child["XDG_CACHE_HOME"] = str(cache)
    return child


def imported_modules(args: list[str], cache: Path, names: tuple[str, ...], cwd: Path = ROOT) -> dict:
    """Run ``l10n ARGS``'s ``main()`` in a fresh interpreter: which of ``names`` it imported, and more.

    Returns ``{"loaded": [...], "babel_locales": [...], "modules": count, "exit": code}``.
    """
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(names)],
        cwd=cwd,
        env=child_env(cache),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if not completed.stdout.strip():
        raise RuntimeError(f"l10n {' '.join(args)}: the probe printed nothing:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_rounds(cases: dict[str, tuple[list[str], bool]], repeat: int, cache: Path) -> dict[str, dict]:
    """Every case once per round, ``repeat`` rounds after one unrecorded round; a cold case empties the cache first.

    Wall time is the target; the child's CPU time (user + system) is kept beside it, since on a
    shared machine it moves less with the other processes' load than the wall time does.
    """
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    codes: dict[str, int] = {}
    for round_number in range(repeat + 1):
        for name, (argv, cold) in cases.items():
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            cpu_before, start = _children_cpu(), now()
            completed = subprocess.run(argv, cwd=ROOT, env=child_env(cache), capture_output=True)
            elapsed, cpu_used = now() - start, _children_cpu() - cpu_before
            codes[name] = completed.returncode
            if round_number:
                times[name].append(elapsed)
                cpu[name].append(cpu_used)
    return {
        name: {
            "median_s": statistics.median(values),
            "min_s": min(values),
            "max_s": max(values),
            "cpu_median_s": statistics.median(cpu[name]),
            "exit": codes[name],
        }
        for name, values in times.items()
    }


def _importtime(args: list[str], cache: Path, top: int = 8) -> list[dict]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", *args],
        cwd=ROOT,
        env=child_env(cache),
        capture_output=True,
        text=True,
        timeout=120,
    )
    rows = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:") :].split("|", 2)
        rows.append({"module": name.rstrip(), "self_ms": int(self_us) / 1000, "cumulative_ms": int(cumulative) / 1000})
    # A top-level import is written with one space after the bar; nested ones are indented further.
    top_level = [dict(r, module=r["module"].strip()) for r in rows if not r["module"].startswith("  ")]
    return sorted(top_level, key=lambda r: -r["cumulative_ms"])[:top]


def _cases(command: list[str], small: Path) -> dict[str, tuple[list[str], bool]]:
    """The timed cases in round order: a warm case right after its cold one, which filled the cache."""
    return {
        "python": ([sys.executable, "-c", "pass"], False),
        **{name: ([sys.executable, "-c", f"import {name}"], False) for name in BASELINES},
        "help": ([*command, "--help"], False),
        "check_cold": ([*command, "check", str(small)], True),
        "check_warm": ([*command, "check", str(small)], False),
        "stats_cold": ([*command, "stats"], True),
        "stats_warm": ([*command, "stats"], False),
    }


def _probe_all(small: Path, cache: Path) -> dict[str, dict]:
    """Each case's imports, against its forbidden list."""
    args = {"help": ["--help"], "check": ["check", str(small)], "stats": ["stats"]}
    probes = {}
    for name, forbidden in FORBIDDEN.items():
        command = args[name.split("_")[0]]
        if name.endswith("_cold"):
            shutil.rmtree(cache, ignore_errors=True)
        names = tuple(dict.fromkeys((*forbidden, *WATCHED)))
        probe = imported_modules(command, cache, names)
        probe["forbidden"] = list(forbidden)
        probe["forbidden_loaded"] = [m for m in forbidden if m in probe["loaded"]]
        probes[name] = probe
    return probes


def probe_update(cache: Path, scratch: Path) -> dict:
    """``l10n update``'s imports, run in a copy of the project in ``scratch`` (it writes catalogs)."""
    project = scratch / "project"
    for folder in ("corpus", "glossary", "locales"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    probe = imported_modules(["update"], cache, tuple(dict.fromkeys((*UPDATE_FORBIDDEN, *WATCHED))), cwd=project)
    probe["forbidden"] = list(UPDATE_FORBIDDEN)
    probe["forbidden_loaded"] = [m for m in UPDATE_FORBIDDEN if m in probe["loaded"]]
    return probe


def run(quick: bool, log=print) -> dict:
    """Time every case (median of 10, 3 with ``quick``), probe its imports, and give the verdicts."""
    repeat = 3 if quick else 10
    command = _command()
    with tempfile.TemporaryDirectory(prefix="l10n-bench-startup-") as tmp:
        from . import data

        small = Path(tmp) / "small.txt"
        small.write_text("\n\n".join(data.corpus_units()[1:4]) + "\n", encoding="utf-8")
        words = len(small.read_text(encoding="utf-8").split())
        cache = Path(tmp) / "cache"  # the pipeline's user cache (word list, parsed glossary), isolated
        timed = _timed_rounds(_cases(command, small), repeat, cache)
        probes = _probe_all(small, cache)
        update = probe_update(cache, Path(tmp))
        importtime = {"help": _importtime(["--help"], cache), "check_warm": _importtime(["check", str(small)], cache)}
    python_s, python_cpu_s = timed["python"]["median_s"], timed["python"]["cpu_median_s"]
    result = {
        "repeat": repeat,
        "statistic": "median",
        "command": " ".join(Path(c).name for c in command),
        "cpu_count": os.cpu_count(),
        "small_file_words": words,
        "python_s": python_s,
        "python_cpu_s": python_cpu_s,
        "cases": {},
        "importtime": importtime,
    }
    result["baselines"] = {
        name: dict(timed[name], over_python=timed[name]["median_s"] / python_s, cpu_over_python=timed[name]["cpu_median_s"] / python_cpu_s)
        for name in BASELINES
    }
    for name, timing in timed.items():
        if name == "python" or name in BASELINES:
            continue
        result["cases"][name] = dict(
            timing, over_python=timing["median_s"] / python_s, cpu_over_python=timing["cpu_median_s"] / python_cpu_s, imports=probes[name]
        )
    result["update_imports"] = update
    result["targets"] = _targets(result["cases"])
    found = update["forbidden_loaded"]
    result["targets"][f"l10n update imports none of its {len(UPDATE_FORBIDDEN)} forbidden modules (ray, ctranslate2…)"] = (
        "met" if not found and update["exit"] == 0 else f"MISSED ({', '.join(found) or 'exit ' + str(update['exit'])})"
    )
    return result


LABELS = {
    "help": "l10n --help",
    "check_warm": "l10n check small.txt (warm cache)",
    "check_cold": "l10n check small.txt (cold cache)",
    "stats_warm": "l10n stats (warm cache)",
    "stats_cold": "l10n stats (cold cache)",
}


def _targets(cases: dict) -> dict[str, str]:
    """met/MISSED: each case under 0.3 s in the median (and exiting 0 or 1), and none of its forbidden imports."""
    targets = {}
    for name, case in cases.items():
        ran = case["exit"] in (0, 1)
        targets[f"{LABELS[name]} < {TARGET_S} s (median)"] = (
            verdict(case["median_s"], TARGET_S, False) if ran else f"MISSED (exit {case['exit']})"
        )
    for name, case in cases.items():
        found = case["imports"]["forbidden_loaded"]
        targets[f"{LABELS[name]} imports none of its {len(FORBIDDEN[name])} forbidden modules"] = (
            "met" if not found else f"MISSED ({', '.join(found)})"
        )
    return targets


def rows(result: dict) -> list[dict]:
    """The table: one row per case, seconds and CPU seconds with their ratios to ``python -c pass``."""
    out = [
        {
            "case": "python -c pass (baseline)",
            "s": result["python_s"],
            "ratio": 1.0,
            "cpu": result["python_cpu_s"],
            "cpu_ratio": 1.0,
            "note": f"median of {result['repeat']}",
        }
    ]
    for name, baseline in result.get("baselines", {}).items():
        out.append(
            {
                "case": f"python -c 'import {name}' (baseline)",
                "s": baseline["median_s"],
                "ratio": baseline["over_python"],
                "cpu": baseline["cpu_median_s"],
                "cpu_ratio": baseline["cpu_over_python"],
                "note": f"{baseline['min_s']:.3f}–{baseline['max_s']:.3f} s",
            }
        )
    for name, case in result["cases"].items():
        loaded = [m for m in case["imports"]["loaded"] if m != "json"]
        note = (
            f"{case['min_s']:.3f}–{case['max_s']:.3f} s, exit {case['exit']}, {case['imports']['modules']} modules; "
            f"loaded: {', '.join(loaded) or 'none of the watched'}"
        )
        if name.startswith("check"):
            note = f"{result['small_file_words']} words, project glossary; " + note
        out.append(
            {
                "case": LABELS[name],
                "s": case["median_s"],
                "ratio": case["over_python"],
                "cpu": case["cpu_median_s"],
                "cpu_ratio": case["cpu_over_python"],
                "note": note,
            }
        )
    return out
