"""A per-user cache of parsed inputs (``$XDG_CACHE_HOME/l10n-pipeline``), keyed by content.

Only for things that are expensive to parse and cheap to fingerprint: the English word list,
the parsed glossary.  A missing or unwritable cache only makes a run slower, never wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

from .fsutil import atomic_write


def cache_dir() -> Path:
    """The cache directory (not created until something is stored)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "l10n-pipeline"


def read_cached(name: str) -> bytes | None:
    """The bytes stored under ``name``, or None."""
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def store_cached(name: str, data: bytes) -> None:
    """Store ``data`` under ``name``; failures (read-only home) are ignored."""
    try:
        atomic_write(cache_dir() / name, data)
    except OSError:
        pass
