"""Benchmarks of the l10n pipeline: ``python -m benchmarks`` (see benchmarks/README.md)."""
