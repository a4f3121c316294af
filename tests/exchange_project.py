"""A small project for the XLIFF and TMX tests: one short document, the real glossary, az/ru/tr.

The fixtures in ``tests/fixtures/exchange/`` (files in the shapes memoQ, Trados, Okapi and
OmegaT write) translate this document: their sources are its paragraphs below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "exchange"
DOC = "khojaly-brief"

TITLE = "Khojaly remembered"
P1 = "Today marks the anniversary of the Khojaly genocide. The town was destroyed in one night."
P2 = "The Ombudsman of Azerbaijan called on the international community to recognize the tragedy."
P3 = "Hundreds of civilians were killed. Many more were taken hostage."
P4 = "The victims of Khojaly will never be forgotten."
UNITS = (TITLE, P1, P2, P3, P4)


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``l10n`` (``python -m pipeline``) in ``cwd``."""
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """``result``, asserting exit 0."""
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single line a failed command printed on stderr (never a traceback)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def make_project(directory: Path) -> Path:
    """The project in ``directory``, its catalogs made by ``l10n update``."""
    shutil.copytree(FIXTURES / "corpus", directory / "corpus")
    shutil.copytree(ROOT / "glossary", directory / "glossary")
    (directory / "locales").mkdir()
    (directory / "l10n.toml").write_text(
        'source-language = "en"\nlocales = ["az", "ru", "tr"]\ncorpus = "corpus"\nglossary = "glossary"\nlocales-dir = "locales"\n',
        encoding="utf-8",
    )
    ok(l10n("update", cwd=directory))
    return directory


def catalog(project: Path, locale: str = "az") -> Path:
    """The document's catalog for ``locale``."""
    return project / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"


def entries(path: Path) -> dict[str, polib.POEntry]:
    """The live entries of a catalog by msgid."""
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}


def save_translation(path: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    """A translator's save in a PO editor: one entry changed, written the way the pipeline writes."""
    from pipeline.catalogs.pofiles import read_po, write_po

    po = read_po(path)
    entry = po.find(msgid)
    entry.msgstr = msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if fuzzy else [])
    write_po(path, po)


def blocks(path: Path) -> dict[str, str]:
    """The text of each entry of a PO file (and its header, under ""), keyed by msgid."""
    found = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = polib.pofile(block + "\n") if "msgid" in block else None
        key = next((e.msgid for e in entry), "") if entry is not None else ""
        found[key] = block
    return found


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
