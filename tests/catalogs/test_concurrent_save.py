"""A translator's save is never lost: commands that rewrite a catalog merge again when it changed.

Editors such as Poedit do not take the pipeline's lock.  ``update``, ``translate`` and ``run``
read a catalog, work for a while, and write it back; a save that lands in between must survive,
and the command's own change must still be made on top of it (pipeline/safe_rewrite.py).

Two kinds of test:

* deterministic, in-process: ``safe_rewrite.before_replace`` (called after the new content is
  in its temporary file and the catalog was compared with what the command read, right before
  the rename) is replaced by a function that saves a translator's edit at exactly that moment.
  Each runs twice: with renameat2's RENAME_EXCHANGE (Linux), and with the stat-then-rename used
  where that is missing;
* a real concurrent writer: ``l10n update``/``translate --engine pseudo``/``run --engine pseudo``
  run as a subprocess while a thread saves translator edits into random catalogs (each edit a
  complete file written to a temporary and renamed over the catalog, like an editor).  After the
  command, every edit the thread made must be in its catalog.  ``L10N_TRIALS`` trials per
  command (default 5; the report's figures come from L10N_TRIALS=100).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest

from pipeline.core import fsutil
from pipeline.catalogs import jobs, safe_rewrite
from pipeline.core.config import Config
from pipeline.catalogs.jobs import update
from pipeline.catalogs.layout import catalog_path
from pipeline.mt.job import translate
from pipeline.catalogs.update_state import UpdateState

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
TRIALS = int(os.environ.get("L10N_TRIALS", "5"))
SEED = 20260226

P1 = "The first paragraph tells what happened in the town of Khojaly in February 1992."
P2 = "The second paragraph describes what the international press wrote about it afterwards."
P3 = "The third paragraph lists the organisations that recognised the events as a crime."
P4 = "A fourth paragraph, added to the document while a translator was at work."
TRANSLATION = "Birinci paragraf, 1992-ci ilin fevralında Xocalı şəhərində baş verənləri anladır."


# -- helpers -----------------------------------------------------------------------------------


def save_like_an_editor(path: Path, change) -> None:
    """Read the catalog, apply ``change(po)``, and write the whole file to a temporary renamed over it."""
    po = polib.pofile(path.read_text(encoding="utf-8"))
    change(po)
    temporary = path.with_name(f".{path.name}.editor~")
    temporary.write_text(po.__unicode__(), encoding="utf-8")
    os.replace(temporary, path)


def translate_entry(msgid: str, text: str):
    def change(po: polib.POFile) -> None:
        entry = po.find(msgid)
        entry.msgstr = text
        entry.flags = [f for f in entry.flags if f != "fuzzy"]

    return change


def live(path: Path, msgid: str) -> polib.POEntry | None:
    return next((e for e in polib.pofile(str(path)) if e.msgid == msgid and not e.obsolete), None)


@pytest.fixture
def project(tmp_path):
    """Two documents, catalogs for tr and az made by ``update`` (all untranslated)."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n", encoding="utf-8")
    (tmp_path / "corpus" / "two.txt").write_text(f"{P3}\n", encoding="utf-8")
    config = Config(root=tmp_path, locales=("tr", "az"))
    update(config)
    return config


def one(config: Config, locale: str = "tr") -> Path:
    return catalog_path(config.root / "locales", locale, "one")


def edit_corpus(config: Config) -> None:
    (config.root / "corpus" / "one.txt").write_text(f"{P1}\n\n{P2}\n\n{P4}\n", encoding="utf-8")


@pytest.fixture(params=["renameat2", "stat-then-rename"])
def mechanism(request, monkeypatch):
    """How the new catalog is put in place: swapped in (Linux), or renamed after a last stat."""
    if request.param == "renameat2":
        assert safe_rewrite._renameat2() is not None, "renameat2 is missing: these tests run on Linux"
    else:
        monkeypatch.setattr(safe_rewrite, "_renameat2", lambda: None)
    return request.param


def hook_saving(target: Path, changes: list):
    """A ``before_replace`` that saves the next of ``changes`` into ``target`` at each call for it."""
    calls = []

    def before_replace(path: Path) -> None:
        if Path(path) == target and len(calls) < len(changes):
            save_like_an_editor(target, changes[len(calls)])
            calls.append(path)

    return before_replace, calls


# -- deterministic: a save between our read and our rename -------------------------------------


def test_update_keeps_a_save_made_while_it_merged_and_still_adds_the_new_paragraph(project, mechanism, monkeypatch):
    path = one(project)
    edit_corpus(project)
    hook, calls = hook_saving(path, [translate_entry(P1, TRANSLATION)])
    monkeypatch.setattr(safe_rewrite, "before_replace", hook)

    results = update(project)

    assert len(calls) == 1, "the save was made between update's read and its rename"
    saved = live(path, P1)
    assert saved.msgstr == TRANSLATION and "fuzzy" not in saved.flags  # the translator's save
    assert live(path, P4) is not None  # update's own change, merged into what was saved
    result = next(r for r in results if r.path == path)
    assert result.written and not result.left_alone and result.report.added == 1
    assert live(one(project, "az"), P4) is not None  # the other catalogs are written as usual


def test_a_save_made_while_update_merges_is_caught_by_the_byte_comparison(project, mechanism, monkeypatch):
    """The save lands long before the rename (during the merge): the bytes differ from those read."""
    path = one(project)
    edit_corpus(project)
    merge = jobs.merge
    saves = []

    def merge_while_a_translator_saves(template, existing, locale, hints=None):
        if locale == "tr" and not saves:
            save_like_an_editor(path, translate_entry(P1, TRANSLATION))
            saves.append(path)
        return merge(template, existing, locale, hints)

    monkeypatch.setattr(jobs, "merge", merge_while_a_translator_saves)

    update(project)

    assert saves and live(path, P1).msgstr == TRANSLATION and live(path, P4) is not None


def test_translate_drafts_only_the_entries_a_concurrent_save_left_empty(project, mechanism, monkeypatch):
    path = one(project)
    hook, calls = hook_saving(path, [translate_entry(P1, TRANSLATION)])
    monkeypatch.setattr(safe_rewrite, "before_replace", hook)

    results = {r.locale: r.stats for r in translate(project, "pseudo")}

    assert len(calls) == 1
    saved = live(path, P1)
    assert saved.msgstr == TRANSLATION and "fuzzy" not in saved.flags and "MT: " not in saved.tcomment
    drafted = live(path, P2)
    assert drafted.msgstr.startswith("[") and "fuzzy" in drafted.flags and "MT: pseudo" in drafted.tcomment
    # The summary counts the drafts that reached the files: 3 empty entries in tr, one filled by hand.
    assert results["tr"].drafts_written == 2 and results["az"].drafts_written == 3
    assert results["tr"].drafts == []  # the job lists only flagged drafts: none lost anything here


def test_a_catalog_saved_at_every_attempt_is_left_alone_with_one_line_and_merged_next_run(project, mechanism, monkeypatch, capsys):
    path = one(project)
    edit_corpus(project)
    saves = [translate_entry(P1, f"{TRANSLATION} ({n})") for n in range(safe_rewrite.ATTEMPTS)]
    hook, calls = hook_saving(path, saves)
    monkeypatch.setattr(safe_rewrite, "before_replace", hook)

    results = update(project)

    assert len(calls) == safe_rewrite.ATTEMPTS
    assert live(path, P1).msgstr == f"{TRANSLATION} ({safe_rewrite.ATTEMPTS - 1})"  # the last save, untouched
    assert live(path, P4) is None
    result = next(r for r in results if r.path == path)
    assert not result.written and "changed 5 times" in result.left_alone
    lines = [line for line in capsys.readouterr().err.splitlines() if str(path) in line]
    assert len(lines) == 1 and "left as it is" in lines[0] and "run `l10n update` again" in lines[0], lines
    assert live(one(project, "az"), P4) is not None  # the other catalogs are written as usual

    monkeypatch.setattr(safe_rewrite, "before_replace", lambda path: None)
    again = next(r for r in update(project) if r.path == path)
    assert again.written and live(path, P4) is not None
    assert live(path, P1).msgstr == f"{TRANSLATION} ({safe_rewrite.ATTEMPTS - 1})"


def test_a_save_that_no_longer_parses_is_left_alone(project, mechanism, monkeypatch, capsys):
    path = one(project)
    edit_corpus(project)
    broken = b'msgid ""\nmsgstr "half a save\n'

    def before_replace(target: Path) -> None:
        if Path(target) == path:
            path.write_bytes(broken)

    monkeypatch.setattr(safe_rewrite, "before_replace", before_replace)

    result = next(r for r in update(project) if r.path == path)

    assert path.read_bytes() == broken and not result.written
    lines = [line for line in capsys.readouterr().err.splitlines() if str(path) in line]
    assert len(lines) == 1 and "fails to read" in lines[0], lines


def test_translate_does_not_recreate_a_catalog_deleted_while_it_drafted(project, mechanism, monkeypatch, capsys):
    path = one(project)

    def before_replace(target: Path) -> None:
        if Path(target) == path:
            path.unlink()

    monkeypatch.setattr(safe_rewrite, "before_replace", before_replace)

    stats = {r.locale: r.stats for r in translate(project, "pseudo")}["tr"]

    assert not path.exists()
    assert path not in stats.changed and stats.drafts_written == 1  # only two.po's draft was written
    assert "was deleted" in capsys.readouterr().err


def test_an_editor_that_writes_in_place_before_the_rename_is_seen_too(project, mechanism, monkeypatch):
    """Not every editor renames a new file over the catalog: some truncate and rewrite it."""
    path = one(project)
    edit_corpus(project)
    written = []

    def before_replace(target: Path) -> None:
        if Path(target) == path and not written:
            po = polib.pofile(str(path))
            translate_entry(P1, TRANSLATION)(po)
            path.write_text(po.__unicode__(), encoding="utf-8")  # same inode, new bytes
            written.append(path)

    monkeypatch.setattr(safe_rewrite, "before_replace", before_replace)

    update(project)

    assert live(path, P1).msgstr == TRANSLATION and live(path, P4) is not None


def test_a_second_save_landing_while_ours_is_swapped_in_wins_over_the_first(project, monkeypatch):
    """RENAME_EXCHANGE: a save made after our check is swapped out, then put back; if the editor
    saves again in the microseconds our file is in place, that newer save is the one put back."""
    path = one(project)
    edit_corpus(project)
    first: list[str] = []

    def before_replace(target: Path) -> None:
        if Path(target) == path and not first:
            save_like_an_editor(path, translate_entry(P1, "first save"))
            first.append(path.read_text(encoding="utf-8"))  # the editor's buffer

    real_swap = safe_rewrite._swap
    second = []

    def swap(source, target, flags):
        done = real_swap(source, target, flags)
        if Path(target) == path and flags == safe_rewrite.RENAME_EXCHANGE and first and not second:
            po = polib.pofile(first[0])  # the editor saves its buffer again, with one more edit
            translate_entry(P2, "second save")(po)
            temporary = path.with_name(f".{path.name}.editor~")
            temporary.write_text(po.__unicode__(), encoding="utf-8")
            os.replace(temporary, path)
            second.append(path)
        return done

    monkeypatch.setattr(safe_rewrite, "before_replace", before_replace)
    monkeypatch.setattr(safe_rewrite, "_swap", swap)

    result = next(r for r in update(project) if r.path == path)

    assert second, "the second save landed while our file was in place"
    assert live(path, P1).msgstr == "first save" and live(path, P2).msgstr == "second save"
    assert live(path, P4) is not None and result.written
    assert not [p for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(".")]


def test_a_save_right_after_update_wrote_a_catalog_makes_the_next_run_merge_it_again(project, monkeypatch):
    """After the last check, a save can still land (the documented microseconds, or just after the
    rename).  Update's record of what it wrote must then not match, so the next run merges again."""
    path = one(project)
    before = path.read_bytes()  # what the translator's editor still holds
    edit_corpus(project)
    record = UpdateState.record

    def save_then_record(self, target, inputs, **extra):
        if Path(target) == path:
            path.write_bytes(before)  # the editor saves its old copy right after update's rename
        return record(self, target, inputs, **extra)

    monkeypatch.setattr(UpdateState, "record", save_then_record)
    update(project)
    assert live(path, P4) is None  # the save replaced update's merge
    monkeypatch.setattr(UpdateState, "record", record)

    again = next(r for r in update(project) if r.path == path)

    assert again.written and live(path, P4) is not None


def test_a_rerun_on_unchanged_inputs_still_parses_no_catalog(project, monkeypatch):
    """Update records the hash of the bytes it wrote: the same hash the update state checks."""
    edit_corpus(project)
    update(project)
    read = []
    monkeypatch.setattr(jobs, "read_catalog", lambda path: read.append(path))
    assert not [r for r in update(project) if r.written]
    assert read == []


def test_our_temporary_file_is_one_the_lock_cleanup_recognises(project, monkeypatch):
    path = one(project)
    edit_corpus(project)
    seen = []
    monkeypatch.setattr(
        safe_rewrite, "before_replace", lambda target: seen.extend(p.name for p in Path(target).parent.iterdir() if p.name.endswith(".tmp"))
    )
    update(project)
    assert seen and all(fsutil.is_our_temporary(name) for name in seen), seen
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


# -- a real concurrent writer -------------------------------------------------------------------


class Translator(threading.Thread):
    """Saves translator edits into random catalogs until stopped; each edit a new text.

    An edit never replaces one of the thread's own earlier edits (``update`` may have moved an
    earlier one to the entry of the changed paragraph), so each must be found afterwards.
    """

    def __init__(self, out: Path, rng: random.Random, tag: str):
        super().__init__(daemon=True)
        self.out, self.rng, self.tag = out, rng, tag
        self.edits: list[tuple[Path, str]] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.edit_once()
                self.stop.wait(self.rng.uniform(0, 0.02))
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error

    def edit_once(self) -> None:
        path = self.rng.choice(sorted(self.out.glob("*/LC_MESSAGES/*.po")))
        text = f"translator {self.tag} edit {len(self.edits)}"
        chosen = []

        def change(po: polib.POFile) -> None:
            free = [e for e in po if e.msgid and not e.obsolete and not e.msgstr.startswith("translator ")]
            if free:
                chosen.append(self.rng.choice(free).msgid)
                translate_entry(chosen[0], text)(po)

        save_like_an_editor(path, change)
        if chosen:
            self.edits.append((path, text))


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def _append_sentence(corpus: Path) -> None:
    """Change one paragraph of every document and add one: every catalog must be merged again."""
    for path in sorted(corpus.glob("*.txt")):
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        longest = max(range(len(blocks)), key=lambda i: len(blocks[i]))
        blocks[longest] = blocks[longest].rstrip() + " This sentence was added during the trial."
        path.write_text("\n\n".join(blocks) + f"\n\nA paragraph added to {path.stem} during the trial.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def saved_project(tmp_path_factory):
    """The corpus with untranslated az/ru/tr catalogs made by `update`, kept as a template for each trial."""
    root = tmp_path_factory.mktemp("concurrent")
    shutil.copytree(CORPUS, root / "corpus")
    (root / "out").mkdir()
    made = subprocess.run(
        [sys.executable, "-m", "pipeline", "update", "--corpus", "corpus", "--locales", "out", "--no-glossary"],
        cwd=root,
        env=_env(root / "cache"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    return root


COMMANDS = {
    "update": (["update"], True),
    "translate": (["translate", "--engine", "pseudo"], False),
    "run": (["run", "--engine", "pseudo"], True),
}


@pytest.mark.parametrize("trial", range(TRIALS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_save_made_during_a_command_is_in_its_catalog_afterwards(saved_project, tmp_path, command, trial):
    args, edit_sources = COMMANDS[command]
    root = tmp_path / "project"
    shutil.copytree(saved_project, root)
    if edit_sources:
        _append_sentence(root / "corpus")
    rng = random.Random(f"{SEED}-{command}-{trial}")
    translator = Translator(root / "out", rng, f"{command}-{trial}")
    translator.start()
    try:
        ran = subprocess.run(
            [sys.executable, "-m", "pipeline", *args, "--corpus", "corpus", "--locales", "out", "--no-glossary"],
            cwd=root,
            env=_env(saved_project / "cache"),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        translator.stop.set()
        translator.join(timeout=30)
    assert translator.error is None, repr(translator.error)
    assert ran.returncode in ((0, 1) if command == "run" else (0,)), ran.stderr  # run: 1 = check findings
    assert translator.edits, "the translator made no edit during the command"

    missing = []
    for path, text in translator.edits:
        if not any(entry.msgstr == text for entry in polib.pofile(str(path))):
            missing.append(f"{path.relative_to(root)}: {text}")
    assert not missing, f"{len(missing)} of {len(translator.edits)} saves lost: {missing[:5]}"
    # Not vacuous: the command did its own work on the catalogs too.
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "out").glob("*/LC_MESSAGES/*.po"))
    assert ("during the trial" in text) if edit_sources else ("# MT: pseudo" in text)
    assert not [p for p in (root / "out").rglob("*") if fsutil.is_our_temporary(p.name)]
