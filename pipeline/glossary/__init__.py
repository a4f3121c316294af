"""The glossary: load and dump the YAML files, validate them, find terms in source and target text.

Public API::

    load_glossary(directory) -> Glossary          dump_glossary(glossary, directory) -> [Path]
    validate(glossary, locales=None) -> [Problem]
    SourceMatcher(glossary).find(text) -> [Match]
    TargetMatcher(glossary, locale).find(text) -> [TargetMatch]; .contains_rendering(text, term)
    source_matcher(glossary), target_matcher(glossary, locale)   (cached per glossary version)

Babel is imported only when validating.  :func:`dump_glossary` is imported when first asked for
(PEP 562): its YAML writer compiles ~20 ms of regular expressions that only the commands writing a
glossary need, and ``l10n check``/``stats`` import this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.glossary.languages import morphology_for
from pipeline.glossary.load import load_glossary
from pipeline.glossary.matcher import (
    Match,
    SourceMatcher,
    TargetMatch,
    TargetMatcher,
    source_matcher,
    target_matcher,
)
from pipeline.glossary.model import CATEGORIES, Glossary, form_line
from pipeline.glossary.validate import Problem, validate

if TYPE_CHECKING:
    from pipeline.glossary.dump import dump_glossary

__all__ = [
    "CATEGORIES",
    "Glossary",
    "Match",
    "Problem",
    "SourceMatcher",
    "TargetMatch",
    "TargetMatcher",
    "dump_glossary",
    "form_line",
    "load_glossary",
    "morphology_for",
    "source_matcher",
    "target_matcher",
    "validate",
]


def __getattr__(name: str):
    """``dump_glossary``, imported on first use (see the module docstring)."""
    if name == "dump_glossary":
        from pipeline.glossary.dump import dump_glossary

        return dump_glossary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
