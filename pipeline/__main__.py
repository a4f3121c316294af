"""``python -m pipeline`` is the ``l10n`` command."""

from .cli import main

main()
