"""l10n pipeline: corpus → segment → check (glossary) → translate → catalog (PO) → bundle.

The package is the library; :mod:`pipeline.cli` is a thin command-line layer on top.
Nothing in the library prints.
"""

__version__ = "0.1.0"
