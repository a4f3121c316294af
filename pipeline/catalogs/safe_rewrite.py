"""Rewrite a catalog without losing a save that landed while a command was working on it.

Translators' editors (Poedit, Lokalize, po-mode) do not take the pipeline's lock, so a save can
land at any moment of ``l10n update``, ``translate`` or ``run``: between reading a catalog and
writing it back, a command holds it for seconds (machine translation of a whole locale).  Every
command that rewrites a catalog therefore goes through :func:`rewrite_catalog`, which

1. renders the catalog in the charset its header declares and writes it to a temporary file
   beside it (fsync'ed), so that nothing slow is left between the last check and the rename;
2. checks that the file on disk still holds exactly the bytes the command read;
3. if so, puts the temporary file in its place.  If not, somebody saved it meanwhile: the
   command's change is made again on what they saved (``redo``: ``update`` merges the template
   into it again; ``translate`` puts its drafts only where the new file still has an empty
   msgstr) and the cycle repeats, at most :data:`ATTEMPTS` times;
4. leaves the file as it is, with one line on stderr naming it and saying what to do, when it
   keeps changing, no longer parses, or (for ``translate``) was deleted.

The window between the check (2) and the rename (3).  POSIX has no "rename only if the target
is unchanged", and a plain ``os.replace`` after the check loses a save renamed over the file in
between.  That is microseconds of code, but a process can be descheduled inside it: under load
(2 cores, load 7) it lost 2 saves in 100 trials of a test editor saving every ~30 ms.  So on
Linux (renameat2, glibc 2.28+; ext4, xfs, btrfs, tmpfs) step 3 swaps our file with the catalog
(RENAME_EXCHANGE) instead: nothing at the catalog's name is unlinked unchecked.  The file
swapped out is compared with the one we checked (same inode, same bytes); anything else is a
save, and is swapped back (:func:`_give_back`).  What remains: a save is lost only if three
saves land within the microseconds of a swap back; an editor that writes into the file in place
(not a new file renamed over it) is overwritten when its write comes after our last comparison
(a write into an inode we then remove cannot be caught); and a save that lands after our swap
replaces our content, as any later save does (the translator's work wins, ours is not there).
Elsewhere (another OS, a file system without RENAME_EXCHANGE) step 3 is one ``stat`` (same
inode, size and timestamps as checked) and ``os.replace``: the window is those two calls.

The caller must hold :func:`pipeline.core.fsutil.exclusive` on the locales folder: the lock keeps
other l10n runs out; this module is about programs that do not take it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable

import polib

from pipeline.core.errors import InputError

# The temporary files are named as atomic_write names its own, so that the lock's clean-up after
# a kill -9 (fsutil.remove_stale_temporaries) recognises and removes ours too.
from pipeline.core.fsutil import TEMP_SUFFIX, temporary_prefix, new_file_mode
from pipeline.catalogs.pofiles import encode_po, parse_po

#: How many times a catalog is merged again when it keeps changing under a command.
ATTEMPTS = 5

#: ``redo(current)``: the command's change made again on the catalog's new content (None: the
#: file was deleted).  Returns the catalog to write (None: leave the file alone) and the
#: command's own result for it (a merge report, the drafts that went in).
Redo = Callable[[polib.POFile | None], tuple[polib.POFile | None, Any]]


def before_replace(path: Path) -> None:
    """Called when the new content is in its temporary file, before the last check and the rename.

    Does nothing.  The tests replace it to save a translator's edit at exactly that moment.
    """


def notify(message: str) -> None:
    """One line for the person running the command (stderr: stdout may be JSON)."""
    sys.stderr.write(f"l10n: {message}\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class Rewritten:
    """What :func:`rewrite_catalog` did to one file."""

    path: Path
    written: bool
    result: Any  # what the last build or redo returned with the catalog
    attempts: int  # 1 when nobody else touched the file
    data: bytes | None = None  # the bytes the file holds as far as we know (None: left alone)
    left_alone: str = ""  # why the file was not written; "" when it was, or needed no change
    converted: str = ""  # the charset note, when the file had to become UTF-8


def read_catalog(path: Path) -> tuple[polib.POFile | None, bytes | None]:
    """A catalog and the bytes it was parsed from; ``(None, None)`` when there is no file."""
    data = _read(Path(path))
    return (parse_po(path, data) if data is not None else None), data


def rewrite_catalog(
    path: Path,
    seen: bytes | None,
    catalog: polib.POFile | None,
    result: Any,
    redo: Redo,
    rerun: str,
    attempts: int = ATTEMPTS,
    encoded: tuple[bytes, str] | None = None,
) -> Rewritten:
    """Write ``catalog`` to ``path`` unless the file changed since it was read as ``seen``.

    ``seen`` is None when there was no file.  On a change, ``redo`` is applied to the new
    content and the write is tried again.  ``rerun`` is the command to suggest when the file
    is finally left alone (``l10n update``).  ``encoded``: ``catalog`` already rendered by
    :func:`pipeline.catalogs.pofiles.encode_po` (a worker process rendered it), used for the first
    attempt instead of ``catalog``, which may then be None.
    """
    path = Path(path)
    for attempt in range(1, attempts + 1):
        if encoded is not None and attempt == 1:
            data, converted = encoded
        else:
            assert catalog is not None  # None only with ``encoded``, which the first attempt uses
            data, converted = encode_po(catalog)
        if data == seen:
            return Rewritten(path, False, result, attempt, data)
        if replace_if_unchanged(path, seen, data):
            if converted:
                notify(f"note: {path}: {converted}")
            return Rewritten(path, True, result, attempt, data, converted=converted)
        # Saved by someone after we read it: make our change again on what they saved.
        seen = _read(path)
        try:
            current = parse_po(path, seen) if seen is not None else None
        except InputError as error:
            return _leave(path, result, attempt, f"was saved while l10n worked on it and now fails to read ({error.problem})", rerun)
        catalog, result = redo(current)
        if catalog is None:
            return _leave(path, result, attempt, "was deleted while l10n worked on it", rerun)
    return _leave(path, result, attempts, f"changed {attempts} times while l10n was writing it", rerun)


def _leave(path: Path, result: Any, attempts: int, why: str, rerun: str) -> Rewritten:
    notify(f"warning: {path} {why}; left as it is, without this run's changes: run `{rerun}` again once it is saved")
    return Rewritten(path, False, result, attempts, None, left_alone=why)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _identity(status: os.stat_result) -> tuple[int, ...]:
    # A rename over the file changes the inode; a write in place changes size or ctime.
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def replace_if_unchanged(path: Path, expected: bytes | None, data: bytes) -> bool:
    """Put ``data`` at ``path`` through a temporary file and a rename, only if the file still holds
    ``expected`` (None: only if it still does not exist).  False, with nothing changed, otherwise.
    """
    path = Path(path)
    try:
        return _replace_if_unchanged(path, expected, data)
    except OSError as error:
        # Like atomic_write: name the catalog, not our temporary file (or no file, for ENOSPC).
        error.filename, error.filename2 = str(path), None
        raise


def _replace_if_unchanged(path: Path, expected: bytes | None, data: bytes) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    tmp, ours = Path(name), None
    try:
        # Ours stays open until the end, like the file we check: neither inode number can be
        # given to another file while we compare them.
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), new_file_mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            ours = os.fstat(handle.fileno())
            holds, current, checked = _open_if_holds(path, expected)
            try:
                before_replace(path)
                installed = holds and _install(tmp, path, current, checked, expected, ours)
            finally:
                if current is not None:
                    current.close()
    except BaseException:
        _unlink_if_ours(tmp, ours)
        raise
    _unlink_if_ours(tmp, ours)
    return installed


def _open_if_holds(path: Path, expected: bytes | None) -> tuple[bool, BinaryIO | None, os.stat_result | None]:
    """Whether the file holds exactly ``expected`` (None: is absent); if so the file, left open, and its stat.

    Held open, its inode cannot be freed and its number given to another file before we are done.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        return expected is None, None, None
    checked = os.fstat(handle.fileno())
    same = expected is not None and handle.read() == expected
    if same and _identity(os.fstat(handle.fileno())) == _identity(checked):  # not written to while we read
        return True, handle, checked
    handle.close()
    return False, None, None


def _install(
    tmp: Path, path: Path, current: BinaryIO | None, checked: os.stat_result | None, expected: bytes | None, ours: os.stat_result
) -> bool:
    """Rename ``tmp`` over ``path`` if ``path`` is still the file we checked (None: still absent).

    With renameat2 (Linux), nothing a save put at ``path`` after our check is unlinked: the
    file is swapped with ours (RENAME_EXCHANGE), the one swapped out is checked, and a save is
    put back.  Without it, one ``stat`` before ``os.replace``: see the module docstring.
    """
    try:
        if current is None:  # no file when we read: create it only if there still is none
            if _swap(tmp, path, RENAME_NOREPLACE) is None:
                if os.path.lexists(path):
                    return False
                os.replace(tmp, path)  # the window, for a catalog someone else creates meanwhile
            return True
        assert checked is not None  # _open_if_holds gives the file and its stat together
        swapped = _swap(tmp, path, RENAME_EXCHANGE)
        if swapped is None:
            if _identity(os.stat(path)) != _identity(checked):
                return False
            os.replace(tmp, path)  # the window: a save renamed over ``path`` after the stat above is lost
            return True
    except (FileExistsError, FileNotFoundError):
        return False  # created, or deleted, since our check
    # ``tmp`` now names the file we took out of ``path``: the one we checked, or a save made since.
    current.seek(0)
    if os.path.samestat(os.stat(tmp), checked) and current.read() == expected:
        os.unlink(tmp)  # what we read, and merged: nothing of anyone's is lost
        return True
    _give_back(tmp, path, ours)
    return False


def _give_back(tmp: Path, path: Path, ours: os.stat_result) -> None:
    """Put a save we swapped out of ``path`` back; ``tmp`` then names ours, or an older save.

    If another save replaced ours in the microseconds in between, the first swap back brings
    that newer save to ``tmp``, so a second swap puts it at ``path``: the older one it
    superseded is what ``tmp`` names then, and is removed with our temporary file.
    """
    for _ in range(2):
        try:
            _swap(tmp, path, RENAME_EXCHANGE)
        except FileNotFoundError:  # the catalog was deleted in between: the save takes its place
            os.replace(tmp, path)
            return
        if os.path.samestat(os.stat(tmp), ours):
            return
    os.unlink(tmp)


def _unlink_if_ours(tmp: Path, ours: os.stat_result | None) -> None:
    """Remove our temporary file; never a save that a swap left under its name."""
    with contextlib.suppress(FileNotFoundError):
        if ours is None or os.path.samestat(os.stat(tmp), ours):
            os.unlink(tmp)


RENAME_NOREPLACE, RENAME_EXCHANGE = 1, 2  # <linux/fs.h>
_AT_FDCWD = -100


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable | None:
    """glibc's renameat2 (2.28+), or None (another system, an older C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _swap(source: Path, target: Path, flags: int) -> bool | None:
    """renameat2(``source``, ``target``, ``flags``): True when done, None when unsupported here.

    Raises FileExistsError (RENAME_NOREPLACE, ``target`` exists) and FileNotFoundError
    (RENAME_EXCHANGE, ``target`` is gone), as os.rename would.
    """
    function = _renameat2()
    if function is None:
        return None
    if function(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return None  # a kernel or file system without it (some network and FUSE file systems)
    raise OSError(code, os.strerror(code), str(target))
