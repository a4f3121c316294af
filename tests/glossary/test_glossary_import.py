"""``l10n glossary import``: a translator's save is never lost, and a TBX file cannot hurt the run.

* the YAML files keep what people wrote: only the entries that change, change;
* two imports at the same time both land (the glossary directory is locked, and read
  again under the lock);
* only regular files are read, within a size and an entry limit, each refusal one line.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import glossary_commands
from pipeline.glossary import CATEGORIES, load_glossary
from pipeline.glossary import tbx_import
from pipeline.glossary.tbx_import import Limits, read_tbx
from pipeline.core.errors import InputError
from glossary_cli_project import l10n, one_line, project, snapshot  # noqa: F401  (project: fixture)

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en-US"><text><body>\n'
TAIL = "</body></text></martif>\n"


def entry(term: str, az: str, ru: str, tr: str, extra: str = "") -> str:
    """One memoQ-style entry: no id, no subject field."""
    sets = "".join(
        f'<langSet xml:lang="{lang}"><tig><term>{text}</term></tig>{more}</langSet>\n'
        for lang, text, more in (("en-US", term, ""), ("az-Latn-AZ", az, ""), ("ru-RU", ru, extra), ("tr-TR", tr, ""))
    )
    return f"<termEntry>\n{sets}</termEntry>\n"


def write_tbx(path: Path, *entries: str) -> Path:
    path.write_text(HEAD + "".join(entries) + TAIL, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the files stay as written


def test_an_import_changes_only_the_lines_of_the_entries_it_changes(project):
    glossary = project / "glossary"
    tbx = write_tbx(
        project / "edit.tbx",
        entry("Shusha", "Şuşa", "Шуша", "Şuşa"),
        entry("Khankendi", "Xankəndi", "Ханкенди", "Hankendi", extra="<tig><term>Ханкенди (город)</term></tig>"),
    )
    before = {p.name: p.read_text(encoding="utf-8").splitlines(keepends=True) for p in glossary.glob("*.yaml")}
    result = l10n("glossary", "import", str(tbx), "--category", "place", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "added shusha" in result.stdout and "updated khankendi: +ru accepted 'Ханкенди (город)'" in result.stdout
    after = {p.name: p.read_text(encoding="utf-8").splitlines(keepends=True) for p in glossary.glob("*.yaml")}

    assert {name for name in after if after[name] != before[name]} == {"places.yaml"}
    diff = list(difflib.ndiff(before["places.yaml"], after["places.yaml"]))
    assert [line for line in diff if line.startswith("- ")] == []  # nothing removed or rewritten
    added = [line[2:] for line in diff if line.startswith("+ ")]
    # Khankendi's Russian rendering gains one accepted form (its first: the key comes too) ...
    khankendi_ru = after["places.yaml"].index("        rendering: Ханкенди\n")
    assert after["places.yaml"][khankendi_ru + 1 : khankendi_ru + 3] == ["        accepted:\n", "          - Ханкенди (город)\n"]
    # ... and Shusha is appended after the last entry, in the file's layout.
    assert added[:2] == ["        accepted:\n", "          - Ханкенди (город)\n"]
    assert added[2:5] == ["\n", "  - id: shusha\n", "    term: Shusha\n"]
    assert len(after["places.yaml"]) == len(before["places.yaml"]) + len(added)
    # Every comment of every file survives, in order.
    for name in before:
        assert [line for line in after[name] if "#" in line] == [line for line in before[name] if "#" in line]


# --------------------------------------------------------------------------- concurrent imports


def test_two_imports_at_the_same_time_both_land(project):
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    names = []
    for round_ in range(4):
        files = []
        for side in ("a", "b"):
            word = f"Concurrent{side}{round_}"  # a new place per import
            names.append(word.lower())
            files.append(write_tbx(project / f"{word}.tbx", entry(word, f"{word} az", f"Конкурент{side}{round_}", f"{word} tr")))
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "pipeline", "glossary", "import", str(path)],
                cwd=project,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in files
        ]
        for run in runs:
            out, err = run.communicate(timeout=180)
            assert run.returncode == 0, err
        ids = {term.id for term in load_glossary(project / "glossary").terms}
        assert set(names) <= ids, f"round {round_}: lost {sorted(set(names) - ids)}"
    assert l10n("glossary", "validate", cwd=project).returncode == 0


# --------------------------------------------------------------------------- hardening


def _refused(project: Path, *args: str, timeout: float = 60) -> str:
    before = snapshot(project / "glossary")
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "glossary", "import", *args], cwd=project, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 2 and time.monotonic() - start < timeout
    assert snapshot(project / "glossary") == before
    return one_line(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(project):
    fifo = project / "pipe.tbx"
    os.mkfifo(fifo)
    line = _refused(project, str(fifo), timeout=30)
    assert line == f"l10n: {fifo}: not a regular file but a FIFO (named pipe); give the path of a .tbx file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_without_reading_it(project):
    line = _refused(project, "/dev/zero", timeout=30)
    assert line == "l10n: /dev/zero: not a regular file but a character device; give the path of a .tbx file"


def test_a_directory_is_refused(project):
    assert "not a regular file but a directory" in _refused(project, str(project / "glossary"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(project):
    big = write_tbx(project / "big.tbx", *[entry(f"Place{i}", "a", "б", "c") for i in range(4000)])
    assert big.stat().st_size > 2**20
    line = _refused(project, str(big), "--max-size", "1")
    assert line == (
        f"l10n: {big}: the file is {big.stat().st_size / 2**20:.1f} MB, more than the limit of "
        "1.0 MB; split the termbase, or raise the limit with --max-size"
    )


def test_a_file_over_the_entry_limit_is_refused_at_the_first_entry_too_many(project):
    tbx = write_tbx(project / "three.tbx", *[entry(f"Place{i}", f"Yer{i}", f"Место{i}", f"Yer{i}") for i in range(3)])
    line = _refused(project, str(tbx), "--max-entries", "2")
    third = tbx.read_text(encoding="utf-8").splitlines().index("<termEntry>", 12) + 1
    assert line == (
        f"l10n: {tbx}:{third}: the file has more than 2 entries, the limit; split the termbase, or raise the limit with --max-entries"
    )


def test_reading_stops_at_the_entry_limit(tmp_path):
    # Two entries, then no end: the limit is met before the broken XML is read.
    path = tmp_path / "endless.tbx"
    path.write_text(HEAD + entry("A", "a", "а", "a") * 3 + "<termEntry><broken", encoding="utf-8")
    with pytest.raises(InputError, match="more than 2 entries"):
        read_tbx(path, ("az", "ru", "tr"), limits=Limits(max_entries=2))


def test_the_cli_names_the_librarys_categories_and_limits():
    assert tuple(c.value for c in glossary_commands.Category) == CATEGORIES
    assert glossary_commands.DEFAULT_CATEGORY in CATEGORIES
    assert (glossary_commands.MAX_MEGABYTES, glossary_commands.MAX_ENTRIES) == (tbx_import.MAX_MEGABYTES, tbx_import.MAX_ENTRIES)
    assert Limits() == Limits(tbx_import.MAX_MEGABYTES * 2**20, tbx_import.MAX_ENTRIES)
