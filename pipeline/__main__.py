"""``python -m pipeline`` is the ``l10n`` command."""

from pipeline.cli import main

main()
