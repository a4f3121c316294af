"""Benchmark 6: catalog work side by side with GNU gettext, on the same templates, in the same run.

A generated project (documents × 100 units, from corpus sentences; az, ru and tr; the project's
glossary) is run through the real command, ``l10n update``, in a subprocess, and GNU gettext's
own tools do the equivalent job on the templates that run wrote:

* **from scratch**: ``l10n update`` (segment, glossary hints, one POT per document, one PO per
  locale) against ``msginit --no-translator`` for every template and locale (GNU gettext has no
  extraction step for plain text, so its side does less);
* **forced merge**: ``l10n update`` again with its skip state removed, so every catalog is read,
  merged and rendered (none changes, so none is written), against ``msgmerge`` of every catalog
  with its template.

``× gettext`` is our time over gettext's; the issue's target is ≤ 1.0.  gettext runs one process
per file, as a Makefile would; its start-up is part of its time, as ours is of ours.

One more comparison, in this process: rendering one catalog of 20,000 drafted entries (corpus
paragraphs, each with a reference, a translator comment and the fuzzy flag) with polib's
writer, Babel's ``write_po`` and ours (which alone lays the file out as gettext does), best of 3.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .bench_scale import UNITS, project
from .common import now, verdict

LOCALES = ("az", "ru", "tr")
FULL_DOCUMENTS = 200
QUICK_DOCUMENTS = 10


def _gettext_loop(commands: list[list[str]]) -> float:
    """Seconds to run every command in turn; each must succeed."""
    start = now()
    for command in commands:
        subprocess.run(command, check=True, capture_output=True)
    return now() - start


def _ours(root: Path, timeout: float) -> dict:
    from .bench_limits import measure

    result = measure(["update"], root, timeout)
    if result["exit"] != 0:
        raise RuntimeError(f"l10n update exited {result['exit']}: {result['stderr']}")
    return result


#: Header lines that carry the run's own time: the one difference two runs may have.
_STAMPS = (b'"POT-Creation-Date: ', b'"PO-Revision-Date: ')


def _catalog_bytes(locales: Path) -> dict[str, bytes]:
    """Every template and catalog under ``locales``, its time stamps taken out."""
    return {
        str(path.relative_to(locales)): b"\n".join(line for line in path.read_bytes().split(b"\n") if not line.startswith(_STAMPS))
        for path in sorted(locales.rglob("*.po*"))
    }


def same_as_serial(root: Path, documents: int, scratch: Path) -> bool:
    """Whether ``root``'s catalogs (made with a worker per core) are the bytes ``l10n update`` makes
    in one process on the same project (untimed; the time stamps of the header aside)."""
    from .common import env

    serial = project(scratch, documents)
    subprocess.run(
        [sys.executable, "-m", "pipeline", "update"], cwd=serial, env={**env(), "L10N_JOBS": "1"}, check=True, capture_output=True
    )
    return _catalog_bytes(serial / "locales") == _catalog_bytes(root / "locales")


def writers(entries: int) -> dict:
    """Seconds to render the same catalog with polib, Babel and pipeline.catalogs.po_writer (best of 3)."""
    import io

    import polib
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from pipeline.catalogs.po_wrap import forget
    from pipeline.catalogs.po_writer import render_text

    from . import data
    from .common import best_of

    paragraphs = data.corpus_units()
    rng = random.Random(5)
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog = Catalog(locale="az", charset="UTF-8")
    for number in range(entries):
        text = rng.choice(paragraphs)
        po.append(
            polib.POEntry(
                msgid=f"{number} {text}",
                msgstr=f"{number} {text.upper()}",
                occurrences=[("corpus/doc.txt", str(number))],
                tcomment="MT: pseudo",
                flags=["fuzzy"],
            )
        )
        catalog.add(
            f"{number} {text}",
            f"{number} {text.upper()}",
            locations=[("corpus/doc.txt", number)],
            user_comments=["MT: pseudo"],
            flags=["fuzzy"],
        )
    return {
        "entries": entries,
        "polib_s": best_of(po.__unicode__, 3),
        "babel_s": best_of(lambda: write_po(io.BytesIO(), catalog, width=79), 3),
        # The writer's memory of wrapped lines is emptied first: each run renders from nothing.
        "ours_s": best_of(lambda: (forget(), render_text(po)), 3),
    }


def run(quick: bool, log=print) -> dict:
    if not (shutil.which("msginit") and shutil.which("msgmerge")):
        return {"skipped": "GNU gettext (msginit, msgmerge) is not installed"}
    documents = QUICK_DOCUMENTS if quick else FULL_DOCUMENTS
    log("  rendering one catalog: polib, Babel, ours ...")
    rendering = writers(2_000 if quick else 20_000)
    with tempfile.TemporaryDirectory(prefix="l10n-bench-gettext-") as tmp:
        root = project(Path(tmp) / "project", documents)
        locales = root / "locales"
        log(f"  {documents} documents × {UNITS} units × {len(LOCALES)} locales: l10n update from scratch ...")
        scratch = _ours(root, 3600)
        log("  the same update in one process, for the bytes ...")
        serial_identical = same_as_serial(root, documents, Path(tmp) / "serial")
        templates = sorted((locales / "templates").glob("*.pot"))
        gnu = Path(tmp) / "gnu"
        for locale in LOCALES:
            (gnu / locale).mkdir(parents=True)
        log(f"  msginit × {len(templates) * len(LOCALES)} ...")
        msginit = _gettext_loop(
            [
                ["msginit", "--no-translator", "-l", locale, "-i", str(template), "-o", str(gnu / locale / f"{template.stem}.po")]
                for locale in LOCALES
                for template in templates
            ]
        )
        log("  l10n update, forced merge ...")
        shutil.rmtree(root / ".l10n", ignore_errors=True)
        forced = _ours(root, 3600)
        log("  msgmerge ...")
        msgmerge = _gettext_loop(
            [
                [
                    "msgmerge",
                    "--quiet",
                    "-o",
                    str(gnu / locale / f"{template.stem}.po"),
                    str(locales / locale / "LC_MESSAGES" / f"{template.stem}.po"),
                    str(template),
                ]
                for locale in LOCALES
                for template in templates
            ]
        )
    result = {
        "documents": documents,
        "units": UNITS,
        "locales": len(LOCALES),
        "files": len(templates) * len(LOCALES),
        "scratch": scratch,
        "msginit_s": msginit,
        "forced": forced,
        "msgmerge_s": msgmerge,
        "scratch_ratio": scratch["s"] / msginit,
        "forced_ratio": forced["s"] / msgmerge,
        "writers": rendering,
        "serial_identical": serial_identical,
        "workers": os.cpu_count(),
    }
    result["targets"] = {
        "from scratch <= 1.0x msginit": verdict(result["scratch_ratio"], 1.0, False),
        "forced merge <= 1.0x msgmerge": verdict(result["forced_ratio"], 1.0, False),
        "our writer <= 1.0x polib's": verdict(rendering["ours_s"] / rendering["polib_s"], 1.0, False),
        "catalogs byte-identical to the serial path": "met" if serial_identical else "MISSED",
    }
    return result


def rows(result: dict) -> list[dict]:
    if "skipped" in result:
        return [{"case": "skipped", "note": result["skipped"]}]
    size = f"{result['documents']} docs × {result['units']} units × {result['locales']} locales"
    return [
        {
            "case": "l10n update from scratch",
            "s": result["scratch"]["s"],
            "ratio": result["scratch_ratio"],
            "note": f"{size}; peak {result['scratch']['peak_mb']:.0f} MB, {result['scratch']['cpu_s']:.1f} s CPU",
        },
        {"case": f"msginit × {result['files']}", "s": result["msginit_s"], "ratio": 1.0, "note": "GNU gettext"},
        {
            "case": "l10n update, forced merge",
            "s": result["forced"]["s"],
            "ratio": result["forced_ratio"],
            "note": f"every catalog merged; peak {result['forced']['peak_mb']:.0f} MB",
        },
        {"case": f"msgmerge × {result['files']}", "s": result["msgmerge_s"], "ratio": 1.0, "note": "GNU gettext"},
        *(
            {
                "case": f"render {result['writers']['entries']:,} entries: {name}",
                "s": result["writers"][f"{key}_s"],
                "ratio": result["writers"][f"{key}_s"] / result["writers"]["polib_s"],
                "note": note,
            }
            for name, key, note in (
                ("polib", "polib", "ratio column: × polib"),
                ("Babel write_po", "babel", ""),
                ("pipeline.catalogs.po_writer", "ours", "the only one laid out as msgcat lays it out"),
            )
        ),
    ]
