"""A per-user cache of parsed inputs (``$XDG_CACHE_HOME/l10n-pipeline``), keyed by content.

Only for things that are expensive to make and cheap to fingerprint: the English word list,
the parsed glossary, and a glossary's validation.  A missing or unwritable cache only makes a
run slower, never wrong.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol, cast

from pipeline.core.fsutil import TEMP_PREFIX, TEMP_SUFFIX


class Hash(Protocol):
    """What the pipeline uses of a hash object."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def _sha256_constructor() -> Callable[..., Hash]:
    """CPython's own SHA-256 (``_sha256``; ``_sha2`` from 3.12), else :func:`hashlib.sha256`.

    The same digests; importing ``hashlib`` loads OpenSSL's library, ~3 ms of every ``l10n``
    run that only hashes a few cache keys.
    """
    for name in ("_sha256", "_sha2"):
        try:
            return cast("Callable[..., Hash]", importlib.import_module(name).sha256)
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


#: ``sha256(data)``: a SHA-256 hash object, as :func:`hashlib.sha256` makes (see _sha256_constructor).
sha256 = _sha256_constructor()


def cache_dir() -> Path:
    """The cache directory (not created until something is stored)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "l10n-pipeline"


def read_cached(name: str) -> bytes | None:
    """The bytes stored under ``name``, or None."""
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def store_cached(name: str, *chunks: bytes | memoryview) -> None:
    """Store ``chunks`` (joined) under ``name``; failures (read-only home) are ignored.

    Written to a temporary file renamed into place, so a reader never sees half an entry, but
    not fsynced: an entry lost or cut short by a crash only costs the next run the time to make
    it again (every reader checks what it reads), while the fsyncs cost the first run ~15 ms.
    """
    directory = cache_dir()
    temporary = directory / f"{TEMP_PREFIX}{name[:80]}.{os.getpid()}.{os.urandom(6).hex()}{TEMP_SUFFIX}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, directory / name)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the pipeline's own source files and Babel's (names, sizes, modification times).

    A result the code computes (a glossary found valid) is cached under it, so editing or
    upgrading the pipeline, or upgrading Babel (its code and ``global.dat``; a new version
    rewrites them), never reuses an old answer.  About a hundred ``stat`` calls: a millisecond.
    """
    digest = sha256()
    package = Path(__file__).resolve().parent.parent  # the whole pipeline package
    files = []
    for folder, folders, names in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        files += [Path(folder, name) for name in names if name.endswith(".py")]
    babel = importlib.util.find_spec("babel")  # found, not imported
    if babel is not None and babel.origin:
        files += [p for p in Path(babel.origin).parent.iterdir() if p.suffix in (".py", ".dat")]
    for path in sorted(files):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def remembered(kind: str, key: str, compute: Callable[[], str]) -> str:
    """``compute()``, a text that depends on nothing but ``key`` and the code, kept in the user cache.

    For Babel's answers about a locale (its name, its plural rule): importing Babel's modules to
    ask costs more than the answer (~10 ms of a ``check`` or ``stats``), and the answer only
    changes with Babel or the pipeline, whose files :func:`code_fingerprint` covers.  An
    exception from ``compute`` is raised, not remembered.
    """
    digest = sha256((code_fingerprint() + "\0" + key).encode("utf-8", "surrogatepass")).hexdigest()
    name = f"{kind}-{digest[:24]}"
    stored = read_cached(name)
    if stored is not None and stored.endswith(b"\n"):  # whole: written with its line end
        try:
            return stored[:-1].decode("utf-8")
        except UnicodeDecodeError:
            pass
    value = compute()
    store_cached(name, value.encode("utf-8") + b"\n")
    return value
