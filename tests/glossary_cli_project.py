"""A project with a copy of the real glossary, and the ``l10n`` command run on it: shared by the glossary CLI tests."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}


def _registered() -> bool:
    """Whether ``l10n`` (pipeline.cli.main) imports the glossary commands itself."""
    return "glossary_commands" in (ROOT / "pipeline" / "cli" / "__init__.py").read_text(encoding="utf-8")


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    if _registered():
        command = [sys.executable, "-m", "pipeline"]
    else:  # the same entry point, with the module registered by hand until main() imports it
        command = [
            sys.executable,
            "-c",
            "import sys; sys.argv[0] = 'l10n'; import pipeline.cli.glossary_commands; from pipeline.cli import main; main()",
        ]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def snapshot(directory: Path) -> dict[str, str]:
    """Every file's hash, except the lock file `glossary import` holds while it works."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".l10n.lock"
    }


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def project(tmp_path) -> Path:
    """A project directory with a copy of the real glossary in glossary/ (the default place)."""
    shutil.copytree(GLOSSARY, tmp_path / "glossary")
    return tmp_path
