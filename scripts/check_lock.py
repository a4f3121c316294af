"""Fail when the environment's installed packages differ from the lock.

Usage: ``python scripts/check_lock.py requirements.lock`` (``make check-lock``; ``make test``
and so CI run it first).  Exit 0 when every package the lock names for this Python is
installed at exactly the locked version and nothing else is installed; exit 1 with one line
per difference otherwise.  A test run on other versions would prove nothing about the ones
users install.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")
#: Installed beside the lock by design: the installer itself and this project.
_NOT_LOCKED = {"pip", "l10n-pipeline"}


def locked_versions(lock: Path) -> dict[str, str]:
    """Package → version for every pin in ``lock`` whose marker holds on this interpreter."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def installed_versions() -> dict[str, str]:
    """Package → version for every distribution installed in this environment."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """One line per package that is missing, at another version, or not in the lock."""
    lines = []
    for name, version in sorted(locked.items()):
        have = installed.get(name)
        if have is None:
            lines.append(f"{name}: locked at {version}, not installed")
        elif have != version:
            lines.append(f"{name}: locked at {version}, installed {have}")
    for name in sorted(set(installed) - set(locked) - _NOT_LOCKED):
        lines.append(f"{name}: installed {installed[name]}, not in the lock")
    return lines


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    if not lock.is_file():
        print(f"check_lock: {lock}: no such file; run `make lock`", file=sys.stderr)
        return 2
    problems = differences(locked_versions(lock), installed_versions())
    for line in problems:
        print(f"check_lock: {line}", file=sys.stderr)
    if problems:
        print("check_lock: the environment differs from requirements.lock; run `make clean` then `make test`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
