"""Benchmark 5: inputs that used to never finish — a 50 MB document, on one line and in paragraphs.

Each shape is a generated project (``[tool.l10n]`` with az, ru and tr, the project's glossary
copied in) whose corpus is one document: corpus paragraphs with injected forbidden variants,
glued words and names (:class:`benchmarks.data.Injector`), joined by single spaces (*one
line*: the default ``max-line-chars`` refuses it, so this project raises the limit) or by
blank lines (*paragraphs*).  For each shape and for a document a tenth of the size, the real
command runs in a subprocess, timed, with the child's own peak RSS (``os.wait4``):

* ``l10n update`` from scratch (segment, glossary hints, POT and three POs written);
* ``l10n check DOC`` on the document (read, segment, every source check).

The baseline is the same command on the tenth-size document, in the same run: ``× 1/10``
near 10 says the command is linear in its input.  Targets: each full-size run under 60 s and
1 GB peak RSS, and ``× 1/10`` ≤ 12.  One more row times the refusal of the one-line document
under the default limits (exit 2, one line).

Glossary validation, ``_overlaps``: N entries sharing one az rendering (each its own English
name), validated in this process, best of 3, for N = 1,000 and 10,000.  Target: 10× the
entries ≤ 12× the time (it was quadratic: 55 s for 1,000).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .common import best_of, env, now, run_worker, verdict

MB = 1024 * 1024
FULL = {"mb": 50, "timeout": 1800, "entries": (1_000, 10_000)}
QUICK = {"mb": 2, "timeout": 600, "entries": (100, 1_000)}
TARGET_S, TARGET_MB, TARGET_RATIO = 60.0, 1024.0, 12.0
SHAPES = {"one line": " ", "paragraphs": "\n\n"}


def document(size: int, separator: str, seed: int = 7) -> str:
    """About ``size`` bytes of corpus-like prose, paragraphs joined by ``separator``."""
    from .data import Injector

    injector = Injector(seed)
    parts, total = [], 0
    while total < size:
        paragraph = injector.paragraph()
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + len(separator)
    return separator.join(parts) + "\n"


def make_project(root: Path, text: str, settings: str = "") -> Path:
    """A project whose corpus is ``doc.txt`` holding ``text``, with the project's glossary."""
    from .data import GLOSSARY

    (root / "corpus").mkdir(parents=True)
    (root / "locales").mkdir()
    shutil.copytree(GLOSSARY, root / "glossary")
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nlocales = ["az", "ru", "tr"]\ncorpus = "corpus"\nglossary = "glossary"\nlocales-dir = "locales"\n{settings}',
        encoding="utf-8",
    )
    (root / "corpus" / "doc.txt").write_text(text, encoding="utf-8")
    return root


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the child's own session: it and anything it started
    except ProcessLookupError:
        pass  # it ended just now


def launch(args: list[str], cwd: Path, timeout: float) -> dict:
    """Run ``python -m pipeline ARGS`` in ``cwd`` and wait: wall seconds, exit code, its own peak RSS.

    ``os.wait4`` gives this child's rusage alone (RUSAGE_CHILDREN would be the largest of all
    children so far).  Linux starts a child's high-water mark at its parent's resident size
    when it forks, so this runs in a small launcher process (:func:`measure`), never in the
    benchmark's own process, which holds the generated documents.
    """
    with tempfile.TemporaryFile() as err:
        start = now()
        child = subprocess.Popen(
            [sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill, (child.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = now() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    peak = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
    # CPU seconds too: on a shared machine the wall time grows with the others' load.
    return {
        "s": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mb": peak,
        "exit": child.returncode,
        "timed_out": child.returncode == -signal.SIGKILL,
        "stderr": last[:300],
    }


def measure(args: list[str], cwd: Path, timeout: float) -> dict:
    """:func:`launch`, from a fresh launcher process (``python -m benchmarks.bench_limits launch``)."""
    return run_worker("benchmarks.bench_limits", ["launch", str(cwd), str(timeout), json.dumps(args)], timeout=timeout + 60)


def _shape(name: str, separator: str, size: int, tmp: Path, timeout: float, log) -> dict:
    """update then check, on the full-size document and on one a tenth of its size."""
    settings = f"max-line-chars = {2 * size}\n" if separator == " " else ""
    result: dict = {"shape": name}
    for label, bytes_ in (("tenth", size // 10), ("full", size)):
        text = document(bytes_, separator)
        root = make_project(tmp / f"{name.replace(' ', '-')}-{label}", text, settings)
        result[f"{label}_mb"] = len(text.encode("utf-8")) / MB
        log(f"  {name}, {result[f'{label}_mb']:.1f} MB: update ...")
        result[f"{label}_update"] = measure(["update"], root, timeout)
        log(f"  {name}, {result[f'{label}_mb']:.1f} MB: check ...")
        result[f"{label}_check"] = measure(["check", "corpus/doc.txt"], root, timeout)
        if separator == " " and label == "full":
            (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace(settings, ""))
            result["refused"] = measure(["update"], root, timeout)
        shutil.rmtree(root)
    for command in ("update", "check"):
        full, tenth = result[f"full_{command}"], result[f"tenth_{command}"]
        result[f"{command}_ratio"] = full["s"] / tenth["s"] if tenth["s"] else None
    return result


def overlaps(entries: int) -> dict:
    """Validate a glossary of ``entries`` entries sharing one az rendering: best of 3 seconds.

    ``s`` is timed with the cyclic garbage collector paused, as ``timeit`` times: its passes
    over every live object add a cost that depends on the heap, not on the algorithm (10× the
    entries measured 11-12× with it paused, 11-15× with it running); ``s_gc`` is with it running.
    """
    import gc

    from pipeline.glossary import Glossary, validate
    from pipeline.glossary.model import CATEGORIES
    from pipeline.core.model import Rendering, Term

    terms = tuple(
        Term(id=f"shared-{i:05d}", category=CATEGORIES[0], term=f"Karimo{i:05d} Velstan", renderings={"az": Rendering("az", "Ortaq Ad")})
        for i in range(entries)
    )
    problems: list = []

    def once() -> None:
        problems[:] = validate(Glossary(terms), ["az"])  # a new Glossary: no matcher cached between runs

    with_gc = best_of(once, 3)
    gc.collect()
    gc.disable()
    try:
        paused = best_of(once, 3)
    finally:
        gc.enable()
    return {"entries": entries, "s": paused, "s_gc": with_gc, "problems": len(problems)}


def run(quick: bool, log=print) -> dict:
    """Both shapes, the refusal, and the overlap validation; with the targets."""
    sizes = QUICK if quick else FULL
    shapes = []
    with tempfile.TemporaryDirectory(prefix="l10n-bench-limits-") as tmp:
        for name, separator in SHAPES.items():
            shapes.append(_shape(name, separator, int(sizes["mb"] * MB), Path(tmp), sizes["timeout"], log))
    log("  glossary validation, entries sharing one rendering ...")
    small, large = (overlaps(n) for n in sizes["entries"])
    result = {
        "sizes": sizes,
        "shapes": shapes,
        "overlaps": [small, large],
        "overlaps_ratio": large["s"] / small["s"],
        "overlaps_ratio_gc": large["s_gc"] / small["s_gc"],
    }
    targets = {}
    for shape in shapes:
        for command in ("update", "check"):
            run_ = shape[f"full_{command}"]
            ok = run_["exit"] in (0, 1) and run_["s"] < TARGET_S and run_["peak_mb"] < TARGET_MB
            targets[f"{shape['shape']}: {command} < {TARGET_S:.0f} s and < 1 GB"] = "met" if ok else "MISSED"
            targets[f"{shape['shape']}: {command} × 1/10 <= {TARGET_RATIO:.0f}"] = verdict(shape[f"{command}_ratio"], TARGET_RATIO, False)
    refused = shapes[0].get("refused", {})
    targets["one line under the default limits: refused, exit 2"] = "met" if refused.get("exit") == 2 else "MISSED"
    targets[f"overlaps: 10x the entries <= {TARGET_RATIO:.0f}x the time"] = verdict(result["overlaps_ratio"], TARGET_RATIO, False)
    result["targets"] = targets
    return result


def rows(result: dict) -> list[dict]:
    """Table rows: update and check per shape and size, the refusal, and the overlap validation."""
    out = []
    for shape in result["shapes"]:
        for command in ("update", "check"):
            for label in ("tenth", "full"):
                run_ = shape[f"{label}_{command}"]
                note = f"exit {run_['exit']}; {run_['cpu_s']:.3g} CPU s" + (" (killed at the timeout)" if run_["timed_out"] else "")
                out.append(
                    {
                        "case": f"{shape['shape']}: {command}",
                        "mb": shape[f"{label}_mb"],
                        "s": run_["s"],
                        "peak": run_["peak_mb"],
                        "ratio": 1.0 if label == "tenth" else shape[f"{command}_ratio"],
                        "note": note,
                    }
                )
    refused = result["shapes"][0].get("refused")
    if refused:
        out.append(
            {
                "case": "one line, default limits: update",
                "mb": result["shapes"][0]["full_mb"],
                "s": refused["s"],
                "peak": refused["peak_mb"],
                "ratio": None,
                "note": f"exit {refused['exit']}: {refused['stderr'].split(': ', 2)[-1].split(';')[0]}",
            }
        )
    small, large = result["overlaps"]
    for entry in (small, large):
        out.append(
            {
                "case": f"validate: {entry['entries']:,} entries, one rendering",
                "mb": None,
                "s": entry["s"],
                "peak": None,
                "ratio": entry["s"] / small["s"],
                "note": f"{entry['problems']:,} problems (duplicates); best of 3, GC paused; "
                f"{entry['s_gc']:.3g} s with GC ({entry['s_gc'] / small['s_gc']:.1f}×)",
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    """``python -m benchmarks.bench_limits launch CWD TIMEOUT ARGS-JSON``: print :func:`launch`'s figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_limits")
    sub = parser.add_subparsers(dest="command", required=True)
    launcher = sub.add_parser("launch")
    launcher.add_argument("cwd", type=Path)
    launcher.add_argument("timeout", type=float)
    launcher.add_argument("args")
    options = parser.parse_args(argv)
    print(json.dumps(launch(json.loads(options.args), options.cwd, options.timeout)))


if __name__ == "__main__":
    sys.exit(main())
