"""Files written at the edges: atomically, and one writer at a time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.core.errors import InputError


def user_umask() -> int:
    """The process umask (read once)."""
    # os.umask can only be read by setting it; done once, before any thread of ours writes.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def new_file_mode(path: Path) -> int:
    """The mode a rewritten ``path`` gets: the old file's, or what the user's umask gives a new file.

    mkstemp creates files 0600; bundles and reports are served by web servers, so a file we
    write must look like one any other program wrote (0644 under the usual umask).
    """
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~user_umask()


#: Every temporary file the pipeline creates is named ``.l10n-tmp-<target>.<random>.tmp``, so
#: the clean-up after a killed run can tell it from a user's own ``.notes.tmp`` or ``x.tmp``.
TEMP_PREFIX = ".l10n-tmp-"
TEMP_SUFFIX = ".tmp"
_TARGET_BYTES = 80  # of the target's name kept in the temporary's: the whole name must fit NAME_MAX (255)
_LOCK_NAME = ".l10n.lock"


def is_our_temporary(name: str) -> bool:
    """Whether the file name ``name`` is one of the pipeline's own temporary files."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def temporary_prefix(path: Path) -> str:
    """The name our temporary for ``path`` starts with (the clean-up removes only such files)."""
    name = path.name
    while len(os.fsencode(name)) > _TARGET_BYTES:
        name = name[:-1]
    return f"{TEMP_PREFIX}{name}."


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file, fsync and a rename.

    An interrupted run leaves either the old file or the new one, never a truncated one; a
    failed write removes its temporary file (a killed one leaves it for
    :func:`remove_stale_temporaries`).  Returns False (and touches nothing) when the file
    already holds exactly ``data``, so a no-change run rewrites nothing.

    An :class:`OSError` (disk full, permission, read-only file system …) is re-raised with
    ``filename`` set to ``path``: the error would otherwise name our temporary file, or no
    file at all (ENOSPC from ``write``), and the command line names the file in one line.
    """
    path = Path(path)
    try:
        return _replace(path, data)
    except OSError as error:
        error.filename, error.filename2 = str(path), None
        raise


def _replace(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    return _write_through_temporary(path, (data,), keep_if_same=False)


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> bool:
    """:func:`atomic_write` for data made piece by piece: each chunk is written as it comes, never all held at once.

    The same guarantees: the old file or the new one, never a mix; False (the temporary
    removed, ``path`` untouched) when the file already held exactly these bytes.
    """
    path = Path(path)
    try:
        return _write_through_temporary(path, chunks, keep_if_same=True)
    except OSError as error:
        error.filename, error.filename2 = str(path), None
        raise


def new_temporary(path: Path) -> str:
    """A new empty temporary file for ``path``, beside it (named by :func:`temporary_prefix`): its name.

    The caller removes it or renames it over ``path``; a killed run leaves it for
    :func:`remove_stale_temporaries`.
    """
    import tempfile  # here, not at the top: commands that only read (check, stats) never need it

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    return tmp


def _write_through_temporary(path: Path, chunks: Iterable[bytes], keep_if_same: bool) -> bool:
    """Write ``chunks`` to a temporary beside ``path``, fsync, rename over ``path``; with ``keep_if_same``,
    drop the temporary instead when ``path`` already holds the same bytes (False)."""
    mode = new_file_mode(path)
    tmp = new_temporary(path)
    try:
        fd = os.open(tmp, os.O_WRONLY)
        try:
            os.fchmod(fd, mode)
            for chunk in chunks:
                _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_if_same and _same_bytes(tmp, path):
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def _same_bytes(one: str, other: Path) -> bool:
    """Whether the files hold the same bytes (a missing ``other``: no), read in blocks."""
    import filecmp

    try:
        return filecmp.cmp(one, other, shallow=False)
    except FileNotFoundError:
        return False


def remove_stale_temporaries(directory: Path, depth: int = 2) -> int:
    """Delete the temporary files that a killed run of ours left in ``directory``.

    Only files named by :func:`atomic_write` (:func:`is_our_temporary`) are removed, never a
    user's own ``*.tmp``; only in ``directory`` and its subfolders down to ``depth`` levels
    (the deepest we write is ``<locales>/<lang>/LC_MESSAGES``), so ``--out ~`` does not walk
    a home folder; and not inside a subfolder with its own lock file, whose temporaries
    belong to the runs holding that lock.  Call this only while holding :func:`exclusive`
    on ``directory``: then no other run can be in the middle of writing one.  Returns how
    many were removed.
    """
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False) and is_our_temporary(entry.name):
                os.unlink(entry.path)
                removed += 1
            elif depth > 0 and entry.is_dir() and not os.path.lexists(os.path.join(entry.path, _LOCK_NAME)):
                removed += remove_stale_temporaries(Path(entry.path), depth - 1)
        except OSError:
            continue  # one we cannot remove costs only its space; the run goes on
    return removed


@contextlib.contextmanager
def exclusive(directory: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the pipeline's lock on ``directory`` (a ``.l10n.lock`` file) for the block.

    Two runs on the same locales directory never interleave their writes: the second
    waits up to ``timeout`` seconds, then fails with a clear message.  Temporary files left
    by a run that was killed are removed once the lock is held.
    """
    from filelock import FileLock, Timeout  # here: only commands that write take the lock (start-up of check, stats)

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(directory / _LOCK_NAME))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise InputError(
            directory,
            "another l10n run holds the lock on this directory",
            "wait for it to finish, or remove .l10n.lock if no run is active",
        ) from None
    try:
        remove_stale_temporaries(directory)
        yield
    finally:
        lock.release()
