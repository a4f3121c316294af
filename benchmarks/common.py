"""Shared helpers: timing, subprocesses that report JSON, peak memory, and the printed table."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent


def now() -> float:
    return time.perf_counter()


def best_of(function: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` wall-clock timings of ``function()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = now()
        function()
        best = min(best, now() - start)
    return best


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports ru_maxrss in KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def env() -> dict[str, str]:
    """The environment for child processes: this checkout first on the path, no debug tracebacks."""
    child = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    child["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return child


def run_worker(module: str, args: list[str], timeout: float) -> dict:
    """Run ``python -m module args`` and return the JSON object it prints on its last stdout line."""
    completed = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def fmt(value: Any, digits: int = 3) -> str:
    """A number for the table: thousands separators, a few significant digits."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        return f"{value:.{digits}g}"
    return str(value)


def table(rows: list[dict], columns: list[tuple[str, str]]) -> list[str]:
    """Rows of dicts as an aligned text table; ``columns`` is ``[(key, header), ...]``."""
    cells = [[header for _, header in columns]] + [[fmt(row.get(key)) for key, _ in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def verdict(value: float | None, target: float, higher_is_better: bool = True) -> str:
    """ "met" or "MISSED" for a ratio against its target."""
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "MISSED"
