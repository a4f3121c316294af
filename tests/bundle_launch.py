"""``l10n bundle`` in a fresh interpreter, as a user runs it: one locale, no glossary, every document emitted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_LAUNCHER = "import sys; import pipeline.cli.bundle_commands; from pipeline.cli import main; sys.argv[0] = 'l10n'; main()"


def l10n_bundle(root: Path, locale: str, *options: str) -> subprocess.CompletedProcess:
    """``l10n bundle --corpus corpus --locales locales --no-glossary --locale LOCALE --min-complete 0 [OPTIONS]`` in ``root``."""
    command = ["bundle", "--corpus", "corpus", "--locales", "locales", "--no-glossary", "--locale", locale, "--min-complete", "0", *options]
    return subprocess.run([sys.executable, "-c", _LAUNCHER, *command], cwd=root, capture_output=True, text=True, timeout=120)
