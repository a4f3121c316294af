"""The translation memory: sentence outputs per engine/package/glossary, reviewed paragraphs."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.core.errors import InputError
from pipeline.mt.memory import Memory, MemoryKey, open_memory

KEY = MemoryKey("argos", "translate-en_az", "1.9", "az", "g1")


def test_stored_sentences_are_found_under_the_same_key_only(tmp_path):
    with Memory(tmp_path / "tm.sqlite") as memory:
        assert memory.store(KEY, [("One.", "Bir.", -0.5), ("Two.", "İki.", None)]) == 2
        found = memory.lookup(KEY, ["One.", "Two.", "Three."])
        assert {s: (c.text, c.score) for s, c in found.items()} == {"One.": ("Bir.", -0.5), "Two.": ("İki.", None)}
        for other in (
            MemoryKey("argos", "translate-en_az", "2.0", "az", "g1"),  # new package version
            MemoryKey("argos", "translate-en_az", "1.9", "az", "g2"),  # new glossary version
            MemoryKey("argos", "translate-en_az", "1.9", "tr", "g1"),  # other locale
            MemoryKey("pseudo", "", "", "az", "g1"),
        ):
            assert memory.lookup(other, ["One."]) == {}


def test_memory_persists_and_creates_its_directory(tmp_path):
    path = tmp_path / "deep" / ".l10n" / "tm.sqlite"
    with Memory(path) as memory:
        memory.store(KEY, [("One.", "Bir.", -0.1)])
        memory.remember_reviewed("az", "A paragraph.", "Bir paraqraf.")
    with Memory(path) as memory:
        assert memory.lookup(KEY, ["One."])["One."].text == "Bir."
        assert memory.lookup_reviewed("az", "A paragraph.") == "Bir paraqraf."
        assert memory.lookup_reviewed("tr", "A paragraph.") is None
        assert memory.counts() == {"sentences": 1, "reviewed": 1}
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reviewed_translation_is_replaced_by_a_newer_one():
    memory = Memory()
    memory.remember_reviewed("az", "P.", "old")
    memory.remember_reviewed_many("az", [("P.", "new"), ("Q.", "q")])
    assert memory.lookup_reviewed("az", "P.") == "new"
    assert memory.lookup_reviewed("az", "Q.") == "q"


def test_a_failed_transaction_writes_nothing(tmp_path):
    memory = Memory(tmp_path / "tm.sqlite")
    with pytest.raises(KeyboardInterrupt):
        with memory.transaction():
            memory.store(KEY, [("One.", "Bir.", 0.0)])
            memory.remember_reviewed("az", "P.", "p")
            raise KeyboardInterrupt  # killed half way
    assert memory.lookup(KEY, ["One."]) == {}
    assert memory.lookup_reviewed("az", "P.") is None


_KILLED_WRITER = """
import sys, time
from pipeline.mt.memory import Memory, MemoryKey
memory = Memory(sys.argv[1])
key = MemoryKey("argos", "translate-en_az", "1.9", "az", "g1")
memory.store(key, [("One.", "Bir.", 0.0)])
with memory.transaction():
    memory.store(key, [("Two.", "İki.", 0.0)])
    memory.remember_reviewed("az", "P.", "p")
    print("in transaction", flush=True)
    time.sleep(60)
"""


def test_a_run_killed_mid_transaction_keeps_earlier_commits_only(tmp_path):
    import signal
    import subprocess
    import sys

    path = tmp_path / "tm.sqlite"
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "in transaction"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    with Memory(path) as again:
        assert again.lookup(KEY, ["One.", "Two."]).keys() == {"One."}
        assert again.lookup_reviewed("az", "P.") is None


def test_large_lookups_are_chunked():
    memory = Memory()
    memory.store(KEY, [(f"S{i}.", f"T{i}.", None) for i in range(1500)])
    assert len(memory.lookup(KEY, [f"S{i}." for i in range(2000)])) == 1500


def test_a_file_that_is_not_a_database_is_an_input_error_saying_to_move_it_aside(tmp_path):
    bad = tmp_path / "tm.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError) as error:
        Memory(bad)
    message = str(error.value)
    assert message.startswith(f"{bad}: the translation memory is damaged (file is not a database)")
    assert f"mv {bad} {bad}.broken" in message and "`l10n translate` rebuilds" in message
    assert "\n" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tm.sqlite"]  # no -wal or -shm left beside it


def _damaged_after_the_header(path) -> bytes:
    """A real memory whose bytes after SQLite's 100-byte header are overwritten with garbage."""
    with Memory(path) as memory:
        memory.store(KEY, [(f"S{i}.", "T" * 200, None) for i in range(300)])
    data = path.read_bytes()
    damaged = data[:100] + bytes((i * 131 + 7) % 256 for i in range(len(data) - 100))
    path.write_bytes(damaged)
    return damaged


def test_a_memory_damaged_past_its_header_is_an_input_error_and_is_left_as_it_was(tmp_path):
    path = tmp_path / "tm.sqlite"
    damaged = _damaged_after_the_header(path)
    with pytest.raises(InputError, match=r"the translation memory is damaged \(database disk image is malformed\)"):
        Memory(path)
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tm.sqlite"]


def test_damage_found_after_opening_is_an_input_error_too(tmp_path):
    """Opening reads the first page only: damage further in is found by a query, and said the same way."""
    path = tmp_path / "tm.sqlite"
    with Memory(path) as memory:
        memory.store(KEY, [(f"S{i}.", "T" * 200, None) for i in range(300)])
    data = path.read_bytes()
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    path.write_bytes(data[:page] + b"\xff" * (len(data) - page))  # every page but the first
    with Memory(path) as memory:
        with pytest.raises(InputError, match=f"^{path}: the translation memory is damaged"):
            memory.lookup(KEY, [f"S{i}." for i in range(300)])
        with pytest.raises(InputError, match=f"^{path}: the translation memory is damaged"):
            memory.store(KEY, [("One.", "Bir.", None)])


def test_a_full_disk_and_a_read_only_memory_say_so():
    from pipeline.mt.memory import memory_error

    full = memory_error("tm.sqlite", sqlite3.OperationalError("database or disk is full"))
    assert str(full).startswith("tm.sqlite: cannot write the translation memory: the disk is full")
    readonly = memory_error("tm.sqlite", sqlite3.OperationalError("attempt to write a readonly database"))
    assert "it is read-only" in str(readonly) and "writable" in readonly.hint


def test_open_memory_defaults_under_the_project_root(tmp_path):
    with open_memory(tmp_path) as memory:
        memory.remember_reviewed("ru", "A.", "А.")
    assert (tmp_path / ".l10n" / "tm.sqlite").is_file()
