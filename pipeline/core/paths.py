"""How paths are shown to people: relative to where the command runs, so editors and CI link them."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | Path, cwd: str | Path | None = None) -> str:
    """``path`` relative to ``cwd`` (default: the current directory), with ``/`` separators,
    when the file lies inside it; its absolute path otherwise.

    Symbolic links are tried both ways (as written, then resolved), so a temporary directory
    reached through a link (``/tmp`` → ``/private/tmp``) still gives a relative path.
    """
    base = Path(os.path.abspath(cwd if cwd is not None else os.getcwd()))
    target = Path(os.path.abspath(path))
    for root, file in ((base, target), (base.resolve(), target.resolve())):
        try:
            return file.relative_to(root).as_posix()
        except ValueError:
            continue
    return str(target)
