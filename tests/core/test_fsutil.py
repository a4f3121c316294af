"""Writing files: atomically (old or new content, never half), and cleaning up only our own temporaries.

Every temporary file the pipeline makes is called ``.l10n-tmp-<target>.<random>.tmp``.  A run
that holds a folder's lock removes the ones a killed run left there, and nothing else: a
user's ``.notes.tmp`` or ``x.tmp`` beside the catalogs or bundles is theirs.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core import fsutil
from pipeline.core.fsutil import (
    TEMP_PREFIX,
    atomic_write,
    atomic_write_chunks,
    exclusive,
    is_our_temporary,
    remove_stale_temporaries,
)

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = "2020-02-ombudsman-regional-events.txt"


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def ours(directory: Path, target: str) -> Path:
    """A temporary file exactly as a killed atomic_write leaves it."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{TEMP_PREFIX}{target}.k2j4h6g8.tmp"
    path.write_bytes(b"half a catalog")
    return path


def users(directory: Path, *names: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / name for name in names]
    for path in paths:
        path.write_text("the user's own notes\n")
    return paths


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / DOCUMENT, tmp_path / "corpus" / DOCUMENT)
    (tmp_path / "out").mkdir()
    return tmp_path


OPTIONS = ("--corpus", "corpus", "--locales", "out", "--no-glossary")


# -- which temporaries a run removes -----------------------------------------------------------


def test_our_temporaries_are_told_from_a_users_files_by_name():
    assert is_our_temporary(".l10n-tmp-az.po.k2j4h6g8.tmp")
    for name in (".notes.tmp", "x.tmp", ".az.po.k2j4h6g8.tmp", ".l10n-tmp-az.po", "l10n-tmp-x.tmp"):
        assert not is_our_temporary(name), name


def test_update_removes_the_temporaries_a_killed_run_left_and_keeps_the_users_own(project):
    out = project / "out"
    stale = [ours(out, "x.pot"), ours(out / "templates", "doc.pot"), ours(out / "az" / "LC_MESSAGES", "doc.po")]
    kept = users(out, ".notes.tmp", "x.tmp") + users(out / "az" / "LC_MESSAGES", ".notes.tmp", "x.tmp") + users(out / "az", "draft.po.tmp")
    run = l10n("update", *OPTIONS, cwd=project)
    assert run.returncode == 0, run.stderr
    assert [path for path in stale if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []
    assert all(path.read_text() == "the user's own notes\n" for path in kept)


def test_the_clean_up_stays_in_the_folders_we_write(project):
    out = project / "out"
    too_deep = ours(out / "az" / "LC_MESSAGES" / "archive", "old.po")  # we never write three levels down
    other_lock = out / "bundles"  # a folder with its own lock: its temporaries are its own runs' business
    (other_lock / ".l10n.lock").parent.mkdir(parents=True)
    (other_lock / ".l10n.lock").touch()
    in_flight = ours(other_lock, "az.json")
    run = l10n("update", *OPTIONS, cwd=project)
    assert run.returncode == 0, run.stderr
    assert too_deep.exists() and in_flight.exists()


def test_bundle_removes_its_killed_runs_temporaries_in_the_output_folder_and_keeps_the_users(project):
    assert l10n("update", *OPTIONS, cwd=project).returncode == 0
    bundles = project / "bundles"
    stale = [ours(bundles, "az.json"), ours(bundles / "az", "doc.txt"), ours(bundles / "az" / "LC_MESSAGES", "doc.mo")]
    kept = users(bundles, ".notes.tmp", "x.tmp") + users(bundles / "az", "x.tmp")
    run = l10n("bundle", *OPTIONS, "--out", "bundles", "--min-complete", "0", cwd=project)
    assert run.returncode == 0, run.stderr
    assert (bundles / "az.json").is_file()
    assert [path for path in stale if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


def test_bundle_writes_only_while_holding_the_output_folders_lock(project, monkeypatch):
    from pipeline.outputs.bundle import build_bundles
    from pipeline.core.config import load_config

    assert l10n("update", *OPTIONS, cwd=project).returncode == 0
    monkeypatch.chdir(project)
    config = load_config().with_overrides(corpus=project / "corpus", locales_dir=project / "out", glossary=None, locales=None)
    held = []
    real = fsutil.atomic_write

    def spy(path, data):
        from filelock import FileLock, Timeout

        try:  # another process (or lock object) cannot take the lock while a bundle is written
            FileLock(str(project / "bundles" / ".l10n.lock")).acquire(timeout=0)
            held.append(False)
        except Timeout:
            held.append(True)
        return real(path, data)

    monkeypatch.setattr("pipeline.outputs.bundle.atomic_write", spy)
    build_bundles(config, project / "bundles", min_complete=0)
    assert held and all(held)


def test_remove_stale_temporaries_counts_what_it_removed(tmp_path):
    ours(tmp_path, "a.po")
    ours(tmp_path / "ru", "b.po")
    users(tmp_path, ".notes.tmp")
    assert remove_stale_temporaries(tmp_path) == 2
    assert remove_stale_temporaries(tmp_path / "missing") == 0


# -- atomic_write: old or new, never half ------------------------------------------------------


def _fail_halfway(exception: BaseException):
    """An os.write that writes part of its data, then fails like a crash or a full disk."""
    real = os.write

    def write(fd, data):
        real(fd, bytes(data[: max(1, len(data) // 2)]))
        raise exception

    return write


@pytest.mark.parametrize(
    "exception", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")], ids=["interrupted", "disk-full"]
)
def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, exception):
    path = tmp_path / "az.po"
    path.write_bytes(b"old content\n")
    monkeypatch.setattr(os, "write", _fail_halfway(exception))
    with pytest.raises(type(exception)):
        atomic_write(path, b"new content " * 10_000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["az.po"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "az.po"
    path.write_bytes(b"old content\n")

    def replace(src, dst):
        raise OSError(errno.EROFS, "Read-only file system", src, None, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        atomic_write(path, b"new content\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["az.po"]


def test_an_os_error_names_the_file_being_written_not_our_temporary(tmp_path, monkeypatch):
    path = tmp_path / "az.po"
    monkeypatch.setattr(os, "write", _fail_halfway(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OSError) as error:
        atomic_write(path, b"new content\n")
    assert (error.value.errno, error.value.filename, error.value.filename2) == (errno.ENOSPC, str(path), None)


_KILLED_WRITE = """
import os, signal, sys
from pipeline.core import fsutil
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed after writing, before the rename
fsutil.atomic_write(sys.argv[1], b"new content\\n")
"""


def test_a_write_killed_before_the_rename_leaves_the_old_file_and_the_next_locked_run_removes_its_temporary(tmp_path):
    path = tmp_path / "ru" / "LC_MESSAGES" / "doc.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"old content\n")
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITE, str(path)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == b"old content\n"
    left = [p.name for p in path.parent.iterdir() if p != path]
    assert len(left) == 1 and left[0].startswith(f"{TEMP_PREFIX}doc.po.") and is_our_temporary(left[0])
    with exclusive(tmp_path):
        pass
    assert sorted(p.name for p in path.parent.iterdir()) == ["doc.po"]


def test_atomic_write_replaces_and_skips_identical_content(tmp_path):
    path = tmp_path / "deep" / "az.po"
    assert atomic_write(path, b"one\n") is True
    assert atomic_write(path, b"one\n") is False
    assert atomic_write(path, b"two\n") is True
    assert path.read_bytes() == b"two\n"


def test_a_target_with_the_longest_allowed_name_gets_a_temporary_that_fits(tmp_path):
    path = tmp_path / ("ə" * 120 + ".po")  # 244 bytes in UTF-8: fits NAME_MAX, prefix and suffix would not
    assert atomic_write(path, b"content\n") is True
    assert path.read_bytes() == b"content\n"


# -- atomic_write_chunks: the same guarantees for data made piece by piece ----------------------


def test_chunks_are_written_whole_and_an_unchanged_file_is_left_alone(tmp_path):
    path = tmp_path / "build" / "report.html"
    assert atomic_write_chunks(path, iter([b"<p>", b"one", b"</p>\n"])) is True
    assert path.read_bytes() == b"<p>one</p>\n"
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert atomic_write_chunks(path, [b"<p>one</p>\n"]) is False  # the same bytes: not rewritten
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert atomic_write_chunks(path, [b"<p>two</p>\n"]) is True and path.read_bytes() == b"<p>two</p>\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]


def test_a_chunk_maker_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(b"old page\n")

    def chunks():
        yield b"new page, first half"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_chunks(path, chunks())
    assert path.read_bytes() == b"old page\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
