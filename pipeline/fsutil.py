"""Files written at the edges: atomically, and one writer at a time."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import InputError


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


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted run leaves either the old file or the new one, never a truncated one.
    Returns False (and touches nothing) when the file already holds exactly ``data``, so a
    no-change run rewrites nothing.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def remove_stale_temporaries(directory: Path) -> int:
    """Delete temporary files that a killed run left behind under ``directory``.

    Only call this while holding :func:`exclusive` on the directory: then no other run can
    be in the middle of writing one.  Returns how many were removed.
    """
    removed = 0
    for path in Path(directory).rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def exclusive(directory: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the pipeline's lock on ``directory`` (a ``.l10n.lock`` file) for the block.

    Two runs on the same locales directory never interleave their writes: the second
    waits up to ``timeout`` seconds, then fails with a clear message.  Temporary files left
    by a run that was killed are removed once the lock is held.
    """
    from filelock import FileLock, Timeout

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(directory / ".l10n.lock"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise InputError(
            directory, "another l10n run holds the lock on this directory",
            "wait for it to finish, or remove .l10n.lock if no run is active",
        ) from None
    try:
        remove_stale_temporaries(directory)
        yield
    finally:
        lock.release()
