"""TBX import at scale: ``l10n glossary import`` of a generated memoQ-style termbase, time and peak memory.

``python -m benchmarks.bench_tbx_import [--entries 10000,100000] [--keep DIR]``

For each size, a TBX file shaped like a memoQ export (``<martif>``, numeric entry ids, no
subject field, ``en-US``/``az-Latn-AZ``/``ru-RU``/``tr-TR`` language sets, a definition, part
of speech and term type on every term, a forbidden spelling on one entry in four) is written
to a temporary directory, streamed so the generator itself stays small.  Then ``l10n glossary
import`` merges it into a copy of the real glossary in a fresh subprocess, and the run's wall
time and peak resident memory (``ru_maxrss`` of that child) are printed as JSON.

The names are made so that the merged glossary is valid (every entry adds one new term and
its three renderings, no two entries share or overlap a form): each English name is a
fixed-length pseudo-word that encodes the entry number, followed by "Institute".  Not run by
the test suite and not part of ``python -m benchmarks`` (it needs minutes at 100,000 entries).
Each line gives wall seconds, the child's CPU seconds (user + system) and its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
# One Cyrillic spelling per Latin letter used above: the Russian renderings stay unique too.
_CYRILLIC = dict(zip("bdfgklmnprstvzaeiou", "бдфгклмнпрствзаэиоу"))


def pseudo_word(number: int, syllables: int = 4) -> str:
    """A pronounceable word that encodes ``number`` (same length for every number: no word is a
    prefix or an inflection of another)."""
    letters = []
    for _ in range(syllables):
        number, digit = divmod(number, len(_CONSONANTS) * len(_VOWELS))
        letters.append(_CONSONANTS[digit // len(_VOWELS)] + _VOWELS[digit % len(_VOWELS)])
    return ("".join(letters) + "ran").capitalize()


def _entry(number: int) -> str:
    word = pseudo_word(number)
    cyrillic = "".join(_CYRILLIC[c] for c in word.lower()).capitalize()
    forbidden = ""
    if number % 4 == 0:  # a forbidden spelling, the way memoQ marks it
        forbidden = (
            f'<tig><term>{word[:-3]}ren Institute</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>'
        )
    languages = (
        ("en-US", f"{word} Institute", forbidden),
        ("az-Latn-AZ", f"{word} İnstitutu", ""),
        ("ru-RU", f"Институт {cyrillic}", ""),
        ("tr-TR", f"{word} Enstitüsü", ""),
    )
    sets = "".join(
        f'<langSet xml:lang="{lang}"><tig><term>{escape(term)}</term>'
        '<termNote type="partOfSpeech">noun</termNote><termNote type="termType">fullForm</termNote>'
        f"</tig>{extra}</langSet>\n"
        for lang, term, extra in languages
    )
    return (
        f'<termEntry id="{number + 1}">\n<descrip type="definition">Generated research institute '
        f'number {number}.</descrip>\n<transacGrp><transac type="origination">bench</transac>'
        f"<date>2024-01-01T00:00:00Z</date></transacGrp>\n{sets}</termEntry>\n"
    )


def write_tbx(path: Path, entries: int) -> int:
    """Write a memoQ-shaped TBX with ``entries`` entries; return its size in bytes."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en-US">\n'
            "<martifHeader><fileDesc><sourceDesc><p>memoQ-style benchmark termbase</p></sourceDesc>"
            "</fileDesc></martifHeader>\n<text><body>\n"
        )
        for number in range(entries):
            out.write(_entry(number))
        out.write("</body></text></martif>\n")
    return path.stat().st_size


def run_import(tbx: Path, project: Path, *extra: str) -> dict:
    """``l10n glossary import`` in a child process: exit code, wall seconds, peak MB, last output line."""
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["PYTHONPATH"] = str(ROOT)
    out, err = project / "stdout.txt", project / "stderr.txt"
    start = time.perf_counter()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        pid = _spawn(tbx, project, extra, env, stdout, stderr)
        # wait4 gives this child's own rusage: its peak memory, not the generator's.
        _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    lines = (out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")).strip().splitlines()
    # CPU seconds as well as wall: on a busy machine the wall clock measures the neighbours too.
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(seconds, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "last_line": lines[-1][:200] if lines else "",
    }


def _spawn(tbx: Path, project: Path, extra, env, stdout, stderr) -> int:
    """Start the import with ``project`` as working directory (its glossary/ is the target)."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.chdir(project)
            os.dup2(stdout.fileno(), 1)
            os.dup2(stderr.fileno(), 2)
            os.execve(sys.executable, [sys.executable, "-m", "pipeline", "glossary", "import", str(tbx), *extra], env)
        finally:
            os._exit(127)
    return pid


def measure(entries: int, work: Path, extra: tuple[str, ...] = ()) -> dict:
    """Generate the TBX, import it into a fresh copy of the real glossary, measure."""
    project = work / f"project-{entries}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOT / "glossary", project / "glossary")
    tbx = work / f"memoq-{entries}.tbx"
    size = write_tbx(tbx, entries)
    result = {"entries": entries, "tbx_mb": round(size / 2**20, 1), **run_import(tbx, project, *extra)}
    result["yaml_mb"] = round(sum(p.stat().st_size for p in (project / "glossary").glob("*.yaml")) / 2**20, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure each size; one JSON line per size on stdout."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_tbx_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="10000,100000", help="comma-separated sizes (default 10000,100000)")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep the files (default: a temporary directory)")
    parser.add_argument("extra", nargs="*", help="more arguments for `l10n glossary import` (after --)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.entries.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for entries in sizes:
            print(json.dumps(measure(entries, work, tuple(args.extra)), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
